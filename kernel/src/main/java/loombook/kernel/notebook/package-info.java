/**
 * The notebook: Java evaluation joined to the runtime, and what a learner sees of it. Cells run as
 * the notebook's process ({@code self()} and its mailbox live across cells), each cell is the group
 * leader of what it spawns (so late output and crash reports land under it), {@code System.out},
 * {@code err} and {@code in} are routed to the cell that owns the writing thread, magics run in
 * their place among the Java code, values are rendered, errors become tracebacks with cell lines,
 * and a memory watchdog keeps runaway allocation from taking the kernel down.
 *
 * <p>The entry class is {@link loombook.kernel.notebook.Notebook}: {@code run(code, count, output)}
 * runs a cell and writes to a {@link loombook.kernel.notebook.CellOutput} (which the Jupyter floor
 * implements), returning a {@link loombook.kernel.notebook.CellReport}; completion, inspection and
 * readiness answer the frontend's questions.
 *
 * <p>This floor uses evaluation ({@code eval}), display, magics, the visual tools and the runtime's
 * public API; it knows nothing of Jupyter's wire.
 *
 * <pre>{@code
 * Notebook nb = Notebook.builder().workingDirectory(Path.of(".")).build();
 * CellReport r = nb.run("Pid p = spawn(() -> {});\n6 * 7", 1, output);   // r.result(): {text/plain=42}
 * }</pre>
 */
package loombook.kernel.notebook;
