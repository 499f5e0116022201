package loombook;

/**
 * The clauses of a selective {@link Process#receive(Clauses) receive}: a function from a message to
 * the value of the clause that matches it, or {@code null} when no clause matches. Write it as a
 * {@code switch} over record patterns with {@code when} guards and a {@code default -> null}:
 *
 * <pre>{@code
 * record Urgent(String text) {}
 * record Normal(String text) {}
 *
 * send(self(), new Normal(" "));
 * send(self(), new Urgent("fire"));
 * String next = receive(m -> switch (m) {
 *     case Urgent(var text) -> "URGENT: " + text;
 *     case Normal(var text) when !text.isBlank() -> text;
 *     default -> null;            // no match: the message stays in the mailbox
 * });                             // "URGENT: fire"; Normal[text= ] is still there
 * }</pre>
 *
 * <p>The runtime offers the messages in arrival order; the first one for which this function
 * returns a non-null value is taken out of the mailbox and that value is what {@code receive}
 * returns. Skipped messages keep their place and their order (Erlang's save queue).
 *
 * <p>While this function runs, the message it was given is out of reach: a nested
 * {@code receive} in a clause body never sees it. If the function throws, the message counts as
 * taken. A clause must return a non-null value; return {@code true} or the message itself when there
 * is nothing better.
 *
 * @param <R> what the receive returns
 */
@FunctionalInterface
public interface Clauses<R> {
    /** The value of the matching clause for {@code message}, or {@code null} if none matches. */
    R match(Object message);
}
