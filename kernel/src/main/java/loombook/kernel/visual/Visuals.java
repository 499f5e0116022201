package loombook.kernel.visual;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import loombook.Clauses;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessInfo;
import loombook.kernel.display.Display;

/**
 * Seeing processes, from a cell: every notebook imports these methods.
 *
 * <ul>
 *   <li>{@link #trace(Runnable) trace(() -> ...)}: a message sequence diagram of what a block of
 *       code did between the processes it touched (also the {@code %%trace} cell magic, and
 *       {@link #startTrace()} for a trace over several cells);</li>
 *   <li>{@link #liveProcesses()}: the process table, refreshed in place (also
 *       {@code %processes --live}); {@link #processTable()} for one snapshot;</li>
 *   <li>{@link #supervisionTree(Object)} and {@link #liveSupervisionTree(Object)}: a supervisor and
 *       its children, drawn;</li>
 *   <li>{@link #saveQueue(Clauses)}: one selective receive, step by step;</li>
 *   <li>{@link #replay(loombook.Exploration)}: the failing schedule of a {@code Races.explore}, step by step;</li>
 *   <li>{@link #liveSchedulers()} and {@link #schedulerChart()}: how busy each scheduler (core) is;</li>
 *   <li>{@link #progress(String, long)}: a progress bar for long work.</li>
 * </ul>
 *
 * <p>Everything renders as SVG or HTML with a plain-text fallback: no JavaScript, nothing from the
 * network, the same in classic Notebook, JupyterLab, VS Code and exported HTML.
 */
public final class Visuals {
    /** How long a live view runs unless told otherwise: a minute. */
    public static final long DEFAULT_LIVE_MILLIS = 60_000;

    private Visuals() {}

    // ------------------------------------------------------------------ sequence diagrams

    /**
     * Runs {@code block} and returns the message sequence diagram of what it did: the processes it
     * spawned, the cell's process, and those they sent to or received from, with sends, receives,
     * calls and replies, casts, DOWN and EXIT signals, spawns and exits. It waits a moment after
     * the block for what is still on its way (a reply, a crash), at most 0.3 s.
     *
     * <pre>{@code
     * record Ping(Pid from) {}
     * Pid ponger = spawn(() -> {
     *     var ping = (Ping) receive();
     *     send(ping.from(), "pong");
     * });
     * trace(() -> {
     *     send(ponger, new Ping(self()));
     *     receive();
     * })
     * }</pre>
     *
     * <p>If the block throws, the diagram of what happened until then is displayed and the
     * exception goes on.
     */
    public static SequenceDiagram trace(Runnable block) {
        Objects.requireNonNull(block, "trace: the block must not be null");
        Trace t = Trace.start();
        try {
            block.run();
        } catch (RuntimeException | Error e) {
            SequenceDiagram d = t.stop(100).note("The traced code threw " + Messages.reason(e) + "; this is what happened until then.");
            showIfInNotebook(d);
            throw e;
        }
        return t.stop();
    }

    /**
     * Starts a trace that runs until its {@link Trace#stop()}: for a sequence that spans cells.
     *
     * <pre>{@code
     * var t = startTrace();
     * // ... this cell and the next ones ...
     * t.stop()
     * }</pre>
     */
    public static Trace startTrace() {
        return Trace.start();
    }

    // ------------------------------------------------------------------ races

    /**
     * A step-by-step replay of the failing schedule that {@code exploration} found: each
     * {@link Replay#step()} shows the next step, the diagram so far and every mailbox.
     *
     * <pre>{@code
     * java.util.function.Supplier<String> firstOfTwo = () -> {
     *     Pid me = self();
     *     spawn(() -> send(me, "one"));
     *     spawn(() -> send(me, "two"));
     *     return receive(String.class);
     * };
     * var found = Races.explore(firstOfTwo, first -> first.equals("one"));
     * var r = replay(found);
     * r.step()
     * }</pre>
     */
    public static Replay replay(loombook.Exploration exploration) {
        return Replay.of(exploration);
    }

    /**
     * A step-by-step replay of {@code schedule} (one found, or run again with {@code Races.replay}).
     *
     * <pre>{@code
     * String trace = found.failure().get().trace();           // printed by an earlier cell, say
     * var again = replay(Races.replay(trace, firstOfTwo, first -> first.equals("one")));
     * again.toEnd()
     * }</pre>
     */
    public static Replay replay(loombook.Schedule schedule) {
        return Replay.of(schedule);
    }

    // ------------------------------------------------------------------ process tables

