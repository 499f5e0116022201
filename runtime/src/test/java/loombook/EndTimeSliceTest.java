package loombook;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * {@link Reductions#endTimeSlice}: what code preempted by time (the kernel's woven check) calls once
 * per slice. It charges the rest of the budget, yields as a spent budget does, and ends a killed
 * process; processes woken from a platform thread (a kill, a message from a cell) are not starved.
 */
@Isolated
class EndTimeSliceTest {
    /** Spins, ending a time slice every {@code slice} nanoseconds, as the kernel's ticker makes woven code do. */
    static void spin(long slice) {
        long next = System.nanoTime() + slice;
        long turns = 0;
        while (true) {
            if ((++turns & 255) == 0 && System.nanoTime() > next) {
                Reductions.endTimeSlice();
                next = System.nanoTime() + slice;
            }
        }
    }

    @Test
    void aSliceChargesABudgetAndAKilledProcessEndsThere() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Pid p = spawn(() -> {
                long r0 = Reductions.count();
                Reductions.endTimeSlice();
                Reductions.endTimeSlice();
                send(me, Reductions.count() - r0);
                spin(250_000);
            });
            assertEquals(2L * Node.reductionBudget(), (long) Rt.await("the charge", m -> m instanceof Long l ? l : null));
            Ref ref = monitor(p);
            Process.exit(p, Reason.KILL);
            assertEquals(Reason.KILLED, Rt.awaitDown(ref).reason());
        });
    }

    @Test
    void killedSpinnersEndPromptlyBesideOthers() throws Exception {
        java.util.Map<Pid, Thread> threads = new java.util.concurrent.ConcurrentHashMap<>();
        List<Pid> spinners = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            spinners.add(spawn(() -> {
                threads.put(self(), Thread.currentThread());
                spin(250_000);
            }));
        }
        try {
            while (threads.size() < 4) Thread.sleep(1);
            List<Long> ms = new ArrayList<>();
            for (Pid s : spinners) {
                long t0 = System.nanoTime();
                Process.exit(s, Reason.KILL);            // from a platform thread, as a notebook cell does
                assertTrue(threads.get(s).join(java.time.Duration.ofSeconds(5)), "a killed spinner's thread ended");
                ms.add((System.nanoTime() - t0) / 1_000_000);
            }
            System.out.println("# kill -> thread ended, beside spinners ending their slices by time: " + ms + " ms");
            // starvation (a queue the carrier never looks at) shows as seconds; a busy machine as tens of ms
            assertTrue(ms.stream().allMatch(m -> m < 500), "kills took " + ms + " ms");
        } finally {
            for (Pid p : spinners) Process.exit(p, Reason.KILL);
        }
    }

    @Test
    void onAThreadThatIsNotAProcessItDoesNothing() {
        Reductions.endTimeSlice();
        assertEquals(0, Reductions.count());
    }

    @Test
    void timersKeepTimeBesideSpinnersThatEndTheirSlicesByTime() throws Exception {
        Rt.inProcess(() -> {
            List<Pid> spinners = new ArrayList<>();
            for (int i = 0; i < 4; i++) spinners.add(spawn(() -> spin(250_000)));
            int n = 1000;
            Rt.timeoutWaits(n);
            long[] w = Rt.timeoutWaits(n);
            for (Pid s : spinners) Process.exit(s, Reason.KILL);
            double p99 = w[n * 99 / 100] / 1e6, max = w[n - 1] / 1e6;
            System.out.printf("# 10 ms waits beside 4 spinners ending 250 us slices: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    w[n / 2] / 1e6, p99, max);
            assertTrue(p99 < 20, "the 99th percentile of 10 ms waits was " + p99 + " ms (max " + max + " ms)");
        });
    }
}
