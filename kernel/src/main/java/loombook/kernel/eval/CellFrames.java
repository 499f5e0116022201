package loombook.kernel.eval;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.SourceCodeAnalysis.SnippetWrapper;

/**
 * Maps stack frames of classes compiled from cells back to cell lines. JShell compiles each snippet
 * into a wrapper class ({@code REPL.$JShell$12}); this remembers, for each one, the cell it came
 * from and how the wrapper's lines map to the cell's.
 *
 * <p>Thread-safe: crash reports of processes running code written in cells are formatted on the
 * processes' own threads, while the evaluator registers new snippets.
 */
public final class CellFrames {
    private static final String PREFIX = "REPL.$JShell$";

    /** Where one wrapper class came from. */
    private record Origin(String cell, int firstLine, int[] sourceLineOfWrappedLine) {}

    private final Map<String, Origin> byClass = new ConcurrentHashMap<>();

    /** An empty map; the evaluator fills it as snippets run. */
    public CellFrames() {}

    /**
     * Remembers the snippet behind {@code wrapper}: it was evaluated from the code of {@code ref},
     * at line {@code lineInCode} of that code (1-based).
     */
    void register(SnippetWrapper wrapper, CellRef ref, int lineInCode) {
        String wrapped = wrapper.wrapped();
        String source = wrapper.source();
        String[] lines = wrapped.split("\n", -1);
        int[] map = new int[lines.length + 1];
        int pos = 0;
        for (int l = 0; l < lines.length; l++) {
            map[l + 1] = sourceLine(wrapper, source, lines[l], pos);
            pos += lines[l].length() + 1;
        }
        byClass.put(wrapper.fullClassName(), new Origin(ref.name(), ref.firstLine() + lineInCode - 1, map));
    }

    private static int sourceLine(SnippetWrapper w, String source, String line, int lineStart) {
        for (int i = 0; i < line.length(); i++) {
            if (Character.isWhitespace(line.charAt(i))) continue;
            int src = w.wrappedToSourcePosition(lineStart + i);
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
        if (o == null || wrappedLine <= 0 || wrappedLine >= o.sourceLineOfWrappedLine.length) return Optional.empty();
        int srcLine = o.sourceLineOfWrappedLine[wrappedLine];
        if (srcLine < 1) return Optional.empty();
        return Optional.of(new CellFrame(o.cell, o.firstLine + srcLine - 1, function(cls, outer, frame.getMethodName())));
    }

    /** Whether {@code className} was compiled from a cell. */
    public static boolean isCellClass(String className) {
        return outerClass(className) != null;
    }

    /**
     * The name a learner gave the class: {@code REPL.$JShell$12$Greeter} is {@code Greeter}, and a
     * name that is not a cell's is returned as it is.
     */
    public static String displayName(String className) {
        String outer = outerClass(className);
        if (outer == null) return className;
        if (className.length() == outer.length()) return "cell";
        return className.substring(outer.length() + 1).replace('$', '.');
    }

    /**
     * {@code message} with JShell's wrapper class names taken out: a NullPointerException says
     * {@code because "s" is null}, not {@code because "REPL.$JShell$21.s" is null}.
     */
    public static String cleanMessage(String message) {
        if (message == null || !message.contains("$JShell$")) return message;
        return message.replaceAll("(REPL\\.)?\\$JShell\\$\\d+[.$]", "");
    }

    private static String function(String cls, String outer, String method) {
        String owner = cls.length() > outer.length() ? cls.substring(outer.length() + 1).replace('$', '.') : null;
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
        if (owner != null && !owner.contains("Lambda") && name != null && !name.startsWith("lambda")) {
            name = owner + "." + name;
        }
        return name;
    }

    /** {@code REPL.$JShell$12} for any class compiled from snippet 12, or null. */
    private static String outerClass(String cls) {
        if (!cls.startsWith(PREFIX)) return null;
        int i = PREFIX.length();
        while (i < cls.length() && Character.isDigit(cls.charAt(i))) i++;
        if (i == PREFIX.length()) return null;
        return cls.substring(0, i);
    }
}
