package loombook.kernel.visual;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import loombook.Clauses;
import loombook.Process;
import loombook.kernel.display.MimeBundle;

/**
 * One selective receive, step by step: session 8's save queue. The mailbox before, each message
 * the receive looked at (no match: it goes to the save queue; a match: it is taken), and the
 * mailbox after, with the saved messages back in front in their order and the ones after the
 * match never looked at. {@link Visuals#saveQueue(Clauses)} does a real receive and records it;
 * {@link Visuals#saveQueue(List, Clauses)} plays one on a list.
 *
 * <pre>{@code
 * for (String m : List.of("A", "B", "C", "D")) send(self(), m);
 * var sq = saveQueue(m -> m.equals("C") ? "handled C" : null);
 * System.out.println(sq.result() + "; the mailbox is now " + messages());   // handled C; ... [A, B, D]
 * sq              // the picture
 * }</pre>
 *
 * @param <R> what the clauses return
 */
public final class SaveQueue<R> extends Visual {
    /** How many messages the picture draws at most. */
    static final int MAX_BOXES = 14;
    /** How many checks the picture draws one by one at most. */
    static final int MAX_STEPS = 12;

    private final List<Object> before;
    private final List<Object> checked;
    private final Object taken;
    private final boolean matched;
    private final R result;
    private final List<Object> after;
    private final long afterMillis;
    private final boolean simulated;

    private SaveQueue(List<Object> before, List<Object> checked, Object taken, boolean matched, R result, List<Object> after,
            long afterMillis, boolean simulated) {
        this.before = before;
        this.checked = checked;
        this.taken = taken;
        this.matched = matched;
        this.result = result;
        this.after = after;
        this.afterMillis = afterMillis;
        this.simulated = simulated;
    }

    /**
     * Receives from the calling process's mailbox with {@code clauses}, as
     * {@code receive(clauses, afterMillis, () -> null)} does (use {@link Process#INFINITY} to wait
     * for ever), recording which messages it looked at.
     */
    static <R> SaveQueue<R> receive(Clauses<R> clauses, long afterMillis) {
        Objects.requireNonNull(clauses, "saveQueue: clauses must not be null");
        List<Object> before = Process.messages();
        List<Object> checked = new ArrayList<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Object[] taken = new Object[1];
        boolean[] matched = new boolean[1];
        Clauses<R> spy = m -> {
            if (seen.add(m)) checked.add(m);
            R r = clauses.match(m);
            if (r != null) {
                taken[0] = m;
                matched[0] = true;
            }
            return r;
        };
        R r = Process.receive(spy, afterMillis, () -> null);
        return new SaveQueue<>(before, checked, taken[0], matched[0], r, Process.messages(), afterMillis, false);
    }

    /** Plays a selective receive on {@code mailbox} (nothing is received; the clauses do run). */
    static <R> SaveQueue<R> simulate(List<?> mailbox, Clauses<R> clauses) {
        Objects.requireNonNull(clauses, "saveQueue: clauses must not be null");
        List<Object> before = new ArrayList<>(mailbox);
        List<Object> checked = new ArrayList<>();
        Object taken = null;
        R r = null;
        boolean matched = false;
        for (Object m : before) {
            checked.add(m);
            r = clauses.match(m);
            if (r != null) {
                taken = m;
                matched = true;
                break;
            }
        }
        List<Object> after = new ArrayList<>(before);
        if (matched) {
            for (int i = 0; i < after.size(); i++) {
                if (after.get(i) == taken) {
                    after.remove(i);
                    break;
                }
            }
        }
        return new SaveQueue<>(before, checked, taken, matched, r, after, 0, true);
    }

    /** What the matching clause returned; null if nothing matched. */
    public R result() {
        return result;
    }

    /** The message taken out of the mailbox, or null. */
    public Object taken() {
        return taken;
    }

    /** Whether a message matched (false: the receive timed out). */
    public boolean matched() {
        return matched;
    }

