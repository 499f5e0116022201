import static loombook.Process.*;
import loombook.*;
import java.util.*;

class ProcessInfoProbe {
    static volatile Pid receiver;
    static String recvStatus() { Pid r = receiver; if (r == null) return "-"; ProcessInfo i = loombook.Process.info(r); return i == null ? "dead" : i.status() + " mb" + (i.messageQueueLength() == 0 ? "0" : i.messageQueueLength() < 1000 ? "<1k" : "+"); }
}
/**
 * Fan-in outside the suite: 1,000 senders x 1,000 messages to a spawned receiver, 8 rounds in one
 * JVM; per round the rate, where the receiver started and ended, each scheduler's steals and
 * utilization (schedulers(0): instant snapshots), and the process's and the carriers' CPU time per
 * wall-clock second. Args: [schedulers] [loop] (loop: the suite's state loop, else receive(Msg.class)).
 * Run with and without -XX:+AlwaysPreTouch to see the first touches of a fresh young generation.
 */
public class FanProbe {
    record Msg(int k) {}
    record Done(long nanos, int schedStart, int schedEnd) {}
    public static void main(String[] a) throws Exception {
        try (HostProcess h = HostProcess.start("probe", GroupLeader.system())) {
            h.call(() -> {
                Pid me = self();
                if (a.length > 0) Node.schedulers(Integer.parseInt(a[0]));
                for (int round = 0; round < 16; round++) {
                    List<SchedulerInfo> s0 = schedulers(0);
                    spawn(() -> {
                        int senders = 1000, each = 1000, total = senders * each;
                        Pid receiver = self();
                        ProcessInfoProbe.receiver = receiver;
                        int start = Node.schedulerId();
                        long t0 = System.nanoTime();
                        for (int s = 0; s < senders; s++) spawn(() -> { for (int k = each; k > 0; k--) send(receiver, new Msg(k)); });
                        if (a.length > 1) loop(total, (left, msg) -> switch (msg) {
                            case Msg m when left == 1 -> stop(0);
                            case Msg m -> next(left - 1);
                            default -> skip();
                        });
                        else for (int i = 0; i < total; i++) receive(Msg.class);
                        send(me, new Done(System.nanoTime() - t0, start, Node.schedulerId()));
                    });
                    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
                    var tm = java.lang.management.ManagementFactory.getThreadMXBean();
                    long[] ids = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("loombook-scheduler")).mapToLong(Thread::threadId).toArray();
                    long c0 = 0; for (long id : ids) c0 += tm.getThreadCpuTime(id);
                    long cpu0 = os.getProcessCpuTime(), w0 = System.nanoTime();
                    Done d = receive(Done.class);
                    long cpu1 = os.getProcessCpuTime(), w1 = System.nanoTime();
                    long c1 = 0; for (long id : ids) c1 += tm.getThreadCpuTime(id);
                    String hist = String.format("cpu/wall %.2f cores, carriers %.2f", (cpu1 - cpu0) / (double) (w1 - w0), (c1 - c0) / (double) (w1 - w0));
                    List<SchedulerInfo> s1 = schedulers(0);
                    StringBuilder sb = new StringBuilder(String.format("%.1fM/s recv %d->%d", 1e6 / (d.nanos() / 1e9) / 1e6, d.schedStart(), d.schedEnd()));
                    for (int i = 0; i < s1.size(); i++) sb.append(String.format(" | s%d steals %d util %.2f", s1.get(i).id(), s1.get(i).stolen() - s0.get(i).stolen(), s1.get(i).since(s0.get(i)).utilization()));
                    System.out.println(sb + "  " + hist);
                    Thread.sleep(200);
                }
                return null;
            });
        }
    }
}
