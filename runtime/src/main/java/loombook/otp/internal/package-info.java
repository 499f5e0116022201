/**
 * The machinery behind {@code loombook.otp}: the call protocol, the behaviour loops, the
 * supervisors' servers, the table registry. Not an API: its classes are public only because the
 * behaviours in {@code loombook.otp} use them; their messages ({@code GenCall}, {@code GenCast},
 * {@code SystemMessage}, {@code GenReply}) may be seen in mailboxes.
 */
package loombook.otp.internal;
