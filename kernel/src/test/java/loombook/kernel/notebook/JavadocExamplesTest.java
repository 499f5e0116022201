package loombook.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import loombook.Node;
import loombook.SharingPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example in the Javadoc that promises to run in a cell does: the runtime's
 * ({@code loombook}), OTP's ({@code loombook.otp}) and those of the kernel's packages that cells
 * use (the visual tools, display, magics). The examples of a file run in order, as cells of one
 * notebook (a later one may use what an earlier one defined).
 *
 * <p>An example fails if it does not compile, throws, leaves a note (a method that cannot run yet),
 * or does not finish within {@link JavadocExamples#LIMIT_MILLIS}. A crash report of a process it
 * started fails it too, unless the example crashes or kills something on purpose (its code throws,
 * exits, kills, divides by zero or says "crash").
 */
class JavadocExamplesTest {
    private static final Path KERNEL = Path.of("src/main/java/loombook/kernel");
    private static final Path RUNTIME = Path.of("../runtime/src/main/java/loombook");
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

    static boolean crashesOnPurpose(String code) {
        return code.contains("throw ") || code.contains("exit(") || code.contains("KILL") || code.contains("/ 0")
                || code.contains("kill") || code.contains("crash");
    }

    @Test
    void everyExampleOfTheVisualToolsDisplayAndMagicsRunsInACell() throws IOException {
        List<String> files = List.of("visual/package-info.java", "visual/Visuals.java", "visual/RaceDiagram.java", "visual/Replay.java",
                "visual/ReplayFrame.java", "visual/SequenceDiagram.java", "visual/Trace.java",
                "visual/ProcessView.java", "visual/LiveView.java", "visual/LiveTable.java", "visual/SupervisionTree.java", "visual/LiveTree.java",
                "visual/SaveQueue.java", "visual/Progress.java", "visual/SchedulerChart.java", "visual/LiveSchedulers.java", "display/package-info.java", "display/Display.java", "magic/package-info.java");
        int ran = 0;
        List<String> failures = new ArrayList<>();
        for (String f : files) {
            List<String> ex = JavadocExamples.of(KERNEL.resolve(f));
            assertTrue(!ex.isEmpty(), f + " has no example");
            for (String code : ex) {
                JavadocExamples.Ran r = JavadocExamples.run(nb, count, f, code);
                ran++;
                String why = r.failure(true);
                if (why != null) failures.add("---- " + r + "\n" + why);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + ran + " examples failed:\n\n" + String.join("\n\n", failures));
        assertTrue(ran >= 20, "examples found: " + ran);
    }

    /**
     * The public sources of the runtime and OTP (the internals have no examples to run); with
     * {@code -Dexamples.only=otp/Ets.java,Process.java}, those files only.
     */
    static List<Path> runtimeFiles() throws IOException {
        List<String> only = Stream.of(System.getProperty("examples.only", "").split(",")).filter(x -> !x.isBlank()).toList();
        try (Stream<Path> s = Files.walk(RUNTIME)) {
            return s.filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/internal/"))
                    .filter(p -> only.isEmpty() || only.contains(RUNTIME.relativize(p).toString()))
                    .sorted().toList();
        }
    }

    /**
     * The runtime's and OTP's examples, file by file; each file starts on a fresh runtime
     * ({@code %restart_runtime}: no process or name of another file's examples) with the runtime's
     * settings as they were.
     */
    @Test
    void everyExampleOfTheRuntimeAndOtpRunsInACell() throws IOException {
        int budget = Node.reductionBudget(), stack = Node.maxStackDepth(), mailbox = Node.mailboxWarning(), limit = Node.processLimit();
        double slice = Node.timeSliceMillis();
        SharingPolicy sharing = Node.sharingPolicy();
        int ran = 0;
        List<String> failures = new ArrayList<>();
        try {
            for (Path f : runtimeFiles()) {
                String file = RUNTIME.relativize(f).toString();
                nb.run("%restart_runtime", count.incrementAndGet(), new Capture());
                for (String code : JavadocExamples.of(f)) {
                    JavadocExamples.Ran r = JavadocExamples.run(nb, count, file, code);
                    ran++;
                    String why = r.failure(!crashesOnPurpose(code));
                    if (why != null) failures.add("---- " + r + "\n" + why);
                }
                Node.reductionBudget(budget);
                Node.maxStackDepth(stack);
                Node.mailboxWarning(mailbox);
                Node.processLimit(limit);
                Node.timeSliceMillis(slice);
                Node.sharingPolicy(sharing);
            }
        } finally {
            Node.tracer(null);
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + ran + " examples failed:\n\n" + String.join("\n\n", failures));
        if (System.getProperty("examples.only", "").isBlank()) assertTrue(ran >= 250, "examples found: " + ran);
    }
}
