package loombook.otp;

import java.util.List;
import java.util.Objects;

import loombook.Pid;
import loombook.Process;
import loombook.Reason;
import loombook.otp.internal.DynamicSupervisorServer;
import loombook.otp.internal.Stopper;
import loombook.otp.internal.SupervisorServer;

/**
 * A supervisor that starts with no children and gets them one at a time, Elixir's
 * {@code DynamicSupervisor}: for a pool of sessions, connections or jobs whose number is known
 * only at run time. Every child is restarted on its own (one_for_one), as its spec's restart type
 * says; the restart intensity applies as for {@link Supervisor}.
 *
 * <pre>{@code
 * Pid sessions = DynamicSupervisor.start(DynamicSupervisor.options().withMaxChildren(100), "sessions");
 * Pid s1 = DynamicSupervisor.startChild("sessions", Agent.childSpec("session", () -> "ada", null));
 * DynamicSupervisor.countChildren("sessions");     // Counts[specs=1, active=1, supervisors=0, workers=1]
 * DynamicSupervisor.terminateChild("sessions", s1);
 * }</pre>
 *
 * <p>Children are told apart by pid (their spec ids need not be unique). When the supervisor
 * stops, it asks all its children to shut down at once and waits for each, as Elixir's does.
 */
public final class DynamicSupervisor {
    private DynamicSupervisor() {}

    /**
     * A dynamic supervisor's settings: Elixir's {@code max_restarts:} (3), {@code max_seconds:} (5)
     * and {@code max_children:} (infinity, {@link Integer#MAX_VALUE} here).
     *
     * <pre>{@code
     * DynamicSupervisor.options().withMaxChildren(10).withMaxRestarts(5);
     * }</pre>
     *
     * @param maxRestarts how many restarts are allowed...
     * @param maxSeconds ...within this many seconds
     * @param maxChildren how many children may run at once
     */
    public record Options(int maxRestarts, int maxSeconds, int maxChildren) {
        /** Options; maxRestarts 0 or more, maxSeconds and maxChildren 1 or more. */
        public Options {
            if (maxRestarts < 0) throw new IllegalArgumentException("maxRestarts must be 0 or more, not " + maxRestarts);
            if (maxSeconds < 1) throw new IllegalArgumentException("maxSeconds must be 1 or more, not " + maxSeconds);
            if (maxChildren < 1) throw new IllegalArgumentException("maxChildren must be 1 or more, not " + maxChildren);
        }

        /** These options with another {@code maxRestarts}. */
        public Options withMaxRestarts(int n) {
            return new Options(n, maxSeconds, maxChildren);
        }

        /** These options with another {@code maxSeconds}. */
        public Options withMaxSeconds(int s) {
            return new Options(maxRestarts, s, maxChildren);
        }

        /** These options with another {@code maxChildren}. */
        public Options withMaxChildren(int n) {
            return new Options(maxRestarts, maxSeconds, n);
        }
    }

    /**
     * Elixir's defaults: 3 restarts in 5 seconds, no limit on children.
     *
     * <pre>{@code
     * DynamicSupervisor.start(DynamicSupervisor.options());
     * }</pre>
     */
    public static Options options() {
        return new Options(3, 5, Integer.MAX_VALUE);
    }

    /**
     * Starts a dynamic supervisor with default options, not linked to the caller.
     *
     * <pre>{@code
     * Pid pool = DynamicSupervisor.start();
     * }</pre>
     */
    public static Pid start() {
        return start(options(), null, false);
    }

    /**
     * Starts a dynamic supervisor, not linked to the caller.
     *
     * <pre>{@code
     * Pid pool = DynamicSupervisor.start(DynamicSupervisor.options().withMaxChildren(4));
     * }</pre>
     */
    public static Pid start(Options options) {
        return start(options, null, false);
    }

    /**
     * Starts a dynamic supervisor registered under {@code name} (a String or a {@link Registry#via}).
     *
     * <pre>{@code
     * DynamicSupervisor.start(DynamicSupervisor.options(), "pool");
     * }</pre>
     */
    public static Pid start(Options options, Object name) {
        return start(options, name, false);
    }

