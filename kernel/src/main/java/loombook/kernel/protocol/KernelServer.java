package loombook.kernel.protocol;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.ZError;

/**
 * The Jupyter protocol floor of the kernel: binds the five channels of a connection file and runs
 * them, each on its own thread, all blocking on their sockets (so the kernel uses no CPU while
 * idle and answers as soon as a message arrives):
 *
 * <ul>
 *   <li>shell: requests, one at a time ({@link RequestLoop});</li>
 *   <li>control: interrupt and shutdown, answered even while a cell runs;</li>
 *   <li>IOPub: everything published ({@link IoPub});</li>
 *   <li>stdin: input requests ({@link StdinChannel});</li>
 *   <li>heartbeat: echoes pings.</li>
 * </ul>
 *
 * <p>It uses jupyter-jvm-basekernel's message contents, and jeromq sockets directly, instead
 * of basekernel's channel loops (see docs/decisions/0100-kernel-protocol.md).
 */
public final class KernelServer implements AutoCloseable {
    private final ZContext context;
    private final IoPub iopub;
    private final RequestLoop shell;
    private final RequestLoop control;
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private final Consumer<String> log;

    private KernelServer(ConnectionInfo info, KernelHandler handler, Consumer<String> log) throws GeneralSecurityException {
        this.log = log;
        WireCodec codec = new WireCodec(Signer.of(info.key()));
        Headers headers = new Headers();
        context = new ZContext(1);
        context.setLinger(1000);
        ZMQ.Socket shellSocket, controlSocket, stdinSocket, iopubSocket, hbSocket;
        try {
            shellSocket = bind(SocketType.ROUTER, info, info.shellPort());
            controlSocket = bind(SocketType.ROUTER, info, info.controlPort());
            stdinSocket = bind(SocketType.ROUTER, info, info.stdinPort());
            iopubSocket = bind(SocketType.PUB, info, info.iopubPort());
            hbSocket = bind(SocketType.REP, info, info.hbPort());
        } catch (RuntimeException e) {
            context.close();                 // the ports bound so far, and the context's threads
            throw e;
        }
        iopub = new IoPub(iopubSocket, codec, headers, log);
        StdinChannel stdin = new StdinChannel(stdinSocket, codec, headers, log);
        shell = new RequestLoop("shell", shellSocket, codec, headers, iopub, stdin, handler, shutdown::countDown, log);
        control = new RequestLoop("control", controlSocket, codec, headers, iopub, stdin, handler, shutdown::countDown, log);
        start("loombook-heartbeat", () -> heartbeat(hbSocket));
        start("loombook-control", control);
        start("loombook-shell", shell);
        JsonObject starting = new JsonObject();
        starting.addProperty("execution_state", "starting");
        iopub.publish("status", null, starting);
    }

    /** Reads {@code connectionFile}, binds its ports and starts serving {@code handler}. */
    public static KernelServer start(Path connectionFile, KernelHandler handler, Consumer<String> log) throws IOException {
        ConnectionInfo info = ConnectionInfo.read(connectionFile);
        try {
            return new KernelServer(info, handler, log);
        } catch (GeneralSecurityException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private ZMQ.Socket bind(SocketType type, ConnectionInfo info, int port) {
        ZMQ.Socket s = context.createSocket(type);
        s.setLinger(1000);
        String address = info.address(port);
        try {
            if (!s.bind(address)) throw new IllegalStateException("cannot bind " + address);
        } catch (ZMQException e) {
            s.close();
            // Jupyter picks free ports and then starts the kernel: a busy machine can hand one of them
            // to another process meanwhile. Say which, so that a server's log tells it from a bug.
            throw new IllegalStateException("cannot bind " + address + (e.getErrorCode() == ZError.EADDRINUSE
                    ? ": another process took this port after Jupyter chose it (a restart with new ports picks others)"
                    : ": " + e.getMessage()), e);
        }
        return s;
    }

    private static void start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private void heartbeat(ZMQ.Socket hb) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    byte[] ping = hb.recv(0);
                    if (ping == null) continue;
                    hb.send(ping, 0);
                } catch (OutOfMemoryError e) {
                    // a cell filled the heap: miss this beat, not all the others
                }
            }
        } catch (RuntimeException e) {
            // the context closed: the kernel is exiting
        }
    }

    /** Waits until a frontend asks the kernel to shut down. */
    public void awaitShutdown() throws InterruptedException {
        shutdown.await();
    }

    /** Sends what is queued and closes the channels (waiting at most two seconds for the network). */
    @Override
    public void close() {
        shell.stop();
        control.stop();
        iopub.close();
        Thread closer = new Thread(context::close, "loombook-zmq-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) log.accept("the network did not close within 2 s; exiting anyway");
    }
}
