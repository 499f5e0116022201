package loombook.kernel.visual;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import loombook.Process;

/** Draws a {@link SaveQueue}: one row per step, the mailbox as boxes, the save queue beside it. */
final class SaveQueueSvg {
    private static final double PAD = 16;
    private static final double CAPTION = 30;
    private static final double HEAD = 20;
    private static final double ROW = 36;
    private static final double BOX_H = 22;
    private static final double GAP = 6;
    private static final String SAVED_FILL = "#fff1a8";
    private static final String SAVED_STROKE = "#bf8700";
    private static final String TAKEN_FILL = "#dafbe1";
    private static final String CHECK = "#0969da";

    private enum State { UNTOUCHED, SAVED, CHECKING_SAVED, TAKEN, ABSENT, BACK }

    private SaveQueueSvg() {}

    static String render(SaveQueue<?> q) {
        List<Object> checked = q.checked();
        List<Object> slots = new ArrayList<>(q.before());
        Set<Object> inBefore = identitySet(slots);
        List<Object> arrived = q.arrived();
        slots.addAll(arrived);
        Set<Object> arrivedSet = identitySet(arrived);
        int shownSlots = Math.min(slots.size(), SaveQueue.MAX_BOXES);
        int moreSlots = slots.size() - shownSlots;
        // where each checked message sits: the scan goes in slot order, so equal objects sent twice are told apart
        int[] slotOf = new int[checked.size()];
        int pos = 0;
        for (int k = 0; k < checked.size(); k++) {
            int i = pos;
            while (i < slots.size() && slots.get(i) != checked.get(k)) i++;
            if (i == slots.size()) {
                i = 0;
                while (i < slots.size() && slots.get(i) != checked.get(k)) i++;
            }
            slotOf[k] = Math.min(i, slots.size() - 1);
            pos = i + 1;
        }

        double boxW = 34;
        for (Object m : slots.subList(0, shownSlots)) boxW = Math.max(boxW, Svg.monoWidth(SaveQueue.boxText(m), 11) + 14);
        for (Object m : q.after()) if (slots.size() < 200) boxW = Math.max(boxW, Svg.monoWidth(SaveQueue.boxText(m), 11) + 14);
        boxW = Math.min(boxW, 140);

        // rows: label and, per slot, a state; plus the save queue at that moment
        List<String> labels = new ArrayList<>();
        List<State[]> states = new ArrayList<>();
        List<List<Object>> queues = new ArrayList<>();
        List<String> colours = new ArrayList<>();
        labels.add("mailbox before");
        State[] first = new State[slots.size()];
        for (int i = 0; i < slots.size(); i++) first[i] = inBefore.contains(slots.get(i)) ? State.UNTOUCHED : State.ABSENT;
        states.add(first);
        queues.add(List.of());
        colours.add(Svg.INK);
        List<Object> queue = new ArrayList<>();
        List<Integer> queueSlots = new ArrayList<>();
        int upTo = -1;
        for (int k : q.shownSteps()) {
            if (k < 0) {
                labels.add(String.format("… %,d more checks: no match", checked.size() - (SaveQueue.MAX_STEPS - 1)));
                states.add(null);
                queues.add(null);
                colours.add(Svg.MUTED);
                continue;
            }
            for (int j = upTo + 1; j < k; j++) {
                queue.add(checked.get(j));
                queueSlots.add(slotOf[j]);
            }
            upTo = k;
            Object m = checked.get(k);
            boolean isTaken = q.matched() && k == checked.size() - 1;
            State[] row = new State[slots.size()];
            for (int i = 0; i < slots.size(); i++) {
                Object s = slots.get(i);
                boolean arrivedYet = !arrivedSet.contains(s) || indexOf(checked, s) <= k;
                row[i] = !arrivedYet ? State.ABSENT : State.UNTOUCHED;
            }
            for (int slot : queueSlots) row[slot] = State.SAVED;
            row[slotOf[k]] = isTaken ? State.TAKEN : State.CHECKING_SAVED;
            if (!isTaken) {
                queue.add(m);
                queueSlots.add(slotOf[k]);
            }
            states.add(row);
            queues.add(List.copyOf(queue));
            String text = SaveQueue.boxText(m);
            labels.add((k + 1) + ". check " + text + (isTaken ? ": match → taken" : ": no match → save queue"));
            colours.add(isTaken ? Svg.GREEN : Svg.INK);
        }
        if (!q.matched()) {
            long after = q.afterMillis();
            labels.add(q.simulated() ? "no message matched" : after == Process.INFINITY ? "no match (yet)" : "after " + after + " ms: no match, timeout");
            states.add(null);
            queues.add(null);
            colours.add(Svg.ORANGE);
        }
        // the last row: the mailbox after
        List<Object> afterList = q.after();
        Set<Object> savedSet = identitySet(q.saved());
        labels.add("after: save queue back in front");
        colours.add(Svg.INK);
        states.add(null);
        queues.add(null);

        double labelW = 0;
        for (String l : labels) labelW = Math.max(labelW, Svg.sansWidth(l, 12));
        labelW = Math.min(labelW + 20, 330);
        double laneX = PAD + labelW;
        double laneW = shownSlots * (boxW + GAP) + (moreSlots > 0 ? 60 : 0);
        int afterShown = Math.min(afterList.size(), SaveQueue.MAX_BOXES);
        laneW = Math.max(laneW, afterShown * (boxW + GAP) + (afterList.size() > afterShown ? 60 : 0));
        laneW = Math.max(laneW, 130);
        double queueX = laneX + laneW + 28;
        int maxQueue = 0;
        for (List<Object> ql : queues) if (ql != null) maxQueue = Math.max(maxQueue, Math.min(ql.size(), 8));
        double queueW = Math.max(Svg.sansWidth("save queue", 11) + 10, maxQueue * (boxW * 0.8 + 4) + (maxQueue >= 8 ? 40 : 0));
        String takenText = q.matched() ? "taken: " + SaveQueue.boxText(q.taken()) + " ⇒ " + Svg.shorten(Messages.value(q.result()), 28) : "";
        double width = Math.max(queueX + queueW + PAD, laneX + afterShown * (boxW + GAP) + 28 + Svg.monoWidth(takenText, 11) + PAD);
        width = Math.max(width, 420);
        Object[][] legend = {{State.UNTOUCHED, "not looked at"}, {State.CHECKING_SAVED, "looked at now"}, {State.SAVED, "no match: saved"},
                {State.TAKEN, "match: taken"}, {State.BACK, "back from the save queue"}};
        double legendW = 0;
        for (Object[] l : legend) legendW += 24 + Svg.sansWidth((String) l[1], 11) + 22;
        int legendLines = legendW > width - 2 * PAD ? 2 : 1;
        double rowsTop = PAD + CAPTION + HEAD;
        double legendTop = rowsTop + labels.size() * ROW + 8;
        double height = legendTop + 20 * legendLines + PAD;

        Svg svg = Svg.document(width, height, "Selective receive, step by step: the save queue");
        svg.text(PAD, PAD + 14, "Selective receive, step by step", "start", Svg.INK, 13, false, true, false);
        String sub = "the save queue · " + q.before().size() + (q.before().size() == 1 ? " message" : " messages")
                + (q.matched() ? " · " + checked.size() + (checked.size() == 1 ? " looked at" : " looked at") : " · none matched")
                + (q.simulated() ? " · played on a list" : "");
        svg.text(PAD + Svg.sansWidth("Selective receive, step by step", 13) * 1.12 + 10, PAD + 14, sub, "start", Svg.MUTED, 12, false, false, false);
        svg.text(laneX, rowsTop - 6, "mailbox, oldest first →", "start", Svg.MUTED, 11, false, false, false);
        svg.text(queueX, rowsTop - 6, "save queue", "start", Svg.MUTED, 11, false, false, false);

        for (int r = 0; r < labels.size(); r++) {
            double top = rowsTop + r * ROW;
            double cy = top + ROW / 2;
            if (r % 2 == 1) svg.rect(PAD - 6, top + 1, width - 2 * PAD + 12, ROW - 2, 4, "#f6f8fa", null, 0, null);
            svg.text(PAD, cy + 4, Svg.shorten(labels.get(r), 52), "start", colours.get(r), 12, false, r > 0 && colours.get(r).equals(Svg.GREEN), false);
            State[] row = states.get(r);
            boolean last = r == labels.size() - 1;
            if (row != null) {
                for (int i = 0; i < shownSlots; i++) box(svg, laneX + i * (boxW + GAP), cy, boxW, slots.get(i), row[i]);
                if (moreSlots > 0) svg.text(laneX + shownSlots * (boxW + GAP) + 4, cy + 4, String.format("+%,d", moreSlots), "start", Svg.MUTED, 11, true, false, false);
                List<Object> ql = queues.get(r);
                for (int i = 0; i < Math.min(ql.size(), 8); i++) {
                    double qw = boxW * 0.8;
                    double qx = queueX + i * (qw + 4);
                    svg.group("in the save queue: " + Messages.label(ql.get(i)));
                    svg.rect(qx, cy - BOX_H / 2 + 2, qw, BOX_H - 4, 3, SAVED_FILL, SAVED_STROKE, 1, null);
                    svg.text(qx + qw / 2, cy + 4, Svg.shorten(SaveQueue.boxText(ql.get(i)), Math.max(3, (int) (qw / 6.5))), "middle", Svg.INK, 10, true, false, false);
                    svg.groupEnd();
                }
                if (ql.size() > 8) svg.text(queueX + 8 * (boxW * 0.8 + 4), cy + 4, "+" + (ql.size() - 8), "start", Svg.MUTED, 11, true, false, false);
                if (ql.isEmpty() && r > 0) svg.text(queueX, cy + 4, "(empty)", "start", Svg.FAINT, 11, false, false, false);
            } else if (last) {
                for (int i = 0; i < afterShown; i++) {
                    Object m = afterList.get(i);
                    box(svg, laneX + i * (boxW + GAP), cy, boxW, m, savedSet.contains(m) ? State.BACK : State.UNTOUCHED);
                }
                if (afterList.size() > afterShown) svg.text(laneX + afterShown * (boxW + GAP) + 4, cy + 4, String.format("+%,d", afterList.size() - afterShown), "start", Svg.MUTED, 11, true, false, false);
                if (afterList.isEmpty()) svg.text(laneX, cy + 4, "(empty)", "start", Svg.FAINT, 11, false, false, false);
                if (q.matched()) {
                    double tx = laneX + Math.max(afterShown, 1) * (boxW + GAP) + (afterList.size() > afterShown ? 50 : 0) + 16;
                    svg.group("the receive returned " + Messages.value(q.result()));
                    svg.text(tx, cy + 4, takenText, "start", Svg.GREEN, 11, true, true, false);
                    svg.groupEnd();
                }
            }
        }

        // legend
        double lx = PAD;
        double ly = legendTop + 10;
        for (Object[] l : legend) {
            State st = (State) l[0];
            double itemW = 24 + Svg.sansWidth((String) l[1], 11) + 22;
            if (lx + itemW > width - PAD + 20 && lx > PAD) {
                lx = PAD;
                ly += 20;
            }
            legendBox(svg, lx, ly, st);
            svg.text(lx + 24, ly + 4, (String) l[1], "start", Svg.MUTED, 11, false, false, false);
            lx += 24 + Svg.sansWidth((String) l[1], 11) + 22;
        }
        return svg.end();
    }

