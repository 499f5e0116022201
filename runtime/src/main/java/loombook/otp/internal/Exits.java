package loombook.otp.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import loombook.CrashReport;
import loombook.Process;
import loombook.ProcessExit;
import loombook.Reason;

/**
 * How behaviour processes end: the crash reports they print (shaped like Elixir's
 * {@code GenServer ... terminating}) and the exit that follows without a second report.
 */
public final class Exits {
    private static final int MAX_FRAMES = 24;

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
     * Appends Elixir's {@code ** (Type) message} line and the user's stack frames for an exception
     * reason, or {@code ** (stop) reason} for any other.
     */
    public static void appendReason(StringBuilder sb, Object reason) {
        if (reason instanceof Throwable t) {
            appendException(sb, t, "** ");
        } else {
            sb.append("** (stop) ").append(reason).append('\n');
        }
    }

    private static void appendException(StringBuilder sb, Throwable t, String prefix) {
        sb.append(prefix).append('(').append(t.getClass().getName()).append(')');
        if (t.getMessage() != null) sb.append(' ').append(t.getMessage());
        sb.append('\n');
        List<StackTraceElement> frames = frames(t);
        int shown = 0;
        for (int i = 0; i < frames.size(); ) {
            StackTraceElement f = frames.get(i);
            int run = 1;
            while (i + run < frames.size() && frames.get(i + run).equals(f)) run++;
            if (shown++ == MAX_FRAMES) {
                sb.append("    ... ").append(frames.size() - i).append(" more\n");
                break;
            }
            sb.append("    at ").append(f);
            if (run > 1) sb.append("   (repeated ").append(run).append(" times)");
            sb.append('\n');
            i += run;
        }
        Throwable cause = t.getCause();
        if (cause != null && cause != t) appendException(sb, cause, "caused by: ");
    }

    /** The user's frames: the runtime's, the JDK's thread machinery and this layer's loops left out. */
    private static List<StackTraceElement> frames(Throwable t) {
        List<StackTraceElement> out = new ArrayList<>();
        for (StackTraceElement e : CrashReport.userFrames(t)) {
            String c = e.getClassName();
            if (c.startsWith("loombook.otp.internal.") || c.startsWith("java.lang.invoke.")) continue;
            out.add(e);
        }
        return out;
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
