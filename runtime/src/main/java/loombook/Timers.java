package loombook;

import java.util.OptionalLong;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The timer service behind sendAfter and sendInterval: one platform thread and a heap with
 * O(log n) insertion and cancellation, so that 100,000 pending timers cost about 100 bytes each
 * and no thread.
 */
final class Timers {
    private static volatile ScheduledThreadPoolExecutor exec = newExecutor();

    private Timers() {}

    private static ScheduledThreadPoolExecutor newExecutor() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "loombook-timers");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return e;
    }

    /** Sends {@code message} to the process {@code dest} resolves to when the timer fires. */
    static TimerRef after(Supplier<Proc> dest, Object message, long millis) {
        checkDelay(millis);
        Controlled c = Controlled.current();
        if (c != null) return c.timer(dest, message, millis, false);
        TimerRef t = new TimerRef(false);
        synchronized (t) {      // the task may run before the future is stored
            t.future = exec.schedule(() -> fire(dest, message, t), millis, TimeUnit.MILLISECONDS);
        }
        return t;
    }

    static TimerRef interval(Supplier<Proc> dest, Object message, long millis) {
        if (millis <= 0) throw new IllegalArgumentException("an interval must be at least 1 ms, not " + millis);
        Controlled c = Controlled.current();
        if (c != null) return c.timer(dest, message, millis, true);
        TimerRef t = new TimerRef(true);
        synchronized (t) {
            t.future = exec.scheduleAtFixedRate(() -> fire(dest, message, t), millis, millis, TimeUnit.MILLISECONDS);
        }
        return t;
    }

    private static void fire(Supplier<Proc> dest, Object message, TimerRef t) {
        synchronized (t) { }    // wait until the future is stored
        if (!t.fire()) return;
        Proc p = dest.get();
        if (p != null && p.alive()) {
            Tracing.sent(null, p, message);
            p.deliver(message);
        } else if (t.interval) {
            t.cancel();         // the receiver is gone: stop repeating
        }
    }

    static OptionalLong cancel(TimerRef t) {
        if (t.future instanceof VirtualTimer v) v.point(true);
        long left = t.millisLeft();
        return t.cancel() ? OptionalLong.of(left) : OptionalLong.empty();
    }

    static OptionalLong read(TimerRef t) {
        if (t.future instanceof VirtualTimer v) v.point(false);
        return t.pending() ? OptionalLong.of(t.millisLeft()) : OptionalLong.empty();
    }

    static int pending() {
        return exec.getQueue().size();
    }

    static void cancelAll() {
        ScheduledThreadPoolExecutor old = exec;
        exec = newExecutor();
        old.shutdownNow();
    }

    private static void checkDelay(long millis) {
        if (millis < 0) throw new IllegalArgumentException("a timer's delay must be 0 or more milliseconds, not " + millis);
    }
}
