/**
 * The BEAM suite's workloads (spawn, spawn and exit, ping-pong, ring, fan-in, selective receive
 * behind a long mailbox, GenServer call, timeouts) on the runtime's public API, one class each,
 * with the same sizes, warm-up and output lines as the Erlang side, so that {@code bench/run.sh}
 * and {@code bench/compare.sh} can put the two side by side.
 *
 * <p>The entry class is {@link loombook.bench.Bench} ({@code Bench [--quick] [workload...]});
 * {@link loombook.bench.Workloads} lists the workloads and {@link loombook.bench.Suite} runs them.
 * Two measurements stand beside the suite: {@link loombook.bench.GenServerCallBench} (calls alone
 * in a JVM, with a sharing policy to choose) and {@link loombook.bench.WovenCheckBench} (what the
 * kernel's woven check costs snippet code; {@code bench/woven_bench.sh}). A benchmark reports; it
 * never fails on a time.
 *
 * <p>The workloads use the runtime's exported packages only (the module holds them to it); the
 * woven check's benchmark also uses the kernel's evaluator, which the kernel exports to this
 * module alone.
 *
 * <pre>
 * java -cp runtime/target/classes:bench/target/classes loombook.bench.Bench --quick pingpong ring
 * </pre>
 */
package loombook.bench;
