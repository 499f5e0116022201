package loombook.otp;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import loombook.Capture;
import loombook.Pid;
import loombook.Rt;

/**
 * The two state machines of the course's Elixir reference sheet "Concurrency, OTP & State Machines"
 * (its section "GenStateMachine for agentic workflows"), translated to Java as written: AgentFSM in handle_event_function mode, WorkflowFSM in state_functions mode
 * with state enter calls. Where the Elixir has a bug that Java's types remove, the comment says so.
 */
class AgenticWorkflowStateMachinesTest {

    // ------------------------------------------------------------------ AgentFSM

    enum AgentState { IDLE, PROCESSING, COMPLETE, ERROR }

    record Submit(String task) {}
    record Status() {}
    record Result(Object result) {}
    record StatusReply(AgentState state, int results) {}

    /**
     * The sheet's {@code %{tasks: [], results: [], config: opts}}. The sheet's timeout clause does
     * {@code %{data | error: :timeout}}, a KeyError in Elixir (the map has no :error key); the
     * record has the field, so the translation works.
     */
    record AgentData(List<String> tasks, List<Object> results, Object config, Object error) {
        AgentData withTasks(List<String> t) {
            return new AgentData(t, results, config, error);
        }

        AgentData withResult(Object r) {
            List<Object> rs = new ArrayList<>();
            rs.add(r);
            rs.addAll(results);
            return new AgentData(tasks, List.copyOf(rs), config, error);
        }

        AgentData withError(Object e) {
            return new AgentData(tasks, results, config, e);
        }
    }

    static final class AgentFSM extends GenStateMachine<Object, AgentState, AgentData> {
        /** The sheet's 30_000; the tests use a shorter one to see the timeout. */
        final long processingTimeout;

        AgentFSM(long processingTimeout) {
            this.processingTimeout = processingTimeout;
        }

        // Client API
        static Pid startLink(Object opts, long timeout) {
            return GenStateMachine.startLink(new AgentFSM(timeout), opts);
        }

        static Object submit(Pid pid, String task) {
            return GenStateMachine.call(pid, new Submit(task));
        }

        static StatusReply status(Pid pid) {
            return GenStateMachine.call(pid, new Status());
        }

        // Server callbacks
        @Override
        public Init<AgentState, AgentData> init(Object opts) {
            return ok(AgentState.IDLE, new AgentData(List.of(), List.of(), opts, null));
        }

        @Override
        public Transition<AgentState, AgentData> handleEvent(Event event, AgentState state, AgentData data) {
            return switch (event) {
                // State: idle
                case Call(var from, Submit(var task)) when state == AgentState.IDLE ->
                        nextState(AgentState.PROCESSING, data.withTasks(List.of(task)),
                                reply(from, "accepted"), stateTimeout(processingTimeout, "timeout"));
                case Call(var from, Status s) -> keepStateAndData(reply(from, new StatusReply(state, data.results().size())));
                // State: processing, with timeout
                case StateTimeout(var t) when state == AgentState.PROCESSING && "timeout".equals(t) ->
                        nextState(AgentState.ERROR, data.withError("timeout"));
                // Internal event for completion
                case Info(Result(var result)) when state == AgentState.PROCESSING ->
                        nextState(AgentState.COMPLETE, data.withResult(result));
                // Postpone submissions while processing
                case Call(var from, Submit s) when state == AgentState.PROCESSING -> keepStateAndData(postpone());
                default -> super.handleEvent(event, state, data);
            };
        }
    }

    @Test
    void agentFsmRunsAsWritten() throws Exception {
        Rt.inProcess(() -> {
            trapExit(true);
            Pid agent = AgentFSM.startLink(List.of("model", "gpt"), 30_000);
            assertEquals(new StatusReply(AgentState.IDLE, 0), AgentFSM.status(agent));
            assertEquals("accepted", AgentFSM.submit(agent, "summarise"));
            assertEquals(new StatusReply(AgentState.PROCESSING, 0), AgentFSM.status(agent));
            send(agent, new Result("summary"));
            assertEquals(new StatusReply(AgentState.COMPLETE, 1), AgentFSM.status(agent));
            GenStateMachine.StateData<AgentState, AgentData> sd = Sys.getState(agent);
            assertEquals(List.of("summarise"), sd.data().tasks());
            assertEquals(List.of("summary"), sd.data().results());
        });
    }

