package loombook.kernel.visual;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import loombook.kernel.visual.SequenceDiagram.Kind;
import loombook.kernel.visual.SequenceDiagram.Message;
import loombook.kernel.visual.SequenceDiagram.Participant;
import loombook.kernel.visual.SequenceDiagram.Step;

/** Draws a {@link SequenceDiagram} as SVG: columns with lifelines, one row per step, a legend. */
final class SequenceSvg {
    private static final double PAD = 16;
    private static final double CAPTION = 30;
    private static final double BOX_H = 36;
    private static final double ROW = 30;
    private static final double SPAWN_ROW = 48;
    private static final double LABEL = 12;
    private static final double SELF_LOOP = 26;
    private static final double MIN_GAP = 130;
    private static final double FOUND = 64;

    private SequenceSvg() {}

    /** Labels are drawn after every line, so that no arrow crosses a label. */
    private static final ThreadLocal<List<Runnable>> LABELS = ThreadLocal.withInitial(ArrayList::new);

    /** How an arrow of each kind looks. */
    record Style(String colour, double width, String dash, boolean filledHead) {}

    static Style style(Kind k) {
        return switch (k) {
            case SEND -> new Style(Svg.INK, 1.5, null, false);
            case CALL -> new Style(Svg.BLUE, 1.75, null, true);
            case REPLY -> new Style(Svg.BLUE, 1.5, "6 4", false);
            case CAST -> new Style(Svg.PURPLE, 1.5, null, false);
            case SYSTEM -> new Style(Svg.FAINT, 1.25, "2 3", false);
            case DOWN -> new Style(Svg.ORANGE, 1.75, "2 3", true);
            case EXIT -> new Style(Svg.RED, 1.75, "2 3", true);
        };
    }

    static final Style SIGNAL = new Style(Svg.RED, 2, "7 3", true);
    static final Style SPAWN = new Style(Svg.GREEN, 1.5, "5 3", false);

