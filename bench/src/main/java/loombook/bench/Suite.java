package loombook.bench;

import static loombook.Process.receive;
import static loombook.Process.self;
import static loombook.Process.send;
import static loombook.Process.sleep;
import static loombook.Process.spawnMonitor;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import loombook.Down;
import loombook.Monitored;
import loombook.Node;
import loombook.Pid;

/**
 * The driver, the BEAM suite's {@code run_workload/2}: one discarded warm-up run at a tenth of the
 * size, then {@code runs} measured runs, each in a fresh process spawned by the caller (which must
 * be a process itself: {@link Bench} runs it in a {@link loombook.HostProcess}). Prints a
 * {@code # run=} comment per run and per metric, then one {@code workload=} line per metric.
 */
final class Suite {
    /** How long one run may take before the suite gives up (the BEAM suite's 60 s). */
    static final long RUN_TIMEOUT_MS = 60_000;

    private final PrintStream out;
    private final int runs;
    private final int baseProcesses;

    /** A run's result, sent by the process that ran it to the driver. */
    record Result(Pid from, List<Metric> metrics) {}

    /** A run that crashed or timed out. */
    static final class RunFailed extends RuntimeException {
        RunFailed(String message) {
            super(message);
        }
    }

    Suite(PrintStream out, int runs) {
        this.out = out;
        this.runs = runs;
        this.baseProcesses = Node.processCount();
    }

    /** Runs a workload at size 1/{@code div}: warm-up at 1/(10 div), then the measured runs. */
    void run(Workload w, int div) {
        runIsolated(w, div * 10);
        List<List<Metric>> all = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            List<Metric> r = runIsolated(w, div);
            for (Metric m : r) {
                out.printf("# run=%d workload=%s n=%d value=%s unit=%s%n", i, m.name(), m.n(), fmt(m.value()), m.unit());
            }
            out.flush();
            all.add(r);
        }
        for (Metric first : all.getFirst()) {
            List<Double> values = new ArrayList<>();
            for (List<Metric> r : all) {
                for (Metric m : r) {
                    if (m.name().equals(first.name())) values.add(m.value());
                }
            }
            out.println(line(first.name(), first.n(), first.unit(), values));
        }
        out.flush();
    }

    /** One run in a fresh process; its result, once that process has ended. */
    List<Metric> runIsolated(Workload w, int div) {
        settle();
        Pid driver = self();
        Monitored m = spawnMonitor(() -> send(driver, new Result(self(), List.copyOf(w.run(div)))));
        Object r = receive(msg -> switch (msg) {
            case Result(Pid from, List<Metric> metrics) when from.equals(m.pid()) -> metrics;
            case Down(var ref, var pid, var reason) when ref.equals(m.ref()) -> reason;
            default -> null;
        }, RUN_TIMEOUT_MS, () -> null);
        if (r == null) throw new RunFailed(w.name() + ": timed out after " + RUN_TIMEOUT_MS + " ms");
        if (!(r instanceof List<?> list)) throw new RunFailed(w.name() + ": " + r);
        receive(msg -> msg instanceof Down d && d.ref().equals(m.ref()) ? d : null);
        @SuppressWarnings("unchecked")
        List<Metric> metrics = (List<Metric>) list;
        return metrics;
    }

    /**
     * Waits until the processes of the previous run have gone (back to the count the suite started
     * with), then collects the garbage they left, so that no run pays for the one before.
     */
    private void settle() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (Node.processCount() > baseProcesses && System.nanoTime() < deadline) {
            sleep(5);
        }
        int strays = Node.processCount() - baseProcesses;
        if (strays > 0) out.println("# warning: " + strays + " processes of the previous run are still alive");
        System.gc();
    }

    /** The BEAM suite's report/4. */
    static String line(String name, long n, String unit, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        double med = sorted.get((sorted.size() + 1) / 2 - 1);
        double min = sorted.getFirst(), max = sorted.getLast();
        double spread = med == 0 ? 0.0 : (max - min) / Math.abs(med) * 100;
        List<String> rs = new ArrayList<>();
        for (double v : values) rs.add(fmt(v));
        return String.format(Locale.ROOT, "workload=%s n=%d value=%s unit=%s min=%s max=%s spread_pct=%.1f runs=%s",
                name, n, fmt(med), unit, fmt(min), fmt(max), spread, String.join(",", rs));
    }

    /** The BEAM suite's fmt/1 for floats: rounded from 1,000 up, else at most 3 decimals (at least 1). */
    static String fmt(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return String.valueOf(v);
        if (Math.abs(v) >= 1000) return Long.toString(Math.round(v));
        String s = new BigDecimal(v).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        return s.contains(".") ? s : s + ".0";
    }
}
