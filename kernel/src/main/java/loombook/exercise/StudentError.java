package loombook.exercise;

import java.util.Objects;

/**
 * The student's code threw: {@link #what()} says which call ("RateLimiter.start(3)"), the cause is
 * what it threw. {@link Trial#call} throws it; the exercise reports it as "<em>what</em> threw ..."
 * (or "not implemented yet" when the cause is a skeleton's TODO). A check that calls student code
 * its own way throws one to be reported the same way.
 *
 * <pre>{@code
 * import loombook.exercise.*;
 * Exercise.named("Parser")
 *     .test("parses 42", t -> {
 *         try {
 *             Integer.parseInt("forty-two");
 *         } catch (NumberFormatException e) {
 *             throw new StudentError("Parser.parse(\"forty-two\")", e);
 *         }
 *     })
 *     .run(System.out)       // ✗ parses 42: Parser.parse("forty-two") threw NumberFormatException: ...
    .allPassed()           // false
 * }</pre>
 */
public final class StudentError extends RuntimeException {
    private final String what;

    /** The call {@code what} threw {@code cause}. */
    public StudentError(String what, Throwable cause) {
        super(what + " threw " + cause, Objects.requireNonNull(cause, "cause"), false, false);
        this.what = Objects.requireNonNull(what, "what");
    }

    /** Which call of the student's code threw, as the report shows it. */
    public String what() {
        return what;
    }
}
