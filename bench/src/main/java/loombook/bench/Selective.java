package loombook.bench;

import static loombook.Process.receive;
import static loombook.Process.self;
import static loombook.Process.send;

import java.util.List;

/**
 * selective: this process sends itself K unmatched messages, then M matching ones, and times M
 * receives that match only the matching ones: each walks past the K unmatched first. Once with
 * K = 0 and once with K = 10,000; {@code selective_scan} is the difference per skipped message.
 */
final class Selective implements Workload {
    record Junk(int k) {}
    record Match(int k) {}

    @Override
    public String name() {
        return "selective";
    }

    @Override
    public List<Metric> run(int div) {
        int k = 10_000;
        int m = 10_000 / div;
        long t0 = timedRun(0, m);
        long tk = timedRun(k, m);
        return List.of(
                new Metric("selective_k0", m, (double) t0 / m, "ns/receive"),
                new Metric("selective_k10000", m, (double) tk / m, "ns/receive"),
                new Metric("selective_scan", (long) m * k, (double) (tk - t0) / ((long) m * k), "ns/skipped_msg"));
    }

    private static long timedRun(int k, int m) {
        for (int i = k; i > 0; i--) send(self(), new Junk(i));
        for (int i = m; i > 0; i--) send(self(), new Match(i));
        long t0 = Workload.now();
        // Erlang's `receive {match, _}` is a match on the tag alone: in Java, a receive by record type
        for (int i = 0; i < m; i++) {
            receive(Match.class);
        }
        long t1 = Workload.now();
        for (int i = 0; i < k; i++) {
            receive(Junk.class);
        }
        return t1 - t0;
    }
}
