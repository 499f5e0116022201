package loombook;

/**
 * The runtime's trace points. With no tracer installed each costs one field read, and a null check
 * of the process's controller (a controlled run records what its processes do: {@link Races}). The
 * controlled path is a call out of each method, so that these stay as small as the JIT likes them.
 */
final class Tracing {
    static volatile Tracer tracer;

    private Tracing() {}

    static void spawned(Proc parent, Proc child) {
        Tracer t = tracer;
        if (t != null) emit(t, new TraceEvent.Spawned(System.nanoTime(), parent == null ? null : parent.pid, child.pid));
        if (child.control != null) child.control.spawned(parent);
    }

    static void sent(Proc from, Proc to, Object message) {
        Tracer t = tracer;
        if (t != null) emit(t, new TraceEvent.Sent(System.nanoTime(), from == null ? null : from.pid, to.pid, message));
        if (to.control != null) to.control.sentHere(from, message);
    }

    static void received(Proc by, Object message) {
        Tracer t = tracer;
        if (t != null) emit(t, new TraceEvent.Received(System.nanoTime(), by.pid, message));
        if (by.control != null) by.control.received(message, null);
    }

    /**
     * A selective receive's message, timed from when its clause was called: the clause's body runs
     * inside that call (it may send, spawn, receive), and the receive comes before what it caused.
     */
    static void received(Proc by, Object message, Timed<?> timed) {
        Tracer t = tracer;
        if (t != null) emit(t, new TraceEvent.Received(timed != null && timed.at != 0 ? timed.at : System.nanoTime(), by.pid, message));
        if (by.control != null) by.control.received(message, timed);
    }

    /** Clauses, or clauses that note when each call began while a tracer is installed or {@code self} is controlled. */
    static <R> Clauses<R> timed(Proc self, Clauses<R> clauses) {
        return tracer == null && self.control == null ? clauses : new Timed<>(clauses, self.control);
    }

    /** Clauses that note when the last call to them began. */
    static final class Timed<R> implements Clauses<R> {
        private final Clauses<R> clauses;
        /** The receiving process's controller, which hears of each message looked at; null outside a controlled run. */
        private final Controlled control;
        long at;

        Timed(Clauses<R> clauses, Controlled control) {
            this.clauses = clauses;
            this.control = control;
        }

        @Override
        public R match(Object message) {
            at = System.nanoTime();
            if (control != null) control.scanning();
            return clauses.match(message);
        }
    }
    static void exitSignal(Proc from, Proc to, Object reason) {
        Tracer t = tracer;
        if (t != null) emit(t, new TraceEvent.ExitSignal(System.nanoTime(), from == null ? null : from.pid, to.pid, reason));
        if (to.control != null) to.control.signalledHere(from, reason);
    }

    static void exited(Proc p, Object reason) {
        Tracer t = tracer;
        if (t != null) emit(t, new TraceEvent.Exited(System.nanoTime(), p.pid, reason));
        if (p.control != null) p.control.exited(reason);
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
