package loombook.course;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import loombook.Pid;
import loombook.Process;
import loombook.exercise.Act3;
import loombook.exercise.Exercise;
import loombook.exercise.Fn3;
import loombook.exercise.Trial;

/**
 * The checks of notebook 08, state, selective receive and timeouts: a rate limiter, a message
 * buffer and a priority job queue.
 */
public final class Check08 {
    private Check08() {}

    /** A batch the check's onFlush callback sends to the tester. */
    private record Batch(List<Object> messages) {}

    /** How long a burst of requests may take before the machine counts as too slow to judge a rate. */
    private static final long BURST_MILLIS = 300;

    /**
     * Rate limiter: {@code RateLimiter.start(perSecond)} spawns a limiter; {@code request(limiter)}
     * returns true when the request is allowed and false when it is rate limited: at most
     * {@code perSecond} requests are allowed per second, and the count starts again every second.
     *
     * <pre>{@code
     * Check08.rateLimiter(RateLimiter::start, RateLimiter::request);
     * }</pre>
     */
    public static void rateLimiter(IntFunction<Pid> start, Predicate<Pid> request) {
        Exercise.named("RateLimiter")
            .test("RateLimiter.start(3) returns the pid of a live process", t -> {
                Pid l = t.call("RateLimiter.start(3)", () -> start.apply(3));
                t.expect(l != null && Process.alive(l), "RateLimiter.start(3) did not return a live process");
            })
            .test("a limiter of 3 allows the first 3 of 5 quick requests and refuses the other 2",
                    "keep a count in the limiter's state: allow while it is under the limit, refuse once it reaches it", t -> {
                burst(t, start, request, 3, 5, List.of(true, true, true, false, false), false);
            })
            .test("a second later, requests are allowed again",
                    "start the count again every second: a timer message (sendAfter/sendInterval to self()), or the time the window began", 5000, t -> {
                burst(t, start, request, 2, 3, List.of(true, true, false), true);
            })
            .test("two limiters count separately", "each start spawns a process with its own count", t -> {
                Pid a = t.call("RateLimiter.start(1)", () -> start.apply(1));
                Pid b = t.call("RateLimiter.start(1)", () -> start.apply(1));
                List<Boolean> got = new ArrayList<>();
                got.add(t.call("RateLimiter.request(a)", () -> request.test(a)));
                got.add(t.call("RateLimiter.request(b)", () -> request.test(b)));
                got.add(t.call("RateLimiter.request(a)", () -> request.test(a)));
                t.expectEquals("the answers to request(a), request(b), request(a)", List.of(true, true, false), got);
            })
            .test("request leaves nothing behind in the caller's mailbox",
                    "request should take its reply out of the caller's mailbox, and only its reply (a Ref in the request and the reply pins it)", t -> {
                Pid l = t.call("RateLimiter.start(2)", () -> start.apply(2));
                for (int i = 0; i < 4; i++) t.call("RateLimiter.request(limiter)", () -> request.test(l));
                t.sleep(50);
                List<Object> left = Process.messages();
                t.expect(left.isEmpty(), "after 4 requests the caller's mailbox still holds " + Trial.show(left));
            })
            .check();
    }

    /**
     * Makes {@code n} requests at once to a new limiter of {@code perSecond} (after its first
     * window if {@code nextSecond}) and compares the answers; a burst that the machine made slow is
     * tried once more before it counts.
     */
    private static void burst(Trial t, IntFunction<Pid> start, Predicate<Pid> request, int perSecond, int n,
                              List<Boolean> expected, boolean nextSecond) {
        for (int attempt = 1; ; attempt++) {
            Pid l = t.call("RateLimiter.start(" + perSecond + ")", () -> start.apply(perSecond));
            if (nextSecond) {
                List<Boolean> first = requests(t, request, l, n);
                t.expectEquals("the answers in the first second", expected, first);
                t.sleep(1200);
            }
            long t0 = System.nanoTime();
            List<Boolean> got = requests(t, request, l, n);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (got.equals(expected)) return;
            if (ms <= BURST_MILLIS || attempt == 2) {
                t.fail((nextSecond ? "1.2 s after the first burst, " : "") + n + " requests in " + ms
                        + " ms to a limiter of " + perSecond + " per second got other answers", expected, got);
            }
        }
    }

