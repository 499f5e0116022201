package loombook.otp;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import loombook.Capture;
import loombook.Exit;
import loombook.Pid;
import loombook.ProcessExit;
import loombook.Reason;
import loombook.otp.internal.TaskReply;
import loombook.Rt;

/** Task: async/await, yield, shutdown, start, asyncStream, Task.Supervisor. */
class TaskTest {
    @Test
    void asyncAndAwait() throws Exception {
        Rt.inProcess(() -> {
            Task<Integer> t = Task.async(() -> 6 * 7);
            assertEquals(42, (int) Task.await(t));
            assertEquals(self(), t.owner());
            assertEquals(List.of(), flush(), "no reply or DOWN left behind");
            IllegalStateException again = assertThrows(IllegalStateException.class, () -> Task.await(t));
            assertTrue(again.getMessage().contains("already done"), again.getMessage());
        });
    }

    @Test
    void awaitTimeoutExitsTheCallerAndTheLateResultIsDropped() throws Exception {
        Rt.inProcess(() -> {
            Task<String> t = Task.async(() -> {
                sleep(200);
                return "late";
            });
            CallExit ce = (CallExit) Rt.exitReason(() -> Task.await(t, 20));
            assertEquals(Reason.TIMEOUT, ce.reason());
            assertEquals("Task.await", ce.function());
            var mon = monitor(t.pid());
            Rt.awaitDown(mon);                          // the task finished and tried to answer
            assertEquals(List.of(), flush(), "its result never reached the owner");
        });
    }

    @Test
    void aCrashingTaskTakesItsOwnerDownThroughTheLink() throws Exception {
        Rt.inProcess(() -> {
            var owner = spawnMonitor(() -> {
                Task<Integer> t = Task.async(() -> Math.floorDiv(1, 0));
                Task.await(t);
            });
            assertInstanceOf(ArithmeticException.class, Rt.awaitDown(owner.ref()).reason());
        });
    }

    @Test
    void aTrappingOwnerGetsTheCrashReasonFromAwait() throws Exception {
        Capture out = new Capture();
        Rt.inProcess(out, () -> {
            trapExit(true);
            Task<Integer> t = Task.async(() -> {
                throw new IllegalStateException("task failed");
            });
            CallExit ce = (CallExit) Rt.exitReason(() -> Task.await(t));
            assertEquals("task failed", ((Throwable) ce.reason()).getMessage());
            Exit e = Rt.await(Exit.class);
            assertEquals(t.pid(), e.from());
            trapExit(false);
        });
        assertTrue(out.text().contains("[error] Task #PID<"), out.text());
        assertTrue(out.text().contains(" started from #PID<"), out.text());
        assertTrue(out.text().contains("** (java.lang.IllegalStateException) task failed"), out.text());
        assertFalse(out.text().contains("raised an exception"), "one report: " + out.text());
    }

    @Test
    void onlyTheOwnerMayAwait() throws Exception {
        Rt.inProcess(() -> {
            Task<Integer> t = Task.async(() -> 1);
            Pid me = self();
            Pid other = spawn(() -> {
                try {
                    Task.await(t);
                } catch (IllegalArgumentException e) {
                    send(me, e.getMessage());
                }
            });
            String msg = Rt.await(String.class);
            assertTrue(msg.contains("must be queried from its owner " + me + " but was queried from " + other), msg);
            assertEquals(1, (int) Task.await(t));
        });
    }

