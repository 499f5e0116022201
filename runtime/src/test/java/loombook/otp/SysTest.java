package loombook.otp;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

import loombook.Capture;
import loombook.HostProcess;
import loombook.Pid;
import loombook.Reason;
import loombook.Rt;

/** Sys: get/replace state, suspend/resume, trace (to the group leader of whoever turned it on), status. */
class SysTest {
    record Inc(int by) {}
    record Get() {}

    static final class Counter extends GenServer<Integer, Integer> {
        @Override
        public Init<Integer> init(Integer n) {
            return ok(n);
        }

        @Override
        public CallResult<Integer> handleCall(Object request, From from, Integer n) {
            return request instanceof Get ? reply(n, n) : super.handleCall(request, from, n);
        }

        @Override
        public Result<Integer> handleCast(Object request, Integer n) {
            return request instanceof Inc(int by) ? noreply(n + by) : super.handleCast(request, n);
        }

        @Override
        public Object formatStatus(Integer n) {
            return "count=" + n;
        }
    }

    @Test
    void getAndReplaceState() throws Exception {
        Rt.inProcess(() -> {
            Pid c = GenServer.start(new Counter(), 5);
            assertEquals(5, (int) Sys.getState(c));
            assertEquals(50, (int) Sys.replaceState(c, (Integer n) -> n * 10));
            assertEquals(50, (int) GenServer.call(c, new Get()));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Sys.replaceState(c, (Integer n) -> Math.floorDiv(n, 0)));
            assertTrue(e.getMessage().contains("java.lang.ArithmeticException: / by zero"), e.getMessage());
            assertEquals(50, (int) Sys.getState(c), "a failed replace leaves the state as it was");
            assertTrue(alive(c));
        });
    }

    @Test
    void suspendHoldsEverythingButSystemMessages() throws Exception {
        Rt.inProcess(() -> {
            Pid c = GenServer.start(new Counter(), 0);
            Sys.suspend(c);
            GenServer.cast(c, new Inc(1));
            CallExit ce = (CallExit) Rt.exitReason(() -> GenServer.call(c, new Get(), 50));
            assertEquals(Reason.TIMEOUT, ce.reason());
            assertEquals(0, (int) Sys.getState(c), "system messages are still answered");
            assertTrue(Sys.getStatus(c).suspended());
            Sys.resume(c);
            assertEquals(1, (int) GenServer.call(c, new Get()), "the held messages are handled, in order");
            assertFalse(Sys.getStatus(c).suspended());
        });
    }

    @Test
    void statusDescribesTheProcess() throws Exception {
        Rt.inProcess(() -> {
            Pid c = GenServer.start(new Counter(), 3, "sys-test-counter");
            Sys.Status s = Sys.getStatus("sys-test-counter");
            assertEquals(new Sys.Status(c, "GenServer", "Counter", "sys-test-counter", false, null, "count=3", false), s);
        });
    }

    @Test
    void traceGoesToTheGroupLeaderOfTheProcessThatTurnedItOn() throws Exception {
        Capture starter = new Capture();
        Capture tracer = new Capture();
        Pid[] c = new Pid[1];
        try (HostProcess a = HostProcess.start("starter", starter); HostProcess b = HostProcess.start("tracer", tracer)) {
            a.run(() -> c[0] = GenServer.start(new Counter(), 0));
            b.run(() -> {
                Sys.trace(c[0], true);
                GenServer.cast(c[0], new Inc(2));
                assertEquals(2, (int) GenServer.call(c[0], new Get()));
                Sys.trace(c[0], false);
                GenServer.cast(c[0], new Inc(1));
                GenServer.call(c[0], new Get());
            });
        }
        String text = tracer.text();
        List<String> lines = text.lines().toList();
        assertEquals(List.of(
                "*DBG* " + c[0] + " got cast Inc[by=2]",
                "*DBG* " + c[0] + " new state 2",
                "*DBG* " + c[0] + " got call Get[] from " + lines.get(2).substring(lines.get(2).lastIndexOf("#PID")),
                "*DBG* " + c[0] + " sent 2 to " + lines.get(2).substring(lines.get(2).lastIndexOf("#PID")) + ", new state 2"),
                lines, text);
        assertEquals("", starter.text(), "nothing goes to the group leader of the process that started the server");
    }

    @Test
    void sysOnAPlainProcessTimesOutWithAClearReason() throws Exception {
        Rt.inProcess(() -> {
            Pid plain = spawn(() -> receive(m -> "never".equals(m) ? m : null));
            long t0 = System.nanoTime();
            CallExit ce = (CallExit) Rt.exitReason(() -> Sys.getState(plain, 50));
            assertEquals(Reason.TIMEOUT, ce.reason());
            assertEquals("Sys.getState", ce.function());
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 5_000);
            assertEquals(List.of(), messages());
        });
    }
}
