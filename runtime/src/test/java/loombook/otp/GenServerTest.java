package loombook.otp;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

import loombook.Capture;
import loombook.Down;
import loombook.Exit;
import loombook.Pid;
import loombook.Process;
import loombook.Reason;
import loombook.otp.internal.GenReply;
import loombook.Rt;

/** GenServer: gen_server's documented behaviour, edge cases first. */
class GenServerTest {
    record Inc(int by) {}
    record Get() {}
    record Crash(String why) {}
    record SleepThenReply(long millis) {}
    record Quit(Object reason) {}
    record QuitWith(Object reason, Object reply) {}
    record Later() {}
    record Release() {}
    record Continue(Object arg) {}
    record Log(Object what) {}
    record Nothing() {}

    /** A counter that reports its callbacks to an observer pid. */
    static final class Counter extends GenServer<Integer, Integer> {
        final Pid observer;
        From waiting;

        Counter(Pid observer) {
            this.observer = observer;
        }

        Counter() {
            this(null);
        }

        private void tell(Object what) {
            if (observer != null) send(observer, new Log(what));
        }

        @Override
        public Init<Integer> init(Integer start) {
            if (start == null) return stopWith("no start value");
            if (start == -1) return ignore();
            if (start == -2) throw new IllegalArgumentException("negative start");
            if (start == -3) return ok(0).continueWith("from init");
            return ok(start);
        }

        @Override
        public CallResult<Integer> handleCall(Object request, From from, Integer n) {
            return switch (request) {
                case Get g -> reply(n, n);
                case Crash(String why) -> throw new IllegalStateException(why);
                case SleepThenReply(long ms) -> {
                    sleep(ms);
                    yield reply("late", n);
                }
                case QuitWith(Object reason, Object r) -> stopWith(reason, r, n);
                case Later l -> {
                    waiting = from;
                    yield noreply(n);
                }
                case Release r -> {
                    From w = waiting;
                    spawn(() -> w.reply("released"));
                    yield reply("ok", n);
                }
                case Continue(Object arg) -> reply("will continue", n).continueWith(arg);
                case Nothing x -> null;
                default -> super.handleCall(request, from, n);
            };
        }

        @Override
        public Result<Integer> handleCast(Object request, Integer n) {
            return switch (request) {
                case Inc(int by) -> noreply(n + by);
                case Quit(Object reason) -> stopWith(reason, n);
                case Later l -> noreply(n).withTimeout(50);
                default -> super.handleCast(request, n);
            };
        }

        @Override
        public Result<Integer> handleInfo(Object message, Integer n) {
            tell(message);
            if (message == Reason.TIMEOUT) return noreply(n);
            return super.handleInfo(message, n);
        }

        @Override
        public Result<Integer> handleContinue(Object arg, Integer n) {
            tell("continue " + arg);
            return noreply(n + 100);
        }

        @Override
        public void terminate(Object reason, Integer n) {
            tell("terminate " + reason + " at " + n);
        }
    }

    static Object awaitLog() {
        return Rt.await("a log message", m -> m instanceof Log(Object what) ? what : null);
    }

    @Test
    void callCastAndState() throws Exception {
        Rt.inProcess(() -> {
            Pid c = GenServer.start(new Counter(), 1);
            GenServer.cast(c, new Inc(2));
            GenServer.cast(c, new Inc(3));
            int n = GenServer.call(c, new Get());
            assertEquals(6, n);
            assertEquals("Counter", Process.info(c).label(), "the process is labelled with its callback class");
            GenServer.stop(c);
            assertFalse(alive(c));
        });
    }

    @Test
    void initIgnoreStopAndThrow() throws Exception {
        Capture out = new Capture();
        Rt.inProcess(out, () -> {
            assertNull(GenServer.start(new Counter(), -1), "ignore: no server, null");
            StartFailed stop = assertThrows(StartFailed.class, () -> GenServer.start(new Counter(), null));
            assertEquals("no start value", stop.reason());
            StartFailed thrown = assertThrows(StartFailed.class, () -> GenServer.start(new Counter(), -2));
            assertInstanceOf(IllegalArgumentException.class, thrown.reason());
            assertSame(thrown.reason(), thrown.getCause());
            assertEquals(List.of(), flush(), "a failed start leaves nothing in the caller's mailbox");
        });
        assertTrue(out.text().contains("failed to start: Counter.init threw"), out.text());
        assertTrue(out.text().contains("(java.lang.IllegalArgumentException) negative start"), out.text());
        assertFalse(out.text().contains("raised an exception"), "one report, not the runtime's too: " + out.text());
    }

