package loombook.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import loombook.GroupLeader;
import loombook.HostProcess;
import loombook.Node;

/**
 * Proves that every workload completes at a tiny size and prints well-formed lines with the BEAM
 * suite's metric names. It never looks at a time: the suite itself is run by bench/run.sh.
 */
class BenchSmokeTest {
    static final Pattern LINE = Pattern.compile(
            "workload=(\\w+) n=(\\d+) value=(-?[0-9.]+) unit=(\\S+) min=(-?[0-9.]+) max=(-?[0-9.]+) spread_pct=(\\d+\\.\\d) runs=(\\S+)");

    @Test
    @Timeout(120)
    void everyWorkloadCompletesAtATinySizeAndPrintsTheBeamFormat() throws InterruptedException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        try (HostProcess driver = HostProcess.start("bench-smoke", GroupLeader.system())) {
            Suite suite = new Suite(out, 2);
            for (Workload w : Workloads.ALL) {
                driver.run(() -> suite.run(w, 100));     // 1/100 of the size, warm-up at 1/1000
            }
        }
        List<String> metrics = new ArrayList<>();
        for (String line : buf.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            Matcher m = LINE.matcher(line);
            assertTrue(m.matches(), "not a workload line: " + line);
            assertEquals(2, m.group(8).split(",").length, line);
            metrics.add(m.group(1));
        }
        List<String> expected = new ArrayList<>(List.of("spawn", "spawn_mem", "spawn_mem_process_info", "spawn_teardown",
                "spawn_exit", "pingpong", "pingpong_rtt", "ring", "fanin",
                "selective_k0", "selective_k10000", "selective_scan",
                "genserver_call_1client", "genserver_call_100clients",
                "timeout_total", "timeout_wait_mean", "timeout_wait_max",
                "parallel_cpu_ms", "parallel_cpu_speedup", "parallel_pingpong"));
        assertTrue(metrics.containsAll(expected), "metrics " + metrics + " lack some of " + expected);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Node.processCount() > 0 && System.nanoTime() < deadline) Thread.sleep(5);
        assertEquals(0, Node.processCount(), "every process of the workloads has ended");
    }

    @Test
    void formatsNumbersAsTheBeamSuiteDoes() {
        assertEquals("2646", Suite.fmt(2645.6));
        assertEquals("11.7", Suite.fmt(11.7));
        assertEquals("12.0", Suite.fmt(12.0));
        assertEquals("338.617", Suite.fmt(338.6174));
        assertEquals("workload=x n=3 value=2.0 unit=ms min=1.0 max=3.0 spread_pct=100.0 runs=3.0,1.0,2.0",
                Suite.line("x", 3, "ms", List.of(3.0, 1.0, 2.0)));
    }
}
