package loombook.kernel.visual;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import loombook.Down;
import loombook.Exit;
import loombook.GroupLeader;
import loombook.HostProcess;
import loombook.Monitored;
import loombook.Node;
import loombook.Pid;
import loombook.kernel.visual.SequenceDiagram.Kind;
import loombook.otp.GenServer;
import loombook.otp.From;
import org.junit.jupiter.api.Test;

/**
 * Real traces of real processes, through {@link Visuals#trace}; each diagram is also written to
 * {@code target/visual-samples/} to look at.
 */
class TraceTest {
    static final Path SAMPLES = Path.of("target/visual-samples");

    record Inc(int by) {}
    record Get() {}

    static final class Counter extends GenServer<Integer, Integer> {
        @Override
        public Init<Integer> init(Integer start) {
            return ok(start);
        }

        @Override
        public CallResult<Integer> handleCall(Object req, From from, Integer n) {
            return req instanceof Get ? reply(n, n) : super.handleCall(req, from, n);
        }

        @Override
        public Result<Integer> handleCast(Object req, Integer n) {
            return req instanceof Inc(int by) ? noreply(n + by) : super.handleCast(req, n);
        }
    }

    static <T> T inProcess(java.util.concurrent.Callable<T> body) throws Exception {
        try (HostProcess host = HostProcess.start("notebook", GroupLeader.system())) {
            return host.call(body);
        }
    }

    static void save(String name, Visual v) throws Exception {
        Files.createDirectories(SAMPLES);
        Object svg = v.toMimeBundle().data().get("image/svg+xml");
        if (svg != null) Files.writeString(SAMPLES.resolve(name + ".svg"), svg.toString());
        Files.writeString(SAMPLES.resolve(name + ".txt"), v.text());
    }

    @Test
    void aGenServerCallCastAndReplyAreDrawnAsSuch() throws Exception {
        SequenceDiagram d = inProcess(() -> Visuals.trace(() -> {
            Pid counter = GenServer.start(new Counter(), 0, "trace-counter");
            GenServer.cast(counter, new Inc(2));
            int n = GenServer.call(counter, new Get());
            assertEquals(2, n);
            GenServer.stop(counter);
        }));
        save("genserver", d);
        Xml.parse(d.svg());
        assertEquals(2, d.participants().size(), d.text());
        assertEquals("notebook", d.participants().get(0).title());
        assertEquals("trace-counter", d.participants().get(1).title(), "a name registered and gone within the trace");
        List<Kind> kinds = d.messages().stream().map(SequenceDiagram.Message::kind).toList();
        assertTrue(kinds.contains(Kind.CAST), d.text());
        assertTrue(kinds.contains(Kind.CALL), d.text());
        assertTrue(kinds.contains(Kind.REPLY), d.text());
        assertTrue(d.messages().stream().anyMatch(m -> m.label().equals("call Get[]")), d.text());
        assertTrue(d.messages().stream().anyMatch(m -> m.label().equals("reply 2")), d.text());
        assertTrue(d.steps().stream().anyMatch(s -> s instanceof SequenceDiagram.Spawn), d.text());
        assertTrue(d.steps().stream().anyMatch(s -> s instanceof SequenceDiagram.Exit), d.text());
        assertFalse(TraceHub.active(), "the tracer is removed");
        assertNull(Node.tracer());
    }

    @Test
    void pingPongWithACrashAMonitorAndALink() throws Exception {
        SequenceDiagram d = inProcess(() -> Visuals.trace(() -> {
            Pid me = self();
            Pid ponger = spawn(() -> {
                label("ponger");
                for (int i = 0; i < 2; i++) {
                    Object m = receive();
                    send(me, "pong " + m);
                }
                throw new IllegalStateException("tired of ponging");
            });
            Down[] down = new Down[1];
            var ref = monitor(ponger);
            send(ponger, "ping 1");
            receive(m -> m instanceof String s && s.startsWith("pong") ? s : null);
            send(ponger, "ping 2");
            receive(m -> m instanceof String s && s.startsWith("pong") ? s : null);
            down[0] = receive(Down.class);
            assertEquals(ref, down[0].ref());
            trapExit(true);
            Pid linked = spawnLink(() -> exit("bye"));
            Exit exit = receive(Exit.class);
            assertEquals(linked, exit.from());
            trapExit(false);
            Monitored helper = spawnMonitor(() -> {
                spawnLink(() -> { throw new ArithmeticException("/ by zero"); });
                sleep(1000);
            });
            receive(m -> m instanceof Down dd && dd.ref().equals(helper.ref()) ? dd : null);
        }));
        save("pingpong", d);
        Xml.parse(d.svg());
        assertEquals("ponger", d.participants().get(1).title(), d.text());
        List<Kind> kinds = d.messages().stream().map(SequenceDiagram.Message::kind).toList();
        assertTrue(kinds.contains(Kind.DOWN), d.text());
        assertTrue(kinds.contains(Kind.EXIT), d.text());
        assertTrue(d.steps().stream().anyMatch(s -> s instanceof SequenceDiagram.Signal), "the helper dies of its link: " + d.text());
        assertTrue(d.steps().stream().anyMatch(s -> s instanceof SequenceDiagram.Exit x && x.abnormal()), d.text());
        assertTrue(d.messages().stream().allMatch(SequenceDiagram.Message::received), d.text());
    }