    @Test
    void namesAndAlreadyStarted() throws Exception {
        Rt.inProcess(() -> {
            Pid c = GenServer.start(new Counter(), 7, "gs-test-counter");
            assertEquals(c, GenServer.whereis("gs-test-counter"));
            assertEquals(7, (int) GenServer.call("gs-test-counter", new Get()));
            StartFailed e = assertThrows(StartFailed.class, () -> GenServer.start(new Counter(), 1, "gs-test-counter"));
            assertEquals(new StartFailed.AlreadyStarted(c), e.reason());
            GenServer.stop("gs-test-counter");
            assertNull(whereis("gs-test-counter"));
        });
    }

    @Test
    void callToADeadOrUnknownServerExitsWithNoproc() throws Exception {
        Rt.inProcess(() -> {
            Pid c = GenServer.start(new Counter(), 0);
            GenServer.stop(c);
            Object reason = Rt.exitReason(() -> GenServer.call(c, new Get()));
            CallExit ce = assertInstanceOf(CallExit.class, reason);
            assertEquals(Reason.NOPROC, ce.reason());
            assertEquals("GenServer.call", ce.function());
            assertEquals(List.of(c, new Get(), 5000L), ce.args());
            assertTrue(ce.toString().startsWith("exited in GenServer.call(" + c + ", Get[], 5000): no process"), ce.toString());
            CallExit byName = (CallExit) Rt.exitReason(() -> GenServer.call("no-such-server", new Get()));
            assertEquals(Reason.NOPROC, byName.reason());
            assertEquals(List.of(), flush(), "no DOWN left behind");
        });
    }

    @Test
    void aCallToAServerThatCrashesMidCallExitsWithTheCrashReason() throws Exception {
        Capture out = new Capture();
        Rt.inProcess(out, () -> {
            Pid c = GenServer.start(new Counter(), 3);
            var mon = monitor(c);
            Object reason = Rt.exitReason(() -> GenServer.call(c, new Crash("boom")));
            CallExit ce = assertInstanceOf(CallExit.class, reason);
            IllegalStateException e = assertInstanceOf(IllegalStateException.class, ce.reason());
            assertEquals("boom", e.getMessage());
            assertFalse(alive(c));
            Down d = Rt.awaitDown(mon);
            assertEquals(List.of(), flush(), "neither a reply nor a DOWN of the call is left in the mailbox");
            assertSame(e, d.reason(), "the server's exit reason is the exception");
        });
        String text = out.text();
        assertTrue(text.contains("[error] GenServer #PID<"), text);
        assertTrue(text.contains("terminating\n** (java.lang.IllegalStateException) boom\n"), text);
        assertTrue(text.contains("Last message (from #PID<"), text);
        assertTrue(text.contains("): Crash[why=boom]\nState: 3\nClient #PID<"), text);
        assertTrue(text.contains("is alive"), text);
        assertTrue(text.contains("GenServerTest$Counter.handleCall"), "the user's frame is shown: " + text);
        assertFalse(text.contains("loombook.otp.internal"), "the loop's frames are not: " + text);
        assertFalse(text.contains("raised an exception"), "exactly one report: " + text);
    }

    @Test
    void aTimedOutCallNeverLeavesALateReplyInTheMailbox() throws Exception {
        Rt.inProcess(() -> {
            Pid c = GenServer.start(new Counter(), 0);
            Object reason = Rt.exitReason(() -> GenServer.call(c, new SleepThenReply(300), 50));
            CallExit ce = assertInstanceOf(CallExit.class, reason);
            assertEquals(Reason.TIMEOUT, ce.reason());
            assertTrue(ce.toString().contains("time out (no reply within 50 ms)"), ce.toString());
            // the server is still busy; when it replies, the reply must be dropped
            assertEquals(0, (int) GenServer.call(c, new Get()), "the server answers the next call");
            sleep(50);
            assertEquals(List.of(), messages(), "the late reply never reached the caller");
            assertTrue(alive(c));
        });
    }

