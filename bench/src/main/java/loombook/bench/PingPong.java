package loombook.bench;

import static loombook.Process.loop;
import static loombook.Process.next;
import static loombook.Process.receive;
import static loombook.Process.self;
import static loombook.Process.send;
import static loombook.Process.skip;
import static loombook.Process.spawn;
import static loombook.Process.stop;

import java.util.List;

import loombook.Pid;

/** pingpong: this process pings, a second one pongs; N request/reply round trips. */
final class PingPong implements Workload {
    record Ping(Pid from) {}
    record Pong() {}
    record Stop() {}

    @Override
    public String name() {
        return "pingpong";
    }

    @Override
    public List<Metric> run(int div) {
        int n = 1_000_000 / div;
        Pid ponger = spawn(PingPong::pong);
        long t0 = Workload.now();
        ping(ponger, n);
        long t1 = Workload.now();
        send(ponger, new Stop());
        return List.of(
                Metric.perSec("pingpong", n, t1 - t0, "roundtrips/s"),
                new Metric("pingpong_rtt", n, (double) (t1 - t0) / n, "ns/roundtrip"));
    }

    /** The BEAM suite's pong_loop/0: answers each Ping with a Pong until Stop. */
    static void pong() {
        // the BEAM's pong has no state; loop needs one, so it carries 0 unchanged
        loop(0, (state, msg) -> switch (msg) {
            case Ping(Pid from) -> {
                send(from, new Pong());
                yield next(state);
            }
            case Stop s -> stop(state);
            default -> skip();
        });
    }

    /** The BEAM suite's ping_n/2: {@code n} round trips with {@code ponger}. */
    static void ping(Pid ponger, int n) {
        for (int i = 0; i < n; i++) {
            send(ponger, new Ping(self()));
            receive(Pong.class);
        }
    }
}
