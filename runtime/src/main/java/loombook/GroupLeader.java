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
     * Writes the report for a process that crashed with {@code error}. The default writes
     * {@link CrashReport#format} to {@link #err()}; an embedding may render it differently.
     */
    default void crashReport(Pid pid, Throwable error) {
        err().print(CrashReport.format(pid, error));
        err().flush();
    }

    /**
     * The JVM's real standard output and error (file descriptors 1 and 2), whatever
     * {@code System.out} has been replaced with.
     */
    static GroupLeader system() {
        return SystemGroupLeader.INSTANCE;
    }

    /** The group leader that writes to the JVM's real standard output and error. */
    final class SystemGroupLeader implements GroupLeader {
        static final SystemGroupLeader INSTANCE = new SystemGroupLeader();
        private final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        private final PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

        private SystemGroupLeader() {}

        @Override
        public PrintStream out() {
            return out;
        }

        @Override
        public PrintStream err() {
            return err;
        }

        @Override
        public String toString() {
            return "system";
        }
    }
}
