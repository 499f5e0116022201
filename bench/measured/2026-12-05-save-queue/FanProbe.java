import static loombook.Process.*;
import loombook.*;
import java.util.*;

public class FanProbe {
    record Msg(int k) {}
    record Done(long nanos, int schedStart, int schedEnd) {}
    public static void main(String[] a) throws Exception {
        try (HostProcess h = HostProcess.start("probe", GroupLeader.system())) {
            h.call(() -> {
                Pid me = self();
                if (a.length > 0) Node.schedulers(Integer.parseInt(a[0]));
                for (int round = 0; round < 8; round++) {
                    List<SchedulerInfo> s0 = schedulers();
                    spawn(() -> {
                        int senders = 1000, each = 1000, total = senders * each;
                        Pid receiver = self();
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
                    Done d = receive(Done.class);
                    List<SchedulerInfo> s1 = schedulers();
                    StringBuilder sb = new StringBuilder(String.format("%.1fM/s recv %d->%d", 1e6 / (d.nanos() / 1e9) / 1e6, d.schedStart(), d.schedEnd()));
                    for (int i = 0; i < s1.size(); i++) sb.append(String.format(" | s%d steals %d util %.2f", s1.get(i).id(), s1.get(i).stolen() - s0.get(i).stolen(), s1.get(i).since(s0.get(i)).utilization()));
                    System.out.println(sb);
                    Thread.sleep(200);
                }
                return null;
            });
        }
    }
}
