package loombook.otp;

import java.util.Objects;
import java.util.function.UnaryOperator;

import loombook.Pid;
import loombook.Process;
import loombook.otp.internal.Calls;
import loombook.otp.internal.SysRequest;

/**
 * Looking into and steering a running behaviour from outside, Erlang's {@code sys} module: read
 * or replace its state, trace what it does, pause and resume it. It works on every process this
 * package starts: {@link GenServer}, {@link GenStateMachine}, {@link Agent}, {@link Supervisor},
 * {@link DynamicSupervisor}. The requests are system messages, answered by the behaviour's own
 * loop (never by your callbacks), even while it is suspended.
 *
 * <pre>{@code
 * Agent<Integer> counter = Agent.start(() -> 0);
 * Sys.trace(counter, true);
 * Agent.update(counter, n -> n + 2);       // *DBG* #PID<0.90.0> got call Update[...] from #PID<0.80.0>
 *                                           // *DBG* #PID<0.90.0> sent ok to #PID<0.80.0>, new state 2
 * int n = Sys.getState(counter);           // 2
 * Sys.replaceState(counter, (Integer c) -> c * 10);
 * Sys.suspend(counter); Sys.resume(counter);
 * }</pre>
 *
 * <p>Like a call, each function waits up to 5 seconds for the answer and exits with a
 * {@link CallExit} if the process is not alive or does not answer (a plain process spawned with
 * {@code spawn} does not understand system messages).
 */
public final class Sys {
    private Sys() {}

    /**
     * The state of a behaviour, for debugging: a GenServer's or an Agent's state, a
     * {@link GenStateMachine.StateData} for a state machine, the supervisor's own state for a
     * supervisor. Erlang's {@code sys:get_state/1}.
     *
     * <pre>{@code
     * Agent.start(() -> Map.of("ada", 1), "cache");
     * Map<String, Integer> cache = Sys.getState("cache");      // {ada=1}
     * }</pre>
     */
    public static <T> T getState(Object server) {
        return getState(server, Calls.DEFAULT_TIMEOUT);
    }

    /**
     * As {@link #getState(Object)}, waiting up to {@code timeoutMillis} ms.
     *
     * <pre>{@code
     * Sys.getState(counter, 1000);
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static <T> T getState(Object server, long timeoutMillis) {
        return (T) Calls.call("Sys.getState", server, new SysRequest.GetState(), timeoutMillis, true);
    }

    /**
     * Replaces the state with {@code function(state)}, run inside the behaviour's process, and
     * returns the new state: Erlang's {@code sys:replace_state/2}. If the function throws, the
     * state is unchanged and this throws {@link IllegalStateException} that names the exception. For a
     * state machine the function gets and returns a {@link GenStateMachine.StateData}.
     *
     * <pre>{@code
     * Sys.replaceState(counter, (Integer n) -> 0);
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static <T> T replaceState(Object server, UnaryOperator<T> function) {
        Objects.requireNonNull(function, "Sys.replaceState: function");
        UnaryOperator<Object> f = s -> function.apply((T) s);
        Object r = Calls.call("Sys.replaceState", server, new SysRequest.ReplaceState(f), Calls.DEFAULT_TIMEOUT, true);
        if (r instanceof SysRequest.Failed(String error)) {
            throw new IllegalStateException("Sys.replaceState: the function threw " + error + " (in the server); the state is unchanged");
        }
        return (T) r;
    }

    /**
     * What a behaviour process is and how it is doing: Erlang's {@code sys:get_status/1}, as a record.
     *
     * <pre>{@code
     * Sys.getStatus(counter);   // Status[pid=#PID<0.90.0>, behaviour=GenServer, module=Counter, ...]
     * }</pre>
     */
    public static Status getStatus(Object server) {
        return (Status) Calls.call("Sys.getStatus", server, new SysRequest.GetStatus(), Calls.DEFAULT_TIMEOUT, true);
    }

    /**
     * Suspends a behaviour: from now on it answers only system messages; calls, casts and other
     * messages wait in its mailbox (and callers may time out) until {@link #resume}.
     *
     * <pre>{@code
     * Sys.suspend(counter);
     * }</pre>
     */
    public static void suspend(Object server) {
        Calls.call("Sys.suspend", server, new SysRequest.Suspend(), Calls.DEFAULT_TIMEOUT, true);
    }

    /**
     * Resumes a suspended behaviour: it handles the messages that waited, in order.
     *
     * <pre>{@code
     * Sys.resume(counter);
     * }</pre>
     */
    public static void resume(Object server) {
        Calls.call("Sys.resume", server, new SysRequest.Resume(), Calls.DEFAULT_TIMEOUT, true);
    }

    /**
     * Turns tracing on or off: Erlang's {@code sys:trace/2}. While on, the behaviour prints one
     * {@code *DBG*} line per message it gets, reply it sends and state it moves to. The lines go to
     * the group leader the <em>calling</em> process has now: in a notebook, under the cell that
     * turned tracing on.
     *
     * <pre>{@code
     * Sys.trace(counter, true);
     * Agent.get(counter, n -> n);           // *DBG* #PID<0.90.0> got call Get[...] from #PID<0.80.0>
     *                                       // *DBG* #PID<0.90.0> sent 0 to #PID<0.80.0>, new state 0
     * Sys.trace(counter, false);
     * }</pre>
     */
    public static void trace(Object server, boolean on) {
        Calls.call("Sys.trace", server, new SysRequest.Trace(on), Calls.DEFAULT_TIMEOUT, true);
    }

    /**
     * What {@link #getStatus} returns.
     *
     * <pre>{@code
     * Sys.Status s = Sys.getStatus(counter);
     * s.suspended();   // false
     * }</pre>
     *
     * @param pid the process
     * @param behaviour {@code "GenServer"}, {@code "GenStateMachine"}, {@code "Supervisor"}...
     * @param module the callback class's simple name
     * @param name its registered or via name, or null
     * @param suspended whether {@link #suspend} is in effect
     * @param parent the process that started it linked (its supervisor), or null
     * @param state its state as {@code formatStatus} shows it
     * @param traced whether {@link #trace} is on
     */
    public record Status(Pid pid, String behaviour, String module, Object name, boolean suspended, Pid parent,
                         Object state, boolean traced) {}

}
