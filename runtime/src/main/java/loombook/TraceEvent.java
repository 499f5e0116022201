package loombook;

/**
 * What a {@link Tracer} is told: the runtime's events, in the order they happened on each process.
 * Messages the runtime itself delivers (a monitor's {@link Down}, a trapped {@link Exit}, a
 * timer's message) are {@link Sent} too; a process's {@link Exited} comes before the DOWNs and
 * exit signals its end causes.
 *
 * <pre>{@code
 * Node.tracer(event -> System.out.println(event));
 * }</pre>
 */
public sealed interface TraceEvent {
    /** When it happened, {@link System#nanoTime()}. */
    long nanos();

    /** {@code parent} spawned {@code child} ({@code parent} is null for a thread that is not a process). */
    record Spawned(long nanos, Pid parent, Pid child) implements TraceEvent {}

    /** {@code from} sent {@code message} to {@code to} ({@code from} is null for a timer or a non-process thread). */
    record Sent(long nanos, Pid from, Pid to, Object message) implements TraceEvent {}

    /**
     * {@code by} took {@code message} out of its mailbox in a receive. For a selective receive (and
     * a state loop) the time is when the clause that took it was called: its body runs inside that
     * call, so what the body sends comes after the receive.
     */
    record Received(long nanos, Pid by, Object message) implements TraceEvent {}

    /**
     * An exit signal from {@code from} ({@code null}: not a process) ended {@code to}, which did not
     * trap exits: a linked process died, or {@code exit(to, reason)} was called. The {@link Exited}
     * of {@code to} follows. A process that traps exits gets an {@link Exit} message instead, traced
     * as {@link Sent} (so is the {@link Down} a monitor delivers).
     */
    record ExitSignal(long nanos, Pid from, Pid to, Object reason) implements TraceEvent {}

    /** {@code pid} ended with {@code reason}. */
    record Exited(long nanos, Pid pid, Object reason) implements TraceEvent {}
}
