import static loombook.Process.*;
import loombook.*;
import java.nio.file.*;
import java.util.*;

/** parallel_cpu repeated: per round the speedup, each scheduler's steals, and the JIT compilers' CPU time during the parallel part. */
public class CpuProbe {
    record Fib(int value, int sched, long start, long end) {}
    static volatile long sink;
    static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
    static long jit() {
        long sum = 0;
        try (var ds = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : ds) {
                try {
                    String c = Files.readString(t.resolve("comm")).strip();
                    if (c.startsWith("C1 Comp") || c.startsWith("C2 Comp")) { String s = Files.readString(t.resolve("schedstat")); sum += Long.parseLong(s.substring(0, s.indexOf(' '))); }
                } catch (Exception e) {}
            }
        } catch (Exception e) {}
        return sum;
    }
    public static void main(String[] a) throws Exception {
        try (HostProcess h = HostProcess.start("probe", GroupLeader.system())) {
            Pid host = h.call(() -> self());
            for (int round = 0; round < 60; round++) {
                final int rr = round;
                h.call(() -> {
                    spawn(() -> {
                        int jobs = 16;
                        Pid parent = self();
                        long s0 = 0; for (SchedulerInfo s : schedulers(0)) s0 += s.stolen();
                        long t0 = System.nanoTime(); long sum = 0;
                        for (int i = 0; i < jobs; i++) sum += fib(27);
                        long tSeq = System.nanoTime(); long j1 = jit(); long t1 = System.nanoTime();
                        long[] sp = new long[jobs]; for (int i = 0; i < jobs; i++) { sp[i] = System.nanoTime(); spawn(() -> { long st = System.nanoTime(); int f = fib(27); send(parent, new Fib(f, Node.schedulerId(), st, System.nanoTime())); }); }
                        List<Fib> all = new ArrayList<>();
                        long tSp = System.nanoTime();
                        if (rr % 10 == 9) { StringBuilder b = new StringBuilder("   spawn i at ms:"); for (long x : sp) b.append(String.format(" %.3f", (x - t1) / 1e6)); System.out.println(b); }
                        int[] per = new int[3]; long firstStartOther = Long.MAX_VALUE, firstStart = Long.MAX_VALUE; int me = Node.schedulerId();
                        for (int i = 0; i < jobs; i++) { Fib f = receive(Fib.class); all.add(f); sum -= f.value(); per[f.sched()]++; firstStart = Math.min(firstStart, f.start()); if (f.sched() != me) firstStartOther = Math.min(firstStartOther, f.start()); }
                        long t2 = System.nanoTime(); long j2 = jit();
                        long s1 = 0; for (SchedulerInfo s : schedulers(0)) s1 += s.stolen();
                        sink = sum;
                        System.out.printf("round %2d: seq %5.2f ms par %5.2f ms speedup %.2f | parent on %d, jobs per scheduler %d/%d, spawned +%.2f, first start +%.2f, other's first start +%.2f ms, steals %d | JIT cpu during par %.2f ms%n",
                            rr, (tSeq - t0) / 1e6, (t2 - t1) / 1e6, (double) (tSeq - t0) / (t2 - t1), me, per[1], per[2], (tSp - t1) / 1e6, (firstStart - t1) / 1e6, firstStartOther == Long.MAX_VALUE ? -1 : (firstStartOther - t1) / 1e6, s1 - s0, (j2 - j1) / 1e6);
                        if (rr % 10 == 9) { all.sort(Comparator.comparingLong(Fib::start)); StringBuilder b = new StringBuilder("   jobs (sched: start-end ms):"); for (Fib f : all) b.append(String.format(" %d:%.1f-%.1f", f.sched(), (f.start() - t1) / 1e6, (f.end() - t1) / 1e6)); System.out.println(b); }
                        send(host, "done");
                    });
                    receive(String.class);
                    return null;
                });
                Thread.sleep(50);
            }
        }
    }
}
