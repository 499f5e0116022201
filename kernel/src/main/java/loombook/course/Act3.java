package loombook.course;

/**
 * An action of three arguments that returns nothing, for student methods such as
 * {@code static void submit(Pid queue, Priority p, String job)}.
 */
@FunctionalInterface
public interface Act3<A, B, C> {
    /** Runs the action. */
    void run(A a, B b, C c);
}
