package loombook.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A cell that does not compile leaves nothing behind (issue 16: each kept about 125 KB of compiler objects). */
class RejectedSnippetsTest {
    static Evaluator ev;

    @BeforeAll
    static void start() throws Exception {
        Path runtime = Path.of(loombook.Process.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ev = Evaluator.builder().classpath(List.of(runtime)).imports(List.of("import java.util.*;")).graceMillis(300).log(m -> {}).build();
    }

    @AfterAll
    static void stop() {
        ev.close();
    }

    static void failingCells(int n) {
        for (int i = 0; i < n; i++) {
            assertInstanceOf(EvalOutcome.CompileFailed.class, ev.evaluate("int x = \"a\";", CellRef.ofCount(i)));
            if (ev.maintenanceDue()) ev.maintain();         // as the notebook does after a cell
        }
    }

    static long usedAfterCollection() {
        Runtime r = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            best = Math.min(best, r.totalMemory() - r.freeMemory());
        }
        return best;
    }

    @Test
    void failedCellsKeepNoCompilerObjects() {
        failingCells(60);                   // the compiler's own caches warm up
        long before = usedAfterCollection();
        failingCells(300);
        long grown = usedAfterCollection() - before;
        System.out.printf("# 300 failed cells: heap %+.1f MB after a full collection%n", grown / 1e6);
        assertTrue(grown < 12_000_000, "300 failed cells kept " + grown / 1_000_000 + " MB (each kept ~125 KB before)");
        assertEquals(2, assertInstanceOf(EvalOutcome.Success.class, ev.evaluate("1 + 1", CellRef.ofCount(999))).value());
    }
}
