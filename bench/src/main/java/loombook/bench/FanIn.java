package loombook.bench;

import static loombook.Process.loop;
import static loombook.Process.next;
import static loombook.Process.self;
import static loombook.Process.send;
import static loombook.Process.skip;
import static loombook.Process.spawn;
import static loombook.Process.stop;

import java.util.List;

import loombook.Pid;

/**
 * fanin: S = 1,000 senders x M = 1,000 messages each to this process, from spawning the senders
 * until this process has received them all.
 */
final class FanIn implements Workload {
    record Msg(int k) {}

    @Override
    public String name() {
        return "fanin";
    }

    @Override
    public List<Metric> run(int div) {
        int senders = 1_000;
        int each = 1_000 / div;
        int total = senders * each;
        Pid receiver = self();
        long t0 = Workload.now();
        for (int s = 0; s < senders; s++) {
            spawn(() -> {
                for (int k = each; k > 0; k--) send(receiver, new Msg(k));
            });
        }
        loop(total, (left, msg) -> switch (msg) {
            case Msg m when left == 1 -> stop(0);
            case Msg m -> next(left - 1);
            default -> skip();
        });
        long t1 = Workload.now();
        return List.of(Metric.perSec("fanin", total, t1 - t0, "msgs/s"));
    }
}
