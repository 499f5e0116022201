package loombook.course;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessInfo;
import loombook.Reason;
import loombook.Ref;
import loombook.exercise.Exercise;
import loombook.exercise.Trial;

/**
 * The checks of notebook 09, errors and processes: a supervisor that counts its restarts, a worker
 * pool that survives crashing jobs, and a graceful shutdown.
 */
public final class Check09 {
    private Check09() {}

    /** The worker the restart-counter check gives the student's supervisor: "crash" and "finish" end it. */
    private static Runnable worker() {
        return () -> {
            while (true) {
                Object m = Process.receive();
                if ("crash".equals(m)) Process.exit("crashed on purpose");
                if ("finish".equals(m)) return;
            }
        };
    }

    /**
     * Restart counter: {@code Keeper.start(worker, maxRestarts)} spawns a supervisor that traps
     * exits and runs {@code worker} in a process linked to it; when the worker ends abnormally it
     * starts a new one, at most {@code maxRestarts} times; one more crash and the supervisor gives up
     * and ends with reason {@code SHUTDOWN}. A worker that ends normally is not restarted.
     * {@code restarts(sup)} answers how many restarts it made, {@code worker(sup)} the current
     * worker's pid (null when there is none).
     *
     * <pre>{@code
     * Check09.keeper(Keeper::start, Keeper::restarts, Keeper::worker);
     * }</pre>
     */
    public static void keeper(BiFunction<Runnable, Integer, Pid> start, Function<Pid, Integer> restarts,
                                      Function<Pid, Pid> workerOf) {
        Exercise.named("Keeper")
            .test("Keeper.start(worker, 3) runs the worker in a process linked to the supervisor, which traps exits",
                    "trapExit(true) in the supervisor first, then spawnLink the worker", t -> {
                Pid sup = t.call("Keeper.start(worker, 3)", () -> start.apply(worker(), 3));
                t.expect(sup != null && Process.alive(sup), "Keeper.start did not return a live process");
                Pid w = currentWorker(t, workerOf, sup);
                t.expect(!w.equals(sup), "Keeper.worker(sup) returned the supervisor itself");
                ProcessInfo si = Process.info(sup);
                t.expect(si != null && si.trapExit(), "the supervisor does not trap exits: a crashing worker would take it down");
                ProcessInfo wi = Process.info(w);
                t.expect(wi != null && wi.links().contains(sup), "the worker is not linked to the supervisor");
                t.expectEquals("Keeper.restarts(sup) before any crash", 0, t.call("Keeper.restarts(sup)", () -> restarts.apply(sup)));
            })
            .test("a worker that crashes is replaced by a new one, and the restart is counted",
                    "on Exit(from, reason) with an abnormal reason, spawnLink a new worker and count one more restart", t -> {
                Pid sup = t.call("Keeper.start(worker, 3)", () -> start.apply(worker(), 3));
                Pid first = currentWorker(t, workerOf, sup);
                Process.send(first, "crash");
                Pid second = replacement(t, workerOf, sup, first);
                t.expectEquals("Keeper.restarts(sup) after one crash", 1, t.call("Keeper.restarts(sup)", () -> restarts.apply(sup)));
                Process.exit(second, Reason.KILL);
                replacement(t, workerOf, sup, second);
                t.expectEquals("Keeper.restarts(sup) after a crash and a kill", 2, t.call("Keeper.restarts(sup)", () -> restarts.apply(sup)));
                t.expect(Process.alive(sup), "the supervisor has died");
            })
            .test("a worker that finishes normally is not restarted",
                    "Exit(from, NORMAL) means the work is done: restart only for other reasons", t -> {
                Pid sup = t.call("Keeper.start(worker, 3)", () -> start.apply(worker(), 3));
                Pid w = currentWorker(t, workerOf, sup);
                Ref ref = t.watch(w);
                Process.send(w, "finish");
                if (t.awaitDown(ref, 1000) == null) t.fail("the worker did not finish (the check's worker returns on \"finish\")");
                t.sleep(300);
                Pid now = t.call("Keeper.worker(sup)", () -> workerOf.apply(sup));
                t.expect(now == null || now.equals(w), "a new worker " + now + " was started after the old one finished normally");
                t.expectEquals("Keeper.restarts(sup)", 0, t.call("Keeper.restarts(sup)", () -> restarts.apply(sup)));
                t.expect(Process.alive(sup), "the supervisor ended when its worker finished normally");
            })
            .test("after maxRestarts restarts, one more crash makes the supervisor give up with reason shutdown",
                    "when the count would go past maxRestarts, end the supervisor: Process.exit(Reason.SHUTDOWN)", 5000, t -> {
                Pid sup = t.call("Keeper.start(worker, 2)", () -> start.apply(worker(), 2));
                Ref supRef = t.watch(sup);
                Pid w = currentWorker(t, workerOf, sup);
                for (int i = 1; i <= 2; i++) {
                    Process.send(w, "crash");
                    w = replacement(t, workerOf, sup, w);
                }
                Pid last = w;
                Process.send(last, "crash");
                Object reason = t.awaitDown(supRef, 2000);
                if (reason == null) t.fail("the supervisor was still alive 2 s after the 3rd crash of a Keeper with maxRestarts 2");
                t.expectEquals("the supervisor's exit reason", Reason.SHUTDOWN, reason);
                boolean noWorker = t.eventually(500, () -> Process.processes().stream()
                        .noneMatch(p -> p.id() > last.id() && isChildOf(p, sup)));
                t.expect(noWorker, "a new worker was left running after the supervisor gave up");
            })
            .check();
    }

