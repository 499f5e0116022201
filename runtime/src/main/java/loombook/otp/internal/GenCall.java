package loombook.otp.internal;

import loombook.otp.From;

/**
 * What {@code GenServer.call} puts in a server's mailbox: Erlang's {@code {'$gen_call', From, Request}}.
 * A process that is not a behaviour can answer it with {@code from.reply(value)}.
 *
 * @param from who waits for the answer
 * @param request what was asked
 */
public record GenCall(From from, Object request) {}
