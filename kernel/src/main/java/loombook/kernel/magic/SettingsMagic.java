package loombook.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

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
            int eq = word.indexOf('=');
            String name = eq < 0 ? word : word.substring(0, eq).strip();
            Setting s = Setting.named(name);
            if (s == null) {
                throw new MagicException("there is no setting " + name + "; the settings are "
                        + Setting.all().stream().map(Setting::name).collect(Collectors.joining(", ")));
            }
            if (eq < 0) {
                context.out().println(s.name() + " = " + s.get().get() + "    (" + s.meaning() + ")");
                continue;
            }
            String before = s.get().get();
            try {
                s.set().accept(word.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new MagicException(e.getMessage());
            }
            changed.add(s.name() + ": " + before + " -> " + s.get().get());
        }
        for (String c : changed) context.out().println(c);
        return null;
    }
}
