package loombook;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * Test support for the runtime and OTP tests: run test code as a process, wait for events with a
 * bound, capture output.
 */
public final class Rt {
    /** How long a test waits for an event that must happen before it calls it a failure. */
    public static final long WAIT = 5_000;

    private Rt() {}

    /** Test code that runs as a process. */
    public interface Body {
        /** Runs the test code. */
        void run() throws Exception;
    }

    /**
     * Runs {@code body} as a fresh host process on the test thread, then ends that process. Its
     * output (crash reports of the processes it spawns included) is kept, and shown only if the
     * body fails.
     */
    public static void inProcess(Body body) throws Exception {
        Capture out = new Capture();
        try {
            inProcess(out, body);
        } catch (Exception | Error e) {
            System.err.println("---- output of the failed test ----\n" + out.text());
            throw e;
        }
    }

    /** Runs {@code body} as a fresh host process with group leader {@code gl}, then ends that process. */
    public static void inProcess(GroupLeader gl, Body body) throws Exception {
        try (HostProcess host = HostProcess.start("test", gl)) {
            host.call(() -> {
                body.run();
                return null;
            });
        }
    }

    /** Runs {@code body} as a fresh host process and returns what it returns. */
    public static <T> T call(Callable<T> body) throws Exception {
        try (HostProcess host = HostProcess.start("test", GroupLeader.system())) {
            return host.call(body);
        }
    }

    /** Receives a message that {@code clauses} matches, failing the test after {@link #WAIT} ms. */
    public static <T> T await(String what, Clauses<T> clauses) {
        return Process.receive(clauses, WAIT, () -> fail("timed out waiting for " + what
                + "; mailbox: " + Process.messages()));
    }

    /** Receives a message of {@code type}, failing the test after {@link #WAIT} ms. */
    public static <T> T await(Class<T> type) {
        return await(type.getSimpleName(), m -> type.isInstance(m) ? type.cast(m) : null);
    }

    /** Receives the DOWN of the monitor {@code ref}, failing the test after {@link #WAIT} ms. */
    public static Down awaitDown(Ref ref) {
        return await("DOWN " + ref, m -> m instanceof Down d && d.ref().equals(ref) ? d : null);
    }

    /** Receives the DOWN of the monitor of a {@code spawnMonitor}. */
    public static Down awaitDown(Monitored m) {
        return awaitDown(m.ref());
    }

    /** Monitors {@code pid} and waits until it has ended; returns its DOWN. */
    public static Down awaitExit(Pid pid) {
        return awaitDown(Process.monitor(pid));
    }

    /** Asserts that nothing {@code clauses} matches arrives within {@code millis}. */
    public static void refuteReceived(String what, long millis, Clauses<?> clauses) {
        Object got = Process.receive(clauses, millis, () -> null);
        if (got != null) fail("did not expect " + what + " but got " + got);
    }

    /** Polls {@code condition} until true, failing after {@link #WAIT} ms (for state that has no message). */
    public static void eventually(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + WAIT * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) fail("timed out waiting until " + what);
            Process.sleep(2);
        }
    }

    /** Runs {@code body} and returns the reason of the ProcessExit it throws, failing if it throws none. */
    public static Object exitReason(Runnable body) {
        try {
            body.run();
        } catch (ProcessExit e) {
            return e.reason();
        }
        return fail("expected an exit");
    }

    /**
     * The bench's timeout workload, run by the calling process: spawns {@code n} processes that each
     * wait 10 ms in a receive; returns how long they waited (ns), sorted.
     */
    public static long[] timeoutWaits(int n) {
        Pid me = Process.self();
        for (int i = 0; i < n; i++) {
            Process.spawn(() -> {
                long s = System.nanoTime();
                Process.receive(m -> null, 10, () -> null);
                Process.send(me, System.nanoTime() - s);
            });
        }
        long[] w = new long[n];
        for (int i = 0; i < n; i++) w[i] = await("a wait", m -> m instanceof Long l ? l : null);
        Arrays.sort(w);
        return w;
    }
}
