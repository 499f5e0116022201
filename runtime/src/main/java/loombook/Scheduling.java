package loombook;

/**
 * What every scheduler shares about a running process: when it yields (its reductions, in
 * {@link Proc#charge}) and how deep its stack may grow. Where it goes when it yields is its
 * scheduler's business ({@link Scheduler#yieldNow}). See docs/decisions/0002-scheduler.md and
 * 0006-schedulers.md.
 */
final class Scheduling {
    /** The time slice: how long woken processes may run ahead of one that yielded ({@link CoreScheduler}). */
    static volatile long sliceNanos = 1_000_000;

    /** The deepest a process's stack may be, in frames; see {@link #checkDepth}. */
    static volatile int maxStackDepth = 10_000;
    private static final StackWalker WALKER = StackWalker.getInstance();

    private Scheduling() {}

    /**
     * A virtual thread has no stack limit of its own once it yields: each yield moves its frames to
     * the heap, so a recursion that never ends (session 8's literal {@code loop(state)}) would grow
     * until the heap is gone (measured: 19.8 million frames, then OutOfMemoryError). The runtime
     * gives processes the limit a Java programmer expects: past {@link #maxStackDepth} frames, the
     * process gets a {@link StackOverflowError}. Checked at about every 16th yield
     * ({@link Proc#sixteenthYield()}): ~5 us a walk of a normal stack, well under 1% of a busy
     * process's time.
     */
    static void checkDepth() {
        int max = maxStackDepth;
        long depth = WALKER.walk(frames -> frames.limit(max + 1L).count());
        if (depth > max) {
            throw new StackOverflowError("this process's stack is deeper than " + max + " frames: a recursion that "
                    + "does not end? (a state loop should use loop(state, handler); Node.maxStackDepth(n) sets the limit)");
        }
    }
}
