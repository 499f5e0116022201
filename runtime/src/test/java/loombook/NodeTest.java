package loombook;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** The process limit and restart: node-wide, so these tests run alone. */
@Isolated
class NodeTest {
    @Test
    void aSpawnBombEndsWithSystemLimitNotOutOfMemory() throws Exception {
        int old = Node.processLimit();
        try {
            Rt.inProcess(() -> {
                Node.processLimit(Node.processCount() + 50);
                Monitored bomb = spawnMonitor(() -> {
                    while (true) spawn(() -> sleep(60_000));
                });
                Object reason = Rt.awaitDown(bomb).reason();
                SystemLimitException e = assertInstanceOf(SystemLimitException.class, reason);
                assertTrue(e.getMessage().contains("system_limit") && e.getMessage().contains("Node.processLimit"), e.getMessage());
                Node.processLimit(old);
                for (Pid p : processes()) if (!p.equals(self())) Process.exit(p, Reason.KILL);
            });
        } finally {
            Node.processLimit(old);
        }
    }

    @Test
    void restartKillsEveryProcessAndForgetsNames() throws Exception {
        Pid p = Rt.call(() -> {
            Pid x = spawn(() -> sleep(60_000));
            register("node-test-victim", x);
            return x;
        });
        int killed = Node.restart();
        assertTrue(killed >= 1);
        assertFalse(alive(p));
        assertNull(whereis("node-test-victim"));
        assertEquals(0, Node.processCount());
        Rt.inProcess(() -> assertTrue(alive(self())));
    }

    @Test
    void theLimitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> Node.processLimit(0));
    }
}
