package loombook;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OTP's promises with 1, 2 and 4 schedulers (docs/decisions/0006-schedulers.md): order per sender
 * and receiver, nothing lost or duplicated, links, monitors, kills of a process that computes on
 * another scheduler, timers; and the schedulers' own behaviour: computing processes spread over
 * them, a chatty pair ends up on one, {@link Node#schedulers(int)} moves processes off the
 * schedulers it takes offline.
 */
@Isolated
@ExtendWith(KeepsSchedulers.class)
class SchedulersTest {
    record Msg(Pid from, int seq) {}
    record Ran(Pid who, Set<Integer> schedulers) {}

    /** Spins as woven code does, counting reductions; notes each scheduler it ran on into {@code seen}. */
    static void spin(Set<Integer> seen) {
        long counter = 0;
        while (true) {
            if ((++counter & (Reductions.CHECK_INTERVAL - 1)) == 0) {
                Reductions.consume(Reductions.CHECK_INTERVAL);
                if (seen != null) seen.add(Node.schedulerId());
            }
        }
    }

    @ParameterizedTest(name = "{0} schedulers")
    @ValueSource(ints = {1, 2, 4})
    void everyPairKeepsItsOrderAndNothingIsLostOrDuplicated(int n) throws Exception {
        Node.schedulers(n);
        Rt.inProcess(() -> {
            int senders = 12, each = 3000;
            Pid me = self();
            List<Pid> receivers = new ArrayList<>();
            // every sender sends to every receiver: order must hold per pair, across schedulers
            for (int r = 0; r < 4; r++) {
                receivers.add(spawn(() -> {
                    java.util.Map<Pid, Integer> next = new java.util.HashMap<>();
                    for (int k = 0; k < senders * each; k++) {
                        Msg m = receive(Msg.class);
                        int expected = next.getOrDefault(m.from(), 0);
                        if (m.seq() != expected) {
                            send(me, "out of order from " + m.from() + ": " + m.seq() + " after " + (expected - 1));
                            return;
                        }
                        next.put(m.from(), expected + 1);
                    }
                    Object extra = receive(x -> x, 50, () -> null);
                    send(me, extra == null ? "ok" : "a message too many: " + extra);
                }));
            }
            for (int s = 0; s < senders; s++) {
                spawn(() -> {
                    for (int i = 0; i < each; i++) {
                        for (Pid r : receivers) send(r, new Msg(self(), i));
                    }
                });
            }
            for (int r = 0; r < receivers.size(); r++) {
                assertEquals("ok", Rt.await("a receiver's verdict", m -> m instanceof String s ? s : null));
            }
        });
    }

    @ParameterizedTest(name = "{0} schedulers")
    @ValueSource(ints = {1, 2, 4})
    void linksAndMonitorsFireOnceAcrossSchedulers(int n) throws Exception {
        Node.schedulers(n);
        // the chain must span the schedulers for the test to mean anything; on a busy machine a carrier
        // can be late to wake while an awake one takes its whole queue (as it should), so a chain that
        // ran on fewer is run again, up to three times; the links and monitors are checked every time
        Set<Integer> on = new HashSet<>();
        for (int attempt = 0; attempt < 3 && on.size() < Math.min(n, 200); attempt++) {
            on = chainOfLinks();
        }
        assertEquals(Math.min(n, 200), on.size(), "the chain's processes ran on schedulers " + on + " (3 chains)");
    }

    /** A chain of 200 linked processes (each monitored) that a crash at its end kills; returns the schedulers they ran on. */
    private static Set<Integer> chainOfLinks() throws Exception {
        Set<Integer> on = new HashSet<>();
        Rt.inProcess(() -> {
            trapExit(true);
            Pid me = self();
            // 200 processes spawned from the test's thread (they start on the schedulers in turn),
            // each linked to the next: a crash at the end of the chain kills them all
            List<Pid> chain = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                chain.add(spawn(() -> {
                    if (receive(m -> m) instanceof Pid next) link(next);
                    send(me, Node.schedulerId());
                    receive(m -> m.equals("crash") ? m : null);
                    throw new IllegalStateException("the end of the chain crashed");
                }));
            }
            for (int i = 0; i < chain.size(); i++) send(chain.get(i), i + 1 < chain.size() ? chain.get(i + 1) : "last");
            for (int i = 0; i < chain.size(); i++) on.add(Rt.await("a link made", m -> m instanceof Integer k ? k : null));
            link(chain.getFirst());
            List<Ref> refs = new ArrayList<>();
            for (Pid p : chain) refs.add(monitor(p));
            send(chain.getLast(), "crash");
            Exit exit = Rt.await("the chain's EXIT", m -> m instanceof Exit e && e.from().equals(chain.getFirst()) ? e : null);
            assertInstanceOf(IllegalStateException.class, exit.reason());
            for (Ref r : refs) assertInstanceOf(IllegalStateException.class, Rt.awaitDown(r).reason());
            Rt.refuteReceived("a second DOWN or EXIT", 100, m -> m instanceof Down || m instanceof Exit ? m : null);
        });
        return on;
    }

    @ParameterizedTest(name = "{0} schedulers")
    @ValueSource(ints = {1, 2, 4})
    void aProcessComputingOnAnotherSchedulerDiesWhenKilled(int n) throws Exception {
        Node.schedulers(n);
        Rt.inProcess(() -> {
            List<Pid> spinners = new ArrayList<>();
            for (int i = 0; i < 2 * n; i++) spinners.add(spawn(() -> spin(null)));
            // the killer is a process too, on whichever scheduler it lands: most spinners are elsewhere
            Pid me = self();
            spawn(() -> {
                List<Long> ms = new ArrayList<>();
                for (Pid s : spinners) {
                    Ref ref = monitor(s);
                    long t0 = System.nanoTime();
                    Process.exit(s, Reason.KILL);
                    Down d = receive(m -> m instanceof Down down && down.ref().equals(ref) ? down : null);
                    ms.add((System.nanoTime() - t0) / 1_000_000);
                    if (d.reason() != Reason.KILLED) send(me, "wrong reason " + d.reason());
                }
                send(me, ms);
            });
            List<?> ms = Rt.await("the kills", m -> m instanceof List<?> l ? l : m instanceof String s ? List.of(s) : null);
            System.out.println("# " + n + " schedulers: kill -> DOWN of " + spinners.size() + " spinners: " + ms + " ms");
            for (Object t : ms) assertTrue(t instanceof Long l && l < 1000, "kill -> DOWN " + ms);
            for (Pid s : spinners) assertFalse(alive(s));
        });
    }

    @ParameterizedTest(name = "{0} schedulers")
    @ValueSource(ints = {1, 2, 4})
    void timersFireOnTimeOnEveryScheduler(int n) throws Exception {
        Node.schedulers(n);
        Rt.inProcess(() -> {
            Pid me = self();
            int k = 40;
            for (int i = 0; i < k; i++) {
                int id = i;
                spawn(() -> {
                    long t0 = System.nanoTime();
                    Object got = receive(m -> null, 30, () -> "timeout");
                    long waited = (System.nanoTime() - t0) / 1_000_000;
                    TimerRef t = sendAfter(self(), "tick", 20);
                    TimerRef never = sendAfter(self(), "never", 10_000);
                    String tick = receive(m -> m.equals("tick") ? (String) m : null);
                    boolean cancelled = cancelTimer(never).isPresent();
                    sleep(5);
                    send(me, new Object[] {id, got, waited, tick, cancelled, readTimer(t).isEmpty(), Node.schedulerId()});
                });
            }
            Set<Integer> on = new HashSet<>();
            for (int i = 0; i < k; i++) {
                Object[] r = Rt.await("a timer report", m -> m instanceof Object[] a ? a : null);
                assertEquals("timeout", r[1]);
                assertTrue((Long) r[2] >= 30 && (Long) r[2] < 1000, "a 30 ms receive timeout took " + r[2] + " ms");
                assertEquals("tick", r[3]);
                assertEquals(true, r[4], "a pending timer cancels");
                assertEquals(true, r[5], "a fired timer reads as empty");
                on.add((Integer) r[6]);
            }
            assertEquals(0, Timers.pending(), "no sendAfter timer left");
            for (int s : on) assertTrue(s >= 1 && s <= n, "scheduler " + s + " of " + n);
        });
    }

    @ParameterizedTest(name = "{0} schedulers")
    @ValueSource(ints = {1, 2, 4})
    void manyPairsTalkingAtOnceAllFinish(int n) throws Exception {
        // no wake-up lost between schedulers: a lost one leaves a pair (or a whole scheduler) asleep for ever
        Node.schedulers(n);
        Rt.inProcess(() -> {
            Pid me = self();
            int pairs = 200, trips = 2000;
            for (int i = 0; i < pairs; i++) {
                spawn(() -> {
                    Pid pong = spawn(() -> loop(0, (k, m) -> {
                        if (m instanceof Pid from) {
                            send(from, k);
                            return next(k + 1);
                        }
                        return stop(k);
                    }));
                    int last = -1;
                    for (int k = 0; k < trips; k++) {
                        send(pong, self());
                        last = receive(Integer.class);
                    }
                    send(pong, "stop");
                    send(me, last);
                });
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < pairs; i++) {
                Object last = Process.receive(m -> m instanceof Integer k ? k : null, 30_000, () -> "none");
                assertEquals(trips - 1, last, (i) + " of " + pairs + " pairs finished their " + trips + " round trips within 30 s");
            }
            System.out.printf("# %d schedulers: %d pairs x %d round trips in %.0f ms%n", n, pairs, trips, (System.nanoTime() - t0) / 1e6);
        });
    }

    @ParameterizedTest(name = "{0} schedulers")
    @ValueSource(ints = {1, 2, 4})
    void manyShortSleepsAndTimeoutsAllEnd(int n) throws Exception {
        // a timer that fires between its start and the park that waits for it must still wake the process
        // (a version armed the timer before saying WAITING: under load one process in a few hundred hung)
        Node.schedulers(n);
        Rt.inProcess(() -> {
            List<Monitored> ms = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ms.add(spawnMonitor(() -> {
                    for (int k = 0; k < 30; k++) {
                        sleep(1);
                        receive(m -> null, 1, () -> null);
                    }
                }));
            }
            for (Monitored m : ms) {
                Down d = Process.receive(x -> x instanceof Down down && down.ref().equals(m.ref()) ? down : null, 30_000, () -> null);
                assertNotNull(d, "a process doing 30 sleeps and 30 timeouts of 1 ms has not ended after 30 s: " + info(m.pid()));
                assertEquals(Reason.NORMAL, d.reason());
            }
        });
    }

    @ParameterizedTest(name = "{0} schedulers")
    @ValueSource(ints = {1, 2, 4})
    void computingProcessesSpreadOverTheSchedulers(int n) throws Exception {
        Node.schedulers(n);
        Rt.inProcess(() -> {
            Set<Integer> seen = ConcurrentHashMap.newKeySet();
            long stolen0 = stolen();
            // spawned by one process, so all start on its scheduler; the idle ones take work from it
            Pid parent = spawn(() -> {
                for (int i = 0; i < 2 * n; i++) spawn(() -> spin(seen));
                receive(m -> m.equals("stop") ? m : null);
            });
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (seen.size() < n && System.nanoTime() < deadline) sleep(10);
            List<Integer> busy = new ArrayList<>();
            for (SchedulerInfo s : schedulers(200)) if (s.online() && s.utilization() > 0.5) busy.add(s.id());
            long stolen = stolen() - stolen0;
            for (Pid p : processes()) {
                ProcessInfo i = info(p);
                if (i != null && parent.equals(i.parent())) {
                    assertTrue(i.scheduler() >= 1 && i.scheduler() <= n, "info says scheduler " + i.scheduler());
                    Process.exit(p, Reason.KILL);
                }
            }
            send(parent, "stop");
            System.out.println("# " + n + " schedulers: spinners ran on " + seen + ", busy " + busy + ", " + stolen + " processes stolen");
            assertEquals(n, seen.size(), "2n spinners ran on schedulers " + seen);
            assertEquals(n, busy.size(), "schedulers busy: " + busy);
            if (n > 1) assertTrue(stolen > 0, "idle schedulers took work from the busy one");
        });
    }

    private static long stolen() {
        long s = 0;
        for (SchedulerInfo i : schedulers(0)) s += i.stolen();
        return s;
    }

    @ParameterizedTest(name = "{0} schedulers")
    @ValueSource(ints = {2, 4})
    void aChattyPairEndsUpOnOneScheduler(int n) throws Exception {
        Node.schedulers(n);
        Rt.inProcess(() -> {
            Pid me = self();
            Pid pong = spawn(() -> loop(0, (k, m) -> {
                if (m instanceof Pid from) {
                    send(from, Node.schedulerId());
                    return next(k + 1);
                }
                return stop(k);
            }));
            spawn(() -> {
                int theirs = 0;
                for (int i = 0; i < 20_000; i++) {
                    send(pong, self());
                    theirs = receive(Integer.class);
                }
                send(me, new int[] {Node.schedulerId(), theirs});
            });
            int[] both = Rt.await("the pair's schedulers", m -> m instanceof int[] a ? a : null);
            send(pong, "stop");
            assertEquals(both[0], both[1], "after 20,000 round trips the pair runs on schedulers " + both[0] + " and " + both[1]);
        });
    }

    @Test
    void fewerSchedulersMoveTheirProcessesToTheOthers() throws Exception {
        Node.schedulers(4);
        Rt.inProcess(() -> {
            List<Set<Integer>> seen = new ArrayList<>();
            List<Pid> spinners = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Set<Integer> s = ConcurrentHashMap.newKeySet();
                seen.add(s);
                spinners.add(spawn(() -> spin(s)));
            }
            sleep(100);
            Node.schedulers(1);
            // each spinner moves at its next yield; on a busy machine a carrier may wait a while for its CPU
            long deadline = System.nanoTime() + 5_000_000_000L;
            boolean allOnOne;
            do {
                for (Set<Integer> s : seen) s.clear();
                sleep(50);
                allOnOne = seen.stream().allMatch(s -> s.equals(Set.of(1)));
            } while (!allOnOne && System.nanoTime() < deadline);
            for (Pid p : spinners) Process.exit(p, Reason.KILL);
            assertTrue(allOnOne, "5 s after Node.schedulers(1) the spinners still ran on " + seen);
            assertEquals(1, Node.schedulers());
            Pid p = spawn(() -> receive(m -> m));
            assertEquals(1, info(p).scheduler());
            send(p, "bye");
        });
    }

    /** A carrier's JVM slots and the next one's are kept apart by parked spacer threads (see {@link CarrierSpacers}). */
    @Test
    void everyCarrierStartsWithSpacersBeforeItAndAfterTheLast() throws Exception {
        Node.schedulers(2);
        Rt.inProcess(() -> spawn(() -> { }));       // the first spawn starts the carriers
        int carriers = Schedulers.all().length;
        int before = spacers().size();
        assertTrue(before >= CarrierSpacers.PER_GAP * (carriers + 1),
                before + " spacers for " + carriers + " carriers: one gap before each and one after the last");
        Node.schedulers(carriers + 1);              // one more carrier: a gap before it and one after
        List<Thread> now = spacers();
        assertEquals(before + 2 * CarrierSpacers.PER_GAP, now.size(), "after one more carrier: " + now);
        for (Thread t : now) {
            assertTrue(t.isDaemon(), t + " would keep the JVM from exiting");
            Rt.eventually(t + " parks", () -> t.getState() == Thread.State.WAITING);
        }
    }

    private static List<Thread> spacers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(CarrierSpacers.NAME)).toList();
    }

    @Test
    void theSettingRefusesNonsenseAndAThreadThatIsNoProcessRunsOnNone() {
        assertThrows(IllegalArgumentException.class, () -> Node.schedulers(0));
        assertThrows(IllegalArgumentException.class, () -> Node.schedulers(1025));
        assertEquals(0, Node.schedulerId());
        assertTrue(Node.schedulerDescription().contains("scheduler"), Node.schedulerDescription());
    }

    @ParameterizedTest(name = "{0} schedulers")
    @ValueSource(ints = {1, 2})
    void aSchedulerIsBusyWhileItRunsAProcessAndNotWhenIdle(int n) throws Exception {
        Node.schedulers(n);
        Pid spinner = spawn(() -> spin(null));
        try {
            Rt.eventually("the spinner's scheduler seen busy", () -> {
                for (int id = 1; id <= n; id++) if (Node.schedulerBusy(id)) return true;
                return false;
            });
        } finally {
            exit(spinner, Reason.KILL);
        }
        Rt.eventually("every scheduler idle again", () -> {
            for (int id = 1; id <= n; id++) if (Node.schedulerBusy(id)) return false;
            return true;
        });
        assertFalse(Node.schedulerBusy(0), "0 is no scheduler");
        assertFalse(Node.schedulerBusy(Schedulers.MAX + 1), "nor is one past the last");
    }
}
