package loombook;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where a process's output goes, as in Erlang: every process has a group leader, and a process
 * inherits its parent's when it is spawned. Crash reports go to the group leader too.
 *
 * <p>This is the runtime's output extension point: a program that embeds the runtime (the Jupyter
 * kernel makes each cell the group leader of what it spawns) supplies its own. Outside such a
 * program every process uses {@link #system()}.
 *
 * <pre>{@code
 * GroupLeader gl = Process.groupLeader();
 * gl.out().println("printed where this process's output goes");
 * }</pre>
 */
public interface GroupLeader {
    /** The stream for ordinary output. */
    PrintStream out();

    /** The stream for errors and crash reports. */
    PrintStream err();

    /**
     * Writes the report for a process that crashed with {@code error} to {@link #err()}: its
     * {@linkplain CrashReport#header header}, then {@link #describe}.
     */
    default void crashReport(Pid pid, Throwable error) {
        err().print(CrashReport.header(pid) + describe(error));
        err().flush();
    }

    /**
     * How this group leader shows an exception in a report (the crash reports of processes, and
     * of GenServers and other behaviours): {@link CrashReport#describe} by default. An embedding
     * that knows more about the frames overrides it (the kernel shows code written in cells as cell
     * lines).
     */
    default String describe(Throwable error) {
        return CrashReport.describe(error);
    }

    /**
     * The JVM's real standard output and error (file descriptors 1 and 2), whatever
     * {@code System.out} has been replaced with.
     */
    static GroupLeader system() {
        return Streams.SYSTEM;
    }

    /**
     * A group leader that writes to the two given streams, shown as {@code name}.
     *
     * <pre>{@code
     * var bytes = new java.io.ByteArrayOutputStream();
     * var capture = new java.io.PrintStream(bytes, true);
     * Pid p = spawn(() -> System.out.println("hi"));
     * groupLeader(GroupLeader.of("capture", capture, capture), p);
     * }</pre>
     */
    static GroupLeader of(String name, PrintStream out, PrintStream err) {
        return new Streams(java.util.Objects.requireNonNull(name, "name"), java.util.Objects.requireNonNull(out, "out"),
                java.util.Objects.requireNonNull(err, "err"));
    }

    /** A group leader over two streams: what {@link #of} and {@link #system()} return. */
    record Streams(String name, PrintStream out, PrintStream err) implements GroupLeader {
        static final Streams SYSTEM = new Streams("system",
                new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8),
                new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));

        @Override
        public String toString() {
            return name;
        }
    }
}
