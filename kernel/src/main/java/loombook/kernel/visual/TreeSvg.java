package loombook.kernel.visual;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import loombook.Pid;
import loombook.kernel.visual.SupervisionTree.Mark;
import loombook.kernel.visual.SupervisionTree.Node;

/** Draws a {@link SupervisionTree}: a top-down tree of boxes with elbow edges, dotted links, a legend. */
final class TreeSvg {
    private static final double PAD = 16;
    private static final double CAPTION = 30;
    private static final double BOX_H = 52;
    private static final double MARK_H = 14;
    private static final double LEVEL_GAP = 44;
    private static final double SIBLING_GAP = 18;
    private static final double OUTSIDE_H = 30;
    private static final String EDGE = "#57606a";
    private static final String LINK = "#8250df";
    private static final String FRESH_FILL = "#dafbe1";

    private TreeSvg() {}

    private record Placed(Node node, double cx, double top, double w, double h) {}

    static String render(SupervisionTree t) {
        Map<String, Mark> marks = t.marks();
        double boxH = BOX_H;
        for (Mark m : marks.values()) if (m.restarts() > 0) boxH = BOX_H + MARK_H;
        List<SupervisionTree.Outside> outside = t.outside();
        double treeTop = PAD + CAPTION + (outside.isEmpty() ? 0 : OUTSIDE_H + 34);
        List<Placed> placed = new ArrayList<>();
        double treeW = layout(t.root(), PAD, treeTop, boxH, placed);
        double maxBottom = treeTop;
        for (Placed p : placed) maxBottom = Math.max(maxBottom, p.top() + p.h());
        Map<Pid, Placed> byPid = new HashMap<>();
        for (Placed p : placed) if (p.node().pid() != null) byPid.put(p.node().pid(), p);

        // outside processes: a row above the tree
        Map<Pid, double[]> outsideAt = new HashMap<>();     // cx, top, w
        double ox = PAD;
        for (SupervisionTree.Outside o : outside) {
            double w = Math.max(80, Math.max(Svg.monoWidth(Svg.shorten(o.title(), 20), 11), Svg.monoWidth(o.pid().toString(), 10)) + 18);
            outsideAt.put(o.pid(), new double[] {ox + w / 2, PAD + CAPTION, w});
            ox += w + SIBLING_GAP;
        }

        // legend and log
        boolean anyFresh = false, anyRestarted = false, anyDown = false;
        for (Mark m : marks.values()) {
            if (m.fresh()) anyFresh = true;
            if (m.restarts() > 0) anyRestarted = true;
        }
        for (Placed p : placed) if (p.node().pid() == null) anyDown = true;
        List<String[]> legend = new ArrayList<>();
        legend.add(new String[] {"sup", "supervisor"});
        legend.add(new String[] {"worker", "worker"});
        legend.add(new String[] {"edge", "supervises"});
        if (!t.links().isEmpty()) legend.add(new String[] {"link", "link"});
        if (anyFresh || anyRestarted) legend.add(new String[] {"fresh", "restarted (new pid)"});
        if (anyDown) legend.add(new String[] {"down", "not running"});
        double legendItemW = 0;
        for (String[] l : legend) legendItemW = Math.max(legendItemW, 34 + Svg.sansWidth(l[1], 11) + 18);
        double width = Math.max(Math.max(PAD * 2 + treeW, ox + PAD), 360);
        int perLine = Math.max(1, (int) ((width - 2 * PAD) / legendItemW));
        int legendLines = (legend.size() + perLine - 1) / perLine;
        List<String> log = t.log();
        for (String l : log) width = Math.max(width, PAD * 2 + Svg.monoWidth(l, 11));
        double legendTop = maxBottom + 18 + (hasInnerLinks(t, byPid) ? 34 : 0);
        double logTop = legendTop + legendLines * 20 + 6;
        double height = logTop + log.size() * 16 + PAD - 2;

        String title = "Supervision tree of " + t.root().title() + (t.status() != null ? " (" + t.status() + ")" : "");
        Svg svg = Svg.document(width, height, title);
        svg.text(PAD, PAD + 14, "Supervision tree", "start", Svg.INK, 13, false, true, false);
        String sub = t.nodes().size() + (t.nodes().size() == 1 ? " process" : " processes") + (t.status() != null ? " · " + t.status() : "");
        svg.text(PAD + Svg.sansWidth("Supervision tree", 13) * 1.12 + 10, PAD + 14, sub, "start", Svg.MUTED, 12, false, false, false);

        // supervision edges: elbows from a parent's bottom to each child's top
        for (Placed p : placed) {
            for (Node c : p.node().children()) {
                Placed q = find(placed, c);
                if (q == null) continue;
                double y1 = p.top() + p.h(), y2 = q.top(), mid = y1 + (y2 - y1) / 2;
                svg.path("M" + Svg.n(p.cx()) + "," + Svg.n(y1) + " V" + Svg.n(mid) + " H" + Svg.n(q.cx()) + " V" + Svg.n(y2 - 1),
                        null, EDGE, 1.5, null);
            }
        }
        // dotted links
        for (SupervisionTree.Link l : t.links()) {
            Placed a = byPid.get(l.a());
            if (a == null) continue;
            Placed b = byPid.get(l.b());
            double[] o = outsideAt.get(l.b());
            if (b != null) {
                // a curve under both boxes, from bottom to bottom: clear of the supervision edges above them
                double ax = a.cx(), ay = a.top() + a.h(), bx = b.cx(), by = b.top() + b.h();
                double dip = Math.max(ay, by) + 22 + Math.min(40, Math.abs(ax - bx) * 0.08);
                svg.path("M" + Svg.n(ax) + "," + Svg.n(ay) + " C" + Svg.n(ax) + "," + Svg.n(dip) + " " + Svg.n(bx) + "," + Svg.n(dip)
                        + " " + Svg.n(bx) + "," + Svg.n(by), null, LINK, 1.75, "1 4");
            } else if (o != null) {
                svg.line(o[0], o[1] + OUTSIDE_H, a.cx(), a.top(), LINK, 1.75, "1 4");
            }
        }
        // outside boxes
        for (SupervisionTree.Outside o : outside) {
            double[] at = outsideAt.get(o.pid());
            svg.group(o.pid() + " " + o.title() + " (outside the tree, linked to it)");
            svg.rect(at[0] - at[2] / 2, at[1], at[2], OUTSIDE_H, 15, Svg.BOX, Svg.BORDER, 1, "3 3");
            svg.text(at[0], at[1] + 13, Svg.shorten(o.title(), 20), "middle", Svg.MUTED, 11, true, true, false);
            svg.text(at[0], at[1] + 25, o.pid().toString(), "middle", Svg.FAINT, 9, true, false, false);
            svg.groupEnd();
        }
        // boxes
        for (Placed p : placed) box(svg, p, marks.get(p.node().key()));

        // legend
        for (int k = 0; k < legend.size(); k++) {
            double lx = PAD + (k % perLine) * legendItemW;
            double ly = legendTop + (k / perLine) * 20 + 10;
            switch (legend.get(k)[0]) {
                case "sup" -> svg.rect(lx, ly - 7, 26, 14, 3, Svg.ROOT_BOX, Svg.ROOT_BORDER, 1.5, null);
                case "worker" -> svg.rect(lx, ly - 7, 26, 14, 3, Svg.BG, Svg.BORDER, 1.25, null);
                case "edge" -> svg.line(lx, ly, lx + 26, ly, EDGE, 1.5, null);
                case "link" -> svg.line(lx, ly, lx + 26, ly, LINK, 1.75, "1 4");
                case "fresh" -> svg.rect(lx, ly - 7, 26, 14, 3, FRESH_FILL, Svg.GREEN, 2, null);
                default -> svg.rect(lx, ly - 7, 26, 14, 3, Svg.BG, Svg.FAINT, 1.25, "3 3");
            }
            svg.text(lx + 34, ly + 4, legend.get(k)[1], "start", Svg.MUTED, 11, false, false, false);
        }
        for (int k = 0; k < log.size(); k++) {
            svg.text(PAD, logTop + 12 + k * 16, log.get(k), "start", k == log.size() - 1 && anyFresh ? Svg.GREEN : Svg.MUTED, 11, true, false, false);
        }
        return svg.end();
    }

