package loombook;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runtime as a whole, Erlang's node: its settings, its process count and limit, and the
 * command that restarts it.
 *
 * <pre>{@code
 * Node.processCount();                          // live processes
 * Node.processLimit(500_000);                   // spawn beyond this fails with SystemLimitException
 * Node.sharingPolicy(SharingPolicy.REJECT);     // refuse messages that carry mutable state
 * Node.schedulers();                            // how many schedulers run processes (one per core)
 * Node.restart();                               // kill every process, start afresh
 * }</pre>
 */
public final class Node {
    /** Reductions a process may spend before it yields its carrier; see {@link #reductionBudget(int)}. */
    static volatile int reductionBudget = 4000;
    /** A mailbox this long (and 10 and 100 times longer) earns its process a warning; 0 turns it off. */
    static volatile int mailboxWarning = 100_000;
    /** A mailbox longer than this ends its process (Erlang's max_heap_size with kill); 0 is no limit. */
    static volatile int mailboxLimit = 0;
    static final int SPAWN_COST = 100;
    static final int SEND_COST = 8;
    static final int RECEIVE_COST = 4;

    private static final ProcessTable TABLE = new ProcessTable();
    private static final AtomicLong NEXT_ID = new AtomicLong(1);
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static volatile int limit = defaultLimit();
    private static volatile SharingPolicy sharing = SharingPolicy.WARN;

    private Node() {}

    static ProcessTable table() {
        return TABLE;
    }

    /** Creates a process, counts it against the limit and puts it in the table; does not start it. */
    static Proc newProc(Runnable body, Proc parent, GroupLeader gl, boolean hosted) {
        if (parent != null) SpawnBomb.refuseIfStopped(parent);
        int n = COUNT.incrementAndGet();
        if (n > limit) {
            COUNT.decrementAndGet();
            int max = limit;
            int ended = hosted ? 0 : SpawnBomb.defuse(parent, max);
            throw new SystemLimitException("system_limit: cannot spawn another process: " + (n - 1)
                    + " are alive and the limit is " + max + ". A loop that spawns without end? "
                    + (ended > 0 ? String.format("The spawn bomb was stopped: %,d processes ended. ", ended) : "")
                    + "Stop processes you no longer need, or raise the limit with Node.processLimit(n).");
        }
        Proc p = new Proc(NEXT_ID.getAndIncrement(), body, parent, gl, hosted);
        if (!hosted) p.home = Schedulers.forSpawn(parent);
        TABLE.add(p);
        if (!hosted) SpawnBomb.endIfStopped(p);
        return p;
    }

    static void started(Proc p) {
        p.home.start(p);
    }

    static void ended() {
        COUNT.decrementAndGet();
    }

    /**
     * How many schedulers run processes: as the BEAM, one per core by default, each with a carrier
     * thread of its own, and an idle one takes work from a busy one (Erlang's
     * {@code erlang:system_info(schedulers_online)}). {@code -Dloombook.schedulers=N} on the JVM's
     * command line sets how many there are at the start.
     *
     * <pre>{@code
     * Node.schedulers();       // 8 on an 8-core laptop
     * }</pre>
     */
    public static int schedulers() {
        return Schedulers.online();
    }

    /**
     * Sets how many schedulers run processes, from 1 to 1,024, at any time (Erlang's
     * {@code erlang:system_flag(schedulers_online, N)}). With 1, every process runs on one carrier
     * thread, one at a time: the deterministic order of a single scheduler, for demonstrations.
     * Going down, the processes of the schedulers taken offline move to the others; going up, new
     * schedulers start empty and take work from the busy ones.
     *
     * <pre>{@code
     * Node.schedulers(1);                                  // one at a time, as on a one-core machine
     * Node.schedulers(Runtime.getRuntime().availableProcessors());   // back to one per core
     * }</pre>
     *
     * @throws UnsupportedOperationException on a JVM where processes run on the JDK's default
     *         scheduler (see {@link #schedulerDescription()}), whose size is fixed at its start
     */
    public static void schedulers(int n) {
        Schedulers.online(n);
    }

    /**
     * The scheduler that runs the calling process, from 1 to {@link #schedulers()} (Erlang's
     * {@code erlang:system_info(scheduler_id)}); 0 on a thread that is not one of the runtime's
     * schedulers (a notebook cell, a {@code main} method, a platform thread). A process may move to
     * another scheduler whenever it waits or yields.
     *
     * <pre>{@code
     * spawn(() -> System.out.println("running on scheduler " + Node.schedulerId()));
     * }</pre>
     */
    public static int schedulerId() {
        CoreScheduler s = CoreScheduler.current();
        return s == null ? 0 : s.id;
    }

    /**
     * Whether scheduler {@code id} (from 1 to {@link #schedulers()}) is running a process now, rather
     * than idle (looking for work, or asleep); false for an id that is no scheduler, and always on
     * the JDK's default scheduler. A reading of a moment, for tools that share out time (the kernel
     * gives each busy scheduler's running code its time slices by it).
     *
     * <pre>{@code
     * spawn(() -> { while (true) {} });
     * Node.schedulerBusy(1) || Node.schedulerBusy(2)      // true: one of them spins
     * }</pre>
     */
    public static boolean schedulerBusy(int id) {
        CoreScheduler s = Schedulers.byId(id);
        return s != null && !s.idle();
    }

    /**
     * One line that says what runs the processes: how many of the runtime's own schedulers, or the
     * JDK's default virtual-thread scheduler (and why) on a JVM without
     * {@code --add-opens java.base/java.lang=ALL-UNNAMED}.
     */
    public static String schedulerDescription() {
        return Schedulers.describe();
    }

