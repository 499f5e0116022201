import java.lang.management.ManagementFactory;
import java.lang.reflect.*;
import java.util.*;
import loombook.*;
import loombook.Process;

/**
 * Runs a bench workload (PingPong: 1M round trips; Ring: 1M hops over 10,000 processes) in a fresh
 * process each time, as bench's Suite does; prints its own figure and the process CPU time per
 * operation (round trip or hop) of the whole run.
 *   java ... CpuWorkload PingPong|Ring WARM RUNS
 */
public class CpuWorkload {
    public static void main(String[] args) throws Exception {
        String name = args[0];
        int warm = Integer.parseInt(args[1]), runs = Integer.parseInt(args[2]);
        Class<?> c = Class.forName("loombook.bench." + name);
        Constructor<?> k = c.getDeclaredConstructor();
        k.setAccessible(true);
        Object w = k.newInstance();
        Method run = c.getDeclaredMethod("run", int.class);
        run.setAccessible(true);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (HostProcess h = HostProcess.start("bench", GroupLeader.system())) {
            h.call(() -> {
                for (int i = 0; i < warm + runs; i++) {
                    long cpu0 = os.getProcessCpuTime();
                    Object[] metrics = new Object[1];
                    Monitored m = Process.spawnMonitor(() -> {
                        try { metrics[0] = run.invoke(w, 1); } catch (ReflectiveOperationException e) { throw new RuntimeException(e); }
                    });
                    Process.receive(Down.class);
                    long cpu = os.getProcessCpuTime() - cpu0;
                    String first = String.valueOf(((List<?>) metrics[0]).get(0));
                    if (i >= warm) System.out.printf(Locale.ROOT, "workload=%s cpu_ns_per_op=%.1f metric=%s%n", name, cpu / 1e6, first.replace(' ', '_'));
                }
                return null;
            });
        }
        System.exit(0);
    }
}
