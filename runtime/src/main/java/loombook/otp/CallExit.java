package loombook.otp;

import java.util.List;
import java.util.stream.Collectors;

import loombook.Reason;

/**
 * The exit reason of a process whose synchronous request failed: Elixir's
 * {@code {reason, {GenServer, :call, [server, request, timeout]}}}. {@link GenServer#call},
 * {@link GenStateMachine#call}, {@link Agent#get}, {@link Task#await}, {@link Sys} and the
 * supervisor functions throw {@link loombook.ProcessExit} carrying one of these when the server is
 * not there, dies before answering, or does not answer in time. Uncaught, it ends the calling
 * process with this reason, as in Elixir; in a notebook cell it is shown as the cell's error.
 *
 * <pre>{@code
 * Pid silent = spawn(() -> receive(m -> m instanceof String ? m : null));   // never answers a call
 * try {
 *     GenServer.call(silent, "hello?", 100);
 * } catch (ProcessExit e) {
 *     if (e.reason() instanceof CallExit c && c.reason() == Reason.TIMEOUT) System.out.println("too slow");
 * }
 * }</pre>
 *
 * @param reason why it failed: {@link Reason#TIMEOUT}, {@link Reason#NOPROC}, {@link #CALLING_SELF},
 *               or the reason the server died with (an exception if it crashed)
 * @param function what was called, e.g. {@code "GenServer.call"}
 * @param args its arguments, e.g. {@code [#PID<0.85.0>, Get[], 5000]}
 */
public record CallExit(Object reason, String function, List<Object> args) {
    /** The reason of a call a process made to itself (it would wait for ever): Erlang's {@code calling_self}. */
    public static final String CALLING_SELF = "calling_self";

    /** A call exit; {@code args} is copied. */
    public CallExit {
        args = List.copyOf(args);
    }

    /**
     * One line, Elixir's {@code exited in: GenServer.call(...)} with the reason explained, such as
     * {@code exited in GenServer.call(#PID<0.85.0>, Get[], 5000): time out (no reply within 5000 ms)}.
     */
    @Override
    public String toString() {
        String call = function + "(" + args.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
        return "exited in " + call + ": " + explain();
    }

    private String explain() {
        if (reason == Reason.TIMEOUT) {
            Object t = args.isEmpty() ? null : args.getLast();
            return "time out" + (t instanceof Long ms ? " (no reply within " + ms + " ms)" : "");
        }
        if (reason == Reason.NOPROC) {
            return "no process: the server is not alive, or no process is registered under that name";
        }
        if (CALLING_SELF.equals(reason)) return "process attempted to call itself (it would wait for ever)";
        if (reason instanceof Throwable t) return "the server crashed: " + t;
        if (reason == Reason.KILLED) return "the server was killed";
        if (Reason.isClean(reason)) return "the server stopped (" + reason + ") before answering";
        return "the server exited: " + reason;
    }
}
