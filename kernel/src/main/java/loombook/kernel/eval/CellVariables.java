package loombook.kernel.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;

/**
 * The variables of a notebook, for the memory watchdog's last resort: which variables a cell
 * declares, and setting them to null so that what they hold can be collected when a cell filled the
 * heap.
 *
 * <pre>{@code
 * evaluator.variables().declaredIn("int[] big = new int[1 << 28];");   // [big]
 * }</pre>
 *
 * <p>Thread safety: both hold the evaluator's lock.
 */
public final class CellVariables {
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final SnippetClassLoader loader;
    private final Object lock;
    private final Consumer<String> log;

    CellVariables(JShell shell, SnippetClassLoader loader, Object lock, Consumer<String> log) {
        this.shell = shell;
        this.analysis = shell.sourceCodeAnalysis();
        this.loader = loader;
        this.lock = lock;
        this.log = log;
    }

    /** The names of the variables that {@code code} declares (without running it), in order. */
    public List<String> declaredIn(String code) {
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
     * be collected. Returns the names it cleared, with their types.
     */
    public List<String> clear(List<String> names) {
        synchronized (lock) {
            List<String> cleared = new ArrayList<>();
            for (String name : names) {
                Optional<VarSnippet> v = shell.variables().filter(x -> x.name().equals(name)).reduce((a, b) -> b);
                if (v.isEmpty()) continue;
                try {
                    Class<?> wrapper = loader.loadClass(analysis.wrapper(v.get()).fullClassName());   // loaded already: findClass would define it twice
                    java.lang.reflect.Field f = wrapper.getDeclaredField(name);
                    if (f.getType().isPrimitive()) continue;
                    f.setAccessible(true);
                    f.set(null, null);
                    cleared.add(SnippetVerdicts.clean(v.get().typeName()) + " " + name);
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    log.accept("cannot clear variable " + name + ": " + e);
                }
            }
            return cleared;
        }
    }
}
