package loombook.otp;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import loombook.otp.internal.CallTimedOut;
import loombook.otp.internal.GenCall;
import loombook.otp.internal.GenCast;
import loombook.otp.internal.GenReply;
import loombook.otp.internal.StartAck;
import loombook.otp.internal.SystemMessage;
import loombook.otp.internal.TaskReply;
import loombook.otp.internal.TaskRunner;

/**
 * What a message of OTP's own protocols is, for tools that show mailboxes and traces: a
 * {@link GenServer#call call} and its reply, a {@link GenServer#cast cast}, a task's result, and
 * the system traffic of starting, stopping and {@link Sys} (Erlang's {@code '$gen_call'},
 * {@code '$gen_cast'} and {@code system} tuples). The messages themselves stay the runtime's own
 * business; this is the one public way to tell them apart and to name them.
 *
 * <pre>{@code
 * Pid inbox = spawn(() -> receive(m -> null));     // never takes anything
 * GenServer.cast(inbox, "hello");
 * sleep(10);
 * OtpMessage.describe(info(inbox).messages().get(0)).get().label()    // cast hello
 * }</pre>
 *
 * @param kind what the message is for
 * @param label how it reads on an arrow: {@code call Get[]}, {@code reply 2}, {@code cast Inc[by=1]},
 *              {@code result 42}, {@code started}, {@code sys GetState}, {@code call timed out}
 */
public record OtpMessage(Kind kind, String label) {
    /** What an OTP message is for. */
    public enum Kind {
        /** A synchronous request waiting for its answer ({@code GenServer.call}, {@code Agent.get}...). */
        CALL,
        /** The answer to a call, or a task's result on its way to its owner. */
        REPLY,
        /** An asynchronous request ({@code GenServer.cast}, {@code Agent.cast}). */
        CAST,
        /** The behaviours' own traffic: start acknowledgements, {@code Sys} requests, a call's timeout. */
        SYSTEM
    }

    /** A description; both parts are required. */
    public OtpMessage {
        Objects.requireNonNull(kind, "OtpMessage: kind");
        Objects.requireNonNull(label, "OtpMessage: label");
    }

    /**
     * What {@code message} is for, without printing anything of it; empty if it is not one of OTP's
     * own messages (an ordinary message, a {@code Down}, an {@code Exit}).
     *
     * <pre>{@code
     * OtpMessage.kindOf("hello")         // Optional.empty: a plain message
     * }</pre>
     */
    public static Optional<Kind> kindOf(Object message) {
        return Optional.ofNullable(switch (message) {
            case GenCall c -> Kind.CALL;
            case GenReply r -> Kind.REPLY;
            case TaskReply r -> Kind.REPLY;
            case GenCast c -> Kind.CAST;
            case SystemMessage s -> Kind.SYSTEM;
            case StartAck a -> Kind.SYSTEM;
            case CallTimedOut t -> Kind.SYSTEM;
            case TaskRunner.Go g -> Kind.SYSTEM;
            case null, default -> null;
        });
    }

    /**
     * What {@code message} is, with the request or answer it carries printed by
     * {@link String#valueOf}; empty if it is not one of OTP's own messages.
     *
     * <pre>{@code
     * OtpMessage.describe("hello")       // Optional.empty
     * }</pre>
     */
    public static Optional<OtpMessage> describe(Object message) {
        return describe(message, String::valueOf);
    }

    /**
     * What {@code message} is, with the request or answer it carries printed by {@code show} (a
     * notebook prints values as JShell does: {@code "get"} with its quotes); empty if it is not one
     * of OTP's own messages.
     *
     * <pre>{@code
     * OtpMessage.describe("hello", v -> "<" + v + ">")     // Optional.empty
     * }</pre>
     */
    public static Optional<OtpMessage> describe(Object message, Function<Object, String> show) {
        Objects.requireNonNull(show, "OtpMessage.describe: show");
        return kindOf(message).map(kind -> new OtpMessage(kind, switch (message) {
            case GenCall c -> "call " + show.apply(c.request());
            case GenReply r -> "reply " + show.apply(r.value());
            case TaskReply r -> "result " + show.apply(r.value());
            case GenCast c -> "cast " + show.apply(c.request());
            case SystemMessage s -> "sys " + s.request().getClass().getSimpleName();
            case StartAck a -> StartAck.OK.equals(a.outcome()) ? "started" : "start: " + show.apply(a.outcome());
            case CallTimedOut t -> "call timed out";
            case TaskRunner.Go g -> "go";
            default -> throw new AssertionError("an OTP message with no label: " + message.getClass());
        }));
    }
}
