package loombook;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The trace points: what a tracer is told, and in which order, for messages, spawns, exits and signals. */
class TracerTest {
    private final ConcurrentLinkedQueue<TraceEvent> events = new ConcurrentLinkedQueue<>();

    @AfterEach
    void removeTracer() {
        Node.tracer(null);
    }

    /** The events that name one of {@code pids}, in the order the tracer got them. */
    private List<TraceEvent> about(Set<Pid> pids) {
        List<TraceEvent> out = new ArrayList<>();
        for (TraceEvent e : events) {
            boolean mine = switch (e) {
                case TraceEvent.Spawned s -> pids.contains(s.parent()) || pids.contains(s.child());
                case TraceEvent.Sent s -> pids.contains(s.from()) || pids.contains(s.to());
                case TraceEvent.Received r -> pids.contains(r.by());
                case TraceEvent.ExitSignal x -> pids.contains(x.from()) || pids.contains(x.to());
                case TraceEvent.Exited x -> pids.contains(x.pid());
            };
            if (mine) out.add(e);
        }
        return out;
    }

    @Test
    void spawnSendReceiveAndExitAreTraced() throws Exception {
        Rt.inProcess(() -> {
            Node.tracer(events::add);
            Pid me = self();
            Monitored child = spawnMonitor(() -> send(me, "pong: " + receive()));
            send(child.pid(), "ping");
            Object reply = Rt.await("pong", m -> m instanceof String s && s.startsWith("pong") ? s : null);
            Rt.awaitDown(child);
            Node.tracer(null);
            List<TraceEvent> seen = about(Set.of(child.pid()));
            assertInstanceOf(TraceEvent.Spawned.class, seen.get(0));
            assertEquals(me, ((TraceEvent.Spawned) seen.get(0)).parent());
            assertTrue(seen.stream().anyMatch(e -> e instanceof TraceEvent.Sent s && s.from().equals(me) && s.message().equals("ping")));
            assertTrue(seen.stream().anyMatch(e -> e instanceof TraceEvent.Received r && r.by().equals(child.pid()) && r.message().equals("ping")));
            assertTrue(seen.stream().anyMatch(e -> e instanceof TraceEvent.Sent s && s.to().equals(me) && s.message() == reply));
            assertTrue(seen.stream().anyMatch(e -> e instanceof TraceEvent.Exited x && x.reason() == Reason.NORMAL));
        });
    }

    @Test
    void aMonitorsDownIsTracedAsSentByTheDeadProcessAfterItsExit() throws Exception {
        Rt.inProcess(() -> {
            Node.tracer(events::add);
            Pid me = self();
            Monitored m = spawnMonitor(() -> { throw new IllegalStateException("boom"); });
            Down down = Rt.awaitDown(m);
            Node.tracer(null);
            List<TraceEvent> seen = about(Set.of(m.pid()));
            int exit = indexOf(seen, e -> e instanceof TraceEvent.Exited x && x.pid().equals(m.pid()));
            int sent = indexOf(seen, e -> e instanceof TraceEvent.Sent s && s.message() == down);
            assertTrue(exit >= 0 && sent > exit, "the exit, then the DOWN: " + seen);
            TraceEvent.Sent s = (TraceEvent.Sent) seen.get(sent);
            assertEquals(m.pid(), s.from());
            assertEquals(me, s.to());
            assertTrue(about(Set.of(me)).stream().anyMatch(e -> e instanceof TraceEvent.Received r && r.message() == down));
        });
    }

