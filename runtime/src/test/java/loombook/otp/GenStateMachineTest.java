package loombook.otp;

import static loombook.Process.*;
import static loombook.otp.GenStateMachine.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;

import loombook.Capture;
import loombook.Pid;
import loombook.Reason;
import loombook.otp.internal.GenReply;
import loombook.Rt;

/** GenStateMachine: gen_statem's documented semantics, one behaviour per test. */
class GenStateMachineTest {
    enum S { A, B, C }

    record Go(S to) {}
    record Stay() {}
    record Repeat() {}
    record Job(int n) {}
    record Seen(Object what) {}
    record Arm(long millis) {}
    record Insert(List<Object> contents) {}
    record Quit() {}
    record Ask() {}

    /**
     * A scriptable machine: every event it handles is reported to the observer as Seen(event, state);
     * the behaviour per event is given by a function, so each test writes only what it needs.
     */
    static final class Scripted extends GenStateMachine<Void, S, List<Object>> {
        final Pid observer;
        final boolean enter;
        final BiFunction<Event, S, Transition<S, List<Object>>> script;

        Scripted(Pid observer, boolean enter, BiFunction<Event, S, Transition<S, List<Object>>> script) {
            this.observer = observer;
            this.enter = enter;
            this.script = script;
        }

        @Override
        public List<CallbackMode> callbackMode() {
            return enter ? List.of(HANDLE_EVENT_FUNCTION, STATE_ENTER) : List.of(HANDLE_EVENT_FUNCTION);
        }

        @Override
        public Init<S, List<Object>> init(Void v) {
            return ok(S.A, List.of());
        }

        @Override
        public Transition<S, List<Object>> handleEvent(Event event, S state, List<Object> data) {
            send(observer, new Seen(List.of(event, state)));
            Transition<S, List<Object>> t = script.apply(event, state);
            return t != null ? t : keepStateAndData();
        }

        @Override
        public void terminate(Object reason, S state, List<Object> data) {
            send(observer, new Seen("terminate " + reason + " in " + state));
        }
    }

    static Object seen() {
        return Rt.await("an event", m -> m instanceof Seen(Object w) ? w : null);
    }

    static List<Object> ev(Object event, S state) {
        return List.of(event, state);
    }

    @Test
    void postponedEventsAreRetriedAfterEachStateChangeInOrder() throws Exception {
        Rt.inProcess(() -> {
            Pid m = GenStateMachine.start(new Scripted(self(), false, (e, s) -> switch (e) {
                case GenStateMachine.Cast(Job j) when s != S.C -> keepStateAndData(postpone());
                case GenStateMachine.Cast(Go(S to)) -> nextState(to, List.of());
                default -> null;
            }), null);
            GenStateMachine.cast(m, new Job(1));
            GenStateMachine.cast(m, new Job(2));
            GenStateMachine.cast(m, new Go(S.B));       // state change: 1 and 2 retried in B, postponed again
            GenStateMachine.cast(m, new Go(S.C));       // state change: retried in C, handled, in order
            assertEquals(ev(new GenStateMachine.Cast(new Job(1)), S.A), seen());
            assertEquals(ev(new GenStateMachine.Cast(new Job(2)), S.A), seen());
            assertEquals(ev(new GenStateMachine.Cast(new Go(S.B)), S.A), seen());
            assertEquals(ev(new GenStateMachine.Cast(new Job(1)), S.B), seen());
            assertEquals(ev(new GenStateMachine.Cast(new Job(2)), S.B), seen());
            assertEquals(ev(new GenStateMachine.Cast(new Go(S.C)), S.B), seen());
            assertEquals(ev(new GenStateMachine.Cast(new Job(1)), S.C), seen());
            assertEquals(ev(new GenStateMachine.Cast(new Job(2)), S.C), seen());
            Rt.refuteReceived("more events", 50, m2 -> m2 instanceof Seen ? m2 : null);
        });
    }

