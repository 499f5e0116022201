package loombook.course;

/**
 * An action of four arguments that returns nothing, for student methods such as
 * {@code static void put(Pid cache, String key, Object value, long ttlMillis)}.
 */
@FunctionalInterface
public interface Act4<A, B, C, D> {
    /** Runs the action. */
    void run(A a, B b, C c, D d);
}
