package loombook;

/**
 * BEAM's reductions for code that does not call the runtime: the hook that the Loombook kernel
 * weaves into the loops and method entries of the classes it compiles from notebook cells, so that
 * a process spinning in {@code while (true) {}} still shares its carrier and still dies when it is
 * killed.
 *
 * <p>Woven code counts iterations in a local variable and calls {@link #consume(int)} once every
 * {@link #CHECK_INTERVAL} of them. Sends and spawns are counted by the runtime itself.
 *
 * <pre>{@code
 * // what woven code does in a loop, in effect (the kernel weaves it into cells for you):
 * long counter = 0;
 * for (int i = 0; i < 1_000_000; i++) {
 *     if ((++counter & (Reductions.CHECK_INTERVAL - 1)) == 0) Reductions.consume(Reductions.CHECK_INTERVAL);
 *     // ... the loop body ...
 * }
 * }</pre>
 */
public final class Reductions {
    /** How many loop iterations or calls woven code counts between two calls to {@link #consume}; a power of two. */
    public static final int CHECK_INTERVAL = 1024;
    /** Reductions charged per {@link #CHECK_INTERVAL} iterations: a loop turn costs as much as a function call on BEAM. */
    static final int COST = 1;

    private Reductions() {}

    /**
     * Charges {@code iterations} loop turns to the calling process: when its reduction budget is
     * used up it yields its carrier, and if it has been killed meanwhile it throws
     * {@link ProcessExit} so that it ends now. On a thread that is not a process (or a host
     * process such as a notebook cell) it only checks for a kill.
     */
    public static void consume(int iterations) {
        Proc p = Proc.current();
        if (p != null) {
            p.checkExit();
            p.charge(Math.max(1, iterations / (CHECK_INTERVAL / 8) * COST));
        }
    }

    /**
     * Ends the calling process's time slice, for code that is preempted by time rather than by
     * counting (the Loombook kernel's woven check calls this once per time slice of cell code): the
     * process is charged what is left of its reduction budget, so it yields its carrier now, exactly
     * as when a budget runs out (see docs/decisions/0002-scheduler.md: mostly behind the processes
     * queued on its carrier, once per time slice through a timed park behind timer wake-ups), and
     * throws {@link ProcessExit} if it has been killed, before or during the yield. On a host process
     * (a notebook cell) it charges and checks for a kill but does not yield; on a thread that is not
     * a process it does nothing.
     */
    public static void endTimeSlice() {
        Proc p = Proc.current();
        if (p == null) return;
        p.checkExit();
        p.charge(Math.max(1, p.budget));
    }

    /** Reductions the calling process has done so far (0 outside a process). */
    public static long count() {
        Proc p = Proc.current();
        return p == null ? 0 : p.reductions;
    }
}
