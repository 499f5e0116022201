/**
 * OTP's behaviours on Loombook's processes, with the names an Elixir programmer knows:
 * {@link loombook.otp.GenServer}, {@link loombook.otp.GenStateMachine},
 * {@link loombook.otp.Supervisor}, {@link loombook.otp.DynamicSupervisor},
 * {@link loombook.otp.Registry}, {@link loombook.otp.Task} (and {@code Task.Supervisor}),
 * {@link loombook.otp.Agent}, {@link loombook.otp.Ets} tables and {@link loombook.otp.Sys}.
 * In a Loombook notebook this package is imported, as are {@code loombook.*} and
 * {@code static loombook.Process.*}.
 *
 * <p>There is no single entry class: a behaviour is a class you extend ({@code GenServer},
 * {@code GenStateMachine}) or a set of static functions ({@code Supervisor.start},
 * {@code Agent.start}, {@code Task.async}, {@code Ets.newTable}), each with its Javadoc opening on
 * an example that runs in a cell. Their results and messages are records ({@code GenServer.Init},
 * {@code ChildSpec}, {@code CallExit}, {@code StartFailed}); {@link loombook.otp.OtpMessage} tells
 * their protocol messages apart for tools that show mailboxes.
 *
 * <pre>{@code
 * Agent<Integer> counter = Agent.start(() -> 0);
 * Agent.update(counter, n -> n + 1);
 * Agent.get(counter, n -> n)           // 1
 * }</pre>
 *
 * <p>Everything here stands on the runtime's public API ({@code loombook}: spawn, send, receive,
 * links, monitors, timers), as a student's own code does; the machinery behind the behaviours (the
 * loops, the call protocol, the supervisors' servers) is in {@code loombook.otp.internal}, which
 * the module does not export. Where Java made OTP's semantics need a different shape, the decision
 * records {@code docs/decisions/0200} to {@code 0205} say what and why.
 */
package loombook.otp;