    record Outcome(Object value) {}

    @Test
    void manyCallersTimeOutTogetherAndNoneGetsALateReply() throws Exception {
        Rt.inProcess(() -> {
            Pid c = GenServer.start(new Counter(), 0);
            Pid me = self();
            int callers = 100;
            long t0 = System.nanoTime();
            for (int i = 0; i < callers; i++) {
                spawn(() -> {
                    Object r;
                    try {
                        r = GenServer.call(c, new SleepThenReply(5), 30);
                    } catch (loombook.ProcessExit e) {
                        r = ((CallExit) e.reason()).reason();
                    }
                    send(me, new Outcome(r));
                    Rt.refuteReceived("a late reply", 200, m -> m instanceof GenReply ? m : null);
                    send(me, "clean");
                });
            }
            // the server sleeps 5 ms per call: the first callers are answered, the others time out
            int timeouts = 0, answers = 0;
            for (int i = 0; i < callers; i++) {
                Object r = Rt.await(Outcome.class).value();
                if (r == Reason.TIMEOUT) timeouts++;
                else if ("late".equals(r)) answers++;
            }
            for (int i = 0; i < callers; i++) Rt.await("clean", m -> "clean".equals(m) ? m : null);
            assertTrue(timeouts > 0 && answers > 0, timeouts + " timeouts, " + answers + " answers");
            assertEquals(callers, timeouts + answers);
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 5_000, "the timeouts fired on time");
        });
    }

    @Test
    void lateRepliesAreDroppedEvenWhenTheCallerDoesNotCallAgain() throws Exception {
        Rt.inProcess(() -> {
            Pid c = GenServer.start(new Counter(), 0);
            Rt.exitReason(() -> GenServer.call(c, new Later(), 20));
            GenServer.cast(c, new Inc(1));
            // answer the timed-out call from another process: the answer must go nowhere
            Pid helper = spawn(() -> GenServer.call(c, new Release()));
            Rt.awaitExit(helper);
            Rt.refuteReceived("a late reply", 100, m -> m instanceof GenReply ? m : null);
        });
    }

    @Test
    void deferredReplyFromAnotherProcess() throws Exception {
        Rt.inProcess(() -> {
            Pid c = GenServer.start(new Counter(), 0);
            Pid me = self();
            spawn(() -> {
                sleep(20);
                GenServer.call(c, new Release());
                send(me, "released");
            });
            assertEquals("released", GenServer.call(c, new Later()));
        });
    }

    @Test
    void callingItselfIsAnError() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Pid p = spawn(() -> send(me, Rt.exitReason(() -> GenServer.call(self(), new Get()))));
            CallExit ce = Rt.await(CallExit.class);
            assertEquals(CallExit.CALLING_SELF, ce.reason());
            Rt.awaitExit(p);
        });
    }

    @Test
    void continueRunsBeforeTheNextMessage() throws Exception {
        Rt.inProcess(() -> {
            Pid c = GenServer.start(new Counter(self()), -3);
            assertEquals("continue from init", awaitLog());
            assertEquals(100, (int) GenServer.call(c, new Get()));
            assertEquals("will continue", GenServer.call(c, new Continue("x")));
            assertEquals("continue x", awaitLog());
            assertEquals(200, (int) GenServer.call(c, new Get()));
        });
    }

    @Test
    void aTimeoutInAResultDeliversTimeoutUnlessAMessageComesFirst() throws Exception {
        Rt.inProcess(() -> {
            Pid c = GenServer.start(new Counter(self()), 0);
            GenServer.cast(c, new Later());
            assertEquals(Reason.TIMEOUT, awaitLog());
            GenServer.cast(c, new Later());
            GenServer.cast(c, new Inc(1));      // any message cancels the timeout
            assertEquals(1, (int) GenServer.call(c, new Get()));
            Rt.refuteReceived("a timeout", 150, m -> m instanceof Log(Object w) && w == Reason.TIMEOUT ? w : null);
        });
    }

    @Test
    void stopRunsTerminateAndWaits() throws Exception {
        Rt.inProcess(() -> {
            Pid c = GenServer.start(new Counter(self()), 5);
            GenServer.stop(c, new Reason.Shutdown("bye"), 1000);
            assertEquals("terminate {shutdown, bye} at 5", awaitLog());
            assertFalse(alive(c));
            CallExit again = (CallExit) Rt.exitReason(() -> GenServer.stop(c));
            assertEquals(Reason.NOPROC, again.reason());
        });
    }

    @Test
    void stopWithAReplyAnswersThenStops() throws Exception {
        Rt.inProcess(() -> {
            Pid c = GenServer.start(new Counter(self()), 2);
            var mon = monitor(c);
            assertEquals("bye", GenServer.call(c, new QuitWith(Reason.NORMAL, "bye")));
            assertEquals("terminate normal at 2", awaitLog());
            assertEquals(Reason.NORMAL, Rt.awaitDown(mon).reason());
        });
    }

    @Test
    void aServerThatRepliesThenDiesNeverLeavesADownBehind() throws Exception {
        Rt.inProcess(() -> {
            // the reply and the death race the caller's demonitor; the DOWN must never stay behind
            for (int i = 0; i < 2000; i++) {
                Pid c = GenServer.start(new Counter(), i);
                assertEquals("bye", GenServer.call(c, new QuitWith(Reason.NORMAL, "bye")));
                List<Object> left = flush();
                assertEquals(List.of(), left, "iteration " + i);
            }
            assertEquals(0, info(self()).monitors().size(), "no monitor is left either");
        });
    }

    @Test
    void aStopResultWithAnAbnormalReasonPrintsAReport() throws Exception {
        Capture out = new Capture();
        Rt.inProcess(out, () -> {
            Pid c = GenServer.start(new Counter(), 4);
            var mon = monitor(c);
            GenServer.cast(c, new Quit("disk full"));
            assertEquals("disk full", Rt.awaitDown(mon).reason());
        });
        assertTrue(out.text().contains("terminating\n** (stop) disk full\nLast message: cast Quit[reason=disk full]\nState: 4\n"), out.text());
    }

    @Test
    void terminateRunsWhenTheParentShutsDownATrappingServer() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            class Trapping extends GenServer<Void, String> {
                public Init<String> init(Void v) {
                    trapExit(true);
                    return ok("ready");
                }

                public void terminate(Object reason, String s) {
                    send(me, new Log("terminate " + reason));
                }
            }
            Pid parent = spawn(() -> {
                Pid child = GenServer.startLink(new Trapping(), null);
                send(me, child);
                receive(m -> m);
            });
            Pid child = Rt.await(Pid.class);
            var mon = monitor(child);
            Process.exit(parent, Reason.SHUTDOWN);    // the parent dies: its exit signal reaches the child
            assertEquals("terminate shutdown", awaitLog());
            assertEquals(Reason.SHUTDOWN, Rt.awaitDown(mon).reason());
        });
    }

    @Test
    void anExitFromAnotherProcessIsJustInfoWhenTrapping() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            class Trapping extends GenServer<Void, List<Object>> {
                public Init<List<Object>> init(Void v) {
                    trapExit(true);
                    return ok(List.of());
                }

                public Result<List<Object>> handleInfo(Object m, List<Object> s) {
                    send(me, new Log(m));
                    return noreply(s);
                }
            }
            Pid server = GenServer.start(new Trapping(), null);
            Pid stranger = spawn(() -> Process.exit(server, "hello"));
            assertEquals(new Exit(stranger, "hello"), awaitLog());
            assertTrue(alive(server));
        });
    }

    @Test
    void aServerThatDoesNotTrapExitsDiesWithoutTerminate() throws Exception {
        Rt.inProcess(() -> {
            Pid c = GenServer.start(new Counter(self()), 0);
            var mon = monitor(c);
            Process.exit(c, Reason.SHUTDOWN);
            assertEquals(Reason.SHUTDOWN, Rt.awaitDown(mon).reason());
            Rt.refuteReceived("terminate", 50, m -> m instanceof Log ? m : null);
        });
    }

    @Test
    void startLinkFailureReachesTheCallerThroughTheLink() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            var caller = spawnMonitor(() -> {
                GenServer.startLink(new Counter(), null);   // init stops with "no start value"
                send(me, "not reached");
            });
            assertEquals("no start value", Rt.awaitDown(caller.ref()).reason());
            trapExit(true);
            StartFailed e = assertThrows(StartFailed.class, () -> GenServer.startLink(new Counter(), null));
            assertEquals("no start value", e.reason());
            assertEquals(List.of(), flush(), "a trapping caller gets StartFailed, and its EXIT is consumed");
            trapExit(false);
        });
    }

    @Test
    void aCallbackThatReturnsNullCrashesWithAClearReason() throws Exception {
        Capture out = new Capture();
        Rt.inProcess(out, () -> {
            Pid c = GenServer.start(new Counter(), 0);
            CallExit ce = (CallExit) Rt.exitReason(() -> GenServer.call(c, new Nothing()));
            assertTrue(ce.reason().toString().contains("returned null from a callback"), ce.toString());
        });
    }

    @Test
    void unhandledRequestsCrashWithAMessageThatSaysWhatToDo() throws Exception {
        Capture out = new Capture();
        Rt.inProcess(out, () -> {
            Pid c = GenServer.start(new Counter(), 0);
            CallExit ce = (CallExit) Rt.exitReason(() -> GenServer.call(c, "what?"));
            assertTrue(ce.reason().toString().contains("has no handleCall clause for it"), ce.toString());
            Pid d = GenServer.start(new Counter(self()), 0);
            send(d, "stray");
            assertEquals("stray", awaitLog());
            assertEquals(0, (int) GenServer.call(d, new Get()));
        });
        assertTrue(out.text().contains("received unexpected message in handleInfo: stray"), out.text());
    }

    @Test
    void replyIsNotForAnswersToAFrom() throws Exception {
        Rt.inProcess(() -> {
            From f = new From(self(), loombook.Ref.make());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GenServer.reply(f, 1));
            assertTrue(e.getMessage().contains("call from.reply(value)"), e.getMessage());
        });
    }

    @Test
    void castsToDeadOrUnknownServersAreDropped() throws Exception {
        Rt.inProcess(() -> {
            Pid c = GenServer.start(new Counter(), 0);
            GenServer.stop(c);
            GenServer.cast(c, new Inc(1));
            GenServer.cast("nobody-has-this-name", new Inc(1));
            assertThrows(IllegalArgumentException.class, () -> GenServer.cast(42, new Inc(1)));
        });
    }

    @Test
    void stopThatTimesOutExits() throws Exception {
        Rt.inProcess(() -> {
            class Slow extends GenServer<Void, Void> {
                public Init<Void> init(Void v) {
                    return ok(null);
                }

                public void terminate(Object reason, Void s) {
                    sleep(300);
                }
            }
            Pid s = GenServer.start(new Slow(), null);
            CallExit ce = (CallExit) Rt.exitReason(() -> GenServer.stop(s, Reason.NORMAL, 20));
            assertEquals(Reason.TIMEOUT, ce.reason());
            Rt.awaitExit(s);
            assertEquals(List.of(), flush());
        });
    }

    @Test
    void manyConcurrentCallersGetTheirOwnAnswers() throws Exception {
        Rt.inProcess(() -> {
            class Echo extends GenServer<Void, Void> {
                public Init<Void> init(Void v) {
                    return ok(null);
                }

                public CallResult<Void> handleCall(Object request, From from, Void s) {
                    return reply(request, s);
                }
            }
            Pid echo = GenServer.start(new Echo(), null);
            Pid me = self();
            int clients = 50, calls = 200;
            for (int c = 0; c < clients; c++) {
                int id = c;
                spawn(() -> {
                    for (int i = 0; i < calls; i++) {
                        int got = GenServer.call(echo, id * 1000 + i);
                        if (got != id * 1000 + i) send(me, "wrong answer " + got);
                    }
                    send(me, "done");
                });
            }
            for (int c = 0; c < clients; c++) assertEquals("done", receive());
            GenServer.stop(echo);
        });
    }

    @Test
    void exitSignalFromACallerThatDiesDoesNotStopTheServer() throws Exception {
        Rt.inProcess(() -> {
            Pid c = GenServer.start(new Counter(), 0);
            Pid caller = spawn(() -> GenServer.call(c, new SleepThenReply(100)));
            sleep(20);
            Process.exit(caller, Reason.KILL);
            assertEquals(0, (int) GenServer.call(c, new Get()));
            assertTrue(alive(c));
        });
    }
}
