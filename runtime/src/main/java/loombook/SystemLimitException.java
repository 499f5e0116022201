package loombook;

/**
 * Erlang's {@code system_limit}: the runtime refused to spawn because the process limit is
 * reached. The limit exists so that a runaway spawning loop ends with this clear error instead of
 * an {@link OutOfMemoryError} that could take the whole JVM down.
 *
 * <pre>{@code
 * Node.processLimit();            // the current limit
 * Node.processLimit(2_000_000);   // raise it (the heap must be able to hold them)
 * }</pre>
 */
public final class SystemLimitException extends RuntimeException {
    /** A limit error with a message that says which limit and how to change it. */
    public SystemLimitException(String message) {
        super(message);
    }
}