    @Test
    void keepingTheStateDoesNotRetryPostponedEvents() throws Exception {
        Rt.inProcess(() -> {
            Pid m = GenStateMachine.start(new Scripted(self(), false, (e, s) -> switch (e) {
                case GenStateMachine.Cast(Job j) when s == S.A -> keepStateAndData(postpone());
                case GenStateMachine.Cast(Go(S to)) -> nextState(to, List.of());
                default -> null;
            }), null);
            GenStateMachine.cast(m, new Job(1));
            GenStateMachine.cast(m, new Go(S.A));      // nextState to the same state: not a state change
            GenStateMachine.cast(m, new Stay());
            assertEquals(ev(new GenStateMachine.Cast(new Job(1)), S.A), seen());
            assertEquals(ev(new GenStateMachine.Cast(new Go(S.A)), S.A), seen());
            assertEquals(ev(new GenStateMachine.Cast(new Stay()), S.A), seen());
            GenStateMachine.cast(m, new Go(S.B));
            assertEquals(ev(new GenStateMachine.Cast(new Go(S.B)), S.A), seen());
            assertEquals(ev(new GenStateMachine.Cast(new Job(1)), S.B), seen(), "retried only after the real change");
        });
    }

    @Test
    void aStateTimeoutIsCancelledByAStateChange() throws Exception {
        Rt.inProcess(() -> {
            Pid m = GenStateMachine.start(new Scripted(self(), false, (e, s) -> switch (e) {
                case GenStateMachine.Cast(Arm(long ms)) -> keepStateAndData(stateTimeout(ms, "deadline"));
                case GenStateMachine.Cast(Go(S to)) -> nextState(to, List.of());
                default -> null;
            }), null);
            GenStateMachine.cast(m, new Arm(60));
            GenStateMachine.cast(m, new Go(S.B));
            seen();
            seen();
            Rt.refuteReceived("a state timeout after the state changed", 200, x -> x instanceof Seen(List<?> l)
                    && l.getFirst() instanceof GenStateMachine.StateTimeout ? x : null);
        });
    }

    @Test
    void aStateTimeoutSurvivesEventsInTheSameStateAndFires() throws Exception {
        Rt.inProcess(() -> {
            Pid m = GenStateMachine.start(new Scripted(self(), false, (e, s) -> switch (e) {
                case GenStateMachine.Cast(Arm(long ms)) -> keepStateAndData(stateTimeout(ms, "deadline"));
                case GenStateMachine.Cast(Go(S to)) -> nextState(to, List.of());
                default -> null;
            }), null);
            GenStateMachine.cast(m, new Arm(40));
            GenStateMachine.cast(m, new Stay());
            GenStateMachine.cast(m, new Go(S.A));         // same state: not a change
            seen();
            seen();
            seen();
            assertEquals(ev(new GenStateMachine.StateTimeout("deadline"), S.A), seen());
        });
    }

    @Test
    void aStateTimeoutSetWithAStateChangeRunsInTheNewState() throws Exception {
        Rt.inProcess(() -> {
            Pid m = GenStateMachine.start(new Scripted(self(), false, (e, s) -> switch (e) {
                case GenStateMachine.Cast(Go(S to)) -> nextState(to, List.of(), stateTimeout(30, "in " + to));
                default -> null;
            }), null);
            GenStateMachine.cast(m, new Go(S.B));
            seen();
            assertEquals(ev(new GenStateMachine.StateTimeout("in B"), S.B), seen());
        });
    }

    @Test
    void anEventTimeoutIsCancelledByAnyEvent() throws Exception {
        Rt.inProcess(() -> {
            Pid m = GenStateMachine.start(new Scripted(self(), false, (e, s) -> switch (e) {
                case GenStateMachine.Cast(Arm(long ms)) -> keepStateAndData(eventTimeout(ms, "idle"));
                default -> null;
            }), null);
            GenStateMachine.cast(m, new Arm(80));
            seen();
            sleep(20);
            send(m, "any message");                  // an info event cancels it
            assertEquals(ev(new GenStateMachine.Info("any message"), S.A), seen());
            Rt.refuteReceived("an event timeout", 200, x -> x instanceof Seen ? x : null);
            GenStateMachine.cast(m, new Arm(30));
            seen();
            assertEquals(ev(new GenStateMachine.EventTimeout("idle"), S.A), seen(), "with no event, it fires");
        });
    }

