package loombook.course;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import loombook.Pid;
import loombook.Process;
import loombook.exercise.Act3;
import loombook.exercise.Exercise;
import loombook.exercise.Trial;

/**
 * The checks of notebook 10, designing a concurrent application: a load balancer, a pub/sub hub and
 * a pipeline of stages.
 */
public final class Check10 {
    private Check10() {}

    /** What a check's backend or subscriber reports to the tester. */
    private record Seen(Pid by, Object message) {}

    /** A process that reports every message it receives to {@code tester}. */
    private static Pid reporter(Trial t) {
        Pid tester = t.self();
        return t.spawn(() -> {
            while (true) {
                Object m = Process.receive();
                Process.send(tester, new Seen(Process.self(), m));
            }
        });
    }

    /** Collects {@code n} Seen reports (failing if they do not come within {@code millis}), by reporter. */
    private static Map<Pid, List<Object>> seen(Trial t, int n, long millis, String what) {
        Map<Pid, List<Object>> by = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Seen s = t.receiveWithin(millis, m -> m instanceof Seen x ? x : null);
            if (s == null) t.fail("only " + i + " of the " + n + " " + what + " arrived within " + millis + " ms");
            by.computeIfAbsent(s.by(), k -> new ArrayList<>()).add(s.message());
        }
        return by;
    }

    private static void nothingMore(Trial t, long millis, String what) {
        Seen s = t.receiveWithin(millis, m -> m instanceof Seen x ? x : null);
        if (s != null) t.fail(what, "nothing", s.by() + " got " + Trial.show(s.message()));
    }

    /**
     * Load balancer: {@code LoadBalancer.start(backends)} spawns a balancer that passes each
     * message given with {@code forward} to its backends in turn (round robin), watches them, and
     * leaves out the ones that have died; {@code backends(lb)} answers the backends it uses now, in
     * their order.
     *
     * <pre>{@code
     * Check10.loadBalancer(LoadBalancer::start, LoadBalancer::forward, LoadBalancer::backends);
     * }</pre>
     */
    public static void loadBalancer(Function<List<Pid>, Pid> start, BiConsumer<Pid, Object> forward, Function<Pid, List<Pid>> backends) {
        Exercise.named("LoadBalancer")
            .test("LoadBalancer.start(3 backends) returns a live process that uses the 3 backends, in order", t -> {
                List<Pid> bs = List.of(reporter(t), reporter(t), reporter(t));
                Pid lb = t.call("LoadBalancer.start(backends)", () -> start.apply(bs));
                t.expect(lb != null && Process.alive(lb), "LoadBalancer.start did not return a live process");
                t.expectEquals("LoadBalancer.backends(lb)", bs, t.call("LoadBalancer.backends(lb)", () -> backends.apply(lb)));
            })
            .test("9 messages go round robin: the 1st, 4th and 7th to the first backend, and so on",
                    "keep the index of the next backend in the state; after each message move it on, modulo the number of backends", t -> {
                List<Pid> bs = List.of(reporter(t), reporter(t), reporter(t));
                Pid lb = t.call("LoadBalancer.start(backends)", () -> start.apply(bs));
                for (int i = 1; i <= 9; i++) {
                    String m = "m" + i;
                    t.run("LoadBalancer.forward(lb, \"" + m + "\")", () -> forward.accept(lb, m));
                }
                Map<Pid, List<Object>> got = seen(t, 9, 1000, "messages");
                for (int b = 0; b < 3; b++) {
                    List<Object> expected = List.of("m" + (b + 1), "m" + (b + 4), "m" + (b + 7));
                    t.expectEquals("what backend " + (b + 1) + " received", expected, got.getOrDefault(bs.get(b), List.of()));
                }
            })
            .test("a backend that dies is left out: the next messages go to the others, none is lost",
                    "monitor each backend; on its Down, remove it from the list (and keep the next index within the list)", t -> {
                List<Pid> bs = List.of(reporter(t), reporter(t), reporter(t));
                Pid lb = t.call("LoadBalancer.start(backends)", () -> start.apply(bs));
                t.run("LoadBalancer.backends(lb)", () -> backends.apply(lb));     // the balancer is up and watching
                Process.exit(bs.get(1), loombook.Reason.KILL);
                for (int i = 1; i <= 4; i++) {
                    String m = "after " + i;
                    t.run("LoadBalancer.forward(lb, \"" + m + "\")", () -> forward.accept(lb, m));
                }
                Map<Pid, List<Object>> got = seen(t, 4, 1000, "messages sent after the 2nd backend died");
                t.expectEquals("how many the first backend received", 2, got.getOrDefault(bs.get(0), List.of()).size());
                t.expectEquals("how many the third backend received", 2, got.getOrDefault(bs.get(2), List.of()).size());
                boolean updated = t.eventually(1000, () -> List.of(bs.get(0), bs.get(2)).equals(backends.apply(lb)));
                t.expect(updated, "LoadBalancer.backends(lb) still lists the dead backend: " + Trial.show(backends.apply(lb)));
            })
            .test("with every backend dead, the balancer stays up and drops what it is given",
                    "with an empty list there is nobody to send to: drop the message (and do not divide by zero)", t -> {
                List<Pid> bs = List.of(reporter(t), reporter(t));
                Pid lb = t.call("LoadBalancer.start(backends)", () -> start.apply(bs));
                t.run("LoadBalancer.backends(lb)", () -> backends.apply(lb));
                for (Pid b : bs) Process.exit(b, loombook.Reason.KILL);
                t.run("LoadBalancer.forward(lb, \"lost\")", () -> forward.accept(lb, "lost"));
                boolean empty = t.eventually(1000, () -> List.of().equals(backends.apply(lb)));
                t.expect(Process.alive(lb), "the load balancer died");
                t.expect(empty, "LoadBalancer.backends(lb) is not empty although every backend died");
            })
            .check();
    }

    /**
     * Pub/sub: {@code PubSub.start()} spawns a hub; {@code subscribe(hub, topic, pid)} and
     * {@code unsubscribe(hub, topic, pid)} add and remove a subscriber (subscribing twice counts
     * once); {@code publish(hub, topic, message)} sends {@code message}, as it is, to every
     * subscriber of the topic; {@code subscribers(hub, topic)} answers how many it has. A
     * subscriber that dies is removed.
     *
     * <pre>{@code
     * Check10.pubSub(PubSub::start, PubSub::subscribe, PubSub::unsubscribe, PubSub::publish, PubSub::subscribers);
     * }</pre>
     */
    public static void pubSub(Supplier<Pid> start, Act3<Pid, String, Pid> subscribe, Act3<Pid, String, Pid> unsubscribe,
                              Act3<Pid, String, Object> publish, BiFunction<Pid, String, Integer> subscribers) {
        Exercise.named("PubSub")
            .test("a new hub is a live process with no subscribers", t -> {
                Pid hub = t.call("PubSub.start()", start::get);
                t.expect(hub != null && Process.alive(hub), "PubSub.start() did not return a live process");
                t.expectEquals("PubSub.subscribers(hub, \"news\")", 0, t.call("PubSub.subscribers(hub, \"news\")", () -> subscribers.apply(hub, "news")));
            })
            .test("a message published on a topic reaches each of its subscribers, and only them",
                    "keep a map from topic to the set of its subscribers; publish sends the message itself to each", t -> {
                Pid hub = t.call("PubSub.start()", start::get);
                Pid a = reporter(t), b = reporter(t), other = reporter(t);
                t.run("PubSub.subscribe(hub, \"news\", a)", () -> subscribe.run(hub, "news", a));
                t.run("PubSub.subscribe(hub, \"news\", b)", () -> subscribe.run(hub, "news", b));
                t.run("PubSub.subscribe(hub, \"sports\", other)", () -> subscribe.run(hub, "sports", other));
                t.expectEquals("PubSub.subscribers(hub, \"news\")", 2, t.call("PubSub.subscribers(hub, \"news\")", () -> subscribers.apply(hub, "news")));
                t.run("PubSub.publish(hub, \"news\", \"extra!\")", () -> publish.run(hub, "news", "extra!"));
                Map<Pid, List<Object>> got = seen(t, 2, 1000, "copies of the news");
                t.expectEquals("what subscriber a got", List.of("extra!"), got.get(a));
                t.expectEquals("what subscriber b got", List.of("extra!"), got.get(b));
                nothingMore(t, 200, "a subscriber of another topic (or a second copy) got the news");
            })
            .test("after unsubscribe, a subscriber gets nothing more from that topic", t -> {
                Pid hub = t.call("PubSub.start()", start::get);
                Pid a = reporter(t), b = reporter(t);
                t.run("PubSub.subscribe(hub, \"news\", a)", () -> subscribe.run(hub, "news", a));
                t.run("PubSub.subscribe(hub, \"news\", b)", () -> subscribe.run(hub, "news", b));
                t.run("PubSub.unsubscribe(hub, \"news\", a)", () -> unsubscribe.run(hub, "news", a));
                t.run("PubSub.publish(hub, \"news\", \"later\")", () -> publish.run(hub, "news", "later"));
                Map<Pid, List<Object>> got = seen(t, 1, 1000, "copies of the news");
                t.expectEquals("who got the news", Set.of(b), got.keySet());
                nothingMore(t, 200, "the unsubscribed process still got the news");
                t.expectEquals("PubSub.subscribers(hub, \"news\")", 1, t.call("PubSub.subscribers(hub, \"news\")", () -> subscribers.apply(hub, "news")));
            })
            .test("subscribing twice counts once: one copy per publish",
                    "a set of subscribers, not a list", t -> {
                Pid hub = t.call("PubSub.start()", start::get);
                Pid a = reporter(t);
                t.run("PubSub.subscribe(hub, \"news\", a)", () -> subscribe.run(hub, "news", a));
                t.run("PubSub.subscribe(hub, \"news\", a)", () -> subscribe.run(hub, "news", a));
                t.run("PubSub.publish(hub, \"news\", \"once\")", () -> publish.run(hub, "news", "once"));
                seen(t, 1, 1000, "copies of the news");
                nothingMore(t, 200, "the subscriber got the news twice");
                t.expectEquals("PubSub.subscribers(hub, \"news\")", 1, t.call("PubSub.subscribers(hub, \"news\")", () -> subscribers.apply(hub, "news")));
            })
            .test("a subscriber that dies is removed",
                    "monitor each subscriber when it subscribes; on its Down, remove it from every topic", t -> {
                Pid hub = t.call("PubSub.start()", start::get);
                Pid a = reporter(t), b = reporter(t);
                t.run("PubSub.subscribe(hub, \"news\", a)", () -> subscribe.run(hub, "news", a));
                t.run("PubSub.subscribe(hub, \"news\", b)", () -> subscribe.run(hub, "news", b));
                t.run("PubSub.subscribers(hub, \"news\")", () -> subscribers.apply(hub, "news"));
                Process.exit(a, loombook.Reason.KILL);
                boolean gone = t.eventually(1000, () -> Integer.valueOf(1).equals(subscribers.apply(hub, "news")));
                t.expect(gone, "1 s after a subscriber died, PubSub.subscribers(hub, \"news\") still answers "
                        + subscribers.apply(hub, "news"));
            })
            .test("100 messages reach a subscriber in the order they were published", t -> {
                Pid hub = t.call("PubSub.start()", start::get);
                Pid a = reporter(t);
                t.run("PubSub.subscribe(hub, \"count\", a)", () -> subscribe.run(hub, "count", a));
                List<Object> expected = new ArrayList<>();
                for (int i = 1; i <= 100; i++) {
                    int k = i;
                    expected.add(k);
                    t.run("PubSub.publish(hub, \"count\", " + i + ")", () -> publish.run(hub, "count", k));
                }
                t.expectEquals("what the subscriber got", expected, seen(t, 100, 1000, "messages").get(a));
            })
            .check();
    }

    private record Busy(int now) {}

    /**
     * Pipeline: {@code Pipeline.start(stages, sink)} spawns one process per stage; an item given to
     * the first stage with {@code feed} goes through each stage's function in turn, and the last
     * stage sends the result, as it is, to {@code sink}. {@code shutdown(first)} ends every stage.
     *
     * <pre>{@code
     * Check10.pipeline(Pipeline::start, Pipeline::feed, Pipeline::shutdown);
     * }</pre>
     */
    public static void pipeline(BiFunction<List<Function<Object, Object>>, Pid, Pid> start, BiConsumer<Pid, Object> feed,
                                Consumer<Pid> shutdown) {
        Exercise.named("Pipeline")
            .test("items fed to [x + 1, x * 2, toString] come out at the sink as \"4\", \"6\", \"8\"",
                    "each stage receives an item, applies its function, and sends the result to the next stage (the last one to the sink)", t -> {
                Pid first = t.call("Pipeline.start(stages, sink)", () -> start.apply(List.of(x -> (Integer) x + 1, x -> (Integer) x * 2, String::valueOf), t.self()));
                t.expect(first != null && Process.alive(first), "Pipeline.start did not return a live process");
                for (int i = 1; i <= 3; i++) {
                    int k = i;
                    t.run("Pipeline.feed(first, " + i + ")", () -> feed.accept(first, k));
                }
                t.expectEquals("what reached the sink", List.of("4", "6", "8"), sink(t, 3, 1000));
            })
            .test("each stage runs in a process of its own",
                    "spawn the stages from the last to the first, so that each knows the pid of the next", t -> {
                Set<Pid> where = ConcurrentHashMap.newKeySet();
                Function<Object, Object> recordIt = x -> {
                    where.add(Process.self());
                    return x;
                };
                Pid first = t.call("Pipeline.start(3 stages, sink)", () -> start.apply(List.of(recordIt, recordIt, recordIt), t.self()));
                t.run("Pipeline.feed(first, \"x\")", () -> feed.accept(first, "x"));
                sink(t, 1, 1000);
                t.expectEquals("how many processes ran the 3 stages", 3, where.size());
                t.expect(!where.contains(t.self()), "a stage ran in the caller's process");
                t.expect(where.contains(first), "the pid Pipeline.start returned is not the first stage's");
            })
            .test("the stages work at the same time: while one item is in stage 2, the next is in stage 1",
                    "a stage hands its result on and at once takes the next item: it never waits for the sink", 5000, t -> {
                AtomicInteger busy = new AtomicInteger();
                AtomicInteger most = new AtomicInteger();
                Function<Object, Object> slow = x -> {
                    most.accumulateAndGet(busy.incrementAndGet(), Math::max);
                    Process.sleep(100);
                    busy.decrementAndGet();
                    return x;
                };
                Pid first = t.call("Pipeline.start(3 slow stages, sink)", () -> start.apply(List.of(slow, slow, slow), t.self()));
                for (int i = 1; i <= 5; i++) {
                    int k = i;
                    t.run("Pipeline.feed(first, " + i + ")", () -> feed.accept(first, k));
                }
                t.expectEquals("what reached the sink", List.of(1, 2, 3, 4, 5), sink(t, 5, 3000));
                t.expect(most.get() >= 2, "the stages never worked at the same time: items went through one at a time");
            })
            .test("200 items come out in the order they went in", t -> {
                Pid first = t.call("Pipeline.start([x -> x], sink)", () -> start.apply(List.of(x -> x, x -> x), t.self()));
                List<Object> expected = new ArrayList<>();
                for (int i = 1; i <= 200; i++) {
                    int k = i;
                    expected.add(k);
                    t.run("Pipeline.feed(first, " + i + ")", () -> feed.accept(first, k));
                }
                t.expectEquals("what reached the sink", expected, sink(t, 200, 2000));
            })
            .test("shutdown(first) ends every stage",
                    "pass a stop message down the pipeline: each stage sends it on, then ends", t -> {
                Set<Pid> where = ConcurrentHashMap.newKeySet();
                Function<Object, Object> recordIt = x -> {
                    where.add(Process.self());
                    return x;
                };
                Pid first = t.call("Pipeline.start(3 stages, sink)", () -> start.apply(List.of(recordIt, recordIt, recordIt), t.self()));
                t.run("Pipeline.feed(first, \"x\")", () -> feed.accept(first, "x"));
                sink(t, 1, 1000);
                t.run("Pipeline.shutdown(first)", () -> shutdown.accept(first));
                boolean allGone = t.eventually(1000, () -> where.stream().noneMatch(Process::alive));
                t.expect(allGone, "1 s after shutdown, " + where.stream().filter(Process::alive).count() + " of the 3 stages are still alive");
            })
            .check();
    }

    /** Receives {@code n} items at the sink (the tester), failing if they do not come in time. */
    private static List<Object> sink(Trial t, int n, long millis) {
        List<Object> got = new ArrayList<>();
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (got.size() < n) {
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            Object m = t.receiveWithin(left, x -> x);
            if (m == null) t.fail("only " + got.size() + " of " + n + " items reached the sink within " + millis + " ms", n + " items", got);
            got.add(m);
        }
        return got;
    }
}
