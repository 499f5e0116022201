package loombook.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The visual tools as a cell uses them: imported by default, rendered as SVG, HTML and text, updated in place. */
class VisualCellsTest {
    static Notebook nb;
    static final AtomicInteger count = new AtomicInteger(500);

    @BeforeAll
    static void start(@TempDir Path tmp) {
        PrintStream log = System.err;
        nb = Notebook.builder().workingDirectory(tmp).log(log, log).warmUp(false).build();
        nb.awaitReady();
    }

    @AfterAll
    static void stop() {
        nb.close();
    }

    record Ran(CellReport report, Capture out) {
        Object data(String mime) {
            return report.result() == null ? null : report.result().get(mime);
        }

        String traceback() {
            return report.error() == null ? "" : String.join("\n", report.error().traceback()).replaceAll("\u001b\\[[0-9;]*m", "");
        }
    }

    static Ran run(String code) {
        Capture c = new Capture();
        Ran r = new Ran(nb.run(code, count.incrementAndGet(), c), c);
        assertTrue(r.report().ok(), code + "\n" + r.traceback() + r.out().stderr());
        return r;
    }

    @Test
    void traceOfABlockShowsAsSvgWithMermaidAndText() {
        run("record Ping(Pid from) {}");
        run("Pid ponger = spawn(() -> { var ping = (Ping) receive(); send(ping.from(), \"pong\"); });");
        Ran r = run("""
                trace(() -> {
                    send(ponger, new Ping(self()));
                    receive();
                })""");
        String svg = String.valueOf(r.data("image/svg+xml"));
        assertTrue(svg.startsWith("<svg"), svg);
        assertTrue(svg.contains(">notebook<"), "the notebook's process is named by its label");
        assertTrue(svg.contains("Ping[from=#PID&lt;0."), svg);
        assertTrue(svg.contains("&quot;pong&quot;"), svg);
        assertTrue(String.valueOf(r.data("text/vnd.mermaid")).startsWith("sequenceDiagram"));
        assertTrue(String.valueOf(r.data("text/plain")).contains("Message sequence: 2 processes, 2 messages"), String.valueOf(r.data("text/plain")));
    }

    @Test
    void theTraceCellMagicShowsTheDiagramAndKeepsTheCellsValue() {
        Ran r = run("""
                %%trace
                Pid echo = spawn(() -> System.out.println("echo got " + receive()));
                send(echo, "hi");
                sleep(50);
                42""");
        List<Capture.Event> displays = r.out().events().stream().filter(e -> e.kind().equals("display")).toList();
        assertEquals(1, displays.size(), r.out().events().toString());
        String svg = String.valueOf(displays.get(0).data().get("image/svg+xml"));
        assertTrue(svg.contains("spawn") && svg.contains("&quot;hi&quot;"), svg);
        assertEquals("42", r.data("text/plain"));
        assertTrue(r.out().stdout().contains("echo got hi"));
    }

    @Test
    void theVisualClassesAreImported() {
        Ran r = run("SequenceDiagram.class.getName() + \" \" + Trace.class.getName() + \" \" + Visuals.class.getName()");
        assertEquals("\"loombook.kernel.visual.SequenceDiagram loombook.kernel.visual.Trace loombook.kernel.visual.Visuals\"", r.data("text/plain"));
        assertNotNull(r);
        assertFalse(String.valueOf(r.data("text/plain")).contains("error"));
    }

    /** The displays with this id, in order: the first one shown, then its updates. */
    static List<Capture.Event> byId(Capture c, String id) {
        return c.events().stream().filter(e -> id.equals(e.displayId())).toList();
    }