    private static void legendBox(Svg svg, double x, double cy, State st) {
        String[] s = style(st);
        svg.rect(x, cy - 7, 18, 14, 3, s[0], s[1], Double.parseDouble(s[2]), s[3]);
    }

    /** fill, stroke, stroke width, dash. */
    private static String[] style(State st) {
        return switch (st) {
            case UNTOUCHED -> new String[] {Svg.BG, Svg.BORDER, "1.25", null};
            case SAVED -> new String[] {SAVED_FILL, SAVED_STROKE, "1.25", null};
            case CHECKING_SAVED -> new String[] {SAVED_FILL, CHECK, "2.5", null};
            case TAKEN -> new String[] {TAKEN_FILL, Svg.GREEN, "2.5", null};
            case BACK -> new String[] {Svg.BG, SAVED_STROKE, "1.75", "4 2"};
            case ABSENT -> new String[] {Svg.BG, Svg.BORDER, "1", "2 3"};
        };
    }

    private static void box(Svg svg, double x, double cy, double w, Object m, State st) {
        if (st == State.ABSENT) {
            svg.rect(x, cy - BOX_H / 2, w, BOX_H, 4, null, Svg.BORDER, 1, "2 3");
            return;
        }
        String[] s = style(st);
        svg.group(Messages.label(m) + " — " + switch (st) {
            case UNTOUCHED -> "not looked at";
            case SAVED -> "no match: in the save queue";
            case CHECKING_SAVED -> "looked at now: no match, saved";
            case TAKEN -> "looked at now: match, taken";
            case BACK -> "back in the mailbox, in its place";
            case ABSENT -> "";
        });
        svg.rect(x, cy - BOX_H / 2, w, BOX_H, 4, s[0], s[1], Double.parseDouble(s[2]), s[3]);
        svg.text(x + w / 2, cy + 4, Svg.shorten(SaveQueue.boxText(m), Math.max(3, (int) ((w - 8) / 6.8))), "middle", st == State.TAKEN ? Svg.GREEN : Svg.INK, 11, true, st == State.TAKEN, false);
        svg.groupEnd();
    }

    private static Set<Object> identitySet(List<Object> items) {
        Set<Object> s = Collections.newSetFromMap(new IdentityHashMap<>());
        s.addAll(items);
        return s;
    }

    private static int indexOf(List<Object> list, Object o) {
        for (int i = 0; i < list.size(); i++) if (list.get(i) == o) return i;
        return Integer.MAX_VALUE;
    }
}
