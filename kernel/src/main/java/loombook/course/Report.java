package loombook.course;

import java.util.List;

/**
 * What an exercise's check found: one {@link Outcome} per test, and the text it printed.
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

    @Override
    public String toString() {
        return text;
    }
}
