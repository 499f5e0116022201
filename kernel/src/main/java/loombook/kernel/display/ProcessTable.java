package loombook.kernel.display;

import java.util.List;
import loombook.ProcessInfo;

/**
 * A table of processes, one row each: what {@code %processes} shows. Rendered as an HTML table
 * (and aligned text) by the standard renderers.
 *
 * @param rows the processes, in the order to show them
 */
public record ProcessTable(List<ProcessInfo> rows) {
    /** Copies the list. */
    public ProcessTable {
        rows = List.copyOf(rows);
    }
}
