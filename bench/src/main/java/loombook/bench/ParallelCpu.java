package loombook.bench;

import static loombook.Process.receive;
import static loombook.Process.self;
import static loombook.Process.send;
import static loombook.Process.spawn;

import java.util.List;

import loombook.Node;
import loombook.Pid;

/**
 * parallel_cpu: 8 CPU-bound jobs per scheduler, each a naive {@code fib(27)}; first all of them one
 * after another in this process, then one process per job, all spawned at once, until all have
 * reported. speedup = sequential time / parallel time (ideal: the number of schedulers).
 */
final class ParallelCpu implements Workload {
    record Fib(int value) {}

    /** Keeps the sequential results alive, so that the JIT cannot drop the work. */
    static volatile long sink;

    @Override
    public String name() {
        return "parallel_cpu";
    }

    @Override
    public List<Metric> run(int div) {
        int cores = Node.schedulers();
        int jobs = Math.max(cores, 8 * cores / div);
        Pid parent = self();
        long t0 = Workload.now();
        long sum = 0;
        for (int i = 0; i < jobs; i++) sum += fib(27);
        long t1 = Workload.now();
        for (int i = 0; i < jobs; i++) {
            spawn(() -> send(parent, new Fib(fib(27))));
        }
        for (int i = 0; i < jobs; i++) sum -= receive(Fib.class).value();
        long t2 = Workload.now();
        sink = sum;                     // 0: the parallel jobs computed what the sequential ones did
        return List.of(
                new Metric("parallel_cpu_ms", jobs, Metric.ms(t2 - t1), "ms"),
                new Metric("parallel_cpu_speedup", jobs, (double) (t1 - t0) / (t2 - t1), "x"));
    }

    /** The BEAM suite's fib/1: naive double recursion, no runtime calls (no reductions counted). */
    static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }
}
