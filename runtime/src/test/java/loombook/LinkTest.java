package loombook;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Links and exit signals, as erlang:link/1, exit/2 and process_flag(trap_exit) document them. */
class LinkTest {
    @Test
    void aCrashKillsALinkedProcessThatDoesNotTrapExits() throws Exception {
        Rt.inProcess(() -> {
            Monitored parent = spawnMonitor(() -> {
                spawnLink(() -> {
                    throw new IllegalStateException("child failed");
                });
                sleep(10_000);
            });
            Object reason = Rt.awaitDown(parent).reason();
            assertInstanceOf(IllegalStateException.class, reason);
        });
    }

    @Test
    void linksAreBidirectional() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Monitored child = spawnMonitor(() -> sleep(10_000));
            Monitored parent = spawnMonitor(() -> {
                link(child.pid());
                send(me, "linked");
                Process.exit("parent gave up");
            });
            Rt.await("linked", m -> m.equals("linked") ? m : null);
            assertEquals("parent gave up", Rt.awaitDown(parent).reason());
            assertEquals("parent gave up", Rt.awaitDown(child).reason());
        });
    }

    @Test
    void aNormalExitDoesNotKillLinkedProcesses() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Monitored parent = spawnMonitor(() -> {
                spawnLink(() -> { });
                receive(m -> m.equals("go") ? m : null);
                send(me, "still alive");
            });
            sleep(50);
            send(parent.pid(), "go");
            assertEquals("still alive", Rt.await("survivor", m -> m instanceof String s ? s : null));
            assertEquals(Reason.NORMAL, Rt.awaitDown(parent).reason());
        });
    }

    @Test
    void trappingTurnsExitSignalsIntoMessagesIncludingNormalOnes() throws Exception {
        Rt.inProcess(() -> {
            trapExit(true);
            Pid bad = spawnLink(() -> Process.exit("oops"));
            Pid good = spawnLink(() -> { });
            List<Exit> exits = new ArrayList<>();
            exits.add(Rt.await("exit", m -> m instanceof Exit e ? e : null));
            exits.add(Rt.await("exit", m -> m instanceof Exit e ? e : null));
            assertTrue(exits.contains(new Exit(bad, "oops")), exits.toString());
            assertTrue(exits.contains(new Exit(good, Reason.NORMAL)), exits.toString());
            assertTrue(alive(self()));
            trapExit(false);
        });
    }

    @Test
    void exitNormalOnANonTrappingProcessIsIgnored() throws Exception {
        Rt.inProcess(() -> {
            Pid p = spawn(() -> sleep(10_000));
            Process.exit(p, Reason.NORMAL);
            sleep(50);
            assertTrue(alive(p));
            Process.exit(p, Reason.KILL);
        });
    }

    @Test
    void exitNormalOnATrappingProcessIsAMessage() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Pid p = spawn(() -> {
                trapExit(true);
                send(me, "ready");
                send(me, receive(Exit.class));
            });
            Rt.await("ready", m -> m.equals("ready") ? m : null);
            Process.exit(p, Reason.NORMAL);
            assertEquals(new Exit(me, Reason.NORMAL), Rt.await("exit message", m -> m instanceof Exit e ? e : null));
        });
    }

    @Test
    void exitWithAnAbnormalReasonKillsANonTrappingProcess() throws Exception {
        Rt.inProcess(() -> {
            Monitored m = spawnMonitor(() -> sleep(10_000));
            Process.exit(m.pid(), "go away");
            assertEquals("go away", Rt.awaitDown(m).reason());
        });
    }

    @Test
    void killCannotBeTrapped() throws Exception {
        Rt.inProcess(() -> {
            trapExit(true);
            Pid me = self();
            Pid p = spawnLink(() -> {
                trapExit(true);
                send(me, "trapping");
                sleep(10_000);
            });
            Rt.await("trapping", m -> m.equals("trapping") ? m : null);
            Process.exit(p, Reason.KILL);
            assertFalse(alive(p), "alive must be false right after exit(pid, KILL)");
            assertEquals(new Exit(p, Reason.KILLED), Rt.await("exit", m -> m instanceof Exit e ? e : null));
            trapExit(false);
        });
    }

    @Test
    void aKillReceivedThroughALinkIsTrappableAndKillsWithReasonKill() throws Exception {
        Rt.inProcess(() -> {
            trapExit(true);
            Pid me = self();
            // a process that exits with reason kill by itself sends kill (not killed) along its links,
            // and that signal is an ordinary one: a trapping process gets a message
            Pid p = spawnLink(() -> Process.exit(Reason.KILL));
            assertEquals(new Exit(p, Reason.KILL), Rt.await("exit", m -> m instanceof Exit e ? e : null));
            // and a non-trapping linked process dies with reason kill
            Monitored outer = spawnMonitor(() -> {
                spawnLink(() -> Process.exit(Reason.KILL));
                sleep(10_000);
            });
            assertEquals(Reason.KILL, Rt.awaitDown(outer).reason());
            trapExit(false);
            assertNotNull(me);
        });
    }

    @Test
    void aKilledProcessPropagatesKilledAlongItsLinks() throws Exception {
        Rt.inProcess(() -> {
            trapExit(true);
            Pid me = self();
            Pid middle = spawnLink(() -> {
                send(me, "up");
                sleep(10_000);
            });
            Rt.await("up", m -> m.equals("up") ? m : null);
            Process.exit(middle, Reason.KILL);
            assertEquals(new Exit(middle, Reason.KILLED), Rt.await("exit", m -> m instanceof Exit e ? e : null));
            trapExit(false);
        });
    }

    @Test
    void aChainOfAThousandLinkedProcessesDiesTogether() throws Exception {
        Rt.inProcess(() -> {
            int n = 1000;
            Pid me = self();
            List<Ref> refs = new ArrayList<>();
            Pid head = spawn(() -> chain(n - 1, me));
            List<Pid> pids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Pid p = Rt.await("chain member", m -> m instanceof Pid x ? x : null);
                pids.add(p);
                refs.add(monitor(p));
            }
            assertEquals(head, pids.get(0));
            Process.exit(pids.get(n - 1), "end of the line");
            for (Ref r : refs) assertEquals("end of the line", Rt.awaitDown(r).reason());
            for (Pid p : pids) assertFalse(alive(p));
        });
    }

    private static void chain(int remaining, Pid report) {
        send(report, self());
        if (remaining > 0) spawnLink(() -> chain(remaining - 1, report));
        sleep(60_000);
    }

    @Test
    void unlinkStopsSignals() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Monitored parent = spawnMonitor(() -> {
                Pid child = spawnLink(() -> {
                    receive(m -> m.equals("die") ? m : null);
                    Process.exit("died after unlink");
                });
                unlink(child);
                send(child, "die");
                sleep(100);
                send(me, "parent survived");
            });
            assertEquals("parent survived", Rt.await("survival", m -> m instanceof String s ? s : null));
            assertEquals(Reason.NORMAL, Rt.awaitDown(parent).reason());
        });
    }

    @Test
    void linkingToADeadProcessIsNoprocForTheCaller() throws Exception {
        Rt.inProcess(() -> {
            Monitored dead = spawnMonitor(() -> { });
            Rt.awaitDown(dead);
            // trapping: a message
            trapExit(true);
            link(dead.pid());
            assertEquals(new Exit(dead.pid(), Reason.NOPROC), Rt.await("noproc", m -> m instanceof Exit e ? e : null));
            trapExit(false);
            // not trapping: the caller dies with noproc
            Monitored caller = spawnMonitor(() -> link(dead.pid()));
            assertEquals(Reason.NOPROC, Rt.awaitDown(caller).reason());
        });
    }

    @Test
    void exitOfSelfWithNormalEndsTheCaller() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Monitored m = spawnMonitor(() -> {
                Process.exit(self(), Reason.NORMAL);
                send(me, "should not get here");
            });
            assertEquals(Reason.NORMAL, Rt.awaitDown(m).reason());
            Rt.refuteReceived("code after exit(self(), normal)", 50, x -> x instanceof String s ? s : null);
        });
    }

    @Test
    void shutdownWithDetailPropagatesAsItIs() throws Exception {
        Rt.inProcess(() -> {
            Object reason = new Reason.Shutdown("maintenance");
            Monitored outer = spawnMonitor(() -> {
                spawnLink(() -> Process.exit(reason));
                sleep(10_000);
            });
            assertEquals(reason, Rt.awaitDown(outer).reason());
            assertTrue(Reason.isClean(reason));
        });
    }

    @Test
    void aKillReachesAProcessBusyInItsOwnCodeAtItsNextRuntimeCall() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            CountDownLatch spinning = new CountDownLatch(1);
            var stop = new java.util.concurrent.atomic.AtomicBoolean();
            var after = new java.util.concurrent.atomic.AtomicReference<Throwable>();
            Monitored m = spawnMonitor(() -> {
                spinning.countDown();
                while (!stop.get()) Thread.onSpinWait();
                try {
                    send(me, "after the kill");
                } catch (Throwable t) {
                    after.set(t);
                    throw t;
                }
            });
            spinning.await();
            Process.exit(m.pid(), Reason.KILL);
            // dead at once for everyone else, though its code is still running
            assertFalse(alive(m.pid()));
            assertEquals(Reason.KILLED, Rt.awaitDown(m).reason());
            stop.set(true);
            Rt.refuteReceived("a message from a killed process", 200, x -> x.equals("after the kill") ? x : null);
            assertInstanceOf(ProcessExit.class, after.get());
        });
    }

    @Test
    void spawnLinkOutsideAProcessSaysWhatToDo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> spawnLink(() -> { }));
        assertTrue(e.getMessage().contains("spawnLink"), e.getMessage());
    }
}
