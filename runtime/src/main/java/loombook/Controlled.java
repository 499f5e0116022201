package loombook;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * One process of a controlled run ({@link Races}): its name in the run, what it waits to do, and
 * the hooks that the runtime calls at each operation other processes could see. A hook reports the
 * operation to the {@link Controller} and parks until the controller grants this process the next
 * step, so that only one process of the run moves at a time, whatever the JDK's scheduler does.
 *
 * <p>Every method but {@link #started()} is called on the process's own thread while it holds the
 * run's token (it is the one process running); {@link #started()} waits for the first grant.
 */
final class Controlled {
    static final int READY = 0, RUNNING = 1, BLOCKED = 2, SLEEPING = 3, ENDED = 4;

    final Controller run;
    final Proc proc;
    /** Its name in the run, by descent ("0" the scenario's process, "1" its first child, "1.2"...). */
    final String name;
    /** The name as a small number, the same in every run of an exploration. */
    final int actor;
    /** How many processes and timers it has started so far: numbers the names of its children. */
    int children, timers;

    int state = READY;
    /** READY: the operation it waits to do. */
    Op pending;
    /** BLOCKED: the last mailbox entry it had looked at when it found nothing to take. */
    Mailbox.Entry blockedAfter;
    /** BLOCKED or SLEEPING: the virtual time it wakes at; {@link Long#MAX_VALUE} for never. */
    long deadline = Long.MAX_VALUE;
    /** Whether that wait is shorter than the run's race threshold. */
    boolean shortWait;
    /** Set with the grant that ends a wait by its timeout. */
    boolean timedOut;
    /** Whether it ever registered a name or touched a shared resource (its end then touches them too). */
    java.util.Set<String> names;

    private volatile boolean granted;

    Controlled(Controller run, Proc proc, String name) {
        this.run = run;
        this.proc = proc;
        this.name = name;
        this.actor = run.actorId(name);
    }

    // ---------------------------------------------------------------- the token

    /** Lets this process run its next step. Called by the token holder. */
    void grant() {
        granted = true;
        LockSupport.unpark(proc.thread);
    }

    /**
     * Parks until granted, or until the run is over and this process is dead (it then unwinds
     * without control). An interrupt (the exit signal that killed it) does not end the wait: the
     * controller lets a dead process unwind when it is its turn.
     */
    void awaitTurn() {
        while (!granted) {
            if (run.free && !proc.alive()) return;
            LockSupport.park(this);
            Thread.interrupted();
        }
        granted = false;
    }

    /** Whether hooks should report: false once the run is over, or for a process that is dead (it unwinds). */
    private boolean controlling() {
        return !run.free && proc.alive();
    }

    /** Reports {@code op}, waits for the turn to do it, and throws {@link ProcessExit} if killed meanwhile. */
    void at(Op op) {
        if (controlling()) {
            state = READY;
            pending = op;
            run.turn(this);
        }
        proc.checkExit();
    }

    // ---------------------------------------------------------------- the hooks

    /** A new process of the run, at the start of its thread: waits for its first turn. */
    void started() {
        awaitTurn();
        proc.checkExit();
    }

    /** Before a spawn, spawnLink or spawnMonitor. */
    void spawning(boolean link, boolean monitor) {
        at(Op.of(Op.SPAWN, null, (link ? 1 : 0) | (monitor ? 2 : 0)));
    }

    /** Makes a process just created by this one part of the run (before its thread starts). */
    void adopt(Proc child) {
        if (run.free) return;
        run.adopt(this, child);
    }

    /**
     * Before a send to {@code to}. A message to a process outside the run is recorded here: the
     * trace point of a send records it on the receiver's side.
     */
    void sending(Proc to, Object message) {
        at(Op.of(Op.SEND, to, message));
        if (to.control == null && to.exitReason == null && controlling()) {
            run.record(new TraceEvent.Sent(System.nanoTime(), proc.pid, to.pid, message));
        }
    }

    /**
     * A poll of the mailbox ({@code receive} with {@code after 0}, {@code flush()},
     * {@code messages()}): a scheduling point, since a message that comes first changes its answer.
     * Any other receive is not one: the mailbox is looked at in the current step (what it takes does
     * not depend on messages still to come, which queue behind those there), and if it takes nothing
     * it waits until one comes; {@link #scanning()}, {@link #received} and {@link #await} note that
     * the step touched the mailbox.
     */
    void polling() {
        at(Op.of(Op.RECEIVE, null));
    }

    /** A selective receive looks at a message of this process's mailbox, in the current step. */
    void scanning() {
        if (controlling()) run.touchMailbox(proc);
    }

    /**
     * A receive found nothing to take: waits until a message arrives ({@code true}: look again
     * from {@code last}) or the virtual {@code deadline} passes ({@code false}).
     */
    boolean await(Mailbox.Entry last, long deadline) {
        if (deadline == 0) return false;
        proc.checkExit();
        if (!controlling()) return last.next != null;
        run.touchMailbox(proc);
        state = BLOCKED;
        blockedAfter = last;
        waitUntil(deadline);
        run.turn(this);
        proc.checkExit();
        blockedAfter = null;
        if (timedOut) {
            timedOut = false;
            return false;
        }
        return true;
    }

    /**
     * {@code sleep}: waits until the virtual {@code deadline} (fixed when sleep was called, as
     * the deadline of a receive is); its end is the process's next step.
     */
    void sleep(long deadline) {
        proc.checkExit();
        if (deadline == 0 || !controlling()) return;
        state = SLEEPING;
        waitUntil(deadline);
        run.turn(this);
        proc.checkExit();
    }

    private void waitUntil(long deadline) {
        this.deadline = deadline;
        this.shortWait = deadline != Long.MAX_VALUE && deadline - run.now < run.raceBelowNanos;
    }

    /** The virtual deadline {@code afterMillis} from now (a positive number of milliseconds). */
    long deadline(long afterMillis) {
        run.readClock();
        long d = run.now + afterMillis * 1_000_000L;
        return d == 0 || d == Long.MAX_VALUE ? d - 1 : d;
    }

    /** The run's virtual time, in nanoseconds (a read of the clock). */
    long now() {
        if (!controlling()) return run.now;
        run.readClock();
        return run.now;
    }

    /** Before an exit signal, link, unlink, monitor or demonitor that concerns {@code other}. */
    void signalling(int kind, Proc other) {
        at(Op.of(kind, other));
    }

    /** Before an operation on this process's own flags (trapExit). */
    void own(int kind) {
        at(Op.of(kind, null));
    }

    /** Before register, unregister, whereis ({@code name}) or registered ({@code name} null). */
    void naming(int kind, String name, Proc proc) {
        at(Op.of(kind, proc, name));
    }

    /** Before starting a timer; returns it, on the run's virtual clock. */
    TimerRef timer(Supplier<Proc> dest, Object message, long millis, boolean interval) {
        at(Op.of(Op.TIMER, null, message));
        return run.startTimer(this, dest, message, millis, interval);
    }

    /** Before touching a resource that the runtime does not see ({@link Races#access}). */
    void access(Object resource, boolean write) {
        at(Op.of(write ? Op.WRITE : Op.READ, null, resource));
    }

    /** The scenario's process waits until every other process has stopped moving. */
    void settle() {
        at(Op.of(Op.SETTLE, null));
    }

    /** The process's code has returned or thrown: a scheduling point before it ends (while it is alive). */
    void ending() {
        if (this == run.root) {
            run.rootEnding();
            return;
        }
        if (!controlling()) return;
        state = READY;
        pending = Op.of(Op.END, null);
        run.turn(this);             // killed meanwhile: it ends with that reason, and no exception escapes
    }

    /** The process has ended (its thread is about to finish): passes the token on. */
    void ended() {
        run.ended(this);
    }

    /**
     * How the process is called in reports and pictures: a name it registered, else its label,
     * else "process 1.2"; "scenario" for the scenario's own process.
     */
    String displayName() {
        if (names != null && !names.isEmpty()) return names.iterator().next();
        if (proc.registeredName != null) return proc.registeredName;
        if (this == run.root) return "scenario";
        Object label = proc.label;
        return label != null ? String.valueOf(label) : "process " + name;
    }

    // ---------------------------------------------------------------- trace points (see Tracing)

    void spawned(Proc parent) {
        run.record(new TraceEvent.Spawned(System.nanoTime(), parent == null ? null : parent.pid, proc.pid));
    }

    /** A message is put in this process's mailbox. */
    void sentHere(Proc from, Object message) {
        run.record(new TraceEvent.Sent(System.nanoTime(), from == null ? null : from.pid, proc.pid, message));
    }

    /** This process took a message; {@code timed} says when its clause was called, if it was a selective receive. */
    void received(Object message, Tracing.Timed<?> timed) {
        long at = timed != null && timed.at != 0 ? timed.at : System.nanoTime();
        if (timed == null && controlling()) run.touchMailbox(proc);      // receive() or receive(Type): no clause ran, this step took it
        run.record(new TraceEvent.Received(at, proc.pid, message));
    }

    void signalledHere(Proc from, Object reason) {
        run.record(new TraceEvent.ExitSignal(System.nanoTime(), from == null ? null : from.pid, proc.pid, reason));
    }

    void exited(Object reason) {
        run.record(new TraceEvent.Exited(System.nanoTime(), proc.pid, reason));
    }

    /** The controlled process the current thread runs as, or null. */
    static Controlled current() {
        Proc p = Proc.current();
        return p == null ? null : p.control;
    }

    @Override
    public String toString() {
        return "process " + name + " (" + proc.pid + ")";
    }

    /**
     * An operation a process waits to do: what the controller knows of it before it happens.
     *
     * @param kind one of the constants below
     * @param target the process it concerns, if any
     * @param detail the message, name or resource, if any
     */
    record Op(int kind, Proc target, Object detail) {
        static final int START = 0, SPAWN = 1, SEND = 2, RECEIVE = 3, SLEEP = 4, EXIT = 5, LINK = 6, UNLINK = 7,
                MONITOR = 8, DEMONITOR = 9, TRAP_EXIT = 10, REGISTER = 11, UNREGISTER = 12, WHEREIS = 13,
                REGISTERED = 14, TIMER = 15, CANCEL_TIMER = 16, READ_TIMER = 17, READ = 18, WRITE = 19,
                SETTLE = 20, END = 21;

        static Op of(int kind, Proc target) {
            return new Op(kind, target, null);
        }

        static Op of(int kind, Proc target, Object detail) {
            return new Op(kind, target, detail);
        }
    }
}
