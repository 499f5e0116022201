/**
 * The course's exercise checks: real tests run against a student's code from a notebook cell,
 * reported in plain words.
 *
 * <p>An exercise is a class with a fixed API that the student fills in (its unwritten methods throw
 * {@code new UnsupportedOperationException("TODO: ...")}). The check cell passes that API to a
 * check as method references, for instance
 * {@code Check08.rateLimiter(RateLimiter::start, RateLimiter::request)}; the check runs its tests
 * and prints one line per test, ✓ or ✗, with what was expected, what happened and a hint, then a
 * summary line ({@code "RateLimiter: all 5 checks passed"}). It never throws into the cell for an
 * ordinary failure and never shows a solution.
 *
 * <p>A check is written with {@link loombook.course.Exercise} (a list of tests with time limits)
 * and {@link loombook.course.Trial} (what a test may do: expect, receive with a deadline, wait for
 * a DOWN, poll). Each test runs in a process of its own, under a time limit; the processes it
 * started are killed when it ends. See {@code notebooks/README.md}.
 *
 * <p>The checks use the runtime's public API ({@code loombook}, {@code loombook.otp}) as a
 * student's code does, and nothing of the kernel's floors: a cell calls them like any other class
 * on its class path.
 */
package loombook.course;
