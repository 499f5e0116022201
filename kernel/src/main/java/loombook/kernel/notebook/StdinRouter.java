package loombook.kernel.notebook;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code System.in} for cells: each line read asks the user through the frontend (Jupyter's
 * {@code input_request}). Only code of the cell running now can ask; anything else, or a frontend
 * that does not allow input, reads end of input, with a note saying why.
 */
final class StdinRouter extends InputStream {
    private final OutputRouter router;
    private byte[] buffer = new byte[0];
    private int pos;

    StdinRouter(OutputRouter router) {
        this.router = router;
    }

    @Override
    public synchronized int read() throws InterruptedIOException {
        if (!fill()) return -1;
        return buffer[pos++] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws InterruptedIOException {
        if (len == 0) return 0;
        if (!fill()) return -1;
        int n = Math.min(len, buffer.length - pos);
        System.arraycopy(buffer, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return buffer.length - pos;
    }

    private boolean fill() throws InterruptedIOException {
        if (pos < buffer.length) return true;
        CellGroupLeader cell = router.cellOfCurrentThread();
        CellGroupLeader running = router.running();
        if (cell == null || cell != running) {
            if (cell != null) cell.err().println("System.in: only the running cell can read input; this reads end of input");
            return false;
        }
        cell.out().flush();
        String line;
        try {
            line = cell.output().readLine("", false);
        } catch (InterruptedException e) {
            throw new InterruptedIOException("interrupted while waiting for input");
        }
        if (line == null) {
            cell.err().println("System.in: this frontend does not send input (allow_stdin is off), so this reads end of input");
            return false;
        }
        buffer = (line + "\n").getBytes(StandardCharsets.UTF_8);
        pos = 0;
        return true;
    }
}
