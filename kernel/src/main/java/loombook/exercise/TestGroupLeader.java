package loombook.exercise;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import loombook.GroupLeader;

/**
 * The group leader of one test's processes: what they print goes on to the cell's output as usual,
 * while what they write to standard error (crash reports, the runtime's warnings, supervisors'
 * reports) is kept here instead. The exercise shows it under a test that failed, where it often
 * says why, and drops it when the test passed: a check that passes writes nothing to the cell's
 * stderr, which graders such as nbgrader read as a failure. Keeps the first {@link #LIMIT} bytes.
 */
final class TestGroupLeader implements GroupLeader {
    /** How much error output one test keeps. */
    static final int LIMIT = 16 * 1024;

    private final GroupLeader cell;
    private final Kept kept = new Kept();
    private final PrintStream err = new PrintStream(kept, true, StandardCharsets.UTF_8);

    TestGroupLeader(GroupLeader cell) {
        this.cell = cell;
    }

    @Override
    public PrintStream out() {
        return cell.out();
    }

    @Override
    public PrintStream err() {
        return err;
    }

    @Override
    public String describe(Throwable error) {
        return cell.describe(error);
    }

    /** What the test's processes wrote to standard error so far (cut at {@link #LIMIT} bytes). */
    String errorOutput() {
        err.flush();
        return kept.text();
    }

    @Override
    public String toString() {
        return "test of " + cell;
    }

    private static final class Kept extends OutputStream {
        private byte[] bytes = new byte[256];
        private int size;
        private long dropped;

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = Math.min(len, LIMIT - size);
            if (room > 0) {
                if (size + room > bytes.length) bytes = Arrays.copyOf(bytes, Math.min(LIMIT, Math.max(size + room, bytes.length * 2)));
                System.arraycopy(b, off, bytes, size, room);
                size += room;
            }
            dropped += len - Math.max(room, 0);
        }

        synchronized String text() {
            String s = new String(bytes, 0, size, StandardCharsets.UTF_8);
            return dropped == 0 ? s : s + (s.endsWith("\n") ? "" : "\n") + "... " + dropped + " more bytes\n";
        }
    }
}
