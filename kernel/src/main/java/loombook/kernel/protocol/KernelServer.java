package loombook.kernel.protocol;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
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
 *   <li>control: interrupt and shutdown, answered even while a cell runs (it runs no user code);</li>
 *   <li>IOPub: everything published ({@link IoPub});</li>
 *   <li>stdin: input requests ({@link StdinChannel});</li>
 *   <li>heartbeat: echoes every ping, whatever its number of frames.</li>
 * </ul>
 *
 * <p>Nothing a peer sends takes it down (see docs/decisions/0106-kernel-hostile-peers.md): every
 * socket caps the size of a frame before a byte of it is buffered ({@link MessageLimits}); signed
 * messages are checked for replays ({@link SeenSignatures}) and for their shape; a channel thread
 * that dies anyway is started again on its socket. If ZeroMQ's own network thread dies (it cannot
 * be restarted in the same process), the kernel logs why and stops ({@link #awaitShutdown()}
 * returns false), so that the frontend restarts it instead of facing a deaf kernel.
 *
 * <p>It uses jupyter-jvm-basekernel's message contents, and jeromq sockets directly, instead
 * of basekernel's channel loops (see docs/decisions/0100-kernel-protocol.md).
 */
public final class KernelServer implements AutoCloseable {
    /** The longest wait before a failed channel thread is started again. */
    static final long MAX_RESTART_DELAY_MS = 1000;

    private final ZContext context;
    private final IoPub iopub;
    private final RequestLoop shell;
    private final RequestLoop control;
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private final AtomicReference<String> networkFailure = new AtomicReference<>();
    private final Consumer<String> log;
    private final Complaints complaints;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    private KernelServer(ConnectionInfo info, KernelHandler handler, MessageLimits limits, Consumer<String> log) throws GeneralSecurityException {
        this.log = log;
        this.complaints = new Complaints(log);
        WireCodec codec = new WireCodec(Signer.of(info.key()), new SeenSignatures(), limits.maxMessageBytes());
        Headers headers = new Headers();
        context = new ZContext(1);
        context.setLinger(1000);
        context.setUncaughtExceptionHandler(this::networkThreadDied);
        ZMQ.Socket shellSocket, controlSocket, stdinSocket, iopubSocket, hbSocket;
        try {
            shellSocket = bind(SocketType.ROUTER, info, info.shellPort(), limits.frameCap());
            controlSocket = bind(SocketType.ROUTER, info, info.controlPort(), limits.frameCap());
            stdinSocket = bind(SocketType.ROUTER, info, info.stdinPort(), limits.frameCap());
            iopubSocket = bind(SocketType.PUB, info, info.iopubPort(), MessageLimits.SMALL_FRAME);
            hbSocket = bind(SocketType.ROUTER, info, info.hbPort(), MessageLimits.SMALL_FRAME);
        } catch (RuntimeException e) {
            context.close();                 // the ports bound so far, and the context's threads
            throw e;
        }
        iopub = new IoPub(iopubSocket, codec, headers, log);
        StdinChannel stdin = new StdinChannel(stdinSocket, codec, headers, complaints);
        EarlyInterrupts early = new EarlyInterrupts();
        shell = new RequestLoop("shell", shellSocket, codec, headers, iopub, stdin, handler, shutdown::countDown, log, complaints, limits, early);
        control = new RequestLoop("control", controlSocket, codec, headers, iopub, stdin, handler, shutdown::countDown, log, complaints, limits, early);
        supervise("loombook-heartbeat", () -> heartbeat(hbSocket));
        supervise("loombook-control", control);
        supervise("loombook-shell", shell);
        JsonObject starting = new JsonObject();
        starting.addProperty("execution_state", "starting");
        iopub.publish("status", null, starting);
    }

    /**
     * Reads {@code connectionFile}, binds its ports and starts serving {@code handler}, with the
     * maximum message size of the kernel's settings ({@link MessageLimits#fromSettings}).
     */
    public static KernelServer start(Path connectionFile, KernelHandler handler, Consumer<String> log) throws IOException {
        return start(connectionFile, handler, MessageLimits.fromSettings(log), log);
    }

    static KernelServer start(Path connectionFile, KernelHandler handler, MessageLimits limits, Consumer<String> log) throws IOException {
        ConnectionInfo info = ConnectionInfo.read(connectionFile);
        try {
            return new KernelServer(info, handler, limits, log);
        } catch (GeneralSecurityException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private ZMQ.Socket bind(SocketType type, ConnectionInfo info, int port, long frameCap) {
        ZMQ.Socket s = context.createSocket(type);
        s.setLinger(1000);
        s.setMaxMsgSize(frameCap);          // checked as a frame is announced, before jeromq allocates for it
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

    /**
     * Runs {@code body} on a daemon thread, and again, after a short growing pause, each time it
     * returns or throws while the server is not closing: a channel never stays without its thread.
     */
    private void supervise(String name, Runnable body) {
        Thread t = new Thread(() -> {
            long delay = 10;
            while (!stopping) {
                try {
                    body.run();
                    if (stopping) return;
                    complaints.refused(name, "thread ended", "the channel's loop returned; starting it again");
                } catch (Throwable e) {
                    if (stopping) return;
                    complaints.refused(name, "thread died", "the channel's loop died (" + e + "); starting it again");
                }
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    return;
                }
                delay = Math.min(delay * 2, MAX_RESTART_DELAY_MS);
            }
        }, name);
        t.setDaemon(true);
        synchronized (threads) {
            threads.add(t);
        }
        t.start();
    }

    /** ZeroMQ's network thread died: nothing reads or writes the sockets any more, and it cannot be restarted here. */
    private void networkThreadDied(Thread t, Throwable e) {
        if (stopping) return;
        if (networkFailure.compareAndSet(null, t.getName() + ": " + e)) {
            try {
                log.accept("the network thread " + t.getName() + " died (" + e + "); the kernel stops so that the frontend"
                        + " restarts it, since a kernel without it hears nothing");
            } catch (RuntimeException | OutOfMemoryError ignored) {
                // stop anyway
            }
            shutdown.countDown();
        }
    }

    /**
     * The heartbeat: a ROUTER socket that sends every message back as it came, all its frames, to
     * the peer that sent it (a REQ's ping of any number of frames comes back whole; a REP could be
     * wedged by a ping of several frames). Nothing a peer sends stops it.
     */
    private void heartbeat(ZMQ.Socket hb) {
        List<byte[]> frames = new ArrayList<>();
        while (!stopping) {
            try {
                frames.clear();
                byte[] f = hb.recv(0);
                if (f == null) continue;
                frames.add(f);
                while (hb.hasReceiveMore() && frames.size() < RequestLoop.MAX_FRAMES) frames.add(hb.recv(0));
                if (hb.hasReceiveMore()) {
                    while (hb.hasReceiveMore()) hb.recv(0);
                    complaints.refused("heartbeat", "too many frames", "a ping of more than " + RequestLoop.MAX_FRAMES + " frames");
                    continue;
                }
                if (frames.size() < 2) continue;     // only a routing identity: nothing to echo
                for (int i = 0; i < frames.size() - 1; i++) hb.sendMore(frames.get(i));
                hb.send(frames.get(frames.size() - 1), ZMQ.DONTWAIT);
            } catch (ZMQException e) {
                if (stopping || e.getErrorCode() == ZMQ.Error.ETERM.getCode()) return;
                complaints.refused("heartbeat", "socket error", String.valueOf(e));
            } catch (OutOfMemoryError e) {
                // a cell filled the heap: miss this beat, not all the others
            } catch (RuntimeException e) {
                complaints.refused("heartbeat", "failed", String.valueOf(e));
            }
        }
    }

    /**
     * Waits until a frontend asks the kernel to shut down (true), or the network failed beyond
     * repair (false: the log says why; the caller should exit with an error status).
     */
    public boolean awaitShutdown() throws InterruptedException {
        shutdown.await();
        return networkFailure.get() == null;
    }

    /** Sends what is queued and closes the channels (waiting at most two seconds for the network). */
    @Override
    public void close() {
        stopping = true;
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
