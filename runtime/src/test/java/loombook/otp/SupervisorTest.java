package loombook.otp;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import loombook.Capture;
import loombook.Down;
import loombook.Pid;
import loombook.Reason;
import loombook.Rt;

/** Supervisor: strategies, restart types, intensity, ordered start and shutdown, the child functions. */
class SupervisorTest {
    record Log(String what) {}
    record Fail(Object reason) {}
    record Finish() {}

    /** A worker that reports its start and its terminate (it traps exits so that terminate runs on shutdown). */
    static final class Worker extends GenServer<String, String> {
        final Pid observer;

        Worker(Pid observer) {
            this.observer = observer;
        }

        @Override
        public Init<String> init(String name) {
            trapExit(true);
            send(observer, new Log("start " + name));
            return ok(name);
        }

        @Override
        public Result<String> handleCast(Object request, String name) {
            return switch (request) {
                case Fail(Object reason) -> stopWith(reason, name);
                case Finish f -> stopWith(Reason.NORMAL, name);
                default -> super.handleCast(request, name);
            };
        }

        @Override
        public void terminate(Object reason, String name) {
            send(observer, new Log("stop " + name + " " + reason));
        }
    }

    static ChildSpec worker(String name, Pid observer) {
        return ChildSpec.worker(name, () -> GenServer.startLink(new Worker(observer), name));
    }

    static String log() {
        return Rt.await("a log line", m -> m instanceof Log(String w) ? w : null);
    }

    static List<String> logs(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(log());
        return out;
    }

    static Pid pidOf(Pid sup, Object id) {
        for (Supervisor.Child c : Supervisor.whichChildren(sup)) if (c.id().equals(id)) return c.pid();
        throw new AssertionError("no child " + id);
    }

