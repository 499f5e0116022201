package loombook;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** sendAfter, sendInterval, cancelTimer, readTimer. */
class TimerTest {
    @Test
    void sendAfterDeliversNoEarlierThanAsked() throws Exception {
        Rt.inProcess(() -> {
            long t0 = System.nanoTime();
            sendAfter(self(), "tick", 100);
            assertEquals("tick", Rt.await("tick", m -> m));
            assertTrue(System.nanoTime() - t0 >= 100_000_000L);
        });
    }

    @Test
    void cancelTimerReturnsTheTimeLeftOrEmptyOnceFired() throws Exception {
        Rt.inProcess(() -> {
            TimerRef t = sendAfter(self(), "never", 10_000);
            OptionalLong left = readTimer(t);
            assertTrue(left.isPresent() && left.getAsLong() > 9_000, left.toString());
            OptionalLong cancelled = cancelTimer(t);
            assertTrue(cancelled.isPresent() && cancelled.getAsLong() > 9_000);
            assertTrue(cancelTimer(t).isEmpty(), "a second cancel finds nothing");
            TimerRef fired = sendAfter(self(), "soon", 1);
            Rt.await("soon", m -> m.equals("soon") ? m : null);
            assertTrue(cancelTimer(fired).isEmpty());
            assertTrue(readTimer(fired).isEmpty());
            Rt.refuteReceived("the cancelled message", 50, m -> m.equals("never") ? m : null);
        });
    }

    @Test
    void sendAfterToANameResolvesItWhenItFires() throws Exception {
        Rt.inProcess(() -> {
            sendAfter("timer-late-name", "hello", 100);
            register("timer-late-name", self());
            assertEquals("hello", Rt.await("named timer", m -> m));
            unregister("timer-late-name");
        });
    }

    @Test
    void intervalsRepeatUntilCancelledAndStopWhenTheReceiverDies() throws Exception {
        Rt.inProcess(() -> {
            TimerRef t = sendInterval(self(), "beat", 20);
            List<Object> beats = new ArrayList<>();
            for (int i = 0; i < 3; i++) beats.add(Rt.await("beat", m -> m));
            assertEquals(List.of("beat", "beat", "beat"), beats);
            assertTrue(cancelTimer(t).isPresent());
            flush();
            Rt.refuteReceived("a beat after cancel", 80, m -> m);

            Pid short_lived = spawn(() -> sleep(30));
            TimerRef orphan = sendInterval(short_lived, "beat", 10);
            Ref ref = monitor(short_lived);
            Rt.awaitDown(ref);
            sleep(50);
            assertTrue(readTimer(orphan).isEmpty(), "the interval stops when its receiver is gone");
        });
    }

    @Test
    void aHundredThousandPendingTimersStayCheap() throws Exception {
        Rt.inProcess(() -> {
            int n = 100_000;
            System.gc();
            long heap0 = usedHeap();
            long t0 = System.nanoTime();
            List<TimerRef> timers = new ArrayList<>(n);
            for (int i = 0; i < n; i++) timers.add(sendAfter(self(), i, 60_000 + i));
            long scheduleNs = System.nanoTime() - t0;
            System.gc();
            long bytesPerTimer = (usedHeap() - heap0) / n;
            long t1 = System.nanoTime();
            for (TimerRef t : timers) assertTrue(cancelTimer(t).isPresent());
            long cancelNs = System.nanoTime() - t1;
            System.out.printf("# 100k timers: schedule %d ns each, cancel %d ns each, ~%d bytes each%n",
                    scheduleNs / n, cancelNs / n, bytesPerTimer);
            assertTrue(bytesPerTimer < 1_000, "a pending timer should cost well under 1 kB, got " + bytesPerTimer);
            assertEquals(0, Timers.pending());
        });
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    @Test
    void badDelaysAreRefused() throws Exception {
        Rt.inProcess(() -> {
            assertThrows(IllegalArgumentException.class, () -> sendAfter(self(), "x", -1));
            assertThrows(IllegalArgumentException.class, () -> sendInterval(self(), "x", 0));
        });
    }
}
