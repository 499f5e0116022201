package loombook.kernel.notebook;

/**
 * Whether a cell is ready to run (Jupyter's is_complete).
 *
 * @param status {@code complete}, {@code incomplete}, {@code invalid} or {@code unknown}
 * @param indent for {@code incomplete}, the indentation for the next line
 */
public record Readiness(String status, String indent) {}
