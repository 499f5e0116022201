package loombook.kernel.eval;

/**
 * A compile error, placed in the cell: line and column, the line's text, and the columns to mark.
 *
 * @param cell the cell's name ({@code Cell In[5]})
 * @param line the line in the cell, from 1
 * @param column the column of the error, from 1
 * @param lineText the text of that line
 * @param markFrom the first column to underline, from 1
 * @param markTo the last column to underline (at least {@code markFrom})
 * @param message javac's message
 */
public record CompileError(String cell, int line, int column, String lineText, int markFrom, int markTo, String message) {

    /**
     * The error javac reported in {@code piece} of {@code code} at {@code pos} (marking {@code start}
     * to {@code end}; positions in the piece, negative when javac gives none), placed in the cell:
     * the marks stay on the error's line, and an error at the very end ("reached end of file") points
     * at the last line rather than past it.
     */
    static CompileError place(String code, CodePiece piece, long start, long pos, long end, String message, CellRef ref) {
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
}