    @Test
    void childrenStartInOrderAndStopInReverse() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Pid sup = Supervisor.start(List.of(worker("a", me), worker("b", me), worker("c", me)), Supervisor.ONE_FOR_ONE);
            assertEquals(List.of("start a", "start b", "start c"), logs(3));
            assertEquals(List.of("a", "b", "c"), Supervisor.whichChildren(sup).stream().map(Supervisor.Child::id).toList());
            Supervisor.stop(sup);
            assertEquals(List.of("stop c shutdown", "stop b shutdown", "stop a shutdown"), logs(3),
                    "stopped in reverse, and terminate ran in each (they trap exits)");
            assertFalse(alive(sup));
        });
    }

    @Test
    void oneForOneRestartsOnlyTheChildThatDied() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Pid sup = Supervisor.start(List.of(worker("a", me), worker("b", me)), Supervisor.ONE_FOR_ONE);
            logs(2);
            Pid a = pidOf(sup, "a"), b = pidOf(sup, "b");
            GenServer.cast(b, new Fail("boom"));
            assertEquals(List.of("stop b boom", "start b"), logs(2));
            assertEquals(a, pidOf(sup, "a"), "a is untouched");
            assertNotEquals(b, pidOf(sup, "b"), "b came back with a new pid");
            assertTrue(alive(pidOf(sup, "b")));
        });
    }

    @Test
    void oneForAllRestartsEverySiblingInOrder() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Pid sup = Supervisor.start(List.of(worker("a", me), worker("b", me), worker("c", me)), Supervisor.ONE_FOR_ALL);
            logs(3);
            Pid a = pidOf(sup, "a");
            GenServer.cast(pidOf(sup, "b"), new Fail("boom"));
            assertEquals(List.of("stop b boom", "stop c shutdown", "stop a shutdown", "start a", "start b", "start c"), logs(6),
                    "the others are stopped in reverse start order, then all start again in order");
            assertNotEquals(a, pidOf(sup, "a"));
        });
    }

    @Test
    void restForOneRestartsTheChildAndTheOnesAfterIt() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Pid sup = Supervisor.start(List.of(worker("a", me), worker("b", me), worker("c", me)), Supervisor.REST_FOR_ONE);
            logs(3);
            Pid a = pidOf(sup, "a");
            GenServer.cast(pidOf(sup, "b"), new Fail("boom"));
            assertEquals(List.of("stop b boom", "stop c shutdown", "start b", "start c"), logs(4));
            assertEquals(a, pidOf(sup, "a"), "the child started before is untouched");
        });
    }

    @Test
    void exceedingTheRestartIntensityStopsTheSupervisor() throws Exception {
        Capture out = new Capture();
        Rt.inProcess(out, () -> {
            Pid me = self();
            Pid sup = Supervisor.start(List.of(worker("a", me), worker("b", me)),
                    Supervisor.flags(Supervisor.ONE_FOR_ONE).withMaxRestarts(2).withMaxSeconds(60));
            logs(2);
            var mon = monitor(sup);
            for (int i = 0; i < 2; i++) {
                GenServer.cast(pidOf(sup, "b"), new Fail("crash " + i));
                assertEquals(List.of("stop b crash " + i, "start b"), logs(2));
            }
            GenServer.cast(pidOf(sup, "b"), new Fail("one too many"));
            assertEquals("stop b one too many", log());
            assertEquals("stop a shutdown", log(), "the remaining children are stopped");
            Down d = Rt.awaitDown(mon);
            assertEquals(Reason.SHUTDOWN, d.reason(), "the supervisor itself exits with reason shutdown");
        });
        assertTrue(out.text().contains("reached its maximum restart intensity: more than 2 restarts in 60 s"), out.text());
    }

    @Test
    void transientChildrenAreRestartedOnlyAfterAbnormalExits() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Pid sup = Supervisor.start(List.of(worker("t", me).withRestart(ChildSpec.Restart.TRANSIENT)), Supervisor.ONE_FOR_ONE);
            log();
            GenServer.cast(pidOf(sup, "t"), new Fail("boom"));
            assertEquals(List.of("stop t boom", "start t"), logs(2), "abnormal: restarted");
            GenServer.cast(pidOf(sup, "t"), new Fail(new Reason.Shutdown("done")));
            assertEquals("stop t {shutdown, done}", log());
            Rt.refuteReceived("a restart after a {shutdown, _} exit", 100, m -> m instanceof Log ? m : null);
            Supervisor.Child t = Supervisor.whichChildren(sup).getFirst();
            assertNull(t.pid(), "normal exit: not restarted, but its spec is kept");
            assertEquals(new Supervisor.Counts(1, 0, 0, 1), Supervisor.countChildren(sup));
        });
    }

    @Test
    void aTransientChildThatExitsNormallyIsNotRestarted() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Pid sup = Supervisor.start(List.of(worker("t", me).withRestart(ChildSpec.Restart.TRANSIENT)), Supervisor.ONE_FOR_ONE);
            log();
            GenServer.cast(pidOf(sup, "t"), new Finish());
            assertEquals("stop t normal", log());
            Rt.refuteReceived("a restart", 100, m -> m instanceof Log ? m : null);
            assertNull(pidOf(sup, "t"));
            assertEquals(pidOf(sup, "t"), null);
            Pid again = Supervisor.restartChild(sup, "t");
            assertEquals("start t", log());
            assertEquals(again, pidOf(sup, "t"));
        });
    }

    @Test
    void temporaryChildrenAreNeverRestartedAndTheirSpecGoes() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Pid sup = Supervisor.start(List.of(worker("a", me), worker("tmp", me).withRestart(ChildSpec.Restart.TEMPORARY)),
                    Supervisor.ONE_FOR_ONE);
            logs(2);
            GenServer.cast(pidOf(sup, "tmp"), new Fail("boom"));
            assertEquals("stop tmp boom", log());
            Rt.refuteReceived("a restart", 100, m -> m instanceof Log ? m : null);
            assertEquals(List.of("a"), Supervisor.whichChildren(sup).stream().map(Supervisor.Child::id).toList());
        });
    }

    @Test
    void oneForAllDoesNotRestartTemporarySiblings() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Pid sup = Supervisor.start(List.of(worker("a", me), worker("tmp", me).withRestart(ChildSpec.Restart.TEMPORARY)),
                    Supervisor.ONE_FOR_ALL);
            logs(2);
            GenServer.cast(pidOf(sup, "a"), new Fail("boom"));
            assertEquals(List.of("stop a boom", "stop tmp shutdown", "start a"), logs(3));
            assertEquals(List.of("a"), Supervisor.whichChildren(sup).stream().map(Supervisor.Child::id).toList());
        });
    }

    @Test
    void terminateRunsOnShutdownAndBrutalKillSkipsIt() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Pid sup = Supervisor.start(List.of(worker("gentle", me), worker("brutal", me).withShutdown(ChildSpec.Shutdown.BRUTAL_KILL)),
                    Supervisor.ONE_FOR_ONE);
            logs(2);
            Pid brutal = pidOf(sup, "brutal");
            var mon = monitor(brutal);
            Supervisor.terminateChild(sup, "brutal");
            assertEquals(Reason.KILLED, Rt.awaitDown(mon).reason());
            Supervisor.terminateChild(sup, "gentle");
            assertEquals("stop gentle shutdown", log());
            Rt.refuteReceived("terminate of the killed child", 50, m -> m instanceof Log(String w) && w.contains("brutal") ? m : null);
        });
    }

    @Test
    void aChildThatTakesTooLongToStopIsKilled() throws Exception {
        Rt.inProcess(() -> {
            class Stubborn extends GenServer<Void, Void> {
                public Init<Void> init(Void v) {
                    trapExit(true);
                    return ok(null);
                }

                public void terminate(Object reason, Void s) {
                    sleep(10_000);
                }
            }
            Pid sup = Supervisor.start(List.of(ChildSpec.worker("slow", () -> GenServer.startLink(new Stubborn(), null))
                    .withShutdown(ChildSpec.Shutdown.timeout(50))), Supervisor.ONE_FOR_ONE);
            Pid slow = pidOf(sup, "slow");
            var mon = monitor(slow);
            long t0 = System.nanoTime();
            Supervisor.terminateChild(sup, "slow");
            assertEquals(Reason.KILLED, Rt.awaitDown(mon).reason());
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 5_000, "killed after its shutdown time, not after its sleep");
        });
    }

    @Test
    void childFunctions() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Pid sup = Supervisor.start(List.of(worker("a", me)), Supervisor.ONE_FOR_ONE);
            log();
            Pid b = Supervisor.startChild(sup, worker("b", me));
            assertEquals("start b", log());
            assertEquals(b, pidOf(sup, "b"));
            StartFailed dup = assertThrows(StartFailed.class, () -> Supervisor.startChild(sup, worker("b", me)));
            assertEquals(new StartFailed.AlreadyStarted(b), dup.reason());
            Supervisor.ChildError running = assertThrows(Supervisor.ChildError.class, () -> Supervisor.deleteChild(sup, "b"));
            assertEquals("running", running.reason());
            assertEquals("running", assertThrows(Supervisor.ChildError.class, () -> Supervisor.restartChild(sup, "b")).reason());
            Supervisor.terminateChild(sup, "b");
            assertEquals("stop b shutdown", log());
            assertEquals("already_present", assertThrows(Supervisor.ChildError.class,
                    () -> Supervisor.startChild(sup, worker("b", me))).reason());
            Supervisor.deleteChild(sup, "b");
            assertEquals("not_found", assertThrows(Supervisor.ChildError.class, () -> Supervisor.terminateChild(sup, "b")).reason());
            assertEquals("not_found", assertThrows(Supervisor.ChildError.class, () -> Supervisor.restartChild(sup, "zz")).reason());
            assertEquals(new Supervisor.Counts(1, 1, 0, 1), Supervisor.countChildren(sup));
            StartFailed bad = assertThrows(StartFailed.class, () -> Supervisor.startChild(sup,
                    ChildSpec.worker("bad", () -> {
                        throw new IllegalStateException("cannot start");
                    })));
            assertEquals("java.lang.IllegalStateException: cannot start", bad.reason(),
                    "thrown in the supervisor, the exception comes back as text (exceptions are not immutable messages)");
            assertEquals(1, Supervisor.whichChildren(sup).size(), "a child that failed to start is not added");
        });
    }

    @Test
    void aChildThatFailsToStartFailsTheSupervisorsStart() throws Exception {
        Capture out = new Capture();
        Rt.inProcess(out, () -> {
            Pid me = self();
            class Broken extends GenServer<Void, Void> {
                public Init<Void> init(Void v) {
                    return stopWith("no database");
                }
            }
            StartFailed e = assertThrows(StartFailed.class, () -> Supervisor.start(List.of(worker("a", me),
                    ChildSpec.worker("db", () -> GenServer.startLink(new Broken(), null)), worker("c", me)), Supervisor.ONE_FOR_ONE));
            assertEquals(new Reason.Shutdown(new Supervisor.FailedToStartChild("db", "no database")), e.reason());
            assertEquals(List.of("start a", "stop a shutdown"), logs(2), "the started child is stopped again; c never starts");
        });
    }

    @Test
    void ignoredChildrenKeepTheirSpecWithoutAProcess() throws Exception {
        Rt.inProcess(() -> {
            Pid sup = Supervisor.start(List.of(ChildSpec.worker("off", () -> null)), Supervisor.ONE_FOR_ONE);
            Supervisor.Child off = Supervisor.whichChildren(sup).getFirst();
            assertEquals("off", off.id());
            assertNull(off.pid());
        });
    }

    @Test
    void supervisorsNestAndStopTheirSubtrees() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            ChildSpec inner = Supervisor.childSpec("inner", List.of(worker("x", me), worker("y", me)),
                    Supervisor.flags(Supervisor.ONE_FOR_ONE));
            Pid top = Supervisor.start(List.of(worker("first", me), inner, worker("last", me)), Supervisor.ONE_FOR_ONE);
            assertEquals(List.of("start first", "start x", "start y", "start last"), logs(4));
            assertEquals(new Supervisor.Counts(3, 3, 1, 2), Supervisor.countChildren(top));
            Supervisor.stop(top);
            assertEquals(List.of("stop last shutdown", "stop y shutdown", "stop x shutdown", "stop first shutdown"), logs(4));
        });
    }

    @Test
    void theSupervisorStopsWhenItsParentShutsItDown() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Pid parent = spawn(() -> {
                Pid sup = Supervisor.startLink(List.of(worker("a", me)), Supervisor.ONE_FOR_ONE);
                send(me, sup);
                receive(m -> m);
            });
            Pid sup = Rt.await(Pid.class);
            log();
            var mon = monitor(sup);
            loombook.Process.exit(parent, Reason.SHUTDOWN);
            assertEquals("stop a shutdown", log());
            assertEquals(Reason.SHUTDOWN, Rt.awaitDown(mon).reason());
        });
    }

    @Test
    void sysWorksOnASupervisorAndDuplicateIdsAreRefused() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Pid sup = Supervisor.start(List.of(worker("a", me)), Supervisor.ONE_FOR_ONE, "sup-test-sys");
            log();
            assertEquals("Supervisor", Sys.getStatus("sup-test-sys").module());
            assertEquals("Supervisor", info(sup).label());
            assertNotNull(Sys.getState(sup));
            assertThrows(IllegalArgumentException.class, () -> Supervisor.start(List.of(worker("a", me), worker("a", me)),
                    Supervisor.ONE_FOR_ONE));
            Supervisor.stop(sup);
        });
    }
}
