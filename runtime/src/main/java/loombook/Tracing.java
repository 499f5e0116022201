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

    static boolean on() {
        return tracer != null;
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
