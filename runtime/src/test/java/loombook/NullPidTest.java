package loombook;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A null pid (often a whereis(name) that found nobody) is a clear error naming the function, never an NPE from inside. */
class NullPidTest {
    @Test
    void everyFunctionTakingAPidNamesItselfAndTheNullPid() throws Exception {
        Rt.inProcess(() -> {
            Map<String, Consumer<Pid>> calls = Map.ofEntries(
                    Map.entry("alive", p -> alive(p)),
                    Map.entry("send", p -> send(p, "x")),
                    Map.entry("exit", p -> Process.exit(p, Reason.KILL)),
                    Map.entry("link", p -> link(p)),
                    Map.entry("unlink", p -> unlink(p)),
                    Map.entry("monitor", p -> monitor(p)),
                    Map.entry("register", p -> register("null-pid-test", p)),
                    Map.entry("sendAfter", p -> sendAfter(p, "x", 10)),
                    Map.entry("sendInterval", p -> sendInterval(p, "x", 10)),
                    Map.entry("info", p -> info(p)),
                    Map.entry("groupLeader", p -> groupLeader(GroupLeader.system(), p)));
            calls.forEach((function, call) -> {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> call.accept(whereis("nobody-by-that-name")), function);
                assertTrue(e.getMessage().startsWith(function + ": the pid is null (whereis(name) returns null"), e.getMessage());
            });
        });
    }
}
