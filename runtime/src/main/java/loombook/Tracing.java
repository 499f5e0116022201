package loombook;

/**
 * The runtime's trace points. With no tracer installed and no controlled run ({@link Races}) each
 * costs one field read, and a null check of the process's controller.
 */
final class Tracing {
    static volatile Tracer tracer;

    private Tracing() {}

    static void spawned(Proc parent, Proc child) {
        Tracer t = tracer;
        if (t != null) emit(t, new TraceEvent.Spawned(System.nanoTime(), parent == null ? null : parent.pid, child.pid));
        if (child.control != null) child.control.run.record(new TraceEvent.Spawned(System.nanoTime(), parent == null ? null : parent.pid, child.pid));
    }

    static void sent(Proc from, Proc to, Object message) {
        Tracer t = tracer;
        if (t != null) emit(t, new TraceEvent.Sent(System.nanoTime(), from == null ? null : from.pid, to.pid, message));
        Controlled c = to.control != null ? to.control : from != null ? from.control : null;
        if (c != null) c.run.record(new TraceEvent.Sent(System.nanoTime(), from == null ? null : from.pid, to.pid, message));
    }

    static void received(Proc by, Object message) {
        Tracer t = tracer;
        if (t != null) emit(t, new TraceEvent.Received(System.nanoTime(), by.pid, message));
        if (by.control != null) by.control.run.record(new TraceEvent.Received(System.nanoTime(), by.pid, message));
    }

    /**
     * A selective receive's message, timed from when its clause was called: the clause's body runs
     * inside that call (it may send, spawn, receive), and the receive comes before what it caused.
     */
    static void received(Proc by, Object message, Timed<?> timed) {
        Tracer t = tracer;
        long at = timed != null && timed.at != 0 ? timed.at : System.nanoTime();
        if (t != null) emit(t, new TraceEvent.Received(at, by.pid, message));
        if (by.control != null) by.control.run.record(new TraceEvent.Received(at, by.pid, message));
    }

    /** Clauses, or clauses that note when each call began while a tracer is installed or {@code self} is controlled. */
    static <R> Clauses<R> timed(Proc self, Clauses<R> clauses) {
        return tracer == null && self.control == null ? clauses : new Timed<>(clauses);
    }

    /** Clauses that note when the last call to them began. */
    static final class Timed<R> implements Clauses<R> {
        private final Clauses<R> clauses;
        long at;

        Timed(Clauses<R> clauses) {
            this.clauses = clauses;
        }

        @Override
        public R match(Object message) {
            at = System.nanoTime();
            return clauses.match(message);
        }
    }
    static void exitSignal(Proc from, Proc to, Object reason) {
        Tracer t = tracer;
        if (t != null) emit(t, new TraceEvent.ExitSignal(System.nanoTime(), from == null ? null : from.pid, to.pid, reason));
        if (to.control != null) to.control.run.record(new TraceEvent.ExitSignal(System.nanoTime(), from == null ? null : from.pid, to.pid, reason));
    }

    static void exited(Proc p, Object reason) {
        Tracer t = tracer;
        if (t != null) emit(t, new TraceEvent.Exited(System.nanoTime(), p.pid, reason));
        if (p.control != null) p.control.run.record(new TraceEvent.Exited(System.nanoTime(), p.pid, reason));
    }

    private static void emit(Tracer t, TraceEvent e) {
        try {
            t.event(e);
        } catch (RuntimeException ex) {
            tracer = null;      // a broken tracer must not break the processes it watches
            GroupLeader.system().err().println("loombook: tracer removed after it threw " + ex);
        }
    }
}
