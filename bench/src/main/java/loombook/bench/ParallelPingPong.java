package loombook.bench;

import static loombook.Process.receive;
import static loombook.Process.self;
import static loombook.Process.send;
import static loombook.Process.spawn;

import java.util.List;

import loombook.Node;
import loombook.Pid;

/**
 * parallel_pingpong: 2 pairs per scheduler, every pair doing request/reply round trips at the same
 * time, 1,000,000 round trips in all. Rate = all round trips / time until every pair is done. Each
 * pinger spawns its own ponger, as the BEAM suite's does.
 */
final class ParallelPingPong implements Workload {
    record PairDone() {}

    @Override
    public String name() {
        return "parallel_pingpong";
    }

    @Override
    public List<Metric> run(int div) {
        int pairs = 2 * Node.schedulers();
        int per = 1_000_000 / div / pairs;
        Pid parent = self();
        long t0 = Workload.now();
        for (int i = 0; i < pairs; i++) {
            spawn(() -> {
                Pid ponger = spawn(PingPong::pong);
                PingPong.ping(ponger, per);
                send(ponger, new PingPong.Stop());
                send(parent, new PairDone());
            });
        }
        for (int i = 0; i < pairs; i++) receive(PairDone.class);
        long t1 = Workload.now();
        return List.of(Metric.perSec("parallel_pingpong", (long) per * pairs, t1 - t0, "roundtrips/s"));
    }
}
