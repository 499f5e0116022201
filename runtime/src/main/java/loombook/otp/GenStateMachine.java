package loombook.otp;

import java.util.List;
import java.util.Objects;

import loombook.Pid;
import loombook.Process;
import loombook.Reason;
import loombook.otp.internal.Calls;
import loombook.otp.internal.GenCast;
import loombook.otp.internal.GenStateMachineLoop;
import loombook.otp.internal.ServerRef;
import loombook.otp.internal.Starter;
import loombook.otp.internal.Stopper;

/**
 * A state machine process, Elixir's {@code GenStateMachine} (Erlang's {@code gen_statem}): a
 * server with an explicit <em>state</em> (which events it accepts now) and <em>data</em> (what it
 * remembers), state enter calls, events postponed until the state changes, and three kinds of
 * timeouts. Each event is a record, so one {@code switch} with record patterns reads like
 * gen_statem's function clauses.
 *
 * <pre>{@code
 * enum Door { LOCKED, OPEN }
 * record Unlock(String code) {}
 *
 * class DoorLock extends GenStateMachine<String, Door, String> {       // arg, state, data (the code)
 *     public Init<Door, String> init(String code) { return ok(Door.LOCKED, code); }
 *
 *     public Transition<Door, String> handleEvent(Event event, Door state, String code) {
 *         return switch (event) {
 *             case Call(var from, Unlock(var c)) when state == Door.LOCKED && c.equals(code) ->
 *                 nextState(Door.OPEN, code, reply(from, "open"), stateTimeout(5000, "relock"));
 *             case Call(var from, Unlock u) -> keepStateAndData(reply(from, "wrong code"));
 *             case StateTimeout(var t) -> nextState(Door.LOCKED, code);
 *             default -> super.handleEvent(event, state, code);
 *         };
 *     }
 * }
 *
 * Pid door = GenStateMachine.start(new DoorLock(), "1234");
 * GenStateMachine.call(door, new Unlock("1234"));     // "open"; 5 s later it locks itself
 * }</pre>
 *
 * <p><b>Callback modes.</b> By default every event goes to {@link #handleEvent} with the state
 * (gen_statem's {@code handle_event_function}). Return {@code List.of(STATE_FUNCTIONS)} from
 * {@link #callbackMode} to write one method per state instead, picked by {@link #stateFunction};
 * add {@link #STATE_ENTER} to get an {@link Enter} event every time the state changes (and for
 * the initial state).
 *
 * <p><b>Events</b>: {@link Call} (from {@link #call}; answer with a {@link #reply(From, Object)}
 * action or {@code from.reply(value)}), {@link Cast}, {@link Info} (any other message),
 * {@link Enter}, {@link StateTimeout}, {@link EventTimeout}, {@link GenericTimeout} and
 * {@link Internal} (from {@link #nextEvent(Object)}).
 *
 * <p><b>Results</b>: {@link #nextState}, {@link #keepState}, {@link #keepStateAndData},
 * {@link #repeatState}, {@link #repeatStateAndData}, {@link #stopWith(Object)},
 * {@link #stopAndReply(Object, Action.Reply...)}, each with any {@link Action}s:
 * {@link #reply(From, Object)}, {@link #postpone()}, {@link #stateTimeout},
 * {@link #eventTimeout}, {@link #genericTimeout}, {@link #nextEvent(Object)},
 * {@link #hibernate()}. A state change is a {@code nextState} to a state that is not
 * {@code equals} to the current one: only then are postponed events retried and the state timeout
 * cancelled.
 *
 * <p>If you declare your own types named like these events ({@code Call}, {@code Cast},
 * {@code Info}...), inside a subclass these names mean the events; name yours differently.
 *
 * @param <A> the type of {@link #init}'s argument
 * @param <St> the type of the states (an enum, usually)
 * @param <D> the type of the data
 */
public abstract class GenStateMachine<A, St, D> {
    /** gen_statem's {@code handle_event_function}: every event goes to {@link #handleEvent}. The default. */
    public static final CallbackMode HANDLE_EVENT_FUNCTION = CallbackMode.HANDLE_EVENT_FUNCTION;
    /** gen_statem's {@code state_functions}: each state has its own method, see {@link #stateFunction}. */
    public static final CallbackMode STATE_FUNCTIONS = CallbackMode.STATE_FUNCTIONS;
    /** gen_statem's {@code state_enter}: an {@link Enter} event at every state change. */
    public static final CallbackMode STATE_ENTER = CallbackMode.STATE_ENTER;

    /** For subclasses. */
    protected GenStateMachine() {}

    /** What {@link #callbackMode} lists: gen_statem's callback mode atoms. */
    public enum CallbackMode {
        /** Every event goes to {@link #handleEvent}. */
        HANDLE_EVENT_FUNCTION,
        /** Every event goes to the {@link StateFunction} that {@link #stateFunction} returns for the state. */
        STATE_FUNCTIONS,
        /** Enter events at every state change, for the initial state and after a repeat. */
        STATE_ENTER
    }

    // ------------------------------------------------------------------ callbacks