    /**
     * The live processes now, as a table: pid, registered name, behaviour, status, mailbox,
     * memory, reductions, and the first messages waiting.
     *
     * <pre>{@code
     * processTable().sortBy("mailbox")
     * }</pre>
     */
    public static ProcessView processTable() {
        List<ProcessInfo> infos = new java.util.ArrayList<>();
        for (Pid p : Process.processes()) {
            if (Trace.INTERNAL.contains(p)) continue;
            ProcessInfo i = Process.info(p);
            if (i != null) infos.add(i);
        }
        return ProcessView.of(infos, "pid", ProcessView.DEFAULT_LIMIT, null, 0, null, null);
    }

    /**
     * Shows the process table and refreshes it in place every second for a minute (or until
     * {@link LiveTable#stop()}), also after this cell has finished.
     *
     * <pre>{@code
     * var live = liveProcesses();
     * Pid p = spawn(() -> { for (int i = 0; i < 5; i++) { sleep(1000); } });
     * // watch it run, then end
     * }</pre>
     */
    public static LiveTable liveProcesses() {
        return new LiveTable(1000, DEFAULT_LIVE_MILLIS);
    }

    /**
     * As {@link #liveProcesses()}, refreshing every {@code everyMillis} for at most {@code forMillis}.
     *
     * <pre>{@code
     * try (var t = liveProcesses(250, 30_000)) {    // while this cell works
     *     Task.asyncStream(List.of(1, 2, 3), x -> { sleep(1000); return x; }).toList();
     * }
     * }</pre>
     */
    public static LiveTable liveProcesses(long everyMillis, long forMillis) {
        return new LiveTable(everyMillis, forMillis);
    }

    // ------------------------------------------------------------------ supervision trees

    /**
     * The supervision tree of {@code supervisor} (a pid or a name) now: supervisors and workers,
     * supervision edges, and the other links dotted.
     *
     * <pre>{@code
     * Pid sup = Supervisor.start(List.of(
     *         ChildSpec.worker("a", () -> spawnLink(() -> receive())),
     *         ChildSpec.worker("b", () -> spawnLink(() -> receive()))),
     *     Supervisor.ONE_FOR_ONE);
     * supervisionTree(sup)
     * }</pre>
     */
    public static SupervisionTree supervisionTree(Object supervisor) {
        return SupervisionTree.of(supervisor);
    }

    /**
     * Shows the supervision tree and redraws it in place four times a second for a minute (or
     * until {@link LiveTree#stop()}): a killed child comes back with a new pid, outlined in green.
     *
     * <pre>{@code
     * var tree = liveSupervisionTree(sup);
     * }</pre>
     * <pre>{@code
     * exit(Supervisor.whichChildren(sup).get(0).pid(), Reason.KILL);   // in the next cell: watch it come back
     * }</pre>
     */
    public static LiveTree liveSupervisionTree(Object supervisor) {
        return new LiveTree(supervisor, 250, DEFAULT_LIVE_MILLIS);
    }

    /** As {@link #liveSupervisionTree(Object)}, redrawing every {@code everyMillis} for at most {@code forMillis}. */
    public static LiveTree liveSupervisionTree(Object supervisor, long everyMillis, long forMillis) {
        return new LiveTree(supervisor, everyMillis, forMillis);
    }

    // ------------------------------------------------------------------ schedulers

    /**
     * How busy each of the runtime's schedulers (one per core) was over the last 100 ms: a bar per
     * scheduler, and how many processes wait in its run queue. The calling process sleeps meanwhile.
     *
     * <pre>{@code
     * schedulerChart()
     * }</pre>
     */
    public static SchedulerChart schedulerChart() {
        return SchedulerChart.measure(100);
    }

    /**
     * As {@link #schedulerChart()}, measured over {@code millis} ms.
     *
     * <pre>{@code
     * spawn(() -> { long n = 0; for (long k = 0; k < 200_000_000L; k++) n += k; });
     * schedulerChart(500)      // one scheduler busy while the loop runs
     * }</pre>
     */
    public static SchedulerChart schedulerChart(long millis) {
        if (millis < 1) throw new IllegalArgumentException("schedulerChart: measure for 1 ms or more, not " + millis);
        return SchedulerChart.measure(millis);
    }

    /**
     * Shows how busy each scheduler is, redrawn in place four times a second for a minute (or until
     * {@link LiveSchedulers#stop()}), also while later cells run: keep it open while a parallel map
     * works and watch the cores fill.
     *
     * <pre>{@code
     * var load = liveSchedulers();
     * Task.asyncStream(List.of(1, 2, 3, 4), i -> { long s = 0; for (long k = 0; k < 200_000_000L; k++) s += k ^ i; return s; }).toList();
     * }</pre>
     */
    public static LiveSchedulers liveSchedulers() {
        return new LiveSchedulers(250, DEFAULT_LIVE_MILLIS);
    }

