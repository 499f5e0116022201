package loombook.kernel.eval;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scopes an interrupt to one cell. {@link StopCheckWeaver} puts a call to {@link #check()} before
 * every backward jump of snippet code (the loops), the way JShell's own local engine does, but
 * where JShell's check stops every thread running snippet code (and so every process spawned by a
 * cell), this one throws only on the threads of cells being stopped. A process running a lambda
 * written in a cell passes the check untouched.
 *
 * <p>Cost when nothing is being stopped: one read of a volatile int.
 */
public final class CellStop {
    private static final Set<Thread> STOPPING = ConcurrentHashMap.newKeySet();
    private static volatile int stopping;

    private CellStop() {}

    /**
     * Called by woven snippet code at every loop iteration: throws {@link CellInterrupted} if the
     * current thread runs a cell that is being stopped, and returns at once otherwise.
     */
    public static void check() {
        if (stopping != 0 && STOPPING.contains(Thread.currentThread())) {
            throw new CellInterrupted();
        }
    }

    /** Starts stopping the cell running on {@code cellThread}: its next check throws. */
    static synchronized void stop(Thread cellThread) {
        STOPPING.add(cellThread);
        stopping = STOPPING.size();
    }

    /** Ends the stop of {@code cellThread} (its cell finished, or the thread was given up). */
    static synchronized void clear(Thread cellThread) {
        STOPPING.remove(cellThread);
        stopping = STOPPING.size();
    }

    /** Whether {@code cellThread} is being stopped. */
    static boolean isStopping(Thread cellThread) {
        return stopping != 0 && STOPPING.contains(cellThread);
    }
}