    /**
     * The callback mode: gen_statem's {@code callback_mode/0}. The default is
     * {@code List.of(HANDLE_EVENT_FUNCTION)}.
     *
     * <pre>{@code
     * enum Phase { PENDING, RUNNING }
     *
     * class Job extends GenStateMachine<Void, Phase, Integer> {
     *     public List<CallbackMode> callbackMode() { return List.of(STATE_FUNCTIONS, STATE_ENTER); }
     *     public Init<Phase, Integer> init(Void unused) { return ok(Phase.PENDING, 0); }
     *     public StateFunction<Phase, Integer> stateFunction(Phase state) {
     *         return (event, entered) -> event instanceof Enter ? keepState(entered + 1) : keepStateAndData();
     *     }
     * }
     * GenStateMachine.start(new Job(), null);
     * }</pre>
     */
    public List<CallbackMode> callbackMode() {
        return List.of(HANDLE_EVENT_FUNCTION);
    }

    /**
     * Runs in the new process before {@code start} returns: the first state and data, and
     * actions to run at once (timeouts, {@link #nextEvent(Object)}). Return {@link #ignore()} or
     * {@link #stopWith(Object)} (or throw) to not start.
     *
     * <pre>{@code
     * class Safe extends GenStateMachine<String, Door, String> {
     *     public Init<Door, String> init(String code) { return ok(Door.LOCKED, code); }
     * }
     * GenStateMachine.start(new Safe(), "0000");
     * }</pre>
     */
    public abstract Init<St, D> init(A arg);

