import java.lang.management.ManagementFactory;
import java.lang.reflect.*;
import java.util.*;
import loombook.*;
import loombook.Process;

/** Runs the bench's pingpong workload (1M round trips) in a fresh process each time, as bench's Suite does; prints wall and process-CPU ns per round trip. */
public class CpuPingPong {
    public static void main(String[] args) throws Exception {
        int warm = Integer.parseInt(args[0]), runs = Integer.parseInt(args[1]);
        Class<?> c = Class.forName("loombook.bench.PingPong");
        Constructor<?> k = c.getDeclaredConstructor();
        k.setAccessible(true);
        Object w = k.newInstance();
        Method run = c.getDeclaredMethod("run", int.class);
        run.setAccessible(true);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (HostProcess h = HostProcess.start("bench", GroupLeader.system())) {
            h.call(() -> {
                for (int i = 0; i < warm + runs; i++) {
                    long cpu0 = os.getProcessCpuTime(), t0 = System.nanoTime();
                    Monitored m = Process.spawnMonitor(() -> {
                        try { run.invoke(w, 1); } catch (ReflectiveOperationException e) { throw new RuntimeException(e); }
                    });
                    Process.receive(Down.class);
                    long wall = System.nanoTime() - t0, cpu = os.getProcessCpuTime() - cpu0;
                    if (i >= warm) System.out.printf(Locale.ROOT, "wall_ns_per_rt=%.1f cpu_ns_per_rt=%.1f%n", wall / 1e6, cpu / 1e6);
                }
                return null;
            });
        }
        System.exit(0);
    }
}
