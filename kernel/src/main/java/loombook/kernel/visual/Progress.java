package loombook.kernel.visual;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import loombook.kernel.display.Display;
import loombook.kernel.display.DisplayHandle;
import loombook.kernel.display.Html;
import loombook.kernel.display.MimeBundle;

/**
 * A progress bar for long work, updated in place (at most a few times a second, however often
 * it is stepped), with the count, the rate, the time taken and the time left; a text line where
 * HTML is not shown. Any process may step it. {@link Visuals#progress(long)} makes one.
 *
 * <pre>{@code
 * var items = List.of(1, 2, 3, 4, 5);
 * var bar = progress("squares", items.size());
 * var squares = Task.asyncStream(items, x -> { sleep(200); bar.step(); return x * x; }).toList();
 * }</pre>
 */
public final class Progress extends Visual implements AutoCloseable {
    private static final long TICK_MILLIS = 150;

    private final String label;
    private final long total;
    private final AtomicLong count = new AtomicLong();
    private final long started = System.nanoTime();
    private final DisplayHandle handle;
    private final Ticker ticker;
    private volatile boolean finished;
    private volatile long finishedAt;
    private volatile String ended;
    private long shown = -1;

    Progress(String label, long total) {
        this.label = label == null ? "" : label;
        this.total = total;
        this.ticker = new Ticker("loombook-progress", TICK_MILLIS, 3600L * 1000, new Ticker.View() {
            @Override
            public void tick() {
                show(false);
            }

            @Override
            public void last(String ending) {
                if (!finished) ended = ending;      // its hour is up, or a picture failed: the bar says it stopped
                show(true);
            }
        });
        this.handle = Display.display(MimeBundle.html(html(), text()));
        ticker.start();
    }

    private synchronized void show(boolean force) {
        long c = count.get();
        if (!force && c == shown) return;
        shown = c;
        handle.update(MimeBundle.html(html(), text()));
    }

    /** One more item done. */
    public void step() {
        step(1);
    }

    /** {@code n} more items done; the bar finishes itself when the count reaches the total. */
    public void step(long n) {
        long c = count.addAndGet(n);
        if (total > 0 && c >= total) done();
    }

    /** Sets the count. */
    public void set(long n) {
        count.set(n);
        if (total > 0 && n >= total) done();
    }

    /** How many items are done. */
    public long count() {
        return count.get();
    }

    /** How many items there are (0 or less: not known). */
    public long total() {
        return total;
    }

    /** Marks the work finished and shows the final figures. */
    public void done() {
        if (finished) return;
        finished = true;
        finishedAt = System.nanoTime();
        ticker.finish();
    }

    /** Whether {@link #done()} was called (or the count reached the total). */
    public boolean finished() {
        return finished;
    }

    /** Finishes it: for try-with-resources. */
    @Override
    public void close() {
        done();
    }

    private double seconds() {
        long end = finished ? finishedAt : System.nanoTime();
        return (end - started) / 1e9;
    }

    private String figures() {
        long c = count.get();
        double s = seconds();
        StringBuilder sb = new StringBuilder();
        if (total > 0) {
            sb.append(String.format(Locale.ROOT, "%,d / %,d · %d%%", c, total, Math.min(100, Math.round(100.0 * c / total))));
        } else {
            sb.append(String.format(Locale.ROOT, "%,d", c));
        }
        sb.append(" · ").append(duration(s));
        if (c > 0 && s > 0.05) sb.append(" · ").append(rate(c / s));
        if (!finished && ended == null && total > 0 && c > 0 && c < total) sb.append(" · ~").append(duration(s * (total - c) / c)).append(" left");
        if (finished) sb.append(" · done");
        else if (ended != null) sb.append(" · ").append(ended);
        return sb.toString();
    }

    private static String duration(double s) {
        if (s < 1) return String.format(Locale.ROOT, "%.0f ms", s * 1000);
        if (s < 60) return String.format(Locale.ROOT, "%.1f s", s);
        return String.format(Locale.ROOT, "%d min %02d s", (long) s / 60, (long) s % 60);
    }

    private static String rate(double perSecond) {
        if (perSecond >= 10) return String.format(Locale.ROOT, "%,.0f/s", perSecond);
        return String.format(Locale.ROOT, "%.1f/s", perSecond);
    }

    /** The bar as text: {@code squares [########------------] 400 / 1,000 · 40% · 1.2 s}. */
    @Override
    public String text() {
        int width = 24;
        long c = count.get();
        int filled = total > 0 ? (int) Math.min(width, width * c / total) : 0;
        String bar = total > 0 ? "[" + "#".repeat(filled) + "-".repeat(width - filled) + "] " : "";
        return (label.isEmpty() ? "" : label + " ") + bar + figures();
    }

    /** The bar as HTML (inline styles only). */
    public String html() {
        long c = count.get();
        double pct = total > 0 ? Math.min(100.0, 100.0 * c / total) : 0;
        String colour = finished ? Svg.GREEN : Svg.BLUE;
        StringBuilder h = new StringBuilder();
        h.append("<div style=\"font-family:").append(Html.escape(Svg.SANS)).append(";font-size:12px;display:flex;")
                .append("align-items:center;gap:10px;padding:2px 0\">");
        if (!label.isEmpty()) h.append("<span style=\"font-weight:600\">").append(Html.escape(label)).append("</span>");
        if (total > 0) {
            h.append("<div role=\"progressbar\" aria-valuemin=\"0\" aria-valuemax=\"").append(total).append("\" aria-valuenow=\"").append(c)
                    .append("\" style=\"width:280px;height:10px;background:#eaeef2;border:1px solid #d0d7de;border-radius:6px;overflow:hidden\">")
                    .append("<div style=\"width:").append(String.format(Locale.ROOT, "%.1f", pct)).append("%;height:100%;background:").append(colour)
                    .append("\"></div></div>");
        }
        h.append("<span style=\"opacity:0.7;font-variant-numeric:tabular-nums\">").append(Html.escape(figures())).append("</span></div>");
        return h.toString();
    }

    /** Nothing: the bar shows itself where it was made. */
    @Override
    public MimeBundle toMimeBundle() {
        return null;
    }
}
