package loombook.otp;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

import loombook.Pid;
import loombook.Reason;
import loombook.Rt;

/** DynamicSupervisor: children added at run time, restarted one for one, maxChildren, shutdown. */
class DynamicSupervisorTest {
    static ChildSpec worker(String name, Pid observer) {
        return ChildSpec.worker(name, () -> GenServer.startLink(new SupervisorTest.Worker(observer), name));
    }

    static String log() {
        return SupervisorTest.log();
    }

    @Test
    void startTerminateAndCountChildren() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Pid pool = DynamicSupervisor.start();
            assertEquals(new Supervisor.Counts(0, 0, 0, 0), DynamicSupervisor.countChildren(pool));
            Pid a = DynamicSupervisor.startChild(pool, worker("a", me));
            Pid b = DynamicSupervisor.startChild(pool, worker("a", me));   // ids need not be unique
            assertEquals(List.of("start a", "start a"), List.of(log(), log()));
            assertEquals(List.of(a, b), DynamicSupervisor.whichChildren(pool).stream().map(Supervisor.Child::pid).toList());
            DynamicSupervisor.terminateChild(pool, a);
            assertEquals("stop a shutdown", log());
            assertEquals(new Supervisor.Counts(1, 1, 0, 1), DynamicSupervisor.countChildren(pool));
            Supervisor.ChildError e = assertThrows(Supervisor.ChildError.class, () -> DynamicSupervisor.terminateChild(pool, a));
            assertEquals("not_found", e.reason());
            assertEquals("DynamicSupervisor", info(pool).label());
        });
    }

    @Test
    void childrenAreRestartedAsTheirSpecSays() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Pid pool = DynamicSupervisor.start(DynamicSupervisor.options(), "dyn-test-pool");
            Pid p = DynamicSupervisor.startChild("dyn-test-pool", worker("p", me));
            Pid t = DynamicSupervisor.startChild("dyn-test-pool", worker("t", me).withRestart(ChildSpec.Restart.TEMPORARY));
            log();
            log();
            GenServer.cast(p, new SupervisorTest.Fail("boom"));
            assertEquals("stop p boom", log());
            assertEquals("start p", log());
            GenServer.cast(t, new SupervisorTest.Fail("boom"));
            assertEquals("stop t boom", log());
            Rt.refuteReceived("a restart of a temporary child", 100, m -> m instanceof SupervisorTest.Log ? m : null);
            List<Supervisor.Child> kids = DynamicSupervisor.whichChildren(pool);
            assertEquals(1, kids.size());
            assertNotEquals(p, kids.getFirst().pid(), "restarted with a new pid");
            DynamicSupervisor.stop(pool);
        });
    }

    @Test
    void maxChildrenIsEnforced() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Pid pool = DynamicSupervisor.start(DynamicSupervisor.options().withMaxChildren(2));
            DynamicSupervisor.startChild(pool, worker("a", me));
            DynamicSupervisor.startChild(pool, worker("b", me));
            Supervisor.ChildError e = assertThrows(Supervisor.ChildError.class,
                    () -> DynamicSupervisor.startChild(pool, worker("c", me)));
            assertEquals("max_children", e.reason());
            assertTrue(e.getMessage().contains("maxChildren"), e.getMessage());
        });
    }

    @Test
    void intensityExceededStopsTheSupervisorAndItsChildren() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Pid pool = DynamicSupervisor.start(DynamicSupervisor.options().withMaxRestarts(1));
            Pid other = DynamicSupervisor.startChild(pool, worker("other", me));
            Pid flaky = DynamicSupervisor.startChild(pool, worker("flaky", me));
            log();
            log();
            var mon = monitor(pool);
            GenServer.cast(flaky, new SupervisorTest.Fail("1"));
            assertEquals("stop flaky 1", log());
            assertEquals("start flaky", log());
            Pid flaky2 = DynamicSupervisor.whichChildren(pool).getLast().pid();
            GenServer.cast(flaky2, new SupervisorTest.Fail("2"));
            assertEquals("stop flaky 2", log());
            assertEquals("stop other shutdown", log());
            assertEquals(Reason.SHUTDOWN, Rt.awaitDown(mon).reason());
            assertFalse(alive(other));
        });
    }

    @Test
    void stoppingStopsAllChildrenAtOnce() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            class Slow extends GenServer<Void, Void> {
                public Init<Void> init(Void v) {
                    trapExit(true);
                    return ok(null);
                }

                public void terminate(Object reason, Void s) {
                    sleep(200);
                    send(me, "stopped");
                }
            }
            Pid pool = DynamicSupervisor.start();
            for (int i = 0; i < 5; i++) {
                DynamicSupervisor.startChild(pool, ChildSpec.worker("slow", () -> GenServer.startLink(new Slow(), null)));
            }
            long t0 = System.nanoTime();
            DynamicSupervisor.stop(pool);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            for (int i = 0; i < 5; i++) assertEquals("stopped", receive());
            assertTrue(ms < 900, "five children that each take 200 ms to stop are stopped in parallel, took " + ms + " ms");
        });
    }
}
