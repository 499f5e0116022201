package loombook.otp;

import java.util.Objects;
import java.util.function.Supplier;

import loombook.Pid;
import loombook.Process;

/**
 * How a supervisor starts, restarts and stops one child: Elixir's child specification
 * {@code %{id:, start:, restart:, shutdown:, type:}}.
 *
 * <pre>{@code
 * ChildSpec cache = ChildSpec.worker("cache", () -> Agent.startLink(() -> Map.of(), "cache").pid());
 * ChildSpec job   = ChildSpec.worker("job", () -> Task.startLink(() -> System.out.println("working")))
 *                            .withRestart(ChildSpec.Restart.TRANSIENT)
 *                            .withShutdown(ChildSpec.Shutdown.BRUTAL_KILL);
 * Supervisor.start(List.of(cache, job), Supervisor.ONE_FOR_ONE);
 * }</pre>
 *
 * <p>The start function runs <em>in the supervisor's process</em> and must return the pid of a
 * process linked to it (use {@code startLink}), or null for Elixir's {@code :ignore} (the spec is
 * kept, with no process). If it throws, the child failed to start. It runs again at every restart,
 * so a child comes back with a fresh state (and a new pid).
 *
 * @param id the child's name within its supervisor (any value; unique per supervisor)
 * @param start starts the child, linked to the caller, and returns its pid (or null to ignore)
 * @param restart when the child is restarted
 * @param shutdown how the supervisor stops it
 * @param type whether it is a worker or a supervisor
 */
public record ChildSpec(Object id, Supplier<Pid> start, Restart restart, Shutdown shutdown, Type type) {
    /** A child spec; every part is required. */
    public ChildSpec {
        Objects.requireNonNull(id, "ChildSpec: id");
        Objects.requireNonNull(start, "ChildSpec: start");
        Objects.requireNonNull(restart, "ChildSpec: restart");
        Objects.requireNonNull(shutdown, "ChildSpec: shutdown");
        Objects.requireNonNull(type, "ChildSpec: type");
    }

    /**
     * The spec's parts, with its start function as {@code a function}: a lambda's own text
     * ({@code Cells$$Lambda/0x...@5a2e}) says nothing in a supervisor's report.
     */
    @Override
    public String toString() {
        return "ChildSpec[id=" + id + ", start=a function, restart=" + restart + ", shutdown=" + shutdown + ", type=" + type + "]";
    }

    /**
     * A worker child: restart {@link Restart#PERMANENT}, shutdown 5,000 ms: Elixir's defaults.
     *
     * <pre>{@code
     * ChildSpec.worker("counter", () -> Agent.startLink(() -> 0).pid());
     * }</pre>
     */
    public static ChildSpec worker(Object id, Supplier<Pid> start) {
        return new ChildSpec(id, start, Restart.PERMANENT, Shutdown.timeout(5000), Type.WORKER);
    }

    /**
     * A supervisor child: restart {@link Restart#PERMANENT}, shutdown {@link Shutdown#INFINITY}
     * (it needs the time to stop its own children).
     *
     * <pre>{@code
     * ChildSpec.supervisor("jobs", () -> Supervisor.startLink(List.of(job), Supervisor.ONE_FOR_ONE));
     * }</pre>
     */
    public static ChildSpec supervisor(Object id, Supplier<Pid> start) {
        return new ChildSpec(id, start, Restart.PERMANENT, Shutdown.INFINITY, Type.SUPERVISOR);
    }

    /**
     * This spec with another restart type.
     *
     * <pre>{@code
     * job.withRestart(ChildSpec.Restart.TEMPORARY);
     * }</pre>
     */
    public ChildSpec withRestart(Restart restart) {
        return new ChildSpec(id, start, restart, shutdown, type);
    }

    /**
     * This spec with another shutdown.
     *
     * <pre>{@code
     * job.withShutdown(ChildSpec.Shutdown.timeout(10_000));
     * }</pre>
     */
    public ChildSpec withShutdown(Shutdown shutdown) {
        return new ChildSpec(id, start, restart, shutdown, type);
    }

    /**
     * This spec with another id.
     *
     * <pre>{@code
     * cache.withId("cache2");
     * }</pre>
     */
    public ChildSpec withId(Object id) {
        return new ChildSpec(id, start, restart, shutdown, type);
    }

    /** When a child that ended is restarted: Elixir's {@code :restart} option. */
    public enum Restart {
        /** Always restarted. */
        PERMANENT,
        /**
         * Restarted only if it ends abnormally: not after {@link loombook.Reason#NORMAL},
         * {@link loombook.Reason#SHUTDOWN} or a {@link loombook.Reason.Shutdown}.
         */
        TRANSIENT,
        /** Never restarted; its spec is removed when it ends. */
        TEMPORARY
    }

    /** Whether a child is a worker or a supervisor: Elixir's {@code :type}. */
    public enum Type {
        /** Any process that is not a supervisor. */
        WORKER,
        /** A supervisor. */
        SUPERVISOR
    }

    /**
     * How a supervisor stops a child: Elixir's {@code :shutdown}.
     *
     * <pre>{@code
     * ChildSpec.Shutdown.BRUTAL_KILL; ChildSpec.Shutdown.timeout(2000); ChildSpec.Shutdown.INFINITY;
     * }</pre>
     */
    public sealed interface Shutdown {
        /** Kill it at once ({@code exit(pid, KILL)}): it gets no chance to clean up. */
        Shutdown BRUTAL_KILL = new BrutalKill();
        /** Ask it to stop ({@code exit(pid, SHUTDOWN)}) and wait as long as it takes. */
        Shutdown INFINITY = new Infinity();

        /**
         * Ask it to stop and wait up to {@code millis}, then kill it. A child that traps exits has
         * that long to run its {@code terminate}.
         */
        static Shutdown timeout(long millis) {
            if (millis < 0) throw new IllegalArgumentException("a shutdown timeout is 0 or more milliseconds, not " + millis
                    + " (use Shutdown.INFINITY to wait for ever)");
            return new Timeout(millis);
        }

        /** {@code :brutal_kill}. */
        record BrutalKill() implements Shutdown {}

        /** {@code :infinity}. */
        record Infinity() implements Shutdown {}

        /**
         * A shutdown timeout.
         *
         * @param millis how long the child has to stop
         */
        record Timeout(long millis) implements Shutdown {}

        /** How long to wait after asking, or {@link Process#INFINITY}; 0 for brutal kill. */
        default long millis() {
            return switch (this) {
                case BrutalKill b -> 0;
                case Infinity i -> Process.INFINITY;
                case Timeout t -> t.millis();
            };
        }
    }
}
