package loombook.kernel.notebook;

/** A user expression failed; {@link #error()} says how, as for a cell. */
public final class UserExpressionException extends Exception {
    private final transient CellError error;

    UserExpressionException(CellError error) {
        super(error.ename() + ": " + error.evalue(), null, false, false);
        this.error = error;
    }

    /** The error, as for a cell. */
    public CellError error() {
        return error;
    }
}
