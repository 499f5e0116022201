package loombook.exercise;

/**
 * A test's failure, in words for the student: what went wrong, and optionally what was expected
 * and what happened instead. Thrown by {@link Trial#fail} and the {@code expect} methods; the
 * exercise reports it as a ✗ line with what was expected and what happened; the cell's error
 * comes once, at the end of the check ({@link ExerciseFailed}).
 *
 * <pre>{@code
 * import loombook.exercise.*;
 * Exercise.named("Weather")
 *     .test("it is sunny", t -> { throw new CheckFailure("the sky", "\"sunny\"", "\"cloudy\""); })
 *     .run(System.out)        // ✗ it is sunny / the sky / expected: "sunny" / got: "cloudy"
    .allPassed()            // false
 * }</pre>
 */
public final class CheckFailure extends RuntimeException {
    private final String expected;
    private final String got;

    /** A failure with a message only. */
    public CheckFailure(String message) {
        this(message, null, null);
    }

    /** A failure with what was expected and what happened (either may be null). */
    public CheckFailure(String message, String expected, String got) {
        super(message, null, false, false);
        this.expected = expected;
        this.got = got;
    }

    /** What the test expected, as text, or null. */
    public String expected() {
        return expected;
    }

    /** What happened instead, as text, or null. */
    public String got() {
        return got;
    }
}
