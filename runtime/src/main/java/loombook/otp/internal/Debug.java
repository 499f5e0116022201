package loombook.otp.internal;

import java.io.PrintStream;

import loombook.GroupLeader;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessInfo;

/**
 * The output of {@code Sys.trace}: one {@code *DBG*} line per event of a traced behaviour, as
 * {@code sys:trace/2} prints them. The lines go to the group leader that the process which turned
 * tracing on had at that moment: in a notebook, under the cell that asked for the trace.
 */
public final class Debug {
    private final PrintStream out;
    private final String who;

    private Debug(PrintStream out, String who) {
        this.out = out;
        this.who = who;
    }

    /** Tracing for {@code self}, printing to the group leader of {@code requester} (or self's if it is gone). */
    public static Debug to(Pid requester, Pid self, Object name) {
        ProcessInfo info = Process.info(requester);
        GroupLeader gl = info != null ? info.groupLeader() : Process.groupLeader();
        return new Debug(gl.out(), ServerRef.describe(name, self));
    }

    /** Prints {@code *DBG* <who> text}. */
    public void print(String text) {
        out.println("*DBG* " + who + " " + text);
        out.flush();
    }
}
