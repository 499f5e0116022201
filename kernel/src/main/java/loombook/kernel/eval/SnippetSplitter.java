package loombook.kernel.eval;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

/**
 * Cuts a cell into the snippets JShell evaluates one at a time ({@code int x = 1; x + 1} is two),
 * remembering where each starts so that errors and stack traces can point at cell lines.
 *
 * <p>Comments between snippets (before the first, after the last, between two) are left out:
 * JShell keeps the source of every snippet for as long as the snippet lives, and the source of
 * each attempt it makes at an expression, so a cell that starts with a 20 MB comment kept 20 MB
 * (a declaration) to 120 MB (an expression) on the heap for good (issue 16). A comment inside a
 * snippet (in a method body) stays; lines keep their numbers, since each snippet's offset is
 * where its first token is.
 */
final class SnippetSplitter {
    private SnippetSplitter() {}

    /** The snippets of {@code code} in order; whitespace and comments alone make none. */
    static List<CodePiece> split(SourceCodeAnalysis analysis, String code) {
        List<CodePiece> out = new ArrayList<>();
        int offset = 0;
        while (true) {
            offset = skipBlankAndComments(code, offset);
            if (offset >= code.length()) break;
            String rest = code.substring(offset);
            Analysed first = firstSnippet(analysis, rest);
            CompletionInfo info = first.info();
            String text = first.text();
            switch (info.completeness()) {
                case EMPTY -> {
                    return out;
                }
                case COMPLETE, COMPLETE_WITH_SEMI -> {
                    int consumed = text.length() - info.remaining().length();
                    if (consumed <= 0 || !text.endsWith(info.remaining())) {
                        out.add(new CodePiece(rest, offset, false));      // cannot place it: the rest as one
                        return out;
                    }
                    int start = offset + leadingBlank(rest);
                    out.add(new CodePiece(info.source().stripLeading(), start, true));
                    offset += consumed;
                }
                default -> {            // incomplete or unknown: JShell reports what is wrong with it
                    int start = offset + leadingBlank(rest);
                    out.add(new CodePiece(rest.strip(), start, false));
                    return out;
                }
            }
        }
        return out;
    }

    /** How much of the rest of a cell is analysed first to find its next snippet (see {@link #firstSnippet}). */
    static final int WINDOW = 4_096;

    /**
     * JShell's analysis of the first snippet of {@code rest}. The analysis reads all the text it is
     * given, so a cell of thousands of short statements took quadratic time (1.3 s for 2,000 lines);
     * a window of {@link #WINDOW} characters is analysed first, and its answer kept when the
     * snippet ended inside it with more code after it, which the rest of the text cannot change.
     */
    private static Analysed firstSnippet(SourceCodeAnalysis analysis, String rest) {
        if (rest.length() > 2 * WINDOW) {
            String window = rest.substring(0, WINDOW);
            CompletionInfo w = analysis.analyzeCompletion(window);
            boolean complete = w.completeness() == SourceCodeAnalysis.Completeness.COMPLETE
                    || w.completeness() == SourceCodeAnalysis.Completeness.COMPLETE_WITH_SEMI;
            if (complete && !w.remaining().isBlank()) return new Analysed(w, window);
        }
        return new Analysed(analysis.analyzeCompletion(rest), rest);
    }

    /** JShell's analysis of {@code text}, the start of the rest of a cell. */
    private record Analysed(CompletionInfo info, String text) {}

    /**
     * Where the first token at or after {@code from} starts, skipping whitespace, line comments
     * and block comments. {@code from} must be between tokens (the start of the cell, or the end of
     * a snippet), where {@code //} and {@code /*} can only open a comment. An unterminated block
     * comment is not skipped: JShell says what is wrong with it.
     */
    static int skipBlankAndComments(String s, int from) {
        int i = from;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                i += 2;
                while (i < n && s.charAt(i) != '\n' && s.charAt(i) != '\r') i++;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                if (end < 0) return i;
                i = end + 2;
            } else {
                break;
            }
        }
        return i;
    }

    /** How many whitespace characters start {@code s}. */
    static int leadingBlank(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    /** The 1-based line of {@code offset} in {@code text}. */
    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') line++;
        }
        return line;
    }
}
