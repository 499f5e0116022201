package loombook;

/** The runtime's trace points. With no tracer installed each costs one field read. */
final class Tracing {
    static volatile Tracer tracer;

    private Tracing() {}

    static void spawned(Proc parent, Proc child) {
        Tracer t = tracer;
        if (t != null) emit(t, new TraceEvent.Spawned(System.nanoTime(), parent == null ? null : parent.pid, child.pid));
    }

    static void sent(Proc from, Proc to, Object message) {
        Tracer t = tracer;
        if (t != null) emit(t, new TraceEvent.Sent(System.nanoTime(), from == null ? null : from.pid, to.pid, message));
    }

    static void received(Proc by, Object message) {
        Tracer t = tracer;
        if (t != null) emit(t, new TraceEvent.Received(System.nanoTime(), by.pid, message));
    }

    /**
     * A selective receive's message, timed from when its clause was called: the clause's body runs
     * inside that call (it may send, spawn, receive), and the receive comes before what it caused.
     */
    static void received(Proc by, Object message, Timed<?> timed) {
        Tracer t = tracer;
        if (t != null) emit(t, new TraceEvent.Received(timed != null && timed.at != 0 ? timed.at : System.nanoTime(), by.pid, message));
    }

    /** Clauses, or clauses that note when each call began while a tracer is installed. */
    static <R> Clauses<R> timed(Clauses<R> clauses) {
        return tracer == null ? clauses : new Timed<>(clauses);
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
    }

    static void exited(Proc p, Object reason) {
        Tracer t = tracer;
        if (t != null) emit(t, new TraceEvent.Exited(System.nanoTime(), p.pid, reason));
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
