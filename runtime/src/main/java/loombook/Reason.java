package loombook;

/**
 * The standard exit reasons, Erlang's atoms {@code normal}, {@code shutdown}, {@code kill},
 * {@code killed} and {@code noproc}. Any other object is a valid exit reason too; a process that
 * throws an exception ends with that exception as its reason.
 *
 * <ul>
 *   <li>{@link #NORMAL}: the process finished. Linked processes are not affected.</li>
 *   <li>{@link #SHUTDOWN}: asked to stop (by a supervisor); linked processes that do not trap exits die too.</li>
 *   <li>{@link #KILL}: sent with {@link Process#exit(Pid, Object) exit(pid, KILL)} it cannot be trapped:
 *       the target ends with reason {@link #KILLED}.</li>
 *   <li>{@link #NOPROC}: the process did not exist (a link or monitor to a dead pid).</li>
 * </ul>
 *
 * <pre>{@code
 * Pid p = spawn(() -> receive(m -> m));
 * Process.exit(p, Reason.KILL);
 * alive(p);   // false
 * }</pre>
 */
public enum Reason {
    /** The process finished its work. */
    NORMAL,
    /** The process was asked to shut down. */
    SHUTDOWN,
    /** Untrappable when sent with {@code exit(pid, KILL)}. */
    KILL,
    /** The reason of a process that was killed. */
    KILLED,
    /** No such process. */
    NOPROC,
    /** A call or an await ran out of time. */
    TIMEOUT;

    /** Printed as Erlang prints the atom: {@code normal}, {@code kill}... */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Elixir's {@code {:shutdown, detail}}: a shutdown that carries information. Supervisors treat
     * it like {@link #SHUTDOWN} (no crash report; a transient child is not restarted).
     *
     * <pre>{@code
     * spawnMonitor(() -> Process.exit(new Reason.Shutdown("maintenance")));
     * receive(Down.class).reason()        // {shutdown, maintenance}
     * }</pre>
     *
     * @param detail anything that explains the shutdown
     */
    public record Shutdown(Object detail) {
        @Override
        public String toString() {
            return "{shutdown, " + detail + "}";
        }
    }

    /**
     * Whether {@code reason} is a clean end: {@link #NORMAL}, {@link #SHUTDOWN} or a
     * {@link Shutdown}. OTP prints no crash report for these and does not restart a transient child.
     *
     * <pre>{@code
     * Reason.isClean(Reason.SHUTDOWN);               // true
     * Reason.isClean(new RuntimeException("boom"));  // false
     * }</pre>
     */
    public static boolean isClean(Object reason) {
        return reason == NORMAL || reason == SHUTDOWN || reason instanceof Shutdown;
    }
}
