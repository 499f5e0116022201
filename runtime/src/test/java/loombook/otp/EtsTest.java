package loombook.otp;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import loombook.Node;
import loombook.Pid;
import loombook.Reason;
import loombook.SharingPolicy;
import loombook.Rt;

/** Ets: table types, access modes against the calling process, ownership, heirs, counters, queries. */
class EtsTest {
    record User(String name, int age) {}

    @Test
    void setsReplaceBagsAccumulate() throws Exception {
        Rt.inProcess(() -> {
            Ets<String, Integer> set = Ets.newTable("set");
            assertTrue(set.insert("a", 1));
            set.insert("a", 2);
            assertEquals(List.of(2), set.lookup("a"));
            assertFalse(set.insertNew("a", 3));
            assertTrue(set.insertNew("b", 3));
            assertEquals(2, set.size());
            assertTrue(set.member("b"));
            assertEquals(List.of(3), set.take("b"));
            assertFalse(set.member("b"));
            assertEquals(List.of(), set.lookup("nope"));
            assertEquals(2, (int) set.lookupElement("a"));
            assertThrows(IllegalArgumentException.class, () -> set.lookupElement("nope"));

            Ets<String, String> bag = Ets.newTable("bag", Ets.BAG);
            bag.insert("post", "java");
            bag.insert("post", "otp");
            bag.insert("post", "java");        // equal: not added again
            assertEquals(List.of("java", "otp"), bag.lookup("post"));
            bag.deleteObject("post", "java");
            assertEquals(List.of("otp"), bag.lookup("post"));

            Ets<String, String> dup = Ets.newTable("dup", Ets.DUPLICATE_BAG);
            dup.insert("k", "x");
            dup.insert("k", "x");
            dup.insert("k", "y");
            assertEquals(List.of("x", "x", "y"), dup.lookup("k"));
            assertEquals(3, dup.size());
            dup.deleteObject("k", "x");
            assertEquals(List.of("y"), dup.lookup("k"));
            assertThrows(IllegalArgumentException.class, () -> dup.lookupElement("k"));
        });
    }

