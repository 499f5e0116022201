package loombook.kernel.display;

/**
 * Where a display goes: implemented by the notebook, which sends it to the cell that owns the
 * calling thread (its group leader's cell), so that a process displaying after its cell finished
 * still displays there.
 */
public interface DisplaySink {
    /**
     * Shows {@code bundle} as a new output with {@code displayId}, or, with {@code update}, replaces
     * the outputs that have that id wherever they are. An update goes out as the output of the cell
     * that showed the id (VS Code applies it only there), not of the cell that asks for it.
     *
     * @throws IllegalArgumentException for an update of an id that no cell showed
     */
    void display(MimeBundle bundle, String displayId, boolean update);
}
