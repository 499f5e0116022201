package loombook.kernel.visual;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import loombook.Pid;
import loombook.Process;
import loombook.kernel.display.Display;
import loombook.kernel.display.DisplayHandle;
import loombook.kernel.display.MimeBundle;

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
public final class LiveTree extends Visual implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final long FRESH_NANOS = 4_000_000_000L;
    private static final int LOG_LINES = 6;

    private final Pid supervisor;
    private final Helper helper;
    private final DisplayHandle handle;
    private final Ticker ticker;
    private final Map<String, Pid> pids = new HashMap<>();
    private final Map<String, Integer> restarts = new HashMap<>();
    private final Map<String, Pid> was = new HashMap<>();
    private final Map<String, Long> changedAt = new HashMap<>();
    private final List<String> log = new ArrayList<>();
    private SupervisionTree last;

    LiveTree(Object supervisor, long everyMillis, long forMillis) {
        if (everyMillis < 50) throw new IllegalArgumentException("liveSupervisionTree: refresh every 50 ms or more, not " + everyMillis);
        if (forMillis <= 0) throw new IllegalArgumentException("liveSupervisionTree: the time to run must be positive, not " + forMillis);
        this.supervisor = SupervisionTree.whereis(supervisor, "liveSupervisionTree");
        this.helper = new Helper("live tree", Process.groupLeader());
        this.ticker = new Ticker("loombook-live-tree", everyMillis, forMillis, new Ticker.View() {
            private boolean gone;

            @Override
            public void tick() {
                if (gone) return;
                if (!Process.alive(LiveTree.this.supervisor)) {
                    gone = true;
                    note("the supervisor has ended");
                    handle.update(snapshot("the supervisor has ended"));
                    return;
                }
                handle.update(snapshot("live"));
            }

            @Override
            public void last(boolean timeUp) {
                try {
                    handle.update(snapshot(timeUp ? "stopped after its time" : "stopped"));
                } finally {
                    helper.close();
                }
            }
        });
        this.handle = Display.display(snapshot("live"));
        ticker.start();
    }

    /** Redraws it now (its own thread does it, at once), and returns it. */
    public LiveTree refresh() {
        ticker.poke();
        return this;
    }

    /** Stops redrawing; the last picture stays, marked stopped. */
    public void stop() {
        ticker.finish();
    }

    @Override
    public void close() {
        stop();
    }

    /** Whether it still redraws. */
    public boolean running() {
        return !ticker.finished();
    }

    private synchronized SupervisionTree snapshot(String status) {
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
        String shown = "live".equals(status) ? "live, " + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) : status;
        SupervisionTree t = new SupervisionTree(raw.root(), raw.links(), raw.outside(), marks, List.copyOf(log), shown);
        last = t;
        return t;
    }

    private void note(String what) {
        log.add(LocalTime.now().format(TIME) + "  " + what);
        if (log.size() > LOG_LINES) log.remove(0);
    }

    /** The last picture, as text. */
    @Override
    public String text() {
        SupervisionTree t = last;
        return t == null ? "live supervision tree" : t.text();
    }

    /** Nothing: the tree shows itself where it was made. */
    @Override
    public MimeBundle toMimeBundle() {
        return null;
    }
}
