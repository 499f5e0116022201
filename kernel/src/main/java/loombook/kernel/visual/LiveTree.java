package loombook.kernel.visual;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import loombook.Pid;
import loombook.Process;

/**
 * A supervision tree that redraws itself in place while the supervisor works: kill a child and
 * watch it come back with a new pid, outlined in green, with how often it was restarted and the
 * pid it had before; a line under the tree says what changed and when.
 * {@link Visuals#liveSupervisionTree} makes one.
 *
 * <pre>{@code
 * Pid sup = Supervisor.start(List.of(ChildSpec.worker("worker", () -> spawnLink(() -> receive()))),
 *     Supervisor.ONE_FOR_ONE);
 * var tree = liveSupervisionTree(sup);
 * exit(Supervisor.whichChildren(sup).get(0).pid(), Reason.KILL);   // the box turns green, with a new pid
 * // later: tree.stop();
 * }</pre>
 */
public final class LiveTree extends LiveView<LiveTree> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final long FRESH_NANOS = 4_000_000_000L;
    private static final int LOG_LINES = 6;
    private static final String LIVE = "live";
    private static final String ENDED = "the supervisor has ended";

    private final Pid supervisor;
    private final Map<String, Pid> pids = new HashMap<>();
    private final Map<String, Integer> restarts = new HashMap<>();
    private final Map<String, Pid> was = new HashMap<>();
    private final Map<String, Long> changedAt = new HashMap<>();
    private final List<String> log = new ArrayList<>();
    private boolean gone;
    private SupervisionTree last;

    LiveTree(Object supervisor, long everyMillis, long forMillis) {
        super("liveSupervisionTree", "live tree", everyMillis, forMillis);
        this.supervisor = SupervisionTree.whereis(supervisor, "liveSupervisionTree");
        show();
    }

    /** Redrawn while the supervisor lives; once more when it ends, saying so; then nothing new. */
    @Override
    synchronized SupervisionTree picture(String ending) {
        if (ending != null) return snapshot(ending);
        if (gone) return null;
        if (!Process.alive(supervisor)) {
            gone = true;
            note(ENDED);
            return snapshot(ENDED);
        }
        return snapshot(LIVE);
    }

    private SupervisionTree snapshot(String status) {
        SupervisionTree raw;
        if (Process.alive(supervisor)) {
            try {
                raw = helper.call(() -> SupervisionTree.of(supervisor));
            } catch (Exception e) {
                raw = last;
            }
        } else {
            raw = last;
        }
        if (raw == null) {
            raw = SupervisionTree.withLinks(new SupervisionTree.Node("root", null, null, null, "supervisor", true, null, null, List.of()),
                    Map.of(), List.of(), status);
        }
        long now = System.nanoTime();
        Map<String, SupervisionTree.Mark> marks = new HashMap<>();
        for (SupervisionTree.Node n : raw.nodes()) {
            Pid before = pids.get(n.key());
            Pid after = n.pid();
            if (pids.containsKey(n.key()) && !java.util.Objects.equals(before, after)) {
                if (after == null) {
                    note(n.title() + " is not running (its supervisor restarts it)");
                } else {
                    restarts.merge(n.key(), 1, Integer::sum);
                    if (before != null) was.put(n.key(), before);
                    changedAt.put(n.key(), now);
                    note(n.title() + " restarted: " + (before == null ? "" : SequenceDiagram.shortPid(before) + " → ") + SequenceDiagram.shortPid(after));
                }
            }
            pids.put(n.key(), after);
            int r = restarts.getOrDefault(n.key(), 0);
            Long at = changedAt.get(n.key());
            if (r > 0) marks.put(n.key(), new SupervisionTree.Mark(r, was.get(n.key()), at != null && now - at < FRESH_NANOS));
        }
        String shown = LIVE.equals(status) ? "live, " + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) : status;
        SupervisionTree t = new SupervisionTree(raw.root(), raw.links(), raw.outside(), marks, List.copyOf(log), shown);
        last = t;
        return remember(t);
    }

    private void note(String what) {
        log.add(LocalTime.now().format(TIME) + "  " + what);
        if (log.size() > LOG_LINES) log.remove(0);
    }
}
