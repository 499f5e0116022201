package loombook.kernel.visual;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import loombook.Node;
import loombook.SchedulerInfo;
import loombook.kernel.display.MimeBundle;

/**
 * A picture of the runtime's schedulers: one bar per scheduler for how busy it was, its recent
 * history as a small line, how many processes wait in its run queue and how many it took from
 * busier schedulers; the one picture that {@link LiveSchedulers} redraws in place, as the load
 * charts of the BEAM's observer do.
 *
 * <pre>{@code
 * schedulerChart()       // how busy each scheduler was over the last 100 ms
 * }</pre>
 */
public final class SchedulerChart extends Visual {
    /** How many past samples a row's history line shows. */
    static final int HISTORY = 60;
    private static final double ROW = 24, TOP = 30, WIDTH = 560;
    private static final double BAR_X = 96, BAR_W = 200, SPARK_X = 352, SPARK_W = 120;

    private final String title;
    private final List<SchedulerInfo> schedulers;
    private final List<double[]> history;

    SchedulerChart(String title, List<SchedulerInfo> schedulers, List<double[]> history) {
        this.title = title;
        this.schedulers = List.copyOf(schedulers);
        this.history = history;
    }

    /** The schedulers now, measured over {@code millis} ms (the calling process sleeps meanwhile). */
    static SchedulerChart measure(long millis) {
        List<SchedulerInfo> s = loombook.Process.schedulers(millis);
        return new SchedulerChart(titleFor(s, "over the last " + millis + " ms"), s, List.of());
    }

    static String titleFor(List<SchedulerInfo> s, String when) {
        if (s.isEmpty()) return "Schedulers: none of the runtime's own (" + Node.schedulerDescription() + ")";
        double busy = 0;
        for (SchedulerInfo i : s) busy += i.utilization();
        return String.format(Locale.ROOT, "%d schedulers, %.1f of %d busy (%s)", s.size(), busy, s.size(), when);
    }

    /** The snapshots it shows, one per scheduler. */
    public List<SchedulerInfo> schedulers() {
        return schedulers;
    }

    @Override
    public MimeBundle toMimeBundle() {
        return diagram(text(), svg(), null);
    }

    /**
     * The chart as text:
     * {@code  1 [##############------]  70%  queue 0  stolen 4}, a line per scheduler.
     */
    @Override
    public String text() {
        StringBuilder sb = new StringBuilder(title).append('\n');
        for (SchedulerInfo i : schedulers) {
            int filled = (int) Math.round(20 * i.utilization());
            sb.append(String.format(Locale.ROOT, "%3d [%s%s] %3.0f%%  queue %d  stolen %d%s%n", i.id(), "#".repeat(filled),
                    "-".repeat(20 - filled), 100 * i.utilization(), i.runQueueLength(), i.stolen(), i.online() ? "" : "  (offline)"));
        }
        return sb.toString().stripTrailing();
    }

    /** The chart as SVG. */
    public String svg() {
        double height = TOP + ROW * Math.max(1, schedulers.size()) + 10;
        Svg s = Svg.document(WIDTH, height, title);
        s.text(12, 19, title, "start", Svg.INK, 12, false, true, false);
        for (int k = 0; k < schedulers.size(); k++) {
            SchedulerInfo i = schedulers.get(k);
            double y = TOP + k * ROW;
            double u = i.utilization();
            String colour = !i.online() ? Svg.FAINT : u >= 0.9 ? Svg.ORANGE : Svg.BLUE;
            s.group(String.format(Locale.ROOT, "scheduler %d: %.0f%% busy, %d waiting in its run queue, %d processes taken from busier schedulers%s",
                    i.id(), 100 * u, i.runQueueLength(), i.stolen(), i.online() ? "" : " (offline: takes no new processes)"));
            s.text(12, y + 15, "scheduler " + i.id(), "start", i.online() ? Svg.INK : Svg.FAINT, 12, false, false, false);
            s.rect(BAR_X, y + 4, BAR_W, 14, 3, Svg.BOX, Svg.BORDER, 1, null);
            if (u > 0) s.rect(BAR_X, y + 4, Math.max(1, BAR_W * u), 14, 3, colour, null, 0, null);
            s.text(BAR_X + BAR_W + 8, y + 15, String.format(Locale.ROOT, "%3.0f%%", 100 * u), "start", Svg.INK, 12, true, false, false);
            double[] h = k < history.size() ? history.get(k) : null;
            if (h != null && h.length > 1) {
                s.rect(SPARK_X, y + 3, SPARK_W, 16, 2, null, Svg.BORDER, 0.5, null);
                StringBuilder d = new StringBuilder();
                double step = SPARK_W / (HISTORY - 1);
                double x0 = SPARK_X + SPARK_W - step * (h.length - 1);
                for (int j = 0; j < h.length; j++) {
                    d.append(j == 0 ? 'M' : 'L').append(Svg.n(x0 + j * step)).append(',').append(Svg.n(y + 18 - 14 * h[j]));
                }
                s.path(d.toString(), null, colour, 1.2, null);
            }
            s.text(SPARK_X + SPARK_W + 10, y + 15, "queue " + i.runQueueLength(), "start", Svg.MUTED, 11, false, false, false);
            s.groupEnd();
        }
        return s.end();
    }

    /** Histories of utilization, oldest first, one per scheduler: what {@link LiveSchedulers} keeps. */
    static List<double[]> histories(List<List<Double>> samples) {
        List<double[]> out = new ArrayList<>();
        for (List<Double> h : samples) out.add(h.stream().mapToDouble(Double::doubleValue).toArray());
        return out;
    }
}
