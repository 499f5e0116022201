package loombook.course;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import loombook.Pid;
import loombook.Process;
import loombook.Reason;
import loombook.Ref;
import loombook.exercise.Exercise;
import loombook.exercise.Fn3;

/**
 * The checks of notebook 07, processes: an echo server, a counter, two processes talking, spawning
 * a thousand processes and collecting their answers.
 */
public final class Check07 {
    private Check07() {}

    /**
     * Echo server: {@code Echo.start()} spawns a server that answers every {@code Say(from, text)}
     * by sending {@code text} back, until {@code Stop}. {@code say} and {@code stop} are the
     * skeleton's given client functions.
     *
     * <pre>{@code
     * Check07.echo(Echo::start, Echo::say, Echo::stop);
     * }</pre>
     */
    public static void echo(Supplier<Pid> start, BiFunction<Pid, String, String> say, Consumer<Pid> stop) {
        Exercise.named("Echo")
            .test("Echo.start() returns the pid of a live process", t -> {
                Pid echo = t.call("Echo.start()", start::get);
                t.expect(echo != null, "Echo.start() returned null instead of the new process's pid");
                t.expect(Process.alive(echo), "the process Echo.start() returned has already ended");
            })
            .test("it answers say(echo, \"hello\") with \"hello\"",
                    "receive a Say(from, text) and send text back to from", t -> {
                Pid echo = t.call("Echo.start()", start::get);
                String reply = t.call("Echo.say(echo, \"hello\")", () -> say.apply(echo, "hello"));
                if (reply == null) t.fail("say(echo, \"hello\") got no reply within its 1 s");
                t.expectEquals("the reply", "hello", reply);
            })
            .test("it keeps answering: 100 messages, 100 echoes, in order",
                    "a process that receives once handles one message and ends: receive in a loop", t -> {
                Pid echo = t.call("Echo.start()", start::get);
                for (int i = 1; i <= 100; i++) {
                    String text = "message " + i;
                    String reply = t.call("Echo.say(echo, \"" + text + "\")", () -> say.apply(echo, text));
                    if (reply == null) t.fail("message " + i + " got no reply within 1 s" + (Process.alive(echo) ? "" : " (the server has ended)"));
                    t.expectEquals("the reply to message " + i, text, reply);
                }
            })
            .test("two servers are two independent processes", "each Echo.start() spawns a new process", t -> {
                Pid a = t.call("Echo.start()", start::get);
                Pid b = t.call("Echo.start()", start::get);
                t.expect(!a.equals(b), "both calls of Echo.start() returned the same pid " + a);
                t.expectEquals("the first server's reply", "to a", t.call("Echo.say(a, \"to a\")", () -> say.apply(a, "to a")));
                t.expectEquals("the second server's reply", "to b", t.call("Echo.say(b, \"to b\")", () -> say.apply(b, "to b")));
            })
            .test("Echo.stop(echo) ends the server normally",
                    "on Stop, leave the loop: a process ends (reason normal) when its code returns", t -> {
                Pid echo = t.call("Echo.start()", start::get);
                t.call("Echo.say(echo, \"hi\")", () -> say.apply(echo, "hi"));
                t.expect(Process.alive(echo), "the server ended by itself after one message, before Echo.stop(echo)");
                Ref ref = t.watch(echo);
                t.run("Echo.stop(echo)", () -> stop.accept(echo));
                Object reason = t.awaitDown(ref, 1000);
                if (reason == null) t.fail("the server was still alive 1 s after Echo.stop(echo)");
                t.expectEquals("the server's exit reason", Reason.NORMAL, reason);
            })
            .check();
    }

