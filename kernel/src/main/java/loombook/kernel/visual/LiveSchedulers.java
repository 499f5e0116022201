package loombook.kernel.visual;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import loombook.Process;
import loombook.SchedulerInfo;
import loombook.kernel.display.Display;
import loombook.kernel.display.DisplayHandle;
import loombook.kernel.display.MimeBundle;

/**
 * How busy each scheduler is, redrawn in place (through a Jupyter display id) until it is stopped
 * or its time is up: what {@link Visuals#liveSchedulers()} shows. Keep it open while a parallel
 * map runs in another cell and watch every core go to work; it keeps drawing after its own cell
 * has finished, and when it stops its last picture sums up the whole time it ran.
 *
 * <pre>{@code
 * var load = liveSchedulers();              // four times a second, for at most a minute
 * for (int i = 0; i < 4; i++) spawn(() -> { long n = 0; for (long k = 0; k < 300_000_000L; k++) n += k; });
 * }</pre>
 * <pre>{@code
 * load.stop();
 *
 * try (var l = liveSchedulers(100, 60_000)) {   // while this cell works
 *     Task.asyncStream(List.of(1, 2, 3, 4), i -> { long s = 0; for (long k = 0; k < 200_000_000L; k++) s += k ^ i; return s; }).toList();
 * }
 * }</pre>
 */
public final class LiveSchedulers extends Visual implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final DisplayHandle handle;
    private final long everyMillis;
    private final Ticker ticker;
    private final List<List<Double>> history = new ArrayList<>();
    private List<SchedulerInfo> previous;
    private final List<SchedulerInfo> first;
    private final long startedAt = System.nanoTime();
    private volatile boolean stopped;
    private volatile String why = "";
    private volatile SchedulerChart last;

    LiveSchedulers(long everyMillis, long forMillis) {
        if (everyMillis < 50) throw new IllegalArgumentException("liveSchedulers: redraw every 50 ms or more, not " + everyMillis);
        if (forMillis <= 0) throw new IllegalArgumentException("liveSchedulers: the time to run must be positive, not " + forMillis);
        this.everyMillis = everyMillis;
        this.previous = Process.schedulers(0);
        this.first = previous;
        this.ticker = new Ticker("loombook-live-schedulers", everyMillis, forMillis, new Ticker.View() {
            @Override
            public void tick() {
                handle.update(chart());
            }

            @Override
            public void last(String ending) {
                stopped = true;
                why = ending;
                handle.update(chart());
            }
        });
        this.handle = Display.display(chart());
        ticker.start();
    }

    /**
     * Stops redrawing; the chart then shows how busy each scheduler was over the whole time it ran
     * (and the history lines, the last samples). Stopping twice does nothing.
     */
    public void stop() {
        ticker.finish();
    }

    /** Stops it: for try-with-resources around the work to watch. */
    @Override
    public void close() {
        stop();
    }

    /** Whether it still redraws. */
    public boolean running() {
        return !ticker.finished();
    }

    /**
     * A new sample: each scheduler's utilization since the previous one, its history; once stopped,
     * the bars show the utilization over the whole time the chart ran.
     */
    private synchronized SchedulerChart chart() {
        List<SchedulerInfo> now = Process.schedulers(0);
        List<SchedulerInfo> shown = new ArrayList<>(now.size());
        for (int i = 0; i < now.size(); i++) {
            SchedulerInfo s = i < previous.size() ? now.get(i).since(previous.get(i)) : now.get(i);
            while (history.size() <= i) history.add(new ArrayList<>());
            List<Double> h = history.get(i);
            h.add(s.utilization());
            if (h.size() > SchedulerChart.HISTORY) h.remove(0);
            shown.add(stopped && i < first.size() ? now.get(i).since(first.get(i)) : s);
        }
        previous = now;
        SchedulerChart c = new SchedulerChart(SchedulerChart.titleFor(shown, header()), shown, SchedulerChart.histories(history));
        last = c;
        return c;
    }

    private String header() {
        if (stopped) return String.format(java.util.Locale.ROOT, "%s; busy over the %.1f s it ran", why, (System.nanoTime() - startedAt) / 1e9);
        String every = everyMillis % 1000 == 0 ? everyMillis / 1000 + " s" : everyMillis + " ms";
        LocalTime until = LocalTime.now().plusNanos(Math.max(0, ticker == null ? 0 : ticker.deadline() - System.nanoTime()));
        return "live: every " + every + " until " + until.format(TIME);
    }

    /** The last picture, as text. */
    @Override
    public String text() {
        SchedulerChart c = last;
        return c == null ? "live scheduler chart" : c.text();
    }

    /** Nothing: the chart shows itself where it was made. */
    @Override
    public MimeBundle toMimeBundle() {
        return null;
    }
}
