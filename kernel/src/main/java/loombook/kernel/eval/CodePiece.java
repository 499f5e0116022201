package loombook.kernel.eval;

import java.util.List;

/**
 * One snippet of a cell, as JShell evaluates it: a declaration, a statement or an expression; or a
 * batch of consecutive statements compiled as one block ({@link StatementBatches}).
 *
 * @param source the text given to JShell (may end with a {@code ;} JShell added)
 * @param offset where the snippet starts in the cell's code (a {@code char} index)
 * @param complete false for the trailing text that JShell considers unfinished or not Java
 * @param parts for a batch, the statements it holds, evaluated one by one if the block does not
 *     compile; empty otherwise
 */
record CodePiece(String source, int offset, boolean complete, List<CodePiece> parts) {
    CodePiece(String source, int offset, boolean complete) {
        this(source, offset, complete, List.of());
    }

    /** Whether this is a batch of statements. */
    boolean batch() {
        return !parts.isEmpty();
    }
}
