/**
 * Java evaluation: one JShell with a local execution engine, so that cells run in the kernel's own
 * JVM and share memory with the runtime. It splits a cell into snippets and evaluates them in order,
 * places compile errors in the cell, maps stack frames back to cell lines
 * ({@link loombook.kernel.eval.CellFrames}), answers completion, documentation and completeness,
 * and passes every class compiled from a cell through a chain of
 * {@link loombook.kernel.eval.ClassTransformer}s: the woven check (BEAM's preemption and the cell's
 * interrupt, {@link loombook.kernel.eval.WovenCheck}) and the guard that keeps {@code System.exit}
 * from ending the kernel ({@link loombook.kernel.eval.ExitGuard}).
 *
 * <p>The entry class is {@link loombook.kernel.eval.Evaluator}, built with its
 * {@link loombook.kernel.eval.Evaluator.Builder}; outcomes are {@link loombook.kernel.eval.EvalOutcome}s.
 *
 * <p>This floor knows neither Jupyter nor the runtime: the floor above passes an
 * {@link loombook.kernel.eval.Invoker} that runs each snippet as it should (as the notebook's
 * process) and an action for the end of a time slice. It uses {@code jdk.jshell} and the JDK's
 * class-file API.
 *
 * <pre>{@code
 * try (Evaluator ev = Evaluator.builder().build()) {
 *     EvalOutcome o = ev.evaluate("int x = 6;\nx * 7", CellRef.ofCount(1));   // Success, value 42
 * }
 * }</pre>
 */
package loombook.kernel.eval;
