import static loombook.Process.*;
import loombook.*;
import java.util.*;

/** 100,000 x sleep(10) as the suite's timeout, with the lateness by when the process woke (10 ms slots of the timeline). */
public class TimeoutProbe {
    record Waited(long spawned, long started, long woke) {}
    public static void main(String[] a) throws Exception {
        int rounds = Integer.parseInt(a.length > 0 ? a[0] : "6");
        try (HostProcess h = HostProcess.start("probe", GroupLeader.system())) {
            h.call(() -> {
                Pid host = self();
                for (int round = 0; round < rounds; round++) {
                  final int rr = round;
                  spawn(() -> {
                    int n = 100_000;
                    Pid parent = self();
                    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
                    var tm = java.lang.management.ManagementFactory.getThreadMXBean();
                    Map<String, Long> th0 = new TreeMap<>();
                    for (Thread t : Thread.getAllStackTraces().keySet()) th0.put(t.getName() + "#" + t.threadId(), tm.getThreadCpuTime(t.threadId()));
                    long cpu0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        long sp = System.nanoTime();
                  spawn(() -> { long s = System.nanoTime(); sleep(10); send(parent, new Waited(sp, s, System.nanoTime())); });
                    }
                    long tSpawned = System.nanoTime();
                    long[] late = new long[40], cnt = new long[40], startDelay = new long[40], maxLate = new long[40];
                    long sum = 0, max = 0;
                    for (int i = 0; i < n; i++) {
                        Waited w = receive(Waited.class);
                        long wait = w.woke() - w.started();
                        sum += wait; max = Math.max(max, wait);
                        int slot = (int) Math.min(39, (w.woke() - t0) / 5_000_000);
                        cnt[slot]++; late[slot] += wait - 10_000_000; maxLate[slot] = Math.max(maxLate[slot], wait - 10_000_000);
                        startDelay[slot] += w.started() - w.spawned();
                    }
                    long t1 = System.nanoTime();
                    long cpu1 = os.getProcessCpuTime();
                    StringBuilder thr = new StringBuilder("   threads' cpu ms:");
                    for (Thread t : Thread.getAllStackTraces().keySet()) { Long c0 = th0.get(t.getName() + "#" + t.threadId()); long c = tm.getThreadCpuTime(t.threadId()); if (c0 != null && c - c0 > 1_000_000) thr.append(String.format(" %s=%.1f", t.getName(), (c - c0) / 1e6)); }
                    StringBuilder b = new StringBuilder(String.format("round %d: spawned in %.1f ms, total %.1f ms, mean %.2f max %.2f ms, cpu %.2f cores%n",
                        rr, (tSpawned - t0) / 1e6, (t1 - t0) / 1e6, sum / 1e6 / n, max / 1e6, (cpu1 - cpu0) / (double) (t1 - t0)));
                    for (int s = 0; s < 40; s++) if (cnt[s] > 0) b.append(String.format("   woke %3d-%3d ms: %6d  late mean %5.2f max %5.2f  (their start delay %5.2f)%n", s * 5, s * 5 + 5, cnt[s], late[s] / 1e6 / cnt[s], maxLate[s] / 1e6, startDelay[s] / 1e6 / cnt[s]));
                    System.out.print(b);
                    System.out.println(thr);
                    send(host, "done");
                  });
                  receive(String.class);
                  System.gc();
                }
                return null;
            });
        }
    }
}
