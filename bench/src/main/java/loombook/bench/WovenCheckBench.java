package loombook.bench;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import loombook.GroupLeader;
import loombook.HostProcess;
import loombook.kernel.eval.CellRef;
import loombook.kernel.eval.CellStop;
import loombook.kernel.eval.ClassTransformer;
import loombook.kernel.eval.EvalOutcome;
import loombook.kernel.eval.Evaluator;

/**
 * What the woven check costs: the same snippet code, compiled by JShell, timed in three kernels'
 * evaluators side by side in one JVM (run it with the kernel's JVM flags: {@code bench/woven_bench.sh}).
 *
 * <ul>
 *   <li>{@code none}: nothing woven (no interrupt of a spinning cell, no preemption, no kill);
 *   <li>{@code stop}: the kernel before the fairness design (decision 0300), a {@code CellStop.check()}
 *       before every back edge;
 *   <li>{@code woven}: the kernel's reductions check ({@code ReductionWeaver}, which also carries the stop).
 * </ul>
 *
 * Each workload runs in a cell (as the notebook's process) and in a spawned process, several rounds
 * interleaved; each evaluator is made {@code COPIES} times so that the placement of one compiled loop
 * does not decide a variant's figure. Prints medians of ns per operation and the ratios.
 *
 * <pre>java [kernel flags] -cp bench/target/classes:kernel/target/classes:kernel/target/lib/* \
 *     loombook.bench.WovenCheckBench [rounds] [copies]</pre>
 */
public final class WovenCheckBench {
    /** A workload: its definitions, the expression that runs it once, and how many operations that is. */
    record Workload(String name, String what, String call, long ops) {}

    static final String DEFINITIONS = """
            long sink;
            long sumTo(long n) { long s = 0; for (long i = 0; i < n; i++) s += i; return s; }
            long countInts(int n) { int c = 0; for (int i = 0; i < n; i++) if ((i & 7) == 3) c++; return c; }
            int[] data = new java.util.Random(42).ints(10_000, 0, 1000).toArray();
            long arraySum(int reps) { long s = 0; for (int r = 0; r < reps; r++) for (int x : data) s += x; return s; }
            long collatz(long upTo) { long steps = 0; for (long k = 1; k < upTo; k++) { long x = k; while (x != 1) { x = (x & 1) == 0 ? x >> 1 : 3 * x + 1; steps++; } } return steps; }
            long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
            long spinUntil(long deadline) { long turns = 0; while (true) { turns++; if ((turns & 0xFFFF) == 0 && System.nanoTime() > deadline) return turns; } }
            long timeIt(java.util.function.LongSupplier w) { long t0 = System.nanoTime(); sink += w.getAsLong(); return System.nanoTime() - t0; }
            long inProcess(java.util.function.LongSupplier w) { Pid me = self(); spawn(() -> send(me, timeIt(w))); return receive(Long.class); }
            """;

