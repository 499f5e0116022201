package loombook.otp;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

import loombook.Reason;
import loombook.Rt;

/** Agent: get, update, getAndUpdate, cast, stop, names, crashes. */
class AgentTest {
    @Test
    void getUpdateGetAndUpdateCast() throws Exception {
        Rt.inProcess(() -> {
            Agent<Integer> counter = Agent.start(() -> 0);
            Agent.update(counter, n -> n + 1);
            assertEquals(1, (int) Agent.get(counter, n -> n));
            int before = Agent.getAndUpdate(counter, n -> Agent.pair(n, n * 10));
            assertEquals(1, before);
            Agent.cast(counter, n -> n + 5);
            assertEquals(15, (int) Agent.get(counter, n -> n));
            assertEquals("Agent", info(counter.pid()).label());
            assertEquals(15, (int) Sys.getState(counter));
            Agent.stop(counter);
            assertNull(counter.pid());
        });
    }

    @Test
    void namedAgentsAndStateOfAnyType() throws Exception {
        Rt.inProcess(() -> {
            Agent.start(() -> List.<String>of(), "agent-test-log");
            Agent<List<String>> log = Agent.of("agent-test-log");
            Agent.update(log, l -> java.util.stream.Stream.concat(l.stream(), java.util.stream.Stream.of("hello")).toList());
            assertEquals(List.of("hello"), Agent.get(log, l -> l));
            assertEquals(1, (int) Agent.get(log, List::size));
            Agent.stop(log, Reason.SHUTDOWN, 1000);
        });
    }

    @Test
    void aFunctionThatThrowsCrashesTheAgentAndTheCallerExits() throws Exception {
        Rt.inProcess(() -> {
            Agent<Integer> a = Agent.start(() -> 1);
            var mon = monitor(a.pid());
            CallExit ce = (CallExit) Rt.exitReason(() -> Agent.get(a, n -> Math.floorDiv(n, 0)));
            assertInstanceOf(ArithmeticException.class, ce.reason());
            assertEquals("Agent.get", ce.function());
            assertInstanceOf(ArithmeticException.class, Rt.awaitDown(mon).reason());
        });
    }

    @Test
    void anInitThatThrowsFailsTheStart() throws Exception {
        Rt.inProcess(() -> {
            StartFailed e = assertThrows(StartFailed.class, () -> Agent.start(() -> {
                throw new IllegalStateException("no config");
            }));
            assertInstanceOf(IllegalStateException.class, e.reason());
        });
    }

    @Test
    void agentsUnderASupervisorComeBackWithTheirInitialState() throws Exception {
        Rt.inProcess(() -> {
            Supervisor.start(List.of(Agent.childSpec("hits", () -> 100, "agent-test-hits")), Supervisor.ONE_FOR_ONE);
            Agent<Integer> hits = Agent.of("agent-test-hits");
            Agent.update(hits, n -> n + 1);
            var old = hits.pid();
            var mon = monitor(old);
            loombook.Process.exit(old, Reason.KILL);
            Rt.awaitDown(mon);
            Rt.eventually("the agent is back", () -> hits.pid() != null && !hits.pid().equals(old));
            assertEquals(100, (int) Agent.get(hits, n -> n));
        });
    }
}
