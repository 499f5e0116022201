package loombook.kernel.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.function.BooleanSupplier;

/**
 * The threads that run code from cells without being a process or a cell's own thread: what a cell
 * started with {@code new Thread(...)}, {@code Thread.startVirtualThread(...)} or an executor. The
 * interrupt stops a cell and {@code %kill} a process; neither reaches these, and one that spins
 * kept a core busy until the kernel restarted (issue 16). A thread is noted here the first time it
 * takes a time slice in woven code (within a tenth of a millisecond of running a loop or a call of
 * cell code), and {@link #stop} ends it at its next woven check, as the interrupt ends a cell.
 *
 * <p>Only threads that run woven code are seen: a thread blocked for good in a JDK call ({@code
 * take()} on an empty queue) is not, until it runs cell code again.
 */
public final class StrayThreads {
    /** The stray threads seen so far (weakly: a thread that ended is forgotten). */
    private static final Map<Thread, Boolean> SEEN = Collections.synchronizedMap(new WeakHashMap<>());
    /** Whether the calling thread is a process; the notebook says (evaluation does not know the runtime). */
    private static volatile BooleanSupplier isProcess = () -> false;

    private StrayThreads() {}

    /** Says how to tell a process from another thread, asked on the thread in question. */
    static void isProcess(BooleanSupplier test) {
        isProcess = Objects.requireNonNull(test);
    }

    /** Called by woven code that takes a time slice: notes the calling thread if it is stray. */
    static void seen() {
        Thread t = Thread.currentThread();
        // the map before the process test: off the runtime's schedulers that test throws, and a stray thread
        // takes a tick every 0.1 ms
        if (t instanceof CellThread.Worker || isKernelThread(t) || SEEN.containsKey(t) || isProcess.getAsBoolean()) return;
        SEEN.put(t, Boolean.TRUE);
    }

    /**
     * The kernel's own threads (all named {@code loombook-...}: they run a cell's code when they
     * render its values, say) and the JVM's main thread: never listed, never stopped.
     */
    private static boolean isKernelThread(Thread t) {
        String name = t.getName();
        return name.startsWith("loombook-") || name.equals("main") && !t.isVirtual();
    }

    /** The stray threads alive now, oldest first by thread id. */
    public static List<Thread> live() {
        List<Thread> out = new ArrayList<>();
        synchronized (SEEN) {
            for (Thread t : SEEN.keySet()) if (t.isAlive()) out.add(t);
        }
        out.sort((a, b) -> Long.compare(a.threadId(), b.threadId()));
        return out;
    }

    /**
     * Stops {@code t}, a stray thread: its next woven check throws (as an interrupted cell's does)
     * and it is interrupted, then waited for up to {@code waitMillis}. Returns whether it ended.
     * Code that catches every error in a loop, or that waits in a JDK call without cell code
     * around it, may not end; its next check throws again.
     */
    public static boolean stop(Thread t, long waitMillis) throws InterruptedException {
        if (t == Thread.currentThread() || isKernelThread(t)) {
            throw new IllegalArgumentException(t.getName() + " is the kernel's own thread, not one a cell started");
        }
        CellStop.stop(t);
        try {
            t.interrupt();
            t.join(waitMillis);
            return !t.isAlive();
        } finally {
            if (t.isAlive()) CellStop.givenUp(t);   // stays marked: each later check throws again
            else CellStop.clear(t);
        }
    }
}
