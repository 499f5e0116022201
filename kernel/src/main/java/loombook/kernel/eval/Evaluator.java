package loombook.kernel.eval;

import java.io.ByteArrayInputStream;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.PersistentSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Java evaluation for the kernel: one JShell with a local execution engine, so that cells run in
 * the kernel's JVM and share memory with everything else in it. It evaluates cells snippet by
 * snippet; {@link #questions()} answers completion, documentation and completeness questions.
 *
 * <p>This floor knows nothing of Jupyter or of processes: the layer above passes an
 * {@link Invoker} that makes the code run as it should (as the notebook's process), and receives
 * outcomes as Java objects ({@link EvalOutcome}).
 *
 * <p>Thread safety: evaluation and the questions about code are serialized;
 * {@link #interrupt()} may be called from any thread at any time.
 */
public final class Evaluator implements AutoCloseable {
    private final Consumer<String> log;
    private final SnippetLoader loader;
    private final CellThread cells;
    private final CellExecutionControl control;
    private final Invoker invoker;
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final CellFrames frames = new CellFrames();
    private final SnippetOrigins origins;
    private final SnippetVerdicts verdicts;
    private final CellVariables variables;
    private final Consumer<List<Redefinition>> onRedefined;
    private final CompilerRecycler recycler;
    private final List<Path> classpathAdded = new ArrayList<>();
    private final List<String> rejectedImports = new ArrayList<>();
    private final CodeQuestions questions;
    /** The default imports of one type ({@code import loombook.Process;}), by simple name, while in force. */
    private final Map<String, ImportSnippet> singleTypeImports = new java.util.HashMap<>();
    private final CellClasses cellClasses;
    private final Object lock = new Object();
    private volatile boolean interrupted;
    /** The code being evaluated now, for registering frames as soon as a snippet is about to run. */
    private CellRef currentRef;
    private int currentLine;

    private Evaluator(Builder b) {
        this.log = b.log;
        this.loader = new SnippetLoader(Evaluator.class.getClassLoader(), log);
        if (b.weave) loader.addTransformer(new ReductionWeaver(loader.classLoader()));
        if (b.onTimeSlice != null) WovenCheck.onTimeSlice(b.onTimeSlice);
        if (b.isProcess != null) StrayThreads.isProcess(b.isProcess);
        if (b.lane != null) WovenCheck.lanes(b.lane, b.lanes, b.busy);
        loader.addTransformer(new ExitGuard(loader.classLoader()));
        b.transformers.forEach(loader::addTransformer);
        this.cells = new CellThread(loader.classLoader(), b.graceMillis);
        this.cellClasses = new CellClasses(loader.classLoader());
        this.invoker = b.invoker;
        this.control = new CellExecutionControl(loader, cells, b.invoker, this::beforeInvoke, () -> interrupted);
        PrintStream logStream = new PrintStream(new JShellLog(log), true, StandardCharsets.UTF_8);
        this.shell = JShell.builder()
                .executionEngine(new Provider(control), Map.of())
                .in(new ByteArrayInputStream(new byte[0]))
                .out(logStream)
                .err(logStream)
                .build();
        this.analysis = shell.sourceCodeAnalysis();
        this.questions = new CodeQuestions(shell, lock, this::isClass, importedPackages(b.imports), log);
        this.origins = new SnippetOrigins(shell, frames, log);
        this.verdicts = new SnippetVerdicts(shell, new CompileHints(b.imports, loader.classLoader(),
                name -> shell.types().anyMatch(t -> t.name().equals(name) && shell.status(t).isActive()), log), origins::cellOf);
        this.variables = new CellVariables(shell, loader.classLoader(), lock, log);
        this.onRedefined = b.onRedefined;
        this.recycler = new CompilerRecycler(shell, log);
        String cp = b.classpath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        if (!cp.isEmpty()) shell.addToClasspath(cp);
        for (String imp : b.imports) {
            List<SnippetEvent> ev = shell.eval(imp);
            if (ev.isEmpty() || ev.get(0).status() == Snippet.Status.REJECTED) {
                rejectedImports.add(imp);
                log.accept("default import skipped, it does not compile here: " + imp);
            } else if (ev.get(0).snippet() instanceof ImportSnippet i && !i.isStatic() && !i.fullname().endsWith("*")) {
                singleTypeImports.put(i.name(), i);
            }
        }
    }

    /** A builder for an evaluator. */
    public static Builder builder() {
        return new Builder();
    }

    /** How to build an {@link Evaluator}. */
    public static final class Builder {
        private final List<Path> classpath = new ArrayList<>();
        private final List<String> imports = new ArrayList<>();
        private final List<ClassTransformer> transformers = new ArrayList<>();
        private Invoker invoker = Invoker.DIRECT;
        private Consumer<String> log = s -> {};
        private long graceMillis = 1000;
        private boolean weave = true;
        private Runnable onTimeSlice;
        private java.util.function.BooleanSupplier isProcess;
        private Consumer<List<Redefinition>> onRedefined = r -> {};
        private java.util.function.IntSupplier lane, lanes;
        private java.util.function.IntPredicate busy;

        private Builder() {}

        /**
         * What to do when a cell gives types declared in cells new classes (see {@link Redefinition}):
         * called on the evaluating thread, after the snippet that did it compiled.
         */
        public Builder onRedefined(Consumer<List<Redefinition>> action) {
            this.onRedefined = Objects.requireNonNull(action);
            return this;
        }

        /**
         * Whether to weave the reductions and stop check into snippet classes (true; false only to
         * measure what the check costs: without it an interrupt stops no loop and a spinning
         * process can be neither preempted nor killed).
         */
        public Builder weave(boolean weave) {
            this.weave = weave;
            return this;
        }

        /** Jars or directories whose classes cells can use (the runtime, the display API). */
        public Builder classpath(List<Path> paths) {
            classpath.addAll(paths);
            return this;
        }

        /** Import statements evaluated first; one that does not compile is skipped (and logged). */
        public Builder imports(List<String> importStatements) {
            imports.addAll(importStatements);
            return this;
        }

        /** How snippets are run on the cell thread. */
        public Builder invoker(Invoker invoker) {
            this.invoker = Objects.requireNonNull(invoker);
            return this;
        }

        /** Adds a transformer after the kernel's own ({@link ClassTransformer}). */
        public Builder transformer(ClassTransformer t) {
            transformers.add(Objects.requireNonNull(t));
            return this;
        }

        /**
         * What code compiled from cells does once per time slice (see {@link WovenCheck}): the
         * notebook makes the process running it yield its carrier, or end if it was killed. Nothing
         * by default. One action for the JVM: the last evaluator built sets it.
         */
        public Builder onTimeSlice(Runnable action) {
            this.onTimeSlice = Objects.requireNonNull(action);
            return this;
        }

        /**
         * Whether the calling thread is a process, so that the threads cells start are told from
         * processes ({@link StrayThreads}). None is, by default. One test for the JVM, as {@link #onTimeSlice}.
         */
        public Builder isProcess(java.util.function.BooleanSupplier test) {
            this.isProcess = Objects.requireNonNull(test);
            return this;
        }

        /**
         * How the threads that run code from cells share the CPU (see {@link WovenCheck}):
         * {@code lane} says which of {@code lanes.getAsInt()} carriers runs the calling thread (from
         * 1; 0 for none), {@code busy} whether a carrier runs a process now, so that each busy
         * carrier's running code gets its time slices. The notebook passes the runtime's
         * schedulers. One for the JVM, as {@link #onTimeSlice}.
         */
        public Builder lanes(java.util.function.IntSupplier lane, java.util.function.IntSupplier lanes,
                             java.util.function.IntPredicate busy) {
            this.lane = Objects.requireNonNull(lane);
            this.lanes = Objects.requireNonNull(lanes);
            this.busy = Objects.requireNonNull(busy);
            return this;
        }

        /** Where the evaluator's own messages go (not the user's output). */
        public Builder log(Consumer<String> log) {
            this.log = Objects.requireNonNull(log);
            return this;
        }

        /** How long an interrupted cell may take to stop before its thread is given up. */
        public Builder graceMillis(long millis) {
            this.graceMillis = millis;
            return this;
        }

        /** Starts JShell (a few hundred milliseconds: it loads the compiler). */
        public Evaluator build() {
            return new Evaluator(this);
        }
    }

    /**
     * While {@code on}, code compiled from cells waits at its next loop or call check, in the cell and
     * in processes alike (at most 5 s): the memory watchdog holds it while it checks whether the heap
     * is really full, so that a loop that allocates without end cannot fill the heap meanwhile.
     */
    public static void holdCellCode(boolean on) {
        WovenCheck.hold(on);
    }

    // ------------------------------------------------------------------ evaluation

    /**
     * Evaluates {@code code}, snippet by snippet, in order: it stops at the first snippet that does
     * not compile, throws, or is interrupted. The value of a last snippet that is an expression is
     * returned as an object.
     */
    public EvalOutcome evaluate(String code, CellRef ref) {
        synchronized (lock) {
            List<String> notes = new ArrayList<>();
            List<DeclarationSnippet> waiting = new ArrayList<>();
            CodePiece piece = new CodePiece(code, 0, true);
            try {
                List<CodePiece> pieces = StatementBatches.of(code, SnippetSplitter.split(analysis, code));
                EvalOutcome outcome = new EvalOutcome.Success(false, null, null, notes);
                for (int i = 0; i < pieces.size(); i++) {
                    if (interrupted) return new EvalOutcome.Interrupted(null, false, notes);
                    piece = pieces.get(i);
                    try {
                        outcome = evaluatePiece(code, piece, ref, i == pieces.size() - 1, notes, waiting);
                        if (piece.batch() && outcome instanceof EvalOutcome.CompileFailed) {
                            pieces.remove(i);           // not a block of statements: one by one, as written (none ran)
                            pieces.addAll(i, piece.parts());
                            i--;
                            continue;
                        }
                    } finally {
                        // a string constant over 64 KB of UTF-8 in a statement that JShell accepts
                        // (println("...".length())) still leaves javac's reused context failing every
                        // later cell with "too long for the constant pool" (JDK 25, measured): after a
                        // snippet that large, the next cell gets a fresh context
                        if (piece.source().length() > LARGE_SNIPPET) recycler.recycle();
                    }
                    if (!(outcome instanceof EvalOutcome.Success)) return outcome;
                }
                return outcome;
            } catch (StackOverflowError | InternalError | AssertionError | RuntimeException e) {
                // Only the compiler's own failures get here: what a snippet's code throws is caught on
                // the cell thread. javac ran out of stack on deep nesting or a long expression, or
                // crashed: say so, and start a fresh compiler context (the old one may be half-updated).
                log.accept("the compiler could not handle a cell: " + e);
                recycler.recycle();
                return new EvalOutcome.CompileFailed(List.of(CompileError.place(code, piece, 0, 0, 0, compilerCrash(e), ref)), notes);
            } finally {
                notes.addAll(0, verdicts.stillWaiting(waiting));
            }
        }
    }

    /** A snippet of more characters than this may hold a string constant over 64 KB of UTF-8 (3 bytes a char at most). */
    private static final int LARGE_SNIPPET = 65_535 / 3;

    /**
     * javac's class-file limits (a string constant over 64 KB, a method over 64 KB of code, too many
     * constants): after one, JShell's reused compiler context fails every later cell with the same
     * error (JDK 25, measured: {@code 1+1} then reports the 70 KB string), even once the snippet is
     * dropped.
     */
    private static final Pattern CLASS_FILE_LIMIT = Pattern.compile("too long|too large|too many");

    /** What a learner reads when javac itself failed on a cell. */
    static String compilerCrash(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String why = root instanceof StackOverflowError
                ? "it nests too deeply, or an expression is too long, for the compiler's stack. "
                  + "Split it up: give parts of the expression names (variables or methods)."
                : root.getClass().getName() + (root.getMessage() == null ? "" : ": " + root.getMessage())
                  + ". Rewriting the code differently usually avoids it.";
        return "the Java compiler could not handle this cell: " + why;
    }

    private EvalOutcome evaluatePiece(String code, CodePiece piece, CellRef ref, boolean last, List<String> notes,
            List<DeclarationSnippet> waiting) {
        int line = SnippetSplitter.lineOf(code, piece.offset());
        currentRef = ref;
        currentLine = line;
        control.reset();
        recycler.evaluated();
        questions.evaluated();
        List<SnippetEvent> events = shell.eval(piece.source());
        if (events.isEmpty()) return new EvalOutcome.Success(false, null, null, notes);
        SnippetEvent main = events.stream().filter(e -> e.causeSnippet() == null).findFirst().orElse(events.get(0));
        Snippet s = main.snippet();
        boolean recoverable = SnippetVerdicts.isRecoverable(main);
        if (main.status() == Snippet.Status.REJECTED || recoverable && verdicts.brokenNotUnresolved((DeclarationSnippet) s)) {
            List<CompileError> errors = verdicts.compileErrors(code, piece, s, ref);
            if (main.status() == Snippet.Status.REJECTED) recycler.forgetDiagnostics(s);    // read: let go of the compiler's objects
            if (errors.stream().anyMatch(e -> CLASS_FILE_LIMIT.matcher(e.message()).find())) {
                // kept, a declaration that javac cannot generate (a string constant over 64 KB) breaks every
                // later cell, and so does the compiler context that saw it. (Only then: dropping every
                // recoverable declaration with errors of its own left JShell unable to document the
                // runtime afterwards, EvaluatorTest.documentationOfVariablesJdkAndRuntime.)
                if (recoverable) drop((DeclarationSnippet) s);
                recycler.recycle();
            }
            return new EvalOutcome.CompileFailed(errors, notes);
        }
        List<Redefinition> redefined = origins.compiled(s, new CellRef(ref.name(), ref.firstLine() + line - 1), events);
        if (!redefined.isEmpty()) onRedefined.accept(redefined);
        if (recoverable) waiting.add((DeclarationSnippet) s);
        String hides = main.status().isActive() ? verdicts.hidingNote(s) : null;
        if (hides != null) notes.add(hides);
        if (s instanceof TypeDeclSnippet t && shell.status(t).isDefined()) shadowDefaultImport(t.name(), notes);
        Throwable thrown = control.lastThrown();
        if (main.exception() != null || thrown != null) {
            if (thrown instanceof CellAbandoned) return new EvalOutcome.Interrupted(null, true, notes);
            if (thrown instanceof CellInterrupted || interrupted && isInterruption(thrown)) {
                return new EvalOutcome.Interrupted(thrown, false, notes);
            }
            if (main.exception() instanceof UnresolvedReferenceException u) {
                return new EvalOutcome.Failed(verdicts.unresolved(u), notes);
            }
            return new EvalOutcome.Failed(thrown != null ? thrown : main.exception(), notes);
        }
        Object value = control.lastValue();
        boolean invoked = control.invoked();
        if (s instanceof VarSnippet v && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            shell.drop(v);      // $1, $2... would otherwise pile up as imports in every later snippet
            if (last && invoked) return new EvalOutcome.Success(true, value, v.typeName(), notes);
        } else if (last && invoked && s instanceof ExpressionSnippet e
                && e.subKind() != Snippet.SubKind.ASSIGNMENT_SUBKIND && !"void".equals(e.typeName())) {
            return new EvalOutcome.Success(true, value, e.typeName(), notes);
        }
        return new EvalOutcome.Success(false, null, null, notes);
    }

    /**
     * A type declared with the simple name of a default single-type import ({@code class Process {}}
     * beside {@code import loombook.Process;}) would make every later cell fail to compile ("a type
     * with the same simple name is already defined by the single-type-import"): the import is dropped,
     * so that the learner's type takes the name, as a class in a Java file would, and a note says how to
     * reach the hidden one.
     */
    private void shadowDefaultImport(String name, List<String> notes) {
        ImportSnippet imp = singleTypeImports.remove(name);
        if (imp == null) return;
        drop(imp);
        notes.add(name + " now means the class declared here; the default import " + imp.fullname()
                + " is hidden from now on: write " + imp.fullname() + " for it");
    }

    private void drop(PersistentSnippet s) {
        try {
            if (shell.status(s).isActive()) shell.drop(s);
        } catch (RuntimeException e) {
            log.accept("cannot drop snippet " + s.id() + ": " + e);
        }
    }

    private static boolean isInterruption(Throwable t) {
        return t instanceof CancellationException || t instanceof InterruptedException
                || t instanceof InterruptedIOException || t instanceof ClosedByInterruptException;
    }

    /** Whether a class of that name exists for cells (the JDK, the class path, what %maven added): asked by completion, remembered. */
    private boolean isClass(String name) {
        return classExists.computeIfAbsent(name, n -> {
            try {
                Class.forName(n, false, loader.classLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        });
    }

    private final Map<String, Boolean> classExists = new java.util.concurrent.ConcurrentHashMap<>();

    /** The packages of the on-demand imports among {@code imports}, and java.lang: names every cell knows. */
    private static List<String> importedPackages(List<String> imports) {
        List<String> out = new ArrayList<>(List.of("java.lang"));
        for (String i : imports) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*import\\s+([\\w.]+)\\.\\*\\s*;\\s*$").matcher(i);
            if (m.matches()) out.add(m.group(1));
        }
        return out;
    }

    /**
     * Called on the evaluating thread just before a snippet's code runs: registers its lines now, so
     * that a process it starts that crashes at once already gets a crash report with cell lines.
     */
    private void beforeInvoke(String className) {
        CellRef ref = currentRef;
        if (ref != null) origins.aboutToRun(className, new CellRef(ref.name(), ref.firstLine() + currentLine - 1));      // not in the warm-up
    }

    /**
     * Interrupts the cell being evaluated: the code running stops (see {@link CellThread}), and the
     * snippets after it do not run. Between cells it does nothing. Safe from any thread.
     */
    public void interrupt() {
        interrupted = true;
        cells.stop();
    }

    /** Clears an interrupt; the layer above calls it as a new cell starts. */
    public void clearInterrupt() {
        interrupted = false;
    }

    /**
     * Idle-time upkeep, for when no cell is running: drops JShell's compiler context when enough
     * cells went through it (see {@code CompilerRecycler}). Takes some 100 ms when it acts; a cell
     * that arrives meanwhile waits for it.
     */
    public void maintain() {
        synchronized (lock) {
            if (recycler.due()) recycler.recycle();
        }
    }

    /** Whether {@link #maintain()} has work to do. */
    public boolean maintenanceDue() {
        synchronized (lock) {
            return recycler.due();
        }
    }

    /** The notebook's variables: which a cell declares, and clearing them (the memory watchdog's last resort). */
    public CellVariables variables() {
        return variables;
    }

    /** Questions about the classes compiled from cells (what they call, what they refer to). Thread-safe. */
    public CellClasses cellClasses() {
        return cellClasses;
    }

    /** Where stack frames of cell code come from. Thread-safe. */
    public CellFrames frames() {
        return frames;
    }

    // ------------------------------------------------------------------ questions about code

    /** Completion, documentation and completeness: questions about code that do not run it. */
    public CodeQuestions questions() {
        return questions;
    }

    // ------------------------------------------------------------------ class path

    /** Makes the classes of {@code path} (a jar or a directory) available to cells from now on. */
    public void addToClasspath(Path path) {
        synchronized (lock) {
            shell.addToClasspath(path.toAbsolutePath().toString());
            classpathAdded.add(path.toAbsolutePath());
            classExists.clear();
        }
    }

    /** What {@link #addToClasspath} added, in order. */
    public List<Path> classpathAdded() {
        synchronized (lock) {
            return List.copyOf(classpathAdded);
        }
    }

    /** The default imports that did not compile (a package that is not there), for the log. */
    public List<String> rejectedImports() {
        return List.copyOf(rejectedImports);
    }

    /**
     * Evaluates {@code snippets} and forgets them again, so that the compiler and the evaluation
     * path are warm before the first real cell: the first cell of a fresh JShell costs several
     * times a later one. Stops early when {@code keepGoing} turns false (a real cell is waiting).
     */
    public void warmUp(List<String> snippets, java.util.function.BooleanSupplier keepGoing) {
        for (String code : snippets) {
            if (!keepGoing.getAsBoolean()) return;
            synchronized (lock) {
                try {
                    control.reset();
                    for (SnippetEvent e : shell.eval(code)) {
                        // JShell's documentation() finds nothing any more once a type declaration has
                        // been dropped (JDK 25, measured): warm-up types stay, under $ names
                        if (e.snippet() instanceof PersistentSnippet p && !(p instanceof TypeDeclSnippet) && e.status().isActive()) {
                            shell.drop(p);
                        }
                    }
                } catch (RuntimeException e) {
                    log.accept("warm-up snippet failed: " + code + ": " + e);
                }
            }
        }
        if (!keepGoing.getAsBoolean()) return;
        questions.warmUp();
    }

    /**
     * Runs {@code task} on the cell thread through the invoker, as snippet code runs, and returns its
     * result: for work on the learner's objects (rendering a value calls its {@code toString}) that
     * must run as the notebook's process and must be interruptible. Throws what the task throws;
     * an interrupt that the task ignores ends in {@link IllegalStateException}.
     */
    public Object runInCell(java.util.concurrent.Callable<Object> task) throws Exception {
        synchronized (lock) {
            try {
                return cells.call(() -> invoker.invoke(task));
            } catch (CellAbandoned e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }

    /** Closes JShell. Cells cannot run afterwards. */
    @Override
    public void close() {
        shell.close();
    }

    /** Hands JShell our execution control. */
    private record Provider(ExecutionControl control) implements ExecutionControlProvider {
        @Override
        public String name() {
            return "loombook";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
        }
    }
}
