package loombook.kernel.notebook;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Bytes written by Java code (through a {@code PrintStream}) turned back into text, without
 * splitting a character whose UTF-8 bytes arrive in two writes.
 */
final class Utf8Sink extends OutputStream {
    private final Consumer<String> target;
    private byte[] pending = new byte[0];

    Utf8Sink(Consumer<String> target) {
        this.target = target;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (len <= 0) return;
        byte[] bytes;
        if (pending.length == 0) {
            bytes = Arrays.copyOfRange(b, off, off + len);
        } else {
            bytes = Arrays.copyOf(pending, pending.length + len);
            System.arraycopy(b, off, bytes, pending.length, len);
        }
        int end = completeLength(bytes);
        pending = Arrays.copyOfRange(bytes, end, bytes.length);
        if (end > 0) target.accept(new String(bytes, 0, end, StandardCharsets.UTF_8));
    }

    /** The length of the longest prefix of {@code b} that does not end inside a multi-byte character. */
    static int completeLength(byte[] b) {
        int n = b.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int c = b[n - back] & 0xff;
            if ((c & 0xc0) == 0x80) continue;              // a continuation byte: look further back
            int need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
            return need > back ? n - back : n;
        }
        return n;
    }
}
