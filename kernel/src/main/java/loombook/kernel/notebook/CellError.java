package loombook.kernel.notebook;

import java.util.List;

/**
 * An error to show for a cell, in Jupyter's terms.
 *
 * @param ename the error's name ({@code java.lang.ArithmeticException}, {@code CompileError}, {@code Interrupted})
 * @param evalue its message
 * @param traceback the lines to show (ANSI colours allowed)
 */
public record CellError(String ename, String evalue, List<String> traceback) {
    /** Copies the list. */
    public CellError {
        traceback = List.copyOf(traceback);
    }
}
