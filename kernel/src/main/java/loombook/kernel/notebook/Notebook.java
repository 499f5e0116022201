package loombook.kernel.notebook;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import loombook.GroupLeader;
import loombook.Node;
import loombook.Pid;
import loombook.Reductions;
import loombook.kernel.display.Display;
import loombook.kernel.display.Renderers;
import loombook.kernel.eval.CellClasses;
import loombook.kernel.eval.CellFrames;
import loombook.kernel.eval.Evaluator;
import loombook.kernel.eval.WovenCheck;
import loombook.kernel.magic.BuiltinMagics;
import loombook.kernel.magic.Magics;
import loombook.kernel.magic.Setting;

/**
 * The notebook: Java evaluation joined to the runtime. It runs cells as the notebook's process
 * (so {@code self()} and its mailbox live across cells), makes each cell the group leader of what
 * it spawns (so output lands under the cell that owns it), routes {@code System.out/err/in}, runs
 * magics, renders values, and turns errors into what a learner can read.
 *
 * <p>Construction is quick: JShell starts on a background thread (and warms up), and the first
 * cell waits for it. One cell runs at a time; {@link #interrupt()} may come from any thread.
 */
public final class Notebook implements AutoCloseable {
    /** Snippets run (and forgotten) before the first cell, so that the first cell is quick. */
    static final List<String> WARM_UP = List.of(
            "1 + 1",
            "int $warm = 40 + 2;",
            "String $warmF(int n) { return \"n\" + n; }",
            "$warmF($warm)",
            "record $WarmR(int a, String b) {}",
            "new $WarmR(1, \"x\")",
            "for (int $i = 0; $i < 3; $i++) { $warm += $i; }",
            "List.of(1, 2, 3).stream().map(x -> x * 2).toList()",
            "Pid $warmP = spawn(() -> receive(m -> m));",
            "send($warmP, \"warm\");",
            "int $warmBad = \"x\";");

    private final PrintStream log;
    private final OutputRouter router;
    private final NotebookHost host;
    private final Magics magics = BuiltinMagics.create();
    private final CodeHelp help = new CodeHelp(magics, () -> evaluator().questions());
    private final Tracebacks tracebacks;
    private final Path workingDirectory;
    private final CompletableFuture<Evaluator> evaluator;
    private final CellGroupLeader warmUpLeader;
    private final Object runLock = new Object();
    private final HeapTrimmer heap = new HeapTrimmer();
    private final HostLinks links = new HostLinks();
    private final Redefinitions redefinitions = new Redefinitions(this::classesIfReady);
    private final Reruns reruns = new Reruns();
    private final QuietOutput quiet = new QuietOutput(System::nanoTime);
    private final DisplayIds displayIds = new DisplayIds();
    private volatile boolean cellWaiting;
    /**
     * A cell has arrived and does not run yet (JShell is still starting, or another request holds
     * the notebook): an interrupt now stops it before it runs, where it would reach no code.
     */
    private volatile boolean cellStarting;
    /** An interrupt came while {@link #cellStarting}. */
    private volatile boolean interruptedBeforeStart;
    /** Whether {@link #run} is under way (waiting to start, running, or finishing). */
    private volatile boolean inCell;
    /** The protocol layer found the next cell sent before an interrupt that reached no cell. */
    private volatile boolean nextCellInterrupted;
    private volatile CellGroupLeader current;
    private volatile CellRun currentRun;
    /** Why the memory watchdog stopped the running cell, or null. */
    private volatile String memoryStop;

