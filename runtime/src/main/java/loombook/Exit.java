package loombook;

/**
 * An exit signal turned into a message, Elixir's {@code {:EXIT, from, reason}}: a process that
 * {@link Process#trapExit traps exits} receives one of these instead of dying when a linked
 * process ends or when someone calls {@link Process#exit(Pid, Object)} on it.
 *
 * <pre>{@code
 * trapExit(true);
 * Pid child = spawnLink(() -> { throw new RuntimeException("crash"); });
 * Exit exit = receive(Exit.class);
 * System.out.println(exit.from() + " exited: " + exit.reason());
 * }</pre>
 *
 * @param from the process that sent the signal (the linked process that ended, or the caller of exit)
 * @param reason the exit reason
 */
public record Exit(Pid from, Object reason) {}