    @Test
    void orderedSetsKeepKeyOrderAndAnswerRangeQueries() throws Exception {
        Rt.inProcess(() -> {
            Ets<Integer, String> log = Ets.newTable("log", Ets.ORDERED_SET);
            for (int k : new int[] {5, 1, 4, 2, 3}) log.insert(k, "e" + k);
            assertEquals(List.of(1, 2, 3, 4, 5), log.toList().stream().map(Map.Entry::getKey).toList());
            assertEquals(List.of(Map.entry(2, "e2"), Map.entry(3, "e3"), Map.entry(4, "e4")), log.range(2, 4));
            assertEquals(1, log.first());
            assertEquals(5, log.last());
            assertEquals(3, log.next(2));
            assertEquals(1, log.prev(2));
            assertNull(log.next(5), "null is '$end_of_table'");
            Ets<Object, String> bad = Ets.newTable("bad", Ets.ORDERED_SET);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.insert(new Object(), "x"));
            assertTrue(e.getMessage().contains("must be Comparable"), e.getMessage());
            Ets<String, String> set = Ets.newTable("plain");
            assertThrows(IllegalArgumentException.class, () -> set.range("a", "b"));
        });
    }

    @Test
    void countersAreAtomicUnderConcurrentWriters() throws Exception {
        Rt.inProcess(() -> {
            Ets<String, Long> hits = Ets.newTable("hits", Ets.PUBLIC);
            hits.insert("home", 0L);
            Pid me = self();
            int writers = 20, each = 500;
            for (int w = 0; w < writers; w++) {
                spawn(() -> {
                    for (int i = 0; i < each; i++) hits.updateCounter("home", 1);
                    send(me, "done");
                });
            }
            for (int w = 0; w < writers; w++) assertEquals("done", receive());
            assertEquals(List.of((long) writers * each), hits.lookup("home"));
            assertEquals(1, hits.updateCounter("about", 1, 0L), "a missing key starts from the initial value");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hits.updateCounter("missing", 1));
            assertTrue(e.getMessage().contains("has no object with key missing"), e.getMessage());
            Ets<String, String> words = Ets.newTable("words");
            words.insert("w", "not a number");
            assertThrows(IllegalArgumentException.class, () -> words.updateCounter("w", 1));
        });
    }

    @Test
    void matchSelectAndSelectDelete() throws Exception {
        Rt.inProcess(() -> {
            Ets<Integer, User> users = Ets.newTable("users", Ets.ORDERED_SET);
            users.insert(1, new User("ada", 36));
            users.insert(2, new User("bob", 12));
            users.insert(3, new User("cy", 71));
            assertEquals(List.of(Map.entry(1, new User("ada", 36)), Map.entry(3, new User("cy", 71))),
                    users.match((id, u) -> u.age() >= 18));
            assertEquals(List.of("ada", "cy"), users.select((id, u) -> u.age() >= 18 ? u.name() : null));
            assertEquals(1, users.selectCount((id, u) -> u.age() < 18));
            assertEquals(2, users.selectDelete((id, u) -> u.age() >= 18));
            assertEquals(List.of(2), users.toList().stream().map(Map.Entry::getKey).toList());
            users.deleteAllObjects();
            assertEquals(0, users.size());
        });
    }

    @Test
    void aPrivateTableRefusesOtherProcessesWithAClearError() throws Exception {
        Rt.inProcess(() -> {
            Ets<String, String> secrets = Ets.newTable("secrets", Ets.PRIVATE);
            secrets.insert("k", "v");
            assertEquals(List.of("v"), secrets.lookup("k"), "the owner may");
            Pid me = self();
            Pid other = spawn(() -> {
                try {
                    secrets.lookup("k");
                    send(me, "read it!");
                } catch (IllegalArgumentException e) {
                    send(me, e.getMessage());
                }
            });
            String msg = Rt.await(String.class);
            assertTrue(msg.contains(other + " cannot read table 'secrets': it is PRIVATE to its owner " + me), msg);
            assertTrue(msg.contains("create it PROTECTED"), msg);
        });
    }

    @Test
    void aProtectedTableIsReadableByAllButWritableOnlyByItsOwner() throws Exception {
        Rt.inProcess(() -> {
            Ets<String, Integer> scores = Ets.newTable("scores");
            scores.insert("ada", 3);
            Pid me = self();
            spawn(() -> {
                send(me, scores.lookup("ada"));
                try {
                    scores.insert("eve", 99);
                } catch (IllegalArgumentException e) {
                    send(me, e.getMessage());
                }
            });
            assertEquals(List.of(3), Rt.await(List.class));
            String msg = Rt.await(String.class);
            assertTrue(msg.contains("cannot write to table 'scores': it is PROTECTED, so only its owner " + me + " may write"), msg);
            assertEquals(List.of(), scores.lookup("eve"));
            CompletableFuture<String> fromThread = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try {
                    scores.insert("x", 1);
                    fromThread.complete("wrote");
                } catch (IllegalArgumentException e) {
                    fromThread.complete(e.getMessage());
                }
            });
            assertTrue(fromThread.get().contains("a thread that is not a process"), fromThread.get());
        });
    }

    @Test
    void aPublicTableIsOpenToEveryProcess() throws Exception {
        Rt.inProcess(() -> {
            Ets<String, Integer> shared = Ets.newTable("shared", Ets.PUBLIC);
            Pid me = self();
            spawn(() -> {
                shared.insert("from-child", 1);
                send(me, "ok");
            });
            receive();
            assertEquals(List.of(1), shared.lookup("from-child"));
        });
    }

    @Test
    void theTableOfADeadOwnerIsGone() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            var owner = spawnMonitor(() -> {
                Ets<String, Integer> t = Ets.newTable("short-lived", Ets.PUBLIC, Ets.NAMED_TABLE);
                t.insert("a", 1);
                send(me, t);
                receive(m -> m);
            });
            @SuppressWarnings("unchecked")
            Ets<String, Integer> t = Rt.await(Ets.class);
            assertEquals(List.of(1), t.lookup("a"));
            assertEquals(t, Ets.whereis("short-lived"));
            loombook.Process.exit(owner.pid(), Reason.KILL);
            Rt.awaitDown(owner.ref());
            assertFalse(t.exists());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.lookup("a"));
            assertTrue(e.getMessage().contains("does not exist any more: its owner " + owner.pid() + " died"), e.getMessage());
            assertNull(Ets.whereis("short-lived"), "the name is free");
            Ets<String, Integer> again = Ets.newTable("short-lived", Ets.NAMED_TABLE);
            assertEquals(again, Ets.whereis("short-lived"));
            assertFalse(Ets.all().contains(t));
        });
    }

    @Test
    void anHeirInheritsTheTableAndIsTold() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            var owner = spawnMonitor(() -> {
                Ets<String, Integer> t = Ets.newTable("inherited", Ets.heir(me, "take care of it"));
                t.insert("a", 1);
                send(me, t);
                receive(m -> m);
            });
            @SuppressWarnings("unchecked")
            Ets<String, Integer> t = Rt.await(Ets.class);
            loombook.Process.exit(owner.pid(), "boom");
            Ets.Transfer transfer = Rt.await(Ets.Transfer.class);
            assertEquals(t, transfer.table());
            assertEquals(owner.pid(), transfer.from());
            assertEquals("take care of it", transfer.data());
            assertEquals(me, t.owner());
            t.insert("b", 2);                     // protected: the heir is the owner now
            assertEquals(2, t.size());
            assertNull(t.info().heir(), "the heir option is used up");
        });
    }

    @Test
    void aTableWhoseHeirIsDeadIsDeletedWithItsOwner() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            var heir = spawnMonitor(() -> receive(m -> m));
            var owner = spawnMonitor(() -> {
                send(me, Ets.newTable("orphan", Ets.heir(heir.pid(), null)));
                receive(m -> m);
            });
            Ets<?, ?> t = Rt.await(Ets.class);
            loombook.Process.exit(heir.pid(), Reason.KILL);
            Rt.awaitDown(heir.ref());
            loombook.Process.exit(owner.pid(), Reason.KILL);
            Rt.awaitDown(owner.ref());
            assertFalse(t.exists());
        });
    }

    @Test
    void giveAwayAndSetHeirAreForTheOwner() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Ets<String, Integer> t = Ets.newTable("gift");
            Pid receiver = spawn(() -> {
                Ets.Transfer tr = receive(Ets.Transfer.class);
                @SuppressWarnings("unchecked")
                Ets<String, Integer> mine = (Ets<String, Integer>) tr.table();
                mine.insert("from-new-owner", 1);
                send(me, tr.data());
                receive(m -> m);
            });
            t.giveAway(receiver, "yours");
            assertEquals("yours", receive());
            assertEquals(receiver, t.owner());
            assertEquals(List.of(1), t.lookup("from-new-owner"));
            assertThrows(IllegalArgumentException.class, () -> t.insert("old-owner", 0));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.setHeir(me, null));
            assertTrue(e.getMessage().contains("only the owner " + receiver), e.getMessage());
        });
    }

    @Test
    void aTableHandleIsAnImmutableValueThatCanBeSent() throws Exception {
        SharingPolicy old = Node.sharingPolicy();
        Node.sharingPolicy(SharingPolicy.REJECT);
        try {
            Rt.inProcess(() -> {
                Ets<String, Integer> t = Ets.newTable("sendable");
                send(self(), t);
                assertEquals(t, receive());
                assertEquals("#Ets<sendable>", t.toString());
            });
        } finally {
            Node.sharingPolicy(old);
        }
    }

    @Test
    void readersAndWritersRunTogether() throws Exception {
        Rt.inProcess(() -> {
            Ets<Integer, Integer> t = Ets.newTable("busy", Ets.PUBLIC, Ets.ORDERED_SET);
            Pid me = self();
            for (int r = 0; r < 4; r++) {
                spawn(() -> {
                    int seen = 0;
                    for (int i = 0; i < 2000; i++) seen += t.lookup(i % 100).size() + t.range(0, 10).size();
                    send(me, "reader done " + (seen >= 0));
                });
            }
            spawn(() -> {
                for (int i = 0; i < 2000; i++) {
                    t.insert(i % 100, i);
                    if (i % 7 == 0) t.delete(i % 100);
                }
                send(me, "writer done");
            });
            for (int i = 0; i < 5; i++) {
                Object m = Rt.await("a reader or the writer to finish", x -> x instanceof String str && str.contains("done") ? str : null);
                assertTrue(m.equals("reader done true") || m.equals("writer done"), m.toString());
            }
            assertTrue(t.size() <= 100);
        });
    }

    @Test
    void nullsAndOptionsAreCheckedClearly() throws Exception {
        Rt.inProcess(() -> {
            Ets<String, String> t = Ets.newTable("nulls");
            NullPointerException e = assertThrows(NullPointerException.class, () -> t.insert("k", null));
            assertTrue(e.getMessage().contains("must not be null"), e.getMessage());
            Ets.newTable("once", Ets.NAMED_TABLE);
            assertThrows(IllegalArgumentException.class, () -> Ets.newTable("once", Ets.NAMED_TABLE));
            t.delete();
            assertFalse(t.exists());
            assertTrue(t.toString().contains("deleted"), t.toString());
        });
    }
}
