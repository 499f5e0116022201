package loombook.otp.internal;

import loombook.Ref;

/**
 * What the call watchdog sends a caller whose call ran out of time (after making sure that no
 * reply will be sent): the caller then exits with {@code timeout}.
 *
 * @param tag the call's tag
 */
public record CallTimedOut(Ref tag) {}
