package loombook.otp;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import loombook.Pid;
import loombook.Process;
import loombook.Reason;
import loombook.otp.internal.AgentServer;
import loombook.otp.internal.Calls;
import loombook.otp.internal.ServerRef;
import loombook.otp.internal.Stopper;

/**
 * A process that only holds a state, Elixir's {@code Agent}: you send it functions, it applies
 * them to its state, one at a time. The functions run <em>in the agent</em>, so keep them quick.
 * An {@code Agent<S>} is a typed handle on the agent process (its pid or name), so that the
 * functions you pass know the state's type.
 *
 * <pre>{@code
 * Agent<Integer> counter = Agent.start(() -> 0);
 * Agent.update(counter, n -> n + 1);
 * int now = Agent.get(counter, n -> n);                              // 1
 * int before = Agent.getAndUpdate(counter, n -> Agent.pair(n, n * 10));   // 1, state now 10
 * }</pre>
 *
 * <p>An agent is a {@link GenServer}: {@link Sys} works on it, and if a function throws, the agent
 * crashes with a report and the caller gets a {@link CallExit}, as in Elixir.
 *
 * @param server the agent: a {@link Pid}, a registered name or a {@link Registry#via}
 * @param <S> the state's type
 */
public record Agent<S>(Object server) {
    /** A handle on the agent {@code server}. */
    public Agent {
        Objects.requireNonNull(server, "Agent: server");
    }

    /**
     * A handle on an agent started elsewhere, by its pid or name.
     *
     * <pre>{@code
     * Agent<Map<String, Integer>> scores = Agent.of("scores");
     * }</pre>
     */
    public static <S> Agent<S> of(Object server) {
        return new Agent<>(server);
    }

    /** The agent's pid now, or null if it is not alive. */
    public Pid pid() {
        Pid p = ServerRef.whereis(server, "Agent.pid");
        return p != null && Process.alive(p) ? p : null;
    }

    /**
     * What {@link #getAndUpdate} functions return: the value to answer and the new state,
     * Elixir's {@code {get, new_state}}. Made by {@link Agent#pair}.
     *
     * @param get what the caller gets
     * @param state the agent's new state
     */
    public record Pair<R, S>(R get, S state) {}

    /**
     * {@code {get, newState}} for {@link #getAndUpdate}.
     *
     * <pre>{@code
     * Agent<List<Integer>> stack = Agent.start(() -> List.of(1, 2, 3));
     * int top = Agent.getAndUpdate(stack, s -> Agent.pair(s.getFirst(), s.subList(1, s.size())));    // 1; [2, 3] left
     * }</pre>
     */
    public static <R, S> Pair<R, S> pair(R get, S state) {
        return new Pair<>(get, state);
    }

    // ------------------------------------------------------------------ starting

    /**
     * Starts an agent whose state is {@code init.get()} (run in the new process) and returns a
     * handle on it. Throws {@link StartFailed} if {@code init} throws.
     *
     * <pre>{@code
     * Agent<List<String>> log = Agent.start(() -> List.of());
     * }</pre>
     */
    public static <S> Agent<S> start(Supplier<S> init) {
        return new Agent<>(GenServer.start(new AgentServer<>(), check(init)));
    }

    /**
     * Starts an agent registered under {@code name} (a String or a {@link Registry#via}).
     *
     * <pre>{@code
     * Agent.start(() -> 0, "hits");
     * Agent.update(Agent.of("hits"), (Integer n) -> n + 1);
     * }</pre>
     */
    public static <S> Agent<S> start(Supplier<S> init, Object name) {
        return new Agent<>(GenServer.start(new AgentServer<>(), check(init), name));
    }

    /**
     * As {@link #start(Supplier)}, linked to the caller.
     *
     * <pre>{@code
     * Agent<Integer> a = Agent.startLink(() -> 0);
     * }</pre>
     */
    public static <S> Agent<S> startLink(Supplier<S> init) {
        return new Agent<>(GenServer.startLink(new AgentServer<>(), check(init)));
    }

    /**
     * As {@link #start(Supplier, Object)}, linked to the caller.
     *
     * <pre>{@code
     * Agent.startLink(() -> 0, "visits");
     * }</pre>
     */
    public static <S> Agent<S> startLink(Supplier<S> init, Object name) {
        return new Agent<>(GenServer.startLink(new AgentServer<>(), check(init), name));
    }

    /**
     * A child spec that starts an agent under a supervisor.
     *
     * <pre>{@code
     * Supervisor.start(List.of(Agent.childSpec("pages", () -> 0, "pages")), Supervisor.ONE_FOR_ONE);
     * }</pre>
     *
     * @param id the child's id in the supervisor
     * @param init the initial state, computed again at each restart
     * @param name the agent's name (a String or a via), or null
     */
    public static <S> ChildSpec childSpec(Object id, Supplier<S> init, Object name) {
        check(init);
        return ChildSpec.worker(id, () -> GenServer.startLink(new AgentServer<>(), init, name));
    }

