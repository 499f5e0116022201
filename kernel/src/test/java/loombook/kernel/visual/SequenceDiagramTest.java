package loombook.kernel.visual;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import loombook.Down;
import loombook.Exit;
import loombook.GroupLeader;
import loombook.HostProcess;
import loombook.Node;
import loombook.Pid;
import loombook.Process;
import loombook.Reason;
import loombook.Ref;
import loombook.TraceEvent;
import loombook.Tracer;
import loombook.kernel.visual.SequenceDiagram.Kind;
import loombook.kernel.visual.SequenceDiagram.Message;
import loombook.otp.From;
import loombook.otp.GenServer;
import loombook.otp.OtpMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The sequence model: trace events in, the right columns and steps out; and its renderings. */
class SequenceDiagramTest {
    /** Pids of idle processes, to put in made-up events. */
    private static final List<Pid> PIDS = new ArrayList<>();

    static Pid pid() {
        Pid p = Process.spawn(() -> Process.sleep(60_000));
        PIDS.add(p);
        return p;
    }

    @AfterAll
    static void stop() {
        for (Pid p : PIDS) Process.exit(p, Reason.KILL);
    }

    /** A server that answers every call with the same value and takes every cast. */
    static final class Answer extends GenServer<Object, Object> {
        @Override
        public Init<Object> init(Object answer) {
            return ok(answer);
        }

        @Override
        public CallResult<Object> handleCall(Object request, From from, Object answer) {
            return reply(answer, answer);
        }

        @Override
        public Result<Object> handleCast(Object request, Object answer) {
            return noreply(answer);
        }
    }

    /**
     * Real OTP messages, as they crossed mailboxes: a call of {@code request} answered with
     * {@code answer}, its reply, and a cast of {@code request} (taken from a trace of a server).
     */
    record Otp(Object call, Object reply, Object cast) {
        static Otp of(Object request, Object answer) throws Exception {
            Queue<Object> sent = new ConcurrentLinkedQueue<>();
            Tracer before = Node.tracer();
            Node.tracer(e -> {
                if (before != null) before.event(e);
                if (e instanceof TraceEvent.Sent s) sent.add(s.message());
            });
            try (HostProcess host = HostProcess.start("test", GroupLeader.system())) {
                host.call(() -> {
                    Pid server = GenServer.start(new Answer(), answer);
                    GenServer.call(server, request);
                    GenServer.cast(server, request);
                    GenServer.stop(server);
                    return null;
                });
            } finally {
                Node.tracer(before);
            }
            return new Otp(first(sent, OtpMessage.Kind.CALL), first(sent, OtpMessage.Kind.REPLY), first(sent, OtpMessage.Kind.CAST));
        }

