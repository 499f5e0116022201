package loombook.exercise;

import java.util.List;

/**
 * What an exercise's check found: one {@link Outcome} per test, and the text it printed.
 *
 * <pre>{@code
 * import loombook.exercise.*;
 * Report r = Exercise.named("Sums").test("1 + 1 is 2", t -> t.expectEquals("1 + 1", 2, 1 + 1)).run(System.out);
 * r.allPassed()         // true
 * }</pre>
 *
 * @param exercise the exercise's name ("RateLimiter")
 * @param outcomes how each test went, in order
 * @param text the report as printed in the cell
 */
public record Report(String exercise, List<Outcome> outcomes, String text) {
    /** A report; the list is copied. */
    public Report {
        outcomes = List.copyOf(outcomes);
    }

    /** How many tests passed. */
    public long passed() {
        return outcomes.stream().filter(Outcome::passed).count();
    }

    /** Whether every test passed. */
    public boolean allPassed() {
        return !outcomes.isEmpty() && outcomes.stream().allMatch(Outcome::passed);
    }

    /** Whether the check found the exercise not implemented yet (an untouched skeleton). */
    public boolean notImplemented() {
        return outcomes.stream().anyMatch(o -> o.status() == Outcome.Status.NOT_IMPLEMENTED);
    }

    /**
     * The report's last line: {@code "RateLimiter: all 5 checks passed ✓"},
     * {@code "RateLimiter: 3 of 5 checks passed"} or
     * {@code "RateLimiter: not implemented yet (0 of 5 checks passed)"}.
     */
    public String summary() {
        int n = outcomes.size();
        if (allPassed()) return exercise + ": all " + n + (n == 1 ? " check passed ✓" : " checks passed ✓");
        String count = passed() + " of " + n + " checks passed";
        return exercise + ": " + (notImplemented() ? "not implemented yet (" + count + ")" : count);
    }

    @Override
    public String toString() {
        return text;
    }
}
