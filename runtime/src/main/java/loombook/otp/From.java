package loombook.otp;

import java.util.Objects;

import loombook.Pid;
import loombook.Ref;
import loombook.otp.internal.Calls;

/**
 * Who is waiting for the answer to a call: Elixir's {@code from}, the second argument of
 * {@code handle_call/3} and of a {@link GenStateMachine.Call} event. It holds the caller's pid and
 * the tag that makes the reply recognisable.
 *
 * <p>Usually you answer by returning {@link GenServer#reply(Object, Object) reply(value, state)}.
 * Keep the {@code From} and call {@link #reply(Object)} later (from this or any other process) to
 * answer after {@code handleCall} has returned: OTP's deferred reply.
 *
 * <pre>{@code
 * record Wait() {}
 * record Release() {}
 *
 * class Gate extends GenServer<Void, List<From>> {
 *     public Init<List<From>> init(Void unused) { return ok(List.of()); }
 *     public CallResult<List<From>> handleCall(Object request, From from, List<From> waiting) {
 *         return switch (request) {
 *             case Wait w -> noreply(Stream.concat(waiting.stream(), Stream.of(from)).toList());   // no reply yet
 *             case Release r -> { waiting.forEach(f -> f.reply("go")); yield reply(waiting.size(), List.of()); }
 *             default -> super.handleCall(request, from, waiting);
 *         };
 *     }
 * }
 * }</pre>
 *
 * <p>A reply reaches the caller only while it is still waiting: once its call has timed out (or it
 * was already answered) a reply is dropped, so it never lands in the caller's mailbox later.
 *
 * @param pid the calling process
 * @param tag the tag of this call (also the ref of the monitor the caller holds on the server)
 */
public record From(Pid pid, Ref tag) {
    /** A from; both parts are required. */
    public From {
        Objects.requireNonNull(pid, "From: pid");
        Objects.requireNonNull(tag, "From: tag");
    }

    /**
     * Sends {@code value} as the answer to this call: {@code GenServer.reply(from, value)}. Does
     * nothing if the caller no longer waits for it (timed out, answered already, or dead). Never
     * blocks. {@code null} is a valid answer.
     *
     * <pre>{@code
     * record Square(int n) {}
     *
     * class Squarer extends GenServer<Void, Integer> {
     *     public Init<Integer> init(Void unused) { return ok(0); }
     *     public CallResult<Integer> handleCall(Object request, From from, Integer served) {
     *         if (!(request instanceof Square(int n))) return super.handleCall(request, from, served);
     *         spawn(() -> from.reply(n * n));             // another process answers, later
     *         return noreply(served + 1);
     *     }
     * }
     * GenServer.call(GenServer.start(new Squarer(), null), new Square(7))      // 49
     * }</pre>
     */
    public void reply(Object value) {
        Calls.reply(this, value);
    }
}
