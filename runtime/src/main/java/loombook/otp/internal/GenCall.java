package loombook.otp.internal;

import loombook.Pid;
import loombook.Ref;
import loombook.otp.From;

/**
 * What {@code GenServer.call} puts in a server's mailbox: Erlang's {@code {'$gen_call', From, Request}}.
 * A process that is not a behaviour can answer it with {@code call.from().reply(value)}.
 *
 * <p>The caller and the tag are two fields rather than one {@link From}, because the runtime's
 * check of messages for mutable state costs a reflective read per non-trivial field, on every call.
 *
 * @param caller who waits for the answer
 * @param tag the call's tag
 * @param request what was asked
 */
public record GenCall(Pid caller, Ref tag, Object request) {
    /** Who waits for the answer, as handleCall gets it. */
    public From from() {
        return new From(caller, tag);
    }
}
