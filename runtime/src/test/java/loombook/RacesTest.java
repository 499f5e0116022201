package loombook;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import loombook.otp.Ets;
import loombook.otp.GenServer;
import org.junit.jupiter.api.Test;

/** Controlled runs: the same schedule does the same thing; exploration finds races and passes what has none. */
class RacesTest {
    record Get(Pid from) {}
    record Put(int value) {}
    record Add(int by) {}

    /** A counter process that answers Get, takes Put (a new value) and Add (one message: no race). */
    static Pid counter() {
        return spawn(() -> loop(0, (n, m) -> switch (m) {
            case Get(var from) -> {
                send(from, n);
                yield next(n);
            }
            case Put(var v) -> next(v);
            case Add(var by) -> next(n + by);
            default -> skip();
        }));
    }

    static int get(Pid c) {
        send(c, new Get(self()));
        return receive(Integer.class);
    }

    /** Get, then set: two messages, and another client may come between them. */
    static void racyIncrement(Pid c) {
        send(c, new Put(get(c) + 1));
    }

    static Pid racyScenario() {
        Pid c = counter();
        spawn(() -> racyIncrement(c));
        spawn(() -> racyIncrement(c));
        return c;
    }

    static boolean two(Pid c) {
        return get(c) == 2;
    }

    @Test
    void theLostUpdateIsFoundSystematically() {
        Exploration e = Races.explore(RacesTest::racyScenario, RacesTest::two);
        assertFalse(e.passed(), e.toString());
        assertEquals(1, e.failures());
        assertTrue(e.runs() <= 10, "found within 10 schedules: " + e.runs());
        Schedule s = e.failure().orElseThrow();
        assertEquals("the check returned false for " + s.value() + " (process 1)", s.failure().orElseThrow());
        assertTrue(s.critical() >= 0, "the choice that made it fail is marked: " + s);
        assertTrue(s.criticalNote().contains("had process"), s.criticalNote());
        // the counter got both Gets before either Put: each client saw 0 and put 1
        List<Object> received = new ArrayList<>();
        for (TraceEvent ev : s.events()) {
            if (ev instanceof TraceEvent.Received r && r.message() instanceof Put p) received.add(p.value());
        }
        assertEquals(List.of(1, 1), received);
    }

    @Test
    void theLostUpdateIsFoundByEverySeed() {
        for (long seed = 1; seed <= 20; seed++) {
            Exploration e = Races.random(seed).runs(200).explore(RacesTest::racyScenario, RacesTest::two);
            assertFalse(e.passed(), "seed " + seed + ": " + e.summary());
            assertEquals("random, seed " + seed, e.mode());
        }
    }

    @Test
    void oneMessagePerUpdateHasNoRace() {
        Exploration e = Races.explore(() -> {
            Pid c = counter();
            spawn(() -> send(c, new Add(1)));
            spawn(() -> send(c, new Add(1)));
            return c;
        }, RacesTest::two);
        assertTrue(e.passed(), e.toString());
        assertTrue(e.exhausted(), "a small scenario is explored completely: " + e.summary());
        Exploration r = Races.random(3).runs(300).explore(() -> {
            Pid c = counter();
            spawn(() -> send(c, new Add(1)));
            spawn(() -> send(c, new Add(1)));
            return c;
        }, RacesTest::two);
        assertTrue(r.passed());
        assertEquals(300, r.runs(), "random mode runs its bound");
    }

    @Test
    void theSameSeedGivesTheSameSchedulesMessagesAndOutput() {
        java.util.function.Supplier<Pid> talkative = () -> {
            Pid c = counter();
            for (int k = 0; k < 3; k++) {
                int id = k;
                spawn(() -> {
                    int n = get(c);
                    Process.groupLeader().out().println("client " + id + " saw " + n);
                    send(c, new Put(n + 1));
                });
            }
            return c;
        };
        Exploration a = Races.random(99).keepGoing().runs(40).explore(talkative, c -> get(c) == 3);
        Exploration b = Races.random(99).keepGoing().runs(40).explore(talkative, c -> get(c) == 3);
        assertEquals(a.failures(), b.failures());
        Schedule x = a.failure().orElseThrow(), y = b.failure().orElseThrow();
        assertEquals(x.trace(), y.trace());
        assertEquals(x.output(), y.output());
        assertEquals(messages(x), messages(y));
        assertTrue(x.output().contains("client"), x.output());
        Schedule again = Races.replay(x.trace(), talkative, c -> get(c) == 3);
        assertEquals(x.trace(), again.trace());
        assertEquals(x.output(), again.output());
        assertEquals(messages(x), messages(again));
        assertTrue(again.failed());
    }

    private static List<String> messages(Schedule s) {
        List<String> out = new ArrayList<>();
        for (TraceEvent e : s.events()) {
            switch (e) {
                case TraceEvent.Sent m -> out.add(s.names().get(m.from()) + "->" + s.names().get(m.to()) + ":" + m.message().getClass().getSimpleName());
                case TraceEvent.Received r -> out.add(s.names().get(r.by()) + " got " + r.message().getClass().getSimpleName());
                default -> { }
            }
        }
        return out;
    }