    @Test
    void systemMessagesDoNotCancelAnEventTimeout() throws Exception {
        Rt.inProcess(() -> {
            Pid m = GenStateMachine.start(new Scripted(self(), false, (e, s) -> switch (e) {
                case GenStateMachine.Cast(Arm(long ms)) -> keepStateAndData(eventTimeout(ms, "idle"));
                default -> null;
            }), null);
            GenStateMachine.cast(m, new Arm(100));
            seen();
            Sys.getState(m);
            assertEquals(ev(new GenStateMachine.EventTimeout("idle"), S.A), seen());
        });
    }

    @Test
    void aGenericTimeoutSurvivesStateChangesAndCanBeCancelledOrRestarted() throws Exception {
        Rt.inProcess(() -> {
            Pid m = GenStateMachine.start(new Scripted(self(), false, (e, s) -> switch (e) {
                case GenStateMachine.Cast(Arm(long ms)) -> keepStateAndData(genericTimeout("poll", ms, "tick"));
                case GenStateMachine.Cast(Go(S to)) -> nextState(to, List.of());
                case GenStateMachine.Cast(Quit q) -> keepStateAndData(cancelGenericTimeout("poll"));
                default -> null;
            }), null);
            GenStateMachine.cast(m, new Arm(50));
            GenStateMachine.cast(m, new Go(S.B));
            GenStateMachine.cast(m, new Go(S.C));
            seen();
            seen();
            seen();
            assertEquals(ev(new GenStateMachine.GenericTimeout("poll", "tick"), S.C), seen());
            GenStateMachine.cast(m, new Arm(60));
            GenStateMachine.cast(m, new Quit());
            seen();
            seen();
            Rt.refuteReceived("a cancelled generic timeout", 150, x -> x instanceof Seen ? x : null);
        });
    }

    @Test
    void zeroTimeoutsAreQueuedAfterQueuedEvents() throws Exception {
        Rt.inProcess(() -> {
            Pid m = GenStateMachine.start(new Scripted(self(), false, (e, s) -> switch (e) {
                case GenStateMachine.Cast(Arm(long ms)) -> keepStateAndData(stateTimeout(0, "now"), nextEvent("inserted"));
                default -> null;
            }), null);
            GenStateMachine.cast(m, new Arm(0));
            GenStateMachine.cast(m, new Stay());
            seen();
            assertEquals(ev(new GenStateMachine.Internal("inserted"), S.A), seen());
            assertEquals(ev(new GenStateMachine.StateTimeout("now"), S.A), seen(), "before any external event not yet received");
            assertEquals(ev(new GenStateMachine.Cast(new Stay()), S.A), seen());
        });
    }

    @Test
    void insertedEventsComeFirstInOrderBeforeRetriedPostponedOnes() throws Exception {
        Rt.inProcess(() -> {
            Pid m = GenStateMachine.start(new Scripted(self(), false, (e, s) -> switch (e) {
                case GenStateMachine.Cast(Job j) when s == S.A -> keepStateAndData(postpone());
                case GenStateMachine.Cast(Go(S to)) -> nextState(to, List.of(), nextEvent("first"), nextEvent("second"));
                default -> null;
            }), null);
            GenStateMachine.cast(m, new Job(1));
            GenStateMachine.cast(m, new Go(S.B));
            GenStateMachine.cast(m, new Stay());
            seen();
            seen();
            assertEquals(ev(new GenStateMachine.Internal("first"), S.B), seen());
            assertEquals(ev(new GenStateMachine.Internal("second"), S.B), seen());
            assertEquals(ev(new GenStateMachine.Cast(new Job(1)), S.B), seen());
            assertEquals(ev(new GenStateMachine.Cast(new Stay()), S.B), seen());
        });
    }

