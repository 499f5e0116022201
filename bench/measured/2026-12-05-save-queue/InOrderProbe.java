import static loombook.Process.*;
import loombook.*;

public class InOrderProbe {
    record Match(int k) {}
    public static void main(String[] a) throws Exception {
        try (HostProcess h = HostProcess.start("probe", GroupLeader.system())) {
            h.call(() -> {
                int m = 200_000;
                StringBuilder sb = new StringBuilder();
                for (int round = 0; round < 12; round++) {
                    for (int i = 0; i < m; i++) send(self(), new Match(i));
                    long t0 = System.nanoTime();
                    for (int i = 0; i < m; i++) receive(Match.class);
                    long t1 = System.nanoTime();
                    for (int i = 0; i < m; i++) send(self(), new Match(i));
                    long t2 = System.nanoTime();
                    for (int i = 0; i < m; i++) receive(x -> x instanceof Match mm ? mm : null);
                    long t3 = System.nanoTime();
                    if (round >= 6) sb.append(String.format("type %.1f clause %.1f | ", (t1 - t0) / (double) m, (t3 - t2) / (double) m));
                }
                System.out.println(sb);
                return null;
            });
        }
    }
}
