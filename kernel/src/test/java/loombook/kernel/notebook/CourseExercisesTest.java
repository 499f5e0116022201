package loombook.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every exercise of the course, in-process through the kernel's {@link Notebook}: a notebook's cells
 * tagged {@code setup}, then for each exercise its skeleton and its check, which must fail as an
 * untouched skeleton does (the report says "not implemented yet", the cell ends in an
 * {@code ExerciseFailed} error), and its reference solution ({@code notebooks/solutions/NN/NAME.jsh})
 * and the check again, which must pass the way graders read a pass: no error, nothing on stderr, no
 * value shown (nbgrader scores a test cell 0 on an error or any stderr, and reads a number shown
 * under it as partial credit). {@code tests/test_notebooks.py} runs the same through a real Jupyter
 * client, with every other cell, as the end-to-end proof.
 */
class CourseExercisesTest {
    private static final Path NOTEBOOKS = Path.of("../notebooks");
    private static final Pattern CELL = Pattern.compile("^%% (md|markdown|code)((?:[ \\t]+\\S+)*)[ \\t]*$");
    private static final Pattern PASSED = Pattern.compile(": all \\d+ checks? passed ✓");
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");

    /** A code cell of a notebook source: its tags and its text. */
    record Cell(List<String> tags, String code) {
        String tagged(String prefix) {
            return tags.stream().filter(t -> t.startsWith(prefix)).map(t -> t.substring(prefix.length())).findFirst().orElse(null);
        }
    }

    static Stream<Path> sources() throws IOException {
        try (Stream<Path> s = Files.list(NOTEBOOKS.resolve("src"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".nb")).sorted().toList().stream();
        }
    }

    /** The code cells of a notebook source (the format of notebooks/README.md: `%% code tags...` starts a cell). */
    static List<Cell> codeCells(Path source) throws IOException {
        List<Cell> cells = new ArrayList<>();
        List<String> tags = null;
        StringBuilder code = new StringBuilder();
        for (String line : Files.readString(source).split("\n", -1)) {
            Matcher m = CELL.matcher(line);
            if (m.matches()) {
                if (tags != null) cells.add(new Cell(tags, code.toString().strip()));
                tags = m.group(1).equals("code") ? List.of(m.group(2).trim().split("\\s+")) : null;
                code.setLength(0);
            } else if (tags != null) {
                code.append(line).append('\n');
            }
        }
        if (tags != null) cells.add(new Cell(tags, code.toString().strip()));
        return cells;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void eachSkeletonFailsItsCheckAndEachSolutionPassesIt(Path source, @TempDir Path dir) throws IOException {
        String number = source.getFileName().toString().substring(0, 2);
        List<Cell> cells = codeCells(source);
        List<Cell> setup = cells.stream().filter(c -> c.tags().contains("setup")).toList();
        List<Cell> exercises = cells.stream().filter(c -> c.tagged("exercise:") != null).toList();
        assertFalse(exercises.isEmpty(), source + " has no exercise");
        assertFalse(setup.isEmpty(), source + " has no cell tagged setup");
        List<String> problems = new ArrayList<>();
        List<String> timings = new ArrayList<>();
        PrintStream log = System.err;
        Notebook nb = Notebook.builder().workingDirectory(dir).log(log, log).warmUp(false).build();
        int count = 0;
        long start = System.nanoTime();
        long ready = 0;
        try {
            nb.awaitReady();
            ready = (System.nanoTime() - start) / 1_000_000;
            for (Cell c : setup) {
                Capture out = new Capture();
                CellReport r = nb.run(c.code(), ++count, out);
                if (!r.ok()) problems.add("the set-up cell failed: " + error(r) + "\n" + c.code());
            }
            for (Cell skeleton : exercises) {
                String name = skeleton.tagged("exercise:");
                Cell check = cells.stream().filter(c -> name.equals(c.tagged("check:"))).findFirst().orElse(null);
                if (check == null) {
                    problems.add(name + ": no check cell");
                    continue;
                }
                Path solutionFile = NOTEBOOKS.resolve("solutions").resolve(number).resolve(name + ".jsh");
                if (!Files.exists(solutionFile)) {
                    problems.add(name + ": no reference solution " + solutionFile);
                    continue;
                }
                CellReport declared = nb.run(skeleton.code(), ++count, new Capture());
                if (!declared.ok()) problems.add(name + ": the skeleton does not run: " + error(declared));

                Capture unsolved = new Capture();
                long t0 = System.nanoTime();
                CellReport fails = nb.run(check.code(), ++count, unsolved);
                long skeletonMillis = (System.nanoTime() - t0) / 1_000_000;
                String report = unsolved.stdout();
                if (fails.ok() || !fails.error().ename().endsWith("ExerciseFailed")) {
                    problems.add(name + ": the check of the untouched skeleton should end in an ExerciseFailed error, it ended "
                            + (fails.ok() ? "without one" : "with " + error(fails)) + "\n" + report);
                } else if (!report.contains("not implemented yet") || !report.contains("✗")) {
                    problems.add(name + ": the check of the untouched skeleton should report \"not implemented yet\" and a ✗:\n" + report);
                }

                CellReport solved = nb.run(Files.readString(solutionFile), ++count, new Capture());
                if (!solved.ok()) {
                    problems.add(name + ": the reference solution does not run: " + error(solved));
                    continue;
                }
                Capture passing = new Capture();
                t0 = System.nanoTime();
                CellReport passes = nb.run(check.code(), ++count, passing);
                long solutionMillis = (System.nanoTime() - t0) / 1_000_000;
                report = passing.stdout();
                if (!passes.ok()) {
                    problems.add(name + ": the check of the reference solution ended in " + error(passes) + "\n" + report);
                } else if (!PASSED.matcher(report).find() || report.contains("✗")) {
                    problems.add(name + ": the check of the reference solution should report all checks passed:\n" + report);
                }
                if (!passing.stderr().isEmpty()) {
                    problems.add(name + ": the check of the reference solution wrote to stderr (nbgrader would give it no points):\n"
                            + passing.stderr());
                }
                if (passes.result() != null) {
                    problems.add(name + ": the check of the reference solution shows a value (nbgrader reads a number as partial credit): "
                            + passes.result());
                }
                timings.add(String.format(Locale.ROOT, "%s %d ms / %d ms", name, skeletonMillis, solutionMillis));
            }
        } finally {
            nb.run("%restart_runtime", ++count, new Capture());
            nb.close();
        }
        log.printf(Locale.ROOT, "course exercises of %s: %d ms in all, JShell ready in %d ms; the checks of the skeleton / of the solution: %s%n",
                source.getFileName(), (System.nanoTime() - start) / 1_000_000, ready, String.join(", ", timings));
        assertTrue(problems.isEmpty(), source.getFileName() + ":\n\n" + String.join("\n\n", problems));
    }

    private static String error(CellReport r) {
        return r.error().ename() + ": " + r.error().evalue() + "\n"
                + ANSI.matcher(String.join("\n", r.error().traceback())).replaceAll("");
    }
}
