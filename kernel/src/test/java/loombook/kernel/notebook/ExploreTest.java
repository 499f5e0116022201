package loombook.kernel.notebook;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExploreTest {
    @Test
    void explore(@TempDir Path tmp) throws Exception {
        PrintStream log = System.err;
        Notebook nb = Notebook.builder().workingDirectory(tmp).log(log, log).warmUp(false).build();
        nb.awaitReady();
        AtomicInteger n = new AtomicInteger();
        String[] cells = java.nio.file.Files.readString(Path.of(System.getProperty("cellsfile"))).split("\n----\n");
        java.util.List<Runnable> prints = new java.util.ArrayList<>();
        for (String code : cells) {
            Capture c = new Capture();
            CellReport r = nb.run(code, n.incrementAndGet(), c);
            Thread.sleep(Long.getLong("pause", 300));
            int k = n.get();
            prints.add(() -> {
            System.out.println("=== In[" + k + "]: " + code.replace("\n", "\n    "));
            if (!c.stdout().isEmpty()) System.out.println("--- stdout\n" + c.stdout());
            if (!c.stderr().isEmpty()) System.out.println("--- stderr\n" + c.stderr());
            if (r.result() != null) System.out.println("--- result " + r.result().get("text/plain"));
            if (r.error() != null) System.out.println("--- error\n" + String.join("\n", r.error().traceback()).replaceAll("\u001b\\[[0-9;]*m", ""));
            });
        }
        Thread.sleep(1000);
        prints.forEach(Runnable::run);
        nb.close();
    }
}
