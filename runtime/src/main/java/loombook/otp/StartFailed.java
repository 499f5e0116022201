package loombook.otp;

import loombook.Pid;

/**
 * Thrown by {@code start} and {@code startLink} of every behaviour when the new process does not
 * start: Elixir's {@code {:error, reason}}. {@link #reason()} says why: what {@code init} asked to
 * stop with, the exception it threw, or an {@link AlreadyStarted} when the name is taken.
 *
 * <pre>{@code
 * Agent.start(() -> 0, "counter");
 * try {
 *     Agent.start(() -> 0, "counter");
 * } catch (StartFailed e) {
 *     if (e.reason() instanceof StartFailed.AlreadyStarted(Pid running)) System.out.println("already running: " + running);
 * }
 * }</pre>
 *
 * <p>A failed {@code startLink} is also an exit signal to the caller (the new process dies with
 * the reason, and it is linked): a caller that does not trap exits dies with it, as in OTP, and
 * never sees this exception.
 */
public final class StartFailed extends RuntimeException {
    private final transient Object reason;

    /** A failure to start {@code what} (e.g. {@code "GenServer.start(Counter)"}) because of {@code reason}. */
    public StartFailed(String what, Object reason) {
        super(what + " failed: " + describe(reason), reason instanceof Throwable t ? t : null);
        this.reason = reason;
    }

    /** Why the process did not start. */
    public Object reason() {
        return reason;
    }

    private static String describe(Object reason) {
        if (reason instanceof AlreadyStarted(Pid pid)) {
            return "the name is already taken by " + pid + " (already_started); stop that process, or pick another name";
        }
        if (reason instanceof Throwable t) return "init threw " + t;
        return "init stopped with reason " + reason;
    }

    /**
     * The reason when the name given to {@code start} is taken: Elixir's
     * {@code {:already_started, pid}}.
     *
     * <pre>{@code
     * try {
     *     Agent.start(() -> 0, "counter");
     * } catch (StartFailed e) {
     *     if (e.reason() instanceof StartFailed.AlreadyStarted a) System.out.println("taken by " + a.pid());
     * }
     * }</pre>
     *
     * @param pid the process that has the name
     */
    public record AlreadyStarted(Pid pid) {
        @Override
        public String toString() {
            return "{already_started, " + pid + "}";
        }
    }
}
