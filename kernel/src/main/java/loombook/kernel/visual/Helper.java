package loombook.kernel.visual;

import java.util.concurrent.Callable;
import loombook.GroupLeader;
import loombook.HostProcess;
import loombook.Pid;
import loombook.ProcessExit;

/**
 * A process for a live view's refresher thread, which is not a process itself: asking a
 * supervisor for its children or a server for its state takes a call, and a call needs a caller.
 * It is started on first use, left out of traces and process tables, and ended with its view.
 */
final class Helper implements AutoCloseable {
    private final String label;
    private final GroupLeader groupLeader;
    private HostProcess host;

    Helper(String label, GroupLeader groupLeader) {
        this.label = label;
        this.groupLeader = groupLeader;
    }

    /**
     * Runs {@code body} as the helper process (a fresh one if the last one died). A call that
     * fails exits its caller, in Erlang's way; here that ends the helper (the next call gets a new
     * one) and throws {@link IllegalStateException}, never an exit into the caller's own process.
     */
    synchronized <T> T call(Callable<T> body) throws Exception {
        if (host == null || !host.alive()) {
            host = HostProcess.start(label, groupLeader);
            Trace.INTERNAL.add(host.pid());
        }
        try {
            return host.call(body);
        } catch (ProcessExit e) {
            close();
            throw new IllegalStateException(label + ": " + e.reason(), e);
        }
    }

    /** The helper's pid, or null if it has none now. */
    synchronized Pid pid() {
        return host == null ? null : host.pid();
    }

    @Override
    public synchronized void close() {
        if (host != null) {
            host.close();       // its pid stays in Trace.INTERNAL: traces still running leave its last events out
            host = null;
        }
    }
}
