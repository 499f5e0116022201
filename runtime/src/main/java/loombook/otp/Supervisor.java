package loombook.otp;

import java.util.List;
import java.util.Objects;

import loombook.Pid;
import loombook.Process;
import loombook.Reason;
import loombook.otp.internal.Stopper;
import loombook.otp.internal.SupervisorServer;

/**
 * A process that starts, watches and restarts other processes, Elixir's {@code Supervisor}: the
 * heart of "let it crash". Children are started in order from their {@link ChildSpec}s; when one
 * ends, the {@link Strategy} decides what is restarted; if children crash more than
 * {@code maxRestarts} times within {@code maxSeconds}, the supervisor gives up: it stops all its
 * children (in reverse order) and exits with reason {@link Reason#SHUTDOWN}, and its own supervisor
 * takes it from there.
 *
 * <pre>{@code
 * Pid sup = Supervisor.start(List.of(
 *         Agent.childSpec("hits", () -> 0, "hits"),
 *         Agent.childSpec("misses", () -> 0, "misses")),
 *     Supervisor.ONE_FOR_ONE);
 *
 * Process.exit(GenServer.whereis("hits"), "boom");   // hits dies...
 * Supervisor.whichChildren(sup);                   // ...and is back, with a new pid; misses never noticed
 * }</pre>
 *
 * <p>A supervisor traps exits. When it stops (its parent shuts it down, {@link #stop}, or the
 * restart intensity is exceeded) it stops its children in reverse start order, each as its spec's
 * {@link ChildSpec.Shutdown} says: a child that traps exits gets {@code SHUTDOWN} and has its
 * shutdown time to run its {@code terminate}. Functions that change children are calls to the
 * supervisor and wait for ever, as OTP's do.
 */
public final class Supervisor {
    /** Restart only the child that ended. */
    public static final Strategy ONE_FOR_ONE = Strategy.ONE_FOR_ONE;
    /** Restart every child when one ends. */
    public static final Strategy ONE_FOR_ALL = Strategy.ONE_FOR_ALL;
    /** Restart the child that ended and the ones started after it. */
    public static final Strategy REST_FOR_ONE = Strategy.REST_FOR_ONE;

    private Supervisor() {}

    /** What a supervisor restarts when a child ends and must be restarted: Elixir's {@code :strategy}. */
    public enum Strategy {
        /** Only that child: the children are independent. */
        ONE_FOR_ONE,
        /** All children: the others are stopped (in reverse order), then all are started again in order. */
        ONE_FOR_ALL,
        /** That child and those started after it, which depend on it. */
        REST_FOR_ONE
    }

    /**
     * A supervisor's strategy and restart intensity: Elixir's {@code strategy:},
     * {@code max_restarts:} (default 3) and {@code max_seconds:} (default 5).
     *
     * <pre>{@code
     * Supervisor.Flags f = Supervisor.flags(Supervisor.ONE_FOR_ALL).withMaxRestarts(10).withMaxSeconds(60);
     * }</pre>
     *
     * @param strategy what to restart
     * @param maxRestarts how many restarts are allowed...
     * @param maxSeconds ...within this many seconds
     */
    public record Flags(Strategy strategy, int maxRestarts, int maxSeconds) {
        /** Flags; maxRestarts must be 0 or more, maxSeconds 1 or more. */
        public Flags {
            Objects.requireNonNull(strategy, "Supervisor.Flags: strategy");
            if (maxRestarts < 0) throw new IllegalArgumentException("maxRestarts must be 0 or more, not " + maxRestarts);
            if (maxSeconds < 1) throw new IllegalArgumentException("maxSeconds must be 1 or more, not " + maxSeconds);
        }

        /** These flags with another {@code maxRestarts}. */
        public Flags withMaxRestarts(int n) {
            return new Flags(strategy, n, maxSeconds);
        }

        /** These flags with another {@code maxSeconds}. */
        public Flags withMaxSeconds(int s) {
            return new Flags(strategy, maxRestarts, s);
        }
    }

    /**
     * Flags with {@code strategy} and Elixir's default intensity (3 restarts in 5 seconds).
     *
     * <pre>{@code
     * Supervisor.flags(Supervisor.REST_FOR_ONE).withMaxRestarts(5);
     * }</pre>
     */
    public static Flags flags(Strategy strategy) {
        return new Flags(strategy, 3, 5);
    }

    /**
     * One child as {@link #whichChildren} shows it: Elixir's {@code {id, child, type, modules}}.
     *
     * @param id the child's id
     * @param pid its process, or null when it is not running (it ended and is not restarted, its
     *            start ignored, or it is being restarted)
     * @param type worker or supervisor
     * @param restart its restart type
     * @param restarting whether a restart failed and is being tried again
     */
    public record Child(Object id, Pid pid, ChildSpec.Type type, ChildSpec.Restart restart, boolean restarting) {}

