package loombook;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** A host process, as the notebook uses it: one process across many calls. */
class HostProcessTest {
    @Test
    void selfAndTheMailboxLiveAcrossCalls() throws Exception {
        try (HostProcess host = HostProcess.start("notebook", GroupLeader.system())) {
            Pid first = host.call(Process::self);
            host.run(() -> send(self(), "from cell 1"));
            assertEquals(first, host.call(Process::self));
            assertEquals("from cell 1", host.call(Process::receive));
            assertEquals(host.pid(), first);
        }
    }

    @Test
    void aLinkedCrashKillsTheHostAndItsNextCallSaysWhy() throws Exception {
        HostProcess host = HostProcess.start("notebook", GroupLeader.system());
        Capture quiet = new Capture();
        host.groupLeader(quiet);
        ProcessExit e = assertThrows(ProcessExit.class, () -> host.run(() -> {
            spawnLink(() -> {
                throw new IllegalStateException("linked crash");
            });
            receive();   // the crash arrives while we wait
        }));
        assertInstanceOf(IllegalStateException.class, e.reason());
        assertFalse(host.alive());
        assertInstanceOf(IllegalStateException.class, host.exitReason());
        assertThrows(ProcessExit.class, () -> host.run(() -> { }));
    }

    @Test
    void anInterruptEndsAReceiveOnTheHostsThreadWithoutKillingIt() throws Exception {
        try (HostProcess host = HostProcess.start("notebook", GroupLeader.system())) {
            Thread caller = Thread.currentThread();
            Thread interrupter = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ignored) {
                }
                caller.interrupt();
            });
            assertThrows(CancellationException.class, () -> host.run(() -> receive()));
            interrupter.join();
            assertTrue(host.alive());
            host.run(() -> send(self(), "still works"));
            assertEquals(List.of("still works"), host.call(Process::flush));
        }
    }

    @Test
    void oneThreadAtATime() throws Exception {
        try (HostProcess host = HostProcess.start("notebook", GroupLeader.system())) {
            host.run(() -> {
                var error = new java.util.concurrent.atomic.AtomicReference<Throwable>();
                Thread t = Thread.ofPlatform().start(() -> {
                    try {
                        host.run(() -> { });
                    } catch (Throwable x) {
                        error.set(x);
                    }
                });
                try {
                    t.join();
                } catch (InterruptedException ignored) {
                }
                assertInstanceOf(IllegalStateException.class, error.get());
            });
        }
    }

    @Test
    void closingTheHostEndsItNormally() throws Exception {
        HostProcess host = HostProcess.start("notebook", GroupLeader.system());
        Rt.inProcess(() -> {
            Ref ref = monitor(host.pid());
            host.close();
            assertEquals(Reason.NORMAL, Rt.awaitDown(ref).reason());
        });
    }
}
