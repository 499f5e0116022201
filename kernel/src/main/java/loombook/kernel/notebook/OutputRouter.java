package loombook.kernel.notebook;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import loombook.GroupLeader;
import loombook.Process;

/**
 * Replaces {@code System.out}, {@code System.err} and {@code System.in} with streams that find,
 * for every write, the cell the writing thread belongs to:
 *
 * <ol>
 *   <li>a process writes to its group leader's cell (inherited from the cell that spawned it), or
 *       to its group leader's own streams if that is not a cell's (one that code set, such as a
 *       controlled run's, which keeps what its processes print);</li>
 *   <li>a plain thread started by a cell writes to that cell (an inherited thread-local);</li>
 *   <li>any other thread writes to the cell running now, and between cells to the kernel's log.</li>
 * </ol>
 */
final class OutputRouter {
    private final PrintStream logOut;
    private final PrintStream logErr;
    private final InheritableThreadLocal<CellGroupLeader> startedBy = new InheritableThreadLocal<>();
    private volatile CellGroupLeader running;
    private PrintStream savedOut, savedErr;
    private InputStream savedIn;

    OutputRouter(PrintStream logOut, PrintStream logErr) {
        this.logOut = logOut;
        this.logErr = logErr;
    }

    /** Puts the routing streams in place of {@code System.out/err/in}. */
    synchronized void install() {
        if (savedOut != null) return;
        savedOut = System.out;
        savedErr = System.err;
        savedIn = System.in;
        System.setOut(new PrintStream(new Route(false), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Route(true), true, StandardCharsets.UTF_8));
        System.setIn(new StdinRouter(this));
    }

    /** Puts the original streams back. */
    synchronized void uninstall() {
        if (savedOut == null) return;
        System.setOut(savedOut);
        System.setErr(savedErr);
        System.setIn(savedIn);
        savedOut = null;
    }

    /**
     * Marks {@code cell} as the one running now, and gives it working streams: fresh routing streams
     * take the place of {@code System.out} and {@code System.err}, whatever an earlier cell did to
     * them (closed them, or a {@code PrintWriter} around them; replaced them; or a thread that holds
     * their monitor for ever). The routes themselves have nothing to close.
     */
    void enter(CellGroupLeader cell) {
        running = cell;
        renewStreams();
    }

    private synchronized void renewStreams() {
        if (savedOut == null) return;
        System.setOut(new PrintStream(new Route(false), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Route(true), true, StandardCharsets.UTF_8));
    }

    /** Marks that no cell is running. */
    void leave() {
        running = null;
    }

    /** The cell running now, or null. */
    CellGroupLeader running() {
        return running;
    }

    /** Called on the cell's own thread: threads it starts inherit the cell. */
    void adoptCurrentThread(CellGroupLeader cell) {
        startedBy.set(cell);
    }

    /**
     * The group leader of the current process when it is neither a cell's nor the system's: its
     * output goes to that group leader's own streams. Null otherwise.
     */
    private static GroupLeader ownLeader() {
        GroupLeader gl = Process.groupLeader();
        return gl instanceof CellGroupLeader || gl == GroupLeader.system() ? null : gl;
    }

    /** Set while a write goes to a group leader's own stream (which might be this router again). */
    private static final ThreadLocal<Boolean> FORWARDING = new ThreadLocal<>();

    /** The cell the current thread's output belongs to, or null (the log). */
    CellGroupLeader cellOfCurrentThread() {
        GroupLeader gl = Process.groupLeader();
        if (gl instanceof CellGroupLeader c) return c;
        CellGroupLeader c = startedBy.get();
        return c != null ? c : running;
    }

    /** One of the two output streams, routing each write. */
    private final class Route extends OutputStream {
        private final boolean err;

        Route(boolean err) {
            this.err = err;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            GroupLeader own = FORWARDING.get() == null ? ownLeader() : null;
            if (own != null) {
                FORWARDING.set(Boolean.TRUE);
                try {
                    (err ? own.err() : own.out()).write(b, off, len);
                    return;
                } finally {
                    FORWARDING.remove();
                }
            }
            CellGroupLeader cell = cellOfCurrentThread();
            try {
                if (cell != null) {
                    (err ? cell.errBytes() : cell.outBytes()).write(b, off, len);
                } else {
                    (err ? logErr : logOut).write(b, off, len);
                }
            } catch (java.io.IOException e) {
                // a closed stream: the output is lost, as with a closed terminal
            }
        }

        @Override
        public void flush() {
            if (cellOfCurrentThread() == null) (err ? logErr : logOut).flush();
        }
    }

    /** The kernel's log streams (real standard output and error unless a test says otherwise). */
    static GroupLeader log(PrintStream out, PrintStream err) {
        return GroupLeader.of("kernel log", out, err);
    }
}
