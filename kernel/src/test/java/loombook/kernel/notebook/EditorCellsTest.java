package loombook.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the student's editor shows around cells: the display API of IJava beside Loombook's own,
 * errors that teach, redefined types, the notebook process's death, re-run cells.
 */
class EditorCellsTest {
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
        String text() {
            return report.result() == null ? null : String.valueOf(report.result().get("text/plain"));
        }

        String traceback() {
            return report.error() == null ? "" : String.join("\n", report.error().traceback()).replaceAll("\u001b\\[[0-9;]*m", "");
        }
    }

    static Ran run(String code) {
        Capture c = new Capture();
        return new Ran(nb.run(code, count.incrementAndGet(), c), c);
    }

    @Test
    void displayAsTheRequestedMimeTypesAsInIJava() {
        Ran r = run("display(\"<b>bold</b>\", \"text/html\");");
        assertTrue(r.report().ok(), r.traceback());
        List<Capture.Event> shown = r.out().events().stream().filter(e -> e.kind().equals("display")).toList();
        assertEquals(1, shown.size());
        assertEquals("<b>bold</b>", shown.getFirst().data().get("text/html"));
        assertEquals("<b>bold</b>", shown.getFirst().data().get("text/plain"));
        Ran md = run("var h = display(\"*0 of 3*\", \"text/markdown\");\nupdateDisplay(h, \"*3 of 3*\", \"text/markdown\");\nupdateDisplay(h.id(), \"done\");");
        List<Capture.Event> ev = md.out().events();
        assertEquals("*0 of 3*", ev.get(0).data().get("text/markdown"));
        assertEquals("update", ev.get(1).kind());
        assertEquals("*3 of 3*", ev.get(1).data().get("text/markdown"));
        assertEquals(ev.get(0).displayId(), ev.get(1).displayId());
        assertFalse(ev.get(2).data().containsKey("text/markdown"), "without types, the value's own renderings: " + ev.get(2).data());
        Ran pid = run("display(self(), \"text/html\");");
        Capture.Event p = pid.out().events().getFirst();
        assertTrue(String.valueOf(p.data().get("text/html")).contains("PID"), "a value keeps its own rendering of a type: " + p.data());
    }

    @Test
    void aTypeTheValueHasNoRenderingOfIsAClearError() {
        Ran r = run("display(self(), \"image/png\");");
        assertEquals("java.lang.IllegalArgumentException", r.report().error().ename());
        assertTrue(r.traceback().contains("cannot be shown as image/png; it can be shown as text/plain, text/html"), r.traceback());
        Ran notAType = run("display(42, \"answer\");");
        assertTrue(notAType.traceback().contains("the strings after the value are MIME types"), notAType.traceback());
    }
}
