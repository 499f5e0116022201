package loombook.otp.internal;

import loombook.Ref;

/**
 * A task's result on its way to its owner: Elixir's {@code {ref, result}}.
 *
 * @param tag the task's tag
 * @param value the result (may be null)
 */
public record TaskReply(Ref tag, Object value) {}
