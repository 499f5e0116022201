package loombook.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QuietOutputTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final QuietOutput quiet = new QuietOutput(now::get);

    @AfterEach
    void restoreDefault() {
        QuietOutput.quietAfterMinutes(60);
    }

    private void advanceMinutes(double m) {
        now.addAndGet((long) (m * TimeUnit.MINUTES.toNanos(1)));
    }

    @Test
    void outputFlowsUntilNoRequestForTheQuietTimeThenDropsItWithOneNotice() {
        QuietOutput.quietAfterMinutes(30);
        Capture cell = new Capture();
        CellOutput out = quiet.guard(cell);
        out.stdout("tick 1\n");
        advanceMinutes(29.9);
        out.stdout("tick 2\n");
        assertEquals("tick 1\ntick 2\n", cell.stdout());
        advanceMinutes(0.2);
        assertTrue(quiet.quiet());
        for (int i = 0; i < 1000; i++) out.stdout("tick\n");
        out.stderr("a crash report\n");
        out.display(Map.of("text/plain", "table"), Map.of(), "d1", true);
        assertEquals("tick 1\ntick 2\n", cell.stdout(), "nothing more reaches the frontend");
        List<Capture.Event> notices = cell.events().stream().filter(e -> e.kind().equals("stderr")).toList();
        assertEquals(1, notices.size(), "one notice for the pause, not one per write");
        assertTrue(notices.get(0).text().contains("30 minutes"), notices.get(0).text());
        assertTrue(notices.get(0).text().contains("Run any cell"), notices.get(0).text());
    }

    @Test
    void aRequestResumesOutputAndEachSilencedCellHearsHowMuchWasDropped() {
        QuietOutput.quietAfterMinutes(1);
        Capture a = new Capture();
        Capture b = new Capture();
        Capture untouched = new Capture();
        CellOutput outA = quiet.guard(a);
        CellOutput outB = quiet.guard(b);
        quiet.guard(untouched);
        advanceMinutes(2);
        outA.stdout("12345");
        outA.stdout("678\n");
        outB.stderr("x\n");
        quiet.requestArrived();
        assertFalse(quiet.quiet());
        outA.stdout("back\n");
        assertEquals("back\n", a.stdout());
        assertTrue(a.stderr().contains("2 writes (9 characters) were dropped"), a.stderr());
        assertTrue(b.stderr().contains("1 writes (2 characters) were dropped"), b.stderr());
        assertTrue(untouched.events().isEmpty(), "a cell that lost nothing hears nothing");
        quiet.requestArrived();
        assertEquals(2, a.events().stream().filter(e -> e.kind().equals("stderr")).count(), "the count is told once");
    }

    @Test
    void zeroMeansNeverQuietAndNonsenseIsRefused() {
        QuietOutput.quietAfterMinutes(0);
        Capture cell = new Capture();
        CellOutput out = quiet.guard(cell);
        advanceMinutes(100_000);
        out.stdout("still here\n");
        assertEquals("still here\n", cell.stdout());
        assertThrows(IllegalArgumentException.class, () -> QuietOutput.quietAfterMinutes(-1));
        assertThrows(IllegalArgumentException.class, () -> QuietOutput.quietAfterMinutes(Double.NaN));
    }

    @Test
    void inputIsNeverDropped() throws InterruptedException {
        QuietOutput.quietAfterMinutes(1);
        Capture cell = new Capture();
        cell.input = "typed";
        advanceMinutes(5);
        assertEquals("typed", quiet.guard(cell).readLine("name?", false));
    }
}