    /**
     * As {@link #liveSchedulers()}, redrawing every {@code everyMillis} for at most {@code forMillis}.
     *
     * <pre>{@code
     * try (var load = liveSchedulers(100, 30_000)) {       // while this cell works
     *     sleep(500);
     * }
     * }</pre>
     */
    public static LiveSchedulers liveSchedulers(long everyMillis, long forMillis) {
        return new LiveSchedulers(everyMillis, forMillis);
    }

    // ------------------------------------------------------------------ the save queue

    /**
     * A selective receive on this process's mailbox, as {@code receive(clauses)} (it waits until
     * a message matches), recorded step by step: which messages it looked at and saved, which it
     * took, and which it never looked at. The result shows as a picture; {@code result()} is what
     * the matching clause returned.
     *
     * <pre>{@code
     * for (String m : List.of("A", "B", "C", "D")) send(self(), m);
     * saveQueue(m -> m.equals("C") ? "handled C" : null)    // A and B saved, C taken, D untouched
     * }</pre>
     */
    public static <R> SaveQueue<R> saveQueue(Clauses<R> clauses) {
        return SaveQueue.receive(clauses, Process.INFINITY);
    }

    /**
     * As {@link #saveQueue(Clauses)}, giving up after {@code afterMillis} (0: only the messages
     * already there), as {@code receive(clauses, afterMillis, () -> null)}.
     *
     * <pre>{@code
     * saveQueue(m -> m instanceof Integer i ? i : null, 0)    // nothing matches: all saved, then back
     * }</pre>
     */
    public static <R> SaveQueue<R> saveQueue(Clauses<R> clauses, long afterMillis) {
        return SaveQueue.receive(clauses, afterMillis);
    }

    /**
     * Plays a selective receive on a list of messages, without receiving anything: for seeing
     * what a set of clauses would do to a mailbox.
     *
     * <pre>{@code
     * saveQueue(List.of("A", "B", "C", "D"), m -> m.equals("C") ? "handled C" : null)
     * }</pre>
     */
    public static <R> SaveQueue<R> saveQueue(List<?> mailbox, Clauses<R> clauses) {
        return SaveQueue.simulate(mailbox, clauses);
    }

    // ------------------------------------------------------------------ progress

    /**
     * Shows a progress bar for {@code total} items (0 when not known), updated in place as
     * {@link Progress#step()} is called from any process; it finishes itself at the total.
     *
     * <pre>{@code
     * var bar = progress(100);
     * for (int i = 0; i < 100; i++) { sleep(20); bar.step(); }
     * }</pre>
     */
    public static Progress progress(long total) {
        return new Progress("", total);
    }

    /**
     * As {@link #progress(long)}, with a label.
     *
     * <pre>{@code
     * var items = List.of(1, 2, 3, 4, 5);
     * var bar = progress("squares", items.size());
     * Task.asyncStream(items, x -> { sleep(100); bar.step(); return x * x; }).toList();
     * }</pre>
     */
    public static Progress progress(String label, long total) {
        return new Progress(label, total);
    }

    /**
     * {@code stream} with a progress bar that steps for each element that goes through it, for
     * {@code total} elements, such as the results of {@code Task.asyncStream}.
     *
     * <pre>{@code
     * var items = List.of(1, 2, 3, 4, 5);
     * var results = progress(Task.asyncStream(items, x -> { sleep(100); return x * x; }), items.size()).toList();
     * }</pre>
     */
    public static <T> Stream<T> progress(Stream<T> stream, long total) {
        Progress p = new Progress("", total);
        return stream.peek(x -> p.step()).onClose(p::done);
    }

    /**
     * {@code items}, with a progress bar that steps as a for-each loop goes through them.
     *
     * <pre>{@code
     * for (var word : progress(List.of("one", "two", "three"))) { sleep(300); }
     * }</pre>
     */
    public static <T> Iterable<T> progress(Collection<T> items) {
        Progress p = new Progress("", items.size());
        return () -> new Iterator<T>() {
            private final Iterator<T> it = items.iterator();
            private boolean pending;        // an item handed out and not counted yet

            @Override
            public boolean hasNext() {
                boolean more = it.hasNext();
                if (!more) {
                    if (pending) p.step();
                    pending = false;
                    p.done();
                }
                return more;
            }

            @Override
            public T next() {
                if (pending) p.step();      // the loop came back: the previous item is done
                T t = it.next();
                pending = true;
                return t;
            }
        };
    }

    private static void showIfInNotebook(Object value) {
        try {
            Display.display(value);
        } catch (IllegalStateException notInANotebook) {
            // a plain program: the exception says enough
        }
    }
}
