package loombook.kernel.visual;

import java.util.concurrent.CopyOnWriteArrayList;
import loombook.Node;
import loombook.TraceEvent;
import loombook.Tracer;

/**
 * Shares the runtime's single tracer among the traces that run at once (nested {@code trace}
 * calls, a trace in a cell and one in a process), and with a tracer someone else had installed
 * before: that one keeps getting every event, and is put back when the last trace ends.
 */
final class TraceHub {
    private static final CopyOnWriteArrayList<Tracer> LISTENERS = new CopyOnWriteArrayList<>();
    private static final Tracer DISPATCH = TraceHub::dispatch;
    private static volatile Tracer previous;

    private TraceHub() {}

    static synchronized void add(Tracer t) {
        if (LISTENERS.isEmpty()) {
            Tracer current = Node.tracer();
            previous = current == DISPATCH ? null : current;
        }
        LISTENERS.add(t);
        if (Node.tracer() != DISPATCH) Node.tracer(DISPATCH);
    }

    static synchronized void remove(Tracer t) {
        LISTENERS.remove(t);
        if (LISTENERS.isEmpty()) {
            if (Node.tracer() == DISPATCH) Node.tracer(previous);
            previous = null;
        }
    }

    /** Whether any trace is running (for tests). */
    static boolean active() {
        return !LISTENERS.isEmpty();
    }

    private static void dispatch(TraceEvent e) {
        for (Tracer t : LISTENERS) t.event(e);      // ours only append to a queue: they do not throw
        Tracer p = previous;
        if (p != null) {
            try {
                p.event(e);
            } catch (RuntimeException broken) {
                previous = null;    // as the runtime does with a tracer that throws, without taking ours down too
                loombook.GroupLeader.system().err().println("loombook: tracer removed after it threw " + broken);
            }
        }
    }
}
