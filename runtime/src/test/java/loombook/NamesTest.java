package loombook;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** register/whereis/unregister and sending to a name. */
class NamesTest {
    @Test
    void aRegisteredNameReachesTheProcessAndGoesWithIt() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Pid echo = spawn(() -> send(me, "echo: " + receive()));
            register("names-echo", echo);
            assertEquals(echo, whereis("names-echo"));
            assertTrue(registered().contains("names-echo"));
            assertEquals("names-echo", info(echo).registeredName());
            Ref ref = monitor(echo);
            send("names-echo", "hi");
            assertEquals("echo: hi", Rt.await("echo", m -> m instanceof String s ? s : null));
            Rt.awaitDown(ref);
            assertNull(whereis("names-echo"), "the name goes when the process dies");
        });
    }

    @Test
    void theNameIsFreeByTheTimeTheDownArrives() throws Exception {
        Rt.inProcess(() -> {
            for (int i = 0; i < 2000; i++) {
                Pid p = spawn(() -> {
                    receive();
                    Process.exit("bye");
                });
                register("names-victim", p);
                Ref ref = monitor(p);
                send(p, "go");
                Rt.awaitDown(ref);
                assertNull(whereis("names-victim"), "the name must be gone before the DOWN (round " + i + ")");
                assertFalse(processes().contains(p));
            }
        });
    }

    @Test
    void sendingToAnUnknownNameIsAClearError() throws Exception {
        Rt.inProcess(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> send("nobody-here", "x"));
            assertTrue(e.getMessage().contains("no process is registered as 'nobody-here'"), e.getMessage());
        });
    }

    @Test
    void aTakenNameADoubleNameAndADeadPidAreClearErrors() throws Exception {
        Rt.inProcess(() -> {
            Pid a = spawn(() -> sleep(10_000)), b = spawn(() -> sleep(10_000));
            register("names-taken", a);
            var taken = assertThrows(IllegalArgumentException.class, () -> register("names-taken", b));
            assertTrue(taken.getMessage().contains("already registered to " + a), taken.getMessage());
            var twice = assertThrows(IllegalArgumentException.class, () -> register("names-other", a));
            assertTrue(twice.getMessage().contains("already registered as 'names-taken'"), twice.getMessage());
            unregister("names-taken");
            assertNull(whereis("names-taken"));
            assertThrows(IllegalArgumentException.class, () -> unregister("names-taken"));
            Monitored dead = spawnMonitor(() -> { });
            Rt.awaitDown(dead);
            var noproc = assertThrows(IllegalArgumentException.class, () -> register("names-dead", dead.pid()));
            assertTrue(noproc.getMessage().contains("noproc"), noproc.getMessage());
            Process.exit(a, Reason.KILL);
            Process.exit(b, Reason.KILL);
        });
    }
}
