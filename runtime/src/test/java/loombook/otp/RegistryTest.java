package loombook.otp;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

import loombook.Pid;
import loombook.Reason;
import loombook.Rt;

/** Registry: unique and duplicate keys, cleanup on death, via-names, dispatch. */
class RegistryTest {
    record Get() {}

    static final class Named extends GenServer<String, String> {
        @Override
        public Init<String> init(String s) {
            return ok(s);
        }

        @Override
        public CallResult<String> handleCall(Object request, From from, String s) {
            return reply(s, s);
        }
    }

    @Test
    void uniqueKeys() throws Exception {
        Rt.inProcess(() -> {
            Registry.start(Registry.UNIQUE, "reg-unique");
            Registry.register("reg-unique", "me", 42);
            assertEquals(List.of(new Registry.Entry(self(), 42)), Registry.lookup("reg-unique", "me"));
            assertEquals(self(), Registry.whereis("reg-unique", "me"));
            assertEquals(List.of("me"), Registry.keys("reg-unique", self()));
            Pid me = self();
            Pid other = spawn(() -> {
                try {
                    Registry.register("reg-unique", "me", 1);
                } catch (Registry.AlreadyRegistered e) {
                    send(me, e.pid());
                }
            });
            assertEquals(self(), Rt.await(Pid.class), "a taken unique key is refused with the holder's pid");
            Rt.awaitExit(other);
            assertEquals(43, Registry.updateValue("reg-unique", "me", v -> (Integer) v + 1));
            assertEquals(List.of(43), Registry.values("reg-unique", "me", self()));
            Registry.unregister("reg-unique", "me");
            assertEquals(List.of(), Registry.lookup("reg-unique", "me"));
            assertNull(Registry.whereis("reg-unique", "me"));
            assertEquals(0, Registry.count("reg-unique"));
        });
    }

    @Test
    void entriesGoWhenTheirProcessDies() throws Exception {
        Rt.inProcess(() -> {
            Pid reg = Registry.start(Registry.UNIQUE, "reg-cleanup");
            Pid me = self();
            var worker = spawnMonitor(() -> {
                Registry.register("reg-cleanup", "job", null);
                send(me, "registered");
                receive(m -> m);
            });
            assertEquals("registered", receive());
            assertEquals(worker.pid(), Registry.whereis("reg-cleanup", "job"));
            loombook.Process.exit(worker.pid(), "boom");
            Rt.awaitDown(worker.ref());
            assertNull(Registry.whereis("reg-cleanup", "job"), "a dead process is never returned");
            Rt.eventually("the registry removed the entry", () -> Registry.count("reg-cleanup") == 0);
            assertTrue(alive(reg), "the registry survives its members' deaths");
            Registry.register("reg-cleanup", "job", null);          // the key is free again
            assertEquals(self(), Registry.whereis("reg-cleanup", "job"));
        });
    }

    @Test
    void duplicateKeysAndDispatch() throws Exception {
        Rt.inProcess(() -> {
            Registry.start(Registry.DUPLICATE, "reg-topics");
            Pid me = self();
            for (int i = 0; i < 3; i++) {
                int n = i;
                spawn(() -> {
                    Registry.register("reg-topics", "news", n);
                    send(me, "subscribed");
                    Object msg = receive();
                    send(me, "subscriber " + n + " got " + msg);
                });
            }
            for (int i = 0; i < 3; i++) assertEquals("subscribed", receive());
            assertEquals(3, Registry.lookup("reg-topics", "news").size());
            assertEquals(2, Registry.match("reg-topics", "news", v -> (Integer) v > 0).size());
            Registry.dispatch("reg-topics", "news", entries -> entries.forEach(e -> send(e.pid(), "extra!")));
            List<Object> got = List.of(receive(), receive(), receive());
            for (int i = 0; i < 3; i++) assertTrue(got.contains("subscriber " + i + " got extra!"), got.toString());
            Rt.eventually("the subscribers' entries are gone", () -> Registry.lookup("reg-topics", "news").isEmpty());
            boolean[] called = {false};
            Registry.dispatch("reg-topics", "news", e -> called[0] = true);
            assertFalse(called[0], "no entries: the callback is not called");
            Registry.register("reg-topics", "sport", "a");
            Registry.register("reg-topics", "sport", "b");
            assertEquals(List.of("a", "b"), Registry.values("reg-topics", "sport", self()));
            assertThrows(IllegalArgumentException.class, () -> Registry.whereis("reg-topics", "sport"));
        });
    }

    @Test
    void viaNamesForGenServersAgentsAndStateMachines() throws Exception {
        Rt.inProcess(() -> {
            Registry.start(Registry.UNIQUE, "reg-via");
            var name = Registry.via("reg-via", List.of("worker", 1));
            Pid w = GenServer.start(new Named(), "w1", name);
            assertEquals(w, GenServer.whereis(name));
            assertEquals("w1", GenServer.call(name, new Get()));
            StartFailed e = assertThrows(StartFailed.class, () -> GenServer.start(new Named(), "w2", name));
            assertEquals(new StartFailed.AlreadyStarted(w), e.reason());
            Agent<Integer> a = Agent.start(() -> 5, Registry.via("reg-via", "agent"));
            assertEquals(5, (int) Agent.get(Agent.<Integer>of(Registry.via("reg-via", "agent")), x -> x));
            assertEquals(a.pid(), Registry.whereis("reg-via", "agent"));
            GenServer.stop(name);
            Rt.eventually("the via-name is free", () -> Registry.whereis("reg-via", List.of("worker", 1)) == null);
            CallExit ce = (CallExit) Rt.exitReason(() -> GenServer.call(name, new Get()));
            assertEquals(Reason.NOPROC, ce.reason());
            Registry.send("reg-via", "agent", "hello");
        });
    }

    @Test
    void clearErrors() throws Exception {
        Rt.inProcess(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Registry.lookup("no-such-registry", 1));
            assertTrue(e.getMessage().contains("there is no registry named 'no-such-registry'"), e.getMessage());
            assertTrue(e.getMessage().contains("Registry.start(Registry.UNIQUE"), e.getMessage());
            Registry.start(Registry.UNIQUE, "reg-errors");
            assertThrows(StartFailed.class, () -> Registry.start(Registry.DUPLICATE, "reg-errors"));
            assertThrows(IllegalArgumentException.class, () -> Registry.send("reg-errors", "nobody", "x"));
        });
    }

    @Test
    void registeredProcessesAreLinkedToTheRegistry() throws Exception {
        Rt.inProcess(() -> {
            Pid reg = Registry.start(Registry.UNIQUE, "reg-link");
            Pid me = self();
            var member = spawnMonitor(() -> {
                Registry.register("reg-link", "m", null);
                send(me, "in");
                receive(m -> m);
            });
            assertEquals("in", receive());
            GenServer.stop("reg-link", Reason.SHUTDOWN);
            assertEquals(Reason.SHUTDOWN, Rt.awaitDown(member.ref()).reason(),
                    "as in Elixir, the registry's exit reaches the processes registered in it");
            assertFalse(alive(reg));
        });
    }
}
