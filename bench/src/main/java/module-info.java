/**
 * The benchmarks: the BEAM suite's workloads on the runtime's public API ({@link loombook.bench.Bench},
 * what {@code bench/run.sh} runs), and two measurements of their own ({@code GenServerCallBench},
 * {@code WovenCheckBench}). As a module, the compiler holds them to what the runtime exports: a
 * workload measures what a student's code can do, nothing internal. The one exception is named:
 * the kernel lets the woven check's benchmark build its evaluators.
 */
module loombook.bench {
    requires loombook.runtime;
    requires loombook.kernel;
    requires java.management;
}
