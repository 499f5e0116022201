package loombook;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Test support: a group leader that collects everything written to it. */
public final class Capture implements GroupLeader {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Override
    public PrintStream out() {
        return stream;
    }

    @Override
    public PrintStream err() {
        return stream;
    }

    /** Everything written so far. */
    public String text() {
        synchronized (stream) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
