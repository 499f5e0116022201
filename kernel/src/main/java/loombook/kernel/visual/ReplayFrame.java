package loombook.kernel.visual;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import loombook.Pid;
import loombook.Schedule;
import loombook.TraceEvent;
import loombook.kernel.display.Html;
import loombook.kernel.display.MimeBundle;

/**
 * One step of a {@link Replay}: the message sequence diagram of the schedule up to that step, with
 * the step's rows marked (orange if it is the choice that made the schedule fail), each process's
 * mailbox after it in a box under its column, who moved and what it did, who could have moved
 * instead, and what was printed. A cell that ends with {@code replay.step()} shows it.
 *
 * <pre>{@code
 * ReplayFrame f = replay(found).step();    // found = Races.explore(...), which found a failing schedule
 * f
 * }</pre>
 */
public final class ReplayFrame extends Visual {
    private final Schedule schedule;
    private final int index;
    private final SequenceDiagram diagram;

    ReplayFrame(Schedule schedule, int index) {
        this.schedule = schedule;
        this.index = index;
        this.diagram = build();
    }

    /**
     * Which step this is (0 for the first; -1 before any).
     *
     * <pre>{@code
     * f.index()
     * }</pre>
     */
    public int index() {
        return index;
    }

    /**
     * The step, or null before the first.
     *
     * <pre>{@code
     * f.step().action()
     * }</pre>
     */
    public Schedule.Step step() {
        return index < 0 ? null : schedule.steps().get(index);
    }

    /**
     * Whether this step is the choice that made the schedule fail.
     *
     * <pre>{@code
     * f.critical()
     * }</pre>
     */
    public boolean critical() {
        return index >= 0 && index == schedule.critical();
    }

    /**
     * The diagram up to this step, its rows marked and the mailboxes under the columns.
     *
     * <pre>{@code
     * f.diagram().marks()
     * }</pre>
     */
    public SequenceDiagram diagram() {
        return diagram;
    }

    /**
     * Each live process's mailbox after this step (empty before the first).
     *
     * <pre>{@code
     * f.mailboxes()
     * }</pre>
     */
    public Map<Pid, List<Object>> mailboxes() {
        return index < 0 ? Map.of() : schedule.steps().get(index).mailboxes();
    }

    private SequenceDiagram build() {
        long upTo = index < 0 ? Long.MIN_VALUE : schedule.steps().get(index).endNanos();
        List<TraceEvent> seen = new ArrayList<>();
        for (TraceEvent e : schedule.events()) if (e.nanos() <= upTo) seen.add(e);
        SequenceDiagram d = SequenceDiagram.of(seen, schedule.root(), schedule.names());
        if (index < 0) return d;
        Schedule.Step s = schedule.steps().get(index);
        int[] rows = d.rowsBetween(s.startNanos(), s.endNanos());
        if (rows != null) d.mark(rows[0], rows[1], critical() ? schedule.criticalNote() : "step " + (index + 1) + ": " + who(s) + " " + s.action(), critical());
        Map<Pid, List<String>> boxes = new LinkedHashMap<>();
        s.mailboxes().forEach((pid, messages) -> {
            List<String> labels = new ArrayList<>();
            for (Object m : messages) labels.add(Messages.label(m));
            boxes.put(pid, labels);
        });
        d.footers("mailbox", boxes);
        return d;
    }

    private String who(Schedule.Step s) {
        if (s.pid() == null) return "timer " + s.actor();
        return schedule.names().getOrDefault(s.pid(), s.actor());
    }

    /**
     * "Step 3 of 26: process 2 sends Get[...] to counter", or what comes before the first.
     *
     * <pre>{@code
     * f.caption()
     * }</pre>
     */
    public String caption() {
        int n = schedule.steps().size();
        if (index < 0) return "Before step 1 of " + n + ": nothing has run yet. step() runs the first.";
        Schedule.Step s = schedule.steps().get(index);
        StringBuilder sb = new StringBuilder("Step ").append(index + 1).append(" of ").append(n).append(": ").append(who(s))
                .append(" (").append(s.actor()).append(") ").append(s.action());
        if (!s.alternatives().isEmpty()) {
            List<String> alt = new ArrayList<>();
            for (String a : s.alternatives()) alt.add(nameOf(a));
            sb.append(". Could have moved instead: ").append(String.join(", ", alt));
        }
        if (index == n - 1) sb.append(". That is the last step: ").append(schedule.failure().map(f -> "✗ " + f).orElse("✓ the check passed"));
        return sb.toString();
    }

    private String nameOf(String actor) {
        for (Schedule.Step st : schedule.steps()) {
            if (st.actor().equals(actor) && st.pid() != null) return schedule.names().getOrDefault(st.pid(), actor);
        }
        return actor.contains("t") ? "timer " + actor : actor;
    }

    @Override
    public String text() {
        StringBuilder sb = new StringBuilder(caption());
        if (critical()) sb.append("\n>>> ").append(schedule.criticalNote());
        Schedule.Step s = step();
        if (s != null && !s.output().isEmpty()) sb.append("\nprinted: ").append(s.output().stripTrailing());
        sb.append("\n\n").append(diagram.text());
        return sb.toString();
    }

    @Override
    public MimeBundle toMimeBundle() {
        String svg = diagram.svg();
        StringBuilder html = new StringBuilder("<div style=\"font-family:system-ui,sans-serif;font-size:13px;margin:2px 0 6px 0\">")
                .append(Html.escape(caption())).append("</div>");
        if (critical()) {
            html.append("<div style=\"font-family:system-ui,sans-serif;font-size:13px;color:#bc4c00;margin-bottom:4px\">⚑ ")
                    .append(Html.escape(schedule.criticalNote())).append("</div>");
        }
        Schedule.Step s = step();
        if (s != null && !s.output().isEmpty()) {
            html.append("<pre style=\"margin:2px 0 6px 0\">").append(Html.escape(s.output().stripTrailing())).append("</pre>");
        }
        html.append(svgImage(svg, caption()));
        return MimeBundle.text(text()).with("text/html", html.toString()).with("image/svg+xml", svg);
    }
}
