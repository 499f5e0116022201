package loombook.exercise;

/**
 * An action of three arguments that returns nothing, for student methods such as
 * {@code static void submit(Pid queue, Priority p, String job)}.
 *
 * <pre>{@code
 * import loombook.exercise.*;
 * Act3<String, String, String> say = (a, b, c) -> System.out.println(a + b + c);
 * say.run("a", "b", "c")     // prints abc
 * }</pre>
 */
@FunctionalInterface
public interface Act3<A, B, C> {
    /** Runs the action. */
    void run(A a, B b, C c);
}
