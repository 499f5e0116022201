package loombook.bench;

import static loombook.Process.receive;
import static loombook.Process.self;
import static loombook.Process.send;
import static loombook.Process.spawn;
import static loombook.Process.spawnMonitor;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import loombook.Down;
import loombook.GroupLeader;
import loombook.HostProcess;
import loombook.Monitored;
import loombook.Node;
import loombook.SystemLimitException;

/**
 * Measures what runaway cells cost and how the limits of decision 0302 end them: a flat spawn bomb
 * in the host (a cell's loop), a flat bomb in a process, a recursive bomb, and a process flooding
 * its own mailbox. For each: how long until it was stopped, how many processes it had, and the heap
 * in use after a full collection and the resident memory, before, at the peak and after. Run it with
 * the kernel's flags and a heap size to try (never fails on a figure):
 *
 * <pre>
 * java -XX:+UseSerialGC -Xms16m -XX:MaxNewSize=32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TieredStopAtLevel=1 \
 *      --add-opens java.base/java.lang=ALL-UNNAMED -Djdk.trackAllThreads=false \
 *      -cp runtime/target/classes:bench/target/classes loombook.bench.RunawayMeasure [processLimit] [mailboxLimit]
 * </pre>
 */
public final class RunawayMeasure {
    private RunawayMeasure() {}

    /** Runs the four runaways in turn; arguments: the process limit and the mailbox limit to set (default: as they are). */
    public static void main(String[] args) throws Exception {
        if (args.length > 0) Node.processLimit(Integer.parseInt(args[0]));
        if (args.length > 1) Node.mailboxLimit(Integer.parseInt(args[1]));
        System.out.printf(Locale.ROOT, "# runaways: processLimit %,d, mailboxLimit %,d, max heap %d MB, %s%n", Node.processLimit(),
                Node.mailboxLimit(), Runtime.getRuntime().maxMemory() >> 20, ManagementFactory.getRuntimeMXBean().getInputArguments());
        try (HostProcess host = HostProcess.start("runaways", GroupLeader.system())) {
            line("baseline", 0, 0);
            host.run(() -> flatInHost());
            host.run(() -> measured("flat_in_process", () -> {
                Monitored m = spawnMonitor(() -> {
                    while (true) spawn(() -> receive());
                });
                return receive(Down.class);
            }));
            host.run(() -> measured("recursive", () -> {
                Runnable[] bomb = new Runnable[1];
                bomb[0] = () -> {
                    while (true) spawn(bomb[0]);
                };
                Monitored m = spawnMonitor(bomb[0]);
                return receive(Down.class);
            }));
            host.run(() -> measured("mailbox_flood", () -> {
                Monitored m = spawnMonitor(() -> {
                    long i = 0;
                    while (true) send(self(), i++);
                });
                return receive(Down.class);
            }));
        }
    }

    private static void flatInHost() {
        long t0 = System.nanoTime();
        int peak = 0;
        String outcome;
        try {
            while (true) {
                spawn(() -> receive());
                peak++;
            }
        } catch (SystemLimitException e) {
            outcome = e.getMessage();
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        line("flat_in_host_peak", ms, peak);
        System.out.println("#   " + outcome);
        settle();
        line("flat_in_host_after", ms, Node.processCount());
    }

    private interface Body {
        Down run();
    }

    private static void measured(String name, Body body) {
        long t0 = System.nanoTime();
        Down d = body.run();
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.println("#   " + name + ": " + d.reason());
        settle();
        line(name + "_after", ms, Node.processCount());
    }

    /** Waits for the ended processes' threads to finish, then collects. */
    private static void settle() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (Node.processCount() > 1 && System.nanoTime() < deadline) {
            loombook.Process.sleep(10);
        }
        // the ended processes' threads still have to wake and finish: collect until the heap stops shrinking
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 40; i++) {
            loombook.Process.sleep(250);
            System.gc();
            long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            if (used > last - (1 << 20)) break;
            last = used;
        }
    }

    private static void line(String what, double ms, int processes) {
        for (int i = 0; i < 3; i++) System.gc();
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "%-22s stop_ms=%8.1f processes=%,9d heap_used_mb=%6.1f heap_committed_mb=%6.1f rss_mb=%6.1f%n",
                what, ms, processes, (rt.totalMemory() - rt.freeMemory()) / 1e6, rt.totalMemory() / 1e6, rss());
    }

    private static double rss() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", "")) / 1e3;
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }
}
