package loombook;

/**
 * What {@link Process#spawnMonitor} returns, Elixir's {@code {pid, ref}}: the new process and the
 * reference its DOWN message will carry.
 *
 * <pre>{@code
 * Monitored m = spawnMonitor(() -> sleep(100));
 * Down d = receive(x -> x instanceof Down down && down.ref().equals(m.ref()) ? down : null);
 * }</pre>
 *
 * @param pid the spawned process
 * @param ref the monitor's reference
 */
public record Monitored(Pid pid, Ref ref) {}
