package loombook.course;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import loombook.Pid;
import loombook.Process;
import loombook.exercise.Act3;
import loombook.exercise.Act4;
import loombook.exercise.Exercise;
import loombook.exercise.Trial;
import loombook.otp.Sys;

/**
 * The checks of notebook 11, GenServer: a cache with statistics, a cache whose entries expire, and
 * an account that never overdraws, whatever the schedule ({@link Check11Races}).
 */
public final class Check11 {
    private Check11() {}

    /**
     * Cache with statistics: {@code Cache.start()} starts a GenServer; {@code put(cache, key, value)}
     * is a cast; {@code get(cache, key)} a call that returns the value or null and counts a hit or a
     * miss; {@code stats(cache)} returns the given record {@code Stats(hits, misses, size)} (compared
     * by its text, {@code Stats[hits=1, misses=0, size=1]}).
     *
     * <pre>{@code
     * Check11.cache(Cache::start, Cache::put, Cache::get, Cache::stats);
     * }</pre>
     */
    public static void cache(Supplier<Pid> start, Act3<Pid, String, Object> put, BiFunction<Pid, String, Object> get,
                             Function<Pid, ?> stats) {
        Exercise.named("Cache")
            .test("Cache.start() starts a GenServer", "GenServer.start(new Cache(), null) starts the callbacks in a server process", t -> {
                Pid c = OtpChecks.call(t, "Cache.start()", start::get);
                t.expect(c != null && Process.alive(c), "Cache.start() did not return a live process");
                OtpChecks.expectServer(t, c, "Cache.start()", "Cache");
            })
            .test("a key that was never put: get answers null and counts a miss",
                    "in handleCall, answer reply(null-or-value, newState) and count the miss in the new state", t -> {
                Pid c = OtpChecks.call(t, "Cache.start()", start::get);
                Object v = OtpChecks.call(t, "Cache.get(cache, \"nope\")", () -> get.apply(c, "nope"));
                t.expectEquals("Cache.get(cache, \"nope\")", null, v);
                expectStats(t, stats, c, "after one get of an unknown key", 0, 1, 0);
            })
            .test("put then get answers the value and counts a hit", t -> {
                Pid c = OtpChecks.call(t, "Cache.start()", start::get);
                OtpChecks.run(t, "Cache.put(cache, \"ada\", 1815)", () -> put.run(c, "ada", 1815));
                Object v = OtpChecks.call(t, "Cache.get(cache, \"ada\")", () -> get.apply(c, "ada"));
                t.expectEquals("Cache.get(cache, \"ada\")", 1815, v);
                OtpChecks.call(t, "Cache.get(cache, \"bob\")", () -> get.apply(c, "bob"));
                OtpChecks.call(t, "Cache.get(cache, \"ada\")", () -> get.apply(c, "ada"));
                expectStats(t, stats, c, "after put ada, get ada, get bob, get ada", 2, 1, 1);
            })
            .test("putting a key again replaces its value (size counts keys, not puts)", t -> {
                Pid c = OtpChecks.call(t, "Cache.start()", start::get);
                OtpChecks.run(t, "Cache.put(cache, \"k\", \"first\")", () -> put.run(c, "k", "first"));
                OtpChecks.run(t, "Cache.put(cache, \"k\", \"second\")", () -> put.run(c, "k", "second"));
                OtpChecks.run(t, "Cache.put(cache, \"j\", \"other\")", () -> put.run(c, "j", "other"));
                t.expectEquals("Cache.get(cache, \"k\")", "second", OtpChecks.call(t, "Cache.get(cache, \"k\")", () -> get.apply(c, "k")));
                expectStats(t, stats, c, "after three puts of two keys and one get", 1, 0, 2);
            })
            .test("put is a cast: it returns at once, even while the server is busy",
                    "put should be GenServer.cast, which sends and returns; a call waits for the server's answer", t -> {
                Pid c = OtpChecks.call(t, "Cache.start()", start::get);
                t.step("suspending the cache with Sys.suspend");
                Sys.suspend(c);
                Pid me = t.self();
                record PutDone() {}
                t.spawn(() -> {
                    put.run(c, "late", "value");
                    Process.send(me, new PutDone());
                });
                Object done = t.receiveWithin(1000, m -> m instanceof PutDone ? m : null);
                Sys.resume(c);
                if (done == null) t.fail("Cache.put(cache, ...) was still waiting 1 s later, while the server was suspended: it waits for an answer");
                t.expectEquals("Cache.get(cache, \"late\") once the server runs again", "value",
                        OtpChecks.call(t, "Cache.get(cache, \"late\")", () -> get.apply(c, "late")));
            })
            .test("10 clients at once, 20 gets each: every get is counted once",
                    "the state is changed only in callbacks, which run one at a time: no counter may live outside the server", 5000, t -> {
                Pid c = OtpChecks.call(t, "Cache.start()", start::get);
                OtpChecks.run(t, "Cache.put(cache, \"x\", 1)", () -> put.run(c, "x", 1));
                Pid me = t.self();
                record ClientDone(int wrong) {}
                for (int i = 0; i < 10; i++) {
                    int k = i;
                    t.spawn(() -> {
                        int wrong = 0;
                        for (int j = 0; j < 20; j++) {
                            Object v = get.apply(c, j % 2 == 0 ? "x" : "missing-" + k);
                            if (j % 2 == 0 ? !Integer.valueOf(1).equals(v) : v != null) wrong++;
                        }
                        Process.send(me, new ClientDone(wrong));
                    });
                }
                int wrong = 0;
                for (int i = 0; i < 10; i++) {
                    ClientDone d = t.receiveWithin(4000, m -> m instanceof ClientDone cd ? cd : null);
                    if (d == null) t.fail("only " + i + " of the 10 clients finished their 20 gets within 4 s");
                    wrong += d.wrong();
                }
                t.expect(wrong == 0, wrong + " of the 200 gets answered a wrong value");
                expectStats(t, stats, c, "after 100 hits and 100 misses from 10 clients", 100, 100, 1);
            })
            .test("two caches are independent", "each start starts a server with its own state", t -> {
                Pid a = OtpChecks.call(t, "Cache.start()", start::get);
                Pid b = OtpChecks.call(t, "Cache.start()", start::get);
                t.expect(!a.equals(b), "two calls of Cache.start() returned the same pid");
                OtpChecks.run(t, "Cache.put(a, \"k\", 1)", () -> put.run(a, "k", 1));
                t.expectEquals("Cache.get(b, \"k\")", null, OtpChecks.call(t, "Cache.get(b, \"k\")", () -> get.apply(b, "k")));
                expectStats(t, stats, a, "of cache a", 0, 0, 1);
                expectStats(t, stats, b, "of cache b", 0, 1, 0);
            })
            .check();
    }

