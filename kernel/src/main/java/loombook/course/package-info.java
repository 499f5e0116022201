/**
 * The course's exercise checks, one class per notebook ({@code Check07} ... {@code Check15}) and one
 * method per exercise, named as the exercise is everywhere: the skeleton cell's tag
 * {@code exercise:rateLimiter}, the check cell's {@code check:rateLimiter}, the reference solution
 * {@code notebooks/solutions/08/rateLimiter.jsh} and the check {@code Check08.rateLimiter}; the class
 * the student writes is that name with a capital ({@code RateLimiter}).
 *
 * <p>A check takes the student's API as method references and runs real tests against it with the
 * exercise framework ({@code loombook.exercise}); {@code OtpChecks} holds what the checks of the OTP
 * notebooks share. The set-up cell of a notebook imports this package, so a check cell is one line:
 *
 * <pre>{@code
 * import loombook.course.*;
 * class Squares {
 *     static List<Integer> squares(int n) { throw new UnsupportedOperationException("TODO: spawn n processes"); }
 * }
 * Check07.squares(Squares::squares);    // Squares: not implemented yet (0 of 4 checks passed), and the cell's error
 * }</pre>
 *
 * <p>A check prints its report and ends in an error unless every test passed, so that graders
 * (nbgrader) and "Run All" read the outcome from the cell; it never shows a solution. How the
 * notebooks, their exercises and these checks are written: {@code notebooks/README.md}.
 *
 * <p>The checks use the runtime's public API ({@code loombook}, {@code loombook.otp}) as a
 * student's code does, and nothing of the kernel's floors: a cell calls them like any other class
 * on its class path.
 */
package loombook.course;
