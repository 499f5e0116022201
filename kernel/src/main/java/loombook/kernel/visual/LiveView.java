package loombook.kernel.visual;

import loombook.Process;
import loombook.kernel.display.Display;
import loombook.kernel.display.DisplayHandle;
import loombook.kernel.display.MimeBundle;

/**
 * The lifecycle that a live process table and a live supervision tree share: one output with its
 * own display id, drawn where the view was made and redrawn in place on a timer until
 * {@link #stop()} or the time is up, also while later cells run; then one last picture, marked
 * stopped (or why it stopped), which is what stays in the saved notebook. A refresh or a stop asked
 * for from another cell or process changes the view's own output, never the asker's.
 *
 * <pre>{@code
 * var view = liveProcesses(250, 10_000);   // a LiveView: redrawn four times a second for 10 s
 * view.refresh();                          // once more, now
 * boolean live = view.running();           // true
 * view.stop();                             // the last picture, marked "stopped"
 * }</pre>
 *
 * @param <V> the kind of view, which {@link #refresh()} returns
 */
public abstract sealed class LiveView<V extends LiveView<V>> extends Visual implements AutoCloseable permits LiveTable, LiveTree {
    /** The shortest time between two pictures. */
    static final long MIN_EVERY_MILLIS = 50;

    /** A process for the calls a picture needs (a supervisor's children, a server's state). */
    final Helper helper;
    private final Ticker ticker;
    private volatile DisplayHandle handle;
    private volatile Visual last;

    /**
     * Checks the timing (an error names {@code function}, the method that made the view) and sets
     * up the timer and the helper (named {@code label}); a subclass then calls {@link #show()} when
     * it can draw.
     */
    LiveView(String function, String label, long everyMillis, long forMillis) {
        if (everyMillis < MIN_EVERY_MILLIS) {
            throw new IllegalArgumentException(function + ": refresh every " + MIN_EVERY_MILLIS + " ms or more, not " + everyMillis);
        }
        if (forMillis <= 0) throw new IllegalArgumentException(function + ": the time to run must be positive, not " + forMillis);
        this.helper = new Helper(label, Process.groupLeader());
        this.ticker = new Ticker("loombook-" + label.replace(' ', '-'), everyMillis, forMillis, new Ticker.View() {
            @Override
            public void tick() {
                Visual p = picture(null);
                if (p != null) handle.update(p);
            }

            @Override
            public void last(String ending) {
                try {
                    handle.update(picture(ending));
                } finally {
                    helper.close();
                }
            }
        });
    }

    /**
     * The picture now: {@code ending} is null while the view is live, else why it ended
     * ({@code "stopped"}, {@code "stopped after its time"}, {@code "stopped: <what failed>"}), to be
     * shown in the last picture. While live, null means "nothing new to show".
     */
    abstract Visual picture(String ending);

    /** Shows the first picture under the current cell and starts the timer. */
    final void show() {
        handle = Display.display(picture(null));
        ticker.start();
    }

    /** Keeps {@code picture} as the one {@link #text()} describes, and returns it. */
    final <P extends Visual> P remember(P picture) {
        last = picture;
        return picture;
    }

    /** When the view stops by itself, in {@link System#nanoTime()}. */
    final long deadline() {
        return ticker.deadline();
    }

    /** Redraws it now (its own thread does it, at once), and returns it. */
    @SuppressWarnings("unchecked")
    public final V refresh() {
        ticker.poke();
        return (V) this;
    }

    /**
     * Stops redrawing: the last picture, marked stopped, goes out before this returns (within two
     * seconds). Stopping twice does nothing.
     */
    public final void stop() {
        ticker.finish();
    }

    /** Stops it: for try-with-resources around the work to watch. */
    @Override
    public final void close() {
        stop();
    }

    /** Whether it still redraws. */
    public final boolean running() {
        return !ticker.finished();
    }

    /** The last picture, as text. */
    @Override
    public final String text() {
        Visual v = last;
        return v == null ? "live view" : v.text();
    }

    /** Nothing: the view shows itself where it was made. */
    @Override
    public final MimeBundle toMimeBundle() {
        return null;
    }
}
