package loombook;

/**
 * What {@link Process#send} does with a message that carries mutable state (an array, an
 * {@code ArrayList}, an object with non-final fields...). Erlang copies every message, so a
 * receiver can never see the sender change it; Java passes references, so the runtime checks.
 * Set it with {@link Node#sharingPolicy(SharingPolicy)}.
 *
 * <pre>{@code
 * Node.sharingPolicy(SharingPolicy.REJECT);
 * send(self(), List.of(1, 2));                      // fine: immutable
 * try {
 *     send(self(), new ArrayList<>(List.of(1, 2)));
 * } catch (IllegalArgumentException e) {
 *     System.out.println(e.getMessage());           // says which part is mutable, and what to send instead
 * }
 * Node.sharingPolicy(SharingPolicy.WARN);           // the default
 * }</pre>
 */
public enum SharingPolicy {
    /** Send anything, no check. */
    ALLOW,
    /** Send it, and print a warning (once per message type) to the sender's group leader. */
    WARN,
    /** Refuse it: {@code send} throws {@link IllegalArgumentException} saying what is mutable. */
    REJECT
}
