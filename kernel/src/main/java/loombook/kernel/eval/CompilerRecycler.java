package loombook.kernel.eval;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.function.Consumer;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

/**
 * Keeps JShell's compiler from growing without end. JShell (JDK 25) compiles every snippet in one
 * reused javac context ({@code JavacTaskPool}), and a cache in that context keeps the trees and
 * symbols of each compilation that passes lambdas to generic methods, such as
 * {@code spawn(() -> receive(m -> m))}: measured, the live heap grew from 37 to 145 MB over 700
 * such cells, while with the pool dropped every 50 cells it stayed between 24 and 41 MB.
 *
 * <p>So every {@link #EVERY} evaluations, when the notebook is idle, the evaluator drops JShell's
 * task pool (the method JShell itself calls when the class path changes) and compiles a trivial
 * expression to warm the new context, so that the next cell does not pay for it, and collects the
 * old one (a full collection of a heap of some 50 MB: tens of milliseconds). This reaches into
 * JShell's internals ({@code --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED}); if that fails the
 * kernel logs it once and goes on as plain JShell would.
 */
final class CompilerRecycler {
    /** Evaluations between two recycles. */
    static final int EVERY = 30;

    private final JShell shell;
    private final Consumer<String> log;
    private int evaluations;
    private boolean broken;

    CompilerRecycler(JShell shell, Consumer<String> log) {
        this.shell = shell;
        this.log = log;
    }

    /** Counts one evaluation. */
    void evaluated() {
        evaluations++;
    }

    /** Whether a recycle is due. */
    boolean due() {
        return !broken && evaluations >= EVERY;
    }

    /** Drops the compiler context (the caller holds the evaluator's lock); returns whether it did. */
    boolean recycle() {
        evaluations = 0;
        try {
            Field f = JShell.class.getDeclaredField("taskFactory");
            f.setAccessible(true);
            Object taskFactory = f.get(shell);
            Method init = taskFactory.getClass().getDeclaredMethod("initTaskPool");
            init.setAccessible(true);
            init.invoke(taskFactory);
            shell.sourceCodeAnalysis().analyzeType("1 + 1", 5);    // builds and warms the new context
            // the old context is garbage now (tens of MB): collect it while the notebook is idle, so
            // that the heap gives the memory back instead of growing to make room for the next one
            System.gc();
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            broken = true;
            log.accept("cannot recycle JShell's compiler context (" + e + "); memory may grow with every cell");
            return false;
        }
    }

    private boolean cannotForget;
    /** {@code Snippet.setDiagnostics(DiagList)} and {@code new DiagList()}, looked up at the first rejected snippet. */
    private Method setDiagnostics;
    private java.lang.reflect.Constructor<?> emptyDiagnostics;

    /**
     * Lets go of the compiler diagnostics of {@code rejected}, a snippet that did not compile, once
     * the evaluator has read them. JShell keeps every snippet it has seen, rejected ones too, with
     * their diagnostics, and a javac diagnostic holds the symbols and types of the compiler context
     * that produced it: each failed cell kept a context's worth of symbols alive after
     * {@link #recycle} (measured: about 125 KB a failed cell, 600 cells of {@code int x = "a";} kept
     * 76 MB; issue 16). Needs the same opening of JShell's internals as {@link #recycle}; without
     * it, nothing changes.
     */
    void forgetDiagnostics(Snippet rejected) {
        if (cannotForget) return;
        try {
            if (setDiagnostics == null) {
                Class<?> diagList = Class.forName("jdk.jshell.DiagList");
                Method set = Snippet.class.getDeclaredMethod("setDiagnostics", diagList);
                set.setAccessible(true);
                var empty = diagList.getDeclaredConstructor();
                empty.setAccessible(true);
                emptyDiagnostics = empty;
                setDiagnostics = set;
            }
            setDiagnostics.invoke(rejected, emptyDiagnostics.newInstance());
        } catch (ReflectiveOperationException | RuntimeException e) {
            cannotForget = true;
            log.accept("cannot clear the diagnostics of rejected snippets (" + e + "); each failed cell keeps some memory");
        }
    }
}
