package loombook;

import java.util.concurrent.locks.LockSupport;

/**
 * The fallback: processes on the JDK's default virtual-thread scheduler (a ForkJoinPool), for a JVM
 * where {@link VirtualThreadHook} is not available. Everything works; what the runtime's own
 * schedulers add is lost: message round trips cost 2-5 times more when the pool has two or more
 * carriers, {@link Node#schedulers(int)} cannot change its size, and yields need the trick below
 * to let timers through (docs/decisions/0002 and 0006).
 */
final class JdkScheduler extends Scheduler {
    JdkScheduler() {
        super(0);
        Timers.register(timers());
    }

    /** The pool's carriers: the JDK's setting, or one per core. */
    int parallelism() {
        String p = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        try {
            return p == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, Integer.parseInt(p.trim()));
        } catch (NumberFormatException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    @Override
    void start(Proc p) {
        Thread t = Thread.ofVirtual().unstarted(p);
        p.thread = t;
        t.start();
    }

    @Override
    Scheduler placeChild() {
        return this;
    }

    @Override
    void submit(Schedulable task) {
        throw new IllegalStateException("the JDK's scheduler runs its virtual threads itself");
    }

    /**
     * A carrier of the JDK's pool drains its local queue (processes woken by messages) and keeps
     * taking from one submission queue while it has work; processes woken by timers and those spawned
     * from platform threads arrive in other submission queues. So at about every 16th yield a
     * process yields through a timed park, which resumes it behind the processes timers woke, and
     * lets the carrier reach the other queues; otherwise {@link Thread#yield()} (docs/decisions/0002,
     * where it was once per time slice).
     */
    @Override
    void yieldNow(Proc p) {
        if (p.sixteenthYield()) {
            LockSupport.parkNanos(1);
        } else {
            Thread.yield();
        }
    }
}
