package loombook.course;

/**
 * A function of four arguments, for student methods such as
 * {@code static <T, R> List<R> pmap(List<T> items, Function<T, R> fn, int maxConcurrency, long timeoutMillis)}.
 */
@FunctionalInterface
public interface Fn4<A, B, C, D, R> {
    /** Applies the function. */
    R apply(A a, B b, C c, D d);
}
