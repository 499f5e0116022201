package loombook.exercise;

/**
 * One test of an {@link Exercise}: returns normally when it passes, and fails through
 * {@link Trial#fail}, {@link Trial#expect} or {@link Trial#expectEquals}. Any other exception is
 * reported as thrown by the student's code.
 *
 * <pre>{@code
 * import loombook.exercise.*;
 * TestBody sorted = t -> t.expectEquals("sorted [3, 1, 2]", List.of(1, 2, 3), new ArrayList<>(new TreeSet<>(List.of(3, 1, 2))));
 * Exercise.named("Sorting").test("a set sorts", sorted).check();
 * }</pre>
 */
@FunctionalInterface
public interface TestBody {
    /** Runs the test in its own process; {@code t} is what the test may use. */
    void run(Trial t) throws Exception;
}
