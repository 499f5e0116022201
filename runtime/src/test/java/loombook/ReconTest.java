package loombook;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** recon's proc_count, and what a process is running now (Erlang's current_function). */
class ReconTest {
    @Test
    void procCountRanksByMailboxMemoryAndReductions() throws Exception {
        Rt.inProcess(() -> {
            Pid small = spawn(() -> receive(m -> m.equals("never") ? m : null));
            Pid big = spawn(() -> receive(m -> m.equals("never") ? m : null));
            for (int i = 0; i < 50; i++) send(big, i);
            for (int i = 0; i < 5; i++) send(small, i);
            List<ProcessInfo> queues = Recon.procCount(Recon.Attribute.MESSAGE_QUEUE_LEN, 2);
            assertEquals(List.of(big, small), queues.stream().map(ProcessInfo::pid).toList());
            assertEquals(50, queues.getFirst().messageQueueLength());
            assertEquals(big, Recon.procCount(Recon.Attribute.MEMORY, 1).getFirst().pid());
            assertEquals(1, Recon.procCount(Recon.Attribute.REDUCTIONS, 1).size());
            assertEquals(List.of(), Recon.procCount(Recon.Attribute.MEMORY, 0));
            exit(small, Reason.KILL);
            exit(big, Reason.KILL);
        });
        assertThrows(IllegalArgumentException.class, () -> Recon.procCount(null, 3));
        assertThrows(IllegalArgumentException.class, () -> Recon.procCount(Recon.Attribute.MEMORY, -1));
    }

    static void waitHere() {
        receive(m -> m.equals("go") ? m : null);
    }

    static void loopHere() {
        loop(0, (n, m) -> m.equals("go") ? Step.stop(n) : Step.next(n + 1));
    }

    @Test
    void currentFunctionIsTheTopFrameOutsideTheRuntime() throws Exception {
        Rt.inProcess(() -> {
            Pid p = spawn(ReconTest::waitHere);
            sleep(50);
            StackTraceElement f = info(p).currentFunction();
            assertEquals(ReconTest.class.getName(), f.getClassName());
            assertEquals("waitHere", f.getMethodName());
            Pid looping = spawn(ReconTest::loopHere);
            sleep(50);
            StackTraceElement inLoop = info(looping).currentFunction();
            assertEquals("loopHere", inLoop.getMethodName(), "a state loop's process is in the code that called loop(...): " + inLoop);
            send(looping, "go");
            assertEquals(ReconTest.class.getName(), info(self()).currentFunction().getClassName(),
                    "a process asking about itself is in the code that asked, not in the runtime's introspection");
            Pid server = loombook.otp.GenServer.start(new loombook.otp.GenServer<Object, Object>() {
                @Override
                public Init<Object> init(Object arg) {
                    return ok(arg);
                }
            }, 0);
            sleep(50);
            StackTraceElement loop = info(server).currentFunction();
            assertTrue(loop.getClassName().startsWith("loombook.otp."), "a behaviour's loop, as gen_server's: " + loop);
            send(p, "go");
            exit(server, Reason.KILL);
        });
    }
}
