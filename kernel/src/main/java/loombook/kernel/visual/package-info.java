/**
 * Pictures of the runtime, made in a cell: message sequence diagrams of traced code
 * ({@link loombook.kernel.visual.SequenceDiagram}), process tables that refresh in place
 * ({@link loombook.kernel.visual.LiveTable}), supervision trees, live or not
 * ({@link loombook.kernel.visual.SupervisionTree}), session 8's save queue step by step
 * ({@link loombook.kernel.visual.SaveQueue}), progress bars, and the schedule that breaks a check,
 * drawn ({@link loombook.kernel.visual.RaceDiagram}) and replayed step by step
 * ({@link loombook.kernel.visual.Replay}). Each is a
 * {@link loombook.kernel.visual.Visual}: SVG or HTML with a text fallback, no JavaScript and nothing
 * from the network, the same in every frontend and in exported HTML.
 *
 * <p>The entry class is {@link loombook.kernel.visual.Visuals}, whose methods every cell imports
 * ({@code trace}, {@code liveProcesses}, {@code supervisionTree}, {@code saveQueue},
 * {@code progress}...). Traces listen to the runtime's tracer, shared among running traces by
 * {@link loombook.kernel.visual.TraceHub}; OTP's messages are told apart with the runtime's
 * {@link loombook.otp.OtpMessage}.
 *
 * <p>This floor uses display and the runtime's public API.
 *
 * <pre>{@code
 * trace(() -> {
 *     Pid p = spawn(() -> send(receive(Pid.class), "hi"));
 *     send(p, self());
 *     receive(String.class);
 * })
 * }</pre>
 */
package loombook.kernel.visual;
