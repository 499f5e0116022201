/**
 * Jupyter's semantics on top of the notebook: execution counts, {@code execute_input} and
 * {@code execute_result}, errors as Jupyter shows them, silent execution and user expressions,
 * history, completion and inspection with positions converted between Jupyter's code points and
 * Java's UTF-16 ({@link loombook.kernel.session.CodePoints}), and the kernel's description.
 *
 * <p>The entry class is {@link loombook.kernel.session.JupyterKernel}, the protocol floor's
 * {@link loombook.kernel.protocol.KernelHandler}; each cell's output goes out as messages of its
 * own execute request ({@link loombook.kernel.session.RequestOutput}), whenever it is written.
 *
 * <p>This floor uses the protocol floor below it and the notebook; it knows nothing of JShell or of
 * processes.
 *
 * <pre>{@code
 * KernelHandler handler = new JupyterKernel(Notebook.builder().build());
 * }</pre>
 */
package loombook.kernel.session;
