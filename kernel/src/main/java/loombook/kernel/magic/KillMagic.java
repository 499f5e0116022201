package loombook.kernel.magic;

import loombook.Pid;
import loombook.Process;
import loombook.Reason;

/** {@code %kill PID ...}: kills processes by number ({@code 42}), pid ({@code #PID<0.42.0>}) or registered name. */
final class KillMagic implements LineMagic {
    @Override
    public String name() {
        return "kill";
    }

    @Override
    public String usage() {
        return "%kill 42 | #PID<0.42.0> | name ...";
    }

    @Override
    public String help() {
        return "Kills processes (an untrappable kill), by number, pid or registered name.";
    }

    @Override
    public Object run(String args, MagicContext context) throws MagicException {
        if (args.isBlank()) throw new MagicException("usage: " + usage() + "; %processes lists them, %restart_runtime kills them all");
        for (String word : args.strip().split("[\\s,]+")) {
            Pid pid = find(word);
            if (pid == null) throw new MagicException("no live process " + word + " (%processes lists them)");
            Process.exit(pid, Reason.KILL);
            context.out().println("killed " + pid);
        }
        return null;
    }

    private static Pid find(String word) {
        String number = word.replaceFirst("^#PID<0\\.(\\d+)\\.0>$", "$1");
        if (number.matches("\\d+")) {
            long id = Long.parseLong(number);
            for (Pid p : Process.processes()) if (p.id() == id) return p;
            return null;
        }
        return Process.whereis(word);
    }
}
