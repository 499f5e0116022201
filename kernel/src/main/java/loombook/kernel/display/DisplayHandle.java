package loombook.kernel.display;

/**
 * What {@link Display#display(Object)} returns: the id of the output it made, to replace that output
 * later with {@link #update(Object)}, from any cell or process: the output changes where it was
 * shown. A handle that is a cell's last value shows nothing.
 *
 * <pre>{@code
 * var h = display("starting...");
 * // later, even from a process after the cell finished:
 * h.update("done");
 * }</pre>
 *
 * @param id the Jupyter display id
 */
public record DisplayHandle(String id) {
    /** Replaces what this handle's output shows with {@code value}. */
    public void update(Object value) {
        Display.updateDisplay(id, value);
    }
}
