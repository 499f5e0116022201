package loombook.bench;

import static loombook.Process.loop;
import static loombook.Process.next;
import static loombook.Process.self;
import static loombook.Process.send;
import static loombook.Process.skip;
import static loombook.Process.sleep;
import static loombook.Process.spawn;
import static loombook.Process.stop;

import java.util.List;

import loombook.Pid;

/**
 * timeout: N = 100,000 processes each wait 10 ms ({@code sleep(10)}, Loombook's
 * {@code receive after 10 -> ok end}) and report how long they actually waited.
 * {@code timeout_total} runs from the first spawn to the last report (ideal: 10 ms).
 */
final class Timeout implements Workload {
    record Waited(long nanos) {}

    /** The collector's state: reports still to come, their sum and their maximum. */
    record Waits(int left, long sum, long max) {}

    @Override
    public String name() {
        return "timeout";
    }

    @Override
    public List<Metric> run(int div) {
        int n = 100_000 / div;
        Pid parent = self();
        long t0 = Workload.now();
        for (int i = 0; i < n; i++) {
            spawn(() -> {
                long s = Workload.now();
                sleep(10);
                send(parent, new Waited(Workload.now() - s));
            });
        }
        Waits w = loop(new Waits(n, 0, 0), (st, msg) -> switch (msg) {
            case Waited(long ns) -> {
                Waits up = new Waits(st.left() - 1, st.sum() + ns, Math.max(st.max(), ns));
                yield up.left() == 0 ? stop(up) : next(up);
            }
            default -> skip();
        });
        long t1 = Workload.now();
        return List.of(
                new Metric("timeout_total", n, Metric.ms(t1 - t0), "ms"),
                new Metric("timeout_wait_mean", n, Metric.ms((double) w.sum() / n), "ms"),
                new Metric("timeout_wait_max", n, Metric.ms(w.max()), "ms"));
    }
}
