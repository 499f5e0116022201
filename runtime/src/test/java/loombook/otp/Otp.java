package loombook.otp;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.BooleanSupplier;

import loombook.Capture;
import loombook.Clauses;
import loombook.Down;
import loombook.GroupLeader;
import loombook.HostProcess;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessExit;
import loombook.Ref;

/** Test support for the OTP layer: run test code as a process, wait for events with a bound, capture output. */
final class Otp {
    /** How long a test waits for an event that must happen before calling it a failure. */
    static final long WAIT = 5_000;

    private Otp() {}

    interface Body {
        void run() throws Exception;
    }

    /**
     * Runs {@code body} as a fresh host process whose output (crash reports of the processes it
     * spawns included) is kept, and shown only if the body fails.
     */
    static void inProcess(Body body) throws Exception {
        Capture out = new Capture();
        try {
            inProcess(out, body);
        } catch (Exception | Error e) {
            System.err.println("---- output of the failed test ----\n" + out.text());
            throw e;
        }
    }

    /** Runs {@code body} as a fresh host process on the test thread, then ends that process. */
    static void inProcess(GroupLeader gl, Body body) throws Exception {
        try (HostProcess host = HostProcess.start("test", gl)) {
            host.call(() -> {
                body.run();
                return null;
            });
        }
    }

    /** Receives a message that {@code clauses} matches, failing after {@link #WAIT} ms. */
    static <T> T await(String what, Clauses<T> clauses) {
        return Process.receive(clauses, WAIT, () -> fail("timed out waiting for " + what + "; mailbox: " + Process.messages()));
    }

    static <T> T await(Class<T> type) {
        return await(type.getSimpleName(), m -> type.isInstance(m) ? type.cast(m) : null);
    }

    static Down awaitDown(Ref ref) {
        return await("DOWN " + ref, m -> m instanceof Down d && d.ref().equals(ref) ? d : null);
    }

    /** Monitors {@code pid} and waits until it has ended; returns its DOWN. */
    static Down awaitExit(Pid pid) {
        return awaitDown(Process.monitor(pid));
    }

    /** Asserts that nothing {@code clauses} matches arrives within {@code millis}. */
    static void refute(String what, long millis, Clauses<?> clauses) {
        Object got = Process.receive(clauses, millis, () -> null);
        if (got != null) fail("did not expect " + what + " but got " + got);
    }

    /** Polls {@code condition} until true, failing after {@link #WAIT} ms (for state that has no message). */
    static void eventually(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + WAIT * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) fail("timed out waiting until " + what);
            Process.sleep(2);
        }
    }

    /** Runs {@code body} and returns the reason of the ProcessExit it throws, failing if it throws none. */
    static Object exitReason(Runnable body) {
        try {
            body.run();
        } catch (ProcessExit e) {
            return e.reason();
        }
        return fail("expected an exit");
    }
}
