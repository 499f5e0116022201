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
 * yields through a timed park, which puts it behind the processes that timers woke.
 */
final class Scheduling {
    /** Wall time a process may run between fair yields. */
    static volatile long sliceNanos = 1_000_000;

    private Scheduling() {}

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
