package loombook;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** info(pid) and processes(). */
class IntrospectionTest {
    @Test
    void infoShowsStatusMailboxLinksMonitorsAndSettings() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Pid p = spawn(() -> {
                trapExit(true);
                label("worker");
                send(me, "ready");
                receive(m -> m.equals("go") ? m : null);
            });
            Rt.await("ready", m -> m.equals("ready") ? m : null);
            Ref ref = monitor(p);
            send(p, "first");
            send(p, 2);
            sleep(20);
            ProcessInfo i = info(p);
            assertEquals(ProcessInfo.Status.WAITING, i.status());
            assertEquals(2, i.messageQueueLength());
            assertEquals(List.of("first", 2), i.messages());
            assertEquals(List.of(me), i.monitoredBy());
            assertTrue(i.trapExit());
            assertEquals("worker", i.label());
            assertEquals(me, i.parent());
            assertTrue(i.memory() > 0);
            assertEquals(ProcessInfo.Status.RUNNING, info(me).status());
            assertTrue(processes().contains(p));
            send(p, "go");
            Rt.awaitDown(ref);
            assertNull(info(p), "info of a dead process is null");
            assertFalse(processes().contains(p));
        });
    }

    @Test
    void infoListsLinksBothWays() throws Exception {
        Rt.inProcess(() -> {
            trapExit(true);
            Pid p = spawnLink(() -> sleep(10_000));
            assertEquals(List.of(p), info(self()).links());
            assertEquals(List.of(self()), info(p).links());
            Process.exit(p, Reason.KILL);
            Rt.await("exit", m -> m instanceof Exit e ? e : null);
            assertEquals(List.of(), info(self()).links());
            trapExit(false);
        });
    }

    @Test
    void processesListsOldestFirst() throws Exception {
        Rt.inProcess(() -> {
            Pid a = spawn(() -> sleep(10_000)), b = spawn(() -> sleep(10_000));
            List<Pid> all = processes();
            assertTrue(all.indexOf(a) < all.indexOf(b));
            Process.exit(a, Reason.KILL);
            Process.exit(b, Reason.KILL);
        });
    }
}