    @Test
    void agentFsmStateTimeoutMovesToError() throws Exception {
        Rt.inProcess(() -> {
            trapExit(true);
            Pid agent = AgentFSM.startLink(null, 30);
            assertEquals("accepted", AgentFSM.submit(agent, "slow task"));
            Rt.eventually("the state timeout moved the agent to ERROR",
                    () -> AgentFSM.status(agent).state() == AgentState.ERROR);
            GenStateMachine.StateData<AgentState, AgentData> sd = Sys.getState(agent);
            assertEquals("timeout", sd.data().error());
        });
    }

    @Test
    void agentFsmPostponesASubmitUntilTheStateChanges() throws Exception {
        Capture out = new Capture();
        Rt.inProcess(out, () -> {
            Pid agent = GenStateMachine.start(new AgentFSM(30_000), null);
            AgentFSM.submit(agent, "first");
            Pid me = self();
            // the second submit waits: it is postponed while PROCESSING
            var second = spawnMonitor(() -> send(me, Rt.exitReason(() -> AgentFSM.submit(agent, "second"))));
            Rt.eventually("the second submit is postponed", () -> info(agent) != null && statusIs(agent, AgentState.PROCESSING));
            Rt.refuteReceived("an answer to the postponed submit", 50, m -> m instanceof CallExit ? m : null);
            send(agent, new Result("done"));
            // after the state change to COMPLETE it is retried; the sheet has no clause for a
            // submit in :complete, so, as written, the machine crashes on it (FunctionClauseError in
            // Elixir) and the waiting caller exits with that reason
            CallExit ce = Rt.await(CallExit.class);
            assertInstanceOf(UnsupportedOperationException.class, ce.reason());
            assertTrue(ce.reason().toString().contains("has no clause for Call[") && ce.reason().toString().contains("in state COMPLETE"),
                    ce.reason().toString());
            Rt.awaitDown(second.ref());
        });
        assertTrue(out.text().contains("[error] GenStateMachine #PID<"), out.text());
        assertTrue(out.text().contains("State: COMPLETE"), out.text());
    }

    private static boolean statusIs(Pid agent, AgentState s) {
        GenStateMachine.StateData<AgentState, AgentData> sd = Sys.getState(agent);
        return sd.state() == s;
    }

    // ------------------------------------------------------------------ WorkflowFSM

    enum Phase { PENDING, RUNNING, COMPLETE, FAILED }

    record Start(Object params) {}
    record Execute() {}
    record GetResult() {}
    record GetError() {}
    record Ok(Object value) {}
    record Error(Object reason) {}

    /**
     * The sheet's data map. Its {@code pending(:enter, ...)} does {@code %{data | entered_at: ...}}
     * on the empty map {@code %{}} that init returns: a KeyError in Elixir. The record has the
     * fields, so the translation works.
     */
    record WorkflowData(Instant enteredAt, Object params, Object result, Object error) {
        static final WorkflowData EMPTY = new WorkflowData(null, null, null, null);

        WorkflowData withEnteredAt(Instant t) {
            return new WorkflowData(t, params, result, error);
        }

        WorkflowData withParams(Object p) {
            return new WorkflowData(enteredAt, p, result, error);
        }

        WorkflowData withResult(Object r) {
            return new WorkflowData(enteredAt, params, r, error);
        }

        WorkflowData withError(Object e) {
            return new WorkflowData(enteredAt, params, result, e);
        }
    }

    static final class WorkflowFSM extends GenStateMachine<Object, Phase, WorkflowData> {
        final long executionTimeout;

        WorkflowFSM(long executionTimeout) {
            this.executionTimeout = executionTimeout;
        }

        @Override
        public List<CallbackMode> callbackMode() {
            return List.of(STATE_FUNCTIONS, STATE_ENTER);
        }

