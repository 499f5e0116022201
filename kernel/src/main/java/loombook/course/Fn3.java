package loombook.course;

/**
 * A function of three arguments, for student methods such as
 * {@code static Pid start(int size, long timeout, Consumer<List<Object>> onFlush)}: the check cell
 * passes {@code MessageBuffer::start}.
 */
@FunctionalInterface
public interface Fn3<A, B, C, R> {
    /** Applies the function. */
    R apply(A a, B b, C c);
}
