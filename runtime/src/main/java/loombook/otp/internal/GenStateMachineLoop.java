package loombook.otp.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import loombook.Clauses;
import loombook.Exit;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessExit;
import loombook.otp.GenStateMachine;
import loombook.otp.GenStateMachine.Action;
import loombook.otp.GenStateMachine.Event;
import loombook.otp.GenStateMachine.Init;
import loombook.otp.GenStateMachine.StateData;
import loombook.otp.GenStateMachine.Transition;

/**
 * The engine of a {@link GenStateMachine} process, following gen_statem's documented sequence of
 * a state transition: (1) the actions run in order (replies are sent, transition options are set);
 * (2) the state enter call runs if the state changed or was repeated (its actions join in);
 * (3) a postponed event is kept; (4) a state change puts the postponed events back first in the
 * queue; (5) inserted events go before everything queued; (6) timeouts: a state change cancels the
 * state timeout, then the new ones start (a zero timeout is queued after the queued events, and an
 * event timeout only starts if nothing is queued); (7) queued events are handled before (8) the
 * mailbox is read.
 *
 * <p>The timeouts are kept by {@link StateMachineTimeouts}.
 */
public final class GenStateMachineLoop<A, St, D> extends SystemHandling {
    private static final Object TIMED_OUT = new Object();
    private static final Supplier<Object> ON_TIMEOUT = () -> TIMED_OUT;
    private static final Clauses<Object> ANY = m -> m;
    private static final Clauses<Object> SYSTEM_ONLY = m -> m instanceof SystemMessage ? m : null;

    /** The transition options gathered from the actions of one transition (and its enter calls). */
    private static final class Options {
        boolean postpone;
        final List<Event> next = new ArrayList<>(2);
        Action stateTimeout;
        Action.StartEventTimeout eventTimeout;
        final Map<Object, Action> generic = new LinkedHashMap<>(2);

        void reset() {
            postpone = false;
            next.clear();
            stateTimeout = null;
            eventTimeout = null;
            generic.clear();
        }
    }

    private final GenStateMachine<A, St, D> cb;
    private boolean stateFunctions;
    private boolean stateEnter;
    private St state;
    private D data;
    private final ArrayDeque<Event> queue = new ArrayDeque<>();
    private final List<Event> postponed = new ArrayList<>();
    private final StateMachineTimeouts timeouts = new StateMachineTimeouts(this, queue);
    private final Options opts = new Options();

    private GenStateMachineLoop(GenStateMachine<A, St, D> cb, Pid parent, Object name) {
        super(parent, name);
        this.cb = cb;
    }

    @Override
    String behaviour() {
        return "GenStateMachine";
    }

    @Override
    Object sysState() {
        return new StateData<>(state, data);
    }

    @Override
    @SuppressWarnings("unchecked")
    String adoptState(Object replaced) {
        if (!(replaced instanceof StateData<?, ?> sd) || sd.state() == null) {
            throw new IllegalArgumentException("for a GenStateMachine the function must return a "
                    + "GenStateMachine.StateData with a non-null state, not " + replaced);
        }
        state = (St) sd.state();
        data = (D) sd.data();
        return state + ", data " + data;
    }

    /** Runs a state machine in the calling (new) process. */
    public static <A, St, D> void run(GenStateMachine<A, St, D> cb, A arg, Object name, Starter.Handshake hs, boolean linked) {
        new GenStateMachineLoop<>(cb, linked ? hs.parent() : null, name).start(arg, hs);
    }

    @Override
    String module() {
        return GenServerLoop.moduleName(cb);
    }

    private void start(A arg, Starter.Handshake hs) {
        Process.label(module());
        Init<St, D> r;
        try {
            List<GenStateMachine.CallbackMode> mode = Objects.requireNonNull(cb.callbackMode(), "callbackMode() returned null");
            stateFunctions = mode.contains(GenStateMachine.CallbackMode.STATE_FUNCTIONS);
            stateEnter = mode.contains(GenStateMachine.CallbackMode.STATE_ENTER);
            if (stateFunctions && mode.contains(GenStateMachine.CallbackMode.HANDLE_EVENT_FUNCTION)) {
                throw new IllegalArgumentException(module() + ".callbackMode() lists both HANDLE_EVENT_FUNCTION and STATE_FUNCTIONS; pick one");
            }
            r = cb.init(arg);
            if (r == null) throw new IllegalStateException(module() + ".init returned null; return ok(state, data), ignore() or stopWith(reason)");
        } catch (ProcessExit e) {
            if (!Process.alive(self)) throw e;
            hs.fail(e.reason());
            throw Exits.exit(e.reason());
        } catch (Throwable t) {
            hs.fail(t);
            Exits.print("[error] GenStateMachine " + (name == null ? "" : name + " ") + self + " failed to start: "
                    + module() + ".init threw\n" + reasonText(t));
            throw Exits.exit(t);
        }
        switch (r) {
            case Init.Ok<St, D> ok -> {
                state = ok.state();
                data = ok.data();
                hs.ok();
                opts.reset();
                applyActions(ok.actions(), null, false);
                if (stateEnter) enter(state);
                finish(null, false);
                loop();
            }
            case Init.Ignore<St, D> i -> hs.ignore();
            case Transition.Stop<St, D> s -> {
                hs.fail(s.reason());
                throw Exits.exit(s.reason());
            }
        }
    }

