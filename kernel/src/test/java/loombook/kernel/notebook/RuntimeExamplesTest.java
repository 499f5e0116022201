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
 * Every example in the Javadoc of the runtime ({@code loombook}) and of OTP ({@code loombook.otp})
 * runs as it is in a cell, as the documentation promises: the examples of a file in order, as cells
 * of one notebook (a later one may use what an earlier one defined). Each file starts on a fresh
 * runtime ({@code %restart_runtime}: no process or name of another file's examples) with the
 * runtime's settings as they were.
 *
 * <p>An example fails if it does not compile, throws, leaves a note (a method that cannot run yet),
 * or does not finish within {@link JavadocExamples#LIMIT_MILLIS}. A crash report of a process it
 * started fails it too, unless the example crashes or kills something on purpose (its code throws,
 * exits, kills, divides by zero or says "crash").
 */
class RuntimeExamplesTest {
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
        nb.run("%restart_runtime", count.incrementAndGet(), new Capture());
        nb.close();
    }

    /**
     * The public sources of the runtime and OTP (the internals have no examples to run); with
     * {@code -Dexamples.only=otp/Ets.java,Process.java}, those files only.
     */
    static List<Path> files() throws IOException {
        List<String> only = List.of(System.getProperty("examples.only", "").split(",")).stream().filter(x -> !x.isBlank()).toList();
        try (Stream<Path> s = Files.walk(SOURCES)) {
            return s.filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/internal/"))
                    .filter(p -> only.isEmpty() || only.contains(SOURCES.relativize(p).toString()))
                    .sorted().toList();
        }
    }

    static boolean crashesOnPurpose(String code) {
        return code.contains("throw ") || code.contains("exit(") || code.contains("KILL") || code.contains("/ 0")
                || code.contains("kill") || code.contains("crash");
    }

    @Test
    void everyExampleRunsInACell() throws IOException {
        int budget = Node.reductionBudget(), stack = Node.maxStackDepth(), mailbox = Node.mailboxWarning(), limit = Node.processLimit();
        double slice = Node.timeSliceMillis();
        SharingPolicy sharing = Node.sharingPolicy();
        int ran = 0;
        List<String> failures = new ArrayList<>();
        try {
            for (Path f : files()) {
                String file = SOURCES.relativize(f).toString();
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
