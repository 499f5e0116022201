package loombook.kernel.magic;

import java.util.List;

/**
 * {@code %threads}: the threads that cells started ({@code new Thread(...)},
 * {@code Thread.startVirtualThread(...)}, an executor) and that run cell code: not processes, so
 * neither the interrupt nor {@code %kill} reaches them; {@code %threads stop NAME} (or {@code all})
 * ends one at its next loop or call of cell code.
 */
final class ThreadsMagic implements LineMagic {
    @Override
    public String name() {
        return "threads";
    }

    @Override
    public String usage() {
        return "%threads [stop NAME|#ID|all]";
    }

    @Override
    public String help() {
        return "Lists the threads that cells started and that run cell code (threads are not processes: the interrupt "
                + "and %kill do not reach them); 'stop' ends one, or all, at its next loop or call.";
    }

    @Override
    public Object run(String args, MagicContext context) throws MagicException {
        String[] words = args.strip().split("\\s+");
        List<MagicContext.StrayThread> threads = context.strayThreads();
        if (words[0].isEmpty()) {
            if (threads.isEmpty()) {
                context.out().println("no thread started by a cell runs cell code (processes: %processes)");
                return null;
            }
            int w = Math.max(4, threads.stream().mapToInt(t -> t.name().length()).max().orElse(4));
            context.out().printf("%-" + w + "s  %-8s  %-13s  %s%n", "name", "kind", "state", "running");
            for (MagicContext.StrayThread t : threads) {
                context.out().printf("%-" + w + "s  %-8s  %-13s  %s%n", t.name(), t.kind(), t.state(), t.where());
            }
            context.out().println("%threads stop NAME (or all) ends one at its next loop or call of cell code");
            return null;
        }
        if (!words[0].equals("stop") || words.length != 2) {
            throw new MagicException("usage: " + usage());
        }
        List<String> names = words[1].equals("all") ? threads.stream().map(MagicContext.StrayThread::name).toList() : List.of(words[1]);
        if (names.isEmpty()) context.out().println("no thread started by a cell runs cell code");
        boolean all = words[1].equals("all");
        for (String name : names) {
            boolean ended;
            try {
                ended = context.stopStrayThread(name);
            } catch (MagicException gone) {
                if (!all) throw gone;
                context.out().println(name + " had ended by itself");     // between the list and its turn
                continue;
            }
            context.out().println(ended ? "stopped " + name
                    : name + " has not ended within a second: it catches every error, or waits outside cell code; "
                      + "it will be stopped again at each loop or call of cell code it runs");
        }
        return null;
    }
}
