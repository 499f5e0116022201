package loombook.bench;

import static loombook.Process.info;
import static loombook.Process.receive;
import static loombook.Process.send;
import static loombook.Process.sleep;
import static loombook.Process.spawn;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;

import loombook.Node;
import loombook.Pid;
import loombook.ProcessInfo;

/**
 * spawn: N processes that block in receive waiting for {@code Stop}.
 * <ul>
 * <li>{@code spawn}: N / time until all exist and wait in receive;
 * <li>{@code spawn_mem}: growth of heap used (after a full GC) / N;
 * <li>{@code spawn_mem_process_info}: what {@code info(pid).memory()} estimates for one of them;
 * <li>{@code spawn_teardown}: send {@code Stop} to all, until all are gone.
 * </ul>
 *
 * <p>"All wait in receive": the BEAM suite waits until its run queues are empty. Loombook's public
 * API has no run queue, so this waits until the last process spawned is {@code WAITING} (the
 * virtual-thread scheduler runs new threads in order), then checks all of them outside the timing.
 */
final class SpawnIdle implements Workload {
    record Stop() {}

    @Override
    public String name() {
        return "spawn";
    }

    @Override
    public List<Metric> run(int div) {
        int n = 1_000_000 / div;
        // the driver's own growth (the array of pids) is allocated before the baseline, so the
        // difference is the processes alone, as the BEAM suite subtracts its own growth
        Pid[] pids = new Pid[n];
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        int pc0 = Node.processCount();
        System.gc();
        long m0 = mem.getHeapMemoryUsage().getUsed();

        long t0 = Workload.now();
        for (int i = 0; i < n; i++) {
            pids[i] = spawn(() -> receive(m -> m instanceof Stop ? m : null));
        }
        while (!waiting(pids[n - 1])) sleep(1);
        long t1 = Workload.now();

        int late = 0;
        for (Pid p : pids) {
            if (!waiting(p)) late++;
        }
        System.gc();
        long m1 = mem.getHeapMemoryUsage().getUsed();
        long oneProc = info(pids[0]).memory();

        long t2 = Workload.now();
        Stop stop = new Stop();
        for (Pid p : pids) send(p, stop);
        while (Node.processCount() > pc0) sleep(1);
        long t3 = Workload.now();

        if (late > 0) System.out.println("# spawn: " + late + " of " + n + " processes were not yet waiting when timed");
        return List.of(
                Metric.perSec("spawn", n, t1 - t0, "procs/s"),
                new Metric("spawn_mem", n, (double) (m1 - m0) / n, "bytes/proc"),
                new Metric("spawn_mem_process_info", 1, oneProc, "bytes/proc"),
                new Metric("spawn_teardown", n, Metric.ms(t3 - t2), "ms"));
    }

    private static boolean waiting(Pid p) {
        ProcessInfo i = info(p);
        return i != null && i.status() == ProcessInfo.Status.WAITING;
    }
}
