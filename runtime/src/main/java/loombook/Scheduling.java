package loombook;

import java.util.concurrent.locks.LockSupport;

/**
 * How a process gives up its carrier when its reductions run out, so that no process keeps the
 * others (and timers) waiting. See docs/decisions/0002-scheduler.md.
 *
 * <p>The JDK's virtual-thread scheduler is a ForkJoinPool: a carrier drains its local queue (where
 * processes woken by messages go) and keeps taking from one submission queue while it has work,
 * and processes woken by a timer arrive in another submission queue. A plain
 * {@link Thread#yield()} lets the processes queued beside us run, but a process that keeps
 * yielding (a spawning loop, a chatty pair) could starve the timer queue: in a measurement, 10 ms
 * receive timeouts fired after 60-160 ms behind a spawning loop. So once per time slice a process
 * yields through a timed park, which puts it behind the processes that timers woke, and lets the
 * carrier reach every other submission queue too (processes spawned or woken from platform
 * threads such as a notebook cell, the JDK's I/O poller). It does so whatever else is going on:
 * a version that yielded fairly only while timers were pending let four spinners starve processes
 * spawned from a notebook cell for ever. The cost is one idle carrier for ~7 us per slice at worst.
 */
final class Scheduling {
    /** Wall time a process may run between fair yields. */
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
     * process gets a {@link StackOverflowError}. Checked at every 16th yield: ~5 us a walk of a
     * normal stack, well under 1% of a busy process's time.
     */
    static void checkDepth() {
        int max = maxStackDepth;
        long depth = WALKER.walk(frames -> frames.limit(max + 1L).count());
        if (depth > max) {
            throw new StackOverflowError("this process's stack is deeper than " + max + " frames: a recursion that "
                    + "does not end? (a state loop should use loop(state, handler); Node.maxStackDepth(n) sets the limit)");
        }
    }

    static void yieldNow(Proc p) {
        long now = System.nanoTime();
        if (p.sliceStart == 0) {
            p.sliceStart = now;
        } else if (now - p.sliceStart > sliceNanos) {
            p.sliceStart = now;
            LockSupport.parkNanos(1);           // resumed by the timer thread: behind timer wake-ups
            return;
        }
        Thread.yield();                         // behind the processes queued on this carrier
    }
}