    private static List<Boolean> requests(Trial t, Predicate<Pid> request, Pid l, int n) {
        List<Boolean> got = new ArrayList<>();
        for (int i = 1; i <= n; i++) got.add(t.call("RateLimiter.request(limiter) #" + i, () -> request.test(l)));
        return got;
    }

    /**
     * Message buffer: {@code MessageBuffer.start(maxSize, timeoutMillis, onFlush)} spawns a buffer;
     * {@code add(buffer, message)} adds a message. The buffer hands its messages, in order, to
     * {@code onFlush} as soon as it holds {@code maxSize} of them, or once {@code timeoutMillis}
     * have passed since the first of them arrived; it never hands over an empty batch.
     * {@code flush(buffer)} returns the messages it holds now, in order, and empties it.
     *
     * <pre>{@code
     * Check08.messageBuffer(MessageBuffer::start, MessageBuffer::add, MessageBuffer::flush);
     * }</pre>
     */
    public static void messageBuffer(Fn3<Integer, Long, Consumer<List<Object>>, Pid> start,
                                     java.util.function.BiConsumer<Pid, Object> add, Function<Pid, List<Object>> flush) {
        Exercise.named("MessageBuffer")
            .test("MessageBuffer.start(3, 10000, onFlush) returns the pid of a live process", t -> {
                Pid b = startBuffer(t, start, 3, 10_000);
                t.expect(b != null && Process.alive(b), "MessageBuffer.start did not return a live process");
            })
            .test("3 messages into a buffer of 3 reach onFlush as one batch, in order",
                    "count what you hold; when it reaches maxSize, call onFlush with the messages (oldest first) and start again empty", t -> {
                Pid b = startBuffer(t, start, 3, 10_000);
                for (String m : List.of("a", "b", "c")) t.run("MessageBuffer.add(buffer, \"" + m + "\")", () -> add.accept(b, m));
                t.expectEquals("the batch onFlush got", List.of("a", "b", "c"), batch(t, 1000));
            })
            .test("7 messages into a buffer of 3: two batches of 3, and the 7th waits for flush(buffer)",
                    "after a batch, start again with an empty buffer; flush returns what is held and empties it", t -> {
                Pid b = startBuffer(t, start, 3, 10_000);
                for (int i = 1; i <= 7; i++) {
                    int k = i;
                    t.run("MessageBuffer.add(buffer, " + i + ")", () -> add.accept(b, k));
                }
                t.expectEquals("the first batch", List.of(1, 2, 3), batch(t, 1000));
                t.expectEquals("the second batch", List.of(4, 5, 6), batch(t, 1000));
                List<Object> early = batchOrNull(t, 300);
                if (early != null) t.fail("a third batch came with only one message held", "no batch", early);
                t.expectEquals("MessageBuffer.flush(buffer)", List.of(7), t.call("MessageBuffer.flush(buffer)", () -> flush.apply(b)));
                t.expectEquals("MessageBuffer.flush(buffer) again", List.of(), t.call("MessageBuffer.flush(buffer)", () -> flush.apply(b)));
            })
            .test("a batch that does not fill up reaches onFlush after the timeout, and no empty batch follows",
                    "receive with an after: when the time is up and you hold messages, flush them; holding none, wait without a timeout", 5000, t -> {
                Pid b = startBuffer(t, start, 100, 300);
                t.run("MessageBuffer.add(buffer, \"x\")", () -> add.accept(b, "x"));
                t.run("MessageBuffer.add(buffer, \"y\")", () -> add.accept(b, "y"));
                List<Object> got = batchOrNull(t, 2500);
                if (got == null) t.fail("no batch reached onFlush within 2.5 s of adding 2 messages to a buffer with a 300 ms timeout");
                t.expectEquals("the batch after the timeout", List.of("x", "y"), got);
                List<Object> more = batchOrNull(t, 800);
                if (more != null) t.fail("another batch came after the timeout, with nothing added", "no batch", more);
            })
            .test("flush(buffer) empties it: no batch reaches onFlush afterwards", t -> {
                Pid b = startBuffer(t, start, 3, 400);
                t.run("MessageBuffer.add(buffer, \"p\")", () -> add.accept(b, "p"));
                t.run("MessageBuffer.add(buffer, \"q\")", () -> add.accept(b, "q"));
                t.expectEquals("MessageBuffer.flush(buffer)", List.of("p", "q"), t.call("MessageBuffer.flush(buffer)", () -> flush.apply(b)));
                List<Object> late = batchOrNull(t, 900);
                if (late != null) t.fail("onFlush got a batch after flush(buffer) had emptied the buffer", "no batch", late);
            })
            .check();
    }

