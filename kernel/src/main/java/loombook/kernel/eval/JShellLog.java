package loombook.kernel.eval;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** JShell's own diagnostic output, turned into lines of the kernel's log ({@code jshell: ...}). */
final class JShellLog extends OutputStream {
    private final Consumer<String> log;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    JShellLog(Consumer<String> log) {
        this.log = log;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            log.accept("jshell: " + line.toString(StandardCharsets.UTF_8));
            line.reset();
        } else {
            line.write(b);
        }
    }
}