    /**
     * Counter: {@code Counter.start(initial)} spawns a process that holds a count;
     * {@code increment} and {@code get} are the skeleton's given client functions ({@code get}
     * answers null when no reply comes within 1 s).
     *
     * <pre>{@code
     * Check07.counter(Counter::start, Counter::increment, Counter::get);
     * }</pre>
     */
    public static void counter(IntFunction<Pid> start, Consumer<Pid> increment, Function<Pid, Integer> get) {
        Exercise.named("Counter")
            .test("Counter.start(5) returns a live process that holds 5",
                    "answer Get(from) by sending Count(count) to from", t -> {
                Pid c = t.call("Counter.start(5)", () -> start.apply(5));
                t.expect(c != null && Process.alive(c), "Counter.start(5) did not return a live process");
                Integer n = t.call("Counter.get(counter)", () -> get.apply(c));
                if (n == null) t.fail("Counter.get(counter) got no reply within 1 s");
                t.expectEquals("Counter.get(counter)", 5, n);
            })
            .test("three increments make 5 into 8", "on Increment, go on with count + 1", t -> {
                Pid c = t.call("Counter.start(5)", () -> start.apply(5));
                for (int i = 0; i < 3; i++) t.run("Counter.increment(counter)", () -> increment.accept(c));
                t.expectEquals("Counter.get(counter) after 3 increments", 8, t.call("Counter.get(counter)", () -> get.apply(c)));
            })
            .test("it keeps its count across many messages: 1,000 increments and a get",
                    "keep the count in the process (a local variable of its loop) and go on looping after each message", t -> {
                Pid c = t.call("Counter.start(0)", () -> start.apply(0));
                for (int i = 0; i < 1000; i++) t.run("Counter.increment(counter)", () -> increment.accept(c));
                t.expectEquals("Counter.get(counter) after 1,000 increments", 1000, t.call("Counter.get(counter)", () -> get.apply(c)));
                t.expectEquals("Counter.get(counter) asked again", 1000, t.call("Counter.get(counter)", () -> get.apply(c)));
            })
            .test("two counters do not share their count", "each start spawns a process with its own count", t -> {
                Pid a = t.call("Counter.start(0)", () -> start.apply(0));
                Pid b = t.call("Counter.start(100)", () -> start.apply(100));
                t.run("Counter.increment(a)", () -> increment.accept(a));
                t.expectEquals("counter a", 1, t.call("Counter.get(a)", () -> get.apply(a)));
                t.expectEquals("counter b", 100, t.call("Counter.get(b)", () -> get.apply(b)));
            })
            .check();
    }

