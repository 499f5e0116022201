package loombook;

import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A timer of a controlled run ({@code sendAfter}, {@code sendInterval} started by one of its
 * processes): it lives on the run's virtual clock, and its firing is one of the run's choices. It
 * stands in for the timer service's future inside a {@link TimerRef}, so that cancelling and
 * reading a timer work as for any other.
 */
final class VirtualTimer implements ScheduledFuture<Object> {
    final Controller run;
    /** Its name in the run: "t" and the name of the process that started it, and its number there. */
    final String name;
    final int actor;
    final Supplier<Proc> dest;
    final Object message;
    final long period;
    final TimerRef ref;
    /** Virtual time it fires at next. */
    long deadline;
    /** Whether its delay is shorter than the run's race threshold. */
    final boolean shortDelay;
    boolean pending = true;
    private boolean cancelled;

    VirtualTimer(Controller run, String name, Supplier<Proc> dest, Object message, long delayNanos, long periodNanos, TimerRef ref) {
        this.run = run;
        this.name = name;
        this.actor = run.actorId(name);
        this.dest = dest;
        this.message = message;
        this.period = periodNanos;
        this.ref = ref;
        this.deadline = run.now + delayNanos;
        this.shortDelay = delayNanos < run.raceBelowNanos;
    }

    /** Fires it (the token holder does, when the run chose it): delivers its message, as the timer service would. */
    void fire() {
        run.now = Math.max(run.now, deadline);
        if (!ref.fire()) {
            pending = false;
            return;
        }
        Proc p = dest.get();
        if (p != null && p.alive()) {
            Tracing.sent(null, p, message);
            p.deliver(message);
        } else if (ref.interval) {
            ref.cancel();
        }
        if (ref.interval && ref.pending()) deadline += period;
        else pending = false;
    }

    /** A scheduling point before the calling process cancels or reads this timer. */
    void point(boolean cancel) {
        Controlled c = Controlled.current();
        if (c == null || c.run != run) return;
        c.at(Controlled.Op.of(cancel ? Controlled.Op.CANCEL_TIMER : Controlled.Op.READ_TIMER, null, this));
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(Math.max(0, deadline - run.now), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
        return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (!pending) return false;
        pending = false;
        cancelled = true;
        return true;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public boolean isDone() {
        return !pending;
    }

    @Override
    public Object get() {
        return null;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
        return null;
    }

    @Override
    public String toString() {
        return "timer " + name;
    }
}
