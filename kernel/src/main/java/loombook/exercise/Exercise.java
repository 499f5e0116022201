package loombook.exercise;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import loombook.Down;
import loombook.GroupLeader;
import loombook.HostProcess;
import loombook.Monitored;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessExit;
import loombook.ProcessInfo;
import loombook.Reason;

/**
 * An exercise's check: a named list of tests, run one after the other against the student's code,
 * each in a process of its own and under a time limit, and reported in plain words.
 *
 * <pre>{@code
 * import loombook.exercise.*;
 * IntUnaryOperator doubled = n -> n * 2;                    // the student's code, passed in
 * Exercise.named("Doubler")
 *     .test("2 doubled is 4", t -> t.expectEquals("doubled(2)", 4, t.call("doubled(2)", () -> doubled.applyAsInt(2))))
 *     .test("doubling 0 gives 0", "0 * 2 is 0", t -> t.expectEquals("doubled(0)", 0, t.call("doubled(0)", () -> doubled.applyAsInt(0))))
 *     .check();                                             // Doubler: all 2 checks passed ✓
 * }</pre>
 *
 * <p>What {@link #check()} guarantees, whatever the student's code does:
 * <ul>
 *   <li>each test runs in a fresh process (the tester); if it does not finish within its time limit
 *       it is killed and the test fails, saying what it was doing ({@link Trial#step});</li>
 *   <li>every process the test started (directly or not) is killed when the test ends;</li>
 *   <li>an {@code UnsupportedOperationException} whose message starts with {@code TODO} means the
 *       skeleton is untouched: the report says "not implemented yet: TODO ..." and runs no more tests;</li>
 *   <li>the report is printed as the tests run, one line per test (✓ or ✗, what was expected, what
 *       happened, a hint), then a summary line: {@code "Counter: all 4 checks passed ✓"},
 *       {@code "Counter: 3 of 4 checks passed"} or
 *       {@code "Counter: not implemented yet (0 of 4 checks passed)"};</li>
 *   <li>what the test's processes write to standard error (crash reports, warnings) is shown under a
 *       test that failed and dropped for one that passed, so that a check that passes writes nothing
 *       to the cell's stderr;</li>
 *   <li>unless every test passed, the cell then ends in an {@link ExerciseFailed} error whose message
 *       is the summary: graders (nbgrader gives a test cell no points when it shows an error or
 *       writes to stderr) and notebook runners read the outcome from the cell's status. A check
 *       that passes returns nothing, so no value shows under the cell either.</li>
 * </ul>
 */
public final class Exercise {
    /** The default time limit of a test, in milliseconds. */
    public static final long DEFAULT_TIME_LIMIT = 3000;

    private final String name;
    private final List<Test> tests = new ArrayList<>();
    private long timeLimit = DEFAULT_TIME_LIMIT;

    private record Test(String description, String hint, long timeLimit, TestBody body) {}

