package loombook.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An interrupt that comes while a cell waits to run stops that cell: before, it reached no code
 * (JShell still starting, or the notebook busy with a frontend's user expression) and was lost, and
 * the cell then ran on as if no one had asked.
 */
class InterruptBeforeStartTest extends CellsTest {
    /** A system property the expression sets as it starts: from then on it holds the notebook. */
    private static final String RUNNING = "loombook.test.expressionRunning";

    @Test
    @Timeout(60)
    void anInterruptWhileTheCellWaitsStopsItBeforeItRuns() throws Exception {
        // a frontend's user expression holds the notebook for a while (as JShell's start would)
        CompletableFuture<Object> expression = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> expression.complete(evaluate()));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.getProperty(RUNNING) == null && System.nanoTime() < deadline) Thread.sleep(1);
        assertTrue(System.getProperty(RUNNING) != null, "the expression runs: " + expression.getNow(null));
        Capture out = new Capture();
        CompletableFuture<CellReport> cell = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> cell.complete(nb.run(
                "System.out.println(\"ran\");\nreceive(m -> m.equals(\"never\") ? m : null)", cells.next(), out)));
        while (!nb.cellStarting() && System.nanoTime() < deadline) Thread.sleep(1);
        assertTrue(nb.cellStarting(), "the cell waits for the notebook");

        nb.interrupt();
        CellReport r = cell.get(20, TimeUnit.SECONDS);       // without the fix: the receive waits for ever
        assertEquals("Interrupted", r.error().ename());
        String tb = String.join("\n", r.error().traceback());
        assertTrue(tb.contains("before it ran"), tb);
        assertFalse(out.stdout().contains("ran"), "none of the cell ran: " + out.stdout());
        expression.get(20, TimeUnit.SECONDS);                // stopped by the same interrupt, or done

        assertEquals("2", run("1 + 1").text(), "the next cell runs as usual");
    }

    /** A frontend's user expression that computes for 3 s (the notebook is busy meanwhile), or its error. */
    private static Object evaluate() {
        try {
            return nb.evaluateExpression("((java.util.function.IntSupplier) () -> { System.setProperty(\"" + RUNNING + "\", \"yes\");"
                    + " long end = System.nanoTime() + 3_000_000_000L;"
                    + " while (System.nanoTime() < end) Thread.onSpinWait(); return 7; }).getAsInt()");
        } catch (UserExpressionException e) {
            return e;
        }
    }

    @Test
    @Timeout(60)
    void anInterruptBetweenCellsDoesNotStopTheNextOne() throws Exception {
        run("1");
        nb.interrupt();
        assertEquals("3", run("1 + 2").text());
    }
}
