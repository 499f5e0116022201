package loombook;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The group leader of a controlled run's processes: it keeps what they print (output and crash
 * reports, in the order printed), so that a thousand runs do not flood the cell and the one that is
 * shown comes with its own output. Exceptions are described as the explorer's group leader does.
 */
final class RunOutput implements GroupLeader {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final GroupLeader outer;

    RunOutput(GroupLeader outer) {
        this.outer = outer;
    }

    @Override
    public PrintStream out() {
        return stream;
    }

    @Override
    public PrintStream err() {
        return stream;
    }

    @Override
    public String describe(Throwable error) {
        return outer.describe(error);
    }

    /** How many bytes have been printed. */
    int length() {
        synchronized (stream) {
            return bytes.size();
        }
    }

    /** Everything printed so far, as bytes (UTF-8). */
    byte[] bytes() {
        synchronized (stream) {
            return bytes.toByteArray();
        }
    }

    /** Everything printed so far. */
    String text() {
        synchronized (stream) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public String toString() {
        return "controlled run";
    }
}