    private Exercise(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** A new exercise check called {@code name} (the class the student writes, e.g. "RateLimiter"). */
    public static Exercise named(String name) {
        return new Exercise(name);
    }

    /** Sets the time limit of the tests added after this call (3 s by default). */
    public Exercise timeLimit(long millis) {
        if (millis <= 0) throw new IllegalArgumentException("a time limit must be positive");
        this.timeLimit = millis;
        return this;
    }

    /** Adds a test; {@code description} says what it checks, as the ✓/✗ line shows it. */
    public Exercise test(String description, TestBody body) {
        return test(description, null, body);
    }

    /** Adds a test with a hint that is shown if it fails. */
    public Exercise test(String description, String hint, TestBody body) {
        tests.add(new Test(Objects.requireNonNull(description), hint, timeLimit, Objects.requireNonNull(body)));
        return this;
    }

    /** Adds a test with a hint and its own time limit. */
    public Exercise test(String description, String hint, long timeLimitMillis, TestBody body) {
        tests.add(new Test(Objects.requireNonNull(description), hint, timeLimitMillis, Objects.requireNonNull(body)));
        return this;
    }

    /**
     * The end of every check: runs the tests, prints the report to {@code System.out} (the cell) as
     * they go, and throws {@link ExerciseFailed} unless all of them passed.
     *
     * @throws ExerciseFailed if a test failed, ran out of time, or found the exercise not implemented yet
     */
    public void check() {
        check(System.out);
    }

    /** As {@link #check()}, printing the report to {@code out}. */
    public void check(PrintStream out) {
        Report report = run(out);
        if (!report.allPassed()) throw new ExerciseFailed(report);
    }

    /**
     * Runs the tests, prints the report to {@code out} and returns it, passed or not (for tests of
     * checks, and programs that read the outcome; a check cell ends with {@link #check()}). Works in
     * a process (a cell) or on any thread.
     */
    public Report run(PrintStream out) {
        boolean inProcess;
        try {
            Process.self();
            inProcess = true;
        } catch (IllegalStateException e) {
            inProcess = false;
        }
        if (inProcess) return runHere(out);
        try (HostProcess host = HostProcess.start("check " + name, GroupLeader.system())) {
            return host.call(() -> runHere(out));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Report runHere(PrintStream out) {
        StringBuilder text = new StringBuilder();
        List<Outcome> outcomes = new ArrayList<>();
        line(out, text, "Checking " + name + " (" + tests.size() + (tests.size() == 1 ? " test)" : " tests)"));
        boolean stopped = false;
        for (Test test : tests) {
            if (stopped) {
                outcomes.add(new Outcome(test.description(), Outcome.Status.NOT_RUN, null, null, null, null, 0, ""));
                continue;
            }
            Outcome o = runOne(test);
            outcomes.add(o);
            print(out, text, o);
            if (o.status() == Outcome.Status.NOT_IMPLEMENTED) stopped = true;
        }
        long notRun = outcomes.stream().filter(o -> o.status() == Outcome.Status.NOT_RUN).count();
        if (notRun > 0) {
            line(out, text, "  · " + notRun + (notRun == 1 ? " more check runs" : " more checks run") + " once this is written");
        }
        String summary = new Report(name, outcomes, "").summary();
        line(out, text, summary);
        out.flush();
        return new Report(name, outcomes, text.toString());
    }

    private static void line(PrintStream out, StringBuilder text, String s) {
        out.println(s);
        out.flush();
        text.append(s).append('\n');
    }

    private static void print(PrintStream out, StringBuilder text, Outcome o) {
        switch (o.status()) {
            case PASSED -> line(out, text, "  ✓ " + o.test());
            case NOT_IMPLEMENTED -> {
                line(out, text, "  ✗ " + o.test());
                line(out, text, "      not implemented yet: " + o.message());
                if (o.hint() != null) line(out, text, "      " + o.hint());
            }
            default -> {
                line(out, text, "  ✗ " + o.test());
                line(out, text, "      " + o.message());
                if (o.expected() != null) line(out, text, "      expected: " + o.expected());
                if (o.got() != null) line(out, text, "      got:      " + o.got());
                if (o.hint() != null) line(out, text, "      hint: " + o.hint());
                errorOutput(out, text, o.errorOutput());
            }
        }
    }

    /** How many lines of a failed test's error output the report shows. */
    private static final int ERROR_LINES = 20;

    private static void errorOutput(PrintStream out, StringBuilder text, String errors) {
        if (errors.isBlank()) return;
        List<String> lines = errors.strip().lines().toList();
        line(out, text, "      its processes wrote to stderr:");
        for (String l : lines.subList(0, Math.min(lines.size(), ERROR_LINES))) line(out, text, "        " + l);
        if (lines.size() > ERROR_LINES) line(out, text, "        ... " + (lines.size() - ERROR_LINES) + " more lines");
    }

    private Outcome runOne(Test test) {
        TestGroupLeader output = new TestGroupLeader(Process.groupLeader());
        Outcome o = judge(test, output);
        return o.passed() ? o : new Outcome(o.test(), o.status(), o.message(), o.expected(), o.got(), o.hint(), o.millis(),
                o.status() == Outcome.Status.NOT_IMPLEMENTED ? "" : output.errorOutput());
    }

    private Outcome judge(Test test, TestGroupLeader output) {
        Trial trial = new Trial();
        AtomicReference<Outcome> result = new AtomicReference<>();
        long start = System.nanoTime();
        Monitored m = Process.spawnMonitor(() -> {
            Process.groupLeader(output, Process.self());
            Outcome o;
            try {
                test.body().run(trial);
                o = outcome(test, Outcome.Status.PASSED, null, null, null, null, start);
            } catch (ProcessExit e) {
                throw e;        // an exit signal ends the tester: its DOWN says so (it may come before this line runs)
            } catch (Throwable e) {
                o = failure(test, trial, e, start);
            }
            result.set(o);
        });
        try {
            Down down = Process.receive(x -> x instanceof Down d && d.ref().equals(m.ref()) ? d : null, test.timeLimit(), () -> null);
            if (down == null) {
                String step = trial.currentStep();
                Process.exit(m.pid(), Reason.KILL);
                Process.demonitor(m.ref(), true);
                return outcome(test, Outcome.Status.TIMED_OUT,
                        "did not finish within " + seconds(test.timeLimit()) + "; it was " + step,
                        null, null,
                        test.hint() != null ? test.hint()
                                : "a receive with no timeout waits for ever when no message comes: is the process alive, and does it answer this message?",
                        start);
            }
            Outcome o = result.get();
            if (o != null) return o;
            return outcome(test, Outcome.Status.FAILED,
                    "the test's own process was stopped by an exit signal (" + down.reason() + ") while " + trial.currentStep(),
                    null, null, "a process linked to the caller (spawnLink, link) that crashes takes the caller down too", start);
        } finally {
            if (Process.alive(m.pid())) {
                Process.exit(m.pid(), Reason.KILL);
                Process.demonitor(m.ref(), true);
            }
            cleanUp(m.pid());
        }
    }

    private static Outcome outcome(Test test, Outcome.Status status, String message, String expected, String got, String hint, long start) {
        return new Outcome(test.description(), status, message, expected, got, hint, (System.nanoTime() - start) / 1_000_000, "");
    }

    private static Outcome failure(Test test, Trial trial, Throwable e, long start) {
        if (e instanceof CheckFailure f) {
            return outcome(test, Outcome.Status.FAILED, f.getMessage(), f.expected(), f.got(), test.hint(), start);
        }
        Throwable cause = e instanceof StudentError s ? s.getCause() : e;
        String what = e instanceof StudentError s ? s.what() : null;
        String todo = todo(cause);
        if (todo != null) {
            return outcome(test, Outcome.Status.NOT_IMPLEMENTED, todo, null, null,
                    "(" + (what != null ? what : "your code") + " still throws the skeleton's UnsupportedOperationException:"
                            + " write it, run its cell, then run this check again)", start);
        }
        if (cause.getClass().getName().endsWith("SPIResolutionException")) {
            return outcome(test, Outcome.Status.FAILED,
                    (what != null ? what : "your code") + " cannot run: its class uses a name that does not exist"
                            + " (JShell accepted the cell with a warning about it)",
                    null, null, "look at the warning under your class's cell; a method of your own named like one of the"
                            + " runtime's (next, stop, skip...) hides it inside the class: Process.stop(...) names the runtime's", start);
        }
        String where = where(cause);
        String message = (what != null ? what : "your code") + " threw " + describe(cause)
                + (where != null ? " (in " + where + ")" : "")
                + (what == null ? " while " + trial.currentStep() : "");
        return outcome(test, Outcome.Status.FAILED, message, null, null, test.hint(), start);
    }

    /**
     * The TODO message of a skeleton's {@code UnsupportedOperationException} in the cause chain of
     * {@code e}, or null: how a check tells "not implemented yet" from a bug.
     *
     * <pre>{@code
     * Exercise.todo(new RuntimeException(new UnsupportedOperationException("TODO: spawn it")))   // "TODO: spawn it"
     * }</pre>
     */
    public static String todo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedOperationException u && u.getMessage() != null
                    && u.getMessage().strip().toUpperCase(Locale.ROOT).startsWith("TODO")) {
                return u.getMessage().strip();
            }
            if (t.getCause() == t) break;
        }
        return null;
    }