    @Test
    void aScheduleReplaysInALaterRunAndAForeignOneSaysWhereItDoesNotFit() {
        Schedule s = Races.explore(RacesTest::racyScenario, RacesTest::two).failure().orElseThrow();
        Schedule again = Races.replay(s.trace(), RacesTest::racyScenario, RacesTest::two);
        assertTrue(again.failed());
        assertEquals(s.steps().size(), again.steps().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Races.replay("0 7 7", RacesTest::racyScenario, RacesTest::two));
        assertTrue(e.getMessage().contains("at step 2") && e.getMessage().contains("7"), e.getMessage());
    }

    @Test
    void aScenarioThatWaitsForEverIsADeadlock() {
        Exploration e = Races.explore(() -> {
            Pid a = spawn(() -> receive(String.class));
            send(a, 42);
            return receive(String.class);
        }, x -> true);
        Schedule s = e.failure().orElseThrow();
        assertTrue(s.failure().orElseThrow().startsWith("deadlock"), s.failure().orElseThrow());
    }

    @Test
    void aCrashFailsTheScheduleUnlessCrashesAreAllowed() {
        Runnable scenario = () -> {
            Pid c = spawn(() -> {
                int n = receive(Integer.class);
                if (n == 1) throw new IllegalStateException("one is not allowed");
            });
            spawn(() -> send(c, 1));
            send(c, 2);
        };
        Exploration e = Races.explore(scenario);
        String f = e.failure().orElseThrow().failure().orElseThrow();
        assertTrue(f.contains("crashed") && f.contains("one is not allowed"), f);
        assertTrue(e.failure().orElseThrow().output().contains("one is not allowed"), "the crash report is kept with the schedule");
        assertTrue(Races.systematic().crashesAllowed().explore(scenario).passed());
    }

    @Test
    void aSleepUsedToWaitForAnotherProcessIsFoundOut() {
        Exploration e = Races.explore(() -> {
            spawn(() -> {
                Pid me = self();
                send(me, "warming up");          // some work before it registers
                receive();
                register("worker", me);
                receive();
            });
            sleep(100);                           // "surely it is registered by now"
            send("worker", "job");
            return null;
        }, x -> true);
        String f = e.failure().orElseThrow().failure().orElseThrow();
        assertTrue(f.contains("no process is registered as 'worker'"), f);
    }

    @Test
    void virtualTimeTakesNoTimeAndKeepsTimeoutsInTheirPlace() {
        long t0 = System.nanoTime();
        Exploration e = Races.explore(() -> {
            sleep(60_000);                                   // a minute, in no time
            Pid me = self();
            spawn(() -> {
                sleep(5_000);
                send(me, "late");
            });
            return receive(m -> m, 10_000, () -> "timeout");  // long waits end only when nothing else can move
        }, r -> r.equals("late"));
        assertTrue(e.passed() && e.exhausted(), e.toString());
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "no real waiting");

