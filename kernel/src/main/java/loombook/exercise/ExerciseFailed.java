package loombook.exercise;

import java.util.Objects;

/**
 * An exercise's check did not pass: thrown into the cell by {@link Exercise#check()} after the
 * report, so that the cell ends in an error. That error is what graders and "Run All" read: nbgrader
 * gives a test cell no points when it shows an error, and a notebook runner stops there unless the
 * cell is tagged {@code raises-exception}. Its message is the report's summary line; it carries no
 * stack trace, because the report above it already says what went wrong and where.
 *
 * <pre>{@code
 * import loombook.exercise.*;
 * try {
 *     Exercise.named("Nothing").test("fails", t -> t.fail("on purpose")).check();
 * } catch (ExerciseFailed e) {
 *     System.out.println(e.getMessage());      // Nothing: 0 of 1 checks passed
 * }
 * }</pre>
 */
public final class ExerciseFailed extends RuntimeException {
    private final transient Report report;

    /** The failure of the check that made {@code report}. */
    public ExerciseFailed(Report report) {
        super(Objects.requireNonNull(report, "report").summary(), null, false, false);
        this.report = report;
    }

    /** The report of the check, test by test. */
    public Report report() {
        return report;
    }
}
