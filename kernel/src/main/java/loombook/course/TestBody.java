package loombook.course;

/**
 * One test of an {@link Exercise}: returns normally when it passes, and fails through
 * {@link Trial#fail}, {@link Trial#expect} or {@link Trial#expectEquals}. Any other exception is
 * reported as thrown by the student's code.
 */
@FunctionalInterface
public interface TestBody {
    /** Runs the test in its own process; {@code t} is what the test may use. */
    void run(Trial t) throws Exception;
}