    /**
     * Two processes talking: {@code PingPong.ponger()} answers every {@code Ping(from, n)} with
     * {@code Pong(n)}; {@code PingPong.pinger(ponger, rounds, boss)} plays {@code rounds} rounds,
     * one at a time, then sends {@code Done(rounds)} to {@code boss} and ends. {@code ping} and
     * {@code awaitDone} are the skeleton's given helpers (null when nothing comes in time).
     *
     * <pre>{@code
     * Check07.pingPong(PingPong::ponger, PingPong::pinger, PingPong::ping, PingPong::awaitDone);
     * }</pre>
     */
    public static void pingPong(Supplier<Pid> ponger, Fn3<Pid, Integer, Pid, Pid> pinger,
                                BiFunction<Pid, Integer, Integer> ping, Function<Long, Integer> awaitDone) {
        Exercise.named("PingPong")
            .test("the ponger answers Ping(from, 1) with Pong(1), and goes on answering",
                    "reply to the pid inside the Ping, then receive again", t -> {
                Pid p = t.call("PingPong.ponger()", ponger::get);
                t.expect(p != null && Process.alive(p), "PingPong.ponger() did not return a live process");
                for (int n = 1; n <= 3; n++) {
                    int k = n;
                    Integer r = t.call("PingPong.ping(ponger, " + n + ")", () -> ping.apply(p, k));
                    if (r == null) t.fail("no Pong(" + n + ") came back within 1 s for Ping(from, " + n + ")");
                    t.expectEquals("the answer to ping " + n, n, r);
                }
            })
            .test("a pinger plays 3 rounds with the ponger and reports Done(3) to its boss",
                    "after the last Pong, send Done(rounds) to the boss pid you were given", t -> {
                Pid p = t.call("PingPong.ponger()", ponger::get);
                t.call("PingPong.pinger(ponger, 3, self())", () -> pinger.apply(p, 3, t.self()));
                Integer done = t.call("PingPong.awaitDone(2000)", () -> awaitDone.apply(2000L));
                if (done == null) t.fail("no Done came to the boss within 2 s");
                t.expectEquals("the rounds in Done", 3, done);
            })
            .test("the pinger ends once it has reported", "after sending Done, let the pinger's code return", t -> {
                Pid p = t.call("PingPong.ponger()", ponger::get);
                Pid pi = t.call("PingPong.pinger(ponger, 2, self())", () -> pinger.apply(p, 2, t.self()));
                Ref ref = t.watch(pi);
                t.call("PingPong.awaitDone(2000)", () -> awaitDone.apply(2000L));
                Object reason = t.awaitDown(ref, 1000);
                if (reason == null) t.fail("the pinger was still alive 1 s after it reported");
                if (reason != Reason.NOPROC) t.expectEquals("the pinger's exit reason", Reason.NORMAL, reason);
                t.expect(Process.alive(p), "the ponger ended too: it should serve whoever pings it, for ever");
            })
            .test("one ponger serves two pingers at once (5 and 7 rounds)",
                    "the ponger answers whoever sent the Ping: use the pid inside the message", t -> {
                Pid p = t.call("PingPong.ponger()", ponger::get);
                t.call("PingPong.pinger(ponger, 5, self())", () -> pinger.apply(p, 5, t.self()));
                t.call("PingPong.pinger(ponger, 7, self())", () -> pinger.apply(p, 7, t.self()));
                List<Integer> done = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    Integer d = t.call("PingPong.awaitDone(2000)", () -> awaitDone.apply(2000L));
                    if (d == null) t.fail("only " + done.size() + " of the 2 pingers reported Done within 2 s", "[5, 7]", done);
                    done.add(d);
                }
                done.sort(null);
                t.expectEquals("the Done reports", List.of(5, 7), done);
            })
            .check();
    }

    /**
     * Spawn 1,000 and collect: {@code Squares.squares(n)} spawns one process per number
     * {@code 0..n-1}, each sends back its number's square, and the caller collects the answers in
     * order of the numbers.
     *
     * <pre>{@code
     * Check07.squares(Squares::squares);
     * }</pre>
     */
    public static void squares(IntFunction<List<Integer>> squares) {
        Exercise.named("Squares")
            .test("squares(5) is [0, 1, 4, 9, 16]", t -> {
                List<Integer> r = t.call("Squares.squares(5)", () -> squares.apply(5));
                t.expectEquals("Squares.squares(5)", List.of(0, 1, 4, 9, 16), r);
            })
            .test("squares(0) is an empty list", "with no processes to wait for, return at once", t -> {
                t.expectEquals("Squares.squares(0)", List.of(), t.call("Squares.squares(0)", () -> squares.apply(0)));
            })
            .test("squares(1000) has the 1,000 squares, in order of the numbers",
                    "answers arrive in any order: tag each with its number (Result(i, square)) and put it in its place", t -> {
                List<Integer> r = t.call("Squares.squares(1000)", () -> squares.apply(1000));
                List<Integer> expected = IntStream.range(0, 1000).map(i -> i * i).boxed().toList();
                if (r == null || r.size() != 1000) t.fail("Squares.squares(1000) returned " + (r == null ? "null" : r.size() + " numbers"), 1000 + " numbers", r == null ? null : r.size() + " numbers");
                for (int i = 0; i < 1000; i++) {
                    if (!expected.get(i).equals(r.get(i))) t.fail("element " + i + " of squares(1000) is wrong", expected.get(i), r.get(i));
                }
            })
            .test("it spawns a process per number, and none is left running",
                    "spawn(() -> send(parent, new Result(i, i * i))) for each i; take self() before spawning (in the new process self() is the new process)", t -> {
                long before = t.nextPidNumber();
                t.call("Squares.squares(1000)", () -> squares.apply(1000));
                long after = t.nextPidNumber();
                long spawned = after - before - 1;
                if (spawned < 1000) t.fail("squares(1000) spawned " + spawned + " processes", "at least 1000", spawned);
                boolean gone = t.eventually(1000, () -> Process.processes().stream()
                        .noneMatch(p -> p.id() >= before && p.id() < after - 1));
                t.expect(gone, "some of the processes squares(1000) spawned were still alive 1 s after it returned: each should end after it answers");
            })
            .check();
    }
}
