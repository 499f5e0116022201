/**
 * The bottom floor: Jupyter's messaging protocol 5.3 over ZeroMQ. It binds the five channels of a
 * connection file (shell, control, IOPub, stdin, heartbeat), each on its own thread blocking on its
 * socket; checks and makes HMAC signatures; publishes busy and idle around every request; and
 * coalesces stream output. A malformed, badly signed, replayed or oversized message is refused
 * (logged once per kind, answered with an error reply when its header is sound), never fatal; every
 * socket caps its frames before they are buffered, and a channel thread that dies is started again
 * (see {@code docs/decisions/0106-kernel-hostile-peers.md}).
 *
 * <p>The entry class is {@link loombook.kernel.protocol.KernelServer}: it serves one
 * {@link loombook.kernel.protocol.KernelHandler}, the floor above, which gets each request with a
 * {@link loombook.kernel.protocol.Request} to publish through (under that request, now or long
 * after it was answered). {@link loombook.kernel.protocol.LoopbackClient} is a small client for the
 * kernel's own tests and training run.
 *
 * <p>This floor uses jeromq, gson and jupyter-jvm-basekernel's message contents (not its channel
 * loops: see {@code docs/decisions/0100-kernel-protocol.md}), and nothing else of the kernel or the
 * runtime.
 *
 * <pre>{@code
 * KernelServer server = KernelServer.start(Path.of(connectionFile), handler, System.err::println);
 * boolean asked = server.awaitShutdown();   // until a frontend's shutdown_request (false: the network failed)
 * server.close();
 * }</pre>
 */
package loombook.kernel.protocol;
