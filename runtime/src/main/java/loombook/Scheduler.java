package loombook;

/**
 * What runs a process: Erlang's scheduler. Every process has one, chosen when it is spawned
 * ({@link #placeChild}: a process's children start where it says) and kept until an idle
 * scheduler of the same kind takes it over. The runtime's normal kind is {@link CoreScheduler}, one
 * per core; {@link JdkScheduler} is the fallback on a JVM that does not let the runtime schedule
 * its own virtual threads (docs/decisions/0006-schedulers.md).
 *
 * <p>This is also the seam for other policies over a group of processes (a deterministic scheduler
 * that runs a block of code and everything it spawns, recording each choice): such a scheduler
 * returns itself from {@link #placeChild}, runs what is {@linkplain #submit submitted} in the order
 * it chooses, and fires its own {@linkplain #timers() timers}, so that the timeouts of
 * {@code receive}, {@code sleep} and {@code sendAfter} in its processes happen when it says.
 */
abstract class Scheduler {
    /** This scheduler's number, from 1 (0 for none), as {@code erlang:system_info(scheduler_id)}. */
    final int id;
    private final TimerQueue timers;
    /**
     * Where its processes' {@code sendAfter} and {@code sendInterval} timers wait: the timer thread
     * fires them (delivering a message can take locks that no carrier may wait for).
     */
    private final TimerQueue sendTimers = Timers.register(new TimerQueue());
    /**
     * Set when the process running here should yield at its next reduction count: it has been
     * computing (it yielded before) and a process was made ready here from another thread.
     */
    volatile boolean preempt;

    /** A scheduler whose timers the timer thread fires. */
    Scheduler(int id) {
        this.id = id;
        this.timers = new TimerQueue();
    }

    /**
     * A scheduler whose carrier fires its own timers between processes; the timer thread fires
     * those it has left {@code timerGraceNanos} past their deadline (a process that never yields).
     */
    Scheduler(int id, long timerGraceNanos) {
        this.id = id;
        this.timers = new TimerQueue(this, timerGraceNanos);
    }

    /**
     * A timer was started here from another thread with a deadline earlier than any other here:
     * a carrier that sleeps until its earliest timer sets its alarm again.
     */
    void timerEarlier() {}

    /** Starts the thread of {@code p}, a new process placed here ({@code p.home == this}). */
    abstract void start(Proc p);

    /** Where a process spawned by a process of this scheduler starts. */
    abstract Scheduler placeChild();

    /**
     * Makes {@code task} ready to run: a process woken by a message or a timer, spawned, or
     * yielding, or a thread started by code in a process. Called on the thread that made it ready
     * (a process that sent a message, the timer thread, the carrier of a process that yields).
     */
    abstract void submit(Schedulable task);

    /** The calling process has used its reductions: it lets the others run, then goes on. */
    abstract void yieldNow(Proc p);

    /** Where the timeouts of this scheduler's processes wait ({@code receive ... after}, {@code sleep}). */
    TimerQueue timers() {
        return timers;
    }

    /** Where the {@code sendAfter} and {@code sendInterval} timers of this scheduler's processes wait. */
    TimerQueue sendTimers() {
        return sendTimers;
    }
}
