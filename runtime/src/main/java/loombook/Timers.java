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
        return new TimerRef(exec.schedule(() -> fire(dest, message, null), millis, TimeUnit.MILLISECONDS), false);
    }

    static TimerRef interval(Supplier<Proc> dest, Object message, long millis) {
        if (millis <= 0) throw new IllegalArgumentException("an interval must be at least 1 ms, not " + millis);
        TimerRef[] self = new TimerRef[1];
        TimerRef t = new TimerRef(exec.scheduleAtFixedRate(() -> fire(dest, message, self[0]), millis, millis,
                TimeUnit.MILLISECONDS), true);
        self[0] = t;
        return t;
    }

    private static void fire(Supplier<Proc> dest, Object message, TimerRef interval) {
        Proc p = dest.get();
        if (p != null && p.alive()) {
            p.deliver(message);
            Tracing.sent(null, p, message);
        } else if (interval != null) {
            interval.future.cancel(false);      // the receiver is gone: stop repeating
        }
    }

    static OptionalLong cancel(TimerRef t) {
        long left = t.millisLeft();
        return t.future.cancel(false) ? OptionalLong.of(left) : OptionalLong.empty();
    }

    static OptionalLong read(TimerRef t) {
        return t.future.isDone() ? OptionalLong.empty() : OptionalLong.of(t.millisLeft());
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