    private static Pid startBuffer(Trial t, Fn3<Integer, Long, Consumer<List<Object>>, Pid> start, int max, long timeout) {
        Pid tester = t.self();
        Consumer<List<Object>> onFlush = batch -> Process.send(tester, new Batch(batch == null ? null : List.copyOf(batch)));
        return t.call("MessageBuffer.start(" + max + ", " + timeout + ", onFlush)", () -> start.apply(max, timeout, onFlush));
    }

    private static List<Object> batch(Trial t, long millis) {
        List<Object> b = batchOrNull(t, millis);
        if (b == null) t.fail("no batch reached onFlush within " + millis + " ms");
        return b;
    }

    private static List<Object> batchOrNull(Trial t, long millis) {
        Batch b = t.receiveWithin(millis, m -> m instanceof Batch x ? x : null);
        return b == null ? null : b.messages() == null ? List.of() : b.messages();
    }

    /**
     * Priority job queue: {@code JobQueue.start()} spawns a queue; {@code submit(queue, priority,
     * job)} adds a job; {@code nextJob(queue)} returns the next job: the oldest of the highest priority
     * present, or empty when there is none. The three priorities are passed in, highest first.
     *
     * <pre>{@code
     * Check08.jobQueue(JobQueue::start, JobQueue::submit, JobQueue::nextJob, Priority.HIGH, Priority.NORMAL, Priority.LOW);
     * }</pre>
     */
    public static <P> void jobQueue(Supplier<Pid> start, Act3<Pid, P, String> submit, Function<Pid, Optional<String>> next,
                                    P high, P normal, P low) {
        List<P> priorities = List.of(high, normal, low);
        Exercise.named("JobQueue")
            .test("a new queue is a live process, and nextJob(queue) on it is empty", t -> {
                Pid q = t.call("JobQueue.start()", start::get);
                t.expect(q != null && Process.alive(q), "JobQueue.start() did not return a live process");
                t.expectEquals("JobQueue.nextJob(queue) on an empty queue", Optional.empty(), t.call("JobQueue.nextJob(queue)", () -> next.apply(q)));
            })
            .test("a job submitted comes out of nextJob, once",
                    "nextJob must answer even when no job is there: look for jobs without waiting (after 0)", t -> {
                Pid q = t.call("JobQueue.start()", start::get);
                t.run("JobQueue.submit(queue, " + normal + ", \"wash\")", () -> submit.run(q, normal, "wash"));
                t.expectEquals("JobQueue.nextJob(queue)", Optional.of("wash"), t.call("JobQueue.nextJob(queue)", () -> next.apply(q)));
                t.expectEquals("JobQueue.nextJob(queue) again", Optional.empty(), t.call("JobQueue.nextJob(queue)", () -> next.apply(q)));
            })
            .test("high jobs come out before normal ones, normal before low, oldest first within a priority",
                    "look for a " + high + " job first (after 0), then " + normal + ", then " + low, t -> {
                Pid q = t.call("JobQueue.start()", start::get);
                submitAll(t, submit, q, List.of(low, normal, high, normal, low, high), List.of("a", "b", "c", "d", "e", "f"));
                t.expectEquals("the jobs in the order nextJob returned them", List.of("c", "f", "b", "d", "a", "e"), drain(t, next, q, 7));
            })
            .test("jobs submitted between two calls of nextJob take their place by priority", t -> {
                Pid q = t.call("JobQueue.start()", start::get);
                List<String> got = new ArrayList<>();
                t.run("JobQueue.submit(queue, " + normal + ", \"1\")", () -> submit.run(q, normal, "1"));
                got.add(t.call("JobQueue.nextJob(queue)", () -> next.apply(q)).orElse("(empty)"));
                t.run("JobQueue.submit(queue, " + low + ", \"2\")", () -> submit.run(q, low, "2"));
                t.run("JobQueue.submit(queue, " + high + ", \"3\")", () -> submit.run(q, high, "3"));
                got.add(t.call("JobQueue.nextJob(queue)", () -> next.apply(q)).orElse("(empty)"));
                t.run("JobQueue.submit(queue, " + normal + ", \"4\")", () -> submit.run(q, normal, "4"));
                got.add(t.call("JobQueue.nextJob(queue)", () -> next.apply(q)).orElse("(empty)"));
                got.add(t.call("JobQueue.nextJob(queue)", () -> next.apply(q)).orElse("(empty)"));
                t.expectEquals("the jobs in the order nextJob returned them", List.of("1", "3", "4", "2"), got);
            })
            .test("1,000 jobs of mixed priorities come out in priority order, oldest first within each", t -> {
                Pid q = t.call("JobQueue.start()", start::get);
                Random r = new Random(8);
                List<P> ps = new ArrayList<>();
                List<String> jobs = new ArrayList<>();
                List<List<String>> byPriority = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                for (int i = 0; i < 1000; i++) {
                    int p = r.nextInt(3);
                    ps.add(priorities.get(p));
                    jobs.add("job " + i);
                    byPriority.get(p).add("job " + i);
                }
                submitAll(t, submit, q, ps, jobs);
                List<String> expected = new ArrayList<>();
                byPriority.forEach(expected::addAll);
                List<String> got = drain(t, next, q, 1001);
                if (!got.equals(expected)) {
                    int i = 0;
                    while (i < Math.min(got.size(), expected.size()) && got.get(i).equals(expected.get(i))) i++;
                    t.fail("the order differs from job #" + (i + 1) + " on",
                            i < expected.size() ? expected.get(i) : "no more jobs", i < got.size() ? got.get(i) : "no more jobs");
                }
            })
            .test("two queues hold their own jobs", t -> {
                Pid a = t.call("JobQueue.start()", start::get);
                Pid b = t.call("JobQueue.start()", start::get);
                t.run("JobQueue.submit(a, " + low + ", \"for a\")", () -> submit.run(a, low, "for a"));
                t.expectEquals("JobQueue.nextJob(b)", Optional.empty(), t.call("JobQueue.nextJob(b)", () -> next.apply(b)));
                t.expectEquals("JobQueue.nextJob(a)", Optional.of("for a"), t.call("JobQueue.nextJob(a)", () -> next.apply(a)));
            })
            .test("nextJob leaves nothing behind in the caller's mailbox", t -> {
                Pid q = t.call("JobQueue.start()", start::get);
                t.run("JobQueue.submit(queue, " + high + ", \"x\")", () -> submit.run(q, high, "x"));
                t.call("JobQueue.nextJob(queue)", () -> next.apply(q));
                t.call("JobQueue.nextJob(queue)", () -> next.apply(q));
                t.sleep(50);
                List<Object> left = Process.messages();
                t.expect(left.isEmpty(), "after two calls of nextJob the caller's mailbox still holds " + Trial.show(left));
            })
            .check();
    }

    private static <P> void submitAll(Trial t, Act3<Pid, P, String> submit, Pid q, List<P> ps, List<String> jobs) {
        for (int i = 0; i < jobs.size(); i++) {
            P p = ps.get(i);
            String job = jobs.get(i);
            t.run("JobQueue.submit(queue, " + p + ", \"" + job + "\")", () -> submit.run(q, p, job));
        }
    }

    private static List<String> drain(Trial t, Function<Pid, Optional<String>> next, Pid q, int max) {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            Optional<String> j = t.call("JobQueue.nextJob(queue)", () -> next.apply(q));
            if (j == null) t.fail("JobQueue.nextJob(queue) returned null instead of an Optional");
            if (j.isEmpty()) break;
            got.add(j.get());
        }
        return got;
    }
}
