package loombook;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * One process: its mailbox, links, monitors and exit state. {@link Pid} is its public face;
 * {@link Process} is the API that acts on it.
 *
 * <p>Dying is logical and immediate: whoever ends a process (its own thread when its code returns
 * or throws; the sender of a kill otherwise) wins a race on {@link #exitReason}, and at once the
 * process leaves the process table and the name registry, its links get exit signals and its
 * monitors DOWN messages. If its thread is still running code, it is woken and interrupted, and the
 * next receive, send, spawn or sleep it makes throws {@link ProcessExit}.
 *
 * <p>A process is also the {@link Executor} of its own virtual thread: each time the thread is
 * ready to run (started, unparked, yielding) the JDK hands its continuation to {@link #execute},
 * which puts the process in its scheduler's run queue ({@link Scheduler#submit}).
 */
final class Proc extends Mailbox implements Runnable, Executor {
    static final ScopedValue<Proc> CURRENT = ScopedValue.newInstance();

    final long id;
    final Pid pid;
    final Pid parent;
    /**
     * The oldest of its ancestors that is not a host process (itself, for a process a host or no
     * process spawned): the root of its family, which {@link SpawnBomb} ends as one.
     */
    final Proc familyRoot;
    /** On a family's root: why the family was stopped as a spawn bomb (null: it was not); see {@link SpawnBomb}. */
    volatile SystemLimitException bombStopped;
    /** True for a process whose code runs on borrowed threads (the notebook): see {@link HostProcess}. */
    final boolean hosted;
    private Runnable body;

    volatile Object exitReason;
    volatile boolean trapExit;
    volatile GroupLeader groupLeader;
    volatile String registeredName;
    volatile Object label;
    /** Reductions left before this process yields its carrier; see {@link #charge}. */
    int budget = Node.reductionBudget;
    long reductions;
    /** Set (under this lock) by the sender whose message passed the mailbox limit: it alone reports. */
    private boolean overflowed;

    /** The scheduler it runs on (null for a host process, which runs on its caller's thread). */
    Scheduler home;
    /** Its virtual thread's continuation, as the JDK hands it to {@link #execute} the first time. */
    private Runnable continuation;

    // guarded by this
    private Set<Proc> links;
    /** Monitors on this process: ref to the watching process. */
    private Map<Ref, Proc> monitoredBy;
    /** Monitors this process holds: ref to the watched process. */
    private Map<Ref, Proc> monitoring;

    // the process table's intrusive list, guarded by the table's stripe
    Proc tableNext, tablePrev;

    Proc(long id, Runnable body, Proc parent, GroupLeader groupLeader, boolean hosted) {
        this.id = id;
        this.pid = new Pid(this);
        this.body = body;
        this.parent = parent == null ? null : parent.pid;
        this.familyRoot = parent == null || parent.hosted || hosted ? this : parent.familyRoot;
        this.groupLeader = groupLeader;
        this.hosted = hosted;
    }

    /** The process the current thread runs as, or null. */
    static Proc current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    /** The process the current thread runs as; throws a clear error outside any process. */
    static Proc self(String what) {
        if (!CURRENT.isBound()) {
            throw new IllegalStateException(what + " must be called from inside a process, and this thread ("
                    + Thread.currentThread().getName() + ") is not one. Run the code in Process.spawn(...), "
                    + "or, for a main thread, inside HostProcess.start().run(...).");
        }
        return CURRENT.get();
    }

    boolean alive() {
        return exitReason == null;
    }

    // ---------------------------------------------------------------- running

    @Override
    public void run() {
        Runnable b = body;
        body = null;
        Object reason = Reason.NORMAL;
        try {
            if (control != null) control.started();
            // ended before it ran (a spawn bomb stopped, a kill right after the spawn): as on the BEAM,
            // its code never runs
            if (alive()) ScopedValue.where(CURRENT, this).run(b);
        } catch (ProcessExit e) {
            reason = e.reason();            // exit(reason): no report, even if the reason is an exception
        } catch (Throwable t) {
            reason = t;
            if (alive()) CrashReport.report(this, t);     // before the links and monitors hear of it
        }
        if (control != null) control.ending();
        die(reason);
        clearMailbox();
        if (control != null) control.ended();
        thread = null;
        continuation = null;     // a dead process that a stored pid keeps does not keep its thread's stack
    }

    // ---------------------------------------------------------------- scheduling

    /** Its virtual thread is ready to run (or a thread that code in it started, which inherits its executor). */
    @Override
    public void execute(Runnable task) {
        if (continuation == null) continuation = task;          // the first call: its own thread starts
        // The process is its own run-queue entry, so it can be in a queue only once. The JDK may hand
        // the same continuation over again while it waits in a queue: VirtualThread.getStackTrace of
        // a thread that is ready resubmits it afterwards ("it may have run while suspended"), as
        // Process.info's currentFunction does. A second entry would cut the queue's chain (processes
        // lost, the queue's stub dispatched); a wrapper of its own runs the continuation a second
        // time, which the JDK allows (it returns at once if the thread is not ready).
        if (task == continuation && QUEUED.compareAndSet(this, false, true)) home.submit(this);
        else home.submit(new Schedulable.Foreign(task));
    }

    @Override
    void dispatch() {
        QUEUED.setVolatile(this, false);
        Runnable c = continuation;
        if (c != null) c.run();        // null: its thread has ended since it was queued
    }

    /** Whether this process is in a run queue now (see {@link #execute}). */
    @SuppressWarnings("unused")     // through QUEUED
    private volatile boolean queued;
    private static final java.lang.invoke.VarHandle QUEUED;

    static {
        try {
            QUEUED = java.lang.invoke.MethodHandles.lookup().findVarHandle(Proc.class, "queued", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    Proc process() {
        return this;
    }

    @Override
    TimerQueue timerQueue() {
        Scheduler h = home;
        return h != null ? h.timers() : Timers.outside();
    }

    @Override
    void checkExit() {
        Object r = exitReason;
        if (r != null) {
            throw new ProcessExit(r);
        }
    }

    /**
     * Charges {@code cost} reductions; when the slice is used up, yields the carrier so that a busy
     * process (a spawning loop, a flood of sends) cannot starve the others, as BEAM's scheduler does
     * (a host waits its turn behind a backlog instead: {@link HostTurn}).
     * It yields early when its scheduler asks (a process was woken there from elsewhere while this
     * one computes: see {@link Scheduler#preempt}).
     */
    void charge(int cost) {
        reductions += cost;
        if ((budget -= cost) <= 0 || home != null && home.preempt) {
            budget = Node.reductionBudget;
            if (!hosted) {
                if (sixteenthYield()) Scheduling.checkDepth();
                home.yieldNow(this);
            } else {
                HostTurn.take();            // a host waits behind a backlog it may have made
            }
            checkExit();
        }
    }

    /**
     * Whether this yield is about the 16th since the last one that was (counted from the reductions
     * done, so that a process carries no counter of its own: a million idle processes, 4 bytes each).
     */
    boolean sixteenthYield() {
        return (reductions / Math.max(1, Node.reductionBudget) & 15) == 0;
    }

    // ---------------------------------------------------------------- links

    /** Links two live processes. Returns false (and links nothing) if {@code other} is dead. */
    static boolean link(Proc a, Proc b) {
        if (a == b) {
            return true;
        }
        Proc first = a.id < b.id ? a : b, second = first == a ? b : a;
        synchronized (first) {
            synchronized (second) {
                if (!a.alive() || !b.alive()) {
                    return false;
                }
                a.linkSet().add(b);
                b.linkSet().add(a);
                return true;
            }
        }
    }

    static void unlink(Proc a, Proc b) {
        Proc first = a.id < b.id ? a : b, second = first == a ? b : a;
        synchronized (first) {
            synchronized (second) {
                if (a.links != null) a.links.remove(b);
                if (b.links != null) b.links.remove(a);
            }
        }
    }

    private Set<Proc> linkSet() {
        if (links == null) links = new HashSet<>(4);
        return links;
    }

    /** Removes the link to {@code dying} if there is one; the signal it carries is delivered only then. */
    private synchronized boolean dropLink(Proc dying) {
        return links != null && links.remove(dying);
    }

    // ---------------------------------------------------------------- monitors

    /** Adds a monitor held by {@code watcher}; returns false if this process is dead. */
    boolean addMonitor(Ref ref, Proc watcher) {
        synchronized (this) {
            if (!alive()) return false;
            if (monitoredBy == null) monitoredBy = new HashMap<>(4);
            monitoredBy.put(ref, watcher);
        }
        synchronized (watcher) {
            if (watcher.monitoring == null) watcher.monitoring = new HashMap<>(4);
            watcher.monitoring.put(ref, this);
        }
        return true;
    }

    private synchronized void forgetMonitor(Ref ref) {
        if (monitoring != null) monitoring.remove(ref);
    }

    /** Drops the monitor {@code ref} held by this process. Returns false if it was not active. */
    boolean demonitor(Ref ref) {
        Proc target;
        synchronized (this) {
            target = monitoring == null ? null : monitoring.remove(ref);
        }
        if (target == null) return false;
        synchronized (target) {
            return target.monitoredBy != null && target.monitoredBy.remove(ref) != null;
        }
    }

    // ---------------------------------------------------------------- exit

    /**
     * Ends this process with {@code reason} if it is still alive, and delivers what its death
     * causes (exit signals along links, DOWN messages), following chains of linked deaths without
     * recursion. Returns whether this call ended it.
     */
    boolean die(Object reason) {
        ArrayDeque<Signal> work = new ArrayDeque<>();
        boolean ended = dieInto(reason, work, null);
        Signal s;
        while ((s = work.poll()) != null) {
            s.deliver(work);
        }
        return ended;
    }

    /**
     * Ends this process; {@code cause} is the exit signal that does it (null for none), which a
     * tracer is told before the exit itself.
     */
    private boolean dieInto(Object reason, ArrayDeque<Signal> work, Signal cause) {
        Set<Proc> myLinks;
        Map<Ref, Proc> watchers, watched;
        synchronized (this) {
            if (exitReason != null) return false;
            exitReason = reason;
            myLinks = links;
            watchers = monitoredBy;
            watched = monitoring;
            links = null;
            monitoredBy = null;
            monitoring = null;
            // gone from the table and the names before anyone hears of it, as on the BEAM: a process
            // woken by the DOWN finds the name free (both are leaf locks: no lock-order risk)
            Node.table().remove(this);
            Node.ended();
            String name = registeredName;
            if (name != null) Names.unregister(name, this);
            // traced before anyone can see it: the signal that ends it, its exit, then each DOWN
            if (cause != null) Tracing.exitSignal(cause.from, this, cause.reason);
            Tracing.exited(this, reason);
            // the DOWNs go out under this lock: a demonitor that finds the monitor gone (it takes
            // this lock too) can then be sure that the DOWN is already in its mailbox to flush
            if (watchers != null) {
                for (Map.Entry<Ref, Proc> e : watchers.entrySet()) {
                    Proc watcher = e.getValue();
                    if (watcher.alive()) {
                        Down down = new Down(e.getKey(), pid, reason);
                        Tracing.sent(this, watcher, down);
                        watcher.deliver(down);
                    }
                }
            }
        }
        if (watchers != null) {
            for (Map.Entry<Ref, Proc> e : watchers.entrySet()) {
                e.getValue().forgetMonitor(e.getKey());     // the monitor has fired: its watcher holds it no more
            }
        }
        if (watched != null) {
            for (Map.Entry<Ref, Proc> e : watched.entrySet()) {
                Proc target = e.getValue();
                synchronized (target) {
                    if (target.monitoredBy != null) target.monitoredBy.remove(e.getKey());
                }
            }
        }
        if (myLinks != null) {
            for (Proc linked : myLinks) {
                work.add(new Signal(this, linked, reason, true));
            }
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
        return true;
    }

    /**
     * An exit signal from {@code from} to {@code to}: through a link when {@code from} died, or
     * sent by {@code exit(pid, reason)}.
     */
    record Signal(Proc from, Proc to, Object reason, boolean viaLink) {
        void deliver(ArrayDeque<Signal> work) {
            if (!to.alive()) return;
            if (viaLink && !to.dropLink(from)) return;      // unlinked meanwhile: no signal
            if (!viaLink && reason == Reason.KILL) {
                to.dieInto(Reason.KILLED, work, this);
            } else if (to.trapExit) {
                Exit exit = new Exit(from == null ? null : from.pid, reason);
                Tracing.sent(from, to, exit);
                to.deliver(exit);
            } else if (reason == Reason.NORMAL) {
                if (!viaLink && from == to) to.dieInto(Reason.NORMAL, work, this);
            } else {
                to.dieInto(reason, work, this);
            }
        }
    }

    /** Sends an exit signal as {@code exit(pid, reason)} does. */
    static void exitSignal(Proc from, Proc to, Object reason) {
        ArrayDeque<Signal> work = new ArrayDeque<>();
        new Signal(from, to, reason, false).deliver(work);
        Signal s;
        while ((s = work.poll()) != null) {
            s.deliver(work);
        }
    }

    /** Puts a runtime message (DOWN, EXIT, a timer's message) in the mailbox, unless dead; returns whether it did. */
    boolean deliver(Object message) {
        if (exitReason == null) {
            enqueue(message);
            return true;
        }
        return false;
    }

    /** Appends a message, warning once when the mailbox passes each warning length. */
    void enqueue(Object message) {
        int n = put(message);
        int w = Node.mailboxWarning;
        if (w > 0 && n >= w && (n == w || n == 10 * w || n == 100 * w)) {
            floodWarning(n);
        }
        int max = Node.mailboxLimit;
        if (max > 0 && n > max) {
            overflow(max);
        }
    }

    /** The mailbox passed {@link Node#mailboxLimit()}: this process ends, once, and says why. */
    private void overflow(int max) {
        String who = pid + (registeredName != null ? " (" + registeredName + ")" : label != null ? " (" + label + ")" : "");
        SystemLimitException reason = new SystemLimitException("mailbox_limit: the mailbox of " + who + " passed "
                + String.format("%,d", max) + " messages (Node.mailboxLimit)");
        synchronized (this) {           // senders racing past the limit: one of them reports and ends it
            if (exitReason != null || overflowed) return;
            overflowed = true;
        }
        // said before the end, so that whoever hears of the end can already read why
        groupLeader.err().printf("mailbox_limit: the mailbox of %s passed %,d messages, the limit, so the process was "
                + "stopped and its messages dropped: it is sent messages faster than it receives them, or it never "
                + "receives some of them. Node.mailboxLimit(n) changes the limit.%n", who, max);
        groupLeader.err().flush();
        die(reason);
    }

    private void floodWarning(int length) {
        String who = pid + (registeredName != null ? " (" + registeredName + ")" : label != null ? " (" + label + ")" : "");
        groupLeader.err().printf("warning: the mailbox of %s holds %,d messages: it is sent messages faster than it "
                + "receives them, or it never receives some of them (a selective receive that no clause matches). "
                + "Look at info(pid).messages(); Node.mailboxWarning(n) changes this threshold.%n", who, length);
    }

    // ---------------------------------------------------------------- introspection

    synchronized List<Pid> linkPids() {
        return links == null ? List.of() : pidsOf(links);
    }

    // A monitor whose other end has died is still in these tables for the microseconds it takes
    // the dying process to tidy them (it does so outside its own lock, so as never to nest locks);
    // its DOWN may already be delivered. Introspection therefore lists live processes only.

    synchronized List<Pid> monitoringPids() {
        return monitoring == null ? List.of() : pidsOf(monitoring.values());
    }

    synchronized List<Pid> monitoredByPids() {
        return monitoredBy == null ? List.of() : pidsOf(monitoredBy.values());
    }

    private static List<Pid> pidsOf(Iterable<Proc> procs) {
        List<Pid> out = new ArrayList<>();
        for (Proc p : procs) if (p.alive()) out.add(p.pid);
        out.sort(null);
        return List.copyOf(out);
    }
}
