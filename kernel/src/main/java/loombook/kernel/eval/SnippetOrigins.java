package loombook.kernel.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.SnippetWrapper;
import jdk.jshell.TypeDeclSnippet;

/**
 * Where each snippet was written (its cell and line), kept up to date as JShell compiles: the lines
 * of every wrapper class for {@link CellFrames}, and the class each type declared in a cell
 * compiles to now, so that a type that gets a new class is reported as a {@link Redefinition}.
 *
 * <p>Thread-safe for {@link #cellOf}; the rest runs under the evaluator's lock.
 */
final class SnippetOrigins {
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final CellFrames frames;
    private final Consumer<String> log;
    /** Where each snippet was written: its cell, at the line it starts (by snippet id). */
    private final Map<String, CellRef> origins = new ConcurrentHashMap<>();
    /** The binary name of the class each top-level type declared in a cell compiles to now, by name. */
    private final Map<String, String> typeClasses = new ConcurrentHashMap<>();

    SnippetOrigins(JShell shell, CellFrames frames, Consumer<String> log) {
        this.shell = shell;
        this.analysis = shell.sourceCodeAnalysis();
        this.frames = frames;
        this.log = log;
    }

    /** Where snippet {@code id} was written, or null. */
    CellRef cellOf(String id) {
        return origins.get(id);
    }

    /**
     * Records that {@code main} was written in {@code ref}, registers the lines of the wrapper classes
     * of every snippet {@code events} defined or recompiled (JShell recompiles a snippet into a new
     * class when what it uses changes, and snippets that use each other into one class), and returns
     * the types whose class changed.
     */
    List<Redefinition> compiled(Snippet main, CellRef ref, List<SnippetEvent> events) {
        origins.put(main.id(), ref);
        Map<String, List<CellFrames.Placed>> byClass = new LinkedHashMap<>();
        List<Redefinition> redefined = new ArrayList<>();
        for (SnippetEvent e : events) {
            CellRef origin = origins.get(e.snippet().id());
            if (origin == null || !e.status().isActive()) continue;
            try {
                SnippetWrapper w = analysis.wrapper(e.snippet());
                byClass.computeIfAbsent(w.fullClassName(), k -> new ArrayList<>()).add(new CellFrames.Placed(w, origin, 1));
                if (e.snippet() instanceof TypeDeclSnippet t) {
                    String now = w.fullClassName() + "$" + t.name();
                    String before = typeClasses.put(t.name(), now);
                    if (before != null && !before.equals(now)) {
                        redefined.add(new Redefinition(t.name(), before, now, ref.name(), e.snippet() == main));
                    }
                }
            } catch (RuntimeException ex) {
                log.accept("cannot map the lines of snippet " + e.snippet().id() + ": " + ex);
            }
        }
        for (List<CellFrames.Placed> inClass : byClass.values()) {
            try {
                frames.register(inClass);
            } catch (RuntimeException ex) {
                log.accept("cannot map the lines of " + inClass.getFirst().wrapper().fullClassName() + ": " + ex);
            }
        }
        return redefined;
    }

    /**
     * Called just before the code of class {@code className} runs: registers its lines now, from
     * {@code ref}, so that a process it starts that crashes at once already gets cell lines.
     */
    void aboutToRun(String className, CellRef ref) {
        try {
            List<Snippet> all = shell.snippets().toList();
            for (int i = all.size() - 1; i >= 0 && i >= all.size() - 8; i--) {
                SnippetWrapper w = analysis.wrapper(all.get(i));
                if (w.fullClassName().equals(className)) {
                    frames.register(List.of(new CellFrames.Placed(w, ref, 1)));
                    return;
                }
            }
        } catch (RuntimeException e) {
            // registration after the eval returns is the fallback
        }
    }
}
