package loombook;

/**
 * Receives every {@link TraceEvent} while installed with {@link Node#tracer(Tracer)}: the basis of
 * message sequence diagrams. It is called on the thread of the process that caused the event, so
 * it must be quick and thread-safe; it must not send or receive.
 *
 * <pre>{@code
 * var events = new java.util.concurrent.ConcurrentLinkedQueue<TraceEvent>();
 * Node.tracer(events::add);
 * // ... run something ...
 * Node.tracer(null);
 * }</pre>
 */
@FunctionalInterface
public interface Tracer {
    /** Called for each event. */
    void event(TraceEvent event);
}