    private static String reasonText(Object reason) {
        StringBuilder sb = new StringBuilder();
        Exits.appendReason(sb, reason);
        return sb.toString();
    }

    private void loop() {
        for (;;) {
            Event ev;
            if (!queue.isEmpty()) {
                ev = queue.poll();
                timeouts.forgetQueued(ev);
            } else {
                ev = next();
            }
            timeouts.eventArrived();
            last = ev;
            if (debug != null) debug.print("event " + ev + " in state " + state);
            St old = state;
            transition(ev, call(ev), old);
        }
    }

    /** Waits for the next event from the mailbox, answering system messages meanwhile. */
    private Event next() {
        for (;;) {
            Object msg;
            if (suspended) {
                msg = Process.receive(SYSTEM_ONLY);
            } else if (timeouts.eventArmed()) {
                msg = Process.receive(ANY, timeouts.eventMillisLeft(), ON_TIMEOUT);
                if (msg == TIMED_OUT) return timeouts.eventTimedOut();
            } else {
                msg = Process.receive();
            }
            switch (msg) {
                case GenCall c -> {
                    return new GenStateMachine.Call(c.from(), c.request());
                }
                case GenCast c -> {
                    return new GenStateMachine.Cast(c.request());
                }
                case SystemMessage s -> system(s);
                case Exit e when parent != null && parent.equals(e.from()) -> {
                    last = e;
                    throw terminate(e.reason());
                }
                case StateMachineTimeouts.Fired f -> {
                    Event ev = timeouts.fired(f.tag());
                    if (ev != null) return ev;
                }
                default -> {
                    return new GenStateMachine.Info(msg);
                }
            }
        }
    }

    private Transition<St, D> call(Event ev) {
        Transition<St, D> t;
        try {
            if (stateFunctions) {
                GenStateMachine.StateFunction<St, D> f = cb.stateFunction(state);
                if (f == null) throw new IllegalStateException(module() + ".stateFunction(" + state + ") returned null");
                t = f.handle(ev, data);
            } else {
                t = cb.handleEvent(ev, state, data);
            }
        } catch (ProcessExit e) {
            if (!Process.alive(self)) throw e;
            throw terminate(e.reason());
        } catch (Throwable e) {
            throw terminate(e);
        }
        if (t == null) {
            throw terminate(new IllegalStateException(module() + " returned null for " + ev + " in state " + state
                    + "; return nextState(...), keepState(...), keepStateAndData(), repeatState(...) or stopWith(...)"));
        }
        return t;
    }

    private void transition(Event ev, Transition<St, D> t, St old) {
        opts.reset();
        boolean repeat = false;
        switch (t) {
            case Transition.NextState<St, D> n -> {
                applyActions(n.actions(), ev, false);
                state = n.state();
                data = n.data();
            }
            case Transition.KeepState<St, D> k -> {
                applyActions(k.actions(), ev, false);
                data = k.data();
            }
            case Transition.KeepStateAndData<St, D> k -> applyActions(k.actions(), ev, false);
            case Transition.RepeatState<St, D> r -> {
                applyActions(r.actions(), ev, false);
                data = r.data();
                repeat = true;
            }
            case Transition.RepeatStateAndData<St, D> r -> {
                applyActions(r.actions(), ev, false);
                repeat = true;
            }
            case Transition.Stop<St, D> s -> stop(s);
            case Transition.StopAndReply<St, D> s -> stop(s);
        }
        boolean changed = !Objects.equals(old, state);
        if (debug != null && changed) debug.print("state " + old + " => " + state);
        if (stateEnter && (changed || repeat)) enter(changed ? old : state);
        finish(ev, changed);
    }

    private void stop(Transition<St, D> t) {
        switch (t) {
            case Transition.Stop<St, D> s -> {
                if (s.replacesData()) data = s.data();
                throw terminate(s.reason());
            }
            case Transition.StopAndReply<St, D> s -> {
                if (s.replacesData()) data = s.data();
                for (Action.Reply r : s.replies()) reply(r);
                throw terminate(s.reason());
            }
            default -> throw new IllegalStateException();
        }
    }

