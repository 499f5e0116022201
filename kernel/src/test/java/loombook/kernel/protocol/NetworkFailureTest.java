package loombook.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * If jeromq's network thread dies (nothing can restart it in this process), the server says so and
 * stops: {@link KernelServer#awaitShutdown()} returns false, and Main exits with an error status, so
 * that the frontend restarts the kernel instead of talking to a deaf one.
 */
class NetworkFailureTest {
    @Test
    void theDeathOfJeromqsIoThreadStopsTheServerWithAReason(@TempDir Path dir) throws Exception {
        Path connection = LoopbackClient.writeConnectionFile(dir, "k");
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        // the I/O threads of this server's context only: servers of earlier tests in this JVM may have left theirs
        var before = Thread.getAllStackTraces().keySet();
        KernelServer server = KernelServer.start(connection, new KernelServerTest.Stub(), new MessageLimits(1 << 20), log::add);
        try {
            List<Thread> io = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("iothread") && !before.contains(t)).toList();
            assertFalse(io.isEmpty(), "no jeromq I/O thread among " + Thread.getAllStackTraces().keySet());
            var pool = Executors.newSingleThreadExecutor();
            Future<Boolean> asked = pool.submit(server::awaitShutdown);
            Thread t = io.getFirst();
            // what the JVM does when that thread ends with an error: its uncaught-exception handler runs
            t.getUncaughtExceptionHandler().uncaughtException(t, new OutOfMemoryError("Cannot reserve 1900 MB of direct buffer memory"));
            assertFalse(asked.get(10, TimeUnit.SECONDS), "awaitShutdown says the network failed");
            assertTrue(log.stream().anyMatch(l -> l.contains("network thread") && l.contains("direct buffer memory")), log.toString());
            pool.shutdown();
        } finally {
            server.close();
        }
    }
}