    private static void expectStats(Trial t, Function<Pid, ?> stats, Pid c, String when, int hits, int misses, int size) {
        Object s = OtpChecks.call(t, "Cache.stats(cache)", () -> stats.apply(c));
        String expected = "Stats[hits=" + hits + ", misses=" + misses + ", size=" + size + "]";
        if (!expected.equals(String.valueOf(s))) {
            throw t.fail("Cache.stats(cache) " + when + " was not what the exercise asks for", expected, String.valueOf(s));
        }
    }

    /**
     * Entries that expire: {@code TtlCache.start()} starts a GenServer; {@code put(cache, key, value,
     * ttlMillis)} is a cast, and the server removes the entry itself ttlMillis later (a timer message);
     * putting a key again replaces its value and its time to live; {@code get} answers the value or
     * null; {@code size} the number of entries held.
     *
     * <pre>{@code
     * Check11.ttlCache(TtlCache::start, TtlCache::put, TtlCache::get, TtlCache::size);
     * }</pre>
     */
    public static void ttlCache(Supplier<Pid> start, Act4<Pid, String, Object, Long> put, BiFunction<Pid, String, Object> get,
                                Function<Pid, Integer> size) {
        Exercise.named("TtlCache")
            .test("TtlCache.start() starts a GenServer", t -> {
                Pid c = OtpChecks.call(t, "TtlCache.start()", start::get);
                t.expect(c != null && Process.alive(c), "TtlCache.start() did not return a live process");
                OtpChecks.expectServer(t, c, "TtlCache.start()", "TtlCache");
            })
            .test("an entry can be read before its time is up", t -> {
                Pid c = OtpChecks.call(t, "TtlCache.start()", start::get);
                OtpChecks.run(t, "TtlCache.put(cache, \"a\", \"apple\", 2000)", () -> put.run(c, "a", "apple", 2000L));
                t.expectEquals("TtlCache.get(cache, \"a\") right after the put", "apple",
                        OtpChecks.call(t, "TtlCache.get(cache, \"a\")", () -> get.apply(c, "a")));
                t.expectEquals("TtlCache.size(cache)", 1, OtpChecks.call(t, "TtlCache.size(cache)", () -> size.apply(c)));
                t.expectEquals("TtlCache.get(cache, \"b\") of a key never put", null,
                        OtpChecks.call(t, "TtlCache.get(cache, \"b\")", () -> get.apply(c, "b")));
            })
            .test("the server removes an entry by itself when its time is up, without anyone asking for it",
                    "when you store an entry, sendAfter(self(), new Expire(key...), ttlMillis) and remove it in handleInfo", 4000, t -> {
                for (int attempt = 1; ; attempt++) {
                    Pid c = OtpChecks.call(t, "TtlCache.start()", start::get);
                    long t0 = System.nanoTime();
                    OtpChecks.run(t, "TtlCache.put(cache, \"a\", \"apple\", 300)", () -> put.run(c, "a", "apple", 300L));
                    int first = OtpChecks.call(t, "TtlCache.size(cache)", () -> size.apply(c));
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    if (first != 1) {
                        if (ms > 200 && attempt == 1) continue;     // the machine was too slow to judge
                        t.fail("TtlCache.size(cache) right after put(..., 300) (" + ms + " ms later)", 1, first);
                    }
                    t.step("waiting for the entry to expire");
                    boolean gone = t.eventually(2000, () -> OtpChecks.quietly(() -> size.apply(c), -1) == 0);
                    if (!gone) {
                        int now = OtpChecks.call(t, "TtlCache.size(cache)", () -> size.apply(c));
                        t.fail("TtlCache.size(cache) was still " + now + " two seconds after an entry with a ttl of 300 ms was put (and nobody called get)");
                    }
                    return;
                }
            })
            .test("an expired entry is gone: get answers null", null, 4000, t -> {
                Pid c = OtpChecks.call(t, "TtlCache.start()", start::get);
                OtpChecks.run(t, "TtlCache.put(cache, \"a\", \"apple\", 100)", () -> put.run(c, "a", "apple", 100L));
                t.sleep(400);
                t.expectEquals("TtlCache.get(cache, \"a\") 400 ms after a put with a ttl of 100 ms", null,
                        OtpChecks.call(t, "TtlCache.get(cache, \"a\")", () -> get.apply(c, "a")));
            })
            .test("putting a key again gives it a new time to live: the first put's timer does not remove the new value",
                    "the timer of the old put still fires: make its message say which put it belongs to (a Ref, or a version number), "
                            + "and ignore it if the entry has been put again since (or cancel the old timer)", 4000, t -> {
                Pid c = OtpChecks.call(t, "TtlCache.start()", start::get);
                OtpChecks.run(t, "TtlCache.put(cache, \"k\", \"old\", 150)", () -> put.run(c, "k", "old", 150L));
                OtpChecks.run(t, "TtlCache.put(cache, \"k\", \"new\", 3000)", () -> put.run(c, "k", "new", 3000L));
                t.sleep(600);
                t.expectEquals("TtlCache.get(cache, \"k\") 600 ms later (after the first ttl of 150 ms, before the second of 3000 ms)", "new",
                        OtpChecks.call(t, "TtlCache.get(cache, \"k\")", () -> get.apply(c, "k")));
                t.expectEquals("TtlCache.size(cache)", 1, OtpChecks.call(t, "TtlCache.size(cache)", () -> size.apply(c)));
            })
            .test("entries expire each at its own time", null, 4000, t -> {
                Pid c = OtpChecks.call(t, "TtlCache.start()", start::get);
                OtpChecks.run(t, "TtlCache.put(cache, \"short\", 1, 100)", () -> put.run(c, "short", 1, 100L));
                OtpChecks.run(t, "TtlCache.put(cache, \"long\", 2, 3000)", () -> put.run(c, "long", 2, 3000L));
                t.step("waiting for the short entry to expire");
                boolean gone = t.eventually(2000, () -> OtpChecks.quietly(() -> size.apply(c), -1) == 1);
                if (!gone) {
                    int now = OtpChecks.call(t, "TtlCache.size(cache)", () -> size.apply(c));
                    t.fail("TtlCache.size(cache) was still " + now + " two seconds after putting an entry with a ttl of 100 ms and one of 3000 ms", 1, now);
                }
                List<Object> got = new ArrayList<>();
                got.add(OtpChecks.call(t, "TtlCache.get(cache, \"short\")", () -> get.apply(c, "short")));
                got.add(OtpChecks.call(t, "TtlCache.get(cache, \"long\")", () -> get.apply(c, "long")));
                List<Object> expected = new ArrayList<>();
                expected.add(null);
                expected.add(2);
                t.expectEquals("[get short, get long] after the short one expired", expected, got);
            })
            .test("the server survives its own timers: 200 entries expire and it still answers",
                    "handle the timer message in handleInfo; a message the server does not handle there is only logged, but check the state it returns", 5000, t -> {
                Pid c = OtpChecks.call(t, "TtlCache.start()", start::get);
                for (int i = 0; i < 200; i++) {
                    int k = i;
                    OtpChecks.run(t, "TtlCache.put(cache, \"k" + i + "\", ...)", () -> put.run(c, "k" + k, k, 50L + k % 50));
                }
                t.step("waiting for 200 entries to expire");
                boolean gone = t.eventually(3000, () -> OtpChecks.quietly(() -> size.apply(c), -1) == 0);
                if (!gone) {
                    int now = OtpChecks.call(t, "TtlCache.size(cache)", () -> size.apply(c));
                    t.fail("TtlCache.size(cache) was still " + now + " three seconds after 200 entries with ttls of 50-99 ms were put");
                }
                t.expect(Process.alive(c), "the server is no longer alive");
                OtpChecks.run(t, "TtlCache.put(cache, \"after\", 1, 2000)", () -> put.run(c, "after", 1, 2000L));
                t.expectEquals("TtlCache.get(cache, \"after\")", 1, OtpChecks.call(t, "TtlCache.get(cache, \"after\")", () -> get.apply(c, "after")));
            })
            .check();
    }

    /**
     * An account that never overdraws: {@code Account.start(balance)} starts a GenServer;
     * {@code deposit(account, amount)} adds to the balance; {@code withdraw(account, amount)} takes
     * the amount out and returns true only if the balance covers it, else changes nothing and
     * returns false; {@code balance(account)} answers the balance. Two of its tests explore every
     * schedule of clients using the account at once, and draw the first that breaks it.
     *
     * <pre>{@code
     * Check11.account(Account::start, Account::deposit, Account::withdraw, Account::balance);
     * }</pre>
     */
    public static void account(IntFunction<Pid> start, BiConsumer<Pid, Integer> deposit, BiFunction<Pid, Integer, Boolean> withdraw,
                               Function<Pid, Integer> balance) {
        Check11Races.check(start, deposit, withdraw, balance).check();
    }
}
