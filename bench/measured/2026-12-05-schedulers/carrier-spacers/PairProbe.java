import static loombook.Process.*;
import loombook.*;
import java.util.*;

public class PairProbe {
    static final boolean PAD = Boolean.getBoolean("pad");
    static final List<Object> pads = new ArrayList<>();
    record Ping(Pid from) {}
    record Pong() {}
    record Stop() {}
    record Done() {}
    static void pong() {
        for (;;) {
            Object m = receive();
            if (m instanceof Ping(Pid from)) send(from, new Pong()); else return;
        }
    }
    public static void main(String[] a) throws Exception {
        int pairs = Integer.parseInt(a[0]);
        int rounds = Integer.parseInt(a[1]);
        var result = new java.util.concurrent.CompletableFuture<String>();
        spawn(() -> {
            for (int r = 0; r < rounds; r++) {
                Pid parent = self();
                int per = 1_000_000 / pairs;
                List<Pid[]> ps = Collections.synchronizedList(new ArrayList<>());
                long t0 = System.nanoTime();
                for (int i = 0; i < pairs; i++) {
                    if (PAD) pads.add(new long[64]);
                    spawn(() -> {
                        Pid ponger = spawn(PairProbe::pong);
                        ps.add(new Pid[]{self(), ponger});
                        for (int k = 0; k < per; k++) { send(ponger, new Ping(self())); receive(Pong.class); }
                        send(ponger, new Stop());
                        send(parent, new Done());
                    });
                }
                StringBuilder sb = new StringBuilder();
                int got = 0; long nextSample = System.nanoTime() + 20_000_000;
                while (got < pairs) {
                    Object m = receive((Object x) -> x, 5, () -> "t");
                    if (m instanceof Done) got++;
                    if (false) {
                        nextSample += 50_000_000;
                        synchronized (ps) { for (Pid[] p : ps) { var i1 = info(p[0]); var i2 = info(p[1]); if (i1 != null && i2 != null) sb.append(i1.scheduler()).append(i2.scheduler()).append(' '); } }
                        sb.append("| ");
                    }
                }
                long t1 = System.nanoTime();
                long st = 0; for (var s : schedulers()) st += s.stolen();
                System.out.printf("round %d: %.0fk rt/s steals=%d  %s%n", r, 1e6 / ((t1 - t0) / 1e9) / 1e3, st, sb);
            }
            result.complete("");
        });
        result.get();
        System.exit(0);
    }
}