        Exploration shortOnes = Races.explore(() -> {
            Pid me = self();
            spawn(() -> {
                sleep(50);
                send(me, "reply");
            });
            return receive(m -> m, 20, () -> "timeout");      // short waits race: either can come first
        }, r -> r.equals("reply"));
        assertFalse(shortOnes.passed());
        assertEquals("timeout", shortOnes.failure().orElseThrow().value());
    }

    @Test
    void theRuntimesClockIsTheRunsAndOtpTimeoutsRunOnIt() {
        Exploration e = Races.explore(() -> {
            long t0 = monotonicTime();
            sleep(3_600_000);                               // an hour
            return (monotonicTime() - t0) / 1_000_000_000L;
        }, seconds -> seconds >= 3600);
        assertTrue(e.passed(), e.toString());
        Exploration await = Races.explore(() -> {
            var task = loombook.otp.Task.async(() -> {
                sleep(50);
                return "done";
            });
            return loombook.otp.Task.yield(task, 20).map(r -> r instanceof loombook.otp.Task.Ok<String> ok ? ok.value() : "exited")
                    .orElse("not yet");
        }, r -> r.equals("done"));
        assertFalse(await.passed(), "a 20 ms wait for a 50 ms task may end first: " + await.summary());
        assertEquals("not yet", await.failure().orElseThrow().value());
    }

    @Test
    void timersFireOnTheVirtualClockAndCanBeCancelled() {
        Exploration e = Races.explore(() -> {
            TimerRef t = sendAfter(self(), "tick", 30_000);
            TimerRef u = sendAfter(self(), "never", 40_000);
            long left = readTimer(u).orElseThrow();
            cancelTimer(u);
            Object first = receive();
            return List.of(first, left, readTimer(t).isPresent(), cancelTimer(u).isPresent());
        }, r -> r.equals(List.of("tick", 40_000L, false, false)));
        assertTrue(e.passed(), e.toString());
    }

    @Test
    void genServerCallsWorkUnderControl() {
        class Counter extends GenServer<Integer, Integer> {
            @Override
            public Init<Integer> init(Integer start) {
                return ok(start);
            }

            @Override
            public CallResult<Integer> handleCall(Object req, loombook.otp.From from, Integer n) {
                return switch (req) {
                    case Add(var by) -> reply(n + by, n + by);
                    case Get g -> reply(n, n);
                    default -> super.handleCall(req, from, n);
                };
            }
        }
        Exploration e = Races.explore(() -> {
            Pid c = GenServer.start(new Counter(), 0);
            spawn(() -> GenServer.call(c, new Add(1)));
            spawn(() -> GenServer.call(c, new Add(1)));
            return c;
        }, c -> GenServer.<Integer>call(c, new Get(null)) == 2);
        assertTrue(e.passed() && e.exhausted(), e.toString());
    }

    @Test
    void etsOperationsAreSchedulingPoints() {
        Exploration e = Races.explore(() -> {
            Ets<String, Integer> t = Ets.newTable("hits", Ets.Type.SET, Ets.Access.PUBLIC);
            t.insert("n", 0);
            for (int k = 0; k < 2; k++) {
                spawn(() -> t.insert("n", t.lookup("n").get(0) + 1));
            }
            return t;
        }, t -> t.lookup("n").get(0) == 2);
        assertFalse(e.passed(), e.toString());
    }

    @Test
    void aProcessBlockedOutsideTheRuntimeStopsTheExplorationWithAClearError() {
        CountDownLatch never = new CountDownLatch(1);
        long t0 = System.nanoTime();
        IllegalStateException x = assertThrows(IllegalStateException.class, () -> Races.explore(() -> {
            spawn(() -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            return null;
        }, r -> true));
        assertTrue(x.getMessage().contains("outside the runtime") && x.getMessage().contains("CountDownLatch"), x.getMessage());
        assertTrue(System.nanoTime() - t0 < 8_000_000_000L);
    }

    @Test
    void aMessageFromOutsideTheScenarioIsRefused() throws Exception {
        AtomicReference<Pid> leaked = new AtomicReference<>();
        CountDownLatch sent = new CountDownLatch(1);
        Thread outsider = Thread.ofPlatform().start(() -> {
            while (leaked.get() == null) Thread.onSpinWait();
            send(leaked.get(), "from outside");
            sent.countDown();
        });
        IllegalStateException x = assertThrows(IllegalStateException.class, () -> Races.explore(() -> {
            Pid p = spawn(() -> receive());
            leaked.set(p);
            long t = System.nanoTime();
            while (sent.getCount() > 0 && System.nanoTime() - t < 5_000_000_000L) Thread.onSpinWait();   // busy while the outsider sends
            return null;
        }, r -> true));
        outsider.join();
        assertTrue(x.getMessage().contains("outside the scenario"), x.getMessage());
    }

    @Test
    void anInterruptedExplorationStopsAndLeavesNoProcessBehind() throws Exception {
        int before = Node.processCount();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch running = new CountDownLatch(1);
        Thread explorer = Thread.ofPlatform().start(() -> {
            try {
                Races.systematic().runs(1_000_000).seconds(60).explore(() -> {
                    running.countDown();
                    Pid c = counter();
                    for (int k = 0; k < 4; k++) spawn(() -> racyIncrement(c));
                    return c;
                }, c -> true);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        assertTrue(running.await(10, java.util.concurrent.TimeUnit.SECONDS));
        Thread.sleep(200);
        explorer.interrupt();
        explorer.join(10_000);
        assertFalse(explorer.isAlive(), "the exploration ended");
        assertInstanceOf(java.util.concurrent.CancellationException.class, thrown.get());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Node.processCount() > before && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(before, Node.processCount(), "the run's processes were killed");
    }

    @Test
    void explorationsDoNotNest() {
        Exploration e = Races.explore(() -> {
            Races.explore(() -> { });
            return null;
        }, r -> true);
        assertTrue(e.failure().orElseThrow().failure().orElseThrow().contains("do not nest"));
    }

    @Test
    void exitSignalsAndMonitorsAreExplored() {
        Exploration e = Races.explore(() -> {
            Pid worker = spawn(() -> {
                Pid from = receive(Pid.class);
                send(from, "done");
            });
            Ref ref = monitor(worker);
            spawn(() -> Process.exit(worker, Reason.KILL));
            send(worker, self());
            return receive(m -> m instanceof Down d && d.ref().equals(ref) ? d.reason() : null);
        }, reason -> reason == Reason.NORMAL);
        assertFalse(e.passed());
        assertEquals(Reason.KILLED, e.failure().orElseThrow().value());
    }

    @Test
    void normalModeIsUntouched() throws Exception {
        Rt.inProcess(() -> {
            assertFalse(Races.controlled());
            Pid c = counter();
            send(c, new Add(2));
            assertEquals(2, get(c));
        });
    }
}