    /** How many processes are alive now. */
    public static int processCount() {
        return COUNT.get();
    }

    /** The most processes that may be alive at once (Erlang's {@code +P}). */
    public static int processLimit() {
        return limit;
    }

    /**
     * Sets the process limit. The default is one process per 2 KiB of maximum heap, at least
     * 10,000 and at most 4,000,000, so that a spawn bomb ends with {@link SystemLimitException}
     * before the heap runs out.
     */
    public static void processLimit(int max) {
        if (max < 1) throw new IllegalArgumentException("the process limit must be at least 1, not " + max);
        limit = max;
    }

    /**
     * The reductions a process may spend before it yields its carrier to the others (BEAM gives
     * 4,000). A send costs 8, a receive 4, a spawn 100, and 1,024 turns of a loop in notebook code 8. Lower means
     * fairer and slower; higher means faster and burstier.
     */
    public static int reductionBudget() {
        return reductionBudget;
    }

    /** Sets the reduction budget (at least 100). */
    public static void reductionBudget(int reductions) {
        if (reductions < 100) throw new IllegalArgumentException("the reduction budget must be at least 100, not " + reductions);
        reductionBudget = reductions;
    }

    /**
     * The time slice, in wall-clock milliseconds (1 ms by default). A scheduler runs processes that
     * were woken (by a message, a timer) ahead of processes that used up their reductions and
     * yielded, but for one time slice at most while one of those waits: then that one runs
     * (docs/decisions/0006-schedulers.md).
     */
    public static double timeSliceMillis() {
        return Scheduling.sliceNanos / 1e6;
    }

    /** Sets the time slice, between 0.1 and 100 ms. */
    public static void timeSliceMillis(double millis) {
        if (!(millis >= 0.1 && millis <= 100)) throw new IllegalArgumentException("the time slice must be between 0.1 and 100 ms, not " + millis);
        Scheduling.sliceNanos = (long) (millis * 1e6);
    }

    /**
     * The mailbox length at which a process earns a warning (printed to its group leader, again at
     * 10 and 100 times that length): a process that receives more slowly than it is sent to.
     * 100,000 by default; 0 turns the warning off.
     */
    public static int mailboxWarning() {
        return mailboxWarning;
    }

    /** Sets the mailbox warning threshold (0 turns it off). */
    public static void mailboxWarning(int length) {
        if (length < 0) throw new IllegalArgumentException("the mailbox warning threshold must be 0 (off) or more, not " + length);
        mailboxWarning = length;
    }

    /**
     * The most messages a mailbox may hold: a message that would make it longer ends the receiving
     * process with reason {@code mailbox_limit} (a {@link SystemLimitException}), says so on its
     * group leader, and drops its messages, as Erlang's {@code max_heap_size} with {@code kill}
     * does for a heap. 0 (the runtime's default) is no limit; the kernel sets one (decision 0302).
     *
     * <pre>{@code
     * Node.mailboxLimit(1_000_000);
     * }</pre>
     */
    public static int mailboxLimit() {
        return mailboxLimit;
    }

    /** Sets the mailbox limit (0: none; otherwise at least 1,000 messages). */
    public static void mailboxLimit(int messages) {
        if (messages != 0 && messages < 1000) {
            throw new IllegalArgumentException("the mailbox limit must be 0 (none) or at least 1,000 messages, not " + messages);
        }
        mailboxLimit = messages;
    }

    /**
     * The deepest a process's stack may grow, in frames (10,000 by default): past it the process
     * gets a {@link StackOverflowError}, as a platform thread would. A virtual thread that yields has
     * no limit of its own, so without this a recursion that never ends would fill the heap.
     */
    public static int maxStackDepth() {
        return Scheduling.maxStackDepth;
    }

    /** Sets the deepest stack a process may have, in frames (at least 100). */
    public static void maxStackDepth(int frames) {
        if (frames < 100) throw new IllegalArgumentException("the stack depth limit must be at least 100 frames, not " + frames);
        Scheduling.maxStackDepth = frames;
    }

    /** What sending a message with mutable state does; {@link SharingPolicy#WARN} by default. */
    public static SharingPolicy sharingPolicy() {
        return sharing;
    }

    /** Sets what sending a message with mutable state does. */
    public static void sharingPolicy(SharingPolicy policy) {
        sharing = java.util.Objects.requireNonNull(policy, "policy");
    }

    /**
     * Restarts the runtime without restarting the JVM: kills every process (their links and
     * monitors fire as usual), cancels every timer and forgets every registered name. Returns how
     * many processes were killed. Pids made before stay dead; new ones never reuse their numbers.
     */
    public static int restart() {
        List<Proc> all = TABLE.all();
        for (Proc p : all) {
            p.die(Reason.KILLED);
        }
        Timers.cancelAll();
        Names.clear();
        return all.size();
    }

    /**
     * Installs {@code tracer} to receive every {@link TraceEvent} of every process, or removes it
     * with {@code null}. With no tracer the trace points cost one field read.
     */
    public static void tracer(Tracer tracer) {
        Tracing.tracer = tracer;
    }

    /** The installed tracer, or null. */
    public static Tracer tracer() {
        return Tracing.tracer;
    }

    private static int defaultLimit() {
        long perProcess = 2048;
        long byHeap = Runtime.getRuntime().maxMemory() / perProcess;
        return (int) Math.max(10_000, Math.min(4_000_000, byHeap));
    }
}
