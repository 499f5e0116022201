package loombook.kernel.notebook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The examples of Javadoc ({@code <pre>{@code ...}</pre>} blocks) and what running them as cells
 * came to: the tests that prove the documentation runs as written.
 */
final class JavadocExamples {
    private static final Pattern EXAMPLE = Pattern.compile("<pre>\\{@code\\n(.*?)\\n\\s*\\*\\s*\\}</pre>", Pattern.DOTALL);

    /** How long one example may run before it is interrupted and counted as failed. */
    static final long LIMIT_MILLIS = 20_000;

    private JavadocExamples() {}

    /** The examples of a source file, in order, with the comment's leading stars taken off. */
    static List<String> of(Path file) throws IOException {
        String src = Files.readString(file);
        List<String> out = new ArrayList<>();
        Matcher m = EXAMPLE.matcher(src);
        while (m.find()) {
            StringBuilder code = new StringBuilder();
            for (String line : m.group(1).split("\n")) code.append(line.replaceFirst("^\\s*\\* ?", "")).append('\n');
            out.add(code.toString().stripTrailing());
        }
        return out;
    }

    /** What running one example came to. */
    record Ran(String file, String code, CellReport report, Capture out, boolean timedOut) {
        String traceback() {
            return report.error() == null ? "" : String.join("\n", report.error().traceback()).replaceAll("\u001b\\[[0-9;]*m", "");
        }

        /** How it failed, or null if it ran. */
        String failure(boolean crashReportsFail) {
            if (timedOut) return "did not finish within " + LIMIT_MILLIS / 1000 + " s";
            if (!report.ok()) return traceback();
            String err = out.stderr();
            if (err.contains("note:")) return "stderr: " + err;
            if (crashReportsFail && (err.contains("error") || err.contains("Exception"))) return "stderr: " + err;
            return null;
        }

        @Override
        public String toString() {
            return file + ":\n" + code;
        }
    }

    /** Runs {@code code} as a cell of {@code nb}, interrupting it after {@link #LIMIT_MILLIS}. */
    static Ran run(Notebook nb, AtomicInteger count, String file, String code) {
        Capture c = new Capture();
        boolean[] interrupted = new boolean[1];
        Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(LIMIT_MILLIS);
                interrupted[0] = true;
                nb.interrupt();
            } catch (InterruptedException e) {
                // the cell finished in time
            }
        });
        CellReport r = nb.run(code, count.incrementAndGet(), c);
        watchdog.interrupt();
        try {
            watchdog.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Ran(file, code, r, c, interrupted[0]);
    }
}
