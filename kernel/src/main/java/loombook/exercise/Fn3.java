package loombook.exercise;

/**
 * A function of three arguments, for student methods such as
 * {@code static Pid start(int size, long timeout, Consumer<List<Object>> onFlush)}: the check cell
 * passes {@code MessageBuffer::start}.
 *
 * <pre>{@code
 * import loombook.exercise.*;
 * Fn3<Integer, Integer, Integer, Integer> sum3 = (a, b, c) -> a + b + c;
 * sum3.apply(1, 2, 3)        // 6
 * }</pre>
 */
@FunctionalInterface
public interface Fn3<A, B, C, R> {
    /** Applies the function. */
    R apply(A a, B b, C c);
}
