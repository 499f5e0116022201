package loombook;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The state loop: session 8's recursive loop(state), in constant stack. */
class LoopTest {
    record Increment() {}
    record IncrementBy(int n) {}
    record Get(Pid from) {}
    record Count(int n) {}
    record Stop() {}

    static Step<Integer> counter(int count, Object msg) {
        return switch (msg) {
            case Increment i -> next(count + 1);
            case IncrementBy(var n) -> next(count + n);
            case Get(var from) -> {
                send(from, new Count(count));
                yield next(count);
            }
            case Stop s -> stop(count);
            default -> skip();
        };
    }

    @Test
    void theSeedsCounterKeepsItsStateAcrossMessages() throws Exception {
        Rt.inProcess(() -> {
            Pid counter = spawn(() -> loop(10, LoopTest::counter));
            send(counter, new Increment());
            send(counter, new Increment());
            send(counter, new IncrementBy(5));
            send(counter, new Get(self()));
            assertEquals(new Count(17), receive(Count.class));
            Ref ref = monitor(counter);
            send(counter, new Stop());
            assertEquals(Reason.NORMAL, Rt.awaitDown(ref).reason());
        });
    }

    @Test
    void aMillionMessagesRunInConstantStack() throws Exception {
        Rt.inProcess(() -> {
            int n = 1_000_000;
            Pid me = self();
            Pid counter = spawn(() -> {
                int finalCount = loop(0, LoopTest::counter);
                send(me, new Count(finalCount));
            });
            for (int i = 0; i < n; i++) send(counter, new Increment());
            send(counter, new Stop());
            assertEquals(new Count(n), Rt.await("final count", m -> m instanceof Count c ? c : null));
        });
    }

    @Test
    void theLiteralRecursionOverflowsTheStackWhichIsWhyLoopExists() throws Exception {
        Rt.inProcess(() -> {
            Monitored m = spawnMonitor(() -> recursiveLoop(0));
            for (int i = 0; i < 200_000; i++) send(m.pid(), new Increment());
            Object reason = Rt.awaitDown(m).reason();
            assertInstanceOf(StackOverflowError.class, reason);
        });
    }

    @Test
    void theStackLimitIsASetting() throws Exception {
        int old = Node.maxStackDepth();
        try {
            Node.maxStackDepth(500);
            Rt.inProcess(() -> {
                Monitored m = spawnMonitor(() -> recursiveLoop(0));
                for (int i = 0; i < 20_000; i++) send(m.pid(), new Increment());
                StackOverflowError e = assertInstanceOf(StackOverflowError.class, Rt.awaitDown(m).reason());
                assertTrue(e.getMessage().contains("deeper than 500 frames"), e.getMessage());
            });
            assertThrows(IllegalArgumentException.class, () -> Node.maxStackDepth(10));
        } finally {
            Node.maxStackDepth(old);
        }
    }

    private static void recursiveLoop(int count) {
        Object msg = receive();
        if (msg instanceof Increment) recursiveLoop(count + 1);
    }

    @Test
    void skippedMessagesStayForALaterLoopOrReceive() throws Exception {
        Rt.inProcess(() -> {
            send(self(), "keep me");
            send(self(), new Increment());
            send(self(), new Stop());
            int result = loop(0, LoopTest::counter);
            assertEquals(1, result);
            assertEquals(List.of("keep me"), messages());
        });
    }

    @Test
    void loopTimeoutsRunTheHeartbeat() throws Exception {
        Rt.inProcess(() -> {
            long t0 = System.nanoTime();
            int beats = loop(0, 20, (b, msg) -> skip(), b -> b + 1 == 5 ? stop(b + 1) : next(b + 1));
            assertEquals(5, beats);
            assertTrue(System.nanoTime() - t0 >= 100_000_000L);
        });
    }

    /** A client API with a stop method of its own, as the Elixir reference sheet's AgentClient has. */
    static final class Client {
        static Pid start() {
            // inside this class `stop(...)` means Client.stop: Step.stop is the loop's
            return spawn(() -> loop(0, (n, m) -> m instanceof Stop ? Step.stop(n) : Step.next(n + 1)));
        }

        static void stop(Pid p) {
            send(p, new Stop());
        }
    }

    @Test
    void stepFactoriesServeAClassWhoseOwnMethodsHideTheImportedOnes() throws Exception {
        Rt.inProcess(() -> {
            Pid p = Client.start();
            Ref ref = monitor(p);
            Client.stop(p);
            assertEquals(Reason.NORMAL, Rt.awaitDown(ref).reason());
            assertSame(Step.skip(), skip());
        });
    }

    @Test
    void aHandlerThatReturnsNullIsAClearError() throws Exception {
        Rt.inProcess(() -> {
            send(self(), "x");
            NullPointerException e = assertThrows(NullPointerException.class, () -> loop(0, (s, m) -> null));
            assertTrue(e.getMessage().contains("next(state), stop(state) or skip()"), e.getMessage());
        });
    }

    @Test
    void aTimeoutWithoutOnTimeoutIsAClearError() throws Exception {
        Rt.inProcess(() -> assertThrows(IllegalArgumentException.class, () -> loop(0, 10, (s, m) -> next(s), null)));
    }
}
