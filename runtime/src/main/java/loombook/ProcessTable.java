package loombook;

import java.util.ArrayList;
import java.util.List;

/**
 * The live processes, for {@link Process#processes()} and {@link Node#restart()}. Striped intrusive
 * lists: adding or removing a process costs one uncontended lock and no allocation.
 */
final class ProcessTable {
    private static final int STRIPES = 64;
    private final Stripe[] stripes = new Stripe[STRIPES];

    private static final class Stripe {
        Proc first;
    }

    ProcessTable() {
        for (int i = 0; i < STRIPES; i++) stripes[i] = new Stripe();
    }

    void add(Proc p) {
        Stripe s = stripes[(int) (p.id & (STRIPES - 1))];
        synchronized (s) {
            p.tableNext = s.first;
            if (s.first != null) s.first.tablePrev = p;
            s.first = p;
        }
    }

    void remove(Proc p) {
        Stripe s = stripes[(int) (p.id & (STRIPES - 1))];
        synchronized (s) {
            if (p.tablePrev == null && s.first != p) return;   // not in the table
            if (p.tablePrev != null) p.tablePrev.tableNext = p.tableNext;
            else s.first = p.tableNext;
            if (p.tableNext != null) p.tableNext.tablePrev = p.tablePrev;
            p.tableNext = p.tablePrev = null;
        }
    }

    /** The live processes, oldest first. */
    List<Proc> all() {
        List<Proc> out = new ArrayList<>();
        for (Stripe s : stripes) {
            synchronized (s) {
                for (Proc p = s.first; p != null; p = p.tableNext) out.add(p);
            }
        }
        out.sort((a, b) -> Long.compare(a.id, b.id));
        return out;
    }
}