    private static boolean isChildOf(Pid p, Pid parent) {
        ProcessInfo i = Process.info(p);
        return i != null && parent.equals(i.parent());
    }

    private static Pid currentWorker(Trial t, Function<Pid, Pid> workerOf, Pid sup) {
        Pid w = t.call("Keeper.worker(sup)", () -> workerOf.apply(sup));
        if (w == null) t.fail("Keeper.worker(sup) returned null: no worker is running");
        t.expect(Process.alive(w), "Keeper.worker(sup) returned " + w + ", which is not alive");
        return w;
    }

    private static Pid replacement(Trial t, Function<Pid, Pid> workerOf, Pid sup, Pid old) {
        Pid[] now = new Pid[1];
        boolean ok = t.eventually(2000, () -> {
            Pid w = t.call("Keeper.worker(sup)", () -> workerOf.apply(sup));
            now[0] = w;
            return w != null && !w.equals(old) && Process.alive(w);
        });
        if (!ok) {
            t.fail("2 s after worker " + old + " crashed, Keeper.worker(sup) still gives " + now[0]
                    + (Process.alive(sup) ? "" : " (and the supervisor has died)"));
        }
        return now[0];
    }

    /** The reply the check's pool clients send to the tester. */
    private record Answer(int input, Object output, String error) {}

    /**
     * Worker pool: {@code WorkerPool.start(size, work)} spawns a pool of {@code size} worker
     * processes that apply {@code work} to inputs; {@code run(pool, input)} hands an input to a free
     * worker (waiting while all are busy) and returns the output, or throws if the job crashed. A
     * crashed worker is replaced, so the pool keeps its size.
     *
     * <pre>{@code
     * Check09.workerPool(WorkerPool::start, WorkerPool::run);
     * }</pre>
     */
    public static void workerPool(BiFunction<Integer, Function<Object, Object>, Pid> start, BiFunction<Pid, Object, Object> run) {
        Exercise.named("WorkerPool")
            .test("WorkerPool.start(3, x -> x * 2) returns a live pool, and run(pool, 21) gives 42", t -> {
                Pid pool = t.call("WorkerPool.start(3, x -> x * 2)", () -> start.apply(3, x -> (Integer) x * 2));
                t.expect(pool != null && Process.alive(pool), "WorkerPool.start did not return a live process");
                t.expectEquals("WorkerPool.run(pool, 21)", 42, t.call("WorkerPool.run(pool, 21)", () -> run.apply(pool, 21)));
            })
            .test("20 clients at once all get their own answers",
                    "remember which client each job came from (and a Ref) so that each answer goes back to its caller", t -> {
                Pid pool = t.call("WorkerPool.start(3, x -> x * x)", () -> start.apply(3, x -> (Integer) x * (Integer) x));
                List<Answer> answers = clients(t, run, pool, 20);
                for (Answer a : answers) {
                    if (a.error() != null) t.fail("run(pool, " + a.input() + ") threw " + a.error());
                    t.expectEquals("run(pool, " + a.input() + ")", a.input() * a.input(), a.output());
                }
            })
            .test("a pool of 3 runs 3 jobs at once, never more, on 3 workers",
                    "start size workers once; hand a job to a free worker, and queue jobs while all are busy", 5000, t -> {
                Pid pool = t.call("WorkerPool.start(3, slow job)", () -> start.apply(3, slowJob(running, highest, workers)));
                resetCounters();
                for (Answer a : clients(t, run, pool, 9)) {
                    if (a.error() != null) t.fail("run(pool, " + a.input() + ") threw " + a.error());
                }
                t.expect(highest.get() <= 3, "up to " + highest.get() + " jobs ran at the same time in a pool of 3");
                t.expect(highest.get() >= 2, "the 9 jobs ran one at a time: a pool of 3 should run 3 at once");
                t.expect(workers.size() <= 3, "the jobs ran in " + workers.size() + " different processes: a pool of 3 reuses its 3 workers");
            })
            .test("a job that crashes makes run throw, and the pool goes on with all its workers",
                    "link the workers to the pool and trap exits: on Exit from a busy worker, tell its client and start a new worker", 5000, t -> {
                Function<Object, Object> job = slowJob(running, highest, workers);
                Pid pool = t.call("WorkerPool.start(3, job)", () -> start.apply(3, x -> {
                    if ("boom".equals(x)) throw new IllegalStateException("this job crashes on purpose");
                    return job.apply(x);
                }));
                t.step("in WorkerPool.run(pool, \"boom\")");
                boolean threw = false;
                try {
                    run.apply(pool, "boom");
                } catch (UnsupportedOperationException e) {
                    if (Exercise.todo(e) != null) throw e;
                    threw = true;
                } catch (RuntimeException e) {
                    threw = true;
                }
                t.expect(threw, "run(pool, \"boom\") returned normally, although the job crashed");
                t.expect(Process.alive(pool), "the pool died with its worker");
                resetCounters();
                for (Answer a : clients(t, run, pool, 9)) {
                    if (a.error() != null) t.fail("after the crash, run(pool, " + a.input() + ") threw " + a.error());
                }
                t.expect(highest.get() >= 3 || workers.size() >= 3,
                        "after the crash only " + workers.size() + " workers ran jobs: the crashed worker was not replaced");
            })
            .check();
    }