    @Test
    void aMessageLeftInTheMailboxIsToldApartFromOneFlushed() throws Exception {
        SequenceDiagram d = inProcess(() -> {
            SequenceDiagram seq = Visuals.trace(() -> {
                send(self(), "kept");
                send(self(), "thrown away");
                receive(m -> m.equals("kept") ? m : null, 0, () -> null);
                send(self(), "left");
                flush();
                send(self(), "waiting");
            });
            flush();
            return seq;
        });
        List<SequenceDiagram.Message> ms = d.messages();
        assertTrue(ms.get(0).received(), d.text());
        assertEquals(SequenceDiagram.Message.FLUSHED, ms.get(1).fate(), d.text());
        assertEquals(SequenceDiagram.Message.FLUSHED, ms.get(2).fate(), d.text());
        assertEquals(SequenceDiagram.Message.IN_MAILBOX, ms.get(3).fate(), d.text());
        Xml.parse(d.svg());
    }

    record Question(Pid from, String text) {}
    record Research(Pid from, String text) {}
    record Notes(String text) {}

    @Test
    void whatAClauseBodySendsComesAfterTheReceiveThatRanIt() throws Exception {
        SequenceDiagram d = inProcess(() -> Visuals.trace(() -> {
            Pid researcher = spawn(() -> {
                var r = (Research) receive();
                send(r.from(), new Notes("notes on " + r.text()));
            });
            Pid writer = spawn(() -> receive(m -> switch (m) {
                case Question(Pid from, String text) -> {
                    send(researcher, new Research(self(), text));
                    Notes notes = receive(Notes.class);
                    send(from, "answer from " + notes.text());
                    yield true;
                }
                default -> null;
            }));
            send(writer, new Question(self(), "why?"));
            receive();
        }));
        save("clause-body", d);
        SequenceDiagram.Message question = d.messages().stream().filter(m -> m.label().startsWith("Question")).findFirst().orElseThrow();
        SequenceDiagram.Message research = d.messages().stream().filter(m -> m.label().startsWith("Research")).findFirst().orElseThrow();
        assertTrue(question.receiveRow() < research.sendRow(), "the question is taken before the research it causes is sent: " + d.text());
    }

    @Test
    void aBlockThatThrowsGivesItsExceptionAndStopsTracing() throws Exception {
        inProcess(() -> {
            assertThrows(IllegalArgumentException.class, () -> Visuals.trace(() -> {
                send(self(), "x");
                throw new IllegalArgumentException("oops");
            }));
            flush();
            return null;
        });
        assertFalse(TraceHub.active());
    }

    @Test
    void tracesNestAndAnEarlierTracerKeepsGettingEvents() throws Exception {
        var outer = new java.util.concurrent.atomic.AtomicInteger();
        Node.tracer(e -> outer.incrementAndGet());
        try {
            SequenceDiagram d = inProcess(() -> {
                Trace t = Visuals.startTrace();
                SequenceDiagram inner = Visuals.trace(() -> send(self(), "inner"));
                send(self(), "outer");
                flush();
                assertEquals(1, inner.messages().size());
                return t.stop(0);
            });
            assertEquals(2, d.messages().size(), d.text());
            assertTrue(outer.get() >= 2);
            assertNotNull(Node.tracer(), "the earlier tracer is back");
            assertFalse(TraceHub.active());
        } finally {
            Node.tracer(null);
        }
    }

    @Test
    void tasksOfAnAsyncStreamEachGetAColumn() throws Exception {
        SequenceDiagram d = inProcess(() -> Visuals.trace(() -> {
            var squares = loombook.otp.Task.asyncStream(List.of(1, 2, 3), x -> x * x).toList();
            assertEquals(3, squares.size());
        }));
        save("tasks", d);
        Xml.parse(d.svg());
        assertEquals(4, d.participants().size(), d.text());
        assertEquals(List.of("notebook", "Task 1", "Task 2", "Task 3"), d.participants().stream().map(SequenceDiagram.Participant::title).toList());
        assertTrue(d.messages().stream().filter(m -> m.kind() == Kind.DOWN).allMatch(m -> m.received() || SequenceDiagram.Message.FLUSHED.equals(m.fate())),
                "asyncStream flushes its tasks' DOWNs: " + d.text());
        assertTrue(d.messages().stream().filter(m -> m.kind() == Kind.REPLY).count() >= 3, d.text());
    }

    @Test
    void aBusyTraceIsCutAtItsLimit() throws Exception {
        SequenceDiagram d = inProcess(() -> Visuals.trace(() -> {
            Pid echo = spawn(() -> loop(0, (n, m) -> {
                if (m instanceof Pid from) send(from, n);
                return next(n + 1);
            }));
            for (int i = 0; i < 400; i++) {
                send(echo, self());
                receive();
            }
            exit(echo, loombook.Reason.KILL);
        }));
        save("long", d);
        Xml.parse(d.svg());
        assertEquals(150, d.rows());
        assertTrue(d.omittedEvents() > 0);
        assertTrue(d.notes().get(0).startsWith("Showing the first 150 steps"), d.notes().toString());
    }
}
