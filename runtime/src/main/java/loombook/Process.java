package loombook;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Processes and messages: Erlang's {@code erlang} module and Elixir's {@code Process} and
 * {@code Kernel} functions, on virtual threads. In a Loombook notebook all of these are imported,
 * so a cell writes {@code spawn(...)}, {@code send(...)}, {@code receive(...)}.
 *
 * <pre>{@code
 * record Greet(String name) {}
 *
 * Pid greeter = spawn(() -> receive(m -> switch (m) {
 *     case Greet(var name) -> { System.out.println("Hello, " + name + "!"); yield true; }
 *     default -> null;
 * }));
 * send(greeter, new Greet("Ada"));
 * }</pre>
 *
 * <p>A process ends when its code returns (reason {@link Reason#NORMAL}), throws (the exception
 * is the reason, and a crash report goes to its {@link GroupLeader}), calls {@link #exit(Object)},
 * or gets an exit signal it does not trap. Its end never takes another process down except
 * through links.
 *
 * <p>Note for the class path: this class shares its simple name with {@code java.lang.Process};
 * import it by name ({@code import loombook.Process;}) and that import wins.
 */
public final class Process {
    /** A timeout that never fires: {@code receive(clauses, INFINITY, ...)} waits for ever. */
    public static final long INFINITY = -1;

    private Process() {}

    // ------------------------------------------------------------------ spawning

    /**
     * Starts a new process that runs {@code body} and returns its pid at once. The new process
     * inherits the caller's group leader. Throws {@link SystemLimitException} at the process limit.
     *
     * <pre>{@code
     * Pid p = spawn(() -> System.out.println("hello from " + self()));
     * }</pre>
     */
    public static Pid spawn(Runnable body) {
        return start(body, false, null).pid;
    }

    /**
     * Starts a process linked to the caller: if either ends with an abnormal reason, the other
     * gets the exit signal (and dies, unless it traps exits).
     *
     * <pre>{@code
     * trapExit(true);
     * spawnLink(() -> { throw new IllegalStateException("boom"); });
     * receive(Exit.class);   // Exit[from=#PID<0.43.0>, reason=java.lang.IllegalStateException: boom]
     * }</pre>
     */
    public static Pid spawnLink(Runnable body) {
        return start(body, true, null).pid;
    }

    /**
     * Starts a process monitored by the caller: when it ends, the caller gets a {@link Down}
     * carrying the returned ref.
     *
     * <pre>{@code
     * Monitored m = spawnMonitor(() -> sleep(10));
     * Down d = receive(Down.class);     // reason normal
     * }</pre>
     */
    public static Monitored spawnMonitor(Runnable body) {
        Ref ref = Ref.make();
        return new Monitored(start(body, false, ref).pid, ref);
    }

    private static Proc start(Runnable body, boolean link, Ref monitor) {
        Objects.requireNonNull(body, "the process body must not be null");
        Proc parent = Proc.current();
        if (parent != null) parent.checkExit();
        else if (link || monitor != null) Proc.self(link ? "spawnLink" : "spawnMonitor");
        if (parent != null && parent.control != null) parent.control.spawning(link, monitor != null);
        GroupLeader gl = parent != null ? parent.groupLeader : GroupLeader.system();
        Proc child = Node.newProc(body, parent, gl, false);
        if (parent != null && parent.control != null) parent.control.adopt(child);
        if (link) Proc.link(parent, child);
        if (monitor != null) child.addMonitor(monitor, parent);
        Tracing.spawned(parent, child);
        Node.started(child);
        if (parent != null) parent.charge(Node.SPAWN_COST);
        return child;
    }

    /**
     * The pid of the calling process. Throws {@link IllegalStateException} on a thread that is not
     * a process (in a notebook every cell runs as the notebook's process).
     */
    public static Pid self() {
        return Proc.self("self()").pid;
    }

    /** Whether the process is alive. Right after {@code exit(pid, KILL)} this is already false. */
    public static boolean alive(Pid pid) {
        return pid.proc.alive();
    }

    // ------------------------------------------------------------------ messages

    /**
     * Sends {@code message} to {@code to}. Never blocks, and never fails: sending to a dead process
     * does nothing, as in Erlang. Messages from one sender arrive in the order they were sent. A
     * message that carries mutable state is warned about (or refused) per {@link Node#sharingPolicy()}.
     * A {@code null} message is a mistake and throws {@link NullPointerException}.
     *
     * <pre>{@code
     * send(greeter, new Greet("Ada"));
     * }</pre>
     */
    public static void send(Pid to, Object message) {
        Objects.requireNonNull(to, "send: the destination pid is null");
        Objects.requireNonNull(message, "send: a message must not be null (use an empty record as an atom)");
        Proc sender = Proc.current();
        if (sender != null) sender.checkExit();
        Proc target = to.proc;
        if (sender != null && sender.control != null) sender.control.sending(target, message);
        if (Node.sharingPolicy() != SharingPolicy.ALLOW) Sharing.check(message, sender, target);
        if (target.exitReason == null) {
            Tracing.sent(sender, target, message);      // before the receiver can see it
            target.enqueue(message);
        }
        if (sender != null) sender.charge(Node.SEND_COST);
    }

    /**
     * Sends to the process registered as {@code name}. Unlike a pid, an unknown name is an error:
     * {@link IllegalArgumentException} (Erlang's {@code badarg}).
     *
     * <pre>{@code
     * register("logger", spawn(() -> loop(0, (n, m) -> { System.out.println(m); return next(n + 1); })));
     * send("logger", "hello");
     * }</pre>
     */
    public static void send(String name, Object message) {
        send(whereisOrThrow(name, "send"), message);
    }

    /**
     * Takes the oldest message, waiting for one if the mailbox is empty.
     *
     * <pre>{@code
     * send(self(), "ping");
     * Object m = receive();   // "ping"
     * }</pre>
     */
    public static Object receive() {
        Proc self = Proc.self("receive");
        Object m = self.takeAny(Long.MAX_VALUE);
        Tracing.received(self, m);
        self.charge(Node.RECEIVE_COST);
        return m;
    }

    /**
     * Selective receive: takes the first message, in arrival order, that {@code clauses} matches
     * and returns that clause's value, waiting for one if none matches yet. The messages it skips
     * stay in the mailbox in their order.
     *
     * <pre>{@code
     * record Count(int value) {}
     * send(self(), "not a count"); send(self(), new Count(3));
     * int n = receive(m -> switch (m) {
     *     case Count(var value) -> value;
     *     default -> null;
     * });                                 // 3; "not a count" is still in the mailbox
     * }</pre>
     */
    public static <R> R receive(Clauses<R> clauses) {
        return receive(clauses, INFINITY, null);
    }

    /**
     * Selective receive with Erlang's {@code after}: if no message matches within
     * {@code afterMillis} (counted from the call), returns {@code onTimeout.get()}. {@code 0} only
     * looks at what is already there; {@link #INFINITY} waits for ever.
     *
     * <pre>{@code
     * String r = receive(m -> m instanceof String s ? s : null, 3000, () -> "no message after 3 s");
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static <R> R receive(Clauses<R> clauses, long afterMillis, Supplier<? extends R> onTimeout) {
        Objects.requireNonNull(clauses, "receive: clauses must not be null");
        Proc self = Proc.self("receive");
        Clauses<R> c = Tracing.timed(self, clauses);
        Object r = self.take(c, deadline(self, afterMillis));
        if (r == Mailbox.TIMED_OUT) {
            return onTimeout == null ? null : onTimeout.get();
        }
        Tracing.received(self, self.lastTaken(), c == clauses ? null : (Tracing.Timed<?>) c);
        self.charge(Node.RECEIVE_COST);
        return (R) r;
    }

    /**
     * Takes the first message of type {@code type}, waiting for one.
     *
     * <pre>{@code
     * spawnMonitor(() -> {});
     * Down d = receive(Down.class);       // the first Down in the mailbox, skipping the rest
     * }</pre>
     */
    public static <T> T receive(Class<T> type) {
        Objects.requireNonNull(type, "receive: type must not be null");
        Proc self = Proc.self("receive");
        Object m = self.takeInstance(type, Long.MAX_VALUE);
        Tracing.received(self, m);
        self.charge(Node.RECEIVE_COST);
        return type.cast(m);
    }

    /**
     * Removes every message from the mailbox and returns them, oldest first (IEx's {@code flush()}).
     *
     * <pre>{@code
     * send(self(), "a"); send(self(), "b");
     * flush();   // [a, b]
     * }</pre>
     */
    public static List<Object> flush() {
        Proc self = Proc.self("flush");
        if (self.control != null) self.control.polling();
        return self.drain();
    }

    /**
     * The messages in the caller's mailbox, oldest first, without taking them: Erlang's
     * {@code process_info(self(), messages)}.
     *
     * <pre>{@code
     * send(self(), "a");
     * messages();   // [a] (still in the mailbox)
     * }</pre>
     */
    public static List<Object> messages() {
        Proc self = Proc.self("messages");
        if (self.control != null) self.control.polling();
        return self.snapshot(Integer.MAX_VALUE);
    }

    /**
     * Waits {@code millis} milliseconds (Erlang's {@code receive after T -> ok end}); messages that
     * arrive meanwhile stay in the mailbox. Ends early only if the process is killed.
     *
     * <pre>{@code
     * sleep(500);
     * }</pre>
     */
    public static void sleep(long millis) {
        if (millis < 0) throw new IllegalArgumentException("sleep: milliseconds must be 0 or more, not " + millis);
        Proc self = Proc.current();
        if (self == null) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("interrupted while sleeping");
            }
            return;
        }
        self.sleepUntil(millis == 0 ? 0 : deadline(self, millis));
    }

    /** A receive with {@code after 0}: a scheduling point in a controlled run. */
    private static long poll(Proc self) {
        if (self.control != null) self.control.polling();
        return 0;
    }

    /**
     * The deadline (nanoTime, or a controlled run's virtual time) of a wait of {@code afterMillis}:
     * 0 to poll, Long.MAX_VALUE for ever.
     */
    static long deadline(Proc self, long afterMillis) {
        if (afterMillis == INFINITY) return Long.MAX_VALUE;
        if (afterMillis < 0) throw new IllegalArgumentException("a timeout must be 0 or more milliseconds, or INFINITY, not " + afterMillis);
        if (afterMillis == 0) return poll(self);
        if (self.control != null) return self.control.deadline(afterMillis);
        long d = System.nanoTime() + afterMillis * 1_000_000L;
        return d == 0 || d == Long.MAX_VALUE ? d - 1 : d;
    }

    // ------------------------------------------------------------------ state loops

    /**
     * Runs a state loop: session 8's tail-recursive {@code loop(state)} without the recursion, so
     * it handles any number of messages in constant stack. For each message (in arrival order,
     * skipping those the handler answers {@link #skip()} to) it calls {@code handler}; it goes on
     * with the state of {@link #next} and returns the state of {@link #stop}.
     *
     * <pre>{@code
     * record Increment() {}
     * record Get(Pid from) {}
     * record Stop() {}
     *
     * Pid counter = spawn(() -> loop(0, (count, msg) -> switch (msg) {
     *     case Increment i   -> next(count + 1);
     *     case Get(var from) -> { send(from, count); yield next(count); }
     *     case Stop s        -> stop(count);
     *     default            -> skip();
     * }));
     * }</pre>
     */
    public static <S> S loop(S initial, Loop<S> handler) {
        return loop(initial, INFINITY, handler, null);
    }

    /**
     * A state loop with Erlang's {@code after}: when no message is handled for {@code afterMillis},
     * {@code onTimeout} decides the step from the current state (session 8's heartbeat).
     *
     * <pre>{@code
     * Pid heart = spawn(() -> loop(0, 500, (beats, msg) -> msg instanceof Stop ? stop(beats) : skip(),
     *         beats -> { System.out.println("beat " + (beats + 1)); return next(beats + 1); }));
     * sleep(1200);
     * send(heart, new Stop());            // after beat 1 and beat 2
     * }</pre>
     */
    public static <S> S loop(S initial, long afterMillis, Loop<S> handler, Function<S, Step<S>> onTimeout) {
        return StateLoop.run(initial, afterMillis, handler, onTimeout);
    }

    /**
     * Go on looping with {@code state}. Inside a class that has a method named {@code next} of its
     * own, that method hides this one: write {@link Step#next Step.next(state)} there.
     */
    public static <S> Step<S> next(S state) {
        return Step.next(state);
    }

    /**
     * End the loop; {@link #loop} returns {@code state}. Inside a class with a {@code stop} method of
     * its own (a client API often has one), write {@link Step#stop Step.stop(state)}.
     */
    public static <S> Step<S> stop(S state) {
        return Step.stop(state);
    }

    /** This message is not for now: leave it in the mailbox and wait for another ({@link Step#skip Step.skip()}). */
    public static <S> Step<S> skip() {
        return Step.skip();
    }

    static final Step.Skip<?> SKIP = new Step.Skip<>();

    // ------------------------------------------------------------------ failure

    /**
     * Ends the calling process with {@code reason} (Erlang's {@code exit/1}): throws
     * {@link ProcessExit}, which the runtime catches at the top of the process.
     *
     * <pre>{@code
     * spawn(() -> Process.exit(new Reason.Shutdown("done")));
     * }</pre>
     */
    public static void exit(Object reason) {
        throw new ProcessExit(Objects.requireNonNull(reason, "exit: reason must not be null"));
    }

    /**
     * Sends an exit signal to {@code pid} (Erlang's {@code exit/2}). {@link Reason#KILL} always
     * kills (reason {@link Reason#KILLED}); a process that traps exits gets any other reason as an
     * {@link Exit} message; otherwise {@link Reason#NORMAL} is ignored and any other reason kills.
     * From a thread that is not a process, the {@link Exit} message's {@code from} is null.
     *
     * <pre>{@code
     * Pid worker = spawn(() -> sleep(60_000));
     * Process.exit(worker, Reason.KILL);
     * }</pre>
     */
    public static void exit(Pid pid, Object reason) {
        Objects.requireNonNull(reason, "exit: reason must not be null");
        Proc self = Proc.current();
        if (self != null) self.checkExit();
        if (self != null && self.control != null) self.control.signalling(Controlled.Op.EXIT, pid.proc);
        Proc.exitSignal(self == null ? null : self, pid.proc, reason);
        if (self != null) self.checkExit();
    }

    /**
     * Links the caller and {@code pid} (both ways). Linking to a dead process is an immediate
     * {@link Reason#NOPROC} exit signal: the caller gets {@code Exit(pid, noproc)} if it traps
     * exits, and dies with {@code noproc} otherwise.
     */
    public static void link(Pid pid) {
        Proc self = Proc.self("link");
        if (self.control != null) self.control.signalling(Controlled.Op.LINK, pid.proc);
        if (!Proc.link(self, pid.proc)) {
            if (self.trapExit) self.deliver(new Exit(pid, Reason.NOPROC));
            else {
                self.die(Reason.NOPROC);
                self.checkExit();
            }
        }
    }

    /** Removes the link between the caller and {@code pid}, if any; no signal crosses it after this. */
    public static void unlink(Pid pid) {
        Proc self = Proc.self("unlink");
        if (self.control != null) self.control.signalling(Controlled.Op.UNLINK, pid.proc);
        Proc.unlink(self, pid.proc);
    }

    /**
     * Monitors {@code pid}: when it ends, the caller gets {@link Down} with the returned ref and the
     * reason. Monitoring a dead process delivers that DOWN at once, with reason {@link Reason#NOPROC}.
     * Monitors stack: each call makes a new one.
     *
     * <pre>{@code
     * Ref ref = monitor(spawn(() -> sleep(10)));
     * receive(Down.class)                 // Down[ref=..., reason=normal]
     * }</pre>
     */
    public static Ref monitor(Pid pid) {
        Proc self = Proc.self("monitor");
        if (self.control != null) self.control.signalling(Controlled.Op.MONITOR, pid.proc);
        Ref ref = Ref.make();
        if (!pid.proc.addMonitor(ref, self)) {
            self.deliver(new Down(ref, pid, Reason.NOPROC));
        }
        return ref;
    }

    /** Turns off the monitor {@code ref}; returns whether it was still active. A DOWN already delivered stays. */
    public static boolean demonitor(Ref ref) {
        Proc self = Proc.self("demonitor");
        if (self.control != null) self.control.own(Controlled.Op.DEMONITOR);
        return self.demonitor(ref);
    }

    /**
     * Turns off the monitor and, with {@code flush}, also removes its DOWN message if it already
     * arrived (Elixir's {@code Process.demonitor(ref, [:flush])}).
     */
    public static boolean demonitor(Ref ref, boolean flush) {
        Proc self = Proc.self("demonitor");
        if (self.control != null) self.control.own(Controlled.Op.DEMONITOR);
        boolean active = self.demonitor(ref);
        if (flush) self.removeAll(m -> m instanceof Down d && d.ref().equals(ref) ? d : null);
        return active;
    }

    /**
     * Sets whether the caller traps exits (Elixir's {@code Process.flag(:trap_exit, on)}) and
     * returns the previous setting. A trapping process receives exit signals as {@link Exit}
     * messages instead of dying; {@code exit(pid, KILL)} still kills it.
     */
    public static boolean trapExit(boolean on) {
        Proc self = Proc.self("trapExit");
        if (self.control != null) self.control.own(Controlled.Op.TRAP_EXIT);
        boolean old = self.trapExit;
        self.trapExit = on;
        return old;
    }

    // ------------------------------------------------------------------ names

    /**
     * Registers {@code pid} under {@code name}. A name already taken, a pid that already has a name
     * or a dead pid is an {@link IllegalArgumentException} that says which. The name goes when the
     * process dies.
     */
    public static void register(String name, Pid pid) {
        Controlled c = Controlled.current();
        if (c != null) c.naming(Controlled.Op.REGISTER, name, pid.proc);
        Names.register(name, pid.proc);
    }

    /** The pid registered as {@code name}, or {@code null}. */
    public static Pid whereis(String name) {
        Controlled c = Controlled.current();
        if (c != null) c.naming(Controlled.Op.WHEREIS, name, null);
        Proc p = Names.whereis(name);
        return p == null ? null : p.pid;
    }

    /** Removes the name; an unknown name is an {@link IllegalArgumentException}. */
    public static void unregister(String name) {
        Controlled c = Controlled.current();
        if (c != null) c.naming(Controlled.Op.UNREGISTER, name, null);
        Names.unregister(name);
    }

    /** Every registered name, sorted. */
    public static List<String> registered() {
        Controlled c = Controlled.current();
        if (c != null) c.naming(Controlled.Op.REGISTERED, null, null);
        return Names.all();
    }

    private static Pid whereisOrThrow(String name, String what) {
        Pid p = whereis(name);
        if (p == null) {
            throw new IllegalArgumentException(what + ": no process is registered as '" + name
                    + "' (registered now: " + registered() + ")");
        }
        return p;
    }

    // ------------------------------------------------------------------ timers

    /**
     * Sends {@code message} to {@code pid} after {@code millis} ms (Elixir's
     * {@code Process.send_after}). Returns a timer to cancel or read.
     *
     * <pre>{@code
     * TimerRef t = sendAfter(self(), "tick", 1000);
     * }</pre>
     */
    public static TimerRef sendAfter(Pid pid, Object message, long millis) {
        Objects.requireNonNull(message, "sendAfter: message must not be null");
        Proc target = pid.proc;
        return Timers.after(() -> target, message, millis);
    }

    /** Sends {@code message} to whatever process is registered as {@code name} when the timer fires (nothing if none). */
    public static TimerRef sendAfter(String name, Object message, long millis) {
        Objects.requireNonNull(message, "sendAfter: message must not be null");
        return Timers.after(() -> Names.whereis(name), message, millis);
    }

    /**
     * Sends {@code message} to {@code pid} every {@code millis} ms until cancelled or until the
     * receiver dies (Erlang's {@code timer:send_interval}).
     */
    public static TimerRef sendInterval(Pid pid, Object message, long millis) {
        Objects.requireNonNull(message, "sendInterval: message must not be null");
        Proc target = pid.proc;
        return Timers.interval(() -> target, message, millis);
    }

    /**
     * Cancels a timer. Returns the milliseconds that were left, or empty if it had already fired
     * (or was cancelled): Elixir's integer-or-false.
     */
    public static OptionalLong cancelTimer(TimerRef timer) {
        return Timers.cancel(timer);
    }

    /** The milliseconds left on a timer, or empty if it has fired or was cancelled. */
    public static OptionalLong readTimer(TimerRef timer) {
        return Timers.read(timer);
    }

    /**
     * The runtime's monotonic clock, in nanoseconds (Erlang's {@code erlang:monotonic_time(nanosecond)}):
     * only differences between two readings mean anything. It is {@link System#nanoTime()}, except in
     * a process of a scenario that {@link Races} explores, where it is the run's virtual time (it moves
     * only when a timer or timeout fires). Code that measures its own timeouts (the OTP behaviours do)
     * reads this clock, so that the same schedule gives the same timeouts.
     *
     * <pre>{@code
     * long t0 = monotonicTime();
     * sleep(100);
     * long waited = (monotonicTime() - t0) / 1_000_000;   // about 100
     * }</pre>
     */
    public static long monotonicTime() {
        Controlled c = Controlled.current();
        return c == null ? System.nanoTime() : c.now();
    }

    // ------------------------------------------------------------------ introspection

    /**
     * A snapshot of {@code pid}'s state (Erlang's {@code process_info/1}), or {@code null} if it
     * is dead.
     *
     * <pre>{@code
     * info(self()).messageQueueLength();
     * }</pre>
     */
    public static ProcessInfo info(Pid pid) {
        return Introspection.info(pid.proc);
    }

    /**
     * Every scheduler, measured for 100 ms: how busy each was (its utilization, from 0 to 1) and how
     * many processes wait for it now. The calling process sleeps meanwhile. Empty when processes run
     * on the JDK's default scheduler ({@link Node#schedulerDescription()}).
     *
     * <pre>{@code
     * schedulers()      // [SchedulerInfo[id=1, online=true, utilization=0.02, runQueueLength=0, ...], ...]
     * }</pre>
     */
    public static List<SchedulerInfo> schedulers() {
        return schedulers(100);
    }

    /**
     * As {@link #schedulers()}, measured over {@code millis} milliseconds (Erlang's
     * {@code scheduler:utilization(Seconds)}); with 0, at once, each utilization since its
     * scheduler started.
     *
     * <pre>{@code
     * schedulers(1000).forEach(s -> System.out.printf("scheduler %d: %.0f%% busy%n", s.id(), 100 * s.utilization()));
     * }</pre>
     */
    public static List<SchedulerInfo> schedulers(long millis) {
        if (millis < 0) throw new IllegalArgumentException("schedulers: milliseconds must be 0 or more, not " + millis);
        List<SchedulerInfo> before = Schedulers.snapshot();
        if (millis == 0) return before;
        sleep(millis);
        List<SchedulerInfo> after = Schedulers.snapshot();
        List<SchedulerInfo> out = new ArrayList<>(after.size());
        for (int i = 0; i < after.size(); i++) {
            out.add(i < before.size() ? after.get(i).since(before.get(i)) : after.get(i));
        }
        return List.copyOf(out);
    }

    /** The pids of all live processes, oldest first. */
    public static List<Pid> processes() {
        List<Pid> out = new ArrayList<>();
        for (Proc p : Node.table().all()) out.add(p.pid);
        return out;
    }

    /** The caller's group leader (the system's when not in a process). */
    public static GroupLeader groupLeader() {
        Proc self = Proc.current();
        return self == null ? GroupLeader.system() : self.groupLeader;
    }

    /** Sets {@code pid}'s group leader: where its output and crash reports go, and what it passes on to processes it spawns. */
    public static void groupLeader(GroupLeader leader, Pid pid) {
        pid.proc.groupLeader = Objects.requireNonNull(leader, "groupLeader");
    }

    /**
     * Labels the calling process for introspection and diagrams (OTP 27's {@code proc_lib:set_label}).
     *
     * <pre>{@code
     * spawn(() -> { label("worker 1"); loop(0, (s, m) -> next(s)); });
     * }</pre>
     */
    public static void label(Object label) {
        Proc.self("label").label = label;
    }
}