    private static <S> Supplier<S> check(Supplier<S> init) {
        return Objects.requireNonNull(init, "Agent.start: the initial state function must not be null");
    }

    // ------------------------------------------------------------------ using

    /**
     * Returns {@code fun(state)}, computed in the agent; the state does not change. Waits up to
     * 5 s, like a call. (To print the result, assign it first: passed straight to
     * {@code println}, Java cannot choose between its overloads.)
     *
     * <pre>{@code
     * int size = Agent.get(log, List::size);
     * }</pre>
     */
    public static <S, R> R get(Agent<S> agent, Function<? super S, ? extends R> fun) {
        return get(agent, fun, Calls.DEFAULT_TIMEOUT);
    }

    /**
     * As {@link #get(Agent, Function)}, waiting up to {@code timeoutMillis}.
     *
     * <pre>{@code
     * Agent.get(log, List::size, 1000);
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static <S, R> R get(Agent<S> agent, Function<? super S, ? extends R> fun, long timeoutMillis) {
        Objects.requireNonNull(fun, "Agent.get: fun");
        return (R) Calls.call("Agent.get", agent.server, new AgentServer.Get(s -> fun.apply((S) s)), timeoutMillis, false);
    }

    /**
     * Replaces the state with {@code fun(state)} and waits until it is done.
     *
     * <pre>{@code
     * Agent.update(counter, n -> n + 1);
     * }</pre>
     */
    public static <S> void update(Agent<S> agent, UnaryOperator<S> fun) {
        update(agent, fun, Calls.DEFAULT_TIMEOUT);
    }

    /**
     * As {@link #update(Agent, UnaryOperator)}, waiting up to {@code timeoutMillis}.
     *
     * <pre>{@code
     * Agent.update(counter, n -> n + 1, 1000);
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static <S> void update(Agent<S> agent, UnaryOperator<S> fun, long timeoutMillis) {
        Objects.requireNonNull(fun, "Agent.update: fun");
        Calls.call("Agent.update", agent.server, new AgentServer.Update(s -> fun.apply((S) s)), timeoutMillis, false);
    }

    /**
     * Applies {@code fun} to the state: the agent takes the {@link Pair}'s state as its new state
     * and answers its {@code get}.
     *
     * <pre>{@code
     * int ticket = Agent.getAndUpdate(counter, n -> Agent.pair(n, n + 1));
     * }</pre>
     */
    public static <S, R> R getAndUpdate(Agent<S> agent, Function<? super S, Pair<R, S>> fun) {
        return getAndUpdate(agent, fun, Calls.DEFAULT_TIMEOUT);
    }

    /**
     * As {@link #getAndUpdate(Agent, Function)}, waiting up to {@code timeoutMillis}.
     *
     * <pre>{@code
     * Agent.getAndUpdate(counter, n -> Agent.pair(n, n + 1), 1000);
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static <S, R> R getAndUpdate(Agent<S> agent, Function<? super S, Pair<R, S>> fun, long timeoutMillis) {
        Objects.requireNonNull(fun, "Agent.getAndUpdate: fun");
        return (R) Calls.call("Agent.getAndUpdate", agent.server, new AgentServer.GetAndUpdate(s -> fun.apply((S) s)),
                timeoutMillis, false);
    }

    /**
     * Replaces the state with {@code fun(state)} without waiting: Elixir's {@code Agent.cast/2}.
     *
     * <pre>{@code
     * Agent.cast(counter, n -> n + 1);
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static <S> void cast(Agent<S> agent, UnaryOperator<S> fun) {
        Objects.requireNonNull(fun, "Agent.cast: fun");
        GenServer.cast(agent.server, new AgentServer.Update(s -> fun.apply((S) s)));
    }

    /**
     * Stops the agent (reason {@link Reason#NORMAL}) and waits until it has stopped.
     *
     * <pre>{@code
     * Agent.stop(counter);
     * }</pre>
     */
    public static void stop(Agent<?> agent) {
        stop(agent, Reason.NORMAL, Process.INFINITY);
    }

    /**
     * Stops the agent with {@code reason}, waiting up to {@code timeoutMillis}; see {@link GenServer#stop(Object, Object, long)}.
     *
     * <pre>{@code
     * Agent.stop(log, Reason.SHUTDOWN, 1000);
     * }</pre>
     */
    public static void stop(Agent<?> agent, Object reason, long timeoutMillis) {
        Stopper.stop("Agent.stop", agent.server, reason, timeoutMillis);
    }
}