    private static boolean hasInnerLinks(SupervisionTree t, Map<Pid, Placed> byPid) {
        for (SupervisionTree.Link l : t.links()) if (byPid.containsKey(l.a()) && byPid.containsKey(l.b())) return true;
        return false;
    }

    private static Placed find(List<Placed> placed, Node n) {
        for (Placed p : placed) if (p.node() == n) return p;
        return null;
    }

    private static double boxWidth(Node n) {
        double w = Math.max(104, Svg.monoWidth(Svg.shorten(n.title(), 22), 12) + 22);
        w = Math.max(w, Svg.monoWidth(n.pid() == null ? "not running" : n.pid().toString(), 10) + 18);
        w = Math.max(w, Svg.sansWidth(meta(n), 10) + 18);
        return w;
    }

    private static String meta(Node n) {
        List<String> parts = new ArrayList<>();
        if (n.supervisor()) parts.add(n.strategy() != null ? n.strategy() : "supervisor");
        else if (n.behaviour() != null) parts.add(Svg.shorten(n.behaviour(), 18));
        else parts.add("worker");
        if (n.restart() != null) parts.add(n.restart());
        return String.join(" · ", parts);
    }

    /** Lays out {@code n}'s subtree from {@code left}; returns its width. */
    private static double layout(Node n, double left, double top, double boxH, List<Placed> out) {
        double w = boxWidth(n);
        List<Node> kids = n.children();
        double kidsW = 0;
        List<Double> widths = new ArrayList<>();
        for (Node c : kids) {
            double cw = subtreeWidth(c);
            widths.add(cw);
            kidsW += cw;
        }
        if (!kids.isEmpty()) kidsW += SIBLING_GAP * (kids.size() - 1);
        double total = Math.max(w, kidsW);
        double x = left + (total - kidsW) / 2;
        double childTop = top + boxH + LEVEL_GAP;
        double firstC = 0, lastC = 0;
        for (int i = 0; i < kids.size(); i++) {
            int before = out.size();
            layout(kids.get(i), x, childTop, boxH, out);
            double c = out.get(before).cx();
            if (i == 0) firstC = c;
            lastC = c;
            x += widths.get(i) + SIBLING_GAP;
        }
        double cx = kids.isEmpty() ? left + total / 2 : (firstC + lastC) / 2;
        out.add(out.size() - countNodes(n) + 1, new Placed(n, cx, top, w, boxH));
        return total;
    }