    private static final AtomicInteger running = new AtomicInteger();
    private static final AtomicInteger highest = new AtomicInteger();
    private static final Set<Pid> workers = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static void resetCounters() {
        running.set(0);
        highest.set(0);
        workers.clear();
    }

    /** A job that takes 200 ms and records how many run at once, and in which processes. */
    private static Function<Object, Object> slowJob(AtomicInteger running, AtomicInteger highest, Set<Pid> workers) {
        return x -> {
            workers.add(Process.self());
            int now = running.incrementAndGet();
            highest.accumulateAndGet(now, Math::max);
            Process.sleep(200);
            running.decrementAndGet();
            return x;
        };
    }

    /** Runs {@code n} clients at once, each calling run(pool, i); returns their answers. */
    private static List<Answer> clients(Trial t, BiFunction<Pid, Object, Object> run, Pid pool, int n) {
        Pid tester = t.self();
        for (int i = 1; i <= n; i++) {
            int input = i;
            t.spawn(() -> {
                Answer a;
                try {
                    a = new Answer(input, run.apply(pool, input), null);
                } catch (RuntimeException e) {
                    String todo = Exercise.todo(e);
                    a = new Answer(input, null, todo != null ? todo : e.toString());
                }
                Process.send(tester, a);
            });
        }
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            t.step("waiting for the answers of " + n + " clients of run(pool, input); " + answers.size() + " came so far");
            Answer a = Process.receive(m -> m instanceof Answer x ? x : null, 3000, () -> null);
            if (a == null) t.fail("only " + answers.size() + " of " + n + " clients got an answer within 3 s");
            if (a.error() != null && a.error().startsWith("TODO")) throw new UnsupportedOperationException(a.error());
            answers.add(a);
        }
        return answers;
    }

    private record Saved(List<Object> items, Pid by) {}

    /**
     * Graceful shutdown: {@code GracefulWorker.start(save)} spawns a worker that traps exits and
     * collects the items given with {@code add}; on an exit signal with reason {@code SHUTDOWN} it
     * calls {@code save} with its items (in order) and ends with reason {@code SHUTDOWN}, while other
     * exit signals leave it running. {@code shutdown(worker, timeoutMillis)} is the supervisor's side:
     * it signals {@code SHUTDOWN}, waits up to {@code timeoutMillis} for the worker to end, kills
     * it if it has not, and returns the reason it ended with.
     *
     * <pre>{@code
     * Check09.gracefulWorker(GracefulWorker::start, GracefulWorker::add, GracefulWorker::shutdown);
     * }</pre>
     */
    public static void gracefulWorker(Function<Consumer<List<Object>>, Pid> start, java.util.function.BiConsumer<Pid, Object> add,
                                        BiFunction<Pid, Long, Object> stop) {
        Exercise.named("GracefulWorker")
            .test("GracefulWorker.start(save) returns a live process that traps exits",
                    "call trapExit(true) first thing in the worker", t -> {
                Pid w = startWorker(t, start);
                t.expect(w != null && Process.alive(w), "GracefulWorker.start did not return a live process");
                t.expect(t.eventually(500, () -> Process.info(w) != null && Process.info(w).trapExit()),
                        "the worker does not trap exits: a shutdown signal would kill it before it can save");
            })
            .test("shutdown(worker, 1000) makes it save its items, in order, and end with reason shutdown",
                    "in the worker, on Exit(from, Reason.SHUTDOWN): save the items, then Process.exit(Reason.SHUTDOWN); in shutdown: monitor, exit(worker, SHUTDOWN), wait for the DOWN", t -> {
                Pid w = startWorker(t, start);
                for (String item : List.of("a", "b", "c")) t.run("GracefulWorker.add(worker, \"" + item + "\")", () -> add.accept(w, item));
                Object reason = t.call("GracefulWorker.shutdown(worker, 1000)", () -> stop.apply(w, 1000L));
                t.expectEquals("what shutdown returned", Reason.SHUTDOWN, reason);
                Saved saved = t.receiveWithin(500, m -> m instanceof Saved s ? s : null);
                if (saved == null) t.fail("save was not called");
                t.expectEquals("the items save got", List.of("a", "b", "c"), saved.items());
                t.expect(w.equals(saved.by()), "save ran in " + saved.by() + ", not in the worker: the worker should save its own items");
                t.expect(!Process.alive(w), "the worker is still alive after shutdown returned");
            })
            .test("other exit signals do not stop it: it keeps its items",
                    "a trapped Exit with another reason is just a message: ignore it and go on", t -> {
                Pid w = startWorker(t, start);
                t.run("GracefulWorker.add(worker, 1)", () -> add.accept(w, 1));
                Process.exit(w, "just a nudge");
                t.run("GracefulWorker.add(worker, 2)", () -> add.accept(w, 2));
                t.sleep(100);
                t.expect(Process.alive(w), "the worker ended on an exit signal with reason \"just a nudge\"");
                t.expectEquals("what shutdown returned", Reason.SHUTDOWN, t.call("GracefulWorker.shutdown(worker, 1000)", () -> stop.apply(w, 1000L)));
                Saved saved = t.receiveWithin(500, m -> m instanceof Saved s ? s : null);
                t.expectEquals("the items save got", List.of(1, 2), saved == null ? null : saved.items());
            })
            .test("shutdown kills a process that does not end within the timeout, and returns killed",
                    "if no DOWN comes within the timeout, exit(worker, Reason.KILL): a kill cannot be trapped", t -> {
                Pid stubborn = t.spawn(() -> {
                    Process.trapExit(true);
                    while (true) Process.receive();
                });
                t.eventually(500, () -> Process.info(stubborn) != null && Process.info(stubborn).trapExit());
                long t0 = System.nanoTime();
                Object reason = t.call("GracefulWorker.shutdown(stubborn, 300)", () -> stop.apply(stubborn, 300L));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                t.expectEquals("what shutdown returned", Reason.KILLED, reason);
                t.expect(!Process.alive(stubborn), "the stubborn process is still alive after shutdown returned");
                t.expect(ms >= 250, "shutdown killed it after " + ms + " ms, without giving it the 300 ms to shut down");
            })
            .test("shutdown on a process that has already ended returns noproc at once",
                    "a monitor on a dead process delivers its DOWN at once, with reason noproc", t -> {
                Pid gone = t.spawn(() -> {});
                t.awaitDown(gone, 1000);
                long t0 = System.nanoTime();
                Object reason = t.call("GracefulWorker.shutdown(gone, 2000)", () -> stop.apply(gone, 2000L));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                t.expectEquals("what shutdown returned", Reason.NOPROC, reason);
                t.expect(ms < 1000, "shutdown took " + ms + " ms for a process that was already gone");
            })
            .check();
    }

    private static Pid startWorker(Trial t, Function<Consumer<List<Object>>, Pid> start) {
        Pid tester = t.self();
        Consumer<List<Object>> save = items -> Process.send(tester, new Saved(items == null ? null : List.copyOf(items), Process.self()));
        return t.call("GracefulWorker.start(save)", () -> start.apply(save));
    }
}
