package loombook.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example in the visual tools' Javadoc runs as it is in a cell: the examples of a file in
 * order, as cells of one notebook (a later one may use what an earlier one defined).
 */
class VisualExamplesTest {
    private static final Path SOURCES = Path.of("src/main/java/loombook/kernel/visual");
    private static final Pattern EXAMPLE = Pattern.compile("<pre>\\{@code\\n(.*?)\\n\\s*\\*\\s*\\}</pre>", Pattern.DOTALL);
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

    static List<String> examples(String file) throws IOException {
        return examples(SOURCES.resolve(file));
    }

    /** The code of every {@code <pre>{@code ...}</pre>} example in a source file, in order. */
    static List<String> examples(Path source) throws IOException {
        String src = Files.readString(source);
        List<String> out = new ArrayList<>();
        Matcher m = EXAMPLE.matcher(src);
        while (m.find()) {
            StringBuilder code = new StringBuilder();
            for (String line : m.group(1).split("\n")) code.append(line.replaceFirst("^\\s*\\* ?", "")).append('\n');
            out.add(code.toString().stripTrailing());
        }
        return out;
    }

    @Test
    void everyExampleRunsInACell() throws IOException {
        List<String> files = List.of("Visuals.java", "RaceDiagram.java", "Replay.java", "ReplayFrame.java", "SequenceDiagram.java",
                "Trace.java", "ProcessView.java", "LiveTable.java", "SupervisionTree.java", "LiveTree.java", "SaveQueue.java", "Progress.java");
        int ran = 0;
        List<String> failures = new ArrayList<>();
        for (String f : files) {
            List<String> ex = examples(f);
            assertTrue(!ex.isEmpty(), f + " has no example");
            for (String code : ex) {
                Capture c = new Capture();
                CellReport r = nb.run(code, count.incrementAndGet(), c);
                ran++;
                if (!r.ok()) failures.add(f + ":\n" + code + "\n" + String.join("\n", r.error().traceback()).replaceAll("\u001b\\[[0-9;]*m", ""));
                else if (c.stderr().contains("error") || c.stderr().contains("Exception")) failures.add(f + ":\n" + code + "\nstderr: " + c.stderr());
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + ran + " examples failed:\n\n" + String.join("\n\n", failures));
        assertTrue(ran >= 20, "examples found: " + ran);
    }
}
