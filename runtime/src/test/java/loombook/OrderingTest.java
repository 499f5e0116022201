package loombook;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Per-pair ordering under load: nothing lost, duplicated or reordered. */
class OrderingTest {
    record Msg(int sender, int seq) {}

    @Test
    void aHundredSendersTimesTenThousandMessages() throws Exception {
        Rt.inProcess(() -> {
            int senders = 100, each = 10_000;
            Pid me = self();
            for (int s = 0; s < senders; s++) {
                int id = s;
                spawn(() -> {
                    for (int i = 0; i < each; i++) send(me, new Msg(id, i));
                });
            }
            int[] next = new int[senders];
            for (int n = 0; n < senders * each; n++) {
                Msg m = Rt.await("message " + n, x -> x instanceof Msg msg ? msg : null);
                assertEquals(next[m.sender()], m.seq(), "sender " + m.sender() + " out of order");
                next[m.sender()]++;
            }
            for (int s = 0; s < senders; s++) assertEquals(each, next[s]);
            Rt.refuteReceived("a duplicate", 50, x -> x instanceof Msg msg ? msg : null);
        });
    }

    @Test
    void sendNeverBlocksEvenToAProcessThatNeverReceives() throws Exception {
        Rt.inProcess(() -> {
            Pid sink = spawn(() -> sleep(60_000));
            long t0 = System.nanoTime();
            for (int i = 0; i < 200_000; i++) send(sink, i);
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
            assertEquals(200_000, info(sink).messageQueueLength());
            Process.exit(sink, Reason.KILL);
            send(sink, "to the dead: a no-op");
        });
    }
}
