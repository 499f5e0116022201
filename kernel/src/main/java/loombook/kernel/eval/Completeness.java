package loombook.kernel.eval;

/**
 * Whether a cell is ready to run, for Jupyter's {@code is_complete}: consoles use it to decide
 * whether Enter runs the code or starts a new line.
 *
 * @param status the verdict
 * @param indent for {@link Status#INCOMPLETE}, the indentation to offer on the next line
 */
public record Completeness(Status status, String indent) {
    /** The verdicts of Jupyter's protocol. */
    public enum Status {
        /** Runs as it is. */
        COMPLETE,
        /** Needs more lines (an open brace, a statement without its body). */
        INCOMPLETE,
        /** Can never be valid, whatever follows ({@code }} or {@code int x = ;}). */
        INVALID,
        /** Cannot tell. */
        UNKNOWN
    }
}