    /** The state enter call (repeated while it asks to repeat). */
    private void enter(Object oldState) {
        Object from = oldState;
        for (;;) {
            if (debug != null) debug.print("enter " + state + " from " + from);
            Event ev = new GenStateMachine.Enter(from);
            last = ev;
            Transition<St, D> t = call(ev);
            switch (t) {
                case Transition.NextState<St, D> n -> {
                    if (!Objects.equals(n.state(), state)) {
                        throw terminate(new IllegalStateException("a state enter call may not change the state: entering "
                                + state + ", " + module() + " returned nextState(" + n.state() + ", ...); use keepState, "
                                + "or nextEvent(...) in the transition that got here"));
                    }
                    applyActions(n.actions(), null, true);
                    data = n.data();
                    return;
                }
                case Transition.KeepState<St, D> k -> {
                    applyActions(k.actions(), null, true);
                    data = k.data();
                    return;
                }
                case Transition.KeepStateAndData<St, D> k -> {
                    applyActions(k.actions(), null, true);
                    return;
                }
                case Transition.RepeatState<St, D> r -> {
                    applyActions(r.actions(), null, true);
                    data = r.data();
                    from = state;
                }
                case Transition.RepeatStateAndData<St, D> r -> {
                    applyActions(r.actions(), null, true);
                    from = state;
                }
                case Transition.Stop<St, D> s -> stop(s);
                case Transition.StopAndReply<St, D> s -> stop(s);
            }
        }
    }

    private void applyActions(List<Action> actions, Event ev, boolean inEnter) {
        for (Action a : actions) {
            switch (a) {
                case null -> throw terminate(new NullPointerException(module() + " returned a null action"));
                case Action.Reply r -> reply(r);
                case Action.Postpone p -> {
                    if (inEnter) throw terminate(notInEnter("postpone()"));
                    if (ev != null) opts.postpone = true;
                }
                case Action.Hibernate h -> { }
                case Action.StartStateTimeout s -> opts.stateTimeout = s;
                case Action.CancelStateTimeout c -> opts.stateTimeout = c;
                case Action.StartEventTimeout e -> opts.eventTimeout = e;
                case Action.StartGenericTimeout g -> {
                    opts.generic.remove(g.name());
                    opts.generic.put(g.name(), g);
                }
                case Action.CancelGenericTimeout c -> {
                    opts.generic.remove(c.name());
                    opts.generic.put(c.name(), c);
                }
                case Action.NextEvent n -> {
                    if (inEnter) throw terminate(notInEnter("nextEvent(...)"));
                    opts.next.add(n.event());
                }
            }
        }
    }

    private IllegalStateException notInEnter(String what) {
        return new IllegalStateException(what + " is not allowed in a state enter call (" + module() + " entering "
                + state + "); an enter call can only keep or repeat the state, reply and set timeouts");
    }

    private void reply(Action.Reply r) {
        Calls.reply(r.from(), r.value());
        if (debug != null) debug.print("reply " + r.value() + " to " + r.from().pid());
    }

    /** Steps 3 to 6 of a transition. */
    private void finish(Event ev, boolean changed) {
        if (opts.postpone) {
            postponed.add(ev);
            if (debug != null) debug.print("postpone " + ev + " in state " + state);
        }
        if (changed && !postponed.isEmpty()) {
            for (int i = postponed.size() - 1; i >= 0; i--) queue.addFirst(postponed.get(i));
            postponed.clear();
        }
        for (int i = opts.next.size() - 1; i >= 0; i--) queue.addFirst(opts.next.get(i));
        if (changed) timeouts.stateChanged();
        timeouts.set(opts.stateTimeout, opts.generic.values(), opts.eventTimeout);
    }

    @Override
    Object formatState() {
        try {
            return cb.formatStatus(state, data);
        } catch (RuntimeException e) {
            return new StateData<>(state, data);
        }
    }

    @Override
    ProcessExit terminate(Object reason) {
        Object r = reason;
        try {
            cb.terminate(reason, state, data);
        } catch (ProcessExit e) {
            if (!Process.alive(self)) throw e;
            r = e.reason();
        } catch (Throwable t) {
            r = t;
        }
        if (debug != null) debug.print("terminating: " + r);
        if (Exits.abnormal(r)) Exits.print(report(r));
        return Exits.exit(r);
    }

    private String report(Object reason) {
        StringBuilder sb = new StringBuilder();
        sb.append("[error] GenStateMachine ").append(name == null ? "" : name + " ").append(self).append(" terminating\n");
        Exits.appendReason(sb, reason);
        switch (last) {
            case SystemMessage s -> sb.append("Last event: stop requested by ").append(s.from().pid()).append('\n');
            case null -> { }
            default -> sb.append("Last event: ").append(Exits.show(last)).append('\n');
        }
        Object shown = formatState();
        if (shown instanceof StateData<?, ?> sd) {
            sb.append("State: ").append(Exits.show(sd.state())).append('\n');
            sb.append("Data: ").append(Exits.show(sd.data())).append('\n');
        } else {
            sb.append("State: ").append(Exits.show(shown)).append('\n');
        }
        sb.append("Callback mode: ").append(stateFunctions ? "state_functions" : "handle_event_function")
                .append(stateEnter ? ", state_enter" : "").append('\n');
        if (!postponed.isEmpty()) sb.append("Postponed events: ").append(Exits.show(postponed)).append('\n');
        if (!queue.isEmpty()) sb.append("Queued events: ").append(Exits.show(queue)).append('\n');
        if (last instanceof GenStateMachine.Call c) {
            sb.append("Client ").append(c.from().pid()).append(Process.alive(c.from().pid()) ? " is alive\n" : " is dead\n");
        }
        return sb.toString();
    }
}
