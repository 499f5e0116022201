package loombook;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Group leaders: inherited at spawn; crash reports go there. */
class GroupLeaderTest {
    @Test
    void childrenInheritTheGroupLeaderAndCrashReportsGoThere() throws Exception {
        Capture cell = new Capture();
        Rt.inProcess(cell, () -> {
            Monitored m = spawnMonitor(() -> {
                groupLeader().out().println("from the child");
                spawn(() -> {
                    throw new IllegalArgumentException("grandchild fails");
                });
            });
            Rt.awaitDown(m);
            sleep(100);
        });
        String text = cell.text();
        assertTrue(text.contains("from the child"), text);
        assertTrue(text.contains("raised an exception"), text);
        assertTrue(text.contains("** (java.lang.IllegalArgumentException) grandchild fails"), text);
        assertTrue(text.contains("GroupLeaderTest"), "the report shows the user's frame: " + text);
        assertFalse(text.contains("loombook.Proc."), "the runtime's own frames are left out: " + text);
    }

    @Test
    void theCrashReportIsWrittenBeforeTheDownArrives() throws Exception {
        Capture cell = new Capture();
        Rt.inProcess(cell, () -> {
            Monitored m = spawnMonitor(() -> {
                throw new IllegalStateException("boom");
            });
            Rt.awaitDown(m);
            assertTrue(cell.text().contains("boom"), "report must be out by the time DOWN arrives");
        });
    }

    @Test
    void exitsAndKillsPrintNoCrashReport() throws Exception {
        Capture cell = new Capture();
        Rt.inProcess(cell, () -> {
            Rt.awaitDown(spawnMonitor(() -> Process.exit("quiet")));
            Monitored k = spawnMonitor(() -> sleep(10_000));
            Process.exit(k.pid(), Reason.KILL);
            Rt.awaitDown(k);
        });
        assertEquals("", cell.text());
    }

    @Test
    void exitWithAnExceptionAsReasonPrintsNoReport() throws Exception {
        Capture cell = new Capture();
        Rt.inProcess(cell, () -> Rt.awaitDown(spawnMonitor(() -> Process.exit(new IllegalStateException("x")))));
        assertEquals("", cell.text(), "Erlang's exit/1 never produces an error report");
    }

    @Test
    void theGroupLeaderOfAProcessCanBeChanged() throws Exception {
        Capture a = new Capture(), b = new Capture();
        Rt.inProcess(a, () -> {
            Pid me = self();
            Pid p = spawn(() -> {
                receive(m -> m.equals("go") ? m : null);
                groupLeader().out().println("where am I");
                send(me, "done");
            });
            groupLeader(b, p);
            send(p, "go");
            Rt.await("done", m -> m.equals("done") ? m : null);
        });
        assertEquals("", a.text());
        assertTrue(b.text().contains("where am I"));
    }
}
