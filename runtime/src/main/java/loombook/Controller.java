package loombook;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One controlled run of a scenario ({@link Races}): the processes it spawned, the virtual clock and
 * its timers, and the token that lets one process at a time move.
 *
 * <p><b>Token passing.</b> Whoever holds the token (the explorer's thread at the start, then the
 * running process) decides the next step when it reaches a scheduling point: it closes the step it
 * took, lists the actors that can move, asks the {@link Strategy}, fires a chosen timer itself, or
 * grants the chosen process and parks. Only the holder reads or writes this object's run state; a
 * grant (a volatile write, then an unpark) hands it over with everything written before it.
 *
 * <p><b>Time.</b> The clock is virtual and never reads the wall clock: it stands still while
 * processes compute and moves on to the deadline of a timer or timeout when the run chooses to let
 * one fire. A wait shorter than {@code raceBelowNanos} may end between any two steps, whatever the
 * other waits (as Erlang promises no order between the timeouts of different processes, and as
 * Concuerror explores them), so that a {@code sleep} used to wait for another process is found out.
 * A longer wait ends only when no process can move and no short wait is pending (a call's 5 s
 * timeout does not end a call that a server is about to answer), and not before the check.
 *
 * <p><b>The end.</b> The run ends when the scenario's process has run the check, when no process
 * can move (a deadlock, if the scenario's process is still waiting), at the step bound, or when the
 * strategy abandons it. The explorer then kills what is left ({@link #release()}).
 */
final class Controller {
    /** Why a run ended. */
    enum End {
        /** The scenario and its check ran. */
        DONE,
        /** Nothing could move while the scenario's process had not finished. */
        DEADLOCK,
        /** It reached the bound on steps. */
        STEP_BOUND,
        /** The strategy gave it up (every choice left leads to schedules already tried). */
        ABANDONED,
        /** The strategy asked for an actor that cannot move: the schedule does not fit the scenario. */
        MISMATCH
    }

    /** One step of the run: who moved, what it did, what it touched. */
    static final class StepRecord {
        final int index;
        final int actor;
        final String actorName;
        final int[] enabled;
        /** The process that moved, or null for a timer. */
        Controlled process;
        VirtualTimer timer;
        /** What it did: an {@link Controlled.Op} kind, or one of the wake-ups below. */
        int kind;
        Proc target;
        Object detail;
        final Footprint footprint = new Footprint();
        int firstEvent, endEvent;
        /** When it began and ended (System.nanoTime): a receive is timed from when its clause was called, in its step. */
        long startNanos, endNanos;
        /** Recorded runs only: each live process's mailbox after the step, and the output so far. */
        Map<Pid, List<Object>> mailboxes;
        int outputEnd;
        /** Whether its process was waiting when the step ended: 0 no, 1 in a receive, 2 in a sleep. */
        int waitsAfter;

        static final int WAKE_MESSAGE = 100, WAKE_TIMEOUT = 101, WAKE_SLEEP = 102, TIMER_FIRED = 103;

        StepRecord(int index, int actor, String actorName, int[] enabled) {
            this.index = index;
            this.actor = actor;
            this.actorName = actorName;
            this.enabled = enabled;
        }
    }

    final Strategy strategy;
    /** Actor names and numbers, shared by every run of an exploration. */
    final Actors actors;
    final int maxSteps;
    final long raceBelowNanos;
    /** Whether to keep mailboxes and output per step (the run that is shown). */
    final boolean record;
    final RunOutput output;

    final List<Controlled> procs = new ArrayList<>();
    final List<VirtualTimer> timers = new ArrayList<>();
    Controlled root;
    /** Virtual time, in nanoseconds since the run began. */
    long now;

    final List<StepRecord> steps = new ArrayList<>();
    private StepRecord current;
    final List<TraceEvent> events = new ArrayList<>();
    private final Set<Class<?>> resources = new LinkedHashSet<>();
    /** The process that moved last (timers do not count): the default choice goes on with it. */
    private int lastActor = -1;

    End end;
    String endDetail;
    /** What the scenario returned, and the check's verdict: null (not run), or the failure's description ("" for none). */
    Object value;
    String verdict;
    /** Something outside the run touched its processes (null if nothing did). */
    volatile String disturbed;

    /** Set when the run is over: hooks stop controlling, parked processes may unwind. */
    volatile boolean free;
    private final CountDownLatch done = new CountDownLatch(1);
    /** The thread that holds the token, and how many grants there have been (for the stall watch). */
    volatile Thread holder;
    volatile int grants;
    final AtomicInteger live = new AtomicInteger();

    Controller(Strategy strategy, Actors actors, int maxSteps, long raceBelowNanos, boolean record, RunOutput output) {
        this.strategy = strategy;
        this.actors = actors;
        this.maxSteps = maxSteps;
        this.raceBelowNanos = raceBelowNanos;
        this.record = record;
        this.output = output;
    }

    int actorId(String name) {
        return actors.id(name);
    }

    String actorName(int id) {
        return actors.name(id);
    }

    // ---------------------------------------------------------------- starting

    /**
     * Spawns the scenario's process (not yet running) and hands it the first turn; returns at once.
     * Called on the explorer's thread, which holds the token until then.
     */
    <T> void start(Supplier<T> scenario, Predicate<? super T> check, Proc caller) {
        holder = Thread.currentThread();
        Runnable body = () -> runScenario(scenario, check);
        Proc p = Node.newProc(body, caller, output, false);
        root = new Controlled(this, p, "0");
        p.control = root;
        root.pending = Controlled.Op.of(Controlled.Op.START, null);
        procs.add(root);
        live.incrementAndGet();
        p.label = "scenario";
        Node.started(p);
        Controlled next = decide();
        if (next != null) next.grant();
        else finish();
    }

    private <T> void runScenario(Supplier<T> scenario, Predicate<? super T> check) {
        T v;
        try {
            v = scenario.get();
        } catch (ProcessExit e) {
            throw e;
        } catch (Throwable t) {
            verdict = "the scenario threw " + describe(t);
            return;
        }
        value = v;
        root.settle();
        try {
            verdict = check.test(v) ? "" : "the check returned false for " + Races.show(v) + nameOf(v);
        } catch (ProcessExit e) {
            throw e;
        } catch (Throwable t) {
            verdict = "the check threw " + describe(t);
        }
    }

    /** " (counter)" for a pid of this run that has a name, " (process 1)" for one that has none; "" for anything else. */
    private String nameOf(Object v) {
        if (!(v instanceof Pid p)) return "";
        for (Controlled c : procs) {
            if (c.proc == p.proc) return c == root ? " (the scenario's process)" : " (" + c.displayName() + ")";
        }
        return "";
    }

    static String describe(Throwable t) {
        String n = t.getClass().getSimpleName().isEmpty() ? t.getClass().getName() : t.getClass().getSimpleName();
        return t.getMessage() == null ? n : n + ": " + t.getMessage();
    }

    /** A process spawned by {@code parent}, before its thread starts. */
    void adopt(Controlled parent, Proc child) {
        String name = parent == root ? String.valueOf(++parent.children) : parent.name + "." + (++parent.children);
        Controlled c = new Controlled(this, child, name);
        child.control = c;
        c.pending = Controlled.Op.of(Controlled.Op.START, null);
        procs.add(c);
        live.incrementAndGet();
    }

    TimerRef startTimer(Controlled by, Supplier<Proc> dest, Object message, long millis, boolean interval) {
        if (millis < 0) throw new IllegalArgumentException("a timer's delay must be 0 or more milliseconds, not " + millis);
        if (interval && millis <= 0) throw new IllegalArgumentException("an interval must be at least 1 ms, not " + millis);
        TimerRef ref = new TimerRef(interval);
        VirtualTimer t = new VirtualTimer(this, by.name + "t" + (++by.timers), dest, message, millis * 1_000_000L,
                interval ? millis * 1_000_000L : 0, ref);
        ref.virtual = t;
        timers.add(t);
        if (current != null) current.footprint.write(timerKey(t));
        return ref;
    }

    // ---------------------------------------------------------------- the token

    /**
     * Called by the token holder {@code me} at a scheduling point (its state and pending operation
     * set): picks the next step and hands the token over, then parks {@code me} until its turn.
     */
    void turn(Controlled me) {
        Controlled next = decide();
        if (next == me) return;
        if (next != null) next.grant();
        else finish();
        me.awaitTurn();
    }

    /** The process {@code me} has ended (it holds the token, unless the run is over). */
    void ended(Controlled me) {
        me.state = Controlled.ENDED;
        live.decrementAndGet();
        if (free) return;
        Controlled next = decide();
        if (next != null) next.grant();
        else finish();
    }

    /** The scenario's process is about to end: the run is over. */
    void rootEnding() {
        if (free || end != null) return;
        closeStep();
        endRun(End.DONE, null);
    }

    private void finish() {
        done.countDown();
    }

    private void endRun(End why, String detail) {
        if (end == null) {
            end = why;
            endDetail = detail;
        }
    }

    /**
     * Closes the step just taken and picks the next one; fires chosen timers on the way. Returns the
     * process to grant (marked running), or null when the run is over.
     */
    private Controlled decide() {
        closeStep();
        for (;;) {
            if (end != null) return null;
            // a process killed while it waited unwinds first: nothing it does can be seen by others
            for (Controlled c : procs) {
                if (c.state != Controlled.ENDED && c.state != Controlled.RUNNING && !c.proc.alive()) {
                    c.state = Controlled.RUNNING;
                    handTo(c);
                    return c;
                }
            }
            int[] enabled = enabled();
            if (enabled.length == 0) {
                endRun(End.DEADLOCK, null);
                return null;
            }
            if (steps.size() >= maxSteps) {
                endRun(End.STEP_BOUND, null);
                return null;
            }
            int pick = strategy.choose(steps.size(), enabled, lastActor);
            if (pick == Strategy.ABANDON) {
                endRun(End.ABANDONED, null);
                return null;
            }
            if (!Strategy.contains(enabled, pick)) {
                endRun(End.MISMATCH, "at step " + (steps.size() + 1) + " the schedule runs " + describeActor(pick)
                        + ", which cannot move then (these can: " + describeActors(enabled) + ")");
                return null;
            }
            StepRecord s = new StepRecord(steps.size(), pick, actorName(pick), enabled);
            s.firstEvent = events.size();
            s.startNanos = System.nanoTime();
            steps.add(s);
            current = s;
            Object who = byActor(pick);
            if (who instanceof VirtualTimer t) {
                s.timer = t;
                s.kind = StepRecord.TIMER_FIRED;
                s.footprint.advance(Footprint.CLOCK_KEY);
                s.footprint.write(timerKey(t));
                s.footprint.read(Footprint.NAMES_KEY);
                if (!t.shortDelay) s.footprint.global();
                t.fire();
                closeStep();
                continue;
            }
            Controlled c = (Controlled) who;
            lastActor = pick;
            s.process = c;
            s.footprint.read(key(c.proc, Footprint.LIFE));
            switch (c.state) {
                case Controlled.READY -> opened(s, c, c.pending);
                case Controlled.BLOCKED -> {
                    s.footprint.write(key(c.proc, Footprint.MAILBOX));
                    if (c.blockedAfter.next != null) {
                        s.kind = StepRecord.WAKE_MESSAGE;
                    } else {
                        s.kind = StepRecord.WAKE_TIMEOUT;
                        c.timedOut = true;
                        now = Math.max(now, c.deadline);
                        s.footprint.advance(Footprint.CLOCK_KEY);
                        if (!c.shortWait) s.footprint.global();
                    }
                }
                case Controlled.SLEEPING -> {
                    s.kind = StepRecord.WAKE_SLEEP;
                    now = Math.max(now, c.deadline);
                    s.footprint.advance(Footprint.CLOCK_KEY);
                    if (!c.shortWait) s.footprint.global();
                }
                default -> throw new IllegalStateException("cannot grant " + c + " in state " + c.state);
            }
            c.pending = null;
            c.state = Controlled.RUNNING;
            handTo(c);
            return c;
        }
    }

    private void handTo(Controlled c) {
        holder = c.proc.thread;
        grants++;
    }

    /** What a process's operation touches, as far as it can be known before it happens. */
    private void opened(StepRecord s, Controlled c, Controlled.Op op) {
        s.kind = op.kind();
        s.target = op.target();
        s.detail = op.detail();
        Footprint f = s.footprint;
        Proc me = c.proc;
        Proc t = op.target();
        switch (op.kind()) {
            case Controlled.Op.START -> { }
            case Controlled.Op.SPAWN -> {
                // the child is new: only its own steps can depend on it, and they come after this one
                if (((Integer) op.detail() & 1) != 0) f.advance(key(me, Footprint.LINKS));
            }
            case Controlled.Op.TRAP_EXIT -> f.write(key(me, Footprint.TRAP));
            case Controlled.Op.SEND -> {
                f.write(key(t, Footprint.MAILBOX));
                f.read(key(t, Footprint.LIFE));
            }
            case Controlled.Op.RECEIVE -> f.write(key(me, Footprint.MAILBOX));
            case Controlled.Op.EXIT -> {
                f.read(key(t, Footprint.TRAP));
                dying(f, t);
            }
            case Controlled.Op.LINK, Controlled.Op.UNLINK -> {
                f.advance(key(me, Footprint.LINKS));
                f.advance(key(t, Footprint.LINKS));
                f.read(key(t, Footprint.LIFE));
                if (op.kind() == Controlled.Op.LINK && !t.alive()) {     // noproc: an EXIT, or death
                    f.read(key(me, Footprint.TRAP));
                    dying(f, me);
                }
            }
            case Controlled.Op.MONITOR -> {
                f.read(key(t, Footprint.LIFE));
                if (t.alive()) f.advance(key(t, Footprint.MONITORS));
                else f.write(key(me, Footprint.MAILBOX));                 // DOWN noproc at once
            }
            case Controlled.Op.DEMONITOR -> {
                f.write(key(me, Footprint.MAILBOX));
                for (Pid p : me.monitoringPids()) f.advance(key(p.proc, Footprint.MONITORS));
            }
            case Controlled.Op.REGISTER -> {
                String name = (String) op.detail();
                f.write(new Footprint.Key(Footprint.NAME, name));
                f.write(Footprint.NAMES_KEY);
                if (t != null) {
                    f.write(key(t, Footprint.LIFE));
                    if (t.control != null && t.control.run == this) {
                        if (t.control.names == null) t.control.names = new LinkedHashSet<>();
                        t.control.names.add(name);
                    }
                }
            }
            case Controlled.Op.UNREGISTER -> {
                f.write(new Footprint.Key(Footprint.NAME, op.detail()));
                f.write(Footprint.NAMES_KEY);
            }
            case Controlled.Op.WHEREIS -> f.read(new Footprint.Key(Footprint.NAME, op.detail()));
            case Controlled.Op.REGISTERED -> f.read(Footprint.NAMES_KEY);
            case Controlled.Op.TIMER -> f.read(Footprint.CLOCK_KEY);         // and the new timer's key, when it is made
            case Controlled.Op.CANCEL_TIMER, Controlled.Op.READ_TIMER -> {
                f.read(Footprint.CLOCK_KEY);
                VirtualTimer timer = (VirtualTimer) op.detail();
                if (op.kind() == Controlled.Op.CANCEL_TIMER) f.write(timerKey(timer));
                else f.read(timerKey(timer));
            }
            case Controlled.Op.READ, Controlled.Op.WRITE -> {
                Class<?> type = op.detail().getClass();
                resources.add(type);
                Footprint.Key k = new Footprint.Key(Footprint.RESOURCE, type);
                if (op.kind() == Controlled.Op.WRITE) f.write(k);
                else f.read(k);
            }
            case Controlled.Op.SETTLE -> f.global();
            case Controlled.Op.END -> dying(f, me);
            default -> throw new IllegalStateException("unknown operation " + op.kind());
        }
    }

    /**
     * What the death of {@code p} may touch: its life and mailbox; the processes linked to it (an
     * exit signal kills them, or puts an EXIT in their mailbox, and their link is gone); its
     * watchers' mailboxes (DOWN); the monitors it holds; its names; and the shared resources (a
     * table dies with its owner).
     */
    private void dying(Footprint f, Proc p) {
        f.write(key(p, Footprint.LIFE));
        f.write(key(p, Footprint.MAILBOX));
        f.read(key(p, Footprint.LINKS));
        f.read(key(p, Footprint.MONITORS));
        for (Pid l : p.linkPids()) {
            f.write(key(l.proc, Footprint.LIFE));
            f.write(key(l.proc, Footprint.MAILBOX));
            f.read(key(l.proc, Footprint.TRAP));
            f.advance(key(l.proc, Footprint.LINKS));
        }
        for (Pid w : p.monitoredByPids()) f.write(key(w.proc, Footprint.MAILBOX));
        for (Pid m : p.monitoringPids()) f.advance(key(m.proc, Footprint.MONITORS));
        if (p.control != null && p.control.run == this && p.control.names != null) {
            for (String n : p.control.names) f.write(new Footprint.Key(Footprint.NAME, n));
            f.write(Footprint.NAMES_KEY);
        }
        for (Class<?> r : resources) f.write(new Footprint.Key(Footprint.RESOURCE, r));
    }

    Footprint.Key key(Proc p, char kind) {
        Controlled c = p.control;
        return new Footprint.Key(kind, c != null && c.run == this ? (Object) c.actor : p);
    }

    /** The current step looks at {@code p}'s mailbox (and may take a message from it). */
    void touchMailbox(Proc p) {
        if (current != null) current.footprint.write(key(p, Footprint.MAILBOX));
    }

    /** The current step reads the clock (to compute a deadline). */
    void readClock() {
        if (current != null) current.footprint.read(Footprint.CLOCK_KEY);
    }

    private static Footprint.Key timerKey(VirtualTimer t) {
        return new Footprint.Key(Footprint.TIMER, t.actor);
    }

    private void closeStep() {
        StepRecord s = current;
        if (s == null) return;
        current = null;
        s.endEvent = events.size();
        s.endNanos = System.nanoTime();
        if (s.process != null) s.waitsAfter = s.process.state == Controlled.BLOCKED ? 1 : s.process.state == Controlled.SLEEPING ? 2 : 0;
        strategy.taken(s.index, s.actor, s.footprint);
        if (record) {
            Map<Pid, List<Object>> boxes = new LinkedHashMap<>();
            for (Controlled c : procs) {
                if (c.state != Controlled.ENDED && c.proc.alive()) boxes.put(c.proc.pid, c.proc.snapshot(50));
            }
            s.mailboxes = boxes;
            s.outputEnd = output.length();
        }
    }

    /**
     * The actors that can move now, by number: the processes that can go on; every short wait
     * (it may end at any point); and, only when neither is there, the scenario's check if it waits
     * to run, else every long wait.
     */
    private int[] enabled() {
        List<Integer> out = new ArrayList<>();
        List<Integer> longWaits = new ArrayList<>();
        boolean settling = false;
        boolean shortWaits = false;
        for (Controlled c : procs) {
            switch (c.state) {
                case Controlled.READY -> {
                    if (c.pending != null && c.pending.kind() == Controlled.Op.SETTLE) settling = true;
                    else out.add(c.actor);
                }
                case Controlled.BLOCKED -> {
                    if (c.blockedAfter.next != null) out.add(c.actor);
                    else if (c.deadline != Long.MAX_VALUE) {
                        if (c.shortWait) {
                            out.add(c.actor);
                            shortWaits = true;
                        } else {
                            longWaits.add(c.actor);
                        }
                    }
                }
                case Controlled.SLEEPING -> {
                    if (c.shortWait) {
                        out.add(c.actor);
                        shortWaits = true;
                    } else {
                        longWaits.add(c.actor);
                    }
                }
                default -> { }
            }
        }
        for (VirtualTimer t : timers) {
            if (!t.pending) continue;
            if (t.shortDelay) {
                out.add(t.actor);
                shortWaits = true;
            } else {
                longWaits.add(t.actor);
            }
        }
        if (out.isEmpty() && !shortWaits) {
            if (settling) out.add(root.actor);
            else out.addAll(longWaits);
        }
        // processes first, then timers, each by number: a default choice prefers a process
        out.sort((x, y) -> {
            boolean tx = byActor(x) instanceof VirtualTimer, ty = byActor(y) instanceof VirtualTimer;
            return tx != ty ? (tx ? 1 : -1) : Integer.compare(x, y);
        });
        int[] a = new int[out.size()];
        for (int i = 0; i < a.length; i++) a[i] = out.get(i);
        return a;
    }

    private Object byActor(int actor) {
        for (Controlled c : procs) if (c.actor == actor) return c;
        for (VirtualTimer t : timers) if (t.actor == actor) return t;
        return null;
    }

    String describeActor(int actor) {
        Object who = byActor(actor);
        if (who instanceof VirtualTimer t) return "timer " + t.name;
        if (who instanceof Controlled c) return "process " + c.name + " (" + c.proc.pid + ")";
        return "'" + actorName(actor) + "' (no such process or timer in this run)";
    }

    private String describeActors(int[] enabled) {
        StringBuilder sb = new StringBuilder();
        for (int a : enabled) {
            if (!sb.isEmpty()) sb.append(", ");
            sb.append(actorName(a));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- recording

    /**
     * A trace event about a process of this run. The token holder records it in the current step;
     * from any other thread it is something the run does not control.
     */
    void record(TraceEvent e) {
        if (free) return;
        if (Thread.currentThread() != holder) {
            if (disturbed == null) disturbed = disturbance(e);
            return;
        }
        events.add(e);
        StepRecord s = current;
        if (s == null) return;
        Footprint f = s.footprint;
        switch (e) {
            case TraceEvent.Spawned sp -> f.write(key(sp.child().proc, Footprint.LIFE));
            case TraceEvent.Sent sent -> {
                f.write(key(sent.to().proc, Footprint.MAILBOX));
                f.read(key(sent.to().proc, Footprint.LIFE));
            }
            case TraceEvent.Received r -> { }        // the step that looked at the mailbox wrote it
            case TraceEvent.ExitSignal x -> {
                f.write(key(x.to().proc, Footprint.LIFE));
                f.read(key(x.to().proc, Footprint.TRAP));
            }
            case TraceEvent.Exited x -> {
                Proc p = x.pid().proc;
                f.write(key(p, Footprint.LIFE));
                f.read(key(p, Footprint.LINKS));
                f.read(key(p, Footprint.MONITORS));
                if (p.control != null && p.control.run == this && p.control.names != null) {
                    for (String n : p.control.names) f.write(new Footprint.Key(Footprint.NAME, n));
                    f.write(Footprint.NAMES_KEY);
                }
                for (Class<?> r : resources) f.write(new Footprint.Key(Footprint.RESOURCE, r));
            }
        }
    }

    private static String disturbance(TraceEvent e) {
        return switch (e) {
            case TraceEvent.Sent s -> "a message (" + Races.show(s.message()) + ") reached " + s.to() + " from "
                    + (s.from() == null ? "a timer or thread outside the scenario" : s.from() + ", which is not one of its processes");
            case TraceEvent.ExitSignal x -> "an exit signal (" + x.reason() + ") reached " + x.to() + " from outside the scenario";
            case TraceEvent.Exited x -> x.pid() + " was ended from outside the scenario (" + x.reason() + ")";
            case TraceEvent.Spawned s -> "a thread outside the scenario spawned " + s.child() + " as one of its processes";
            case TraceEvent.Received r -> r.by() + " received while another process of the scenario had the turn";
        };
    }

    // ---------------------------------------------------------------- the explorer's side

    /**
     * Waits for the run to end; checks every {@code checkMillis} that it moves. Returns null when it
     * ended, or a description of why it is stuck: its running process has been blocked outside the
     * runtime for {@code stallMillis}, or the run has gone past {@code deadlineNanos} (System.nanoTime).
     */
    String await(long stallMillis, long deadlineNanos) throws InterruptedException {
        int lastGrants = grants;
        long stillSince = System.nanoTime();
        for (;;) {
            if (done.await(20, TimeUnit.MILLISECONDS)) return null;
            long t = System.nanoTime();
            if (grants != lastGrants) {
                lastGrants = grants;
                stillSince = t;
                continue;
            }
            Thread h = holder;
            if (h != null && t - stillSince > stallMillis * 1_000_000L) {
                Thread.State st = h.getState();
                if (st == Thread.State.WAITING || st == Thread.State.TIMED_WAITING || st == Thread.State.BLOCKED) {
                    return stuck(h);
                }
            }
            if (t - deadlineNanos > 0) {
                return "a step of the run has taken longer than the time allowed for the exploration: "
                        + (h == null ? "" : "the process running was at" + frames(h));
            }
        }
    }

    private String stuck(Thread h) {
        Controlled who = null;
        for (Controlled c : procs) if (c.proc.thread == h) who = c;
        return (who == null ? "a process of the scenario" : who.proc.pid + " (process " + who.name + " of the scenario)")
                + " is waiting for something outside the runtime, which a controlled run cannot see or schedule"
                + " (a lock, Thread.sleep, a queue or future of java.util.concurrent, I/O, a thread of its own). It was at"
                + frames(h);
    }

    private static String frames(Thread h) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (StackTraceElement f : h.getStackTrace()) {
            if (f.getClassName().startsWith("loombook.Controll") || f.getClassName().startsWith("java.lang.VirtualThread")) continue;
            sb.append("\n    at ").append(f);
            if (++n == 8) break;
        }
        return sb.toString();
    }

    /**
     * Ends the run for good: stops controlling, kills every process still alive (their links and
     * monitors fire as usual; the run's timers are dropped), lets them unwind, and waits up to
     * {@code waitMillis} for their threads to end. Returns how many have not ended by then.
     */
    int release(long waitMillis) {
        free = true;
        for (VirtualTimer t : timers) t.pending = false;
        for (Controlled c : procs) c.proc.die(Reason.KILLED);
        for (Controlled c : procs) {
            Thread t = c.proc.thread;
            if (t != null) java.util.concurrent.locks.LockSupport.unpark(t);
        }
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (live.get() > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return live.get();
    }
}
