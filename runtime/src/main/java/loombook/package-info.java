/**
 * Erlang's processes on Java's virtual threads: spawn, send, selective receive with timeouts, state
 * loops, links, monitors and exit signals, registered names, timers, group leaders, introspection
 * and tracing, with BEAM's fair scheduling by reductions.
 *
 * <p>The entry class is {@link loombook.Process}: its static methods are what a program or a
 * notebook cell calls ({@code spawn}, {@code send}, {@code receive}, {@code loop}, {@code link},
 * {@code monitor}, {@code exit}, {@code sendAfter}, {@code info}...); a notebook imports them all.
 * Around it: the values they take and give ({@link loombook.Pid}, {@link loombook.Ref},
 * {@link loombook.Down}, {@link loombook.Exit}, {@link loombook.Reason}, {@link loombook.Step},
 * {@link loombook.ProcessInfo}), the runtime as a whole and its settings ({@link loombook.Node}),
 * and the two ways a host embeds it: {@link loombook.GroupLeader} (where a process's output and
 * crash reports go) and {@link loombook.HostProcess} (code that runs as a process on a thread the
 * runtime does not own, as a notebook's cells do). {@link loombook.Races} runs a scenario's
 * processes under a scheduler it controls and explores their interleavings
 * ({@link loombook.Exploration}, {@link loombook.Schedule}: decision record 0008).
 *
 * <pre>{@code
 * record Ping(Pid from) {}
 *
 * Pid echo = spawn(() -> loop(0, (n, m) -> switch (m) {
 *     case Ping(var from) -> { send(from, "pong " + (n + 1)); yield next(n + 1); }
 *     default -> skip();
 * }));
 * send(echo, new Ping(self()));
 * receive(String.class)                // "pong 1"
 * }</pre>
 *
 * <p>This package uses nothing but {@code java.base}. Where Java made it differ from Erlang, the
 * decision records {@code docs/decisions/0001} to {@code 0008} say what and why. Its classes other
 * than the public ones ({@code Proc}, {@code Mailbox}, {@code Timers}, {@code Scheduling}...) are
 * the machinery, package-private.
 */
package loombook;
