package loombook.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;

/** The Java client's connection: a port nobody serves is a clear error in bounded time, not a hang. */
class LoopbackClientTest {
    @Test
    void aPortWithNoKernelIsAClearErrorAfterTheTimeout() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (ZContext context = new ZContext(1)) {
            long t0 = System.nanoTime();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> LoopbackClient.connect(context, SocketType.DEALER, "tcp://127.0.0.1:" + port, 2_500));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(e.getMessage().contains("is a kernel listening there?"), e.getMessage());
            assertTrue(ms >= 2_400 && ms < 6_000, "gave up after " + ms + " ms");
        }
    }
}
