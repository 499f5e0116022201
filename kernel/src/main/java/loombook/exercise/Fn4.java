package loombook.exercise;

/**
 * A function of four arguments, for student methods such as
 * {@code static <T, R> List<R> pmap(List<T> items, Function<T, R> fn, int maxConcurrency, long timeoutMillis)}.
 *
 * <pre>{@code
 * import loombook.exercise.*;
 * Fn4<Integer, Integer, Integer, Integer, Integer> sum4 = (a, b, c, d) -> a + b + c + d;
 * sum4.apply(1, 2, 3, 4)     // 10
 * }</pre>
 */
@FunctionalInterface
public interface Fn4<A, B, C, D, R> {
    /** Applies the function. */
    R apply(A a, B b, C c, D d);
}