    /**
     * What {@link #countChildren} returns: Elixir's {@code %{specs:, active:, supervisors:, workers:}}.
     *
     * @param specs all children, running or not
     * @param active the running ones
     * @param supervisors the children that are supervisors
     * @param workers the children that are workers
     */
    public record Counts(int specs, int active, int supervisors, int workers) {}

    /**
     * The reason a supervisor fails to start when one of its children does: Elixir's
     * {@code {:shutdown, {:failed_to_start_child, id, reason}}} (inside a {@link Reason.Shutdown}).
     *
     * @param id the child that did not start
     * @param reason why
     */
    public record FailedToStartChild(Object id, Object reason) {
        @Override
        public String toString() {
            return "{failed_to_start_child, " + id + ", " + reason + "}";
        }
    }

    /**
     * Thrown by {@link #terminateChild}, {@link #restartChild}, {@link #deleteChild} and
     * {@link #startChild} (and {@link DynamicSupervisor}'s) for Elixir's {@code {:error, reason}}
     * results: {@code not_found}, {@code running}, {@code restarting}, {@code already_present},
     * {@code max_children}.
     *
     * <pre>{@code
     * try { Supervisor.deleteChild(sup, "hits"); }
     * catch (Supervisor.ChildError e) { e.reason(); }   // "running": terminate it first
     * }</pre>
     */
    public static final class ChildError extends RuntimeException {
        /** The error, as Elixir's atom. */
        private final String reason;

        /** An error {@code reason} about child {@code id}. */
        public ChildError(String function, Object id, String reason, String advice) {
            super(function + ": child " + id + ": " + reason + " (" + advice + ")");
            this.reason = reason;
        }

        /** {@code not_found}, {@code running}, {@code restarting}, {@code already_present} or {@code max_children}. */
        public String reason() {
            return reason;
        }
    }

    // ------------------------------------------------------------------ starting

    /**
     * Starts a supervisor (not linked to the caller) with these children, started in order, and
     * Elixir's default intensity. If a child fails to start, the ones already started are stopped
     * and this throws {@link StartFailed} with a {@link FailedToStartChild} inside a
     * {@link Reason.Shutdown}.
     *
     * <pre>{@code
     * List<ChildSpec> children = List.of(ChildSpec.worker("cache", () -> Agent.startLink(() -> Map.of()).pid()));
     * Pid sup = Supervisor.start(children, Supervisor.ONE_FOR_ONE);
     * }</pre>
     */
    public static Pid start(List<ChildSpec> children, Strategy strategy) {
        return start(children, flags(strategy), null, false);
    }

    /**
     * As {@link #start(List, Strategy)}, with flags.
     *
     * <pre>{@code
     * Supervisor.start(children, Supervisor.flags(Supervisor.ONE_FOR_ALL).withMaxRestarts(1));
     * }</pre>
     */
    public static Pid start(List<ChildSpec> children, Flags flags) {
        return start(children, flags, null, false);
    }

    /**
     * As {@link #start(List, Strategy)}, registered under {@code name} (a String or a {@link Registry#via}).
     *
     * <pre>{@code
     * Supervisor.start(children, Supervisor.ONE_FOR_ONE, "app");
     * }</pre>
     */
    public static Pid start(List<ChildSpec> children, Strategy strategy, Object name) {
        return start(children, flags(strategy), name, false);
    }

    /**
     * As {@link #start(List, Flags)}, registered under {@code name} (a String or a {@link Registry#via}).
     *
     * <pre>{@code
     * Supervisor.start(children, Supervisor.flags(Supervisor.ONE_FOR_ONE), "web");
     * }</pre>
     */
    public static Pid start(List<ChildSpec> children, Flags flags, Object name) {
        return start(children, flags, name, false);
    }

    /**
     * As {@link #start(List, Strategy)}, linked to the caller (how a supervisor is started as a
     * child of another).
     *
     * <pre>{@code
     * ChildSpec.supervisor("workers", () -> Supervisor.startLink(children, Supervisor.ONE_FOR_ONE));
     * }</pre>
     */
    public static Pid startLink(List<ChildSpec> children, Strategy strategy) {
        return start(children, flags(strategy), null, true);
    }

    /**
     * As {@link #start(List, Flags)}, linked to the caller.
     *
     * <pre>{@code
     * Supervisor.startLink(children, Supervisor.flags(Supervisor.ONE_FOR_ONE));
     * }</pre>
     */
    public static Pid startLink(List<ChildSpec> children, Flags flags) {
        return start(children, flags, null, true);
    }

    /**
     * As {@link #start(List, Strategy, Object)}, linked to the caller.
     *
     * <pre>{@code
     * Supervisor.startLink(children, Supervisor.ONE_FOR_ONE, "db");
     * }</pre>
     */
    public static Pid startLink(List<ChildSpec> children, Strategy strategy, Object name) {
        return start(children, flags(strategy), name, true);
    }

