package loombook;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

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
    private static final int PENDING = 0, FIRED = 1, CANCELLED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(TimerRef.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Ref ref = Ref.make();
    /** What waits in the runtime's timer queue; set once, before the timer starts. */
    Timers.Send timer;
    /** Instead of {@link #timer}, in a controlled run ({@link Races}): the timer on the run's virtual clock. */
    VirtualTimer virtual;
    final boolean interval;
    /** Decided once, atomically: a one-shot timer either fires or is cancelled, never both. */
    private volatile int state;

    TimerRef(boolean interval) {
        this.interval = interval;
    }

    /** The timer thread is about to deliver: false if it was cancelled first. */
    boolean fire() {
        return interval ? state == PENDING : STATE.compareAndSet(this, PENDING, FIRED);
    }

    /** Cancels it if it has neither fired nor been cancelled; returns whether this call did. */
    boolean cancel() {
        if (!STATE.compareAndSet(this, PENDING, CANCELLED)) return false;
        if (virtual != null) virtual.cancel(false);
        else Timers.stop(timer);
        return true;
    }

    boolean pending() {
        return state == PENDING;
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
        if (virtual != null) return virtual.getDelay(java.util.concurrent.TimeUnit.MILLISECONDS);
        return Math.max(0, (timer.deadline - System.nanoTime()) / 1_000_000L);
    }

    @Override
    public String toString() {
        return ref.toString();
    }
}
