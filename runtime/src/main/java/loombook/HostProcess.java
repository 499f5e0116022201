package loombook;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A process with no thread of its own: code becomes this process while it runs inside
 * {@link #call} or {@link #run}, on whatever thread calls them. A Jupyter notebook is one (every
 * cell runs as the same process, so {@code self()} and its mailbox live across cells), and so is a
 * {@code main} method that wants to send and receive.
 *
 * <pre>{@code
 * try (HostProcess main = HostProcess.start("main", GroupLeader.system())) {
 *     main.run(() -> {
 *         Pid echo = spawn(() -> { var m = receive(x -> x); System.out.println(m); });
 *         send(echo, "hi");
 *     });
 * }
 * }</pre>
 *
 * <p>Only one thread at a time may run as the host. Links, monitors, {@code trapExit} and exit
 * signals work as for any process: if a linked crash kills it, the code running in it gets
 * {@link ProcessExit} at its next receive, send or sleep, {@link #alive()} turns false, and the
 * embedding starts a new host.
 */
public final class HostProcess implements AutoCloseable {
    private final Proc proc;

    private HostProcess(Proc proc) {
        this.proc = proc;
    }

    /** Starts a host process with a label (shown by introspection) and a group leader. */
    public static HostProcess start(String label, GroupLeader groupLeader) {
        Proc p = Node.newProc(null, null, Objects.requireNonNull(groupLeader, "groupLeader"), true);
        p.label = label;
        Tracing.spawned(null, p);
        return new HostProcess(p);
    }

    /** The host's pid. */
    public Pid pid() {
        return proc.pid;
    }

    /** Whether the host is still alive. */
    public boolean alive() {
        return proc.alive();
    }

    /** Why it died, or null while it is alive. */
    public Object exitReason() {
        return proc.exitReason;
    }

    /** Sets where the host's output goes, and so the group leader of the processes it spawns from now on. */
    public void groupLeader(GroupLeader gl) {
        proc.groupLeader = Objects.requireNonNull(gl, "groupLeader");
    }

    /**
     * Runs {@code body} on the current thread as this process and returns its result. Throws
     * {@link ProcessExit} if the host is dead (before or during the call), and whatever
     * {@code body} throws.
     */
    public <T> T call(Callable<T> body) throws Exception {
        enter();
        try {
            return ScopedValue.where(Proc.CURRENT, proc).call(body::call);
        } finally {
            leave();
        }
    }

    /** As {@link #call}, for code that returns nothing and throws no checked exception. */
    public void run(Runnable body) {
        enter();
        try {
            ScopedValue.where(Proc.CURRENT, proc).run(body);
        } finally {
            leave();
        }
    }

    private void enter() {
        synchronized (proc) {
            if (proc.thread != null) {
                throw new IllegalStateException(proc.pid + " is already running on " + proc.thread.getName()
                        + "; a host process runs on one thread at a time");
            }
            proc.checkExit();
            proc.thread = Thread.currentThread();
        }
        proc.running();
    }

    private void leave() {
        synchronized (proc) {
            proc.thread = null;
        }
    }

    /** Ends the host with reason {@link Reason#NORMAL} (its links and monitors see that). */
    @Override
    public void close() {
        proc.die(Reason.NORMAL);
    }

    @Override
    public String toString() {
        return "HostProcess" + proc.pid;
    }
}