    static String firstDisplayId(Capture c) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            for (Capture.Event e : c.events()) if (e.kind().equals("display")) return e.displayId();
            Thread.sleep(20);
        }
        throw new AssertionError("no display: " + c.events());
    }

    static void awaitEvent(Capture c, java.util.function.Predicate<Capture.Event> p, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            for (Capture.Event e : c.events()) if (p.test(e)) return;
            Thread.sleep(20);
        }
        throw new AssertionError("no such event within " + millis + " ms: " + c.events());
    }

    @Test
    void aLiveTableRefreshesInPlaceAfterItsCellAndStopsCleanly() throws Exception {
        Ran r = run("var live = liveProcesses(100, 60_000);");
        String id = firstDisplayId(r.out());
        String html = String.valueOf(byId(r.out(), id).get(0).data().get("text/html"));
        assertTrue(html.contains("<table") && html.contains("notebook") && html.contains("live: every 100 ms"), html);
        assertFalse(html.contains("<script"), html);
        run("Pid sleeper = spawn(() -> receive()); register(\"visible-sleeper\", sleeper);");
        awaitEvent(r.out(), e -> e.kind().equals("update") && id.equals(e.displayId())
                && String.valueOf(e.data().get("text/html")).contains("visible-sleeper"), 5000);
        run("Agent<Integer> tally = Agent.start(() -> 41); Agent.update(tally, n -> n + 1);");
        run("live.state(tally.pid()).sortBy(\"mailbox\");");
        awaitEvent(r.out(), e -> id.equals(e.displayId()) && String.valueOf(e.data().get("text/html")).contains("state: 42"), 5000);
        run("live.stop();");
        List<Capture.Event> updates = byId(r.out(), id);
        Capture.Event last = updates.get(updates.size() - 1);
        assertEquals("update", last.kind());
        assertTrue(String.valueOf(last.data().get("text/html")).contains("(stopped)"), String.valueOf(last.data().get("text/html")));
        assertTrue(String.valueOf(last.data().get("text/plain")).contains("visible-sleeper"));
        int n = byId(r.out(), id).size();
        Thread.sleep(400);
        assertEquals(n, byId(r.out(), id).size(), "no update after stop");
        run("send(sleeper, \"bye\");");
    }

    @Test
    void theLiveSchedulerChartShowsEveryCoreAtWorkAndStopsCleanly() throws Exception {
        Ran r = run("var load = liveSchedulers(100, 60_000);");
        String id = firstDisplayId(r.out());
        String first = String.valueOf(byId(r.out(), id).get(0).data().get("image/svg+xml"));
        assertTrue(first.startsWith("<svg") && first.contains("scheduler 1"), first);
        int n = Integer.parseInt(String.valueOf(run("Node.schedulers()").data("text/plain")));
        run("for (int i = 0; i < 2 * Node.schedulers(); i++) spawn(() -> { long s = 0; for (long k = 0; k < 2_000_000_000L; k++) s += k; });");
        // every scheduler at work: each text line of the chart shows it at least 90% busy
        awaitEvent(r.out(), e -> id.equals(e.displayId()) && busyLines(String.valueOf(e.data().get("text/plain"))) == n, 10_000);
        run("%restart_runtime");
        run("load.stop();");
        List<Capture.Event> updates = byId(r.out(), id);
        Capture.Event last = updates.get(updates.size() - 1);
        assertTrue(String.valueOf(last.data().get("text/plain")).contains("(stopped; busy over the"), String.valueOf(last.data().get("text/plain")));
        int count = updates.size();
        Thread.sleep(300);
        assertEquals(count, byId(r.out(), id).size(), "no update after stop");
    }

    /** How many lines of a scheduler chart's text show a scheduler at least 90% busy. */
    private static int busyLines(String text) {
        int busy = 0;
        for (String line : text.split("\n")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*\\d+ \\[[#-]+\\]\\s+(\\d+)%").matcher(line);
            if (m.find() && Integer.parseInt(m.group(1)) >= 90) busy++;
        }
        return busy;
    }

    @Test
    void aHandleUpdatedFromALaterCellOrProcessUpdatesTheCellThatShowedIt() throws Exception {
        Ran a = run("var shown = display(\"first\");");
        String id = firstDisplayId(a.out());
        Ran b = run("shown.update(\"second\");\nupdateDisplay(shown.id(), \"third\");");
        Ran c = run("spawn(() -> shown.update(\"fourth\"));");
        awaitEvent(a.out(), e -> e.kind().equals("update") && "\"fourth\"".equals(e.text()), 5000);
        assertEquals(List.of("\"first\"", "\"second\"", "\"third\"", "\"fourth\""), byId(a.out(), id).stream().map(Capture.Event::text).toList());
        assertTrue(b.out().events().isEmpty(), "the updating cell shows nothing itself: " + b.out().events());
        assertTrue(c.out().events().isEmpty(), "the updating process's cell shows nothing itself: " + c.out().events());
        Ran d = run("display(\"again\", shown.id());");
        run("shown.update(\"fifth\");");
        assertEquals("\"fifth\"", byId(d.out(), id).get(1).text(), "an id shown again: updates go with the latest cell that showed it");
    }

    @Test
    void updatingAnIdThatNoCellShowedSaysSo() {
        Capture c = new Capture();
        CellReport r = nb.run("updateDisplay(\"no-such-output\", 1)", count.incrementAndGet(), c);
        assertFalse(r.ok());
        String tb = String.join("\n", r.error().traceback());
        assertTrue(tb.contains("no output with display id 'no-such-output' was shown by this kernel"), tb);
    }

    @Test
    void aLiveTableWhoseFilterThrowsEndsWithALastPictureSayingWhy() throws Exception {
        Ran r = run("var picky = liveProcesses(100, 60_000);");
        String id = firstDisplayId(r.out());
        run("picky.only(i -> { throw new IllegalStateException(\"bad filter\"); });");
        awaitEvent(r.out(), e -> id.equals(e.displayId()) && e.text().contains("stopped: the filter given to only(...) threw"), 5000);
        Capture.Event last = byId(r.out(), id).getLast();
        assertTrue(last.text().contains("IllegalStateException: bad filter") && last.text().contains("notebook"), last.text());
        assertTrue(String.valueOf(last.data().get("text/html")).contains("<table"), "the last picture is a whole table");
        Ran s = run("picky.running()");
        assertEquals("false", s.data("text/plain"));
    }

    @Test
    void theProcessesMagicHasALiveMode() throws Exception {
        Ran r = run("%processes --live 1");
        String id = firstDisplayId(r.out());
        awaitEvent(r.out(), e -> e.kind().equals("update") && id.equals(e.displayId())
                && String.valueOf(e.data().get("text/html")).contains("stopped after its time"), 5000);
    }

    @Test
    void aLiveSupervisionTreeShowsAKilledChildComingBackWithANewPid() throws Exception {
        run("""
                Pid sup = Supervisor.start(List.of(
                        ChildSpec.worker("alpha", () -> spawnLink(() -> receive())),
                        ChildSpec.worker("beta", () -> spawnLink(() -> receive()))),
                    Supervisor.ONE_FOR_ONE);""");
        Ran t = run("supervisionTree(sup)");
        assertTrue(String.valueOf(t.data("image/svg+xml")).contains(">alpha<"));
        Ran r = run("var tree = liveSupervisionTree(sup, 100, 60_000);");
        String id = firstDisplayId(r.out());
        run("Pid old = Supervisor.whichChildren(sup).get(0).pid(); exit(old, Reason.KILL);");
        awaitEvent(r.out(), e -> id.equals(e.displayId()) && String.valueOf(e.data().get("text/plain")).contains("restarted 1 time"), 5000);
        Capture.Event ev = byId(r.out(), id).stream().filter(e -> String.valueOf(e.data().get("text/plain")).contains("restarted 1 time")).findFirst().orElseThrow();
        String svg = String.valueOf(ev.data().get("image/svg+xml"));
        assertTrue(svg.contains("#dafbe1"), "the restarted child is marked");
        assertTrue(svg.contains("alpha restarted: &lt;0."), svg);
        run("tree.stop(); Supervisor.stop(sup);");
    }

    @Test
    void aProgressBarUpdatesInPlaceAndFinishes() throws Exception {
        Ran r = run("""
                var items = new ArrayList<Integer>();
                for (int i = 0; i < 50; i++) items.add(i);
                var bar = progress("squares", items.size());
                var squares = Task.asyncStream(items, x -> { sleep(5); bar.step(); return x * x; }).toList();
                squares.size()""");
        assertEquals("50", r.data("text/plain"));
        String id = firstDisplayId(r.out());
        List<Capture.Event> ev = byId(r.out(), id);
        Capture.Event last = ev.get(ev.size() - 1);
        assertTrue(String.valueOf(last.data().get("text/plain")).contains("50 / 50 · 100%"), String.valueOf(last.data().get("text/plain")));
        assertTrue(String.valueOf(last.data().get("text/html")).contains("role=\"progressbar\""));
        assertTrue(ev.size() >= 2, "shown, then updated: " + ev.size());
        Ran s = run("progress(Task.asyncStream(items, x -> x + 1), items.size()).count()");
        assertEquals("50", s.data("text/plain"));
    }

    @Test
    void theSaveQueueOfOneReceive() {
        run("for (String m : List.of(\"A\", \"B\", \"C\", \"D\")) send(self(), m);");
        Ran r = run("saveQueue(m -> m.equals(\"C\") ? \"handled C\" : null)");
        assertTrue(String.valueOf(r.data("image/svg+xml")).startsWith("<svg"));
        assertTrue(String.valueOf(r.data("text/plain")).contains("3. check \"C\": match -> taken"));
        assertEquals("[A, B, D]", run("flush()").data("text/plain"));
    }

    @Test
    void anExplorationShowsItsFailingScheduleAndKeepsWhatItsProcessesPrint() {
        run("record Fetch(Pid from) {}");
        run("record Store(int value) {}");
        Ran r = run("""
                var found = Races.explore(() -> {
                    Pid c = spawn(() -> loop(0, (n, m) -> switch (m) {
                        case Fetch(var from) -> { send(from, n); yield next(n); }
                        case Store(var v) -> next(v);
                        default -> skip();
                    }));
                    for (int k = 0; k < 2; k++) spawn(() -> {
                        send(c, new Fetch(self()));
                        int n = receive(Integer.class);
                        System.out.println("a client read " + n);
                        send(c, new Store(n + 1));
                    });
                    return c;
                }, c -> { send(c, new Fetch(self())); return receive(Integer.class) == 2; });
                found""");
        String svg = String.valueOf(r.data("image/svg+xml"));
        assertTrue(svg.startsWith("<svg") && svg.contains("⚑"), svg);
        assertTrue(String.valueOf(r.data("text/html")).contains("Found a failing schedule"));
        assertFalse(r.out().stdout().contains("a client read"), "what the runs print is kept with their schedules: " + r.out().stdout());
        Ran step = run("var rp = replay(found); rp.step(4); rp.step()");
        assertTrue(String.valueOf(step.data("text/plain")).startsWith("Step 5 of "), String.valueOf(step.data("text/plain")));
        assertTrue(String.valueOf(step.data("image/svg+xml")).contains(">mailbox<"));
        Ran printed = run("found.failure().get().output()");
        assertTrue(String.valueOf(printed.data("text/plain")).contains("a client read 0"), String.valueOf(printed.data("text/plain")));
    }
}