    private static String describe(Throwable e) {
        String n = e.getClass().getSimpleName();
        if (n.isEmpty()) n = e.getClass().getName();
        return e.getMessage() == null ? n : n + ": " + e.getMessage();
    }

    /** The first frame of the student's own code (a JShell snippet class), as "Class.method". */
    static String where(Throwable e) {
        for (StackTraceElement f : e.getStackTrace()) {
            String c = f.getClassName();
            if (!c.startsWith("REPL.")) continue;
            String simple = c.substring("REPL.".length()).replaceFirst("^\\$JShell\\$\\d+[A-Z]?\\$?", "");
            String method = f.getMethodName();
            if (method.startsWith("lambda$")) {
                String[] parts = method.split("\\$");
                method = "a lambda in " + (parts.length > 1 ? parts[1] : "?");
                return simple.isEmpty() ? method : method + " of " + simple.replace('$', '.');
            }
            return simple.isEmpty() ? method : simple.replace('$', '.') + "." + method;
        }
        return null;
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /**
     * Kills the processes that {@code tester} started, directly or through the processes it started:
     * every live process younger than the tester whose line of parents leads to it. A parent that has
     * already died but is younger than the tester counts as one of the test's.
     */
    static int cleanUp(Pid tester) {
        long floor = tester.id();
        Map<Pid, Pid> parent = new HashMap<>();
        for (Pid p : Process.processes()) {
            if (p.id() <= floor) continue;
            ProcessInfo i = Process.info(p);
            if (i != null) parent.put(p, i.parent());
        }
        Set<Pid> ours = new HashSet<>();
        for (Pid p : parent.keySet()) {
            if (descends(p, tester, floor, parent, 0)) ours.add(p);
        }
        for (Pid p : ours) Process.exit(p, Reason.KILL);
        return ours.size();
    }

    private static boolean descends(Pid p, Pid tester, long floor, Map<Pid, Pid> parent, int depth) {
        Pid up = parent.get(p);
        if (up == null || depth > 10_000) return false;
        if (up.equals(tester)) return true;
        if (up.id() <= floor) return false;
        if (!parent.containsKey(up)) return true;   // a young parent that has died: one of the test's
        return descends(up, tester, floor, parent, depth + 1);
    }
}
