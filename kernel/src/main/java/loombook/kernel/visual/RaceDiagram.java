package loombook.kernel.visual;

import java.util.List;
import java.util.Objects;
import loombook.Exploration;
import loombook.Races;
import loombook.Schedule;
import loombook.kernel.display.Html;
import loombook.kernel.display.MimeBundle;
import loombook.kernel.display.Renderers;

/**
 * What an exploration of races found, drawn: its summary and, for a failing schedule, the message
 * sequence diagram of that schedule with the choice that made it fail marked, what failed, and the
 * schedule as text to replay. A cell that ends with {@link Races#explore} (an {@link Exploration})
 * or with a {@link Schedule} shows this.
 *
 * <pre>{@code
 * record Ask(Pid from) {}
 * record Tell(int value) {}
 * var lostUpdate = Races.explore(() -> {
 *     Pid c = spawn(() -> loop(0, (n, m) -> switch (m) {
 *         case Ask(var from) -> { send(from, n); yield next(n); }
 *         case Tell(var v) -> next(v);
 *         default -> skip();
 *     }));
 *     Runnable increment = () -> { send(c, new Ask(self())); send(c, new Tell(receive(Integer.class) + 1)); };
 *     spawn(increment);
 *     spawn(increment);
 *     return c;
 * }, c -> { send(c, new Ask(self())); return receive(Integer.class) == 2; });
 * RaceDiagram.of(lostUpdate)
 * }</pre>
 */
public final class RaceDiagram extends Visual {
    private final Exploration exploration;
    private final Schedule schedule;
    private final SequenceDiagram diagram;

    private RaceDiagram(Exploration exploration, Schedule schedule) {
        this.exploration = exploration;
        this.schedule = schedule;
        this.diagram = schedule == null ? null : diagramOf(schedule);
    }

    /**
     * The picture of an exploration: its failing schedule if it found one, else its summary.
     *
     * <pre>{@code
     * RaceDiagram.of(Races.explore(() -> 42, n -> n == 42))     // no failing schedule: the summary
     * }</pre>
     */
    public static RaceDiagram of(Exploration exploration) {
        Objects.requireNonNull(exploration, "exploration");
        return new RaceDiagram(exploration, exploration.failure().orElse(null));
    }

    /**
     * The picture of one schedule (a failing one found, or one replayed with {@link Races#replay}).
     *
     * <pre>{@code
     * RaceDiagram.of(lostUpdate.failure().get()).diagram().marks()
     * }</pre>
     */
    public static RaceDiagram of(Schedule schedule) {
        return new RaceDiagram(null, Objects.requireNonNull(schedule, "schedule"));
    }

    /**
     * Makes explorations and schedules show as these pictures wherever values are shown (the
     * kernel does this at start).
     *
     * <pre>{@code
     * RaceDiagram.register(loombook.kernel.display.Renderers.standard());
     * }</pre>
     */
    public static void register(Renderers renderers) {
        renderers.register(Exploration.class, (e, all) -> of(e).toMimeBundle());
        renderers.register(Schedule.class, (s, all) -> of(s).toMimeBundle());
    }

    /**
     * The sequence diagram of the schedule (null if the exploration found no failing one).
     *
     * <pre>{@code
     * RaceDiagram.of(lostUpdate).diagram().participants().size()
     * }</pre>
     */
    public SequenceDiagram diagram() {
        return diagram;
    }

    private static SequenceDiagram diagramOf(Schedule s) {
        SequenceDiagram d = SequenceDiagram.of(s.events(), s.root(), s.names());
        if (s.critical() >= 0) {
            int[] rows = rowsOf(d, s, s.critical());
            if (rows != null) d.mark(rows[0], rows[1], s.criticalNote(), true);
        }
        d.note(s.failure().map(f -> "✗ " + f).orElse("✓ this schedule passed the check"));
        return d;
    }

    /** The rows of step {@code k}, or of the first step after it that made any (a wait makes none). */
    static int[] rowsOf(SequenceDiagram d, Schedule s, int k) {
        List<Schedule.Step> steps = s.steps();
        for (int i = k; i < steps.size(); i++) {
            int[] rows = d.rowsBetween(steps.get(i).startNanos(), steps.get(i).endNanos());
            if (rows != null) return rows;
        }
        return null;
    }

    private String summary() {
        if (exploration != null) return exploration.summary();
        return schedule.failure().map(f -> "A failing schedule (" + schedule.steps().size() + " steps): " + f)
                .orElse("A passing schedule (" + schedule.steps().size() + " steps)");
    }

    @Override
    public String text() {
        StringBuilder sb = new StringBuilder(summary());
        if (exploration != null && exploration.note() != null) sb.append("\nnote: ").append(exploration.note());
        if (schedule != null) {
            sb.append("\n\n").append(diagram.text());
            sb.append("\n\nschedule: ").append(schedule.trace());
            sb.append("\nreplay it: Races.replay(schedule, scenario, check); step through it: replay(...).step()");
        }
        return sb.toString();
    }

    @Override
    public MimeBundle toMimeBundle() {
        boolean failed = schedule != null && schedule.failed();
        String head = "<div style=\"font-family:system-ui,sans-serif;font-size:13px;margin:2px 0 6px 0;color:"
                + (failed ? "#cf222e" : "#1a7f37") + "\"><b>" + (failed ? "✗ " : "✓ ") + "</b>" + Html.escape(summary()) + "</div>";
        if (exploration != null && exploration.note() != null) {
            head += "<div style=\"font-family:system-ui,sans-serif;font-size:12px;color:#bc4c00\">note: " + Html.escape(exploration.note()) + "</div>";
        }
        if (diagram == null) return MimeBundle.html(head, text());
        String svg = diagram.svg();
        String tail = "<div style=\"font-family:system-ui,sans-serif;font-size:12px;color:#656d76;margin-top:4px\">schedule "
                + "(replay it with <code>Races.replay(schedule, scenario, check)</code>, step through it with "
                + "<code>replay(...).step()</code>):<br><code style=\"word-break:break-all\">" + Html.escape(schedule.trace())
                + "</code></div>";
        return MimeBundle.text(text())
                .with("text/html", head + svgImage(svg, summary()) + tail)
                .with("image/svg+xml", svg)
                .with("text/vnd.mermaid", diagram.mermaid());
    }
}
