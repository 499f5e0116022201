package loombook;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Erlang's {@code after}: 0, N ms and infinity, with the deadline fixed when the receive starts. */
class TimeoutTest {
    @Test
    void afterZeroTakesAMatchingMessageAlreadyQueued() throws Exception {
        Rt.inProcess(() -> {
            send(self(), "here");
            assertEquals("here", receive(m -> m, 0, () -> "timeout"));
        });
    }

    @Test
    void afterZeroOnAnEmptyMailboxReturnsAtOnce() throws Exception {
        Rt.inProcess(() -> {
            long t0 = System.nanoTime();
            assertEquals("timeout", receive(m -> m, 0, () -> "timeout"));
            assertTrue(System.nanoTime() - t0 < 50_000_000L);
        });
    }

    @Test
    void afterZeroDoesNotTakeANonMatchingMessage() throws Exception {
        Rt.inProcess(() -> {
            send(self(), "text");
            assertEquals("none", receive(m -> m instanceof Integer i ? "int" : null, 0, () -> "none"));
            assertEquals(1, messages().size());
        });
    }

    @Test
    void aMessageArrivingDuringATimedReceiveIsTaken() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            spawn(() -> {
                sleep(100);
                send(me, "late but in time");
            });
            long t0 = System.nanoTime();
            assertEquals("late but in time", receive(m -> m, 5_000, () -> "timeout"));
            assertTrue(System.nanoTime() - t0 < 4_000_000_000L, "must not wait for the timeout");
        });
    }

    @Test
    void theTimeoutFiresAfterTheGivenTime() throws Exception {
        Rt.inProcess(() -> {
            long t0 = System.nanoTime();
            assertEquals("timeout", receive(m -> m, 200, () -> "timeout"));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 200, "waited only " + ms + " ms");
        });
    }

    @Test
    void theDeadlineIsFixedWhenTheReceiveStartsNotResetByNonMatchingMessages() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            spawn(() -> {
                for (int i = 0; i < 10; i++) {
                    sleep(40);
                    send(me, "noise");
                }
            });
            long t0 = System.nanoTime();
            assertEquals("timeout", receive(m -> m instanceof Integer ? m : null, 200, () -> "timeout"));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 200 && ms < 380, "a 200 ms receive with noise every 40 ms took " + ms + " ms");
        });
    }

    @Test
    void infinityWaitsUntilAMessageComes() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            spawn(() -> {
                sleep(300);
                send(me, 1);
            });
            assertEquals(1, (int) receive(m -> m instanceof Integer i ? i : null, INFINITY, () -> -1));
        });
    }

    @Test
    void negativeTimeoutsOtherThanInfinityAreRefused() throws Exception {
        Rt.inProcess(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> receive(m -> m, -5, () -> null));
            assertTrue(e.getMessage().contains("INFINITY"), e.getMessage());
        });
    }

    @Test
    void sleepLeavesMessagesInTheMailbox() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            spawn(() -> send(me, "during sleep"));
            sleep(100);
            assertEquals(java.util.List.of("during sleep"), messages());
        });
    }
}
