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
public record CompileError(String cell, int line, int column, String lineText, int markFrom, int markTo, String message) {}
