package loombook;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A timer started by {@link Process#sendAfter} or {@link Process#sendInterval}: pass it to
 * {@link Process#cancelTimer} or {@link Process#readTimer}.
 *
 * <pre>{@code
 * TimerRef t = sendAfter(self(), "tick", 1000);
 * cancelTimer(t);     // OptionalLong[ms that were left], or empty if it already fired
 * }</pre>
 */
public final class TimerRef {
    private final Ref ref = Ref.make();
    final ScheduledFuture<?> future;
    final boolean interval;

    TimerRef(ScheduledFuture<?> future, boolean interval) {
        this.future = future;
        this.interval = interval;
    }

    /** The reference that names this timer. */
    public Ref ref() {
        return ref;
    }

    /** Whether this timer repeats. */
    public boolean isInterval() {
        return interval;
    }

    long millisLeft() {
        return Math.max(0, future.getDelay(TimeUnit.MILLISECONDS));
    }

    @Override
    public String toString() {
        return ref.toString();
    }
}
