/**
 * OTP's behaviours on Loombook's processes, with the names an Elixir programmer knows:
 * {@link loombook.otp.GenServer}, {@link loombook.otp.GenStateMachine},
 * {@link loombook.otp.Supervisor}, {@link loombook.otp.DynamicSupervisor},
 * {@link loombook.otp.Registry}, {@link loombook.otp.Task} (and {@code Task.Supervisor}),
 * {@link loombook.otp.Agent}, {@link loombook.otp.Ets} tables and {@link loombook.otp.Sys}.
 * In a Loombook notebook this package is imported, as are {@code loombook.*} and
 * {@code static loombook.Process.*}.
 *
 * <pre>{@code
 * Agent<Integer> counter = Agent.start(() -> 0);
 * Agent.update(counter, n -> n + 1);
 * Agent.get(counter, n -> n);          // 1
 * }</pre>
 *
 * <p>Everything here stands on the runtime's public API (spawn, send, receive, links, monitors,
 * timers), as a student's own code does; where Java made OTP's semantics need a different shape,
 * the decision records under {@code docs/decisions/02xx-*.md} say what and why.
 */
package loombook.otp;
