package loombook.kernel.notebook;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessInfo;

/**
 * The processes linked to the notebook's process, and those linked to them in turn, remembered
 * before and after every cell: when the notebook process dies (a failed {@code GenServer.call}
 * exits its caller, as in IEx), every process linked to it dies too, and the cell says which:
 * pids, names, behaviours, the cell that started them.
 *
 * <p>Thread-safe: the cell thread remembers, any thread asks.
 */
final class HostLinks {
    /** How many linked processes are remembered: a notebook linked to thousands is told in a count. */
    static final int MAX = 200;

    /**
     * A process linked, directly or through others, to the notebook's process.
     *
     * @param process who it is
     * @param direct whether it was linked to the notebook process itself
     */
    record Linked(ProcessLabel process, boolean direct) {
        Pid pid() {
            return process.pid();
        }

        @Override
        public String toString() {
            return process.toString();
        }
    }

    private volatile Map<Pid, Linked> known = Map.of();

    /** Remembers what is linked to {@code host} now (the links of its links too, up to {@link #MAX}). */
    void remember(Pid host) {
        Map<Pid, Linked> found = new LinkedHashMap<>();
        ProcessInfo hostInfo = Process.info(host);
        if (hostInfo == null || hostInfo.links().isEmpty()) {
            known = Map.of();
            return;
        }
        Deque<Pid> todo = new ArrayDeque<>(hostInfo.links());
        List<Pid> direct = hostInfo.links();
        while (!todo.isEmpty() && found.size() < MAX) {
            Pid p = todo.poll();
            if (p.equals(host) || found.containsKey(p)) continue;
            ProcessInfo i = Process.info(p);
            if (i == null) continue;
            found.put(p, new Linked(ProcessLabel.of(i), direct.contains(p)));
            todo.addAll(i.links());
        }
        known = found;
    }

    /** Whether anything was linked when last remembered. */
    boolean any() {
        return !known.isEmpty();
    }

    /**
     * The remembered processes that are dead, waiting up to {@code millis} for the ones linked to
     * the notebook process to be (a supervisor first stops its children, which takes a moment).
     */
    List<Linked> dead(long millis) {
        Map<Pid, Linked> k = known;
        if (k.isEmpty()) return List.of();
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline && k.values().stream().anyMatch(l -> l.direct() && Process.alive(l.pid()))) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<Linked> out = new ArrayList<>();
        for (Linked l : k.values()) if (!Process.alive(l.pid())) out.add(l);
        known = Map.of();
        return out;
    }
}
