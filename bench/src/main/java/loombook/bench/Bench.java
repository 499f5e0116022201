package loombook.bench;

import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import loombook.GroupLeader;
import loombook.HostProcess;
import loombook.Node;

/**
 * Loombook's half of the side-by-side benchmarks: the BEAM benchmark suite's {@code beam_bench.erl} on
 * Loombook's public API, printing the same lines. Usage:
 *
 * <pre>
 * java -cp ... loombook.bench.Bench [--quick] [workload ...]
 * </pre>
 *
 * {@code RUNS} (environment) sets the measured runs per workload, 3 by default. Run it through
 * {@code bench/run.sh}, which uses the project's JVM flags and runs the BEAM suite alongside.
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs the suite as {@link #main} does; returns the exit status. */
    static int run(String[] args, PrintStream out) {
        boolean quick = false;
        List<String> names = new ArrayList<>();
        for (String a : args) {
            if (a.isEmpty()) continue;
            if (a.equals("--quick") || a.equals("quick")) quick = true;
            else if (a.startsWith("-")) {
                out.println("# ERROR unknown option " + a + "; usage: Bench [--quick] [workload ...]");
                return 2;
            } else names.add(a);
        }
        int runs = Integer.parseInt(System.getenv().getOrDefault("RUNS", "3"));
        int div = quick ? 10 : 1;
        out.println(header(quick));
        Map<String, Workload> byName = Workloads.ALL.stream()
                .collect(Collectors.toMap(Workload::name, Function.identity()));
        List<Workload> selected = new ArrayList<>();
        for (String n : names.isEmpty() ? Workloads.BEAM_ORDER : names) {
            Workload w = byName.get(n);
            if (w != null) selected.add(w);
            else if (Workloads.BEAM_ORDER.contains(n)) out.println("# workload=" + n + " not implemented on Loombook yet");
            else {
                out.println("# ERROR unknown workload " + n + "; known: " + Workloads.BEAM_ORDER);
                return 2;
            }
        }
        try (HostProcess driver = HostProcess.start("bench", GroupLeader.system())) {
            Suite suite = new Suite(out, runs);
            for (Workload w : selected) {
                try {
                    driver.run(() -> suite.run(w, div));
                } catch (Suite.RunFailed e) {
                    out.println("# ERROR " + e.getMessage());
                    out.flush();
                    return 1;
                }
            }
        }
        return 0;
    }

    static String header(boolean quick) {
        Runtime rt = Runtime.getRuntime();
        String gcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).map(s -> s.replace(' ', '_')).collect(Collectors.joining(","));
        return "# suite=loombook java_version=" + System.getProperty("java.version")
                + " vm=" + System.getProperty("java.vm.name").replace(' ', '_')
                + " gc=" + gcs
                + " schedulers=" + Node.schedulers()
                + " available_processors=" + rt.availableProcessors()
                + " max_heap_mb=" + rt.maxMemory() / (1024 * 1024)
                + " jvm_flags=" + String.join(",", ManagementFactory.getRuntimeMXBean().getInputArguments())
                + " quick=" + quick
                + "\n# " + Node.schedulerDescription();
    }
}