    @Test
    void enterCallsForTheInitialStateChangesAndRepeats() throws Exception {
        Rt.inProcess(() -> {
            Pid m = GenStateMachine.start(new Scripted(self(), true, (e, s) -> switch (e) {
                case GenStateMachine.Cast(Go(S to)) -> nextState(to, List.of());
                case GenStateMachine.Cast(Repeat r) -> repeatStateAndData();
                default -> null;
            }), null);
            assertEquals(ev(new GenStateMachine.Enter(S.A), S.A), seen(), "initial: the old state is the state itself");
            GenStateMachine.cast(m, new Go(S.A));
            assertEquals(ev(new GenStateMachine.Cast(new Go(S.A)), S.A), seen());
            GenStateMachine.cast(m, new Go(S.B));
            assertEquals(ev(new GenStateMachine.Cast(new Go(S.B)), S.A), seen());
            assertEquals(ev(new GenStateMachine.Enter(S.A), S.B), seen());
            GenStateMachine.cast(m, new Repeat());
            assertEquals(ev(new GenStateMachine.Cast(new Repeat()), S.B), seen());
            assertEquals(ev(new GenStateMachine.Enter(S.B), S.B), seen(), "repeat: the enter call runs again");
            Rt.refuteReceived("another enter", 50, x -> x instanceof Seen ? x : null);
        });
    }

    @Test
    void anEnterCallThatChangesTheStateCrashesTheMachine() throws Exception {
        Capture out = new Capture();
        Rt.inProcess(out, () -> {
            Pid m = GenStateMachine.start(new Scripted(self(), true, (e, s) -> switch (e) {
                case GenStateMachine.Enter old when s == S.B -> nextState(S.C, List.of());
                case GenStateMachine.Cast(Go(S to)) -> nextState(to, List.of());
                default -> null;
            }), null);
            var mon = monitor(m);
            GenStateMachine.cast(m, new Go(S.B));
            Object reason = Rt.awaitDown(mon).reason();
            assertTrue(reason.toString().contains("a state enter call may not change the state"), reason.toString());
        });
        assertTrue(out.text().contains("Callback mode: handle_event_function, state_enter"), out.text());
    }

    @Test
    void callsRepliesAndStopAndReply() throws Exception {
        Rt.inProcess(() -> {
            Pid m = GenStateMachine.start(new Scripted(self(), false, (e, s) -> switch (e) {
                case GenStateMachine.Call(var from, Ask a) -> keepStateAndData(reply(from, "answer in " + s));
                case GenStateMachine.Call(var from, Quit q) -> stopAndReply(Reason.NORMAL, reply(from, "bye"));
                default -> null;
            }), null);
            var mon = monitor(m);
            assertEquals("answer in A", GenStateMachine.call(m, new Ask()));
            seen();
            assertEquals("bye", GenStateMachine.call(m, new Quit()));
            seen();
            assertEquals("terminate normal in A", seen());
            assertEquals(Reason.NORMAL, Rt.awaitDown(mon).reason());
        });
    }

    @Test
    void aPostponedCallThatTimesOutGetsNoLateReply() throws Exception {
        Rt.inProcess(() -> {
            Pid m = GenStateMachine.start(new Scripted(self(), false, (e, s) -> switch (e) {
                case GenStateMachine.Call(var from, Ask a) when s == S.A -> keepStateAndData(postpone());
                case GenStateMachine.Call(var from, Ask a) -> keepStateAndData(reply(from, "late"));
                case GenStateMachine.Cast(Go(S to)) -> nextState(to, List.of());
                default -> null;
            }), null);
            CallExit ce = (CallExit) Rt.exitReason(() -> GenStateMachine.call(m, new Ask(), 30));
            assertEquals(Reason.TIMEOUT, ce.reason());
            GenStateMachine.cast(m, new Go(S.B));      // the postponed call is now answered: into the void
            seen();
            seen();
            seen();
            Rt.refuteReceived("a late reply", 100, x -> x instanceof GenReply ? x : null);
        });
    }

