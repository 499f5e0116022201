package loombook.otp.internal;

import java.io.PrintStream;

import loombook.Process;
import loombook.ProcessExit;
import loombook.Reason;

/**
 * How behaviour processes end: the crash reports they print (shaped like Elixir's
 * {@code GenServer ... terminating}) and the exit that follows without a second report.
 */
public final class Exits {
    private Exits() {}

    /**
     * Ends the calling process with {@code reason}, after the behaviour printed its own report: an
     * exit (unlike an uncaught exception) makes the runtime print none of its own.
     */
    public static ProcessExit exit(Object reason) {
        return new ProcessExit(reason);
    }

    /** Prints {@code report} to the calling process's group leader's error stream. */
    public static void print(String report) {
        PrintStream err = Process.groupLeader().err();
        err.print(report);
        err.flush();
    }

    /**
     * Appends Elixir's {@code ** (Type) message} line and the frames for an exception reason, as
     * the calling process's group leader shows them (in a notebook, as cell lines), or
     * {@code ** (stop) reason} for any other.
     */
    public static void appendReason(StringBuilder sb, Object reason) {
        if (reason instanceof Throwable t) {
            sb.append(Process.groupLeader().describe(t));
        } else {
            sb.append("** (stop) ").append(reason).append('\n');
        }
    }

    /** Whether an exit reason is abnormal, so that it deserves a report. */
    public static boolean abnormal(Object reason) {
        return !Reason.isClean(reason);
    }

    /** A value printed for a report, cut short if huge. */
    public static String show(Object value) {
        String s;
        try {
            s = String.valueOf(value);
        } catch (RuntimeException e) {
            s = "<toString threw " + e + ">";
        }
        return s.length() > 2000 ? s.substring(0, 2000) + "... (" + s.length() + " characters)" : s;
    }
}
