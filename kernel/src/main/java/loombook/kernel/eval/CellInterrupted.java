package loombook.kernel.eval;

/**
 * Thrown into a cell's own code when the user interrupts the cell and the code is running rather
 * than waiting: woven checks at the loops of snippet code throw it (see {@link CellStop}).
 *
 * <p>It is an {@link Error} so that a student's {@code catch (Exception e)} does not swallow the
 * interrupt; a {@code catch (Throwable t)} that goes on looping meets the next check and gets it
 * again. It never reaches processes: the check throws only on the thread of the cell being stopped.
 */
public final class CellInterrupted extends Error {
    /** An interrupt of the running cell. */
    public CellInterrupted() {
        super("the cell was interrupted", null, false, true);
    }
}
