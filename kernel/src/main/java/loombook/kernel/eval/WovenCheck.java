package loombook.kernel.eval;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * What {@link ReductionWeaver} weaves into the loops and method entries of snippet classes calls:
 * one check that, once per time slice, runs the {@linkplain #onTimeSlice time-slice action} (the
 * notebook's makes a process running cell code charge its whole reduction budget, so that it yields
 * its carrier, and end if it was killed), and that stops the cell being interrupted (see
 * {@link CellStop}), on that cell's thread only.
 *
 * <p>The woven code is one read and one branch: {@code if (WovenCheck.attention != 0) WovenCheck.check();}.
 * {@link #attention} is set by a ticker thread once every {@link #preemptMicros()} (100 us by
 * default), and while a cell is being stopped. A tick stays up until woven code takes it: the first
 * thread running woven code that sees it clears it and runs the time-slice action, so even a carrier
 * that the OS starves of CPU meets the tick as soon as it runs again. A tick that a cell's platform
 * thread took is raised again for the processes, a few times, 20 us apart. With several carriers
 * (the runtime's schedulers, see {@link #lanes}) a tick is for each of them: the code that takes it
 * on one carrier raises it again for the carriers that ran woven code in the last periods, and code
 * on a carrier that already had its slice this period hands it on (and waits a moment, so that
 * the others meet it first). While ticks go untaken
 * (no woven code is running) the ticker slows down, up to one tick every {@value #IDLE_MAX_MILLIS} ms,
 * so an idle kernel does not wake up thousands of times a second; the first tick taken brings it
 * back to full rate.
 *
 * <p>Counting loop turns instead (a counter per loop and per class, checked every 1,024 turns, as
 * {@code loombook.Reductions.CHECK_INTERVAL} suggests) was measured and rejected: in the kernel's C1-compiled
 * code it made the tightest loops 45% slower and recursive calls 160% slower than this flag does
 * (docs/decisions/0300-woven-reductions.md).
 *
 * <p>Public because the classes of cells call it; not an API for notebook code.
 */
public final class WovenCheck {
    /** A time slice has passed: the thread that takes the tick yields if it is a process. */
    static final int TICK = 1;
    /** A cell is being stopped: every check looks at whether it runs on that cell's thread. */
    static final int STOP = 2;
    /** Woven code waits at its checks (the kernel's memory watchdog is deciding whether to stop it). */
    static final int HOLD = 4;
    /** The longest a check waits for a hold to end. */
    static final long MAX_HOLD_NANOS = 5_000_000_000L;
    /** How long the ticker gives the processes to take a tick that a platform thread took first. */
    static final long GRACE_NANOS = 20_000;
    /** Times a tick is raised again per period when platform threads take it first. */
    static final int RAISES = 4;
    /** How long code that hands a tick on waits for another carrier's code to take it. */
    static final long HAND_ON_NANOS = 2_000;
    /** A carrier that took a tick in one of this many last periods runs woven code: ticks are raised again for it. */
    static final int ACTIVE_PERIODS = 4;
    static final int IDLE_MAX_MILLIS = 16;
    /** Ticks in a row that nobody takes before the ticker slows down. */
    static final int MAX_MISSES = 4;

    /** Non-zero when woven code should call {@link #check}: {@link #TICK} and {@link #STOP} bits. */
    public static volatile int attention;
    private static final VarHandle ATTENTION;
    private static volatile long sliceNanos = 100_000;
    private static volatile Runnable onTimeSlice = () -> {};
    /** Which carrier runs the calling thread (from 1; 0 for none), and how many there are. */
    private static volatile IntSupplier lane = () -> 0, lanes = () -> 1;
    /** The ticker's period count, and per carrier the last period whose tick its code took. */
    private static volatile long ticks;
    private static final AtomicLongArray TAKEN = new AtomicLongArray(1025);
    /** How many more times this period's tick may be raised again for other carriers (a bound, against surprises). */
    private static final AtomicInteger HAND_ONS = new AtomicInteger();
    /** Whether a process (a virtual thread) took a tick since the ticker last looked. */
    private static volatile boolean processTook;
    private static final Thread TICKER;

    static {
        try {
            ATTENTION = MethodHandles.lookup().findStaticVarHandle(WovenCheck.class, "attention", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        TICKER = Thread.ofPlatform().daemon().name("loombook-preempt").unstarted(WovenCheck::tick);
        TICKER.start();
    }

    private WovenCheck() {}

    /**
     * The slow path of the woven check: stops the cell if this thread runs a cell being stopped; takes
     * a pending tick and runs the time-slice action.
     */
    public static void check() {
        if ((attention & HOLD) != 0) held();
        CellStop.check();           // a pending stop, or a thread given up that still runs
        if ((attention & TICK) != 0 && ((int) ATTENTION.getAndBitwiseAnd(~TICK) & TICK) != 0) {
            StrayThreads.seen();
            if (Thread.currentThread().isVirtual()) {
                processTook = true;
                if (lanes.getAsInt() > 1 && !firstOnItsLane()) return;
            }
            onTimeSlice.run();
        }
    }

    /**
     * With several carriers: whether the calling thread's carrier takes this period's tick for the
     * first time. If another carrier ran woven code in the last periods and has not had this
     * period's tick, the tick is raised again for it; and code that had its carrier's tick already
     * waits a moment, so that the other carrier's code meets the tick first.
     */
    private static boolean firstOnItsLane() {
        int id = lane.getAsInt();
        long p = ticks;
        boolean first = id <= 0 || id >= TAKEN.length() || TAKEN.getAndSet(id, p) != p;
        if (othersDue(id, p) && HAND_ONS.getAndDecrement() > 0) {
            ATTENTION.getAndBitwiseOr(TICK);
            if (!first) {
                long end = System.nanoTime() + HAND_ON_NANOS;
                while ((attention & TICK) != 0 && System.nanoTime() - end < 0) Thread.onSpinWait();
            }
        }
        return first;
    }

    /**
     * Whether a carrier other than {@code id} took a tick in the last few periods (it runs woven
     * code) and not this period's.
     */
    private static boolean othersDue(int id, long p) {
        int n = Math.min(lanes.getAsInt(), TAKEN.length() - 1);
        for (int l = 1; l <= n; l++) {
            long t = TAKEN.get(l);
            if (l != id && t != p && t >= p - ACTIVE_PERIODS) return true;
        }
        return false;
    }

    /**
     * Says how to tell the carriers apart: {@code lane} is the carrier that runs the calling thread
     * (from 1; 0 for none), {@code lanes} how many there are.
     */
    static void lanes(IntSupplier lane, IntSupplier lanes) {
        WovenCheck.lane = Objects.requireNonNull(lane);
        WovenCheck.lanes = Objects.requireNonNull(lanes);
    }

    /**
     * Sets what the thread that takes a tick does, in woven code (the notebook's charges the process
     * a whole reduction budget: it yields, or ends if it was killed). It may throw, to end that code.
     */
    static void onTimeSlice(Runnable action) {
        onTimeSlice = Objects.requireNonNull(action);
    }

    /** How often running woven code is asked to yield, in microseconds. */
    public static int preemptMicros() {
        return (int) (sliceNanos / 1000);
    }

    /** Sets how often running woven code is asked to yield, from 50 us to 100 ms. */
    public static void preemptMicros(int micros) {
        if (micros < 50 || micros > 100_000) {
            throw new IllegalArgumentException("the preemption interval must be between 50 and 100,000 microseconds, not " + micros);
        }
        sliceNanos = micros * 1000L;
        LockSupport.unpark(TICKER);
    }

    /** Every woven check comes to {@link #check} while {@code on} (a cell stop is pending), or not. */
    static void stopPending(boolean on) {
        if (on) {
            ATTENTION.getAndBitwiseOr(STOP);
        } else {
            ATTENTION.getAndBitwiseAnd(~STOP);
        }
    }

    /**
     * While {@code on}, every thread that runs woven code (the cell, processes running code from cells)
     * waits at its next check, for at most {@link #MAX_HOLD_NANOS}: so that code allocating without end
     * allocates nothing more while the kernel looks at the heap.
     */
    static void hold(boolean on) {
        if (on) {
            ATTENTION.getAndBitwiseOr(HOLD);
        } else {
            ATTENTION.getAndBitwiseAnd(~HOLD);
        }
    }

    /** Waits while a hold lasts; a thread that is interrupted meanwhile (a cell being stopped) goes on at once. */
    private static void held() {
        long deadline = System.nanoTime() + MAX_HOLD_NANOS;
        Thread me = Thread.currentThread();
        while ((attention & HOLD) != 0 && !me.isInterrupted() && deadline - System.nanoTime() > 0) LockSupport.parkNanos(100_000);
    }

    /** Whether a cell stop is pending (every check then takes the slow path). */
    static boolean stopPending() {
        return (attention & STOP) != 0;
    }

    private static void tick() {
        long period = sliceNanos;
        int misses = 0;
        while (true) {
            LockSupport.parkNanos(period);
            processTook = false;
            ticks++;
            HAND_ONS.set(2 * lanes.getAsInt());
            // a cell's platform thread running woven code beside the processes (or one given up that spins
            // for ever) may take the tick first: then it is raised again, a few times, for the processes
            for (int raise = 0; raise < RAISES; raise++) {
                if (((int) ATTENTION.getAndBitwiseOr(TICK) & TICK) != 0) break;      // still up: nobody took it
                LockSupport.parkNanos(GRACE_NANOS);
                if (processTook || (attention & TICK) != 0) break;
            }
            if (processTook) {
                misses = 0;
                period = sliceNanos;
            } else if (++misses >= MAX_MISSES) {
                // no process took the last ticks: none runs woven code; tick less often (a tick stays up
                // until woven code takes it, so a process that starts spinning meets it at once)
                period = Math.min(period * 2, IDLE_MAX_MILLIS * 1_000_000L);
            }
        }
    }
}
