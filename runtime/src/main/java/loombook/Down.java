package loombook;

/**
 * The message a monitor delivers when the monitored process ends: Elixir's
 * {@code {:DOWN, ref, :process, pid, reason}}.
 *
 * <p>Monitoring a process that is already dead delivers one at once, with reason
 * {@link Reason#NOPROC}.
 *
 * <pre>{@code
 * var worker = spawnMonitor(() -> { throw new IllegalStateException("boom"); });
 * Down down = receive(m -> m instanceof Down d && d.ref().equals(worker.ref()) ? d : null);
 * System.out.println(down.reason());   // java.lang.IllegalStateException: boom
 * }</pre>
 *
 * @param ref the reference {@link Process#monitor} returned
 * @param pid the process that ended
 * @param reason why it ended: {@link Reason#NORMAL}, an exception, or any exit reason
 */
public record Down(Ref ref, Pid pid, Object reason) {}