    private static int countNodes(Node n) {
        int c = 1;
        for (Node k : n.children()) c += countNodes(k);
        return c;
    }

    private static double subtreeWidth(Node n) {
        double w = boxWidth(n);
        if (n.children().isEmpty()) return w;
        double kids = 0;
        for (Node c : n.children()) kids += subtreeWidth(c);
        kids += SIBLING_GAP * (n.children().size() - 1);
        return Math.max(w, kids);
    }

    private static void box(Svg svg, Placed p, Mark mark) {
        Node n = p.node();
        boolean down = n.pid() == null;
        boolean fresh = mark != null && mark.fresh();
        String fill = down ? Svg.BG : fresh ? FRESH_FILL : n.supervisor() ? Svg.ROOT_BOX : Svg.BG;
        String stroke = down ? Svg.FAINT : fresh ? Svg.GREEN : n.supervisor() ? Svg.ROOT_BORDER : Svg.BORDER;
        double sw = fresh ? 2.5 : n.supervisor() ? 1.5 : 1.25;
        double x = p.cx() - p.w() / 2;
        StringBuilder tip = new StringBuilder().append(n.pid() == null ? "not running" : n.pid().toString());
        if (n.id() != null) tip.append(" id=").append(n.id());
        if (n.name() != null) tip.append(" name=").append(n.name());
        if (n.behaviour() != null) tip.append(" ").append(n.behaviour());
        if (mark != null && mark.restarts() > 0) tip.append(" restarted ").append(mark.restarts()).append("x");
        svg.group(tip.toString());
        svg.rect(x, p.top(), p.w(), p.h(), 6, fill, stroke, sw, down ? "4 3" : null);
        svg.text(p.cx(), p.top() + 17, Svg.shorten(n.title(), 22), "middle", down ? Svg.MUTED : Svg.INK, 12, true, true, false);
        svg.text(p.cx(), p.top() + 31, down ? "not running" : n.pid().toString(), "middle", down ? Svg.FAINT : Svg.MUTED, 10, true, false, false);
        svg.text(p.cx(), p.top() + 45, meta(n), "middle", Svg.MUTED, 10, false, false, false);
        if (mark != null && mark.restarts() > 0) {
            String m = "↻ " + mark.restarts() + (mark.was() != null ? " · was " + SequenceDiagram.shortPid(mark.was()) : "");
            svg.text(p.cx(), p.top() + 59, m, "middle", fresh ? Svg.GREEN : Svg.MUTED, 10, true, fresh, false);
        }
        svg.groupEnd();
    }
}