    static String render(SequenceDiagram d) {
        LABELS.get().clear();
        List<Participant> ps = d.participants();
        List<Step> steps = d.steps();
        int n = ps.size();
        int rows = d.rows();
        boolean truncated = d.omittedEvents() > 0;

        // ---- row heights and line positions
        double[] rowH = new double[rows];
        java.util.Arrays.fill(rowH, ROW);
        for (Participant p : ps) if (p.createdRow() >= 0 && p.createdRow() < rows) rowH[p.createdRow()] = SPAWN_ROW;
        double headerTop = PAD + CAPTION;
        double rowsTop = headerTop + BOX_H + 14;
        double[] lineY = new double[rows];
        double y = rowsTop;
        for (int r = 0; r < rows; r++) {
            lineY[r] = y + rowH[r] - (rowH[r] == SPAWN_ROW ? 20 : 10);
            y += rowH[r];
        }
        double rowsBottom = y + 8;

        // ---- column widths and gaps
        double[] boxW = new double[n];
        for (int i = 0; i < n; i++) {
            Participant p = ps.get(i);
            boxW[i] = Math.max(84, Math.max(Svg.monoWidth(Svg.shorten(p.title(), 24), 12) + 22, Svg.monoWidth(p.pid().toString(), 10) + 18));
        }
        // boxes under the columns (a replay's mailboxes)
        java.util.Map<Integer, List<String>> footers = d.footers();
        double[] footW = new double[n];
        int footLines = 0;
        for (int i = 0; i < n; i++) {
            List<String> lines = footerLines(footers.get(i));
            if (lines == null) continue;
            footLines = Math.max(footLines, lines.size());
            double w = Svg.sansWidth(d.footerTitle() == null ? "" : d.footerTitle(), 10) + 16;
            for (String l : lines) w = Math.max(w, Svg.monoWidth(l, 11) + 16);
            footW[i] = Math.max(boxW[i], w);
        }
        double footH = footers.isEmpty() ? 0 : 22 + Math.max(1, footLines) * 14 + 8;
        double[] gap = new double[Math.max(0, n - 1)];
        for (int i = 0; i + 1 < n; i++) {
            gap[i] = Math.max(MIN_GAP, (boxW[i] + boxW[i + 1]) / 2 + 24);
            gap[i] = Math.max(gap[i], (footW[i] + footW[i + 1]) / 2 + 12);
        }
        double leftNeed = 0, rightNeed = 0;
        List<double[]> spans = new ArrayList<>();       // {lo, hi, width needed}
        for (Step s : steps) {
            switch (s) {
                case Message m -> {
                    double w = Svg.monoWidth(label(m, truncated), LABEL) + 34;
                    if (m.from() < 0) {
                        if (m.to() == 0) leftNeed = Math.max(leftNeed, Math.max(FOUND, w));
                        else spans.add(new double[] {m.to() - 1, m.to(), Math.max(FOUND, w) + boxW[m.to() - 1] / 2});
                    } else if (m.from() == m.to()) {
                        double need = SELF_LOOP + 12 + Svg.monoWidth(label(m, truncated), LABEL) + 12;
                        if (m.to() == n - 1) rightNeed = Math.max(rightNeed, need);
                        else spans.add(new double[] {m.to(), m.to() + 1, need + 10});
                    } else {
                        spans.add(new double[] {Math.min(m.from(), m.to()), Math.max(m.from(), m.to()), w});
                    }
                }
                case SequenceDiagram.Signal g -> {
                    double w = Svg.monoWidth("EXIT signal " + Svg.shorten(g.reason(), Messages.LABEL_MAX), LABEL) + 34;
                    if (g.from() >= 0 && g.from() != g.to()) spans.add(new double[] {Math.min(g.from(), g.to()), Math.max(g.from(), g.to()), w});
                    else if (g.to() == 0) leftNeed = Math.max(leftNeed, w);
                    else spans.add(new double[] {g.to() - 1, g.to(), w});
                }
                case SequenceDiagram.Exit e -> {
                    double need = 14 + Svg.monoWidth(exitLabel(e), 11) + 8;
                    if (e.participant() == n - 1) rightNeed = Math.max(rightNeed, need);
                    else spans.add(new double[] {e.participant(), e.participant() + 1, Math.min(need, 190)});    // longer ones cross the next lifeline
                }
                case SequenceDiagram.Spawn sp -> { }
            }
        }
        spans.sort((a, b) -> Double.compare(a[1] - a[0], b[1] - b[0]));
        for (double[] sp : spans) {
            int lo = (int) sp[0], hi = (int) sp[1];
            if (lo < 0 || hi >= n || lo >= hi) continue;
            double have = 0;
            for (int i = lo; i < hi; i++) have += gap[i];
            if (have < sp[2]) {
                double add = (sp[2] - have) / (hi - lo);
                for (int i = lo; i < hi; i++) gap[i] += add;
            }
        }
        double[] x = new double[n];
        double left = PAD + Math.max(n > 0 ? Math.max(boxW[0], footW[0]) / 2 : 0, leftNeed);
        if (!d.marks().isEmpty()) left += 14;      // room for the marks' flags
        for (int i = 0; i < n; i++) x[i] = i == 0 ? left : x[i - 1] + gap[i - 1];
        double right = n == 0 ? PAD + 200 : x[n - 1] + Math.max(Math.max(boxW[n - 1], footW[n - 1]) / 2, rightNeed) + PAD;

        // ---- legend and notes
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        boolean spawns = false, signals = false, exits = false, crashes = false, pending = false, found = false, flushed = false;
        for (Step s : steps) {
            switch (s) {
                case Message m -> {
                    kinds.add(m.kind());
                    if (!m.received() && !truncated && !Message.FLUSHED.equals(m.fate()) && !Message.RECEIVER_ENDED.equals(m.fate())) pending = true;
                    if (Message.FLUSHED.equals(m.fate())) flushed = true;
                    if (m.from() < 0) found = true;
                }
                case SequenceDiagram.Spawn sp -> spawns = true;
                case SequenceDiagram.Signal g -> signals = true;
                case SequenceDiagram.Exit e -> {
                    if (e.abnormal()) crashes = true;
                    else exits = true;
                }
            }
        }
        List<Object[]> legend = new ArrayList<>();      // {Style or marker, text}
        for (Kind k : kinds) legend.add(new Object[] {style(k), legendText(k)});
        if (spawns) legend.add(new Object[] {SPAWN, "spawn"});
        if (signals) legend.add(new Object[] {SIGNAL, "exit signal"});
        if (pending) legend.add(new Object[] {"pending", "not received"});
        if (flushed) legend.add(new Object[] {"flushed", "flushed unread"});
        if (found) legend.add(new Object[] {"found", "from a timer / outside"});
        if (crashes) legend.add(new Object[] {"crash", "abnormal end"});
        if (exits) legend.add(new Object[] {"exit", "normal end"});
        double legendItemW = 0;
        for (Object[] item : legend) legendItemW = Math.max(legendItemW, 38 + Svg.sansWidth((String) item[1], 11) + 18);
        int perLine = Math.max(1, (int) ((Math.max(right, 420) - 2 * PAD) / legendItemW));
        int legendLines = legend.isEmpty() ? 0 : (legend.size() + perLine - 1) / perLine;
        List<String> given = new ArrayList<>(d.notes());
        for (SequenceDiagram.Mark m : d.marks()) given.add("⚑ " + m.text());
        double width = Math.max(right, Math.max(420, PAD * 2 + Math.min(perLine, legend.size()) * legendItemW));
        // notes widen the picture up to 640 px; longer ones wrap
        for (String note : given) width = Math.max(width, Math.min(640, PAD * 2 + Svg.sansWidth(note, 12)));
        List<String> notes = new ArrayList<>();
        List<Boolean> firstLine = new ArrayList<>();
        for (String note : given) {
            List<String> lines = wrap(note, width - PAD * 2, 12);
            for (int k = 0; k < lines.size(); k++) {
                notes.add(lines.get(k));
                firstLine.add(k == 0 && note == given.get(0));
            }
        }
        double legendTop = rowsBottom + 10 + footH;
        double notesTop = legendTop + legendLines * 20 + (legendLines > 0 ? 6 : 0);
        double height = notesTop + notes.size() * 18 + PAD - 4;
        if (n == 0) height = Math.max(height, PAD + CAPTION + 40);

        int messageCount = d.messages().size();
        String title = "Message sequence: " + n + (n == 1 ? " process, " : " processes, ") + messageCount + (messageCount == 1 ? " message" : " messages");
        Svg svg = Svg.document(width, height, title);
        svg.text(PAD, PAD + 14, "Message sequence", "start", Svg.INK, 13, false, true, false);
        svg.text(PAD + Svg.sansWidth("Message sequence", 13) * 1.12 + 10, PAD + 14,
                n + (n == 1 ? " process · " : " processes · ") + messageCount + (messageCount == 1 ? " message" : " messages"),
                "start", Svg.MUTED, 12, false, false, false);
        if (n == 0) {
            svg.text(PAD, PAD + CAPTION + 16, "Nothing was sent, received, spawned or ended while tracing.", "start", Svg.MUTED, 12, false, false, false);
        }

        // ---- marks: a band behind their rows, a flag in the margin
        for (SequenceDiagram.Mark m : d.marks()) {
            if (m.firstRow() >= rows) continue;
            int last = Math.min(m.lastRow(), rows - 1);
            double top = lineY[m.firstRow()] - rowH[m.firstRow()] + 12;
            double bottom = lineY[last] + 9;
            String fill = m.alert() ? "#fff1e5" : "#fff8c5";
            String stroke = m.alert() ? Svg.ORANGE : Svg.AMBER;
            svg.group(m.text());
            svg.rect(PAD / 2, top, width - PAD, bottom - top, 4, fill, stroke, 1, "4 3");
            svg.text(PAD / 2 + 5, top + 14, "⚑", "start", stroke, 13, false, true, false);
            svg.groupEnd();
        }

        // ---- lifelines
        for (int i = 0; i < n; i++) {
            Participant p = ps.get(i);
            double top = p.createdRow() >= 0 && p.createdRow() < rows ? lineY[p.createdRow()] + BOX_H / 2 : headerTop + BOX_H;
            double bottom = p.endedRow() >= 0 && p.endedRow() < rows ? lineY[p.endedRow()] : rowsBottom;
            if (bottom > top) svg.line(x[i], top, x[i], bottom, Svg.FAINT, 1, "4 4");
        }

        // ---- boxes
        for (int i = 0; i < n; i++) {
            Participant p = ps.get(i);
            double cy = p.createdRow() >= 0 && p.createdRow() < rows ? lineY[p.createdRow()] : headerTop + BOX_H / 2;
            box(svg, p, x[i], cy, boxW[i]);
        }

        // ---- the boxes under the columns
        if (!footers.isEmpty()) {
            double top = rowsBottom + 4;
            for (int i = 0; i < n; i++) {
                List<String> lines = footerLines(footers.get(i));
                if (lines == null) continue;
                double w = footW[i];
                svg.group((d.footerTitle() == null ? "" : d.footerTitle() + " of ") + ps.get(i).title() + ": "
                        + (footers.get(i).isEmpty() ? "empty" : String.join(", ", footers.get(i))));
                svg.rect(x[i] - w / 2, top, w, footH - 8, 4, Svg.BG, Svg.BORDER, 1, null);
                if (d.footerTitle() != null) svg.text(x[i], top + 13, d.footerTitle(), "middle", Svg.MUTED, 10, false, false, false);
                if (lines.isEmpty()) {
                    svg.text(x[i], top + 29, "(empty)", "middle", Svg.FAINT, 11, true, false, false);
                }
                for (int k = 0; k < lines.size(); k++) {
                    svg.text(x[i] - w / 2 + 8, top + 29 + k * 14, lines.get(k), "start", Svg.INK, 11, true, false, false);
                }
                svg.groupEnd();
            }
        }

        // ---- steps
        for (Step s : steps) {
            switch (s) {
                case SequenceDiagram.Spawn sp -> {
                    double yy = lineY[sp.row()];
                    double cx = x[sp.child()];
                    double from = sp.parent() < 0 ? cx - boxW[sp.child()] / 2 - FOUND : x[sp.parent()];
                    double to = from < cx ? cx - boxW[sp.child()] / 2 : cx + boxW[sp.child()] / 2;
                    svg.group("spawn " + ps.get(sp.child()).pid());
                    arrow(svg, from, yy, to, yy, SPAWN);
                    double mid = (from + to) / 2;
                    LABELS.get().add(() -> svg.text(mid, yy - 5, "spawn", "middle", Svg.GREEN, 11, false, false, true));
                    svg.groupEnd();
                }
                case Message m -> message(svg, m, x, lineY, truncated);
                case SequenceDiagram.Signal g -> {
                    double yy = lineY[g.row()];
                    double tx = x[g.to()];
                    double fx = g.from() >= 0 && g.from() != g.to() ? x[g.from()] : tx - FOUND;
                    String text = "EXIT signal " + Svg.shorten(g.reason(), Messages.LABEL_MAX);
                    svg.group("exit signal: " + g.reason() + " (" + (g.from() >= 0 ? ps.get(g.from()).pid() : "outside") + " → " + ps.get(g.to()).pid() + ")");
                    arrow(svg, fx, yy, tx + (fx < tx ? -3 : 3), yy, SIGNAL);
                    labelOn(svg, fx, tx, yy, yy, text, Svg.RED);
                    svg.groupEnd();
                }
                case SequenceDiagram.Exit e -> {
                    double yy = lineY[e.row()];
                    double cx = x[e.participant()];
                    String colour = e.abnormal() ? Svg.RED : Svg.MUTED;
                    svg.group((e.crashed() ? "crashed: " : "exited: ") + e.reason());
                    svg.cross(cx, yy, 6, colour, e.abnormal() ? 2.5 : 2);
                    LABELS.get().add(() -> svg.text(cx + 12, yy + 4, exitLabel(e), "start", colour, 11, true, e.abnormal(), true));
                    svg.groupEnd();
                }
            }
        }

        for (Runnable r : LABELS.get()) r.run();
        LABELS.get().clear();

        // ---- legend
        for (int k = 0; k < legend.size(); k++) {
            double lx = PAD + (k % perLine) * legendItemW;
            double ly = legendTop + (k / perLine) * 20 + 10;
            Object what = legend.get(k)[0];
            String text = (String) legend.get(k)[1];
            switch (what) {
                case Style st -> arrow(svg, lx, ly, lx + 30, ly, st);
                case String marker when marker.equals("pending") -> {
                    svg.line(lx, ly, lx + 26, ly, Svg.INK, 1.5, null);
                    svg.circle(lx + 30, ly, 4, Svg.BG, Svg.INK, 1.5);
                }
                case String marker when marker.equals("found") -> {
                    svg.circle(lx + 3, ly, 3.5, Svg.AMBER, null, 0);
                    arrow(svg, lx + 3, ly, lx + 30, ly, new Style(Svg.INK, 1.5, null, false));
                }
                case String marker when marker.equals("flushed") -> {
                    svg.line(lx, ly, lx + 24, ly, Svg.INK, 1.5, null);
                    svg.line(lx + 28, ly - 6, lx + 28, ly + 6, Svg.FAINT, 2, null);
                }
                case String marker when marker.equals("crash") -> svg.cross(lx + 15, ly, 6, Svg.RED, 2.5);
                default -> svg.cross(lx + 15, ly, 6, Svg.MUTED, 2);
            }
            svg.text(lx + 38, ly + 4, text, "start", Svg.MUTED, 11, false, false, false);
        }
        for (int k = 0; k < notes.size(); k++) {
            svg.text(PAD, notesTop + 13 + k * 18, notes.get(k), "start", firstLine.get(k) && truncated ? Svg.ORANGE : Svg.MUTED, 12, false, false, false);
        }
        return svg.end();
    }

