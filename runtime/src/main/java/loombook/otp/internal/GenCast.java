package loombook.otp.internal;

/**
 * What {@code GenServer.cast} puts in a server's mailbox: Erlang's {@code {'$gen_cast', Request}}.
 *
 * @param request the message
 */
public record GenCast(Object request) {}
