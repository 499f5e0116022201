package loombook;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The runtime's timers: the ends of {@code receive ... after} and {@code sleep}, and
 * {@code sendAfter}/{@code sendInterval}. Each scheduler keeps its own {@link TimerQueue} of
 * timeouts, and, as the BEAM's schedulers do, its carrier fires the due ones itself: between two
 * processes when it is at work, and by sleeping no longer than its earliest deadline when it is
 * idle. One platform thread, {@code loombook-timers}, fires the timers started outside any
 * process, those of the fallback scheduler, every {@code sendAfter} (delivering a message may take
 * locks a carrier must not wait for), and the timeouts a carrier has left a little past their
 * deadline (it is running a process that does not yield). A timer that wakes a process makes it ready on its scheduler's run
 * queue, behind what is already there and ahead of what comes later, whatever its scheduler is
 * busy with. (The JDK's own timed parks went to a queue that a busy carrier did not look at; a
 * timer thread alone is a thread the OS must find a core for while every core runs a carrier, and
 * fired 10 ms timers 40-110 ms late under 100,000 waiting processes: see
 * docs/decisions/0006-schedulers.md.)
 *
 * <p>100,000 pending timers cost about 40 bytes each (a {@code sendAfter} about 100) and no thread.
 */
final class Timers {
    /** The longest the thread sleeps with nothing to do (any new earliest timer wakes it). */
    private static final long IDLE_NANOS = 60_000_000_000L;

    private static final List<TimerQueue> QUEUES = new CopyOnWriteArrayList<>();
    /** The queue of timers started outside any scheduler's process (a cell, a main method). */
    private static final TimerQueue OUTSIDE = register(new TimerQueue());
    private static volatile boolean looking;
    /** When the thread looks next, a {@link System#nanoTime()} value. */
    private static volatile long nextLook = System.nanoTime();
    private static final Thread THREAD = Thread.ofPlatform().daemon().name("loombook-timers").start(Timers::run);

    private Timers() {}

    /** Lets the timer thread fire the timers of {@code q}. */
    static TimerQueue register(TimerQueue q) {
        QUEUES.add(q);
        return q;
    }

    /** The queue for a {@code sendAfter} started by the calling thread: its process's scheduler's, or the shared one. */
    static TimerQueue sendQueueForCaller() {
        Proc p = Proc.current();
        Scheduler h = p != null ? p.home : null;
        return h != null ? h.sendTimers() : OUTSIDE;
    }

    static TimerQueue outside() {
        return OUTSIDE;
    }

    /** Starts {@code t} in {@code q}. */
    static void start(TimerQueue q, Timer t) {
        if (q.add(t)) {
            if (q.owner != null) q.owner.timerEarlier();
            if (!looking && t.deadline + q.graceNanos - nextLook < 0) LockSupport.unpark(THREAD);
        }
    }

    /** Fires {@code due}, the timers taken out of a queue, and empties it; a timer that fails is reported. */
    static void fire(List<Timer> due) {
        for (Timer t : due) {
            try {
                t.fire();
            } catch (Throwable e) {
                GroupLeader.system().err().println("loombook: a timer failed: " + e);
            }
        }
        due.clear();
    }

    /** A timer that wakes {@code m} at {@code deadline}, started. */
    static Timer wakeAt(TimerQueue q, Mailbox m, long deadline) {
        Timer t = new Timer.Wakeup(m, deadline);
        start(q, t);
        return t;
    }

    /** Stops {@code t} if it has not fired; returns whether it was still pending. */
    static boolean stop(Timer t) {
        TimerQueue q = t.queue;
        return q != null && q.remove(t);
    }

    private static void run() {
        List<Timer> due = new ArrayList<>();
        for (;;) {
            looking = true;
            long now = System.nanoTime();
            long next = now + IDLE_NANOS;
            for (TimerQueue q : QUEUES) {
                long g = q.graceNanos;          // a carrier fires its own on time; the thread what it left
                long e;
                do {
                    e = q.takeDue(now - g, due);
                    fire(due);
                } while (e != Long.MAX_VALUE && e - (now - g) <= 0);
                if (e != Long.MAX_VALUE && e + g - next < 0) next = e + g;
            }
            nextLook = next;
            looking = false;
            boolean again = false;           // started while we looked, which did not wake us
            for (TimerQueue q : QUEUES) {
                long e = q.earliest();
                if (e != Long.MAX_VALUE && e + q.graceNanos - next < 0) again = true;
            }
            if (!again) LockSupport.parkNanos(Timers.class, next - System.nanoTime());
        }
    }

    // ---------------------------------------------------------------- sendAfter, sendInterval

    /** A {@code sendAfter} or {@code sendInterval}: sends its message when due (and again, for an interval). */
    static final class Send extends Timer {
        private final Supplier<Proc> dest;
        private final Object message;
        private final long periodNanos;
        final TimerRef ref;

        Send(Supplier<Proc> dest, Object message, long deadline, long periodNanos, TimerRef ref) {
            super(deadline);
            this.dest = dest;
            this.message = message;
            this.periodNanos = periodNanos;
            this.ref = ref;
        }

        @Override
        void fire() {
            if (!ref.fire()) return;
            Proc p = dest.get();
            if (p != null && p.alive()) {
                Tracing.sent(null, p, message);
                p.deliver(message);
                if (periodNanos > 0 && ref.pending()) {
                    deadline += periodNanos;
                    start(queue, this);
                }
            } else if (periodNanos > 0) {
                ref.cancel();           // the receiver is gone: stop repeating
            }
        }
    }

    /** Sends {@code message} to the process {@code dest} resolves to when the timer fires. */
    static TimerRef after(Supplier<Proc> dest, Object message, long millis) {
        if (millis < 0) throw new IllegalArgumentException("a timer's delay must be 0 or more milliseconds, not " + millis);
        Controlled c = Controlled.current();
        if (c != null) return c.timer(dest, message, millis, false);
        return startSend(dest, message, millis, 0);
    }

    static TimerRef interval(Supplier<Proc> dest, Object message, long millis) {
        if (millis <= 0) throw new IllegalArgumentException("an interval must be at least 1 ms, not " + millis);
        Controlled c = Controlled.current();
        if (c != null) return c.timer(dest, message, millis, true);
        return startSend(dest, message, millis, millis * 1_000_000L);
    }

    private static TimerRef startSend(Supplier<Proc> dest, Object message, long millis, long periodNanos) {
        TimerRef ref = new TimerRef(periodNanos > 0);
        Send s = new Send(dest, message, System.nanoTime() + millis * 1_000_000L, periodNanos, ref);
        ref.timer = s;
        start(sendQueueForCaller(), s);
        return ref;
    }

    static OptionalLong cancel(TimerRef t) {
        if (t.virtual != null) t.virtual.point(true);
        long left = t.millisLeft();
        return t.cancel() ? OptionalLong.of(left) : OptionalLong.empty();
    }

    static OptionalLong read(TimerRef t) {
        if (t.virtual != null) t.virtual.point(false);
        return t.pending() ? OptionalLong.of(t.millisLeft()) : OptionalLong.empty();
    }

    /** How many {@code sendAfter} and {@code sendInterval} timers are pending. */
    static int pending() {
        int n = 0;
        for (TimerQueue q : QUEUES) n += q.count(Send.class);
        return n;
    }

    /** Cancels every pending timer (the runtime restarts). */
    static void cancelAll() {
        for (TimerQueue q : QUEUES) {
            for (Timer t : q.clear()) {
                if (t instanceof Send s) s.ref.cancel();
            }
        }
    }
}