    @Test
    void aTrappedExitIsTracedAsAMessageAndAnUntrappedOneAsASignal() throws Exception {
        Rt.inProcess(() -> {
            Node.tracer(events::add);
            trapExit(true);
            Pid crasher = spawnLink(() -> { throw new IllegalStateException("crash"); });
            Exit exit = receive(Exit.class);
            trapExit(false);
            assertTrue(about(Set.of(crasher)).stream().anyMatch(e -> e instanceof TraceEvent.Sent s
                    && s.message() == exit && s.from().equals(crasher) && s.to().equals(self())));
            assertTrue(about(Set.of(crasher)).stream().noneMatch(e -> e instanceof TraceEvent.ExitSignal));

            // a helper linked to a crashing child dies with it: the signal, then the helper's exit
            Pid[] child = new Pid[1];
            Monitored helper = spawnMonitor(() -> {
                child[0] = spawnLink(() -> { receive(); throw new IllegalArgumentException("bad"); });
                receive();
            });
            sleep(50);
            send(child[0], "go");
            Rt.awaitDown(helper);
            Node.tracer(null);
            List<TraceEvent> seen = about(Set.of(helper.pid()));
            int signal = indexOf(seen, e -> e instanceof TraceEvent.ExitSignal x && x.from().equals(child[0]) && x.to().equals(helper.pid())
                    && x.reason() instanceof IllegalArgumentException);
            int exited = indexOf(seen, e -> e instanceof TraceEvent.Exited x && x.pid().equals(helper.pid()));
            assertTrue(signal >= 0 && exited > signal, "the signal, then the exit: " + seen);
        });
    }

    @Test
    void exitWithKillIsTracedAsASignalFromTheCaller() throws Exception {
        Rt.inProcess(() -> {
            Node.tracer(events::add);
            Monitored m = spawnMonitor(() -> sleep(60_000));
            exit(m.pid(), Reason.KILL);
            Rt.awaitDown(m);
            Node.tracer(null);
            assertTrue(about(Set.of(m.pid())).stream().anyMatch(e -> e instanceof TraceEvent.ExitSignal x
                    && x.from().equals(self()) && x.reason() == Reason.KILL));
            assertTrue(about(Set.of(m.pid())).stream().anyMatch(e -> e instanceof TraceEvent.Exited x && x.reason() == Reason.KILLED));
        });
    }

    @Test
    void aReceiveIsTimedFromItsClauseSoItComesBeforeWhatTheClauseBodyDid() throws Exception {
        Rt.inProcess(() -> {
            Node.tracer(events::add);
            Pid me = self();
            Monitored worker = spawnMonitor(() -> {
                receive(m -> m.equals("go") ? sendAndTrue(me, "from the body") : null);
                loop(0, (n, m) -> {
                    send(me, "from the loop");
                    return stop(n);
                });
            });
            send(worker.pid(), "go");
            send(worker.pid(), "again");
            Rt.awaitDown(worker);
            Node.tracer(null);
            List<TraceEvent> seen = about(Set.of(worker.pid()));
            long received = at(seen, e -> e instanceof TraceEvent.Received r && r.message().equals("go"));
            long sent = at(seen, e -> e instanceof TraceEvent.Sent s && s.message().equals("from the body"));
            assertTrue(received < sent, "the receive of go, then what its clause sent");
            long again = at(seen, e -> e instanceof TraceEvent.Received r && r.message().equals("again"));
            long fromLoop = at(seen, e -> e instanceof TraceEvent.Sent s && s.message().equals("from the loop"));
            assertTrue(again < fromLoop, "the same for a state loop's handler");
            flush();
        });
    }

    private static boolean sendAndTrue(Pid to, Object m) {
        send(to, m);
        return true;
    }

    private static long at(List<TraceEvent> list, java.util.function.Predicate<TraceEvent> p) {
        return list.get(indexOf(list, p)).nanos();
    }

    @Test
    void aTracerThatThrowsIsRemoved() throws Exception {
        Rt.inProcess(() -> {
            Node.tracer(e -> { throw new IllegalStateException("broken tracer"); });
            send(self(), "x");
            assertNull(Node.tracer());
            assertEquals("x", receive());
        });
    }

    private static int indexOf(List<TraceEvent> list, java.util.function.Predicate<TraceEvent> p) {
        for (int i = 0; i < list.size(); i++) if (p.test(list.get(i))) return i;
        return -1;
    }
}
