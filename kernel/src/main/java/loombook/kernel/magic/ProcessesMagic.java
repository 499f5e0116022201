package loombook.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessInfo;
import loombook.kernel.display.ProcessTable;
import loombook.kernel.visual.Trace;

/**
 * {@code %processes}: a table of the live processes, with status, mailbox length, reductions, memory
 * and links; {@code %processes --live [seconds]} shows one that refreshes itself in place.
 */
final class ProcessesMagic implements LineMagic {
    @Override
    public String name() {
        return "processes";
    }

    @Override
    public String usage() {
        return "%processes [--live [SECONDS]]";
    }

    @Override
    public String help() {
        return "Shows a table of the live processes (status, mailbox, reductions, memory, links). With --live, a table "
                + "that refreshes itself every second for SECONDS (60 by default), also after the cell has finished.";
    }

    @Override
    public Object run(String args, MagicContext context) throws MagicException {
        String[] words = args.trim().split("\\s+");
        if (words[0].equals("--live")) {
            long seconds = 60;
            if (words.length > 1) {
                try {
                    seconds = Long.parseLong(words[1]);
                } catch (NumberFormatException e) {
                    throw new MagicException("--live takes a number of seconds, not '" + words[1] + "'; usage: " + usage());
                }
                if (seconds < 1) throw new MagicException("--live takes at least 1 second; usage: " + usage());
            }
            // run as the cell's code, so that the refresher belongs to this cell (its updates land here later too)
            context.evaluate("loombook.kernel.visual.Visuals.liveProcesses(1000, " + seconds * 1000 + "L);", 1);
            return null;
        }
        if (!words[0].isEmpty()) throw new MagicException("unknown option '" + words[0] + "'; usage: " + usage());
        List<ProcessInfo> rows = new ArrayList<>();
        for (Pid p : Process.processes()) {
            if (Trace.isInternal(p)) continue;      // the live views' own helpers
            ProcessInfo i = Process.info(p);
            if (i != null) rows.add(i);
        }
        int threads = context.strayThreads().size();
        if (threads > 0) {
            context.out().println(threads + (threads == 1 ? " thread" : " threads") + " that cells started also run cell code "
                    + "(not processes: the interrupt and %kill do not reach them): %threads lists them, %threads stop all ends them");
        }
        return new ProcessTable(rows);
    }
}
