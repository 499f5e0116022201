package loombook.kernel.notebook;

import java.util.concurrent.Callable;
import loombook.GroupLeader;
import loombook.HostProcess;
import loombook.Pid;
import loombook.Process;
import loombook.Reason;

/**
 * The notebook's own process: every cell runs as it, so {@code self()} and its mailbox live across
 * cells. When it dies (a linked crash, {@code exit} in a cell, a runtime restart) a fresh one is
 * started and the death is reported, never hidden.
 */
final class NotebookHost {
    private HostProcess host;

    NotebookHost(GroupLeader groupLeader) {
        host = HostProcess.start("notebook", groupLeader);
    }

    /** The current process. */
    synchronized Pid pid() {
        return host.pid();
    }

    synchronized boolean alive() {
        return host.alive();
    }

    synchronized Object exitReason() {
        return host.exitReason();
    }

    /** Sets the group leader: the running cell. */
    synchronized void groupLeader(GroupLeader gl) {
        host.groupLeader(gl);
    }

    /** Runs {@code code} on the calling thread as the notebook's process. */
    Object call(Callable<Object> code) throws Exception {
        HostProcess h;
        synchronized (this) {
            h = host;
        }
        return h.call(code);
    }

    /** Starts a fresh process in place of the current one (which should be dead). Returns the new pid. */
    synchronized Pid renew(GroupLeader gl) {
        if (host.alive()) host.close();
        host = HostProcess.start("notebook", gl);
        return host.pid();
    }

    /**
     * Ends the current process with {@code reason}, as {@code exit(reason)} in a cell asks, and
     * starts a fresh one. Returns the new pid.
     */
    synchronized Pid exitAndRenew(Object reason, GroupLeader gl) {
        if (host.alive()) {
            if (reason == Reason.NORMAL) {
                host.close();
            } else {
                Process.exit(host.pid(), reason);
                if (host.alive()) Process.exit(host.pid(), Reason.KILL);    // it traps exits: exit(reason) was its own wish
            }
        }
        return renew(gl);
    }
}