    @Test
    void stateFunctionsModeWithoutStateFunctionIsAClearError() throws Exception {
        Capture out = new Capture();
        Rt.inProcess(out, () -> {
            class Forgot extends GenStateMachine<Void, S, Void> {
                public List<CallbackMode> callbackMode() {
                    return List.of(STATE_FUNCTIONS);
                }

                public Init<S, Void> init(Void v) {
                    return ok(S.A, null);
                }
            }
            Pid m = GenStateMachine.start(new Forgot(), null);
            CallExit ce = (CallExit) Rt.exitReason(() -> GenStateMachine.call(m, new Ask()));
            assertTrue(ce.reason().toString().contains("does not override stateFunction(state)"), ce.toString());
        });
    }

    @Test
    void sysSeesStateAndDataAndCanReplaceThem() throws Exception {
        Capture out = new Capture();
        Rt.inProcess(out, () -> {
            Pid m = GenStateMachine.start(new Scripted(self(), false, (e, s) -> null), null);
            GenStateMachine.StateData<S, List<Object>> sd = Sys.getState(m);
            assertEquals(new GenStateMachine.StateData<>(S.A, List.of()), sd);
            Sys.replaceState(m, (GenStateMachine.StateData<S, List<Object>> x) -> new GenStateMachine.StateData<>(S.C, List.of(1)));
            assertEquals(new GenStateMachine.StateData<>(S.C, List.of(1)), Sys.getState(m));
            assertThrows(IllegalStateException.class, () -> Sys.replaceState(m, x -> "not a StateData"));
            Sys.trace(m, true);
            GenStateMachine.cast(m, new Stay());
            seen();
            Sys.trace(m, false);
            assertEquals("GenStateMachine", Sys.getStatus(m).behaviour());
        });
        assertTrue(out.text().contains("*DBG* #PID<"), out.text());
        assertTrue(out.text().contains(" event Cast[request=Stay[]] in state C"), out.text());
    }

    @Test
    void initActionsRunAndInitCanInsertEvents() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            class Booting extends GenStateMachine<Void, S, List<Object>> {
                public Init<S, List<Object>> init(Void v) {
                    return ok(S.A, List.of(), nextEvent("boot"), stateTimeout(30, "slow boot"));
                }

                public Transition<S, List<Object>> handleEvent(Event e, S s, List<Object> d) {
                    send(me, new Seen(e));
                    return keepStateAndData();
                }
            }
            GenStateMachine.start(new Booting(), null);
            assertEquals(new GenStateMachine.Internal("boot"), seen());
            assertEquals(new GenStateMachine.StateTimeout("slow boot"), seen());
        });
    }

    @Test
    void keepStateReplacesTheData() throws Exception {
        Rt.inProcess(() -> {
            class Collector extends GenStateMachine<Void, S, List<Object>> {
                public Init<S, List<Object>> init(Void v) {
                    return ok(S.A, List.of());
                }

                public Transition<S, List<Object>> handleEvent(Event e, S s, List<Object> d) {
                    return switch (e) {
                        case Cast(var x) -> {
                            List<Object> out = new ArrayList<>(d);
                            out.add(x);
                            yield keepState(List.copyOf(out));
                        }
                        case Call(var from, Ask a) -> keepStateAndData(reply(from, d));
                        default -> super.handleEvent(e, s, d);
                    };
                }
            }
            Pid m = GenStateMachine.start(new Collector(), null);
            GenStateMachine.cast(m, 1);
            GenStateMachine.cast(m, 2);
            assertEquals(List.of(1, 2), GenStateMachine.call(m, new Ask()));
        });
    }
}
