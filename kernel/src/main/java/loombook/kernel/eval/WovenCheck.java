package loombook.kernel.eval;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;
import java.util.function.IntSupplier;

/**
 * What {@link ReductionWeaver} weaves into the loops and method entries of snippet classes calls:
 * one check that, once per time slice, runs the {@linkplain #onTimeSlice time-slice action} (the
 * notebook's makes a process running cell code charge its whole reduction budget, so that it yields
 * its carrier, and end if it was killed), and that stops the cell being interrupted (see
 * {@link CellStop}), on that cell's thread only.
 *
 * <p>The woven code is one read and one branch: {@code if (WovenCheck.attention != 0) WovenCheck.check();}.
 * {@link #attention} is raised by a ticker thread once every {@link #preemptMicros()} (100 us by
 * default), and while a cell is being stopped. A tick is for each carrier (the runtime's schedulers,
 * see {@link #lanes}): the code running on a carrier that meets it runs the time-slice action once
 * this period, and the tick stays up until the code of every busy carrier has had it, or for
 * {@link #GRACE_NANOS} at most (code that is not woven never takes it). Platform threads running
 * cell code (the cell itself, threads that cells started) count as one more carrier, waited for
 * while they take ticks. So even a carrier that the OS starves of CPU meets its tick as soon as it runs again.
 *
 * <p>Why not the first taker only: on a machine with as many busy carriers as cores, the ticker
 * thread takes a core from one carrier each time it raises the tick, the same one for long
 * stretches, and the other carrier's code took every tick first: a process killed on the starved
 * carrier ran on for 50-500 ms and its scheduler's queue (timers included) waited as long
 * (docs/decisions/0300-woven-reductions.md, addendum of 2026-12-05).
 *
 * <p>While ticks go untaken (no woven code is running) the ticker slows down, up to one tick every
 * {@value #IDLE_MAX_MILLIS} ms, so an idle kernel does not wake up thousands of times a second; the
 * first tick a process takes brings it back to full rate at once.
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
    /**
     * How long a tick stays up, at most, for busy carriers whose code has not taken it yet, once the
     * code of one carrier has (its checks take the slow path meanwhile).
     */
    static final long GRACE_NANOS = 20_000;
    static final int IDLE_MAX_MILLIS = 16;
    /** Ticks in a row that no process takes before the ticker slows down. */
    static final int MAX_MISSES = 4;
    /** Platform threads that took one of this many last ticks run cell code: the tick stays up for them too (for the grace at most). */
    static final int PLATFORM_PERIODS = 4;
    /** The lanes that are told apart; code on a lane beyond is counted as the platform threads' (lane 0). */
    static final int MAX_LANES = 1024;

    /** Non-zero when woven code should call {@link #check}: {@link #TICK} and {@link #STOP} bits. */
    public static volatile int attention;
    private static final VarHandle ATTENTION;
    private static volatile long sliceNanos = 100_000;
    private static volatile Runnable onTimeSlice = () -> {};
    /** Which carrier runs the calling thread (from 1; 0 for none), how many there are, which run code now. */
    private static volatile IntSupplier lane = () -> 0, lanes = () -> 1;
    private static volatile IntPredicate busy = l -> false;
    /** The ticker's period count, when it raised this period's tick, and per lane the last period whose tick its code took. */
    private static volatile long ticks;
    private static volatile long raisedAt;
    private static final AtomicLongArray TAKEN = new AtomicLongArray(MAX_LANES + 1);
    /** Whether a process (a virtual thread) took a tick since the ticker last looked; whether the ticker ticks slowly. */
    private static volatile boolean processTook, slow;
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
        if ((attention & TICK) != 0) takeTick();
    }

    /**
     * Takes this period's tick for the calling thread's carrier, once, and runs the time-slice action;
     * lowers the tick when every busy carrier's code has taken it, or when it has been up for
     * {@link #GRACE_NANOS} and this carrier's code had it already.
     */
    private static void takeTick() {
        long p = ticks;
        int id = lane.getAsInt();
        if (id < 0 || id > MAX_LANES) id = 0;
        if (TAKEN.get(id) == p || TAKEN.getAndSet(id, p) == p) {
            // this carrier's code had this period's tick (or another thread on it takes it now): it stays up for the others a moment
            if (System.nanoTime() - raisedAt > GRACE_NANOS) lower(p);
            return;
        }
        if (everyBusyLaneTook(p)) lower(p);
        StrayThreads.seen();
        if (Thread.currentThread().isVirtual()) {
            processTook = true;
            if (slow) LockSupport.unpark(TICKER);       // back to full rate now, not at the next slow tick
        }
        onTimeSlice.run();
    }

    /**
     * Whether the code of every carrier that runs a process now has taken period {@code p}'s tick, and
     * the platform threads too if they took one of the last {@link #PLATFORM_PERIODS} ticks.
     */
    private static boolean everyBusyLaneTook(long p) {
        long platform = TAKEN.get(0);
        if (platform != p && platform >= p - PLATFORM_PERIODS) return false;
        int n = Math.min(lanes.getAsInt(), MAX_LANES);
        for (int l = 1; l <= n; l++) {
            if (TAKEN.get(l) != p && busy.test(l)) return false;
        }
        return true;
    }

    /** Lowers the tick of period {@code p} (not a newer one). */
    private static void lower(long p) {
        if (ticks == p) ATTENTION.getAndBitwiseAnd(~TICK);
    }

    /**
     * Says how to tell the carriers apart: {@code lane} is the carrier that runs the calling thread
     * (from 1; 0 for none), {@code lanes} how many there are, {@code busy} whether a lane's carrier
     * runs a process now (an idle one is not waited for).
     */
    static void lanes(IntSupplier lane, IntSupplier lanes, IntPredicate busy) {
        WovenCheck.lane = Objects.requireNonNull(lane);
        WovenCheck.lanes = Objects.requireNonNull(lanes);
        WovenCheck.busy = Objects.requireNonNull(busy);
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
            raisedAt = System.nanoTime();
            ticks++;
            ATTENTION.getAndBitwiseOr(TICK);
            LockSupport.parkNanos(period);
            if (processTook) {
                misses = 0;
                period = sliceNanos;
            } else if (++misses >= MAX_MISSES) {
                // no process took the last ticks: none runs woven code; tick less often (a tick stays up
                // until woven code takes it, so a process that starts spinning meets it at once)
                period = Math.min(period * 2, IDLE_MAX_MILLIS * 1_000_000L);
            }
            slow = period > sliceNanos;
            processTook = false;
        }
    }
}
