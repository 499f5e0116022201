package loombook.kernel.notebook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import loombook.GroupLeader;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessInfo;

/**
 * Cells run again while processes of their earlier run still print. JupyterLab, Notebook 7 and VS
 * Code stop listening to a cell's earlier request when it is run again, so what those processes
 * print later would be dropped without a word. Instead, the earlier run's output follows the cell
 * (its group leader forwards to the new run's), and the new run says which processes are still
 * alive. Cells are known by the {@code cellId} those frontends send; without one (classic Notebook
 * 6) a run is on its own.
 *
 * <pre>{@code
 * // In[3]: spawn(() -> { while (true) { System.out.println("tick"); sleep(1000); } });
 * // In[4], the same cell run again:
 * note: 1 process started by the previous run of this cell is still alive: #PID<0.42.0> (started in Cell In[3]).
 * What it prints from now on appears here; %kill 42 stops it.
 * }</pre>
 */
final class Reruns {
    /** How many processes a re-run looks at, at most. */
    static final int MAX_SCANNED = 20_000;

    private final Map<String, CellGroupLeader> lastRun = new ConcurrentHashMap<>();

    /**
     * The cell {@code cellId} starts running as {@code run}: forwards the output of its earlier runs
     * to it, and says under it which of their processes are alive ({@code notebook}, the notebook's
     * own process, is not one of them).
     */
    void ran(String cellId, CellGroupLeader run, Pid notebook) {
        CellGroupLeader previous = lastRun.put(cellId, run);
        if (previous == null) return;
        previous.runAgainAs(run);
        List<ProcessLabel> alive = new ArrayList<>();
        int scanned = 0;
        for (Pid p : Process.processes()) {
            if (p.equals(notebook) || ++scanned > MAX_SCANNED) continue;
            ProcessInfo i = Process.info(p);
            GroupLeader gl = i == null ? null : i.groupLeader();
            if (gl instanceof CellGroupLeader c && c != run && c.writesTo(run)) alive.add(ProcessLabel.of(i));
        }
        if (alive.isEmpty()) return;
        boolean one = alive.size() == 1;
        List<String> shown = alive.stream().limit(10).map(ProcessLabel::toString).toList();
        run.err().println("note: " + (one ? "1 process" : alive.size() + " processes") + " started by the previous run of this cell "
                + (one ? "is" : "are") + " still alive: " + String.join(", ", shown)
                + (alive.size() > shown.size() ? " and " + (alive.size() - shown.size()) + " more" : "") + ". What "
                + (one ? "it prints" : "they print") + " from now on appears here; %kill " + alive.getFirst().pid().id()
                + (one ? " stops it." : " stops one, %restart_runtime all of them."));
    }
}
