package loombook.kernel;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Ends the kernel when the process that started it is gone, as ipykernel's parent poller does: a
 * notebook server or a hub's single-user server killed outright (out of memory, {@code kill -9},
 * a crashed container) cannot shut its kernels down, and each orphan would keep its heap and its
 * students' processes for ever on a class's shared server.
 *
 * <p>The parent is the process named by {@code JPY_PARENT_PID} (jupyter_client sets it to its own
 * pid when it starts a kernel), else the kernel's parent process at start. A daemon thread looks
 * every {@link #PERIOD_MILLIS} ms; when the parent has ended, or (for the parent process) the
 * kernel has been given to another parent (an orphan is adopted by init or a subreaper), it calls
 * {@code onGone} with a sentence that says so. {@code -Dloombook.parentWatch=false} turns it off (a kernel started by hand
 * from a shell that exits, say).
 *
 * <pre>{@code
 * ParentWatch.start(System.getenv(), reason -> { log.println(reason); System.exit(0); });
 * }</pre>
 */
final class ParentWatch {
    /** How often the parent is looked at. */
    static final long PERIOD_MILLIS = 1_000;

    private final ProcessHandle parent;
    /** The kernel's parent pid at start when that is the watched process, else -1. */
    private final long parentAtStart;

    private ParentWatch(ProcessHandle parent, long parentAtStart) {
        this.parent = parent;
        this.parentAtStart = parentAtStart;
    }

    /**
     * Starts watching, unless there is nothing to watch (no parent known) or it is switched off.
     * {@code onGone} gets a sentence that says what happened.
     */
    static void start(Map<String, String> env, Consumer<String> onGone) {
        if ("false".equals(System.getProperty("loombook.parentWatch"))) return;
        Optional<ProcessHandle> named = fromEnvironment(env.get("JPY_PARENT_PID"));
        Optional<ProcessHandle> watched = named.isPresent() ? named : ProcessHandle.current().parent();
        if (watched.isEmpty() || watched.get().pid() <= 1 || !watched.get().isAlive()) return;
        // the direct parent can also be given away (an orphan is adopted); a named one is only looked at
        ParentWatch w = new ParentWatch(watched.get(), named.isPresent() ? -1 : watched.get().pid());
        Thread.ofPlatform().daemon().name("loombook-parent-watch").start(() -> w.run(onGone));
    }

    private static Optional<ProcessHandle> fromEnvironment(String value) {
        if (value == null || value.isBlank()) return Optional.empty();
        try {
            return ProcessHandle.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();        // not a pid: watch the parent process instead
        }
    }

    private void run(Consumer<String> onGone) {
        for (;;) {
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            String gone = gone();
            if (gone != null) {
                onGone.accept(gone);
                return;
            }
        }
    }

    /** Why the kernel has lost its parent, or null while it has not. */
    private String gone() {
        if (!parent.isAlive()) {
            return "the process that started this kernel (pid " + parent.pid() + ") has ended, so the kernel ends too";
        }
        long now = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        if (parentAtStart > 1 && now != parentAtStart) {
            return "this kernel's parent process (pid " + parentAtStart + ") has ended and the kernel was adopted by pid "
                    + now + ", so the kernel ends too";
        }
        return null;
    }
}
