package loombook.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cell of thousands of one-line statements runs in seconds, and batching changes nothing a
 * learner sees: values, the lines of errors and stack traces, what ran before a failure.
 */
class StatementBatchesTest {
    static Evaluator ev;

    @BeforeAll
    static void start() throws Exception {
        Path runtime = Path.of(loombook.Process.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ev = Evaluator.builder().classpath(List.of(runtime)).imports(List.of("import java.util.*;", "import loombook.*;"))
                .graceMillis(300).log(m -> {}).build();
    }

    @AfterAll
    static void stop() {
        ev.close();
    }

    static EvalOutcome run(String code) {
        return ev.evaluate(code, CellRef.ofCount(7));
    }

    @Test
    void twoThousandStatementsRunInOneGo() {
        String cell = "int c = 0;\n" + "c++; ".repeat(10).strip().concat("\n").repeat(200) + "c";
        long t0 = System.nanoTime();
        EvalOutcome.Success s = assertInstanceOf(EvalOutcome.Success.class, run(cell));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(2000, s.value());
        System.out.printf("# 2,000 one-line statements: %,d ms%n", ms);
        assertTrue(ms < 15_000, "2,000 statements took " + ms + " ms (one snippet each took over 30 s)");
    }

    @Test
    void anExceptionStopsTheCellAtItsLineAfterTheStatementsBeforeIt() {
        StringBuilder cell = new StringBuilder("int[] seen = new int[1];\n");
        for (int i = 1; i <= 30; i++) cell.append(i == 20 ? "seen[0] += 1 / (seen[0] - 19);\n" : "seen[0]++;\n");
        cell.append("seen[0]");
        EvalOutcome.Failed f = assertInstanceOf(EvalOutcome.Failed.class, ev.evaluate(cell.toString(), new CellRef("Cell In[4]", 1)));
        assertInstanceOf(ArithmeticException.class, f.error());
        List<CellFrame> frames = new ArrayList<>();
        for (StackTraceElement st : f.error().getStackTrace()) ev.frames().locate(st).ifPresent(frames::add);
        assertEquals(new CellFrame("Cell In[4]", 21, null), frames.getFirst(), "statement 20 is line 21 of the cell");
        assertEquals(19, assertInstanceOf(EvalOutcome.Success.class, run("seen[0]")).value(), "the 19 before it ran, none after");
    }

    @Test
    void aRunThatIsNoBlockOfStatementsRunsOneByOneAsWritten() {
        // "1 + 1;" is a snippet of its own in JShell, but no statement in a block: the batch falls back
        StringBuilder cell = new StringBuilder("int d = 0;\n");
        for (int i = 0; i < 20; i++) cell.append(i == 10 ? "1 + 1;\n" : "d++;\n");
        cell.append("d");
        assertEquals(19, assertInstanceOf(EvalOutcome.Success.class, run(cell.toString())).value());
        // a compile error in the middle: the statements before it ran, the error names its own line
        StringBuilder bad = new StringBuilder("int e = 0;\n");
        for (int i = 0; i < 20; i++) bad.append(i == 12 ? "e += nosuch;\n" : "e++;\n");
        EvalOutcome.CompileFailed f = assertInstanceOf(EvalOutcome.CompileFailed.class, ev.evaluate(bad.toString(), new CellRef("Cell In[5]", 1)));
        assertEquals(14, f.errors().getFirst().line());
        assertTrue(f.errors().getFirst().message().startsWith("cannot find symbol"), f.errors().getFirst().message());
        assertEquals(12, assertInstanceOf(EvalOutcome.Success.class, run("e")).value());
    }

    @Test
    void declarationsBetweenStatementsStaySeenByWhatFollows() {
        StringBuilder cell = new StringBuilder("int f = 0;\n");
        for (int i = 0; i < 40; i++) {
            cell.append("f++;\n");
            if (i == 20) cell.append("int g = f * 2;\nString twice(int x) { return x + \"+\" + x; }\n");
        }
        cell.append("twice(g) + \" \" + f");
        assertEquals("42+42 40", assertInstanceOf(EvalOutcome.Success.class, run(cell.toString())).value());
    }
}
