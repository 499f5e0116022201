package loombook.otp;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import loombook.Node;
import loombook.Pid;
import loombook.SharingPolicy;
import loombook.Rt;

/**
 * The OTP layer's own messages are immutable values: with the runtime refusing messages that carry
 * mutable state, every behaviour still works, failures included (an exception never travels as a
 * message, only as an exit reason).
 */
class SharingPolicyTest {
    private SharingPolicy old;

    @BeforeEach
    void reject() {
        old = Node.sharingPolicy();
        Node.sharingPolicy(SharingPolicy.REJECT);
    }

    @AfterEach
    void restore() {
        Node.sharingPolicy(old);
    }

    static final class Failing extends GenServer<Integer, Integer> {
        @Override
        public Init<Integer> init(Integer n) {
            if (n < 0) throw new IllegalArgumentException("negative");
            return ok(n);
        }

        @Override
        public CallResult<Integer> handleCall(Object request, From from, Integer n) {
            if ("crash".equals(request)) throw new IllegalStateException("crashed");
            return reply(n, n);
        }
    }

    @Test
    void behavioursWorkWhenMutableMessagesAreRefused() throws Exception {
        Rt.inProcess(() -> {
            StartFailed sf = assertThrows(StartFailed.class, () -> GenServer.start(new Failing(), -1));
            assertInstanceOf(IllegalArgumentException.class, sf.reason(), "the exception arrives as the exit reason");

            Pid s = GenServer.start(new Failing(), 1);
            assertEquals(1, (int) GenServer.call(s, "get"));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Sys.replaceState(s, (Integer n) -> Math.floorDiv(n, 0)));
            assertTrue(e.getMessage().contains("ArithmeticException"), e.getMessage());
            assertEquals(1, (int) Sys.getState(s));
            CallExit ce = (CallExit) Rt.exitReason(() -> GenServer.call(s, "crash"));
            assertInstanceOf(IllegalStateException.class, ce.reason());

            Pid sup = Supervisor.start(List.of(), Supervisor.ONE_FOR_ONE);
            StartFailed bad = assertThrows(StartFailed.class, () -> Supervisor.startChild(sup, ChildSpec.worker("bad", () -> {
                throw new IllegalStateException("cannot start");
            })));
            assertEquals("java.lang.IllegalStateException: cannot start", bad.reason());
            Supervisor.startChild(sup, ChildSpec.worker("ok", () -> GenServer.startLink(new Failing(), 2)));
            assertEquals(1, Supervisor.whichChildren(sup).size());
            assertNotNull(Sys.getState(sup));

            Pid pool = DynamicSupervisor.start();
            assertThrows(StartFailed.class, () -> DynamicSupervisor.startChild(pool,
                    ChildSpec.worker("bad", () -> GenServer.startLink(new Failing(), -1))));

            Registry.start(Registry.UNIQUE, "sharing-reg");
            Registry.register("sharing-reg", "k", "v");
            assertNotNull(Sys.getState("sharing-reg"));
            assertNotNull(Sys.getStatus("sharing-reg"));

            Agent<Integer> a = Agent.start(() -> 1);
            Agent.update(a, n -> n + 1);
            assertEquals(2, (int) Agent.get(a, n -> n));

            Task<Integer> t = Task.async(() -> 42);
            assertEquals(42, (int) Task.await(t));
            assertEquals(List.of(new Task.Ok<>(2), new Task.Ok<>(4)), Task.asyncStream(List.of(1, 2), x -> x * 2).toList());

            Ets<String, Integer> table = Ets.newTable("sharing-table", Ets.heir(self(), "gift"));
            var owner = spawnMonitor(() -> send(self(), table));
            Rt.awaitDown(owner.ref());
        });
    }
}
