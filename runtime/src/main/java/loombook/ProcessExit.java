package loombook;

/**
 * Thrown to end a process: by {@link Process#exit(Object)} in the process itself, and by the
 * runtime when an exit signal (a linked crash, {@code exit(pid, reason)}, a kill) ends the process
 * while its code is running. The runtime catches it at the top of the process and the process ends
 * with {@link #reason()}.
 *
 * <p>It is an {@link Error} so that a {@code catch (Exception e)} in your code does not swallow a
 * kill by accident. Catching it on purpose is allowed (as Erlang's {@code catch} catches exits),
 * but a process that was killed stays dead: its next receive, send or sleep throws again.
 *
 * <pre>{@code
 * Pid p = spawn(() -> Process.exit("done early"));
 * }</pre>
 */
public final class ProcessExit extends Error {
    private final transient Object reason;

    /** An exit with the given reason. */
    public ProcessExit(Object reason) {
        super("exit: " + reason, null, false, false);
        this.reason = reason;
    }

    /** The exit reason the process ends with. */
    public Object reason() {
        return reason;
    }
}