        @Override
        public Init<Phase, WorkflowData> init(Object arg) {
            return ok(Phase.PENDING, WorkflowData.EMPTY);
        }

        @Override
        public StateFunction<Phase, WorkflowData> stateFunction(Phase state) {
            return switch (state) {
                case PENDING -> this::pending;
                case RUNNING -> this::running;
                case COMPLETE -> this::complete;
                case FAILED -> this::failed;
            };
        }

        // State enter callbacks: run on every state transition
        Transition<Phase, WorkflowData> pending(Event event, WorkflowData data) {
            return switch (event) {
                case Enter(var old) -> keepState(data.withEnteredAt(Instant.now()));
                case Call(var from, Start(var params)) -> nextState(Phase.RUNNING, data.withParams(params),
                        reply(from, "ok"), stateTimeout(executionTimeout, "execution_timeout"));
                default -> handleEvent(event, Phase.PENDING, data);
            };
        }

        Transition<Phase, WorkflowData> running(Event event, WorkflowData data) {
            return switch (event) {
                case Enter(var old) when old == Phase.PENDING -> {
                    send(self(), new Execute());      // setup when entering running from pending
                    yield keepState(data);
                }
                case Info(Execute e) -> nextState(Phase.COMPLETE, data.withResult(doWork(data.params())));
                case StateTimeout(var t) when "execution_timeout".equals(t) -> nextState(Phase.FAILED, data.withError("timeout"));
                // Postpone any calls while running
                case Call c -> keepStateAndData(postpone());
                default -> handleEvent(event, Phase.RUNNING, data);
            };
        }

        Transition<Phase, WorkflowData> complete(Event event, WorkflowData data) {
            return switch (event) {
                case Enter(var old) -> keepState(data);
                case Call(var from, GetResult g) -> keepStateAndData(reply(from, new Ok(data.result())));
                default -> handleEvent(event, Phase.COMPLETE, data);
            };
        }

        Transition<Phase, WorkflowData> failed(Event event, WorkflowData data) {
            return switch (event) {
                case Enter(var old) -> keepState(data);
                case Call(var from, GetError g) -> keepStateAndData(reply(from, new Error(data.error())));
                default -> handleEvent(event, Phase.FAILED, data);
            };
        }

        /** The sheet's do_work/1: here, the params say how long the work takes and what it yields. */
        static Object doWork(Object params) {
            if (params instanceof Work(long millis, Object result)) {
                sleep(millis);
                return result;
            }
            return "done: " + params;
        }
    }

    record Work(long millis, Object result) {}

    @Test
    void workflowFsmRunsAsWritten() throws Exception {
        Rt.inProcess(() -> {
            Pid wf = GenStateMachine.start(new WorkflowFSM(60_000), null);
            GenStateMachine.StateData<Phase, WorkflowData> pending = Sys.getState(wf);
            assertEquals(Phase.PENDING, pending.state());
            assertNotNull(pending.data().enteredAt(), "the initial state's enter call ran");
            assertEquals("ok", GenStateMachine.call(wf, new Start(new Work(50, 42))));
            // asked while RUNNING: postponed, and answered once COMPLETE
            assertEquals(new Ok(42), GenStateMachine.call(wf, new GetResult()));
            GenStateMachine.StateData<Phase, WorkflowData> done = Sys.getState(wf);
            assertEquals(Phase.COMPLETE, done.state());
            GenStateMachine.stop(wf);
        });
    }

    @Test
    void aStateTimeoutThatFiredDuringTheWorkIsCancelledByTheStateChange() throws Exception {
        Rt.inProcess(() -> {
            Pid wf = GenStateMachine.start(new WorkflowFSM(20), null);
            assertEquals("ok", GenStateMachine.call(wf, new Start(new Work(200, "too late"))));
            // the work runs inside the state callback, so the state timeout's event waits behind it;
            // when it is handled the machine is already COMPLETE: the state change cancelled it
            assertEquals(new Ok("too late"), GenStateMachine.call(wf, new GetResult()));
            GenStateMachine.stop(wf);
        });
    }
}
