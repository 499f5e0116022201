package loombook.kernel.eval;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scopes an interrupt to one cell. {@link ReductionWeaver} weaves a check into every loop and every
 * calling method of snippet code, the way JShell's own local engine weaves its stop check, but
 * where JShell's check stops every thread running snippet code (and so every process spawned by a
 * cell), this one throws only on the threads of cells being stopped. A process running a lambda
 * written in a cell passes the check untouched.
 *
 * <p>Cost when nothing is being stopped: none of its own; the woven check reads
 * {@link WovenCheck#attention}, which a pending stop keeps set, so that every turn of woven code
 * comes here until the cell has stopped (or its thread was given up).
 */
public final class CellStop {
    private static final Set<Thread> STOPPING = ConcurrentHashMap.newKeySet();
    /** Threads being stopped that have not yet stopped nor been given up; guarded by the class. */
    private static final Set<Thread> PENDING = new HashSet<>();
    private static volatile int stopping;

    private CellStop() {}

    /**
     * Throws {@link CellInterrupted} if the current thread runs a cell that is being stopped, and
     * returns at once otherwise.
     */
    public static void check() {
        if (stopping != 0 && STOPPING.contains(Thread.currentThread())) {
            throw new CellInterrupted();
        }
    }

    /** Starts stopping the cell running on {@code cellThread}: its next check throws. */
    static synchronized void stop(Thread cellThread) {
        STOPPING.add(cellThread);
        PENDING.add(cellThread);
        stopping = STOPPING.size();
        WovenCheck.stopPending(true);
    }

    /** Ends the stop of {@code cellThread} (its cell finished, or the thread ended). */
    static synchronized void clear(Thread cellThread) {
        STOPPING.remove(cellThread);
        PENDING.remove(cellThread);
        stopping = STOPPING.size();
        WovenCheck.stopPending(!PENDING.isEmpty());
    }

    /**
     * {@code cellThread} did not stop in time and was given up: it stays marked (a check it meets
     * still throws at each time slice), but woven code everywhere goes back to its fast path, so that
     * code that will not stop does not slow every process.
     */
    static synchronized void givenUp(Thread cellThread) {
        PENDING.remove(cellThread);
        WovenCheck.stopPending(!PENDING.isEmpty());
    }

    /** Whether {@code cellThread} is being stopped. */
    static boolean isStopping(Thread cellThread) {
        return stopping != 0 && STOPPING.contains(cellThread);
    }
}
