package loombook.kernel.eval;

import java.io.ByteArrayInputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.MethodSnippet;
import jdk.jshell.PersistentSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Documentation;
import jdk.jshell.SourceCodeAnalysis.Suggestion;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Java evaluation for the kernel: one JShell with a local execution engine, so that cells run in
 * the kernel's JVM and share memory with everything else in it. It evaluates cells snippet by
 * snippet, and answers completion, documentation and completeness questions.
 *
 * <p>This floor knows nothing of Jupyter or of processes: the layer above passes an
 * {@link Invoker} that makes the code run as it should (as the notebook's process), and receives
 * outcomes as Java objects ({@link EvalOutcome}).
 *
 * <p>Thread safety: evaluation, completion, documentation and completeness are serialized;
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
    private final CompilerRecycler recycler;
    private final List<Path> classpathAdded = new ArrayList<>();
    private final List<String> rejectedImports = new ArrayList<>();
    /** The default imports of one type ({@code import loombook.Process;}), by simple name, while in force. */
    private final Map<String, ImportSnippet> singleTypeImports = new java.util.HashMap<>();
    private boolean javadocInstalled;
    private volatile boolean javadocForRuntime;
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
        if (b.lane != null) WovenCheck.lanes(b.lane, b.lanes);
        loader.addTransformer(new ExitGuard(loader.classLoader()));
        b.transformers.forEach(loader::addTransformer);
        this.cells = new CellThread(loader.classLoader(), b.graceMillis);
        this.invoker = b.invoker;
        this.control = new CellExecutionControl(loader, cells, b.invoker, this::beforeInvoke, () -> interrupted);
        PrintStream logStream = new PrintStream(new LogOutputStream(log), true, StandardCharsets.UTF_8);
        this.shell = JShell.builder()
                .executionEngine(new Provider(control), Map.of())
                .in(new ByteArrayInputStream(new byte[0]))
                .out(logStream)
                .err(logStream)
                .build();
        this.analysis = shell.sourceCodeAnalysis();
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
        private java.util.function.IntSupplier lane, lanes;

        private Builder() {}

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
         * How the threads that run code from cells share the CPU (see {@link WovenCheck}):
         * {@code lane} says which of {@code lanes.getAsInt()} carriers runs the calling thread (from
         * 1; 0 for none), so that each carrier's running code gets its time slices. The notebook
         * passes the runtime's schedulers. One for the JVM, as {@link #onTimeSlice}.
         */
        public Builder lanes(java.util.function.IntSupplier lane, java.util.function.IntSupplier lanes) {
            this.lane = Objects.requireNonNull(lane);
            this.lanes = Objects.requireNonNull(lanes);
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
            CodePiece piece = new CodePiece(code, 0, true);
            try {
                List<CodePiece> pieces = SnippetSplitter.split(analysis, code);
                EvalOutcome outcome = new EvalOutcome.Success(false, null, null, notes);
                for (int i = 0; i < pieces.size(); i++) {
                    if (interrupted) return new EvalOutcome.Interrupted(null, false, notes);
                    piece = pieces.get(i);
                    try {
                        outcome = evaluatePiece(code, piece, ref, i == pieces.size() - 1, notes);
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
                return new EvalOutcome.CompileFailed(List.of(place(code, piece, 0, 0, 0, compilerCrash(e), ref)), notes);
            }
        }
    }

    /** A snippet of more characters than this may hold a string constant over 64 KB of UTF-8 (3 bytes a char at most). */
    private static final int LARGE_SNIPPET = 65_535 / 3;

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

    private EvalOutcome evaluatePiece(String code, CodePiece piece, CellRef ref, boolean last, List<String> notes) {
        int line = SnippetSplitter.lineOf(code, piece.offset());
        currentRef = ref;
        currentLine = line;
        control.reset();
        recycler.evaluated();
        List<SnippetEvent> events = shell.eval(piece.source());
        if (events.isEmpty()) return new EvalOutcome.Success(false, null, null, notes);
        SnippetEvent main = events.stream().filter(e -> e.causeSnippet() == null).findFirst().orElse(events.get(0));
        Snippet s = main.snippet();
        if (main.status() == Snippet.Status.REJECTED) {
            return new EvalOutcome.CompileFailed(compileErrors(code, piece, s, ref), notes);
        }
        if (isRecoverable(main) && brokenNotUnresolved((DeclarationSnippet) s)) {
            // JShell keeps a declaration whose body does not compile as "recoverable" when it also fails to
            // resolve a name (a call to a method of the same name with other parameters, say), but nothing is
            // missing: the errors are the learner's, and they say what to fix. It is dropped: kept, a
            // declaration that javac cannot generate (a string constant over 64 KB) breaks every later cell
            List<CompileError> errors = compileErrors(code, piece, s, ref);
            drop((DeclarationSnippet) s);
            return new EvalOutcome.CompileFailed(errors, notes);
        }
        register(s, ref, line);
        addNotes(main, notes);
        if (s instanceof TypeDeclSnippet t && shell.status(t).isDefined()) shadowDefaultImport(t.name(), notes);
        Throwable thrown = control.lastThrown();
        if (main.exception() != null || thrown != null) {
            if (thrown instanceof CellAbandoned) return new EvalOutcome.Interrupted(null, true, notes);
            if (thrown instanceof CellInterrupted || interrupted && isInterruption(thrown)) {
                return new EvalOutcome.Interrupted(thrown, false, notes);
            }
            if (main.exception() instanceof UnresolvedReferenceException u) {
                return new EvalOutcome.Failed(unresolved(u), notes);
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

    private static boolean isRecoverable(SnippetEvent e) {
        return e.snippet() instanceof DeclarationSnippet
                && (e.status() == Snippet.Status.RECOVERABLE_DEFINED || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED);
    }

    /** A recoverable declaration that lacks nothing but has errors of its own. */
    private boolean brokenNotUnresolved(DeclarationSnippet d) {
        return shell.unresolvedDependencies(d).findAny().isEmpty() && shell.diagnostics(d).anyMatch(Diag::isError);
    }

    private IllegalStateException unresolved(UnresolvedReferenceException u) {
        DeclarationSnippet d = u.getSnippet();
        String missing = shell.unresolvedDependencies(d).collect(Collectors.joining(", "));
        String errors = shell.diagnostics(d).filter(Diag::isError).map(x -> clean(x.getMessage(Locale.ENGLISH)))
                .distinct().collect(Collectors.joining("; "));
        IllegalStateException e = new IllegalStateException(describe(d) + " cannot be used until "
                + (!missing.isEmpty() ? missing + " is declared"
                        : !errors.isEmpty() ? "its errors are fixed: " + errors : "what it refers to is declared"));
        e.setStackTrace(u.getStackTrace());
        return e;
    }

    private void addNotes(SnippetEvent main, List<String> notes) {
        if (isRecoverable(main) && main.snippet() instanceof DeclarationSnippet d) {
            String missing = shell.unresolvedDependencies(d).collect(Collectors.joining(", "));
            notes.add(describe(d) + (main.status() == Snippet.Status.RECOVERABLE_DEFINED ? " is defined, but cannot be used" : " cannot be defined")
                    + " until " + (missing.isEmpty() ? "what it refers to" : missing) + " is declared");
        }
    }

    private static String describe(DeclarationSnippet d) {
        return switch (d) {
            case MethodSnippet m -> "method " + m.name() + "(" + m.parameterTypes() + ")";
            case TypeDeclSnippet t -> t.subKind().name().replace("_SUBKIND", "").toLowerCase(Locale.ROOT).replace('_', ' ') + " " + t.name();
            case VarSnippet v -> "variable " + v.name();
            default -> d.name();
        };
    }

    /** Registers where {@code s}'s wrapper class came from, once. */
    private void register(Snippet s, CellRef ref, int line) {
        try {
            frames.register(analysis.wrapper(s), ref, line);
        } catch (RuntimeException e) {
            log.accept("cannot map the lines of snippet " + s.id() + ": " + e);
        }
    }

    /**
     * Called on the evaluating thread just before a snippet's code runs: registers its lines now, so
     * that a process it starts that crashes at once already gets a crash report with cell lines.
     */
    private void beforeInvoke(String className) {
        try {
            List<Snippet> all = shell.snippets().toList();
            for (int i = all.size() - 1; i >= 0 && i >= all.size() - 8; i--) {
                SourceCodeAnalysis.SnippetWrapper w = analysis.wrapper(all.get(i));
                if (w.fullClassName().equals(className)) {
                    frames.register(w, currentRef, currentLine);
                    return;
                }
            }
        } catch (RuntimeException e) {
            // registration after the eval returns is the fallback
        }
    }

    /**
     * javac's class-file limits (a string constant over 64 KB, a method over 64 KB of code, too many
     * constants): after one, JShell's reused compiler context fails every later cell with the same
     * error (JDK 25, measured: {@code 1+1} then reports the 70 KB string), even once the snippet is
     * dropped.
     */
    private static final Pattern CLASS_FILE_LIMIT = Pattern.compile("too long|too large|too many");

    private List<CompileError> compileErrors(String code, CodePiece piece, Snippet s, CellRef ref) {
        Set<CompileError> out = new LinkedHashSet<>();
        boolean limit = false;
        for (Diag d : shell.diagnostics(s).filter(Diag::isError).toList()) {
            String message = clean(d.getMessage(Locale.ENGLISH));
            limit |= CLASS_FILE_LIMIT.matcher(message).find();
            out.add(place(code, piece, d.getStartPosition(), d.getPosition(), d.getEndPosition(), message + shadowHint(message), ref));
        }
        if (limit) recycler.recycle();     // a fresh compiler context for the next cell
        if (out.isEmpty()) {
            out.add(place(code, piece, 0, 0, piece.source().length(), piece.complete()
                    ? "this is not a Java declaration, statement or expression"
                    : "this code is not finished, or is not Java (a missing or extra brace, parenthesis or quote?)", ref));
        }
        return List.copyOf(out);
    }

    private static CompileError place(String code, CodePiece piece, long start, long pos, long end, String message, CellRef ref) {
        int len = piece.source().length();
        if (pos < 0) pos = start >= 0 ? start : 0;
        if (start < 0) start = pos;
        if (end < pos) end = pos;
        int at = clamp(piece.offset() + (int) Math.min(pos, len), code.length());
        int from = clamp(piece.offset() + (int) Math.min(start, len), code.length());
        int to = clamp(piece.offset() + (int) Math.min(end, len), code.length());
        if (at == code.length() && at > 0 && code.charAt(at - 1) == '\n') at--;   // "end of file": point at the last line
        int lineStart = code.lastIndexOf('\n', at - 1) + 1;
        int lineEnd = code.indexOf('\n', at);
        if (lineEnd < 0) lineEnd = code.length();
        if (from < lineStart || from > lineEnd) from = at;
        if (to > lineEnd) to = lineEnd;
        if (to <= from) to = from + 1;
        int line = SnippetSplitter.lineOf(code, at);
        // a line of thousands of characters is shown as the part around the error, not whole
        int shownFrom = lineEnd - lineStart <= SHOWN_LINE ? lineStart : Math.max(lineStart, Math.min(at - SHOWN_LINE / 2, lineEnd - SHOWN_LINE));
        int shownTo = Math.min(lineEnd, shownFrom + SHOWN_LINE);
        String before = shownFrom > lineStart ? "..." : "";
        String text = before + code.substring(shownFrom, shownTo) + (shownTo < lineEnd ? "..." : "");
        int shift = shownFrom - lineStart - before.length();
        from = Math.max(from, shownFrom);
        to = Math.max(from + 1, Math.min(to, shownTo));
        return new CompileError(ref.name(), ref.firstLine() + line - 1, at - lineStart + 1, text,
                from - lineStart + 1 - shift, to - lineStart - shift, message);
    }

    /** The most characters of a line that a compile error shows. */
    private static final int SHOWN_LINE = 160;

    private static int clamp(int i, int max) {
        return Math.max(0, Math.min(i, max));
    }

    /** javac's messages name JShell's wrapper classes; a learner never wrote those. */
    private static final Pattern SHADOWED_STEP = Pattern.compile("^method (next|stop|skip) in class (\\w+) cannot be applied");

    /**
     * A class with its own {@code next}, {@code stop} or {@code skip} method hides the runtime's inside
     * it, so that {@code loop(0, (n, m) -> stop(n))} calls the class's method: says how to reach the
     * runtime's.
     */
    static String shadowHint(String message) {
        Matcher m = SHADOWED_STEP.matcher(message);
        return !m.find() ? "" : "\nhint: inside class " + m.group(2) + ", its own " + m.group(1) + "(...) hides the state loop's "
                + m.group(1) + "(...); write Step." + m.group(1) + "(...) there";
    }

    static String clean(String message) {
        return CellFrames.cleanMessage(message).replaceAll("\\n\\s*location: class\\s*$", "");
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

    /** The names of the variables that {@code code} declares (without running it), in order. */
    public List<String> variablesIn(String code) {
        synchronized (lock) {
            List<String> names = new ArrayList<>();
            try {
                for (CodePiece piece : SnippetSplitter.split(analysis, code)) {
                    for (Snippet s : analysis.sourceToSnippets(piece.source())) {
                        if (s instanceof VarSnippet v && v.subKind() != Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND && !names.contains(v.name())) {
                            names.add(v.name());
                        }
                    }
                }
            } catch (RuntimeException e) {
                // a question for a message: no answer is an answer
            }
            return names;
        }
    }

    /**
     * Sets the variables called {@code names} that hold objects to null, so that what they hold can
     * be collected (the memory watchdog's last resort for a cell that filled the heap). Returns the
     * names it cleared, with their types.
     */
    public List<String> clearVariables(List<String> names) {
        synchronized (lock) {
            List<String> cleared = new ArrayList<>();
            for (String name : names) {
                Optional<VarSnippet> v = shell.variables().filter(x -> x.name().equals(name)).reduce((a, b) -> b);
                if (v.isEmpty()) continue;
                try {
                    Class<?> wrapper = loader.findClass(analysis.wrapper(v.get()).fullClassName());
                    java.lang.reflect.Field f = wrapper.getDeclaredField(name);
                    if (f.getType().isPrimitive()) continue;
                    f.setAccessible(true);
                    f.set(null, null);
                    cleared.add(clean(v.get().typeName()) + " " + name);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    log.accept("cannot clear variable " + name + ": " + e);
                }
            }
            return cleared;
        }
    }

    /** Where stack frames of cell code come from. Thread-safe. */
    public CellFrames frames() {
        return frames;
    }

    // ------------------------------------------------------------------ questions about code

    /** Completion candidates at {@code cursor} (a {@code char} index into {@code code}). */
    public Completion complete(String code, int cursor) {
        synchronized (lock) {
            String prefix = code.substring(0, cursor);
            int start = lastPieceStart(prefix);
            String piece = prefix.substring(start);
            int[] anchor = new int[1];
            List<Suggestion> suggestions = analysis.completionSuggestions(piece, piece.length(), anchor);
            LinkedHashSet<String> matches = new LinkedHashSet<>();
            for (Suggestion s : suggestions) if (s.matchesType()) matches.add(s.continuation());
            for (Suggestion s : suggestions) matches.add(s.continuation());
            int from = suggestions.isEmpty() ? cursor : start + anchor[0];
            return new Completion(List.copyOf(matches), from, cursor);
        }
    }

    /**
     * The documentation of what is at {@code cursor} (a {@code char} index): a variable's type and
     * value, or the signatures and Javadoc of a class, method or field. Frontends send the cursor at
     * the end of a word or inside it, or just after an opening parenthesis. Empty if there is
     * nothing to say.
     */
    public List<Doc> documentation(String code, int cursor) {
        synchronized (lock) {
            int end = cursor;
            while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) end++;
            int start = lastPieceStart(code.substring(0, end));
            String piece = code.substring(start, end);
            Optional<Doc> variable = variable(piece);
            if (variable.isPresent()) return List.of(variable.get());
            if (!javadocInstalled) {
                javadocInstalled = true;
                javadocForRuntime = JavadocSources.install(log);
            }
            List<Documentation> docs = analysis.documentation(piece, piece.length(), true);
            if (docs.isEmpty() && !piece.endsWith("(")) {
                docs = analysis.documentation(piece + "(", piece.length() + 1, true);
            }
            List<Doc> out = new ArrayList<>();
            for (Documentation d : docs) out.add(new Doc(clean(d.signature()), JavadocText.toText(d.javadoc())));
            return out;
        }
    }

    private Optional<Doc> variable(String piece) {
        int i = piece.length();
        while (i > 0 && Character.isJavaIdentifierPart(piece.charAt(i - 1))) i--;
        String name = piece.substring(i);
        if (name.isEmpty() || i > 0 && piece.charAt(i - 1) == '.') return Optional.empty();
        Optional<VarSnippet> v = shell.variables().filter(x -> x.name().equals(name)).reduce((a, b) -> b);
        if (v.isEmpty()) return Optional.empty();
        String value;
        try {
            value = shell.varValue(v.get());
        } catch (RuntimeException e) {
            value = "(its value cannot be shown: " + e.getMessage() + ")";
        }
        return Optional.of(new Doc(clean(v.get().typeName()) + " " + name + " = " + value, ""));
    }

    /** Whether {@code code} is ready to run (for Jupyter's is_complete). */
    public Completeness completeness(String code) {
        synchronized (lock) {
            int offset = 0;
            while (true) {
                String rest = code.substring(offset);
                if (rest.isBlank()) return new Completeness(Completeness.Status.COMPLETE, "");
                CompletionInfo info = analysis.analyzeCompletion(rest);
                switch (info.completeness()) {
                    case EMPTY -> {
                        return new Completeness(Completeness.Status.COMPLETE, "");
                    }
                    case COMPLETE, COMPLETE_WITH_SEMI -> {
                        if (info.remaining().isBlank()) return new Completeness(Completeness.Status.COMPLETE, "");
                        int consumed = rest.length() - info.remaining().length();
                        if (consumed <= 0) return new Completeness(Completeness.Status.UNKNOWN, "");
                        offset += consumed;
                    }
                    case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                        return new Completeness(Completeness.Status.INCOMPLETE, "    ".repeat(Math.max(0, openBlocks(code))));
                    }
                    default -> {
                        return new Completeness(Completeness.Status.INVALID, "");
                    }
                }
            }
        }
    }

    /** How many braces and parentheses are open at the end of {@code code}, ignoring strings and comments. */
    static int openBlocks(String code) {
        int depth = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '/' && i + 1 < code.length() && code.charAt(i + 1) == '/') {
                while (i < code.length() && code.charAt(i) != '\n') i++;
            } else if (c == '/' && i + 1 < code.length() && code.charAt(i + 1) == '*') {
                int close = code.indexOf("*/", i + 2);
                i = close < 0 ? code.length() : close + 1;
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < code.length() && code.charAt(i) != c && code.charAt(i) != '\n') {
                    if (code.charAt(i) == '\\') i++;
                    i++;
                }
            } else if (c == '{' || c == '(') {
                depth++;
            } else if (c == '}' || c == ')') {
                depth--;
            }
        }
        return depth;
    }

    /** Where the snippet that {@code prefix} ends in starts. */
    private int lastPieceStart(String prefix) {
        int offset = 0;
        while (true) {
            String rest = prefix.substring(offset);
            CompletionInfo info = analysis.analyzeCompletion(rest);
            boolean complete = info.completeness() == SourceCodeAnalysis.Completeness.COMPLETE
                    || info.completeness() == SourceCodeAnalysis.Completeness.COMPLETE_WITH_SEMI;
            int consumed = rest.length() - info.remaining().length();
            if (!complete || info.remaining().isBlank() || consumed <= 0 || !rest.endsWith(info.remaining())) {
                return offset + SnippetSplitter.leadingBlank(rest);
            }
            offset += consumed;
        }
    }

    // ------------------------------------------------------------------ class path

    /** Makes the classes of {@code path} (a jar or a directory) available to cells from now on. */
    public void addToClasspath(Path path) {
        synchronized (lock) {
            shell.addToClasspath(path.toAbsolutePath().toString());
            classpathAdded.add(path.toAbsolutePath());
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

    /** Whether inspect shows the runtime's Javadoc (known after the first documentation request). */
    public boolean javadocForRuntime() {
        return javadocForRuntime;
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
        synchronized (lock) {
            analysis.completionSuggestions("Str", 3, new int[1]);
            analysis.analyzeCompletion("int x = 1");
        }
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

    /** Turns JShell's own diagnostic output into log lines. */
    private static final class LogOutputStream extends OutputStream {
        private final Consumer<String> log;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        LogOutputStream(Consumer<String> log) {
            this.log = log;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                log.accept("jshell: " + line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }
    }
}