    /** {@code text} in lines of at most {@code width} pixels, broken between words. */
    static List<String> wrap(String text, double width, double size) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String next = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && Svg.sansWidth(next, size) > width) {
                out.add(line.toString());
                line = new StringBuilder("  " + word);
            } else {
                line = new StringBuilder(next);
            }
        }
        if (!line.isEmpty()) out.add(line.toString());
        return out;
    }

    /** At most six lines, shortened, and a count of the rest; null for a column with no box. */
    private static List<String> footerLines(List<String> all) {
        if (all == null) return null;
        List<String> out = new ArrayList<>();
        for (int k = 0; k < all.size() && k < 6; k++) out.add(Svg.shorten(all.get(k), 30));
        if (all.size() > 6) out.add("+" + (all.size() - 6) + " more");
        return out;
    }

    private static String legendText(Kind k) {
        return switch (k) {
            case SEND -> "send";
            case CALL -> "call";
            case REPLY -> "reply";
            case CAST -> "cast";
            case SYSTEM -> "system / handshake";
            case DOWN -> "DOWN (monitor)";
            case EXIT -> "EXIT (trapped)";
        };
    }

    private static String label(Message m, boolean truncated) {
        return Svg.shorten(m.label(), Messages.LABEL_MAX);
    }

    private static String exitLabel(SequenceDiagram.Exit e) {
        return (e.crashed() ? "crashed: " : "exit: ") + Svg.shorten(e.reason(), 40);
    }

    private static void box(Svg svg, Participant p, double cx, double cy, double w) {
        String fill = p.root() ? Svg.ROOT_BOX : Svg.BOX;
        String stroke = p.root() ? Svg.ROOT_BORDER : Svg.BORDER;
        svg.group(p.pid() + (p.name() != null ? " " + p.name() : "") + (p.root() ? " (traced from here)" : ""));
        svg.rect(cx - w / 2, cy - BOX_H / 2, w, BOX_H, 5, fill, stroke, 1, null);
        if (p.name() != null) {
            svg.text(cx, cy - 2, Svg.shorten(p.title(), 24), "middle", Svg.INK, 12, true, true, false);
            svg.text(cx, cy + 12, p.pid().toString(), "middle", Svg.MUTED, 10, true, false, false);
        } else {
            svg.text(cx, cy + 4, p.title(), "middle", Svg.INK, 12, true, true, false);
        }
        svg.groupEnd();
    }

    private static void message(Svg svg, Message m, double[] x, double[] lineY, boolean truncated) {
        Style st = style(m.kind());
        double y1 = lineY[m.sendRow()];
        double y2 = m.received() ? lineY[m.receiveRow()] : y1;
        double tx = x[m.to()];
        String text = label(m, truncated);
        String tip = m.label() + (m.received() ? (m.receiveRow() != m.sendRow() ? " (waited in the mailbox until step " + (m.receiveRow() + 1) + ")" : "")
                : truncated ? "" : " (not received while traced: " + m.fate() + ")");
        svg.group(tip);
        if (m.from() == m.to()) {
            double h = Math.max(12, y2 - y1);
            svg.path("M" + Svg.n(tx) + "," + Svg.n(y1) + " h" + Svg.n(SELF_LOOP) + " v" + Svg.n(h) + " h" + Svg.n(-SELF_LOOP + 4),
                    null, st.colour(), st.width(), st.dash());
            svg.arrowhead(tx + 2, y1 + h, -1, 0, st.colour(), st.filledHead());
            String colour = colourOf(m);
            LABELS.get().add(() -> svg.text(tx + SELF_LOOP + 8, y1 + 4, text, "start", colour, LABEL, true, false, true));
        } else {
            double fx = m.from() < 0 ? tx - Math.max(FOUND, Svg.monoWidth(text, LABEL) + 34) : x[m.from()];
            boolean gone = Message.FLUSHED.equals(m.fate()) || Message.RECEIVER_ENDED.equals(m.fate());
            boolean pendingMark = !m.received() && !truncated && !gone;
            boolean flushMark = !m.received() && !truncated && Message.FLUSHED.equals(m.fate());
            double end = tx + (fx < tx ? -1 : 1) * (pendingMark ? 6 : flushMark ? 8 : 2);
            arrow(svg, fx, y1, end, y2, st);
            if (pendingMark) svg.circle(tx, y1, 4, Svg.BG, st.colour(), 1.5);
            if (flushMark) svg.line(end + (fx < tx ? 3 : -3), y1 - 6, end + (fx < tx ? 3 : -3), y1 + 6, Svg.FAINT, 2, null);
            if (m.from() < 0) svg.circle(fx, y1, 3.5, Svg.AMBER, null, 0);
            labelOn(svg, fx, tx, y1, y2, text, colourOf(m));
        }
        svg.groupEnd();
    }

    private static String colourOf(Message m) {
        return m.kind() == Kind.SEND ? Svg.INK : m.kind() == Kind.SYSTEM ? Svg.MUTED : style(m.kind()).colour();
    }

    /** A label above an arrow: centred on a level arrow, by its sender's end on a slanted one. */
    private static void labelOn(Svg svg, double fx, double tx, double y1, double y2, String text, String colour) {
        LABELS.get().add(() -> labelNow(svg, fx, tx, y1, y2, text, colour));
    }

    private static void labelNow(Svg svg, double fx, double tx, double y1, double y2, String text, String colour) {
        if (Math.abs(y2 - y1) < 1) {
            svg.text((fx + tx) / 2, y1 - 5, text, "middle", colour, LABEL, true, false, true);
        } else if (fx < tx) {
            svg.text(fx + 8, y1 - 5, text, "start", colour, LABEL, true, false, true);
        } else {
            svg.text(fx - 8, y1 - 5, text, "end", colour, LABEL, true, false, true);
        }
    }

    private static void arrow(Svg svg, double x1, double y1, double x2, double y2, Style st) {
        svg.line(x1, y1, x2, y2, st.colour(), st.width(), st.dash());
        svg.arrowhead(x2, y2, x2 - x1, y2 - y1, st.colour(), st.filledHead());
    }
}
