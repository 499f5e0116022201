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
}