    /** The mailbox when the receive began, oldest first. */
    public List<Object> before() {
        return List.copyOf(before);
    }

    /** The messages the receive looked at, in order: the saved ones, then the taken one. */
    public List<Object> checked() {
        return List.copyOf(checked);
    }

    /** The messages that did not match and went to the save queue, in order. */
    public List<Object> saved() {
        List<Object> out = new ArrayList<>(checked);
        if (matched) out.remove(out.size() - 1);
        return out;
    }

    /** The mailbox after the receive, oldest first. */
    public List<Object> after() {
        return List.copyOf(after);
    }

    /** Messages that arrived while the receive waited (they were not in {@link #before()}). */
    public List<Object> arrived() {
        Set<Object> was = Collections.newSetFromMap(new IdentityHashMap<>());
        was.addAll(before);
        List<Object> out = new ArrayList<>();
        for (Object m : checked) if (!was.contains(m)) out.add(m);
        return out;
    }

    boolean simulated() {
        return simulated;
    }

    long afterMillis() {
        return afterMillis;
    }

    /**
     * The checks drawn one by one, as indexes into {@link #checked()}; -1 stands for the ones left
     * out (all but the first few and the last).
     */
    List<Integer> shownSteps() {
        List<Integer> out = new ArrayList<>();
        int n = checked.size();
        if (n <= MAX_STEPS) {
            for (int i = 0; i < n; i++) out.add(i);
            return out;
        }
        for (int i = 0; i < MAX_STEPS - 2; i++) out.add(i);
        out.add(-1);
        out.add(n - 1);
        return out;
    }

    /** The short text of a message in a box. */
    static String boxText(Object m) {
        return Svg.shorten(Messages.label(m), 16);
    }

    // ------------------------------------------------------------------ renderings

    /** The picture as a self-contained SVG document. */
    public String svg() {
        return SaveQueueSvg.render(this);
    }

    @Override
    public String text() {
        StringBuilder sb = new StringBuilder("Selective receive, step by step (the save queue)").append(simulated ? ", played on a list" : "").append('\n');
        sb.append("mailbox before: ").append(list(before)).append('\n');
        List<Object> queue = new ArrayList<>();
        int shownUpTo = -1;
        for (int k : shownSteps()) {
            if (k < 0) {
                int skipped = checked.size() - (MAX_STEPS - 1);
                sb.append(String.format("... %,d more checks, no match%n", skipped));
                continue;
            }
            for (int j = shownUpTo + 1; j < k; j++) queue.add(checked.get(j));
            shownUpTo = k;
            Object m = checked.get(k);
            if (matched && k == checked.size() - 1) {
                sb.append(k + 1).append(". check ").append(boxText(m)).append(": match -> taken; the clause returns ").append(Messages.value(result)).append('\n');
            } else {
                queue.add(m);
                sb.append(k + 1).append(". check ").append(boxText(m)).append(": no match -> save queue ").append(list(queue)).append('\n');
            }
        }
        if (!matched) {
            sb.append(checked.isEmpty() ? "no message to look at" : "no message matched").append(afterMillis > 0 || afterMillis == Process.INFINITY
                    ? " within " + afterMillis + " ms: the receive times out" : ": the receive gives up (after 0)").append('\n');
        }
        sb.append("after: the save queue goes back in front, in order: mailbox ").append(list(after));
        int untouched = before.size() - (checked.size() - arrived().size());
        if (untouched > 0) sb.append(" (").append(untouched).append(untouched == 1 ? " message" : " messages").append(" never looked at)");
        return sb.toString();
    }

    private static String list(List<Object> ms) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < ms.size(); i++) {
            if (i == MAX_BOXES) {
                sb.append(String.format(", ... %,d more", ms.size() - MAX_BOXES));
                break;
            }
            if (i > 0) sb.append(", ");
            sb.append(boxText(ms.get(i)));
        }
        return sb.append(']').toString();
    }

    @Override
    public MimeBundle toMimeBundle() {
        return diagram(text(), svg(), null);
    }
}
