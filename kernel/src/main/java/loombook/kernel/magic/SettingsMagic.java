package loombook.kernel.magic;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code %settings}: the runtime's budget and limits and the kernel's own settings, listed with their
 * values, one shown, or changed ({@code %settings reductionBudget=2000 processLimit=100000}). The
 * runtime's are the same values as {@code Node.reductionBudget()} and its siblings in cells.
 */
final class SettingsMagic implements LineMagic {
    @Override
    public String name() {
        return "settings";
    }

    @Override
    public String usage() {
        return "%settings [NAME | NAME=VALUE ...]";
    }

    @Override
    public String help() {
        return "Lists the runtime's and the kernel's settings (reduction budget, time slices, process and stack limits, "
                + "mailbox warning, sharing policy, memory watchdog) with their values; with NAME, shows one; with "
                + "NAME=VALUE, changes it. The runtime's are also Node.reductionBudget() and the like in a cell.";
    }

    @Override
    public Object run(String args, MagicContext context) throws MagicException {
        String a = args.strip();
        if (a.isEmpty()) {
            int width = Setting.all().stream().mapToInt(s -> s.name().length()).max().orElse(10);
            for (Setting s : Setting.all()) {
                context.out().printf("%-" + width + "s  %-9s  %s%n", s.name(), s.get().get(), s.meaning());
            }
            return null;
        }
        List<String> changed = new ArrayList<>();
        for (String word : a.split("\\s+")) {
            if (word.indexOf('=') < 0) {
                Setting s = Setting.named(word);
                if (s == null) throw new MagicException(Setting.noSuchSetting(word));
                context.out().println(s.name() + " = " + s.get().get() + "    (" + s.meaning() + ")");
                continue;
            }
            try {
                changed.add(Setting.change(word));
            } catch (IllegalArgumentException e) {
                throw new MagicException(e.getMessage());
            }
        }
        for (String c : changed) context.out().println(c);
        return null;
    }
}
