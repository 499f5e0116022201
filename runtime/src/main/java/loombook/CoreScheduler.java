package loombook;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One of the runtime's schedulers, as the BEAM has one per core: a carrier thread of its own and
 * the run queues of the processes placed on it (docs/decisions/0006-schedulers.md).
 *
 * <ul>
 *   <li><b>Two run queues.</b> Processes that were woken (by a message, a timer, an exit signal)
 *       or spawned wait in {@link #ready}; processes that used up their reductions and yield wait
 *       in {@link #yielded}. Ready ones go first, so a process that answers messages answers within
 *       microseconds beside processes that compute; but once ready ones have run for a time slice
 *       ({@link Node#timeSliceMillis()}, and at least {@link #READY_RUN} of them, and at least those
 *       that were ready when the last one that yielded stopped) while one that yielded waits, that
 *       one runs, so computing processes are never starved and a burst of woken ones is not cut in
 *       slices. A process that
 *       computes is asked to yield at its next reduction count when a process is made ready on its
 *       scheduler from elsewhere ({@link Scheduler#preempt}). Each queue is FIFO.</li>
 *   <li><b>Placement.</b> A process spawned by one of this scheduler's processes starts here. A
 *       woken process runs here, its own scheduler, when this scheduler is at work; when it is
 *       idle, and the waker is a process at work on another scheduler, the woken process moves
 *       there instead: a chatty pair ends up on one scheduler, and waking a sleeping carrier
 *       (microseconds) is left to work that can use it.</li>
 *   <li><b>Migration.</b> An idle scheduler looks for work in the others' run queues: from one
 *       with a pile waiting ({@link #PILE} or more) it takes half of them at once, computing ones
 *       first, then the oldest woken ones (computing processes spread out); from one with fewer
 *       waiting, it takes half of them (at least one) only once that scheduler has run one and the
 *       same process for {@link #BACKLOG_NANOS} (a pair that talks keeps one or two processes
 *       waiting all the time, but different ones every microsecond: it is left together; taking
 *       half of it made every message cross cores, GenServer calls from one client 5 times
 *       slower). Taken processes belong here from then on.</li>
 *   <li><b>Timers.</b> It fires its own timers (those its processes started) as the BEAM's
 *       schedulers do: when one is due, between two processes, at the latest after every
 *       {@link #TIMER_CHECK}th process or after any that computed; and when idle, by sleeping no
 *       longer than the earliest deadline. The timer thread fires those left
 *       {@link #TIMER_GRACE_NANOS} past their deadline, while this carrier runs a process that
 *       does not yield.</li>
 *   <li><b>Idling.</b> It looks for work for {@link #SPIN_NANOS}, then sleeps: while another
 *       scheduler has processes waiting (one of them may be running code that never yields), for
 *       {@link #POLL_NANOS}, then a short look, then twice as long each time it finds nothing to
 *       take (up to 16 ms); for good otherwise. A sleeping scheduler wakes
 *       when work is put in its own queues, or when a busy one wakes it to take some: when two or
 *       more processes wait there, or when a process that used its whole slice yields with others
 *       waiting behind it.</li>
 * </ul>
 */
final class CoreScheduler extends Scheduler {
    /** How long an idle scheduler looks for work before it sleeps. */
    static final long SPIN_NANOS = Long.getLong("loombook.scheduler.spinMicros", 50) * 1000;
    /** How long one process must have waited in a busy scheduler's queue before an idle one takes it. */
    static final long BACKLOG_NANOS = Long.getLong("loombook.scheduler.backlogMicros", 20) * 1000;
    // The alternatives that docs/decisions/0006 measured, kept switchable for measuring again (not settings):
    /** Whether a child starts on its parent's scheduler (else on the next one in turn). */
    static final boolean SPAWN_HERE = !"spread".equals(System.getProperty("loombook.scheduler.spawn"));
    /** Whether a process woken while its scheduler is idle moves to its waker's (else it wakes its own). */
    static final boolean WAKE_AFFINE = !"home".equals(System.getProperty("loombook.scheduler.wake"));
    /** Whether a thief takes half of a queue (else one process). */
    static final boolean STEAL_HALF = !"one".equals(System.getProperty("loombook.scheduler.steal"));
    /**
     * How long an idle scheduler sleeps between looks while other schedulers have work waiting: 1 ms,
     * doubled after each look that found nothing to take, up to {@link #POLL_MAX_NANOS}.
     */
    static final long POLL_NANOS = 1_000_000;
    static final long POLL_MAX_NANOS = 16_000_000;
    private static final int STEAL_MAX = 256;
    /**
     * How many waiting processes make a pile that an idle scheduler takes half of at once; fewer are
     * taken only from a scheduler that has run one process for {@link #BACKLOG_NANOS} (a talking pair
     * keeps one or two waiting, a different one each microsecond, and is left together).
     */
    static final int PILE = Integer.getInteger("loombook.scheduler.pile", 4);
    /** How many processes run between two looks at the clock for due timers (one look costs about 25 ns). */
    static final int TIMER_CHECK = 4;
    /** How long past a deadline the timer thread leaves a timer to this carrier (see {@link Timers}). */
    static final long TIMER_GRACE_NANOS = 2_000_000;
    /** Whether carriers fire their own due timers (else the timer thread fires all, on time): a switch for measuring. */
    static final boolean CARRIER_TIMERS = !"false".equals(System.getProperty("loombook.scheduler.carrierTimers"));
    /** How many ready processes run in a row, at least, while one that yielded waits. */
    static final int READY_RUN = 16;
    /** The most ready processes counted as owed a turn before the next one that yielded (a walk of the queue). */
    static final int OWED_MAX = 1024;

    static final int RUNNING = 0, SEARCHING = 1, PARKED = 2;
    private static final VarHandle STATE, BUSY, BUSY_SINCE, STEALS, DISPATCHES;

    static {
        try {
            var l = MethodHandles.lookup();
            STATE = l.findVarHandle(CoreScheduler.class, "state", int.class);
            BUSY = l.findVarHandle(CoreScheduler.class, "busyNanos", long.class);
            BUSY_SINCE = l.findVarHandle(CoreScheduler.class, "busySince", long.class);
            STEALS = l.findVarHandle(CoreScheduler.class, "steals", long.class);
            DISPATCHES = l.findVarHandle(CoreScheduler.class, "dispatches", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Processes woken or spawned. */
    final RunQueue ready = new RunQueue();
    /** Processes that used their reductions and yielded. */
    final RunQueue yielded = new RunQueue();
    private final Carrier carrier;
    /** {@link #RUNNING} a task, {@link #SEARCHING} for work, or {@link #PARKED}. */
    private volatile int state = RUNNING;
    /** Whether new processes are placed here (see {@link Node#schedulers(int)}). */
    volatile boolean online = true;

    // written by the carrier only, read by anyone
    private long busyNanos;
    private long busySince;
    private long steals;
    /** How many tasks it has started: a thief that sees it unchanged knows one task has run all along. */
    private long dispatches;
    private volatile long startedAt;
    // the carrier's own: when it first saw each other scheduler with a process waiting, and how many
    // tasks that one had started then
    private final long[] backlogSince = new long[Schedulers.MAX + 1];
    private final long[] backlogMark = new long[Schedulers.MAX + 1];
    /** How many ready processes it ran since one that yielded, and when one that yielded last ran. */
    private int readyRun;
    private long yielderRan;
    /**
     * How many ready processes run before the next one that yielded, at least: those that were
     * ready when one that yielded last stopped (as on the BEAM, where it goes behind them), up to
     * {@link #OWED_MAX}.
     */
    private int readyOwed;
    /** Processes run since the last look at the clock for due timers. */
    private int sinceTimerCheck;
    /** The due timeouts taken out of this scheduler's queue, to fire (wake-ups only: a CAS and an unpark). */
    private final java.util.ArrayList<Timer> due = new java.util.ArrayList<>();
    /**
     * Whether the task running now came from {@link #yielded} and computes (it did not wait between
     * its last two yields): a wake-up from elsewhere preempts it. One that yielded while it talks
     * (a ping-pong process that used its budget) is not preempted: it waits again soon anyway.
     */
    private volatile boolean runningYielder;

    /** A carrier thread knows its scheduler: code running on it (outside any process) can ask. */
    static final class Carrier extends Thread {
        final CoreScheduler scheduler;

        Carrier(CoreScheduler scheduler) {
            super(null, null, "loombook-scheduler-" + scheduler.id, 0, false);
            this.scheduler = scheduler;
            setDaemon(true);
        }

        @Override
        public void run() {
            scheduler.work();
        }
    }

    CoreScheduler(int id) {
        super(id, CARRIER_TIMERS ? TIMER_GRACE_NANOS : 0);
        Timers.register(timers());
        carrier = new Carrier(this);
    }

    void startCarrier() {
        startedAt = System.nanoTime();
        BUSY_SINCE.setOpaque(this, startedAt);
        carrier.start();
    }

    /** When its carrier started, a {@link System#nanoTime()} value. */
    long startedAt() {
        return startedAt;
    }

    // ---------------------------------------------------------------- Scheduler

    @Override
    void start(Proc p) {
        Thread t = VirtualThreadHook.unstarted(p, p);
        p.thread = t;
        t.start();          // hands the new thread's continuation to p.execute, and so to submit
    }

    @Override
    Scheduler placeChild() {
        return online && SPAWN_HERE ? this : Schedulers.pick();
    }

    @Override
    void submit(Schedulable task) {
        CoreScheduler target = this;
        if (state != RUNNING || !online) {
            CoreScheduler there = current();
            if (WAKE_AFFINE && there != null && there != this && there.online && there.state == RUNNING) target = there;
            else if (!online) target = (CoreScheduler) Schedulers.pick();
            Proc p = task.process();
            if (target != this && p != null) p.home = target;
        }
        target.enqueue(task);
    }

    private void enqueue(Schedulable task) {
        boolean yielding = (task.flags & Schedulable.YIELDING) != 0;
        (yielding ? yielded : ready).add(task);
        int s = state;
        if (s == PARKED) {
            wake();
        } else if (!yielding) {
            if (s == RUNNING && runningYielder && !preempt && current() != this) {
                preempt = true;               // the computing process here yields at its next reduction count
            }
            if (Schedulers.sleepers() > 0 && waiting(PILE) >= PILE) {
                Schedulers.wakeIdle(this);    // work piles up here: a sleeping scheduler may take some
            }
        }
    }

    @Override
    void yieldNow(Proc p) {
        boolean computing = (p.flags & Schedulable.WAITED) == 0;
        if (computing && Schedulers.sleepers() > 0 && waiting() > 0) {
            Schedulers.wakeIdle(this);      // a busy process and others waiting behind it: a sleeping scheduler may help
        }
        p.flags = computing ? Schedulable.YIELDING | Schedulable.COMPUTING : Schedulable.YIELDING;
        try {
            Thread.yield();                 // to the back of the yielded queue
        } finally {
            p.flags &= ~Schedulable.YIELDING;
        }
    }

    /** How many processes wait in its run queues, counted up to {@code max} in each. */
    int waiting(int max) {
        return ready.length(max) + yielded.length(max);
    }

    /** Whether processes wait in its run queues: 0, 1, or 2 for two or more. */
    int waiting() {
        return Math.min(2, ready.length(2) + yielded.length(2));
    }

    @Override
    void timerEarlier() {
        if (state == PARKED) wake();        // it sleeps with an alarm set for a later timer
    }

    /** Wakes the carrier if it sleeps; returns whether it did. */
    boolean wake() {
        if (state == PARKED && STATE.compareAndSet(this, PARKED, SEARCHING)) {
            LockSupport.unpark(carrier);
            return true;
        }
        return false;
    }

    /** The core scheduler whose carrier runs the calling code, or null. */
    static CoreScheduler current() {
        if (Thread.currentThread() instanceof Carrier c) return c.scheduler;
        Proc p = Proc.current();
        return p != null && !p.hosted && p.home instanceof CoreScheduler c ? c : null;
    }

    // ---------------------------------------------------------------- the carrier

    private void work() {
        Schedulable[] loot = new Schedulable[STEAL_MAX];
        for (;;) {
            if ((++sinceTimerCheck >= TIMER_CHECK || runningYielder) && timers().earliest() != Long.MAX_VALUE) {
                sinceTimerCheck = 0;
                fireTimers(System.nanoTime());
            }
            Schedulable t = next();
            if (t == null) t = idle(loot);
            DISPATCHES.setOpaque(this, dispatches + 1);
            try {
                t.dispatch();
            } catch (Throwable e) {
                try {
                    GroupLeader.system().err().println("loombook: " + carrier.getName() + " could not run a task: " + e);
                } catch (Throwable again) {
                    // out of memory, say: the carrier goes on, whatever it cannot print
                }
            }
        }
    }

    /** The next process to run: a ready one, unless {@link #READY_RUN} ran in a row while one that yielded waits. */
    private Schedulable next() {
        if (preempt) preempt = false;
        Schedulable t;
        if (readyRun == 0) {                // a yielder just ran: those ready now go before the next one
            readyOwed = yielded.isEmpty() ? 0 : ready.length(OWED_MAX);
        }
        if ((readyRun < READY_RUN || readyRun < readyOwed || (readyRun & (READY_RUN - 1)) != 0 || yielded.isEmpty()
                || System.nanoTime() - yielderRan < Scheduling.sliceNanos) && (t = ready.poll()) != null) {
            readyRun++;
            if (runningYielder) runningYielder = false;
            return t;
        }
        readyRun = 0;
        t = yielded.poll();
        if (t != null) {
            boolean computing = (t.flags & Schedulable.COMPUTING) != 0;
            if (runningYielder != computing) runningYielder = computing;
            yielderRan = System.nanoTime();
            return t;
        }
        if (runningYielder) runningYielder = false;
        return ready.poll();
    }

    /** Fires this scheduler's timers due at {@code now}: the processes they wake are made ready here. */
    private void fireTimers(long now) {
        if (!CARRIER_TIMERS) return;
        TimerQueue q = timers();
        long e = q.earliest();
        while (e != Long.MAX_VALUE && now - e >= 0) {
            e = q.takeDue(now, due);
            Timers.fire(due);
        }
    }

    /** Looks for work, then sleeps, until there is some; returns it. */
    private Schedulable idle(Schedulable[] loot) {
        long now = System.nanoTime();
        BUSY.setOpaque(this, busyNanos + Math.max(0, now - busySince));
        BUSY_SINCE.setOpaque(this, 0L);
        state = SEARCHING;
        long poll = POLL_NANOS;
        try {
            long spinUntil = now + SPIN_NANOS;
            for (;;) {
                fireTimers(now);
                Schedulable t = next();
                if (t != null) return t;
                if (online) {
                    t = steal(loot, now);
                    if (t != null) return t;
                }
                if (now - spinUntil > 0) {
                    boolean polling = sleep(poll, now);
                    now = System.nanoTime();
                    if (polling) {
                        // woken by its own timeout, to look at the others: a short look (long enough to see a
                        // backlog), and a longer sleep next time if there is nothing to take
                        spinUntil = now + BACKLOG_NANOS + BACKLOG_NANOS / 4;
                        poll = Math.min(poll * 2, POLL_MAX_NANOS);
                    } else {
                        spinUntil = now + SPIN_NANOS;
                        poll = POLL_NANOS;
                    }
                    continue;
                }
                Thread.onSpinWait();
                now = System.nanoTime();
            }
        } finally {
            state = RUNNING;
            BUSY_SINCE.setOpaque(this, System.nanoTime());
        }
    }

    /**
     * Sleeps until woken, or until its earliest timer is due, or for {@code pollNanos} while another
     * scheduler has processes waiting; returns whether it woke by itself to look at the others (not
     * woken by work for it, nor for a timer).
     */
    private boolean sleep(long pollNanos, long now) {
        state = PARKED;                     // before the look at the timers: one started now wakes it (timerEarlier)
        Schedulers.sleeping(1);
        try {
            if (!ready.isEmpty() || !yielded.isEmpty()) return false;
            long e = CARRIER_TIMERS ? timers().earliest() : Long.MAX_VALUE;
            long alarm = e == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, e - now);
            if (alarm == 0) return false;
            boolean polling = online && Schedulers.othersHaveWork(this) && pollNanos < alarm;
            if (polling) {
                LockSupport.parkNanos(this, pollNanos);
            } else if (alarm != Long.MAX_VALUE) {
                LockSupport.parkNanos(this, alarm);
            } else {
                LockSupport.park(this);
            }
            return polling && state == PARKED;   // a waker sets SEARCHING before it unparks
        } finally {
            Schedulers.sleeping(-1);
            state = SEARCHING;
        }
    }

    /** Takes work from a busier scheduler, following the rules above; returns one task of it to run now. */
    private Schedulable steal(Schedulable[] loot, long now) {
        CoreScheduler[] all = Schedulers.all();
        int n = all.length;
        int start = (int) Math.floorMod(now >>> 10, (long) n);
        for (int k = 0; k < n; k++) {
            CoreScheduler v = all[(start + k) % n];
            if (v == this) continue;
            int waiting = v.waiting();
            if (waiting == 0 || v.state != RUNNING && v.online) {
                backlogSince[v.id] = 0;
                continue;
            }
            int take;
            long mark = (long) DISPATCHES.getOpaque(v);
            if (!v.online) take = STEAL_MAX;                      // a scheduler taken offline: all of it
            else if (v.waiting(PILE) >= PILE) take = half(v);
            else if (backlogSince[v.id] == 0 || backlogMark[v.id] != mark) {
                backlogSince[v.id] = now;           // first seen, or it has run another task since: not stuck
                backlogMark[v.id] = mark;
                continue;
            } else if (now - backlogSince[v.id] >= BACKLOG_NANOS) take = waiting >= 2 ? half(v) : 1;
            else continue;
            backlogSince[v.id] = 0;
            take = Math.min(take, STEAL_MAX);
            // computing processes first (they gain most from a core of their own), then the oldest woken
            // ones, then those that yielded while they talk (likely half of a pair)
            boolean computingFirst = (v.yielded.frontFlags() & Schedulable.COMPUTING) != 0;
            RunQueue before = computingFirst ? v.yielded : v.ready, after = computingFirst ? v.ready : v.yielded;
            int fromFirst = before.steal(loot, take);
            int got = fromFirst + after.steal(loot, fromFirst, take - fromFirst);
            if (got == 0) continue;
            STEALS.setOpaque(this, steals + got);
            for (int i = 0; i < got; i++) {
                Proc p = loot[i].process();
                if (p != null) p.home = this;
                boolean wasYielded = computingFirst ? i < fromFirst : i >= fromFirst;
                if (i > 0) (wasYielded ? yielded : ready).add(loot[i]);
            }
            Schedulable run = loot[0];
            java.util.Arrays.fill(loot, 0, got, null);
            return run;
        }
        return null;
    }

    /** How many a thief takes of {@code v}'s waiting processes: half of them (at least one), or one ({@link #STEAL_HALF}). */
    private static int half(CoreScheduler v) {
        return STEAL_HALF ? (v.waiting(STEAL_MAX) + 1) / 2 : 1;
    }

    // ---------------------------------------------------------------- introspection

    /** Nanoseconds this scheduler has spent running processes since it started. */
    long busyNanos() {
        long since = (long) BUSY_SINCE.getOpaque(this);
        long busy = (long) BUSY.getOpaque(this);
        return since == 0 ? busy : busy + Math.max(0, System.nanoTime() - since);
    }

    /** How many processes it has taken from other schedulers. */
    long steals() {
        return (long) STEALS.getOpaque(this);
    }

    int state() {
        return state;
    }

    boolean idle() {
        return state != RUNNING;
    }
}
