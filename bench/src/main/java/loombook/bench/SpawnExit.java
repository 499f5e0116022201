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
 * spawn_exit: N short processes that each send {@code Done} to the spawner and end; the spawner
 * waits for all N. Rate = N / time from the first spawn to the last {@code Done}.
 */
final class SpawnExit implements Workload {
    record Done() {}

    @Override
    public String name() {
        return "spawn_exit";
    }

    @Override
    public List<Metric> run(int div) {
        int n = 1_000_000 / div;
        Pid parent = self();
        long t0 = Workload.now();
        for (int i = 0; i < n; i++) {
            spawn(() -> send(parent, new Done()));
        }
        loop(n, (left, msg) -> switch (msg) {
            case Done d when left == 1 -> stop(0);
            case Done d -> next(left - 1);
            default -> skip();
        });
        long t1 = Workload.now();
        return List.of(Metric.perSec("spawn_exit", n, t1 - t0, "procs/s"));
    }
}