    static final List<Workload> WORKLOADS = List.of(
            new Workload("sum", "for (long i...) s += i", "sumTo(200_000_000L)", 200_000_000L),
            new Workload("count", "for (int i...) if ((i & 7) == 3) c++", "countInts(200_000_000)", 200_000_000L),
            new Workload("array", "for (int x : data) s += x", "arraySum(20_000)", 200_000_000L),
            new Workload("collatz", "nested while, 3x+1", "collatz(300_000L)", 32_525_152L),
            new Workload("fib", "recursive calls (entries only)", "fib(32)", 7_049_155L));

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int copies = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path runtime = Path.of(loombook.Process.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> variants = List.of("none", "stop", "woven");
        Map<String, List<Bench>> benches = new LinkedHashMap<>();
        for (String v : variants) {
            List<Bench> list = new ArrayList<>();
            for (int c = 0; c < copies; c++) list.add(new Bench(v, runtime));
            benches.put(v, list);
        }
        System.out.printf(Locale.ROOT, "# woven check bench: %d rounds x %d copies per variant; JVM flags %s%n", rounds, copies,
                String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
        for (String where : List.of("cell", "process")) {
            for (Workload w : WORKLOADS) {
                Map<String, double[]> samples = new LinkedHashMap<>();
                for (String v : variants) samples.put(v, new double[rounds * copies]);
                for (Bench b : allOf(benches)) b.time(w, where);              // warm-up (C1 compiles the loops)
                for (int r = 0; r < rounds; r++) {
                    for (int c = 0; c < copies; c++) {
                        for (String v : variants) {
                            samples.get(v)[r * copies + c] = benches.get(v).get(c).time(w, where) / (double) w.ops();
                        }
                    }
                }
                double none = median(samples.get("none")), stop = median(samples.get("stop")), woven = median(samples.get("woven"));
                System.out.printf(Locale.ROOT, "%-7s %-8s %-40s none %7.3f  stop %7.3f  woven %7.3f ns/op   woven/none %+6.1f%%  woven/stop %+6.1f%%%n",
                        where, w.name(), w.what(), none, stop, woven, (woven / none - 1) * 100, (woven / stop - 1) * 100);
            }
        }
        for (List<Bench> l : benches.values()) for (Bench b : l) b.close();
        System.exit(0);
    }

    static List<Bench> allOf(Map<String, List<Bench>> m) {
        List<Bench> all = new ArrayList<>();
        m.values().forEach(all::addAll);
        return all;
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** One evaluator with one weaving variant, running as its own host process. */
    static final class Bench implements AutoCloseable {
        final Evaluator ev;
        final HostProcess host = HostProcess.start("bench", GroupLeader.system());

        Bench(String variant, Path runtime) {
            Evaluator.Builder b = Evaluator.builder()
                    .classpath(List.of(runtime))
                    .imports(List.of("import loombook.*;", "import static loombook.Process.*;"))
                    .invoker(host::call)
                    .log(m -> System.err.println(variant + ": " + m))
                    .onTimeSlice(loombook.Reductions::endTimeSlice)
                    .weave(variant.equals("woven"));
            if (variant.equals("stop")) b.transformer(new StopOnly(WovenCheckBench.class.getClassLoader()));
            ev = b.build();
            EvalOutcome o = ev.evaluate(DEFINITIONS, CellRef.ofCount(1));
            if (!(o instanceof EvalOutcome.Success)) throw new IllegalStateException(variant + ": " + o);
        }

        long time(Workload w, String where) {
            String code = where.equals("cell") ? "timeIt(() -> " + w.call() + ")" : "inProcess(() -> " + w.call() + ")";
            EvalOutcome o = ev.evaluate(code, CellRef.ofCount(2));
            if (o instanceof EvalOutcome.Success s && s.value() instanceof Long ns) return ns;
            throw new IllegalStateException(w.name() + ": " + o);
        }

        @Override
        public void close() {
            ev.close();
            host.close();
        }
    }

    /** The kernel's weaving before the fairness design: {@code CellStop.check()} before every backward jump. */
    static final class StopOnly implements ClassTransformer {
        private static final ClassDesc CELL_STOP = ClassDesc.of(CellStop.class.getName());
        private final ClassFile classFile;

        StopOnly(ClassLoader loader) {
            this.classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                    ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(loader))));
        }

        @Override
        public byte[] transform(String className, byte[] classBytes) {
            return classFile.transformClass(classFile.parse(classBytes), ClassTransform.transformingMethodBodies(CodeTransform.ofStateful(() -> {
                Set<Label> seen = new HashSet<>();
                return (b, e) -> {
                    if (e instanceof LabelTarget t) seen.add(t.label());
                    else if (e instanceof BranchInstruction br && seen.contains(br.target())) {
                        b.invokestatic(CELL_STOP, "check", MethodTypeDesc.of(ConstantDescs.CD_void));
                    }
                    b.with(e);
                };
            })));
        }
    }
}
