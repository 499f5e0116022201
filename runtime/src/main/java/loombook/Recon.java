package loombook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Questions for debugging a running node, after Erlang's recon library: which processes hold the
 * most memory, have the longest mailboxes, or did the most work. One call instead of a loop over
 * {@link Process#processes()} and {@link Process#info}.
 *
 * <pre>{@code
 * Recon.procCount(Recon.Attribute.MEMORY, 10);              // :recon.proc_count(:memory, 10)
 * Recon.procCount(Recon.Attribute.MESSAGE_QUEUE_LEN, 10);   // :recon.proc_count(:message_queue_len, 10): growing = a problem
 * }</pre>
 */
public final class Recon {
    private Recon() {}

    /** What {@link #procCount} ranks processes by, recon's attribute names. */
    public enum Attribute {
        /** {@link ProcessInfo#memory()}: the estimate of what a process holds. */
        MEMORY,
        /** {@link ProcessInfo#messageQueueLength()}: messages waiting in its mailbox. */
        MESSAGE_QUEUE_LEN,
        /** {@link ProcessInfo#reductions()}: the work it has done. */
        REDUCTIONS
    }

    /**
     * The {@code n} live processes with the most of {@code attribute}, most first, as
     * {@link ProcessInfo} snapshots (their names, current functions and the rest): recon's
     * {@code proc_count(Attribute, N)}. Ranks every process, builds snapshots only for the {@code n}.
     */
    public static List<ProcessInfo> procCount(Attribute attribute, int n) {
        if (attribute == null) throw new IllegalArgumentException("Recon.procCount: the attribute is null (Recon.Attribute.MEMORY, MESSAGE_QUEUE_LEN or REDUCTIONS)");
        if (n < 0) throw new IllegalArgumentException("Recon.procCount: n must not be negative, not " + n);
        if (n == 0) return List.of();
        record Ranked(Proc proc, long value) {}
        PriorityQueue<Ranked> top = new PriorityQueue<>(Comparator.comparingLong(Ranked::value));
        for (Proc p : Node.table().all()) {
            if (!p.alive()) continue;
            long v = switch (attribute) {
                case MEMORY -> Introspection.BASE_BYTES + Introspection.PER_MESSAGE_BYTES * Math.max(0, p.mailboxSize());
                case MESSAGE_QUEUE_LEN -> Math.max(0, p.mailboxSize());
                case REDUCTIONS -> p.reductions;
            };
            top.add(new Ranked(p, v));
            if (top.size() > n) top.poll();
        }
        List<Ranked> ranked = new ArrayList<>(top);
        ranked.sort(Comparator.comparingLong(Ranked::value).reversed());
        List<ProcessInfo> out = new ArrayList<>();
        for (Ranked r : ranked) {
            ProcessInfo i = Introspection.info(r.proc());
            if (i != null) out.add(i);
        }
        return out;
    }
}
