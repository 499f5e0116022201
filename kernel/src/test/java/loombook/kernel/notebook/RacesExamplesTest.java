package loombook.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example in the Javadoc of the runtime's race exploration ({@code Races}, {@code Explorer},
 * {@code Exploration}, {@code Schedule}) runs as it is in a cell, the examples of the files in
 * order, as cells of one notebook (a later one uses what an earlier one defined).
 */
class RacesExamplesTest {
    private static final Path SOURCES = Path.of("../runtime/src/main/java/loombook");
    static Notebook nb;
    static final AtomicInteger count = new AtomicInteger(900);

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

    @Test
    void everyExampleRunsInACell() throws IOException {
        int ran = 0;
        List<String> failures = new ArrayList<>();
        for (String f : List.of("Races.java", "Explorer.java", "Exploration.java", "Schedule.java")) {
            List<String> ex = VisualExamplesTest.examples(SOURCES.resolve(f));
            assertTrue(!ex.isEmpty(), f + " has no example");
            for (String code : ex) {
                Capture c = new Capture();
                CellReport r = nb.run(code, count.incrementAndGet(), c);
                ran++;
                if (!r.ok()) failures.add(f + ":\n" + code + "\n" + String.join("\n", r.error().traceback()).replaceAll("\u001b\\[[0-9;]*m", ""));
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + ran + " examples failed:\n\n" + String.join("\n\n", failures));
        assertTrue(ran >= 30, "examples found: " + ran);
    }
}
