package loombook;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.concurrent.Callable;

/** Test support: run test code as a process, wait for events with a bound, capture output. */
final class Rt {
    /** How long a test waits for an event that must happen before it calls it a failure. */
    static final long WAIT = 5_000;

    private Rt() {}

    interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} as a fresh host process on the test thread, then ends that process. */
    static void inProcess(Body body) throws Exception {
        inProcess(GroupLeader.system(), body);
    }

    static void inProcess(GroupLeader gl, Body body) throws Exception {
        try (HostProcess host = HostProcess.start("test", gl)) {
            host.call(() -> {
                body.run();
                return null;
            });
        }
    }

    static <T> T call(Callable<T> body) throws Exception {
        try (HostProcess host = HostProcess.start("test", GroupLeader.system())) {
            return host.call(body);
        }
    }

    /** Receives a message that {@code clauses} matches, failing the test after {@link #WAIT} ms. */
    static <T> T await(String what, Clauses<T> clauses) {
        return Process.receive(clauses, WAIT, () -> fail("timed out waiting for " + what
                + "; mailbox: " + Process.messages()));
    }

    static Down awaitDown(Ref ref) {
        return await("DOWN " + ref, m -> m instanceof Down d && d.ref().equals(ref) ? d : null);
    }

    static Down awaitDown(Monitored m) {
        return awaitDown(m.ref());
    }

    /** Asserts that nothing {@code clauses} matches arrives within {@code millis}. */
    static void refuteReceived(String what, long millis, Clauses<?> clauses) {
        Object got = Process.receive(clauses, millis, () -> null);
        if (got != null) fail("did not expect " + what + " but got " + got);
    }

    /**
     * The bench's timeout workload, run by the calling process: spawns {@code n} processes that each
     * wait 10 ms in a receive; returns how long they waited (ns), sorted.
     */
    static long[] timeoutWaits(int n) {
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