    private Notebook(Builder b) {
        this.log = b.logErr;
        this.workingDirectory = b.workingDirectory;
        this.router = new OutputRouter(b.logOut, b.logErr);
        this.tracebacks = new Tracebacks(this::framesIfReady, this::classesIfReady);
        this.warmUpLeader = new CellGroupLeader("warm-up", new LogOutput(b.logErr), tracebacks, displayIds);
        this.current = warmUpLeader;
        this.host = new NotebookHost(warmUpLeader);
        if (b.installStreams) router.install();
        Display.sinks(router::cellOfCurrentThread);
        loombook.kernel.visual.RaceDiagram.register(Renderers.standard());
        registerSettings();
        Node.processLimit(defaultProcessLimit());
        Node.mailboxLimit(defaultMailboxLimit());
        for (String problem : StartupSettings.applyFromProperty()) {
            log.println("loombook: -D" + StartupSettings.PROPERTY + " not applied: " + problem);
        }
        this.evaluator = new CompletableFuture<>();
        Thread starter = new Thread(() -> start(b), "loombook-jshell-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** A builder for a notebook. */
    public static Builder builder() {
        return new Builder();
    }

    /** How to build a {@link Notebook}. */
    public static final class Builder {
        private Path workingDirectory = Path.of("").toAbsolutePath();
        private PrintStream logOut = GroupLeader.system().out();
        private PrintStream logErr = GroupLeader.system().err();
        private boolean installStreams = true;
        private boolean warmUp = true;

        private Builder() {}

        /** Where relative paths of magics resolve (the notebook's directory). */
        public Builder workingDirectory(Path dir) {
            this.workingDirectory = dir.toAbsolutePath();
            return this;
        }

        /** Where output that belongs to no cell, and the kernel's own messages, go. */
        public Builder log(PrintStream out, PrintStream err) {
            this.logOut = Objects.requireNonNull(out);
            this.logErr = Objects.requireNonNull(err);
            return this;
        }

        /** Whether to replace {@code System.out/err/in} (true in the kernel). */
        public Builder installStreams(boolean install) {
            this.installStreams = install;
            return this;
        }

        /** Whether to warm JShell up before the first cell. */
        public Builder warmUp(boolean warmUp) {
            this.warmUp = warmUp;
            return this;
        }

        /** Builds the notebook; JShell starts in the background. */
        public Notebook build() {
            return new Notebook(this);
        }
    }

    private void start(Builder b) {
        try {
            Evaluator ev = Evaluator.builder()
                    .classpath(cellClasspath())
                    .imports(DefaultImports.IMPORTS)
                    .invoker(snippet -> {
                        CellGroupLeader gl = current;
                        router.adoptCurrentThread(gl);
                        return host.call(snippet);
                    })
                    .log(m -> log.println("loombook: " + m))
                    .onTimeSlice(Notebook::timeSlice)
                    .isProcess(Notebook::isProcess)
                    .onRedefined(redefinitions::redefined)
                    .lanes(Node::schedulerId, Node::schedulers, Node::schedulerBusy)
                    .build();
            evaluator.complete(ev);
            MemoryWatchdog.start(new MemoryWatchdog.Cells() {
                @Override
                public GroupLeader runningCell() {
                    return currentRun != null ? current : null;
                }

                @Override
                public void stopRunningCell(String why) {
                    memoryStop = why;
                    interrupt();
                }

                @Override
                public Pid notebookPid() {
                    return host.pid();
                }
            });
            if (b.warmUp) {
                ev.warmUp(WARM_UP, () -> !cellWaiting);
                if (!cellWaiting) {
                    try {
                        ev.runInCell(() -> Renderers.standard().render(host.pid()));
                    } catch (Exception e) {
                        log.println("loombook: warm-up rendering failed: " + e);
                    }
                }
            }
        } catch (Throwable t) {
            log.println("loombook: Java evaluation could not start: " + t);
            evaluator.completeExceptionally(t);
        }
    }

    /**
     * What code compiled from cells does once per time slice (the woven check): a process is charged
     * its whole reduction budget and yields its scheduler to the processes waiting there, and ends
     * there if it was killed; the notebook's own process (a cell) only ends if it was killed. Each
     * scheduler's running code gets its own slices (the woven check tells them apart by
     * {@code Node.schedulerId()}).
     */
    private static void timeSlice() {
        Reductions.endTimeSlice();
    }

    /** Whether the calling thread is a process (cell code on one that is not was started by a cell: StrayThreads). */
    private static boolean isProcess() {
        if (Node.schedulerId() != 0) return true;           // a process on one of the runtime's schedulers
        try {
            loombook.Process.self();                        // a host (the cell's own), or the fallback scheduler's
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /**
     * One process per 32 KiB of maximum heap, at least 20,000 (twice what a course notebook
     * spawns) and at most 50,000 (decision 0302). An idle process of a cell holds about 3.1 KiB in
     * the kernel's C1-compiled code, so at the limit the processes hold at most a tenth of the heap
     * and never more than ~155 MB (resident memory ~270 MB at the peak): a spawn bomb is stopped long
     * before the memory watchdog would act, within about a second even on a busy machine (measured:
     * 50,000 in 1.8 s at load 12 on 2 cores, 20,000 in 0.6-1.5 s), and thirty kernels that all hit
     * it fit beside each other on one server. The runtime's own default (one per 2 KiB, for programs
     * that want millions) is left to programs; {@code %settings processLimit=N} raises it here.
     */
    static int defaultProcessLimit() {
        return (int) Math.max(20_000, Math.min(50_000, Runtime.getRuntime().maxMemory() / 32_768));
    }

    /**
     * One message per KiB of maximum heap, at least 100,000 and at most 1,000,000 (decision 0302):
     * a process flooding a mailbox is stopped at ~50 MB of queued small messages, long before the
     * heap fills, and well past the mailbox warning (100,000) that comes first.
     */
    static int defaultMailboxLimit() {
        return (int) Math.max(100_000, Math.min(1_000_000, Runtime.getRuntime().maxMemory() / 1024));
    }

    /** The kernel's own settings, beside the runtime's, for {@code %settings}. */
    static void registerSettings() {
        Setting.register(new Setting("preemptMicros", "how often code compiled from cells is asked to yield, in microseconds",
                () -> String.valueOf(WovenCheck.preemptMicros()), v -> WovenCheck.preemptMicros(Setting.wholeNumber("preemptMicros", v))));
        Setting.register(new Setting("memoryStopPercent", "heap in use after a full collection at which the running cell is stopped "
                + "and running processes are killed; 0 is off", () -> String.valueOf(MemoryWatchdog.stopPercent()),
                v -> MemoryWatchdog.stopPercent(Setting.wholeNumber("memoryStopPercent", v))));
        Setting.register(new Setting("quietAfterMinutes", "minutes without a request from the frontend after which output "
                + "is paused, so that an idle server can be culled; 0 is never", () -> trim(QuietOutput.quietAfterMinutes()),
                v -> QuietOutput.quietAfterMinutes(Setting.number("quietAfterMinutes", v))));
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    /**
     * The frontend asked the kernel for something (a cell, a completion, an interrupt, kernel info on
     * reconnecting): output paused by {@code quietAfterMinutes} flows again.
     */
    public void frontendRequest() {
        quiet.requestArrived();
    }

    /** Why the memory watchdog stopped the running cell, or null. */
    String memoryStop() {
        return memoryStop;
    }

    /** What cells compile against: the runtime and the display API (not the kernel's own libraries). */
    private static List<Path> cellClasspath() throws URISyntaxException {
        List<Path> cp = new ArrayList<>();
        for (Class<?> c : List.of(loombook.Process.class, Display.class)) {
            Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!cp.contains(p)) cp.add(p);
        }
        return cp;
    }

    private Evaluator evaluator() {
        try {
            return evaluator.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("Java evaluation could not start: " + e.getCause(), e.getCause());
        }
    }

    private CellFrames framesIfReady() {
        Evaluator ev = evaluator.getNow(null);
        return ev == null ? null : ev.frames();
    }

    private CellClasses classesIfReady() {
        Evaluator ev = evaluator.getNow(null);
        return ev == null ? null : ev.cellClasses();
    }

    /** Waits until JShell has started (for tools that measure start-up). */
    public void awaitReady() {
        evaluator();
    }

    // ------------------------------------------------------------------ cells

    /**
     * Runs one cell, named {@code Cell In[count]} in errors and stack traces, with its output going
     * to {@code output} (now and after the cell finished, for the processes it started).
     */
    public CellReport run(String code, int count, CellOutput output) {
        return run(code, count, output, null);
    }

    /**
     * Runs one cell, as {@link #run(String, int, CellOutput)}, knowing which notebook cell it is
     * ({@code cellId}, null if the frontend does not say): when the same cell runs again while
     * processes of its earlier run are alive, what they write from then on goes under the new run
     * (frontends stop listening to the earlier one), and the new run says so.
     */
    public CellReport run(String code, int count, CellOutput output, String cellId) {
        inCell = true;
        try {
            return runCell(code, count, output, cellId);
        } finally {
            inCell = false;
        }
    }

    private CellReport runCell(String code, int count, CellOutput output, String cellId) {
        cellWaiting = true;
        interruptedBeforeStart = nextCellInterrupted;     // otherwise an interrupt between cells does nothing
        nextCellInterrupted = false;
        cellStarting = true;
        Evaluator ev;
        try {
            ev = evaluator();
        } catch (IllegalStateException e) {
            cellStarting = false;
            return new CellReport(null, Map.of(), tracebacks.exception(e));
        }
        synchronized (runLock) {
            ev.clearInterrupt();
            // from here an interrupt reaches the evaluator, which stops the cell at its first snippet at the latest
            cellStarting = false;
            if (interruptedBeforeStart) {
                interruptedBeforeStart = false;
                return new CellReport(null, Map.of(), tracebacks.interruptedBeforeStart());
            }
            String name = "Cell In[" + count + "]";
            CellGroupLeader gl = new CellGroupLeader(name, quiet.guard(output), tracebacks, displayIds);
            CellRun run = new CellRun(this, ev, gl, name);
            memoryStop = null;
            current = gl;
            currentRun = run;
            router.enter(gl);
            try {
                if (!host.alive()) {
                    Pid old = host.pid();
                    Object reason = host.exitReason();
                    List<HostLinks.Linked> died = links.dead(DIED_WITH_WAIT_MILLIS);
                    Pid fresh = host.renew(gl);
                    gl.err().print(tracebacks.diedBetweenCells(old, reason, fresh, died));
                }
                host.groupLeader(gl);
                links.remember(host.pid());
                if (cellId != null) reruns.ran(cellId, gl, host.pid());
                return run.execute(code);
            } catch (OutOfMemoryError e) {
                // the heap filled up before the memory watchdog could stop the cell, and the error
                // reached the kernel's own code: give back what the cell's variables hold, then report
                return new CellReport(null, Map.of(), tracebacks.memory("java.lang.OutOfMemoryError",
                        MemoryWatchdog.outOfMemory(e, new MemoryWatchdog.Held(List.of(), ev.variables().clear(MemoryWatchdog.declaredIn(code)))), null));
            } catch (RuntimeException | LinkageError e) {
                log.println("loombook: internal error running a cell: " + e);
                e.printStackTrace(log);
                return new CellReport(null, Map.of(), tracebacks.exception(e));
            } finally {
                if (host.alive()) links.remember(host.pid());
                for (String note : redefinitions.afterCell(host.pid())) gl.err().println("note: " + note);
                router.leave();
                currentRun = null;
                gl.out().flush();
                gl.err().flush();
                heap.cellFinished();
                if (ev.maintenanceDue() || heap.due()) maintenance(ev);
            }
        }
    }

    /** Upkeep after the cell, off the request's path: the next request does not wait unless it comes at once. */
    private void maintenance(Evaluator ev) {
        Thread t = new Thread(() -> {
            if (ev.maintenanceDue()) ev.maintain();
            if (heap.due()) heap.trim();
        }, "loombook-maintenance");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Evaluates a user expression (Jupyter's {@code user_expressions}, asked for by a frontend
     * after a cell) quietly: its output goes to the log. Returns the rendered value by MIME type,
     * or throws {@link UserExpressionException} with the error.
     */
    public Map<String, Object> evaluateExpression(String code) throws UserExpressionException {
        Evaluator ev = evaluator();
        synchronized (runLock) {
            CellGroupLeader previous = current;
            current = warmUpLeader;
            try {
                var outcome = ev.evaluate(code, new loombook.kernel.eval.CellRef("user expression", 1));
                switch (outcome) {
                    case loombook.kernel.eval.EvalOutcome.Success s -> {
                        Object v = s.value();
                        var bundle = s.hasValue() ? (loombook.kernel.display.MimeBundle) ev.runInCell(() -> Renderers.standard().render(v)) : null;
                        return bundle == null ? Map.of("text/plain", "") : bundle.data();
                    }
                    case loombook.kernel.eval.EvalOutcome.CompileFailed c -> throw new UserExpressionException(tracebacks.compile(c.errors()));
                    case loombook.kernel.eval.EvalOutcome.Failed f -> throw new UserExpressionException(tracebacks.exception(f.error()));
                    case loombook.kernel.eval.EvalOutcome.Interrupted i -> throw new UserExpressionException(tracebacks.interrupted(i.where(), i.abandoned()));
                }
            } catch (UserExpressionException e) {
                throw e;
            } catch (Exception e) {
                throw new UserExpressionException(tracebacks.exception(e));
            } finally {
                current = previous;
            }
        }
    }

    /**
     * Interrupts the running cell: its code stops within milliseconds (a blocked receive or sleep, a
     * loop), the rest of the cell does not run, and processes it started go on. A cell that has
     * arrived but waits to run (JShell still starting, another request holding the notebook) ends
     * before any of it runs. Does nothing between cells. Safe from any thread. Returns whether a
     * cell was there to stop.
     */
    public boolean interrupt() {
        boolean starting = cellStarting, reached = inCell;
        if (starting) interruptedBeforeStart = true;
        Evaluator ev = evaluator.getNow(null);
        if (ev != null) ev.interrupt();
        return reached;
    }

    /**
     * The next cell was interrupted before it arrived (the frontend's interrupt reached the kernel
     * first): it ends before any of it runs, as {@link #interrupt()} ends a cell that waits.
     */
    public void interruptNextCell() {
        nextCellInterrupted = true;
    }

    /** Whether a cell has arrived and waits to run (for tests). */
    boolean cellStarting() {
        return cellStarting;
    }

    /**
     * How a host change came about, for the message.
     *
     * @param old the notebook process that died
     * @param reason why
     * @param fresh the one that takes over
     * @param byUser whether the cell's own code ended it (exit(reason), a failed call), not a signal
     * @param died the processes linked to it that died with it
     */
    record HostChange(Pid old, Object reason, Pid fresh, boolean byUser, List<HostLinks.Linked> died) {}

    /**
     * How long a death waits at most for the processes linked to the notebook process to die with it (a
     * supervisor first stops its children; a process that traps exits lives on, and is not listed).
     */
    static final long DIED_WITH_WAIT_MILLIS = 2000;

    /**
     * A cell's code got {@link loombook.ProcessExit}: either the notebook process was killed (a linked
     * crash) or the code ended it itself ({@code exit(reason)}, a call that failed). Either way a fresh
     * process takes over.
     */
    HostChange hostExited(Object thrownReason, CellGroupLeader gl) {
        Pid old = host.pid();
        if (host.alive()) {
            links.remember(old);
            Pid fresh = host.exitAndRenew(thrownReason, gl);
            return new HostChange(old, thrownReason, fresh, true, links.dead(DIED_WITH_WAIT_MILLIS));
        }
        Object reason = host.exitReason();
        List<HostLinks.Linked> died = links.dead(DIED_WITH_WAIT_MILLIS);
        return new HostChange(old, reason, host.renew(gl), false, died);
    }

    /** After code ran: if the notebook process died meanwhile, report it and start a fresh one. */
    void checkHost(CellGroupLeader gl, CellRun run) {
        if (host.alive()) return;
        Pid old = host.pid();
        Object reason = host.exitReason();
        List<HostLinks.Linked> died = links.dead(DIED_WITH_WAIT_MILLIS);
        run.hostDiedDuring(new HostChange(old, reason, host.renew(gl), false, died));
    }

    /** The cell thread was given up while running as the notebook process: retire that process. */
    void abandonHost(CellGroupLeader gl) {
        host.exitAndRenew(loombook.Reason.KILL, gl);
    }

    /** Kills every process and starts a fresh notebook process; returns how many others were killed. */
    int restartRuntime(CellGroupLeader gl) {
        int killed = Node.restart();
        host.renew(gl);
        return Math.max(0, killed - 1);
    }

    Magics magics() {
        return magics;
    }

    Tracebacks tracebacks() {
        return tracebacks;
    }

    Path workingDirectory() {
        return workingDirectory;
    }

    /** The magic registry, for features that add magics. */
    public Magics magicRegistry() {
        return magics;
    }

    /** The notebook's process now. */
    public Pid pid() {
        return host.pid();
    }

    /** The editor's questions about cells: completion, help for what is under the cursor, readiness. */
    public CodeHelp help() {
        return help;
    }

    /** Puts {@code System.out/err/in} back and stops JShell. */
    @Override
    public void close() {
        router.uninstall();
        Evaluator ev = evaluator.getNow(null);
        if (ev != null) ev.close();
    }

    /** The output of warm-up snippets: the log. */
    private record LogOutput(PrintStream log) implements CellOutput {
        @Override
        public void stdout(String text) {
            log.print(text);
        }

        @Override
        public void stderr(String text) {
            log.print(text);
        }

        @Override
        public void display(Map<String, Object> data, Map<String, Object> metadata, String displayId, boolean update) {
        }

        @Override
        public String readLine(String prompt, boolean password) {
            return null;
        }
    }
}
