package loombook.course;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.IntStream;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessInfo;
import loombook.Ref;
import loombook.exercise.Act3;
import loombook.exercise.Exercise;
import loombook.exercise.Fn4;
import loombook.otp.Ets;
import loombook.otp.Sys;

/**
 * The checks of notebook 14, tasks, agents and tables: a cache table owned by a server and read
 * without messages, and a parallel map with bounded concurrency and a time limit per item.
 */
public final class Check14 {
    private Check14() {}

    private static final AtomicLong NAMES = new AtomicLong();

    /** A table and server name no earlier test used. */
    private static String freshName() {
        return "cache_table_check_" + NAMES.incrementAndGet() + "_" + (System.nanoTime() % 100_000);
    }

    /**
     * Cache table: {@code CacheTable.start(name)} starts a GenServer registered as {@code name} that
     * owns a named, protected table called {@code name}; {@code put} asks it to write (a call);
     * {@code get} and {@code size} read the table directly.
     *
     * <pre>{@code
     * Check14.cacheTable(CacheTable::start, CacheTable::put, CacheTable::get, CacheTable::size);
     * }</pre>
     */
    public static void cacheTable(Function<String, Pid> start, Act3<String, String, Object> put, BiFunction<String, String, Object> get,
                                  Function<String, Integer> size) {
        Exercise.named("CacheTable")
            .test("start(name) starts a server registered as name, owning a named protected table called name",
                    "create the table in the server's init: Ets.newTable(name, Ets.NAMED_TABLE, Ets.PROTECTED); start the server with the name", t -> {
                String name = freshName();
                Pid server = OtpChecks.call(t, "CacheTable.start(name)", () -> start.apply(name));
                t.expect(server != null && Process.alive(server), "CacheTable.start did not return a live process");
                ProcessInfo i = Process.info(server);
                t.expect(i != null && i.label() != null, "CacheTable.start started a plain process: start a GenServer");
                t.expectEquals("the process registered as \"" + name + "\"", server, Process.whereis(name));
                Ets<Object, Object> table = Ets.whereis(name);
                if (table == null) t.fail("there is no named table called \"" + name + "\" (Ets.whereis(name) is null): create it with Ets.NAMED_TABLE");
                Ets.Info info = table.info();
                t.expectEquals("the table's owner", server, info.owner());
                t.expectEquals("the table's access", Ets.PROTECTED, info.access());
            })
            .test("put then get answers the value; an unknown key answers null; size counts the keys", t -> {
                String name = freshName();
                OtpChecks.call(t, "CacheTable.start(name)", () -> start.apply(name));
                OtpChecks.run(t, "CacheTable.put(name, \"ada\", 1815)", () -> put.run(name, "ada", 1815));
                OtpChecks.run(t, "CacheTable.put(name, \"alan\", 1912)", () -> put.run(name, "alan", 1912));
                OtpChecks.run(t, "CacheTable.put(name, \"ada\", 1816)", () -> put.run(name, "ada", 1816));
                t.expectEquals("CacheTable.get(name, \"ada\") after putting it twice", 1816, OtpChecks.call(t, "CacheTable.get(name, \"ada\")", () -> get.apply(name, "ada")));
                t.expectEquals("CacheTable.get(name, \"nobody\")", null, OtpChecks.call(t, "CacheTable.get(name, \"nobody\")", () -> get.apply(name, "nobody")));
                t.expectEquals("CacheTable.size(name)", 2, OtpChecks.call(t, "CacheTable.size(name)", () -> size.apply(name)));
            })
            .test("put waits until the value is in the table (a call, not a cast)",
                    "make put a GenServer.call whose handleCall inserts, then replies", t -> {
                String name = freshName();
                OtpChecks.call(t, "CacheTable.start(name)", () -> start.apply(name));
                for (int i = 0; i < 50; i++) {
                    int k = i;
                    OtpChecks.run(t, "CacheTable.put(name, \"k" + i + "\", " + i + ")", () -> put.run(name, "k" + k, k));
                    Ets<Object, Object> table = Ets.whereis(name);
                    if (table == null) t.fail("there is no named table called \"" + name + "\"");
                    List<Object> vs = table.lookup("k" + k);
                    Object v = vs.isEmpty() ? null : vs.getFirst();
                    t.expectEquals("the table's value for \"k" + i + "\" right after put returned", k, v);
                }
            })
            .test("get and size read the table without asking the server: they answer while the server is suspended",
                    "get should read Ets.whereis(name).lookup(key) in the caller's process, not call the server", t -> {
                String name = freshName();
                Pid server = OtpChecks.call(t, "CacheTable.start(name)", () -> start.apply(name));
                OtpChecks.run(t, "CacheTable.put(name, \"x\", 1)", () -> put.run(name, "x", 1));
                t.step("suspending the server with Sys.suspend");
                Sys.suspend(server);
                Pid me = t.self();
                record Read(Object value, int size) {}
                t.spawn(() -> Process.send(me, new Read(String.valueOf(get.apply(name, "x")), size.apply(name))));
                Read r = t.receiveWithin(1000, m -> m instanceof Read rd ? rd : null);
                Sys.resume(server);
                if (r == null) t.fail("CacheTable.get or size was still waiting 1 s later, while the server was suspended: they ask the server");
                t.expectEquals("CacheTable.get(name, \"x\") while the server was suspended", "1", r.value());
                t.expectEquals("CacheTable.size(name) while the server was suspended", 1, r.size());
            })
            .test("other processes may read the table but not write it", t -> {
                String name = freshName();
                OtpChecks.call(t, "CacheTable.start(name)", () -> start.apply(name));
                Ets<Object, Object> table = Ets.whereis(name);
                if (table == null) t.fail("there is no named table called \"" + name + "\"");
                boolean refused;
                try {
                    table.insert("intruder", 1);
                    refused = false;
                } catch (IllegalArgumentException e) {
                    refused = true;
                }
                t.expect(refused, "the test's own process could write to the table: make it PROTECTED (only its owner writes)");
            })
            .test("the table goes with its owner: stop the server, and the table is gone",
                    "create the table in the server's process (in init): a table belongs to the process that creates it", t -> {
                String name = freshName();
                Pid server = OtpChecks.call(t, "CacheTable.start(name)", () -> start.apply(name));
                OtpChecks.run(t, "CacheTable.put(name, \"x\", 1)", () -> put.run(name, "x", 1));
                Ref ref = t.watch(server);
                Process.exit(server, loombook.Reason.KILL);
                t.awaitDown(ref, 1000);
                boolean gone = t.eventually(1000, () -> Ets.whereis(name) == null);
                t.expect(gone, "the table \"" + name + "\" still exists after its server was killed: is the server its owner?");
            })
            .test("10 writers and readers at once: 500 puts, every value readable", null, 5000, t -> {
                String name = freshName();
                OtpChecks.call(t, "CacheTable.start(name)", () -> start.apply(name));
                Pid me = t.self();
                record Wrote(int wrong) {}
                for (int w = 0; w < 10; w++) {
                    int base = w * 50;
                    t.spawn(() -> {
                        int wrong = 0;
                        for (int i = base; i < base + 50; i++) {
                            put.run(name, "k" + i, i);
                            if (!Integer.valueOf(i).equals(get.apply(name, "k" + i))) wrong++;
                        }
                        Process.send(me, new Wrote(wrong));
                    });
                }
                int wrong = 0;
                for (int w = 0; w < 10; w++) {
                    Wrote d = t.receiveWithin(4000, m -> m instanceof Wrote x ? x : null);
                    if (d == null) t.fail("only " + w + " of the 10 writers finished their 50 puts within 4 s");
                    wrong += d.wrong();
                }
                t.expect(wrong == 0, wrong + " of the 500 gets right after a put did not answer the value just put");
                t.expectEquals("CacheTable.size(name)", 500, OtpChecks.call(t, "CacheTable.size(name)", () -> size.apply(name)));
            })
            .check();
    }

