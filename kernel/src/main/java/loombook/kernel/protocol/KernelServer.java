package loombook.kernel.protocol;

import com.google.gson.JsonObject;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

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
 * <p>It uses jupyter-jvm-basekernel's message contents and HMAC, and jeromq sockets directly, instead
 * of basekernel's channel loops (see docs/decisions/0100-kernel-protocol.md).
 */
public final class KernelServer implements AutoCloseable {
    private final ZContext context;
    private final IoPub iopub;
    private final RequestLoop shell;
    private final RequestLoop control;
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private final Consumer<String> log;

    private KernelServer(KernelConnectionProperties props, KernelHandler handler, Consumer<String> log) throws GeneralSecurityException {
        this.log = log;
        String scheme = props.getSignatureScheme();
        if (props.getKey() != null && !props.getKey().isEmpty() && scheme != null && !scheme.startsWith("hmac-")) {
            throw new GeneralSecurityException("unsupported signature scheme " + scheme + " (expected hmac-sha256)");
        }
        WireCodec codec = new WireCodec(props.createHMACGenerator());
        Headers headers = new Headers();
        context = new ZContext(1);
        context.setLinger(1000);
        ZMQ.Socket shellSocket = bind(SocketType.ROUTER, props, props.getShellPort());
        ZMQ.Socket controlSocket = bind(SocketType.ROUTER, props, props.getControlPort());
        ZMQ.Socket stdinSocket = bind(SocketType.ROUTER, props, props.getStdinPort());
        ZMQ.Socket iopubSocket = bind(SocketType.PUB, props, props.getIopubPort());
        ZMQ.Socket hbSocket = bind(SocketType.REP, props, props.getHbPort());
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
        KernelConnectionProperties props;
        try {
            props = KernelConnectionProperties.parse(Files.readString(connectionFile, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IOException("cannot read the connection file " + connectionFile + ": " + e.getMessage(), e);
        }
        if (props == null || props.getIp() == null || props.getTransport() == null) {
            throw new IOException("the connection file " + connectionFile + " has no transport or ip");
        }
        try {
            return new KernelServer(props, handler, log);
        } catch (GeneralSecurityException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private ZMQ.Socket bind(SocketType type, KernelConnectionProperties p, int port) {
        ZMQ.Socket s = context.createSocket(type);
        s.setLinger(1000);
        String address = p.getTransport() + "://" + p.getIp() + (p.getTransport().equals("tcp") ? ":" + port : "-" + port);
        if (!s.bind(address)) throw new IllegalStateException("cannot bind " + address);
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
                byte[] ping = hb.recv(0);
                if (ping == null) continue;
                hb.send(ping, 0);
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
