package loombook.exercise;

/**
 * An action of four arguments that returns nothing, for student methods such as
 * {@code static void put(Pid cache, String key, Object value, long ttlMillis)}.
 *
 * <pre>{@code
 * import loombook.exercise.*;
 * Act4<String, String, String, String> say = (a, b, c, d) -> System.out.println(a + b + c + d);
 * say.run("a", "b", "c", "d") // prints abcd
 * }</pre>
 */
@FunctionalInterface
public interface Act4<A, B, C, D> {
    /** Runs the action. */
    void run(A a, B b, C c, D d);
}
