package loombook.otp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import loombook.GroupLeader;
import loombook.HostProcess;
import loombook.Pid;
import loombook.Process;

/**
 * A notebook cell can be interrupted while it waits in a start or a call: the cell's process
 * survives, and nothing of the interrupted request reaches its mailbox later.
 */
class InterruptTest {
    record Slow(long millis) {}

    static final class SlowServer extends GenServer<Long, Void> {
        @Override
        public Init<Void> init(Long initMillis) {
            Process.register("interrupt-test-" + initMillis, Process.self());
            Process.sleep(initMillis);
            return ok(null);
        }

        @Override
        public CallResult<Void> handleCall(Object request, From from, Void s) {
            if (request instanceof Slow(long ms)) Process.sleep(ms);
            return reply("done", s);
        }
    }

    private static Thread runInCell(HostProcess cell, Runnable body, CompletableFuture<String> outcome) {
        return Thread.ofPlatform().start(() -> {
            try {
                cell.run(body);
                outcome.complete("returned");
            } catch (CancellationException e) {
                outcome.complete("interrupted");
            } catch (Throwable t) {
                outcome.complete("threw " + t);
            }
        });
    }

    private static void awaitName(String name) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (Process.whereis(name) == null) {
            if (System.nanoTime() > end) fail(name + " never appeared");
            Thread.sleep(2);
        }
    }

    @Test
    void anInterruptedStartStopsTheHalfStartedServer() throws Exception {
        try (HostProcess cell = HostProcess.start("cell", GroupLeader.system())) {
            CompletableFuture<String> outcome = new CompletableFuture<>();
            Thread t = runInCell(cell, () -> GenServer.startLink(new SlowServer(), 60_000L), outcome);
            awaitName("interrupt-test-60000");
            Pid child = Process.whereis("interrupt-test-60000");
            t.interrupt();
            assertEquals("interrupted", outcome.get(5, TimeUnit.SECONDS));
            long end = System.nanoTime() + 5_000_000_000L;
            while (Process.alive(child) && System.nanoTime() < end) Thread.sleep(2);
            assertFalse(Process.alive(child), "the half-started server was stopped");
            assertTrue(cell.alive(), "and its death did not take the cell's process with it");
            assertEquals(List.of(), cell.call(Process::flush));
        }
    }

    @Test
    void anInterruptedCallLeavesNoLateReply() throws Exception {
        try (HostProcess cell = HostProcess.start("cell", GroupLeader.system())) {
            Pid server = cell.call(() -> GenServer.start(new SlowServer(), 0L));
            CompletableFuture<String> outcome = new CompletableFuture<>();
            Thread t = runInCell(cell, () -> GenServer.call(server, new Slow(300)), outcome);
            Thread.sleep(50);
            t.interrupt();
            assertEquals("interrupted", outcome.get(5, TimeUnit.SECONDS));
            assertEquals("done", cell.call(() -> GenServer.call(server, new Slow(0))), "the server answered the first call, then this one");
            assertEquals(List.of(), cell.call(Process::flush), "the interrupted call's reply was dropped");
            assertEquals(0, cell.call(() -> Process.info(Process.self()).monitors().size()));
        }
    }
}
