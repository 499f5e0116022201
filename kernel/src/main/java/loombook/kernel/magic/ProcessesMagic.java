package loombook.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessInfo;
import loombook.kernel.display.ProcessTable;

/** {@code %processes}: a table of the live processes, with status, mailbox length, reductions, memory and links. */
final class ProcessesMagic implements LineMagic {
    @Override
    public String name() {
        return "processes";
    }

    @Override
    public String usage() {
        return "%processes";
    }

    @Override
    public String help() {
        return "Shows a table of the live processes (status, mailbox, reductions, memory, links).";
    }

    @Override
    public Object run(String args, MagicContext context) {
        List<ProcessInfo> rows = new ArrayList<>();
        for (Pid p : Process.processes()) {
            ProcessInfo i = Process.info(p);
            if (i != null) rows.add(i);
        }
        return new ProcessTable(rows);
    }
}
