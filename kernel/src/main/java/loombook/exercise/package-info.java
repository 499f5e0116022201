/**
 * How an exercise's check is written and run: real tests against a student's code from a notebook
 * cell, reported in plain words, ending in an error unless they all passed.
 *
 * <p>The entry class is {@link loombook.exercise.Exercise}: a named list of tests, each a
 * {@link loombook.exercise.TestBody} that gets a {@link loombook.exercise.Trial} (what a test may do:
 * call the student's code, expect, receive with a deadline, wait for a DOWN, poll). Each test runs in
 * a process of its own under a time limit; the processes it started are killed when it ends; what
 * they write to stderr is shown only under a test that failed. {@link loombook.exercise.Exercise#check()}
 * prints the report, one ✓/✗ line per test and a summary, and then throws
 * {@link loombook.exercise.ExerciseFailed} unless every test passed, so that the cell's status says
 * what the report says (nbgrader and "Run All" read the status). The functional interfaces
 * {@code Fn3}, {@code Fn4}, {@code Act3}, {@code Act4} let a check take a student's methods of three
 * and four arguments as method references, without reflection.
 *
 * <p>This package uses the runtime ({@code loombook}) and nothing of the kernel; the course's checks
 * ({@code loombook.course}) are written with it. A cell can use it too:
 *
 * <pre>{@code
 * import loombook.exercise.*;
 * Exercise.named("Arithmetic")
 *     .test("1 + 1 is 2", t -> t.expectEquals("1 + 1", 2, 1 + 1))
 *     .check();                 // Arithmetic: all 1 check passed ✓
 * }</pre>
 */
package loombook.exercise;
