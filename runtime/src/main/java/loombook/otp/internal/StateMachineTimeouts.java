package loombook.otp.internal;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import loombook.Process;
import loombook.Ref;
import loombook.TimerRef;
import loombook.otp.GenStateMachine;
import loombook.otp.GenStateMachine.Action;
import loombook.otp.GenStateMachine.Event;

/**
 * A state machine's three kinds of timeout, as gen_statem keeps them: the state timeout (cancelled
 * by a change of state), the named generic timeouts, and the event timeout (cancelled by any
 * event). State and generic timeouts are timers that send the process a {@link Fired} message; a
 * cancelled timer's message is taken out of the mailbox if it already arrived, and ignored if it
 * arrives later. A zero timeout is an event queued after the events already queued. The event
 * timeout is the receive's own timeout.
 */
final class StateMachineTimeouts {
    private static final Object STATE = new Object();

    /**
     * The message a state or generic timeout's timer sends.
     *
     * @param tag which timer
     */
    public record Fired(Ref tag) {}

    private static final class Timer {
        final Object name;
        final Object content;
        Ref tag;
        TimerRef ref;
        Event queued;

        Timer(Object name, Object content) {
            this.name = name;
            this.content = content;
        }
    }

    private final SystemHandling owner;
    private final ArrayDeque<Event> queue;
    private Timer stateTimer;
    private final Map<Object, Timer> generic = new LinkedHashMap<>();
    private boolean eventArmed;
    private long eventDeadline;
    private Object eventContent;

    /** The timeouts of {@code owner}'s state machine, whose event queue is {@code queue}. */
    StateMachineTimeouts(SystemHandling owner, ArrayDeque<Event> queue) {
        this.owner = owner;
        this.queue = queue;
    }

    /** The state changed: its state timeout no longer runs. */
    void stateChanged() {
        if (stateTimer != null) {
            cancel(stateTimer);
            stateTimer = null;
        }
    }

    /**
     * Step 6 of a transition: the timeouts its actions set. {@code state} is the last state timeout
     * action (a start or a cancel, or null), {@code named} the last action per generic timeout, and
     * {@code event} the event timeout to start, which starts only if no event is queued.
     */
    void set(Action state, Collection<Action> named, Action.StartEventTimeout event) {
        switch (state) {
            case null -> { }
            case Action.StartStateTimeout s -> {
                if (stateTimer != null) cancel(stateTimer);
                stateTimer = s.millis() == Process.INFINITY ? null : start(STATE, s.millis(), s.content());
            }
            default -> {
                if (stateTimer != null) cancel(stateTimer);
                stateTimer = null;
            }
        }
        for (Action a : named) {
            switch (a) {
                case Action.StartGenericTimeout g -> {
                    Timer old = generic.remove(g.name());
                    if (old != null) cancel(old);
                    if (g.millis() != Process.INFINITY) generic.put(g.name(), start(g.name(), g.millis(), g.content()));
                }
                case Action.CancelGenericTimeout c -> {
                    Timer old = generic.remove(c.name());
                    if (old != null) cancel(old);
                }
                default -> throw new IllegalStateException();
            }
        }
        if (event != null && event.millis() != Process.INFINITY && queue.isEmpty()) {
            if (owner.debug != null) owner.debug.print("start event timeout " + event.millis() + " ms: " + event.content());
            if (event.millis() == 0) {
                queue.addLast(new GenStateMachine.EventTimeout(event.content()));
            } else {
                eventArmed = true;
                eventDeadline = Process.monotonicTime() + event.millis() * 1_000_000L;
                eventContent = event.content();
            }
        }
    }

    /** Whether an event timeout runs: the next receive waits until {@link #eventMillisLeft()}. */
    boolean eventArmed() {
        return eventArmed;
    }

    /** How long the next receive may wait for an event before the event timeout fires (ms). */
    long eventMillisLeft() {
        long left = eventDeadline - Process.monotonicTime();
        return left <= 0 ? 0 : (left + 999_999) / 1_000_000;
    }

    /** The event timeout fired: its event. */
    Event eventTimedOut() {
        return new GenStateMachine.EventTimeout(eventContent);
    }

    /** An event is being handled: the event timeout no longer runs. */
    void eventArrived() {
        eventArmed = false;
    }

    /** The event a timer's message stands for, or null if that timer was cancelled or replaced. */
    Event fired(Ref tag) {
        if (stateTimer != null && stateTimer.tag == tag) {
            Object content = stateTimer.content;
            stateTimer = null;
            return new GenStateMachine.StateTimeout(content);
        }
        for (Iterator<Timer> it = generic.values().iterator(); it.hasNext(); ) {
            Timer t = it.next();
            if (t.tag == tag) {
                it.remove();
                return new GenStateMachine.GenericTimeout(t.name, t.content);
            }
        }
        return null;
    }

    /** A zero timeout taken from the queue is no longer running. */
    void forgetQueued(Event ev) {
        if (stateTimer != null && stateTimer.queued == ev) {
            stateTimer = null;
            return;
        }
        generic.values().removeIf(t -> t.queued == ev);
    }

    private Timer start(Object timerName, long millis, Object content) {
        Timer t = new Timer(timerName, content);
        if (owner.debug != null) {
            owner.debug.print("start " + (timerName == STATE ? "state timeout" : "timeout " + timerName) + " " + millis + " ms: " + content);
        }
        if (millis == 0) {
            t.queued = timerName == STATE ? new GenStateMachine.StateTimeout(content) : new GenStateMachine.GenericTimeout(timerName, content);
            queue.addLast(t.queued);
        } else {
            t.tag = Ref.make();
            t.ref = Process.sendAfter(owner.self, new Fired(t.tag), millis);
        }
        return t;
    }

    private void cancel(Timer t) {
        if (t.ref != null && Process.cancelTimer(t.ref).isEmpty()) {
            Ref tag = t.tag;
            Process.receive(m -> m instanceof Fired f && f.tag() == tag ? m : null, 0, () -> null);
        }
        if (t.queued != null) {
            Event q = t.queued;
            queue.removeIf(e -> e == q);
        }
    }
}