    /**
     * As {@link #start(List, Flags, Object)}, linked to the caller.
     *
     * <pre>{@code
     * Supervisor.startLink(children, Supervisor.flags(Supervisor.ONE_FOR_ONE), "mail");
     * }</pre>
     */
    public static Pid startLink(List<ChildSpec> children, Flags flags, Object name) {
        return start(children, flags, name, true);
    }

    private static Pid start(List<ChildSpec> children, Flags flags, Object name, boolean link) {
        var spec = SupervisorServer.spec(children, flags);
        return link ? GenServer.startLink(new SupervisorServer(), spec, name) : GenServer.start(new SupervisorServer(), spec, name);
    }

    /**
     * A child spec for a supervisor of these children under another supervisor.
     *
     * <pre>{@code
     * ChildSpec workers = Supervisor.childSpec("workers", children, Supervisor.flags(Supervisor.ONE_FOR_ONE));
     * }</pre>
     */
    public static ChildSpec childSpec(Object id, List<ChildSpec> children, Flags flags) {
        var spec = SupervisorServer.spec(children, flags);
        return ChildSpec.supervisor(id, () -> GenServer.startLink(new SupervisorServer(), spec));
    }

    // ------------------------------------------------------------------ children

    /**
     * Adds a child and starts it at the end of the order; returns its pid (null if its start
     * ignored). An id already in use is a {@link ChildError} ({@code already_present}) or, if that
     * child runs, a {@link StartFailed} with {@link StartFailed.AlreadyStarted}; a child that fails
     * to start is a {@link StartFailed} (and is not added).
     *
     * <pre>{@code
     * Pid extra = Supervisor.startChild(sup, ChildSpec.worker("extra", () -> Agent.startLink(() -> 0).pid()));
     * }</pre>
     */
    public static Pid startChild(Object supervisor, ChildSpec spec) {
        Objects.requireNonNull(spec, "Supervisor.startChild: spec");
        return (Pid) SupervisorServer.request("Supervisor.startChild", supervisor, new SupervisorServer.StartChild(spec));
    }

    /**
     * Stops the child {@code id} as its spec's shutdown says. Its spec stays (restart it with
     * {@link #restartChild}) unless it is temporary. Unknown id: {@link ChildError} {@code not_found}.
     *
     * <pre>{@code
     * Supervisor.terminateChild(sup, "cache");
     * }</pre>
     */
    public static void terminateChild(Object supervisor, Object id) {
        SupervisorServer.request("Supervisor.terminateChild", supervisor, new SupervisorServer.TerminateChild(id));
    }

    /**
     * Starts again a child that is not running (after {@link #terminateChild}); returns its new pid.
     * {@link ChildError} {@code running}, {@code restarting} or {@code not_found} otherwise.
     *
     * <pre>{@code
     * Pid again = Supervisor.restartChild(sup, "cache");
     * }</pre>
     */
    public static Pid restartChild(Object supervisor, Object id) {
        return (Pid) SupervisorServer.request("Supervisor.restartChild", supervisor, new SupervisorServer.RestartChild(id));
    }

    /**
     * Forgets the spec of a child that is not running. {@link ChildError} {@code running},
     * {@code restarting} or {@code not_found} otherwise.
     *
     * <pre>{@code
     * Supervisor.terminateChild(sup, "cache");
     * Supervisor.deleteChild(sup, "cache");
     * }</pre>
     */
    public static void deleteChild(Object supervisor, Object id) {
        SupervisorServer.request("Supervisor.deleteChild", supervisor, new SupervisorServer.DeleteChild(id));
    }

    /**
     * The children, in start order.
     *
     * <pre>{@code
     * Supervisor.whichChildren(sup).forEach(System.out::println);
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static List<Child> whichChildren(Object supervisor) {
        return (List<Child>) SupervisorServer.request("Supervisor.whichChildren", supervisor, new SupervisorServer.WhichChildren());
    }

    /**
     * How many children, by kind.
     *
     * <pre>{@code
     * Supervisor.countChildren(sup).active();
     * }</pre>
     */
    public static Counts countChildren(Object supervisor) {
        return (Counts) SupervisorServer.request("Supervisor.countChildren", supervisor, new SupervisorServer.CountChildren());
    }

    /**
     * Stops the supervisor (and so its children, in reverse order) with reason
     * {@link Reason#NORMAL}, waiting until it has stopped.
     *
     * <pre>{@code
     * Supervisor.stop(sup);
     * }</pre>
     */
    public static void stop(Object supervisor) {
        stop(supervisor, Reason.NORMAL, Process.INFINITY);
    }

    /**
     * Stops the supervisor with {@code reason}, waiting up to {@code timeoutMillis}; see
     * {@link GenServer#stop(Object, Object, long)}.
     *
     * <pre>{@code
     * Supervisor.stop("app", Reason.SHUTDOWN, 10_000);
     * }</pre>
     */
    public static void stop(Object supervisor, Object reason, long timeoutMillis) {
        Stopper.stop("Supervisor.stop", supervisor, reason, timeoutMillis);
    }
}
