package loombook.otp.internal;

import loombook.Ref;

/**
 * The answer to a call, in the caller's mailbox for the moment between its arrival and the
 * caller taking it: Erlang's {@code {Tag, Reply}}. Only a caller that still waits ever gets one.
 *
 * @param tag the call's tag
 * @param value the answer (may be null)
 */
public record GenReply(Ref tag, Object value) {}
