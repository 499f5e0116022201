package loombook.kernel.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive statements of a long cell, compiled as one block: JShell compiles and loads every
 * snippet as a class of its own (some 15 ms each), so a cell of 2,000 one-line statements
 * ({@code c++; c++; ...}) took over 30 s (issue 16). A run of at least {@link #MIN_RUN} statements
 * (not declarations, which later snippets must see, and never the cell's last snippet, whose value
 * the cell shows) becomes one {@code { ... }} snippet of at most {@link #MAX_CHARS} characters,
 * each statement on its own line of the cell, so that a stack trace names the right line. A batch
 * that does not compile as a block (an expression that is no statement, {@code 1 + 1;}) is
 * evaluated statement by statement as before: nothing of it ran, and the statement at fault gets
 * its own error.
 *
 * <p>Cells of fewer than {@link #MIN_PIECES} snippets are left as they are.
 */
final class StatementBatches {
    /** The fewest consecutive statements made into one block. */
    static final int MIN_RUN = 8;
    /** The fewest snippets in a cell for it to be looked at. */
    static final int MIN_PIECES = 16;
    /** The most characters of statements in one block (far below a method's 64 KB of bytecode). */
    static final int MAX_CHARS = 8_000;

    private StatementBatches() {}

    /** {@code pieces}, the snippets of {@code code} in order, with long runs of statements batched; a new, mutable list. */
    static List<CodePiece> of(String code, List<CodePiece> pieces) {
        List<CodePiece> out = new ArrayList<>(pieces.size());
        if (pieces.size() < MIN_PIECES) {
            out.addAll(pieces);
            return out;
        }
        List<CodePiece> run = new ArrayList<>();
        int runChars = 0;
        for (int i = 0; i < pieces.size(); i++) {
            CodePiece p = pieces.get(i);
            boolean statement = i < pieces.size() - 1 && p.complete() && isStatement(p.source());
            if (statement && runChars + p.source().length() <= MAX_CHARS) {
                run.add(p);
                runChars += p.source().length();
                continue;
            }
            flush(code, run, out);
            runChars = 0;
            if (statement) {
                run.add(p);
                runChars = p.source().length();
            } else {
                out.add(p);
            }
        }
        flush(code, run, out);
        return out;
    }

    private static void flush(String code, List<CodePiece> run, List<CodePiece> out) {
        if (run.size() >= MIN_RUN) out.add(block(code, run));
        else out.addAll(run);
        run.clear();
    }

    /** The statements of {@code run} as one block, each on the line it has in {@code code}. */
    static CodePiece block(String code, List<CodePiece> run) {
        StringBuilder b = new StringBuilder("{ ");
        int line = SnippetSplitter.lineOf(code, run.get(0).offset());
        for (CodePiece p : run) {
            int at = SnippetSplitter.lineOf(code, p.offset());
            if (at > line) {
                b.append("\n".repeat(at - line));
            } else {
                b.append(' ');
            }
            b.append(p.source());
            line = at + (int) p.source().chars().filter(c -> c == '\n').count();
        }
        b.append(" }");
        return new CodePiece(b.toString(), run.get(0).offset(), true, List.copyOf(run));
    }

    /**
     * Whether {@code source} is plainly a statement, by its first tokens: an assignment or increment
     * of a name, a field or an array element ({@code c++;}, {@code a[i] = 2;}, {@code p.x += 1;}), a
     * method call ({@code list.add(3);}), or a statement keyword ({@code if}, {@code for},
     * {@code while}, {@code do}, {@code switch}, {@code try}, {@code throw}, {@code synchronized}).
     * A declaration never matches ({@code Type name} is two names in a row), so nothing a later
     * snippet needs goes into a block; an expression that matches but is no statement makes the
     * block fail to compile, and its statements run one by one.
     */
    static boolean isStatement(String source) {
        return STATEMENT.matcher(source).lookingAt();
    }

    private static final String NAME = "[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*";
    private static final java.util.regex.Pattern STATEMENT = java.util.regex.Pattern.compile(
            "(?:(?:\\+\\+|--)\\s*" + NAME
            + "|" + NAME + "(?:\\s*\\.\\s*" + NAME + "|\\s*\\[[^\\]\\n]*\\])*\\s*(?:\\+\\+|--|[-+*/%&|^]?=(?!=)|<<=|>>>?=|\\()"
            + "|(?:if|for|while|do|switch|try|throw|synchronized)\\b)");
}