        private static Object first(Queue<Object> sent, OtpMessage.Kind kind) {
            return sent.stream().filter(m -> OtpMessage.kindOf(m).equals(java.util.Optional.of(kind))).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " in the trace: " + sent));
        }
    }

    /** Events with times 1, 2, 3... in the given order. */
    static final class Events {
        final List<TraceEvent> list = new ArrayList<>();
        long t = 1;

        Events spawn(Pid parent, Pid child) {
            list.add(new TraceEvent.Spawned(t++, parent, child));
            return this;
        }

        Events send(Pid from, Pid to, Object m) {
            list.add(new TraceEvent.Sent(t++, from, to, m));
            return this;
        }

        Events receive(Pid by, Object m) {
            list.add(new TraceEvent.Received(t++, by, m));
            return this;
        }

        Events exit(Pid p, Object reason) {
            list.add(new TraceEvent.Exited(t++, p, reason));
            return this;
        }

        Events signal(Pid from, Pid to, Object reason) {
            list.add(new TraceEvent.ExitSignal(t++, from, to, reason));
            return this;
        }
    }

    @Test
    void aCallAndItsReplyBetweenTheRootAndAProcessItSpawned() throws Exception {
        Pid root = pid(), server = pid();
        Otp otp = Otp.of("get", 42);
        Object call = otp.call(), reply = otp.reply();
        var e = new Events().spawn(root, server).send(root, server, call).receive(server, call)
                .send(server, root, reply).receive(root, reply).exit(server, Reason.NORMAL);
        SequenceDiagram d = SequenceDiagram.of(e.list, root, Map.of(server, "counter"));

        assertEquals(List.of(root, server), d.pids());
        assertTrue(d.participants().get(0).root());
        assertEquals("counter", d.participants().get(1).title());
        assertEquals(0, d.participants().get(1).createdRow());
        List<SequenceDiagram.Step> steps = d.steps();
        assertEquals(4, steps.size(), steps.toString());
        assertEquals(new SequenceDiagram.Spawn(0, 1, 0), steps.get(0));
        assertEquals(new Message(Kind.CALL, 0, 1, "call \"get\"", 1, 1, null, null), steps.get(1));
        assertEquals(new Message(Kind.REPLY, 1, 0, "reply 42", 2, 2, null, null), steps.get(2));
        assertEquals(new SequenceDiagram.Exit(1, "normal", false, false, 3), steps.get(3));
        assertEquals(3, d.participants().get(1).endedRow());
        assertEquals(4, d.rows());
    }

    @Test
    void aReceiveHeardOfBeforeItsSendStillComesAfterIt() {
        Pid root = pid(), other = pid();
        Object m = new Object() {
            @Override
            public String toString() {
                return "hello";
            }
        };
        var e = new Events().receive(other, m).send(root, other, m);
        SequenceDiagram d = SequenceDiagram.of(e.list, root, Map.of());
        assertEquals(List.of(new Message(Kind.SEND, 0, 1, "hello", 0, 0, null, null)), d.steps());
    }

    @Test
    void aDownTakenBeforeItsTracePointsComesAfterTheExitThatSentIt() {
        Pid root = pid(), dying = pid();
        Down down = new Down(Ref.make(), dying, Reason.NORMAL);
        // the DOWN is delivered under the dying process's lock, its trace points run after: the
        // watcher may have taken it before the tracer heard of the exit and the send
        var e = new Events().send(root, dying, "stop").receive(dying, "stop").receive(root, down).exit(dying, Reason.NORMAL).send(dying, root, down);
        SequenceDiagram d = SequenceDiagram.of(e.list, root, Map.of());
        List<SequenceDiagram.Step> steps = d.steps();
        assertInstanceOf(SequenceDiagram.Exit.class, steps.get(1), d.text());
        assertEquals(new Message(Kind.DOWN, 1, 0, "DOWN normal", 2, 2, null, null), steps.get(2), d.text());
    }

    @Test
    void aMessageThatWaitedInTheMailboxIsReceivedOnALaterRow() {
        Pid root = pid(), worker = pid();
        String low = new String("low"), high = new String("high");
        var e = new Events().send(root, worker, low).send(root, worker, high).receive(worker, high).receive(worker, low);
        SequenceDiagram d = SequenceDiagram.of(e.list, root, Map.of());
        List<Message> ms = d.messages();
        assertEquals(2, ms.size());
        assertEquals("\"low\"", ms.get(0).label());
        assertEquals(0, ms.get(0).sendRow());
        assertEquals(2, ms.get(0).receiveRow(), "low waited behind high: " + d.text());
        assertEquals(1, ms.get(1).sendRow());
        assertEquals(1, ms.get(1).receiveRow(), "high was taken at once");
    }

    @Test
    void equalMessagesArePairedOldestFirst() {
        Pid root = pid(), worker = pid();
        String same = "tick";       // one interned object sent twice
        var e = new Events().send(root, worker, same).send(root, worker, same).receive(worker, same);
        SequenceDiagram d = SequenceDiagram.of(e.list, root, Map.of());
        assertTrue(d.messages().get(0).received());
        assertFalse(d.messages().get(1).received());
        assertEquals(Message.NOT_RECEIVED, d.messages().get(1).fate());
    }

    @Test
    void onlyTheProcessesTheRootTouchesAreShown() {
        Pid root = pid(), server = pid(), stranger = pid(), other = pid(), helper = pid();
        var e = new Events()
                .send(stranger, other, "not ours")          // nobody in scope: left out
                .send(root, server, "hi")                    // server joins
                .send(server, helper, "work")                // helper joins through server
                .send(stranger, other, "still not ours")
                .send(stranger, server, "to ours");          // stranger joins: it talks to server
        SequenceDiagram d = SequenceDiagram.of(e.list, root, Map.of());
        assertEquals(List.of(root, server, helper, stranger), d.pids());
        assertEquals(3, d.messages().size());
        assertFalse(d.text().contains("not ours"));
    }

    @Test
    void withoutARootEveryProcessIsShown() {
        Pid a = pid(), b = pid();
        var e = new Events().send(a, b, "x").exit(a, Reason.NORMAL);
        SequenceDiagram d = SequenceDiagram.of(e.list, null, Map.of());
        assertEquals(List.of(a, b), d.pids());
        assertEquals(2, d.steps().size());
    }

    @Test
    void castsDownsExitsSignalsAndTimersAreToldApart() throws Exception {
        Pid root = pid(), server = pid(), linked = pid();
        Ref ref = Ref.make();
        RuntimeException boom = new IllegalStateException("boom");
        Down down = new Down(ref, server, boom);
        Exit exit = new Exit(linked, boom);
        var e = new Events()
                .send(root, server, Otp.of("inc", "ok").cast())
                .exit(server, boom)
                .send(server, root, down)
                .send(null, root, "tick")
                .send(linked, root, exit)
                .signal(root, linked, Reason.KILL)
                .exit(linked, Reason.KILLED);
        SequenceDiagram d = SequenceDiagram.of(e.list, root, Map.of());
        List<Message> ms = d.messages();
        assertEquals(Kind.CAST, ms.get(0).kind());
        assertEquals("cast \"inc\"", ms.get(0).label());
        assertEquals(Kind.DOWN, ms.get(1).kind());
        assertEquals("DOWN IllegalStateException: boom", ms.get(1).label());
        assertEquals(-1, ms.get(2).from());
        assertEquals("timer", ms.get(2).origin());
        assertEquals(Kind.EXIT, ms.get(3).kind());
        assertTrue(d.steps().stream().anyMatch(s -> s instanceof SequenceDiagram.Exit x && x.abnormal() && x.reason().equals("IllegalStateException: boom")));
        assertTrue(d.steps().stream().anyMatch(s -> s instanceof SequenceDiagram.Signal g && g.reason().equals("kill")));
        assertTrue(d.steps().stream().anyMatch(s -> s instanceof SequenceDiagram.Exit x && x.abnormal() && x.reason().equals("killed")));
    }

    @Test
    void aMessageSentBeforeTheTraceIsDrawnWhereItIsReceived() {
        Pid root = pid();
        var e = new Events().receive(root, "old");
        SequenceDiagram d = SequenceDiagram.of(e.list, root, Map.of());
        Message m = d.messages().get(0);
        assertEquals(-1, m.from());
        assertEquals("before the trace", m.origin());
        assertTrue(m.received());
    }

    @Test
    void hugeTracesAreCutAndSaySo() {
        Pid root = pid(), sink = pid();
        var e = new Events();
        for (int i = 0; i < 1000; i++) e.send(root, sink, i);
        SequenceDiagram d = SequenceDiagram.of(e.list, root, Map.of(), 50, 14);
        assertEquals(50, d.rows());
        assertEquals(950, d.omittedEvents());
        assertTrue(d.notes().get(0).contains("950 more events"), d.notes().toString());
        assertTrue(d.svg().contains("950 more events"));

        Pid[] many = new Pid[20];
        var f = new Events();
        for (int i = 0; i < many.length; i++) f.send(root, many[i] = pid(), "hi");
        SequenceDiagram g = SequenceDiagram.of(f.list, root, Map.of(), 300, 5);
        assertEquals(5, g.participants().size());
        assertEquals(16, g.omittedProcesses());
    }

    @Test
    void columnsWithTheSameNameAreNumbered() {
        Pid root = pid(), a = pid(), b = pid();
        SequenceDiagram d = SequenceDiagram.of(new Events().send(root, a, "x").send(root, b, "y").list, root, Map.of(a, "Task", b, "Task"));
        assertEquals(List.of(SequenceDiagram.shortPid(root), "Task 1", "Task 2"), d.participants().stream().map(SequenceDiagram.Participant::title).toList());
    }

    @Test
    void labelsNameColumns() {
        Pid root = pid(), other = pid();
        SequenceDiagram d = SequenceDiagram.of(new Events().send(root, other, "x").list, root, Map.of());
        assertEquals(SequenceDiagram.shortPid(other), d.participants().get(1).title());
        d.label(other, "worker");
        assertEquals("worker", d.participants().get(1).title());
        assertTrue(d.svg().contains(">worker<"));
    }

    // ------------------------------------------------------------------ renderings

    @Test
    void theSvgIsWellFormedAndHasTheColumnsAndArrows() throws Exception {
        Pid root = pid(), server = pid();
        Otp otp = Otp.of("<script>alert('x')</script> & \"quotes\"", "ok");
        Object call = otp.call(), reply = otp.reply();
        var e = new Events().spawn(root, server).send(root, server, call).receive(server, call)
                .send(server, root, reply).receive(root, reply).send(root, server, "never taken").exit(server, new RuntimeException("bad <b>"));
        SequenceDiagram d = SequenceDiagram.of(e.list, root, Map.of(root, "notebook", server, "ser<ver>"));
        String svg = d.svg();
        Document doc = Xml.parse(svg);
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertEquals("http://www.w3.org/2000/svg", doc.getDocumentElement().getNamespaceURI());
        List<String> texts = Xml.texts(doc);
        assertTrue(texts.contains("notebook"), texts.toString());
        assertTrue(texts.contains("ser<ver>"), texts.toString());
        assertTrue(texts.contains("spawn"));
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("call \"<script>")), texts.toString());
        assertTrue(texts.contains("reply \"ok\""));
        assertTrue(texts.contains("\"never taken\""));
        assertTrue(texts.contains("crashed: RuntimeException: bad <b>"), texts.toString());
        assertFalse(svg.contains("<script"), "user text is escaped");
        assertFalse(svg.contains("<style"), "no style sheet that would leak into the page");
        assertFalse(svg.contains(" id="), "no ids that would clash between diagrams");
        assertTrue(Xml.count(doc, "line") >= 4, "lifelines and arrows");
        assertTrue(svg.contains("stroke-dasharray=\"6 4\""), "the reply is dashed");
    }

    @Test
    void anEmptyTraceStillRenders() throws Exception {
        SequenceDiagram d = SequenceDiagram.of(List.of(), null, Map.of());
        Xml.parse(d.svg());
        assertTrue(d.text().startsWith("Message sequence: 0 processes"));
        assertTrue(d.mermaid().startsWith("sequenceDiagram"));
    }

    @Test
    void mermaidAndTextTellTheSameStory() throws Exception {
        Pid root = pid(), server = pid();
        Otp otp = Otp.of("get", 1);
        Object call = otp.call(), reply = otp.reply();
        var e = new Events().spawn(root, server).send(root, server, call).receive(server, call)
                .send(server, root, reply).receive(root, reply).send(root, server, "a;b#c<d>").exit(server, Reason.NORMAL);
        SequenceDiagram d = SequenceDiagram.of(e.list, root, Map.of(root, "notebook"));
        String mm = d.mermaid();
        assertTrue(mm.contains("participant P0 as notebook"), mm);
        assertTrue(mm.contains("create participant P1 as #60;0."), mm);
        assertTrue(mm.contains("P0-->>P1: spawn"), mm);
        assertTrue(mm.contains("P0->>P1: call \"get\""), mm);
        assertTrue(mm.contains("P1-->>P0: reply 1"), mm);
        assertTrue(mm.contains("P0-)P1: \"a#59;b#35;c#60;d#62;\" (not received)"), mm);
        assertEquals(List.of("notebook", SequenceDiagram.shortPid(server)), d.participants().stream().map(SequenceDiagram.Participant::title).toList());
        assertTrue(mm.contains("Note over P1: exit: normal"), mm);
        String text = d.text();
        assertTrue(text.matches("(?s).*notebook +spawns.*"), text); // columns are padded to the longest name
        assertTrue(text.contains("==>"), text);
        assertTrue(text.contains("call \"get\""), text);
        assertTrue(text.contains("(not received)"), text);
        var bundle = d.toMimeBundle();
        assertEquals(text, bundle.plainText());
        assertTrue(bundle.data().containsKey("image/svg+xml"));
        assertTrue(bundle.data().containsKey("text/vnd.mermaid"));
    }
}
