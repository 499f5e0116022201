package loombook;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Monitors as erlang:monitor/2 and demonitor/2 document them. */
class MonitorTest {
    @Test
    void downCarriesTheRefThePidAndTheReason() throws Exception {
        Rt.inProcess(() -> {
            Pid p = spawn(() -> receive(m -> m.equals("crash") ? m : null).toString().charAt(100));
            Ref ref = monitor(p);
            send(p, "crash");
            Down d = Rt.awaitDown(ref);
            assertEquals(p, d.pid());
            assertInstanceOf(StringIndexOutOfBoundsException.class, d.reason());
        });
    }

    @Test
    void monitoringADeadProcessGivesNoprocAtOnce() throws Exception {
        Rt.inProcess(() -> {
            Monitored m = spawnMonitor(() -> { });
            Rt.awaitDown(m);
            Ref again = monitor(m.pid());
            Down d = receive(x -> x instanceof Down down ? down : null, 0, () -> null);
            assertNotNull(d, "the DOWN must already be in the mailbox");
            assertEquals(new Down(again, m.pid(), Reason.NOPROC), d);
        });
    }

    @Test
    void monitorsStackEachGetsItsOwnDown() throws Exception {
        Rt.inProcess(() -> {
            Pid p = spawn(() -> receive());
            Ref a = monitor(p), b = monitor(p);
            assertNotEquals(a, b);
            send(p, "go");
            Rt.awaitDown(a);
            Rt.awaitDown(b);
        });
    }

    @Test
    void demonitorStopsTheDownAndFlushRemovesOneAlreadyDelivered() throws Exception {
        Rt.inProcess(() -> {
            Pid p = spawn(() -> receive());
            Ref ref = monitor(p);
            assertTrue(demonitor(ref));
            assertFalse(demonitor(ref), "a second demonitor finds nothing");
            send(p, "go");
            Rt.refuteReceived("DOWN after demonitor", 100, m -> m instanceof Down ? m : null);

            Monitored q = spawnMonitor(() -> { });
            Ref extra = monitor(spawn(() -> sleep(10_000)));
            sleep(50);  // q is done: its DOWN is in the mailbox
            assertTrue(messages().stream().anyMatch(m -> m instanceof Down d && d.ref().equals(q.ref())));
            assertFalse(demonitor(q.ref(), true), "the monitor already fired");
            assertTrue(messages().stream().noneMatch(m -> m instanceof Down d && d.ref().equals(q.ref())));
            assertTrue(demonitor(extra, true));
        });
    }

    @Test
    void demonitorWithFlushNeverLeavesADownBehind() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            for (int i = 0; i < 5_000; i++) {
                Monitored m = spawnMonitor(() -> send(me, "reply"));
                receive(x -> "reply".equals(x) ? x : null);
                demonitor(m.ref(), true);
            }
            sleep(20);
            assertEquals(List.of(), flush());
        });
    }

    @Test
    void aDeliveredDownLeavesNothingInTheWatchersMonitors() throws Exception {
        Rt.inProcess(() -> {
            for (int i = 0; i < 1000; i++) Rt.awaitDown(spawnMonitor(() -> { }));
            assertEquals(List.of(), info(self()).monitors());
        });
    }

    @Test
    void messagesSentBeforeDeathArriveBeforeTheDown() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Monitored m = spawnMonitor(() -> {
                for (int i = 0; i < 100; i++) send(me, i);
            });
            Rt.awaitDown(m);
            List<Object> before = flush();
            assertEquals(100, before.size());
        });
    }

    @Test
    void aMonitorIsOneWay() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Monitored watcher = spawnMonitor(() -> {
                Pid target = spawn(() -> sleep(10_000));
                monitor(target);
                send(me, target);
                Process.exit("watcher ends");
            });
            Pid target = Rt.await("target", m -> m instanceof Pid p ? p : null);
            Rt.awaitDown(watcher);
            assertTrue(alive(target), "the watched process is not affected by its watcher's death");
            assertEquals(List.of(), info(target).monitoredBy(), "the dead watcher's monitor is gone");
            Process.exit(target, Reason.KILL);
        });
    }
}