    /**
     * Parallel map: {@code ParallelMap.pmap(items, fn, maxConcurrency, timeoutMillis)} applies fn to
     * every item, at most maxConcurrency at a time, and returns the results in the items' order, null
     * for an item that took longer than timeoutMillis (its work stopped).
     *
     * <pre>{@code
     * Check14.parallelMap(ParallelMap::pmap);
     * }</pre>
     */
    public static void parallelMap(Fn4<List<Object>, Function<Object, Object>, Integer, Long, List<Object>> pmap) {
        Exercise.named("ParallelMap")
            .test("pmap([1, 2, 3, 4, 5], square, 2, 1000) is [1, 4, 9, 16, 25]", t -> {
                List<Object> r = OtpChecks.call(t, "pmap([1..5], x -> x * x, 2, 1000)",
                        () -> pmap.apply(List.of(1, 2, 3, 4, 5), x -> (Integer) x * (Integer) x, 2, 1000L));
                t.expectEquals("the results", List.of(1, 4, 9, 16, 25), r);
            })
            .test("pmap of an empty list is an empty list", t -> {
                t.expectEquals("pmap([], ...)", List.of(), OtpChecks.call(t, "pmap([], fn, 4, 1000)", () -> pmap.apply(List.of(), x -> x, 4, 1000L)));
            })
            .test("the results keep the items' order even when later items finish first", "Task.asyncStream keeps the order unless told otherwise", t -> {
                List<Object> items = List.of(250, 150, 50, 10);
                List<Object> r = OtpChecks.call(t, "pmap([250, 150, 50, 10] ms of work, ..., 4, 2000)",
                        () -> pmap.apply(items, x -> { Process.sleep((Integer) x); return "slept " + x; }, 4, 2000L));
                t.expectEquals("the results", List.of("slept 250", "slept 150", "slept 50", "slept 10"), r);
            })
            .test("never more than maxConcurrency at once, but really in parallel: 12 items of 50 ms, 3 at a time",
                    "Task.streamOptions().withMaxConcurrency(maxConcurrency)", t -> {
                AtomicInteger running = new AtomicInteger();
                AtomicInteger peak = new AtomicInteger();
                long t0 = System.nanoTime();
                List<Object> r = OtpChecks.call(t, "pmap(12 items, work of 50 ms, 3, 2000)",
                        () -> pmap.apply(IntStream.range(0, 12).boxed().map(i -> (Object) i).toList(), x -> {
                            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                            Process.sleep(50);
                            running.decrementAndGet();
                            return x;
                        }, 3, 2000L));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                t.expectEquals("the results", IntStream.range(0, 12).boxed().toList(), r);
                t.expect(peak.get() <= 3, peak.get() + " items ran at the same time, with maxConcurrency 3");
                t.expect(peak.get() >= 2 && ms < 550, "the items ran one at a time (" + ms + " ms for 12 items of 50 ms; at most " + peak.get() + " at once)");
            })
            .test("an item slower than timeoutMillis gives null, its work is stopped, and the others go on",
                    "withTimeout(timeoutMillis).withOnTimeout(Task.OnTimeout.KILL_TASK): a late item becomes Task.Exited, which you turn into null", t -> {
                List<Pid> workers = new CopyOnWriteArrayList<>();
                long t0 = System.nanoTime();
                List<Object> r = OtpChecks.call(t, "pmap([50, 5000, 50] ms of work, ..., 3, 300)",
                        () -> pmap.apply(List.of(50, 5000, 50), x -> {
                            workers.add(Process.self());
                            Process.sleep((Integer) x);
                            return "slept " + x;
                        }, 3, 300L));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                List<Object> expected = new ArrayList<>();
                expected.add("slept 50");
                expected.add(null);
                expected.add("slept 50");
                t.expectEquals("the results", expected, r);
                t.expect(ms < 2000, "pmap took " + ms + " ms: the slow item was not cut off at 300 ms");
                boolean stopped = t.eventually(1000, () -> workers.stream().noneMatch(Process::alive));
                t.expect(stopped, "the slow item's process was still running after pmap returned");
            })
            .test("1,000 items, 50 at a time: all results, in order, and no process left running", null, 5000, t -> {
                long before = t.nextPidNumber();
                List<Object> items = IntStream.range(0, 1000).boxed().map(i -> (Object) i).toList();
                List<Object> r = OtpChecks.call(t, "pmap(1000 items, x -> x + 1, 50, 1000)", () -> pmap.apply(items, x -> (Integer) x + 1, 50, 1000L));
                t.expectEquals("the results", IntStream.range(1, 1001).boxed().toList(), r);
                long after = t.nextPidNumber();
                boolean gone = t.eventually(1000, () -> Process.processes().stream().noneMatch(p -> p.id() > before && p.id() < after - 1));
                t.expect(gone, "processes started by pmap were still running 1 s after it returned");
            })
            .check();
    }
}
