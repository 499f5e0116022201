import static loombook.Process.*;
import loombook.*;
import java.util.*;

public class PairProbe {
    /**
     * Measures PAIRS ping-pong pairs doing 1,000,000 round trips in all, ROUNDS times, and prints each round's
     * rate, the steals so far and each scheduler's busy share. -Dpad=true puts -DpadLongs=N longs (default 64)
     * between the pingers' spawns; -Dsample=true prints, every 50 ms, which scheduler each pinger and ponger is on.
     */
    static final boolean PAD = Boolean.getBoolean("pad");
    static final boolean SAMPLE = Boolean.getBoolean("sample");
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
                long t0 = System.nanoTime(); var sb0 = schedulers();
                for (int i = 0; i < pairs; i++) {
                    if (PAD) pads.add(new long[Integer.getInteger("padLongs", 64)]);
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
                    if (SAMPLE && System.nanoTime() > nextSample && sb.length() < 400) {
                        nextSample += 50_000_000;
                        synchronized (ps) { for (Pid[] p : ps) { var i1 = info(p[0]); var i2 = info(p[1]); if (i1 != null && i2 != null) sb.append(i1.scheduler()).append(i2.scheduler()).append(' '); } }
                        sb.append("| ");
                    }
                }
                long t1 = System.nanoTime();
                long st = 0; var sb1 = schedulers(); for (var s : sb1) st += s.stolen();
                for (int q = 0; q < sb1.size(); q++) sb.append(String.format("S%d busy %.0f%% ", q + 1, 100.0 * (sb1.get(q).busyNanos() - sb0.get(q).busyNanos()) / (t1 - t0)));
                System.out.printf("round %d: %.0fk rt/s steals=%d  %s%n", r, 1e6 / ((t1 - t0) / 1e9) / 1e3, st, sb);
            }
            result.complete("");
        });
        result.get();
        System.exit(0);
    }
}
