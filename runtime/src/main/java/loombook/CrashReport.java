package loombook;

import java.util.ArrayList;
import java.util.List;

/**
 * The report printed when a process ends with an uncaught exception, shaped like Elixir's:
 *
 * <pre>
 * [error] Process #PID&lt;0.93.0&gt; raised an exception
 * ** (java.lang.ArithmeticException) / by zero
 *     at Main.divide(Main.java:12)
 * </pre>
 *
 * It goes to the process's {@link GroupLeader}. Frames of the runtime and of the JDK's thread
 * machinery are left out: the report shows your code.
 *
 * <pre>{@code
 * spawn(() -> { int x = 1 / 0; });   // prints the report above
 * }</pre>
 */
public final class CrashReport {
    private CrashReport() {}

    /** The report text for {@code pid} ending with {@code error}, ending with a newline. */
    public static String format(Pid pid, Throwable error) {
        return header(pid) + describe(error);
    }

    /** The report's first line: {@code [error] Process #PID<0.93.0> raised an exception}. */
    public static String header(Pid pid) {
        return "[error] Process " + pid + " raised an exception\n";
    }

    /**
     * Elixir's {@code ** (Type) message} line for {@code error}, then the user's frames (the
     * runtime's and the JDK's thread machinery left out, a repeated frame shown once with its
     * count) and its causes, ending with a newline. What {@link GroupLeader#describe} gives unless an
     * embedding shows frames its own way.
     *
     * <pre>{@code
     * System.out.print(CrashReport.describe(new IllegalStateException("boom")));
     * }</pre>
     */
    public static String describe(Throwable error) {
        StringBuilder sb = new StringBuilder();
        appendException(sb, error, "** ");
        return sb.toString();
    }

    private static void appendException(StringBuilder sb, Throwable error, String prefix) {
        sb.append(prefix).append('(').append(error.getClass().getName()).append(')');
        if (error.getMessage() != null) sb.append(' ').append(error.getMessage());
        sb.append('\n');
        appendFrames(sb, userFrames(error));
        Throwable cause = error.getCause();
        if (cause != null && cause != error) {
            appendException(sb, cause, "caused by: ");
        }
    }

    /** Frames shown per exception; a longer trace ends with a count of what was left out. */
    static final int MAX_FRAMES = 24;

    /**
     * Appends frames, collapsing a run of the same frame (unbounded recursion) into one line that
     * says how often it repeats.
     */
    static void appendFrames(StringBuilder sb, List<StackTraceElement> frames) {
        int shown = 0, i = 0;
        while (i < frames.size()) {
            StackTraceElement f = frames.get(i);
            int run = 1;
            while (i + run < frames.size() && frames.get(i + run).equals(f)) run++;
            if (shown == MAX_FRAMES) {
                sb.append("    ... ").append(frames.size() - i).append(" more\n");
                return;
            }
            sb.append("    at ").append(f);
            if (run > 1) sb.append("   (repeated ").append(run).append(" times: a recursion that does not end?)");
            sb.append('\n');
            shown++;
            i += run;
        }
    }

    /** The frames of {@code error} that are the user's: the runtime's and the JDK's thread frames removed. */
    public static List<StackTraceElement> userFrames(Throwable error) {
        List<StackTraceElement> out = new ArrayList<>();
        for (StackTraceElement e : error.getStackTrace()) {
            if (isMachinery(e.getClassName())) continue;
            out.add(e);
        }
        return out;
    }

    private static boolean isMachinery(String cls) {
        return cls.startsWith("loombook.Proc") || cls.startsWith("loombook.Mailbox") || cls.startsWith("loombook.StateLoop")
                || cls.startsWith("loombook.otp.internal.") || cls.startsWith("java.lang.invoke.")
                || cls.startsWith("java.lang.ScopedValue") || cls.startsWith("java.lang.VirtualThread")
                || cls.startsWith("jdk.internal.") || cls.startsWith("java.lang.Thread")
                || cls.startsWith("java.lang.System$") || cls.startsWith("java.util.concurrent.locks.LockSupport");
    }

    static void report(Proc proc, Throwable error) {
        GroupLeader gl = proc.groupLeader;
        try {
            gl.crashReport(proc.pid, error);
        } catch (RuntimeException e) {
            GroupLeader.system().crashReport(proc.pid, error);
        }
    }
}
