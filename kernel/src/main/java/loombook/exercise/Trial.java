package loombook.exercise;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import loombook.Clauses;
import loombook.Down;
import loombook.Pid;
import loombook.Process;
import loombook.Ref;

/**
 * What a test of an {@link Exercise} may do. A test runs in a process of its own (the
 * <em>tester</em>, {@link #self()}): the student's client functions called from the test send and
 * receive as this process. Every wait here has a deadline, and the whole test has a time limit, so
 * a student's process that never answers makes the test fail, never hang.
 *
 * <pre>{@code
 * import loombook.exercise.*;
 * Exercise.named("Echo")
 *     .test("a process answers what it is sent", t -> {
 *         Pid echo = t.spawn(() -> send(receive(Pid.class), "pong"));
 *         send(echo, t.self());
 *         t.expectEquals("the answer", "pong", t.receiveWithin(1000, m -> m instanceof String s ? s : null));
 *     })
 *     .check();
 * }</pre>
 */
public final class Trial {
    private volatile String step = "starting";

    Trial() {}

    /** The tester: the process this test runs in. */
    public Pid self() {
        return Process.self();
    }

    /** Says what the test is doing now; a test that runs out of time reports the last step. */
    public void step(String what) {
        step = Objects.requireNonNull(what, "step");
    }

    String currentStep() {
        return step;
    }

    /**
     * Runs the student's code {@code code}, described as {@code what} (e.g.
     * {@code "RateLimiter.request(limiter)"}), and returns its result. If it throws, the test fails
     * with "{@code what} threw ..." ({@code UnsupportedOperationException("TODO: ...")} means "not
     * implemented yet").
     */
    public <T> T call(String what, Callable<T> code) {
        step("in " + what);
        try {
            return code.call();
        } catch (CheckFailure f) {
            throw f;
        } catch (loombook.ProcessExit e) {
            throw e;
        } catch (Throwable e) {
            throw new StudentError(what, e);
        }
    }

    /** As {@link #call}, for student code that returns nothing. */
    public void run(String what, ThrowingRunnable code) {
        call(what, () -> {
            code.run();
            return null;
        });
    }

    /** Student code that returns nothing and may throw. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        /** Runs the code. */
        void run() throws Exception;
    }

    /** Fails the test with {@code message}. Declared to return the failure so that {@code throw t.fail(...)} reads well. */
    public CheckFailure fail(String message) {
        throw new CheckFailure(message);
    }

    /** Fails the test, saying what was expected and what happened instead. */
    public CheckFailure fail(String message, Object expected, Object got) {
        throw new CheckFailure(message, show(expected), show(got));
    }

    /** Fails the test with {@code message} unless {@code ok}. */
    public void expect(boolean ok, String message) {
        if (!ok) fail(message);
    }

    /** Fails the test unless {@code actual} equals {@code expected}; {@code what} names the value ("request #4"). */
    public void expectEquals(String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            throw new CheckFailure(what + ": not what the exercise asks for", show(expected), show(actual));
        }
    }

    /**
     * Selective receive in the tester, waiting at most {@code millis}: the clauses' value, or null
     * if nothing matched in time.
     */
    public <T> T receiveWithin(long millis, Clauses<T> clauses) {
        step("waiting up to " + millis + " ms for a message");
        return Process.receive(clauses, millis, () -> null);
    }

    /**
     * Monitors {@code pid} and waits up to {@code millis} for it to end. Returns its exit reason
     * ({@code noproc} if it was already dead), or null if it is still alive after {@code millis}.
     */
    public Object awaitDown(Pid pid, long millis) {
        step("waiting up to " + millis + " ms for " + pid + " to end");
        Ref ref = Process.monitor(pid);
        Down d = Process.receive(m -> m instanceof Down down && down.ref().equals(ref) ? down : null, millis, () -> null);
        if (d == null) {
            Process.demonitor(ref, true);
            return null;
        }
        return d.reason();
    }

    /**
     * Monitors {@code pid} now, before doing something that may end it; {@link #awaitDown(Ref, long)}
     * then waits for that monitor's DOWN. (Monitoring after the act could come too late and see only
     * {@code noproc}.)
     */
    public Ref watch(Pid pid) {
        return Process.monitor(pid);
    }

    /** Waits up to {@code millis} for the DOWN of the monitor {@code ref}; its reason, or null if none came. */
    public Object awaitDown(Ref ref, long millis) {
        step("waiting up to " + millis + " ms for a process to end");
        Down d = Process.receive(m -> m instanceof Down down && down.ref().equals(ref) ? down : null, millis, () -> null);
        if (d == null) {
            Process.demonitor(ref, true);
            return null;
        }
        return d.reason();
    }

    /** Polls {@code condition} every few milliseconds for up to {@code millis}; returns whether it became true. */
    public boolean eventually(long millis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        for (;;) {
            if (condition.getAsBoolean()) return true;
            if (System.nanoTime() - deadline > 0) return false;
            Process.sleep(5);
        }
    }

    /** Sleeps {@code millis} in the tester (messages keep arriving in its mailbox). */
    public void sleep(long millis) {
        step("sleeping " + millis + " ms");
        Process.sleep(millis);
    }

    /** Spawns a helper process for the test (killed with the test's other processes when it ends). */
    public Pid spawn(Runnable body) {
        return Process.spawn(body);
    }

    /**
     * The number the next spawned process will get (a no-op process is spawned to find out). The
     * difference between two calls counts the processes spawned in between, by anyone.
     */
    public long nextPidNumber() {
        return Process.spawn(() -> {}).id() + 1;
    }

    /** A value as the report shows it: strings quoted, collections and optionals element by element. */
    public static String show(Object v) {
        if (v == null) return "null";
        if (v instanceof String s) return '"' + s + '"';
        if (v instanceof Character c) return "'" + c + "'";
        if (v instanceof Collection<?> c) return c.stream().map(Trial::show).collect(Collectors.joining(", ", "[", "]"));
        if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> show(e.getKey()) + "=" + show(e.getValue())).collect(Collectors.joining(", ", "{", "}"));
        }
        if (v instanceof Optional<?> o) return o.isEmpty() ? "Optional.empty" : "Optional[" + show(o.get()) + "]";
        return String.valueOf(v);
    }
}
