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
 * Every example in the Javadoc of the kernel's packages that cells use (the visual tools, display,
 * magics) runs as it is in a cell: the examples of a file in order, as cells of one notebook (a
 * later one may use what an earlier one defined).
 */
class VisualExamplesTest {
    private static final Path SOURCES = Path.of("src/main/java/loombook/kernel");
    static Notebook nb;
    static final AtomicInteger count = new AtomicInteger(700);

    @BeforeAll
    static void start(@TempDir Path tmp) {
        PrintStream log = System.err;
        nb = Notebook.builder().workingDirectory(tmp).log(log, log).warmUp(false).build();
        nb.awaitReady();
    }

    @AfterAll
    static void stop() {
        nb.run("%restart_runtime", count.incrementAndGet(), new Capture());
        nb.close();
    }

    @Test
    void everyExampleRunsInACell() throws IOException {
        List<String> files = List.of("visual/package-info.java", "visual/Visuals.java", "visual/SequenceDiagram.java", "visual/Trace.java",
                "visual/ProcessView.java", "visual/LiveTable.java", "visual/SupervisionTree.java", "visual/LiveTree.java",
                "visual/SaveQueue.java", "visual/Progress.java", "display/package-info.java", "display/Display.java", "magic/package-info.java");
        int ran = 0;
        List<String> failures = new ArrayList<>();
        for (String f : files) {
            List<String> ex = JavadocExamples.of(SOURCES.resolve(f));
            assertTrue(!ex.isEmpty(), f + " has no example");
            for (String code : ex) {
                JavadocExamples.Ran r = JavadocExamples.run(nb, count, f, code);
                ran++;
                String why = r.failure(true);
                if (why != null) failures.add(r + "\n" + why);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + ran + " examples failed:\n\n" + String.join("\n\n", failures));
        assertTrue(ran >= 20, "examples found: " + ran);
    }
}
