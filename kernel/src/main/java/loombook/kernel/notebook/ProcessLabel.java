package loombook.kernel.notebook;

import java.util.ArrayList;
import java.util.List;
import loombook.Pid;
import loombook.ProcessInfo;

/**
 * A process as a note under a cell names it: its pid, registered name, behaviour or label, and the
 * cell that started it, remembered while it was alive.
 *
 * <pre>{@code
 * ProcessLabel.of(info(counter)).toString();   // #PID<0.42.0> "counter" (Counter, started in Cell In[4])
 * }</pre>
 *
 * @param pid the process
 * @param name its registered name, or null
 * @param what its behaviour or label ({@code Counter}, {@code Supervisor}), or null
 * @param cell the cell that started it ({@code Cell In[4]}), or null
 */
record ProcessLabel(Pid pid, String name, String what, String cell) {
    /** The label of the process {@code i} describes. */
    static ProcessLabel of(ProcessInfo i) {
        String gl = i.groupLeader() == null ? "" : i.groupLeader().toString();
        return new ProcessLabel(i.pid(), i.registeredName(), i.label() == null ? null : String.valueOf(i.label()),
                gl.startsWith("Cell In[") ? gl : null);
    }

    /** {@code #PID<0.42.0> "counter" (Counter, started in Cell In[4])}. */
    @Override
    public String toString() {
        List<String> about = new ArrayList<>();
        if (what != null) about.add(what);
        if (cell != null) about.add("started in " + cell);
        return pid + (name == null ? "" : " \"" + name + "\"") + (about.isEmpty() ? "" : " (" + String.join(", ", about) + ")");
    }
}
