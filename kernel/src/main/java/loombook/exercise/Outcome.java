package loombook.exercise;

/**
 * How one test of an exercise went.
 *
 * <pre>{@code
 * import loombook.exercise.*;
 * Report r = Exercise.named("Sums").test("1 + 1 is 3", t -> t.expectEquals("1 + 1", 3, 1 + 1)).run(System.out);
 * r.outcomes().getFirst().status()      // FAILED
 * }</pre>
 *
 * @param test what the test checks, in words ("the 4th request in the same second is refused")
 * @param status passed, failed, not implemented yet, out of time, or not run
 * @param message what went wrong (null when it passed)
 * @param expected what was expected, as text, or null
 * @param got what happened instead, as text, or null
 * @param hint a hint shown with a failure, or null
 * @param millis how long the test ran
 * @param errorOutput what the test's processes wrote to standard error while it ran (crash reports,
 *        warnings), shown under a failed test and dropped when it passed; empty if nothing
 */
public record Outcome(String test, Status status, String message, String expected, String got, String hint, long millis,
                      String errorOutput) {
    /** An outcome; a null {@code errorOutput} is taken as empty. */
    public Outcome {
        errorOutput = errorOutput == null ? "" : errorOutput;
    }

    /** The states of a test. */
    public enum Status {
        /** The test passed. */
        PASSED,
        /** The student's code did something else than expected, or threw. */
        FAILED,
        /** The student's code threw {@code UnsupportedOperationException("TODO: ...")}: the skeleton is untouched. */
        NOT_IMPLEMENTED,
        /** The test did not finish within its time limit (its process was killed). */
        TIMED_OUT,
        /** Not run, because the exercise is not implemented yet. */
        NOT_RUN
    }

    /** Whether the test passed. */
    public boolean passed() {
        return status == Status.PASSED;
    }
}
