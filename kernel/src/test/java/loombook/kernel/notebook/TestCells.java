package loombook.kernel.notebook;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A notebook for a test class, and its cells run one at a time with their output captured: what a
 * frontend would show under each. Cells are numbered across all the notebooks of the JVM, so that
 * those of different test classes never share cell names. {@link CellsTest} gives a test class one.
 *
 * <pre>{@code
 * TestCells cells = new TestCells(tmp);
 * cells.run("self()").text();   // #PID<0.1.0>
 * }</pre>
 */
final class TestCells implements AutoCloseable {
    private static final AtomicInteger count = new AtomicInteger(100);

    final Notebook nb;

    /** A notebook working in {@code dir}, without warm-up, started. */
    TestCells(Path dir) {
        PrintStream log = System.err;
        this.nb = Notebook.builder().workingDirectory(dir).log(log, log).warmUp(false).build();
        nb.awaitReady();
    }

    /**
     * One cell's run.
     *
     * @param report what the cell came to
     * @param out what it and its processes wrote, now and later
     */
    record Ran(CellReport report, Capture out) {
        /** The result's text, or null. */
        String text() {
            return report.result() == null ? null : String.valueOf(report.result().get("text/plain"));
        }

        /** The result as {@code mime}, or null. */
        Object data(String mime) {
            return report.result() == null ? null : report.result().get(mime);
        }

        /** The error's traceback without colours, or "". */
        String traceback() {
            return report.error() == null ? "" : String.join("\n", report.error().traceback()).replaceAll("\u001b\\[[0-9;]*m", "");
        }
    }

    /** Runs {@code code} as the next cell. */
    Ran run(String code) {
        return run(code, null);
    }

    /** Runs {@code code} as the next cell, as the notebook cell {@code cellId} (null: none). */
    Ran run(String code, String cellId) {
        Capture c = new Capture();
        return new Ran(nb.run(code, count.incrementAndGet(), c, cellId), c);
    }

    /** The number the last cell ran with. */
    int lastCount() {
        return count.get();
    }

    /** The number for a cell run directly with {@code nb.run}. */
    int next() {
        return count.incrementAndGet();
    }

    @Override
    public void close() {
        nb.close();
    }
}
