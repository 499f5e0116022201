package loombook.kernel.eval;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.SourceCodeAnalysis.SnippetWrapper;

/**
 * Maps stack frames of classes compiled from cells back to cell lines. JShell compiles each snippet
 * into a wrapper class ({@code REPL.$JShell$12}), recompiles a snippet into a new one when what it
 * uses changes ({@code REPL.$JShell$12B}), and compiles snippets that use each other into one class
 * ({@code REPL.$JShell$12B_13}); this remembers, for each wrapper class, which of its lines come
 * from which snippet, and where in which cell that snippet was written.
 *
 * <p>Thread-safe: crash reports of processes running code written in cells are formatted on the
 * processes' own threads, while the evaluator registers new snippets.
 */
public final class CellFrames {
    private static final String PREFIX = "REPL.$JShell$";

    /** Where the lines of one wrapper class come from: for each wrapped line, a cell and a line in it (0: none). */
    private record Origin(String[] cellOfLine, int[] cellLineOfLine) {}

    /**
     * One snippet of a wrapper class, and where it was written.
     *
     * @param wrapper JShell's view of the snippet in its class
     * @param ref the cell (or file) it was evaluated from
     * @param lineInCode the line of that code the snippet starts at, from 1
     */
    record Placed(SnippetWrapper wrapper, CellRef ref, int lineInCode) {}

    private final Map<String, Origin> byClass = new ConcurrentHashMap<>();

    /** An empty map; the evaluator fills it as snippets run. */
    public CellFrames() {}

    /**
     * Remembers the snippets of one wrapper class (all of {@code snippets} share it): each line of
     * the class that belongs to one of them maps to that snippet's cell line.
     */
    void register(List<Placed> snippets) {
        if (snippets.isEmpty()) return;
        String wrapped = snippets.getFirst().wrapper().wrapped();
        String[] lines = wrapped.split("\n", -1);
        String[] cell = new String[lines.length + 1];
        int[] line = new int[lines.length + 1];
        for (Placed p : snippets) {
            SnippetWrapper w = p.wrapper();
            String source = w.source();
            if (source.isEmpty()) continue;
            int from = Integer.MAX_VALUE, to = -1;        // a variable's wrap puts its initializer after its declaration
            for (int i = 0; i < source.length(); i++) {
                int at = w.sourceToWrappedPosition(i);
                if (at < 0) continue;
                from = Math.min(from, at);
                to = Math.max(to, at);
            }
            if (to < 0) continue;
            int pos = 0;
            for (int l = 0; l < lines.length; l++) {
                int start = pos;
                pos += lines[l].length() + 1;
                if (pos <= from || start > to) continue;
                int src = sourceLine(w, source, lines[l], start, from, to);
                if (src < 1) continue;
                cell[l + 1] = p.ref().name();
                line[l + 1] = p.ref().firstLine() + p.lineInCode() - 1 + src - 1;
            }
        }
        byClass.put(snippets.getFirst().wrapper().fullClassName(), new Origin(cell, line));
    }

    /** The line of {@code source} that the first code on this wrapped line comes from, or -1. */
    private static int sourceLine(SnippetWrapper w, String source, String line, int lineStart, int from, int to) {
        for (int i = 0; i < line.length(); i++) {
            if (Character.isWhitespace(line.charAt(i))) continue;
            int at = lineStart + i;
            if (at < from || at > to) continue;
            int src = w.wrappedToSourcePosition(at);
            if (src >= 0) return SnippetSplitter.lineOf(source, src);
        }
        return -1;
    }

    /** The cell location of {@code frame}, if it is a frame of code written in a cell. */
    public Optional<CellFrame> locate(StackTraceElement frame) {
        String cls = frame.getClassName();
        String outer = outerClass(cls);
        if (outer == null) return Optional.empty();
        Origin o = byClass.get(outer);
        int wrappedLine = frame.getLineNumber();
        if (o == null || wrappedLine <= 0 || wrappedLine >= o.cellOfLine().length || o.cellOfLine()[wrappedLine] == null) {
            return Optional.empty();
        }
        return Optional.of(new CellFrame(o.cellOfLine()[wrappedLine], o.cellLineOfLine()[wrappedLine], function(cls, outer, frame.getMethodName())));
    }

    /** Whether {@code className} was compiled from a cell. */
    public static boolean isCellClass(String className) {
        return outerClass(className) != null;
    }

    /**
     * The name a learner gave the class: {@code REPL.$JShell$12$Greeter} (or {@code $JShell$12B$Greeter},
     * recompiled) is {@code Greeter}; a lambda's class is {@code lambda}; a name that is not a cell's is
     * returned as it is.
     */
    public static String displayName(String className) {
        String outer = outerClass(className);
        if (outer == null) return className;
        if (className.length() == outer.length()) return "cell";
        String inner = className.substring(outer.length() + 1);
        int lambda = inner.indexOf("$$Lambda");
        if (lambda >= 0) return lambda == 0 ? "lambda" : "lambda in " + inner.substring(0, lambda).replace('$', '.');
        return inner.replace('$', '.');
    }

    /**
     * {@code message} with JShell's wrapper class names taken out: a NullPointerException says
     * {@code because "s" is null}, not {@code because "REPL.$JShell$21.s" is null}; a lambda's
     * {@code toString} ({@code REPL.$JShell$21$$Lambda/0x...@5a2e}) says {@code a lambda}.
     */
    public static String cleanMessage(String message) {
        if (message == null || !message.contains("$JShell$")) return message;
        return message.replaceAll("(REPL\\.)?\\$JShell\\$[0-9A-Z_]+\\$\\$Lambda[/0-9a-zA-Z$.]*(@[0-9a-f]+)?", "a lambda")
                .replaceAll("(REPL\\.)?\\$JShell\\$[0-9A-Z_]+[.$]", "");
    }

    private static String function(String cls, String outer, String method) {
        String owner = cls.length() > outer.length() ? displayName(cls) : null;
        if (owner != null && owner.startsWith("lambda")) owner = null;
        String name;
        if (method.equals("do_it$")) {
            name = null;
        } else if (method.startsWith("lambda$")) {
            String in = method.substring("lambda$".length());
            int cut = in.indexOf('$');
            in = cut < 0 ? in : in.substring(0, cut);
            name = in.isEmpty() || in.equals("do_it") || in.equals("static") || in.equals("new") ? "lambda" : "lambda in " + in;
        } else if (method.equals("<init>")) {
            name = "new " + (owner == null ? "" : owner);
            owner = null;
        } else if (method.equals("<clinit>")) {
            name = "static initializer";
        } else {
            name = method;
        }
        if (owner != null && name != null && !name.startsWith("lambda")) {
            name = owner + "." + name;
        }
        return name;
    }

    /**
     * {@code REPL.$JShell$12} for any class compiled from snippet 12, {@code REPL.$JShell$12B_13}
     * for one JShell recompiled together with snippet 13; null for other classes.
     */
    private static String outerClass(String cls) {
        if (!cls.startsWith(PREFIX)) return null;
        int i = PREFIX.length();
        if (i >= cls.length() || !Character.isDigit(cls.charAt(i))) return null;
        while (i < cls.length() && (Character.isDigit(cls.charAt(i)) || cls.charAt(i) >= 'A' && cls.charAt(i) <= 'Z' || cls.charAt(i) == '_')) i++;
        return cls.substring(0, i);
    }
}
