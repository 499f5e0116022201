package loombook;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * On a JVM without {@code --add-opens java.base/java.lang=ALL-UNNAMED} the runtime still works, on
 * the JDK's default scheduler, and says so in one line (docs/decisions/0006-schedulers.md). Runs
 * {@link Main} in a JVM of its own, started without the flag.
 */
class FallbackTest {
    @Test
    void withoutTheHookProcessesRunOnTheJdksSchedulerAndOneLineSaysSo() throws Exception {
        String out = run(false);
        assertTrue(out.contains("loombook: processes run on the JDK's default virtual-thread scheduler"), out);
        assertTrue(out.contains("--add-opens java.base/java.lang=ALL-UNNAMED"), out);
        assertEquals(1, out.split("loombook: processes run on", -1).length - 1, "one line, once: " + out);
        assertTrue(out.contains("round trips: 1000"), out);
        assertTrue(out.contains("timeout: timeout"), out);
        assertTrue(out.contains("sendAfter: tick"), out);
        assertTrue(out.contains("killed: killed"), out);
        assertTrue(out.contains("scheduler of a process: 0"), out);
        assertTrue(out.contains("Node.schedulers(2): UnsupportedOperationException"), out);
    }

    @Test
    void withTheHookTheSameProgramRunsOnTheRuntimesSchedulersQuietly() throws Exception {
        String out = run(true);
        assertFalse(out.contains("default virtual-thread scheduler"), out);
        assertTrue(out.contains("round trips: 1000") && out.contains("killed: killed"), out);
        assertTrue(out.contains("Node.schedulers(2): ok"), out);
    }

    private static String run(boolean hook) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        if (hook) cmd.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        java.lang.Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the program ended");
        String out = new String(bytes, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** A small program that uses what the runtime offers, run by the test above in a JVM of its own. */
    public static final class Main {
        public static void main(String[] args) throws Exception {
            try (HostProcess host = HostProcess.start("main", GroupLeader.system())) {
                host.call(() -> {
                    Pid echo = Process.spawn(() -> Process.loop(0, (n, m) -> {
                        if (m instanceof Pid from) {
                            Process.send(from, n);
                            return Process.next(n + 1);
                        }
                        return Process.stop(n);
                    }));
                    int last = -1;
                    for (int i = 0; i < 1000; i++) {
                        Process.send(echo, Process.self());
                        last = Process.receive(Integer.class);
                    }
                    System.out.println("round trips: " + (last + 1));
                    System.out.println("timeout: " + Process.receive(m -> null, 20, () -> "timeout"));
                    Process.sendAfter(Process.self(), "tick", 10);
                    System.out.println("sendAfter: " + Process.receive(m -> m.equals("tick") ? m : null, 5000, () -> "none"));
                    Pid spinner = Process.spawn(() -> {
                        while (true) Reductions.consume(Reductions.CHECK_INTERVAL);
                    });
                    Ref ref = Process.monitor(spinner);
                    Process.exit(spinner, Reason.KILL);
                    Down d = Process.receive(m -> m instanceof Down down && down.ref().equals(ref) ? down : null, 5000, () -> null);
                    System.out.println("killed: " + (d == null ? "no DOWN" : d.reason()));
                    Pid idle = Process.spawn(() -> Process.receive(m -> m));
                    System.out.println("scheduler of a process: " + (Schedulers.own() ? "own" : Process.info(idle).scheduler()));
                    Process.send(idle, "bye");
                    Process.send(echo, "stop");
                    try {
                        Node.schedulers(2);
                        System.out.println("Node.schedulers(2): ok");
                    } catch (UnsupportedOperationException e) {
                        System.out.println("Node.schedulers(2): UnsupportedOperationException " + e.getMessage());
                    }
                    return null;
                });
            }
        }
    }
}