    /**
     * As {@link #start(Options)}, linked to the caller.
     *
     * <pre>{@code
     * DynamicSupervisor.startLink(DynamicSupervisor.options());
     * }</pre>
     */
    public static Pid startLink(Options options) {
        return start(options, null, true);
    }

    /**
     * As {@link #start(Options, Object)}, linked to the caller.
     *
     * <pre>{@code
     * DynamicSupervisor.startLink(DynamicSupervisor.options(), "workers");
     * }</pre>
     */
    public static Pid startLink(Options options, Object name) {
        return start(options, name, true);
    }

    private static Pid start(Options options, Object name, boolean link) {
        Objects.requireNonNull(options, "DynamicSupervisor.start: options (DynamicSupervisor.options())");
        return link ? GenServer.startLink(new DynamicSupervisorServer(), options, name)
                : GenServer.start(new DynamicSupervisorServer(), options, name);
    }

    /**
     * A child spec for a dynamic supervisor under another supervisor.
     *
     * <pre>{@code
     * Supervisor.start(List.of(DynamicSupervisor.childSpec("jobs", DynamicSupervisor.options(), "jobs")), Supervisor.ONE_FOR_ONE);
     * }</pre>
     */
    public static ChildSpec childSpec(Object id, Options options, Object name) {
        Objects.requireNonNull(options, "DynamicSupervisor.childSpec: options");
        return ChildSpec.supervisor(id, () -> startLink(options, name));
    }

    /**
     * Starts a child from {@code spec} and returns its pid (null if its start ignored). At
     * {@code maxChildren} running children: {@link Supervisor.ChildError} {@code max_children}. A
     * child that fails to start: {@link StartFailed}.
     *
     * <pre>{@code
     * Pid w = DynamicSupervisor.startChild(pool, Agent.childSpec("w", () -> 1, null));
     * }</pre>
     */
    public static Pid startChild(Object supervisor, ChildSpec spec) {
        Objects.requireNonNull(spec, "DynamicSupervisor.startChild: spec");
        return (Pid) SupervisorServer.request("DynamicSupervisor.startChild", supervisor, new DynamicSupervisorServer.StartChild(spec));
    }

    /**
     * Stops the child {@code pid} as its spec says and forgets it. {@link Supervisor.ChildError}
     * {@code not_found} if it is not a child of this supervisor.
     *
     * <pre>{@code
     * DynamicSupervisor.terminateChild(pool, w);
     * }</pre>
     */
    public static void terminateChild(Object supervisor, Pid pid) {
        Objects.requireNonNull(pid, "DynamicSupervisor.terminateChild: pid");
        SupervisorServer.request("DynamicSupervisor.terminateChild", supervisor, new DynamicSupervisorServer.TerminateChild(pid));
    }

    /**
     * The children, oldest first.
     *
     * <pre>{@code
     * DynamicSupervisor.whichChildren(pool).size();
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static List<Supervisor.Child> whichChildren(Object supervisor) {
        return (List<Supervisor.Child>) SupervisorServer.request("DynamicSupervisor.whichChildren", supervisor,
                new SupervisorServer.WhichChildren());
    }

    /**
     * How many children, by kind.
     *
     * <pre>{@code
     * DynamicSupervisor.countChildren(pool).active();
     * }</pre>
     */
    public static Supervisor.Counts countChildren(Object supervisor) {
        return (Supervisor.Counts) SupervisorServer.request("DynamicSupervisor.countChildren", supervisor,
                new SupervisorServer.CountChildren());
    }

    /**
     * Stops the supervisor and its children (reason {@link Reason#NORMAL}), waiting until done.
     *
     * <pre>{@code
     * DynamicSupervisor.stop(pool);
     * }</pre>
     */
    public static void stop(Object supervisor) {
        Stopper.stop("DynamicSupervisor.stop", supervisor, Reason.NORMAL, Process.INFINITY);
    }
}