    @Test
    void yieldReturnsEmptyWhileRunningThenTheResult() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Task<String> t = Task.async(() -> {
                receive(m -> "go".equals(m) ? m : null);
                return "done";
            });
            assertEquals(Optional.empty(), Task.yield(t, 20));
            send(t.pid(), "go");
            assertEquals(Optional.of(new Task.Ok<>("done")), Task.yield(t, 5000));
            assertEquals(me, t.owner());
        });
    }

    @Test
    void shutdownStopsARunningTaskOrGivesTheResultThatArrived() throws Exception {
        Rt.inProcess(() -> {
            Task<String> slow = Task.async(() -> {
                sleep(10_000);
                return "never";
            });
            assertEquals(Optional.empty(), Task.shutdown(slow));
            assertFalse(alive(slow.pid()));
            Task<String> quick = Task.async(() -> "quick");
            Rt.eventually("the quick task finished", () -> !alive(quick.pid()));
            assertEquals(Optional.of(new Task.Ok<>("quick")), Task.shutdown(quick, ChildSpec.Shutdown.BRUTAL_KILL));
            Task<String> killed = Task.async(() -> {
                sleep(10_000);
                return "never";
            });
            assertEquals(Optional.empty(), Task.shutdown(killed, ChildSpec.Shutdown.BRUTAL_KILL));
            assertEquals(List.of(), flush());
        });
    }

    @Test
    void shutdownStopsATaskWhoseAwaitTimedOut() throws Exception {
        Rt.inProcess(() -> {
            Task<String> t = Task.async(() -> {
                sleep(10_000);
                return "late";
            });
            ProcessExit timedOut = assertThrows(ProcessExit.class, () -> Task.await(t, 50));
            assertEquals(Reason.TIMEOUT, ((CallExit) timedOut.reason()).reason());
            assertTrue(alive(t.pid()), "a caught await timeout leaves the task running");
            assertEquals(Optional.empty(), Task.shutdown(t), "shutting it down stops it, with no result");
            assertFalse(alive(t.pid()));
            assertEquals(Optional.empty(), Task.shutdown(t), "a second shutdown has nothing to do");
            assertEquals(List.of(), flush(), "no reply or DOWN is left behind");
        });
    }

    @Test
    void awaitManyAndYieldMany() throws Exception {
        Rt.inProcess(() -> {
            List<Task<Integer>> ts = IntStream.range(0, 5).mapToObj(i -> Task.async(() -> i * i)).toList();
            assertEquals(List.of(0, 1, 4, 9, 16), Task.awaitMany(ts, 5000));
            Task<Integer> fast = Task.async(() -> 1);
            Task<Integer> stuck = Task.async(() -> {
                sleep(10_000);
                return 2;
            });
            List<Optional<Task.Result<Integer>>> rs = Task.yieldMany(List.of(fast, stuck), 100);
            assertEquals(Optional.of(new Task.Ok<>(1)), rs.get(0));
            assertEquals(Optional.empty(), rs.get(1));
            Task.shutdown(stuck, ChildSpec.Shutdown.BRUTAL_KILL);
        });
    }

    @Test
    void startRunsInTheBackgroundAndReportsCrashes() throws Exception {
        Capture out = new Capture();
        Rt.inProcess(out, () -> {
            Pid me = self();
            Pid p = Task.start(() -> send(me, "hello from the task"));
            assertEquals("hello from the task", receive());
            assertEquals("Task", Optional.ofNullable(info(p)).map(i -> i.label()).orElse("Task"));
            var bad = monitor(Task.start(() -> {
                throw new IllegalArgumentException("background failure");
            }));
            Rt.awaitDown(bad);
        });
        assertTrue(out.text().contains("background failure"), out.text());
    }

    @Test
    void asyncStreamKeepsInputOrderOrGivesCompletionOrder() throws Exception {
        Rt.inProcess(() -> {
            List<Integer> delays = List.of(60, 10, 40, 0, 20);
            List<Object> ordered = Task.asyncStream(delays, d -> {
                sleep(d);
                return d;
            }, Task.streamOptions().withMaxConcurrency(5)).map(r -> ((Task.Ok<Integer>) r).value()).map(x -> (Object) x).toList();
            assertEquals(List.of(60, 10, 40, 0, 20), ordered);
            List<Integer> unordered = Task.asyncStream(delays, d -> {
                sleep(d * 3);
                return d;
            }, Task.streamOptions().withMaxConcurrency(5).withOrdered(false)).map(r -> ((Task.Ok<Integer>) r).value()).toList();
            assertEquals(List.of(0, 10, 20, 40, 60), unordered, "as they finish");
            assertEquals(List.of(), flush());
        });
    }

    @Test
    void asyncStreamNeverRunsMoreThanMaxConcurrencyTasks() throws Exception {
        Rt.inProcess(() -> {
            AtomicInteger running = new AtomicInteger(), peak = new AtomicInteger();
            List<Integer> input = IntStream.range(0, 40).boxed().toList();
            List<Task.Result<Integer>> rs = Task.asyncStream(input, x -> {
                int now = running.incrementAndGet();
                peak.accumulateAndGet(now, Math::max);
                sleep(5);
                running.decrementAndGet();
                return x;
            }, Task.streamOptions().withMaxConcurrency(3)).toList();
            assertEquals(40, rs.size());
            assertEquals(3, peak.get(), "three at a time, never more");
            assertEquals(input, rs.stream().map(r -> ((Task.Ok<Integer>) r).value()).toList());
        });
    }

    @Test
    void asyncStreamKillTaskOnTimeout() throws Exception {
        Rt.inProcess(() -> {
            List<Task.Result<Integer>> rs = Task.asyncStream(List.of(1, 500, 2), x -> {
                sleep(x);
                return x;
            }, Task.streamOptions().withTimeout(100).withOnTimeout(Task.OnTimeout.KILL_TASK)).toList();
            assertEquals(List.of(new Task.Ok<>(1), new Task.Exited<>(Reason.TIMEOUT), new Task.Ok<>(2)), rs);
            assertEquals(List.of(), flush());
        });
    }

    @Test
    void asyncStreamExitOnTimeoutStopsTheRestAndExitsTheCaller() throws Exception {
        Rt.inProcess(() -> {
            AtomicInteger finished = new AtomicInteger();
            CallExit ce = (CallExit) Rt.exitReason(() -> Task.asyncStream(List.of(1000, 1000, 1000), x -> {
                sleep(x);
                finished.incrementAndGet();
                return x;
            }, Task.streamOptions().withTimeout(50)).toList());
            assertEquals(Reason.TIMEOUT, ce.reason());
            sleep(1200);
            assertEquals(0, finished.get(), "the running tasks were stopped");
            assertEquals(List.of(), flush());
        });
    }

    @Test
    void closingAStreamEarlyStopsItsTasks() throws Exception {
        Rt.inProcess(() -> {
            AtomicInteger finished = new AtomicInteger();
            List<Integer> firstTwo;
            try (Stream<Task.Result<Integer>> s = Task.asyncStream(IntStream.range(0, 10).boxed().toList(), x -> {
                sleep(x < 2 ? 0 : 300);
                finished.incrementAndGet();
                return x;
            }, Task.streamOptions().withMaxConcurrency(4))) {
                firstTwo = s.limit(2).map(r -> ((Task.Ok<Integer>) r).value()).toList();
            }
            assertEquals(List.of(0, 1), firstTwo);
            sleep(400);
            assertEquals(2, finished.get(), "the other tasks were stopped when the stream was closed");
            Rt.refuteReceived("a result after close", 50, m -> m instanceof TaskReply ? m : null);
        });
    }

    @Test
    void taskSupervisor() throws Exception {
        Capture out = new Capture();
        Rt.inProcess(out, () -> {
            Pid sup = Task.Supervisor.start("task-test-sup");
            Pid me = self();
            Task.Supervisor.startChild(sup, () -> send(me, "side effect"));
            assertEquals("side effect", receive());
            Task<Integer> t = Task.Supervisor.async("task-test-sup", () -> 21 * 2);
            assertEquals(42, (int) Task.await(t));
            Task<Integer> crash = Task.Supervisor.asyncNolink(sup, () -> {
                throw new IllegalStateException("isolated");
            });
            Task.Result<Integer> r = Task.yield(crash, 5000).orElseThrow();
            assertInstanceOf(IllegalStateException.class, ((Task.Exited<Integer>) r).reason(), "the caller survives and sees the exit");
            Task<Integer> parked = Task.Supervisor.asyncNolink(sup, () -> {
                sleep(10_000);
                return 0;
            });
            assertEquals(List.of(parked.pid()), Task.Supervisor.children(sup));
            Task.Supervisor.terminateChild(sup, parked.pid());
            assertEquals(List.of(), Task.Supervisor.children(sup));
            List<Task.Result<Integer>> rs = Task.Supervisor.asyncStreamNolink(sup, List.of(1, 0, 2), x -> 2 / x,
                    Task.streamOptions()).toList();
            assertEquals(new Task.Ok<>(2), rs.get(0));
            assertInstanceOf(ArithmeticException.class, ((Task.Exited<Integer>) rs.get(1)).reason());
            assertEquals(new Task.Ok<>(1), rs.get(2));
        });
    }

    @Test
    void aSupervisedAsyncTaskIsStillLinkedToItsCaller() throws Exception {
        Rt.inProcess(() -> {
            Pid sup = Task.Supervisor.start();
            var owner = spawnMonitor(() -> {
                Task<Integer> t = Task.Supervisor.async(sup, () -> {
                    throw new IllegalStateException("linked");
                });
                sleep(10_000);
            });
            assertInstanceOf(IllegalStateException.class, Rt.awaitDown(owner.ref()).reason());
            Rt.eventually("the supervisor has forgotten the task", () -> Task.Supervisor.children(sup).isEmpty());
        });
    }
}
