package loombook.kernel.notebook;

import java.util.Map;

/**
 * How a cell ended: with an optional result to show (the value of its last expression), or with an
 * error. Output written while it ran has already gone to its {@link CellOutput}.
 *
 * @param result the rendered value by MIME type, or null
 * @param resultMetadata metadata for the result (empty if none)
 * @param error what went wrong, or null
 */
public record CellReport(Map<String, Object> result, Map<String, Object> resultMetadata, CellError error) {
    /** Whether the cell ran without error. */
    public boolean ok() {
        return error == null;
    }
}
