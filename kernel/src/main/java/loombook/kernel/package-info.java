/**
 * The Loombook kernel: a Jupyter kernel for Java 25 whose cells run through the JDK's JShell in the
 * same JVM as the actor runtime, so processes spawned in one cell keep running and later cells talk
 * to them.
 *
 * <p>The entry class is {@link loombook.kernel.Main}, which a kernelspec starts with a connection
 * file; it stacks the floors, each a package with its own {@code package-info}:
 *
 * <pre>
 * protocol   Jupyter's wire: ZeroMQ channels, signed messages          (uses nothing of ours)
 * session    Jupyter's semantics: execution counts, replies, history  (uses protocol, notebook)
 * notebook   cells as the notebook's process, output routing, errors  (uses eval, display, magic, visual, the runtime)
 * eval       JShell evaluation and the woven check                    (uses nothing of ours)
 * display    rich output and renderers                               (uses the runtime)
 * magic      %maven, %load, %processes, %settings...                  (uses display, visual, the runtime)
 * visual     sequence diagrams, live tables, supervision trees        (uses display, the runtime)
 * </pre>
 *
 * No floor reaches two floors down or up ({@code LayeringTest} checks it on the sources), and none
 * reaches into the runtime's internals: the kernel is compiled as a module that requires the
 * runtime's, which exports {@code loombook} and {@code loombook.otp} only. {@link loombook.kernel.Training}
 * is the run behind the kernel's ahead-of-time cache; {@code ParentWatch} ends the
 * kernel when the process that started it is gone. The course's checks are {@code loombook.course}.
 *
 * <pre>{@code
 * Notebook notebook = Notebook.builder().build();
 * KernelServer server = KernelServer.start(connectionFile, new JupyterKernel(notebook), System.err::println);
 * server.awaitShutdown();
 * }</pre>
 */
package loombook.kernel;
