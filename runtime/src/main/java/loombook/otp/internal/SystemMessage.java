package loombook.otp.internal;

import loombook.otp.From;

/**
 * A system message (Erlang's {@code {system, From, Request}}): what {@code Sys} and
 * {@code stop} send to a behaviour's process. Every behaviour loop answers these itself; they
 * never reach the callbacks.
 *
 * @param from who waits for the answer
 * @param request a {@link SysRequest}
 */
public record SystemMessage(From from, SysRequest request) {}
