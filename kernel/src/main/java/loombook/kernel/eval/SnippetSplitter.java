package loombook.kernel.eval;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

/**
 * Cuts a cell into the snippets JShell evaluates one at a time ({@code int x = 1; x + 1} is two),
 * remembering where each starts so that errors and stack traces can point at cell lines.
 */
final class SnippetSplitter {
    private SnippetSplitter() {}

    /** The snippets of {@code code} in order; whitespace and comments alone make none. */
    static List<CodePiece> split(SourceCodeAnalysis analysis, String code) {
        List<CodePiece> out = new ArrayList<>();
        int offset = 0;
        while (offset < code.length()) {
            String rest = code.substring(offset);
            if (rest.isBlank()) break;
            CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case EMPTY -> {
                    return out;
                }
                case COMPLETE, COMPLETE_WITH_SEMI -> {
                    int consumed = rest.length() - info.remaining().length();
                    if (consumed <= 0 || !rest.endsWith(info.remaining())) {
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
