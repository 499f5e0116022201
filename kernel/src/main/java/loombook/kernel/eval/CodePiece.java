package loombook.kernel.eval;

/**
 * One snippet of a cell, as JShell evaluates it: a declaration, a statement or an expression.
 *
 * @param source the text given to JShell (may end with a {@code ;} JShell added)
 * @param offset where the snippet starts in the cell's code (a {@code char} index)
 * @param complete false for the trailing text that JShell considers unfinished or not Java
 */
record CodePiece(String source, int offset, boolean complete) {}
