package loombook.kernel.notebook;

import java.util.Map;

/**
 * Where one cell's output goes: implemented by the layer that speaks Jupyter, which stamps every
 * message with the cell's request. It stays valid after the cell finished, so that processes the
 * cell started keep printing under it. Thread-safe: processes write concurrently.
 */
public interface CellOutput {
    /** Text the cell (or one of its processes) wrote to standard output. */
    void stdout(String text);

    /** Text written to standard error: errors, warnings, crash reports. */
    void stderr(String text);

    /**
     * A rich output: {@code data} by MIME type, with {@code metadata}. With {@code update}, replaces
     * the outputs that were shown with {@code displayId} instead of adding one.
     */
    void display(Map<String, Object> data, Map<String, Object> metadata, String displayId, boolean update);

    /**
     * Asks the user for a line of input (for {@code System.in}); returns null if the frontend
     * cannot ask (Jupyter's {@code allow_stdin} is false, or the cell is over).
     *
     * @throws InterruptedException if the cell is interrupted while waiting
     */
    String readLine(String prompt, boolean password) throws InterruptedException;
}
