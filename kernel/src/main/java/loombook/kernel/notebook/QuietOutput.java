package loombook.kernel.notebook;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A notebook left alone goes quiet: once nobody has asked the kernel anything for
 * {@link #quietAfterMinutes()} (no cell run, no completion, no interrupt, no reconnection), what cells
 * and their processes write is dropped instead of sent, until the next request. Each cell that loses
 * output says so once, and again with the count when the next request comes.
 *
 * <p>Why: a Jupyter server counts every output message as activity, so a process that prints for
 * ever (a forgotten {@code sendInterval} loop, a spinning cell that logs) would keep an abandoned
 * kernel, and on a hub its student's server, alive past every idle culler. Quiet, the kernel sends
 * nothing, the server's idle clock runs, and the culler can do its work. Status and replies are
 * never dropped: a cell that ends still ends.
 *
 * <pre>{@code
 * %settings quietAfterMinutes=30      // 0: never quiet
 * }</pre>
 */
final class QuietOutput {
    private static volatile double quietAfterMinutes = 60;

    private final LongSupplier nanoClock;
    private volatile long lastRequest;
    private final Set<Guarded> silenced = ConcurrentHashMap.newKeySet();

    QuietOutput(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.lastRequest = nanoClock.getAsLong();
    }

    /** Minutes without a request after which output is dropped; 0 is never. */
    static double quietAfterMinutes() {
        return quietAfterMinutes;
    }

    /** Sets {@link #quietAfterMinutes()}; 0 turns quiet off. */
    static void quietAfterMinutes(double minutes) {
        if (!(minutes >= 0) || Double.isInfinite(minutes)) {
            throw new IllegalArgumentException("quietAfterMinutes is 0 (never) or a number of minutes, not " + minutes);
        }
        quietAfterMinutes = minutes;
    }

    /** The frontend asked for something: output flows again, and every cell that lost some hears how much. */
    void requestArrived() {
        lastRequest = nanoClock.getAsLong();
        for (Guarded g : silenced) g.resume();
    }

    /** Whether output is being dropped now. */
    boolean quiet() {
        double m = quietAfterMinutes;
        return m > 0 && nanoClock.getAsLong() - lastRequest > (long) (m * TimeUnit.MINUTES.toNanos(1));
    }

    /** {@code output}, quiet when the notebook is. */
    CellOutput guard(CellOutput output) {
        return new Guarded(output);
    }

    private final class Guarded implements CellOutput {
        private final CellOutput output;
        private long droppedWrites;
        private long droppedChars;

        Guarded(CellOutput output) {
            this.output = output;
        }

        @Override
        public void stdout(String text) {
            if (!drop(text.length())) output.stdout(text);
        }

        @Override
        public void stderr(String text) {
            if (!drop(text.length())) output.stderr(text);
        }

        @Override
        public void display(Map<String, Object> data, Map<String, Object> metadata, String displayId, boolean update) {
            if (!drop(0)) output.display(data, metadata, displayId, update);
        }

        @Override
        public String readLine(String prompt, boolean password) throws InterruptedException {
            return output.readLine(prompt, password);
        }

        private boolean drop(int chars) {
            if (!quiet()) return false;
            synchronized (this) {
                if (!quiet()) return false;                     // a request came in meanwhile
                if (droppedWrites == 0) {
                    silenced.add(this);
                    output.stderr("[loombook] nothing has asked this kernel anything for " + minutes() + ", so the output "
                            + "of this cell and its processes is paused (an idle server can then be shut down). "
                            + "Run any cell to see it again.\n");
                }
                droppedWrites++;
                droppedChars += chars;
            }
            return true;
        }

        private synchronized void resume() {
            if (droppedWrites == 0) return;
            output.stderr("[loombook] output resumed; %,d writes (%,d characters) were dropped while it was paused.%n"
                    .formatted(droppedWrites, droppedChars));
            droppedWrites = 0;
            droppedChars = 0;
            silenced.remove(this);
        }
    }

    private static String minutes() {
        double m = quietAfterMinutes;
        if (m < 1) return Math.round(m * 60) + " seconds";
        return m == Math.rint(m) ? (long) m + (m == 1 ? " minute" : " minutes") : m + " minutes";
    }
}
