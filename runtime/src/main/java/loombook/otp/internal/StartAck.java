package loombook.otp.internal;

import loombook.Ref;

/**
 * What a starting behaviour process tells the process that started it: proc_lib's
 * {@code init_ack} and {@code init_fail}.
 *
 * @param tag the start's tag
 * @param outcome {@link #OK}, {@link #IGNORE}, or the reason the start failed
 */
public record StartAck(Ref tag, Object outcome) {
    /** Started. */
    public static final String OK = "ok";
    /** {@code init} returned ignore. */
    public static final String IGNORE = "ignore";
    /**
     * The start failed; the reason is the one the new process exits with, taken from its DOWN
     * (an exit signal, not a message, so a reason that is an exception is never checked as a
     * message with mutable state).
     */
    public static final String FAILED = "failed";
}