    /**
     * Handles {@code event} in {@code state} ({@link #HANDLE_EVENT_FUNCTION} mode). The default
     * crashes the machine saying that no clause matched, as Elixir's does; end your {@code switch}
     * with {@code default -> super.handleEvent(event, state, data)}.
     *
     * <pre>{@code
     * record Lock() {}
     *
     * class Latch extends GenStateMachine<Void, Door, Void> {
     *     public Init<Door, Void> init(Void unused) { return ok(Door.OPEN, null); }
     *     public Transition<Door, Void> handleEvent(Event event, Door state, Void none) {
     *         return switch (event) {
     *             case Cast(Lock l) -> nextState(Door.LOCKED, none);
     *             default -> super.handleEvent(event, state, none);
     *         };
     *     }
     * }
     * Pid latch = GenStateMachine.start(new Latch(), null);
     * GenStateMachine.cast(latch, new Lock());
     * }</pre>
     */
    public Transition<St, D> handleEvent(Event event, St state, D data) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no clause for " + event + " in state "
                + state + ": add a case for it to handleEvent" + (callbackMode().contains(STATE_FUNCTIONS)
                ? " (or, in STATE_FUNCTIONS mode, to the state's function)" : ""));
    }

    /**
     * The method that handles events in {@code state} ({@link #STATE_FUNCTIONS} mode): return a
     * method reference per state, with an exhaustive {@code switch} so that the compiler tells you
     * when a state has none.
     *
     * <pre>{@code
     * class Steps extends GenStateMachine<Void, Phase, Integer> {
     *     public List<CallbackMode> callbackMode() { return List.of(STATE_FUNCTIONS); }
     *     public Init<Phase, Integer> init(Void unused) { return ok(Phase.PENDING, 0); }
     *     public StateFunction<Phase, Integer> stateFunction(Phase state) {
     *         return switch (state) {
     *             case PENDING -> this::pending;
     *             case RUNNING -> this::running;
     *         };
     *     }
     *     Transition<Phase, Integer> pending(Event event, Integer n) { return nextState(Phase.RUNNING, n + 1); }
     *     Transition<Phase, Integer> running(Event event, Integer n) { return keepState(n + 1); }
     * }
     * GenStateMachine.cast(GenStateMachine.start(new Steps(), null), "go");      // PENDING -> RUNNING
     * }</pre>
     */
    public StateFunction<St, D> stateFunction(St state) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " uses STATE_FUNCTIONS but does not override "
                + "stateFunction(state) to say which method handles state " + state);
    }

    /**
     * Called when the machine stops: after a stop result, after a callback threw, on {@link #stop},
     * and on its parent's shutdown if it traps exits. Not called when it is killed.
     *
     * <pre>{@code
     * class Loud extends GenStateMachine<Void, Door, Void> {
     *     public Init<Door, Void> init(Void unused) { return ok(Door.OPEN, null); }
     *     public void terminate(Object reason, Door state, Void none) { System.out.println("bye from " + state); }
     * }
     * GenStateMachine.stop(GenStateMachine.start(new Loud(), null));      // bye from OPEN
     * }</pre>
     */
    public void terminate(Object reason, St state, D data) {}

    /**
     * How state and data appear in crash reports and {@link Sys#getStatus}: gen_statem's
     * {@code format_status}. The default is a {@link StateData}.
     *
     * <pre>{@code
     * class Secret extends GenStateMachine<String, Door, String> {
     *     public Init<Door, String> init(String code) { return ok(Door.LOCKED, code); }
     *     public Object formatStatus(Door state, String code) { return new StateData<>(state, "****"); }
     * }
     * Sys.getStatus(GenStateMachine.start(new Secret(), "1234")).state()     // StateData[state=LOCKED, data=****]
     * }</pre>
     */
    public Object formatStatus(St state, D data) {
        return new StateData<>(state, data);
    }

    /**
     * The method for one state in {@link #STATE_FUNCTIONS} mode: gen_statem's
     * {@code StateName(EventType, EventContent, Data)}.
     *
     * <pre>{@code
     * GenStateMachine.StateFunction<Phase, Integer> pending = (event, n) -> GenStateMachine.nextState(Phase.RUNNING, n + 1);
     * }</pre>
     *
     * @param <St> the states' type
     * @param <D> the data's type
     */
    @FunctionalInterface
    public interface StateFunction<St, D> {
        /** Handles {@code event} in the state this function is for. */
        Transition<St, D> handle(Event event, D data);
    }

    /**
     * The state and data of a machine: what {@link Sys#getState} returns for it, and what a
     * {@link Sys#replaceState} function gets and returns (gen_statem's {@code {State, Data}}).
     *
     * <pre>{@code
     * GenStateMachine.StateData<Door, String> sd = Sys.getState(door);
     * sd.state();
     * }</pre>
     *
     * @param state the current state
     * @param data the current data
     */
    public record StateData<St, D>(St state, D data) {}

    // ------------------------------------------------------------------ events

    /** What the machine handles; each kind is a record, so a {@code switch} deconstructs it. */
    public sealed interface Event permits Call, Cast, Info, Enter, StateTimeout, EventTimeout, GenericTimeout, Internal {}

    /**
     * A {@link #call}: gen_statem's {@code {call, From}} event type. Answer it with a
     * {@link #reply(From, Object)} action (or {@code from.reply(value)}), now or in a later event.
     *
     * @param from who waits
     * @param request what was asked
     */
    public record Call(From from, Object request) implements Event {}

    /**
     * A {@link #cast}: gen_statem's {@code cast}.
     *
     * @param request the message
     */
    public record Cast(Object request) implements Event {}

    /**
     * Any other message the process receives: gen_statem's {@code info}.
     *
     * @param message the message
     */
    public record Info(Object message) implements Event {}

    /**
     * The state enter call ({@link #STATE_ENTER} mode): the machine has just entered a state
     * (for the initial state and after a repeat, {@code oldState} is the state itself). It may
     * keep or repeat the state and set timeouts and replies, but not change the state, postpone or
     * insert events.
     *
     * @param oldState the state it came from
     */
    public record Enter(Object oldState) implements Event {}

    /**
     * A {@link #stateTimeout} expired: the machine stayed in the state that long.
     *
     * @param content the content given to the action
     */
    public record StateTimeout(Object content) implements Event {}

    /**
     * An {@link #eventTimeout} expired: no event came for that long. gen_statem's {@code timeout}.
     *
     * @param content the content given to the action
     */
    public record EventTimeout(Object content) implements Event {}

    /**
     * A {@link #genericTimeout} expired: gen_statem's {@code {timeout, Name}}.
     *
     * @param name the timeout's name
     * @param content the content given to the action
     */
    public record GenericTimeout(Object name, Object content) implements Event {}

    /**
     * An event inserted by {@link #nextEvent(Object)}: gen_statem's {@code internal}. Never
     * comes from outside.
     *
     * @param content what was inserted
     */
    public record Internal(Object content) implements Event {}

    // ------------------------------------------------------------------ results

    /**
     * What {@link #init} returns: Elixir's {@code {:ok, state, data, actions}}, {@code :ignore},
     * {@code {:stop, reason}}.
     */
    public sealed interface Init<St, D> permits Init.Ok, Init.Ignore, Transition.Stop {
        /**
         * Start in {@code state} with {@code data}.
         *
         * @param state the initial state
         * @param data the initial data
         * @param actions to run at once
         */
        record Ok<St, D>(St state, D data, List<Action> actions) implements Init<St, D> {}

        /** Do not start; {@code start} returns null. */
        record Ignore<St, D>() implements Init<St, D> {}
    }

    /** What an event handler returns: gen_statem's {@code event_handler_result}. */
    public sealed interface Transition<St, D> {
        /**
         * {@code {:next_state, state, data, actions}}.
         *
         * @param state the next state
         * @param data the new data
         * @param actions to run
         */
        record NextState<St, D>(St state, D data, List<Action> actions) implements Transition<St, D> {}

        /**
         * {@code {:keep_state, data, actions}}.
         *
         * @param data the new data
         * @param actions to run
         */
        record KeepState<St, D>(D data, List<Action> actions) implements Transition<St, D> {}

        /**
         * {@code {:keep_state_and_data, actions}}.
         *
         * @param actions to run
         */
        record KeepStateAndData<St, D>(List<Action> actions) implements Transition<St, D> {}

        /**
         * {@code {:repeat_state, data, actions}}: keep the state, but run its enter call again.
         *
         * @param data the new data
         * @param actions to run
         */
        record RepeatState<St, D>(D data, List<Action> actions) implements Transition<St, D> {}

        /**
         * {@code {:repeat_state_and_data, actions}}.
         *
         * @param actions to run
         */
        record RepeatStateAndData<St, D>(List<Action> actions) implements Transition<St, D> {}

        /**
         * {@code {:stop, reason}} or {@code {:stop, reason, data}}.
         *
         * @param reason the exit reason
         * @param data the data {@code terminate} gets (if {@code replacesData})
         * @param replacesData whether {@code data} replaces the current data
         */
        record Stop<St, D>(Object reason, D data, boolean replacesData) implements Transition<St, D>, Init<St, D> {}

        /**
         * {@code {:stop_and_reply, reason, replies, data}}: send the replies, then stop.
         *
         * @param reason the exit reason
         * @param replies the replies to send first
         * @param data the data {@code terminate} gets (if {@code replacesData})
         * @param replacesData whether {@code data} replaces the current data
         */
        record StopAndReply<St, D>(Object reason, List<Action.Reply> replies, D data, boolean replacesData)
                implements Transition<St, D> {}
    }

    /** What a result asks the machine to do besides changing state: gen_statem's actions. */
    public sealed interface Action {
        /**
         * Answer a call: {@code {:reply, from, value}}.
         *
         * @param from the caller
         * @param value the answer
         */
        record Reply(From from, Object value) implements Action {}

        /** Postpone the current event until the state changes: {@code :postpone}. */
        record Postpone() implements Action {}

        /** {@code :hibernate}: accepted; on the JVM it changes nothing. */
        record Hibernate() implements Action {}

        /**
         * Start (or restart) the state timeout: {@code {:state_timeout, millis, content}}.
         *
         * @param millis when, from now ({@link Process#INFINITY} cancels it)
         * @param content the {@link StateTimeout} event's content
         */
        record StartStateTimeout(long millis, Object content) implements Action {}

        /** Cancel the state timeout: {@code {:state_timeout, :cancel}}. */
        record CancelStateTimeout() implements Action {}

        /**
         * Start the event timeout: {@code {:timeout, millis, content}}.
         *
         * @param millis how long without events
         * @param content the {@link EventTimeout} event's content
         */
        record StartEventTimeout(long millis, Object content) implements Action {}

        /**
         * Start (or restart) a named timeout: {@code {{:timeout, name}, millis, content}}.
         *
         * @param name the timeout's name
         * @param millis when, from now ({@link Process#INFINITY} cancels it)
         * @param content the {@link GenericTimeout} event's content
         */
        record StartGenericTimeout(Object name, long millis, Object content) implements Action {}

        /**
         * Cancel a named timeout: {@code {{:timeout, name}, :cancel}}.
         *
         * @param name the timeout's name
         */
        record CancelGenericTimeout(Object name) implements Action {}

        /**
         * Insert an event to handle next, before anything else: {@code {:next_event, type, content}}.
         *
         * @param event the event
         */
        record NextEvent(Event event) implements Action {}
    }

    // ------------------------------------------------------------------ result helpers

    /**
     * {@code {:ok, state, data, actions}} for {@link #init}.
     *
     * <pre>{@code
     * class AutoOpen extends GenStateMachine<String, Door, String> {
     *     public Init<Door, String> init(String code) { return ok(Door.LOCKED, code, stateTimeout(60_000, "auto-open")); }
     * }
     * }</pre>
     */
    public static <St, D> Init<St, D> ok(St state, D data, Action... actions) {
        return new Init.Ok<>(Objects.requireNonNull(state, "ok: the state must not be null"), data, List.of(actions));
    }

    /**
     * {@code :ignore} for {@link #init}: no machine; {@code start} returns null.
     *
     * <pre>{@code
     * class Never extends GenStateMachine<Void, Door, Void> {
     *     public Init<Door, Void> init(Void unused) { return ignore(); }
     * }
     * GenStateMachine.start(new Never(), null)        // null: no machine
     * }</pre>
     */
    public static <St, D> Init<St, D> ignore() {
        return new Init.Ignore<>();
    }

    /**
     * {@code {:next_state, state, data, actions}}: go to {@code state} (a state change if it is not
     * {@code equals} to the current one) with {@code data}.
     *
     * <pre>{@code
     * class Opener extends GenStateMachine<Void, Door, Void> {
     *     public Init<Door, Void> init(Void unused) { return ok(Door.LOCKED, null); }
     *     public Transition<Door, Void> handleEvent(Event event, Door state, Void none) {
     *         return event instanceof Call(var from, var request) ? nextState(Door.OPEN, none, reply(from, "open")) : keepStateAndData();
     *     }
     * }
     * GenStateMachine.call(GenStateMachine.start(new Opener(), null), "open up")      // "open"
     * }</pre>
     */
    public static <St, D> Transition<St, D> nextState(St state, D data, Action... actions) {
        return new Transition.NextState<>(Objects.requireNonNull(state, "nextState: the state must not be null"), data, List.of(actions));
    }

    /**
     * {@code {:keep_state, data, actions}}: same state, new data.
     *
     * <pre>{@code
     * class Tally extends GenStateMachine<Void, Door, Integer> {
     *     public Init<Door, Integer> init(Void unused) { return ok(Door.OPEN, 0); }
     *     public Transition<Door, Integer> handleEvent(Event event, Door state, Integer count) {
     *         return keepState(count + 1);              // same state, one more event counted
     *     }
     * }
     * }</pre>
     */
    public static <St, D> Transition<St, D> keepState(D data, Action... actions) {
        return new Transition.KeepState<>(data, List.of(actions));
    }

    /**
     * {@code {:keep_state_and_data, actions}} (or {@code :keep_state_and_data}).
     *
     * <pre>{@code
     * class Busy extends GenStateMachine<Void, Door, Void> {
     *     public Init<Door, Void> init(Void unused) { return ok(Door.LOCKED, null); }
     *     public Transition<Door, Void> handleEvent(Event event, Door state, Void none) {
     *         return keepStateAndData(postpone());      // every event waits for a state change
     *     }
     * }
     * }</pre>
     */
    public static <St, D> Transition<St, D> keepStateAndData(Action... actions) {
        return new Transition.KeepStateAndData<>(List.of(actions));
    }

    /**
     * {@code {:repeat_state, data, actions}}: same state, new data, and the state enter call runs
     * again (with the state as its old state).
     *
     * <pre>{@code
     * class Retrier extends GenStateMachine<Void, Door, Integer> {
     *     public List<CallbackMode> callbackMode() { return List.of(HANDLE_EVENT_FUNCTION, STATE_ENTER); }
     *     public Init<Door, Integer> init(Void unused) { return ok(Door.LOCKED, 0); }
     *     public Transition<Door, Integer> handleEvent(Event event, Door state, Integer retries) {
     *         return event instanceof Enter ? keepStateAndData() : repeatState(retries + 1);   // the enter call runs again
     *     }
     * }
     * }</pre>
     */
    public static <St, D> Transition<St, D> repeatState(D data, Action... actions) {
        return new Transition.RepeatState<>(data, List.of(actions));
    }

    /**
     * {@code {:repeat_state_and_data, actions}}.
     *
     * <pre>{@code
     * class Again extends GenStateMachine<Void, Door, Void> {
     *     public List<CallbackMode> callbackMode() { return List.of(HANDLE_EVENT_FUNCTION, STATE_ENTER); }
     *     public Init<Door, Void> init(Void unused) { return ok(Door.LOCKED, null); }
     *     public Transition<Door, Void> handleEvent(Event event, Door state, Void none) {
     *         return event instanceof Enter ? keepStateAndData() : repeatStateAndData();
     *     }
     * }
     * }</pre>
     */
    public static <St, D> Transition<St, D> repeatStateAndData(Action... actions) {
        return new Transition.RepeatStateAndData<>(List.of(actions));
    }

    /**
     * {@code {:stop, reason}}: from an event handler, stop ({@code terminate} runs); from
     * {@link #init}, do not start ({@code start} throws {@link StartFailed}).
     *
     * <pre>{@code
     * class OneShot extends GenStateMachine<Void, Door, Void> {
     *     public Init<Door, Void> init(Void unused) { return ok(Door.OPEN, null); }
     *     public Transition<Door, Void> handleEvent(Event event, Door state, Void none) { return stopWith(Reason.NORMAL); }
     * }
     * GenStateMachine.cast(GenStateMachine.start(new OneShot(), null), "done");      // it stops
     * }</pre>
     */
    public static <St, D> Transition.Stop<St, D> stopWith(Object reason) {
        return new Transition.Stop<>(Objects.requireNonNull(reason, "stopWith: reason"), null, false);
    }

    /**
     * {@code {:stop, reason, data}}: stop with new data.
     *
     * <pre>{@code
     * class Closing extends GenStateMachine<Void, Door, String> {
     *     public Init<Door, String> init(Void unused) { return ok(Door.OPEN, "open"); }
     *     public Transition<Door, String> handleEvent(Event event, Door state, String note) { return stopWith(Reason.NORMAL, "closed"); }
     *     public void terminate(Object reason, Door state, String note) { System.out.println(note); }
     * }
     * GenStateMachine.cast(GenStateMachine.start(new Closing(), null), "close");      // closed
     * }</pre>
     */
    public static <St, D> Transition<St, D> stopWith(Object reason, D data) {
        return new Transition.Stop<>(Objects.requireNonNull(reason, "stopWith: reason"), data, true);
    }

    /**
     * {@code {:stop_and_reply, reason, replies}}: send the replies, then stop.
     *
     * <pre>{@code
     * class Bye extends GenStateMachine<Void, Door, Void> {
     *     public Init<Door, Void> init(Void unused) { return ok(Door.OPEN, null); }
     *     public Transition<Door, Void> handleEvent(Event event, Door state, Void none) {
     *         return event instanceof Call(var from, var request) ? stopAndReply(Reason.NORMAL, reply(from, "bye")) : keepStateAndData();
     *     }
     * }
     * GenStateMachine.call(GenStateMachine.start(new Bye(), null), "quit")       // "bye", and it stops
     * }</pre>
     */
    public static <St, D> Transition<St, D> stopAndReply(Object reason, Action.Reply... replies) {
        return new Transition.StopAndReply<>(Objects.requireNonNull(reason, "stopAndReply: reason"), List.of(replies), null, false);
    }

    /**
     * {@code {:stop_and_reply, reason, replies, data}}.
     *
     * <pre>{@code
     * class Farewell extends GenStateMachine<Void, Door, Integer> {
     *     public Init<Door, Integer> init(Void unused) { return ok(Door.OPEN, 0); }
     *     public Transition<Door, Integer> handleEvent(Event event, Door state, Integer n) {
     *         return event instanceof Call(var from, var request) ? stopAndReply(Reason.NORMAL, List.of(reply(from, "bye")), n + 1)
     *                                                             : keepState(n + 1);
     *     }
     * }
     * GenStateMachine.call(GenStateMachine.start(new Farewell(), null), "quit")       // "bye"
     * }</pre>
     */
    public static <St, D> Transition<St, D> stopAndReply(Object reason, List<Action.Reply> replies, D data) {
        return new Transition.StopAndReply<>(Objects.requireNonNull(reason, "stopAndReply: reason"), List.copyOf(replies), data, true);
    }

    // ------------------------------------------------------------------ action helpers

    /**
     * {@code {:reply, from, value}}: answers a {@link Call} when the transition runs. This builds
     * an action to return; to answer right now from anywhere, call {@code from.reply(value)}.
     *
     * <pre>{@code
     * record GetCount() {}
     *
     * class Visits extends GenStateMachine<Void, Door, Integer> {
     *     public Init<Door, Integer> init(Void unused) { return ok(Door.OPEN, 0); }
     *     public Transition<Door, Integer> handleEvent(Event event, Door state, Integer count) {
     *         return switch (event) {
     *             case Call(var from, GetCount g) -> keepStateAndData(reply(from, count));
     *             default -> keepState(count + 1);
     *         };
     *     }
     * }
     * GenStateMachine.call(GenStateMachine.start(new Visits(), null), new GetCount())      // 0
     * }</pre>
     */
    public static Action.Reply reply(From from, Object value) {
        return new Action.Reply(Objects.requireNonNull(from, "reply: from"), value);
    }

    /**
     * {@code :postpone}: keep the current event and retry it after the next state change, in the
     * order events were postponed. Not allowed in enter calls.
     *
     * <pre>{@code
     * enum Line { BUSY, FREE }
     * record Hangup() {}
     *
     * class Phone extends GenStateMachine<Void, Line, Void> {
     *     public Init<Line, Void> init(Void unused) { return ok(Line.BUSY, null); }
     *     public Transition<Line, Void> handleEvent(Event event, Line state, Void none) {
     *         return switch (event) {
     *             case Cast(Hangup h) -> nextState(Line.FREE, none);
     *             case Call c when state == Line.BUSY -> keepStateAndData(postpone());    // tried again once the line is free
     *             case Call(var from, var number) -> keepStateAndData(reply(from, "connected"));
     *             default -> keepStateAndData();
     *         };
     *     }
     * }
     * Pid phone = GenStateMachine.start(new Phone(), null);
     * Task<String> caller = Task.async(() -> GenStateMachine.call(phone, "dial"));
     * GenStateMachine.cast(phone, new Hangup());
     * Task.await(caller)                      // "connected"
     * }</pre>
     */
    public static Action postpone() {
        return POSTPONE;
    }

    /**
     * {@code :hibernate}. Accepted for fidelity; a waiting process on the JVM is already small.
     *
     * <pre>{@code
     * class Sleepy extends GenStateMachine<Void, Door, Void> {
     *     public Init<Door, Void> init(Void unused) { return ok(Door.LOCKED, null); }
     *     public Transition<Door, Void> handleEvent(Event event, Door state, Void none) { return keepStateAndData(hibernate()); }
     * }
     * }</pre>
     */
    public static Action hibernate() {
        return HIBERNATE;
    }

    /**
     * {@code {:state_timeout, millis, content}}: if the machine is still in the state it enters
     * with this transition after {@code millis}, it gets a {@link StateTimeout}. A state change
     * cancels it; setting it again restarts it; {@link Process#INFINITY} cancels it.
     *
     * <pre>{@code
     * class Relock extends GenStateMachine<Void, Door, Void> {
     *     public Init<Door, Void> init(Void unused) { return ok(Door.LOCKED, null); }
     *     public Transition<Door, Void> handleEvent(Event event, Door state, Void none) {
     *         return switch (event) {
     *             case Cast c -> nextState(Door.OPEN, none, stateTimeout(100, "relock"));
     *             case StateTimeout t -> nextState(Door.LOCKED, none);        // 100 ms later, if it is still OPEN
     *             default -> keepStateAndData();
     *         };
     *     }
     * }
     * GenStateMachine.cast(GenStateMachine.start(new Relock(), null), "open");
     * }</pre>
     */
    public static Action stateTimeout(long millis, Object content) {
        checkTime("stateTimeout", millis);
        return new Action.StartStateTimeout(millis, content);
    }

    /**
     * {@code {:state_timeout, :cancel}}.
     *
     * <pre>{@code
     * class Stay extends GenStateMachine<Void, Door, Void> {
     *     public Init<Door, Void> init(Void unused) { return ok(Door.OPEN, null, stateTimeout(100, "relock")); }
     *     public Transition<Door, Void> handleEvent(Event event, Door state, Void none) { return keepStateAndData(cancelStateTimeout()); }
     * }
     * }</pre>
     */
    public static Action cancelStateTimeout() {
        return new Action.CancelStateTimeout();
    }

    /**
     * {@code {:timeout, millis, content}}, the event timeout: if no event at all (a call, a cast,
     * a message, a postponed or inserted event, another timeout) comes within {@code millis}, the
     * machine gets an {@link EventTimeout}. Any event cancels it.
     *
     * <pre>{@code
     * class Idle extends GenStateMachine<Void, Door, Integer> {
     *     public Init<Door, Integer> init(Void unused) { return ok(Door.OPEN, 0, eventTimeout(10_000, "idle")); }
     *     public Transition<Door, Integer> handleEvent(Event event, Door state, Integer n) {
     *         return event instanceof EventTimeout ? stopWith(Reason.NORMAL) : keepState(n + 1, eventTimeout(10_000, "idle"));
     *     }
     * }
     * }</pre>
     */
    public static Action eventTimeout(long millis, Object content) {
        checkTime("eventTimeout", millis);
        return new Action.StartEventTimeout(millis, content);
    }

    /**
     * {@code {{:timeout, name}, millis, content}}: a named timeout that survives state changes; a
     * {@link GenericTimeout} after {@code millis}. Setting the same name again restarts it.
     *
     * <pre>{@code
     * class Poller extends GenStateMachine<Void, Door, Integer> {
     *     public Init<Door, Integer> init(Void unused) { return ok(Door.OPEN, 0, genericTimeout("poll", 1000, "tick")); }
     *     public Transition<Door, Integer> handleEvent(Event event, Door state, Integer polls) {
     *         return event instanceof GenericTimeout ? keepState(polls + 1, genericTimeout("poll", 1000, "tick")) : keepStateAndData();
     *     }
     * }
     * }</pre>
     */
    public static Action genericTimeout(Object name, long millis, Object content) {
        checkTime("genericTimeout", millis);
        return new Action.StartGenericTimeout(Objects.requireNonNull(name, "genericTimeout: name"), millis, content);
    }

    /**
     * {@code {{:timeout, name}, :cancel}}.
     *
     * <pre>{@code
     * class Quiet extends GenStateMachine<Void, Door, Void> {
     *     public Init<Door, Void> init(Void unused) { return ok(Door.OPEN, null, genericTimeout("poll", 1000, "tick")); }
     *     public Transition<Door, Void> handleEvent(Event event, Door state, Void none) { return keepStateAndData(cancelGenericTimeout("poll")); }
     * }
     * }</pre>
     */
    public static Action cancelGenericTimeout(Object name) {
        return new Action.CancelGenericTimeout(Objects.requireNonNull(name, "cancelGenericTimeout: name"));
    }

    /**
     * {@code {:next_event, :internal, content}}: handle an {@link Internal} event with
     * {@code content} next, before any other event. Several are handled in the order given.
     *
     * <pre>{@code
     * class Connector extends GenStateMachine<Void, String, Void> {
     *     public Init<String, Void> init(Void unused) { return ok("connecting", null, nextEvent("connect")); }   // before any message
     *     public Transition<String, Void> handleEvent(Event event, String state, Void none) {
     *         return event instanceof Internal(var what) ? nextState("connected", none) : keepStateAndData();
     *     }
     * }
     * GenStateMachine.start(new Connector(), null);
     * }</pre>
     */
    public static Action nextEvent(Object content) {
        return new Action.NextEvent(new Internal(content));
    }

    /**
     * {@code {:next_event, type, content}} for any event but {@link Enter}: e.g. re-inject a
     * {@code new Cast(msg)}.
     *
     * <pre>{@code
     * record Retry() {}
     *
     * class Resender extends GenStateMachine<Void, Door, Integer> {
     *     public Init<Door, Integer> init(Void unused) { return ok(Door.OPEN, 0); }
     *     public Transition<Door, Integer> handleEvent(Event event, Door state, Integer casts) {
     *         return switch (event) {
     *             case Info(var message) -> keepStateAndData(nextEvent(new Cast(new Retry())));   // handled as if cast
     *             case Cast(Retry r) -> keepState(casts + 1);
     *             default -> keepStateAndData();
     *         };
     *     }
     * }
     * send(GenStateMachine.start(new Resender(), null), "try again");
     * }</pre>
     */
    public static Action nextEvent(Event event) {
        if (event instanceof Enter) throw new IllegalArgumentException("nextEvent: an Enter event cannot be inserted");
        return new Action.NextEvent(Objects.requireNonNull(event, "nextEvent: event"));
    }

    private static final Action POSTPONE = new Action.Postpone();
    private static final Action HIBERNATE = new Action.Hibernate();

    private static void checkTime(String what, long millis) {
        if (millis < 0 && millis != Process.INFINITY) {
            throw new IllegalArgumentException(what + ": a time is 0 or more milliseconds, or Process.INFINITY, not " + millis);
        }
    }

    // ------------------------------------------------------------------ client API

    /**
     * Starts a machine (not linked) and waits until {@link #init} has run; returns its pid, or null
     * if init ignored. {@link StartFailed} if init stopped or threw.
     *
     * <pre>{@code
     * Pid door = GenStateMachine.start(new DoorLock(), "1234");
     * }</pre>
     */
    public static <A> Pid start(GenStateMachine<A, ?, ?> callbacks, A arg) {
        return start(callbacks, arg, null, false);
    }

    /**
     * Starts a machine registered under {@code name} (a String or a {@link Registry#via}).
     *
     * <pre>{@code
     * GenStateMachine.start(new DoorLock(), "1234", "front-door");
     * }</pre>
     */
    public static <A> Pid start(GenStateMachine<A, ?, ?> callbacks, A arg, Object name) {
        return start(callbacks, arg, name, false);
    }

    /**
     * As {@link #start(GenStateMachine, Object)}, linked to the caller.
     *
     * <pre>{@code
     * ChildSpec.worker("door", () -> GenStateMachine.startLink(new DoorLock(), "1234"));
     * }</pre>
     */
    public static <A> Pid startLink(GenStateMachine<A, ?, ?> callbacks, A arg) {
        return start(callbacks, arg, null, true);
    }

    /**
     * As {@link #start(GenStateMachine, Object, Object)}, linked to the caller.
     *
     * <pre>{@code
     * GenStateMachine.startLink(new DoorLock(), "1234", "back-door");
     * }</pre>
     */
    public static <A> Pid startLink(GenStateMachine<A, ?, ?> callbacks, A arg, Object name) {
        return start(callbacks, arg, name, true);
    }

    private static <A> Pid start(GenStateMachine<A, ?, ?> callbacks, A arg, Object name, boolean link) {
        Objects.requireNonNull(callbacks, "GenStateMachine.start: callbacks must not be null");
        String what = "GenStateMachine." + (link ? "startLink" : "start") + "(" + callbacks.getClass().getSimpleName() + ")";
        return Starter.start(what, name, link, hs -> GenStateMachineLoop.run(callbacks, arg, name, hs, link));
    }

    /**
     * Sends a {@link Call} event and waits for the answer <em>for ever</em>, as
     * {@code gen_statem:call/2} does (a postponed call may wait a long time). If the machine is not
     * alive or dies first, the caller exits with a {@link CallExit}.
     *
     * <pre>{@code
     * String r = GenStateMachine.call(door, new Unlock("1234"));
     * }</pre>
     */
    public static <R> R call(Object server, Object request) {
        return call(server, request, Process.INFINITY);
    }

    /**
     * As {@link #call(Object, Object)}, waiting up to {@code timeoutMillis}; then the caller exits
     * with {@link Reason#TIMEOUT}, and the answer, if it comes later, is dropped.
     *
     * <pre>{@code
     * GenStateMachine.call(door, new Unlock("1234"), 1000);
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static <R> R call(Object server, Object request, long timeoutMillis) {
        return (R) Calls.call("GenStateMachine.call", server, request, timeoutMillis, false);
    }

    /**
     * Sends a {@link Cast} event and returns at once; never fails.
     *
     * <pre>{@code
     * GenStateMachine.cast(latch, new Lock());
     * }</pre>
     */
    public static void cast(Object server, Object request) {
        Objects.requireNonNull(request, "GenStateMachine.cast: the request must not be null");
        Pid pid = ServerRef.whereis(server, "GenStateMachine.cast");
        if (pid != null) Process.send(pid, new GenCast(request));
    }

    /**
     * Stops the machine with reason {@link Reason#NORMAL}, waiting until it has stopped.
     *
     * <pre>{@code
     * GenStateMachine.stop(door);
     * }</pre>
     */
    public static void stop(Object server) {
        stop(server, Reason.NORMAL, Process.INFINITY);
    }

    /**
     * Stops the machine with {@code reason} ({@code terminate} runs in it), waiting up to
     * {@code timeoutMillis}; see {@link GenServer#stop(Object, Object, long)}.
     *
     * <pre>{@code
     * GenStateMachine.stop("front-door", Reason.SHUTDOWN, 1000);
     * }</pre>
     */
    public static void stop(Object server, Object reason, long timeoutMillis) {
        Stopper.stop("GenStateMachine.stop", server, reason, timeoutMillis);
    }

    /**
     * The pid of {@code server}, or null.
     *
     * <pre>{@code
     * GenStateMachine.whereis("front-door");
     * }</pre>
     */
    public static Pid whereis(Object server) {
        return ServerRef.whereis(server, "GenStateMachine.whereis");
    }
}
