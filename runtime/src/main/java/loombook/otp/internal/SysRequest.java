package loombook.otp.internal;

import java.util.function.UnaryOperator;

/** The requests of {@link SystemMessage}s. */
public sealed interface SysRequest {
    /** What Suspend, Resume and Trace answer. */
    String OK = "ok";

    /** Answer the callback state. */
    record GetState() implements SysRequest {}

    /** Replace the callback state with {@code function(state)} and answer the new one. */
    record ReplaceState(UnaryOperator<Object> function) implements SysRequest {}

    /** Answer a {@code Sys.Status}. */
    record GetStatus() implements SysRequest {}

    /** Handle only system messages until resumed. */
    record Suspend() implements SysRequest {}

    /** Handle all messages again. */
    record Resume() implements SysRequest {}

    /** Print (or stop printing) every event to the group leader of the process that asked. */
    record Trace(boolean on) implements SysRequest {}

    /** Run {@code terminate} and exit with {@code reason}; answers nothing (the caller watches a monitor). */
    record Terminate(Object reason) implements SysRequest {}

    /**
     * What a failed {@link ReplaceState} function answers instead of a state: the exception as
     * text (an exception object is not an immutable message).
     *
     * @param error the exception's {@code toString()}
     */
    record Failed(String error) {}
}
