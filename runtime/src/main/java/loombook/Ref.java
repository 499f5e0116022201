package loombook;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A unique reference, as made by Erlang's {@code make_ref()}: monitors and timers are named by
 * one, and a request can carry one so that its reply is easy to recognise.
 *
 * <pre>{@code
 * record Request(Pid from, Ref ref, String text) {}
 * record Reply(Ref ref, String text) {}
 * Pid server = spawn(() -> { if (receive() instanceof Request(var from, var r, var text)) send(from, new Reply(r, text + "!")); });
 *
 * Ref ref = Ref.make();
 * send(server, new Request(self(), ref, "ping"));
 * String answer = receive(m -> m instanceof Reply(Ref r, String v) && r.equals(ref) ? v : null);    // "ping!"
 * }</pre>
 *
 * @param id unique within this runtime
 */
public record Ref(long id) {
    private static final AtomicLong NEXT = new AtomicLong(1);

    /** A new reference, different from every other one made in this JVM. */
    public static Ref make() {
        return new Ref(NEXT.getAndIncrement());
    }

    @Override
    public String toString() {
        return "#Reference<0.0.0." + id + ">";
    }
}
