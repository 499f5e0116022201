package loombook.course;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.IntFunction;
import loombook.Pid;
import loombook.Process;
import loombook.exercise.Exercise;
import loombook.exercise.Fn3;
import loombook.exercise.Trial;

/**
 * The checks of notebook 12, state machines: a workflow with retries and a deadline.
 */
public final class Check12 {
    private Check12() {}

    /** What the check's attempt functions saw: the attempt numbers, and the processes they ran in. */
    private record Attempts(List<Integer> numbers, List<Pid> pids) {
        Attempts() {
            this(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        }

        void record(int n) {
            numbers.add(n);
            pids.add(Process.self());
        }
    }

    /**
     * Workflow: {@code Workflow.start(attempt, maxAttempts, deadlineMillis)} starts a state machine
     * that is IDLE until {@code run(wf)} ("started"); it then calls {@code attempt.apply(1, 2, ...)}
     * in separate processes, retrying an attempt that throws, up to maxAttempts in all; it ends DONE
     * ({@code Done[value=...]}) or FAILED ({@code Failed[reason=gave up after N attempts]} or
     * {@code Failed[reason=deadline]}, killing the running attempt). {@code phase(wf)} answers at
     * once; {@code await(wf)} waits for the outcome.
     *
     * <pre>{@code
     * Check12.workflow(Workflow::start, Workflow::run, Workflow::await, Workflow::phase);
     * }</pre>
     */
    public static void workflow(Fn3<IntFunction<Object>, Integer, Long, Pid> start, Function<Pid, String> run,
                                Function<Pid, Object> await, Function<Pid, ?> phase) {
        Exercise.named("Workflow")
            .test("Workflow.start(...) starts a state machine in phase IDLE, which does not try anything yet",
                    "init returns ok(Phase.IDLE, data); the first attempt starts only on run", t -> {
                Attempts a = new Attempts();
                Pid wf = OtpChecks.call(t, "Workflow.start(attempt, 3, 2000)", () -> start.apply(n -> { a.record(n); return "r"; }, 3, 2000L));
                OtpChecks.expectServer(t, wf, "Workflow.start(...)", "Workflow");
                expectPhase(t, phase, wf, "IDLE", "before run");
                t.sleep(100);
                t.expectEquals("the attempts made before run", List.of(), List.copyOf(a.numbers()));
            })
            .test("run answers \"started\"; an attempt that returns 42 ends DONE, and await answers Done[value=42]",
                    "on run: reply(from, \"started\") and nextState(RUNNING...); when the attempt's process reports its value, go to DONE", t -> {
                Attempts a = new Attempts();
                Pid wf = OtpChecks.call(t, "Workflow.start(attempt, 3, 2000)", () -> start.apply(n -> { a.record(n); return 42; }, 3, 2000L));
                t.expectEquals("Workflow.run(wf)", "started", OtpChecks.call(t, "Workflow.run(wf)", () -> run.apply(wf)));
                Object outcome = OtpChecks.call(t, "Workflow.await(wf)", () -> await.apply(wf));
                t.expectEquals("Workflow.await(wf)", "Done[value=42]", String.valueOf(outcome));
                expectPhase(t, phase, wf, "DONE", "after the attempt returned");
                t.expectEquals("the attempts made (their numbers)", List.of(1), List.copyOf(a.numbers()));
                t.expectEquals("Workflow.run(wf) once more", "already started", OtpChecks.call(t, "Workflow.run(wf)", () -> run.apply(wf)));
            })
            .test("await asked before run, and during the work, waits for the outcome (postponed)",
                    "answer Await only in DONE and FAILED; in IDLE and RUNNING, keepStateAndData(postpone())", t -> {
                Pid wf = OtpChecks.call(t, "Workflow.start(attempt, 1, 3000)", () -> start.apply(n -> { Process.sleep(200); return "late"; }, 1, 3000L));
                Pid me = t.self();
                record Awaited(Object outcome) {}
                t.spawn(() -> Process.send(me, new Awaited(String.valueOf(await.apply(wf)))));
                t.sleep(100);
                t.expect(Process.messages().stream().noneMatch(m -> m instanceof Awaited),
                        "Workflow.await(wf), asked while IDLE, answered before the work was even started");
                OtpChecks.call(t, "Workflow.run(wf)", () -> run.apply(wf));
                Awaited got = t.receiveWithin(2000, m -> m instanceof Awaited aw ? aw : null);
                if (got == null) t.fail("Workflow.await(wf), asked before run, had no answer 2 s after run (the attempt takes 0.2 s)");
                t.expectEquals("the answer to the early await", "Done[value=late]", got.outcome());
            })
            .test("phase answers at once while an attempt runs: the attempt runs in a process of its own",
                    "spawn a process for each attempt that sends its outcome back to the machine; never run the attempt in a callback", t -> {
                Pid wf = OtpChecks.call(t, "Workflow.start(attempt, 1, 3000)", () -> start.apply(n -> { Process.sleep(800); return "slow"; }, 1, 3000L));
                OtpChecks.call(t, "Workflow.run(wf)", () -> run.apply(wf));
                long t0 = System.nanoTime();
                expectPhase(t, phase, wf, "RUNNING", "while an attempt of 0.8 s runs");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                t.expect(ms < 400, "Workflow.phase(wf) took " + ms + " ms to answer while the attempt ran: the machine was busy running it");
            })
            .test("an attempt that throws is retried with the next number: fail, fail, then 7 ends Done[value=7]",
                    "when an attempt reports that it threw (or its process ends with an exception), start attempt n + 1: repeatState re-runs the Enter call", t -> {
                Attempts a = new Attempts();
                Pid wf = OtpChecks.call(t, "Workflow.start(attempt, 3, 3000)", () -> start.apply(n -> {
                    a.record(n);
                    if (n < 3) throw new IllegalStateException("attempt " + n + " failed (on purpose)");
                    return 7;
                }, 3, 3000L));
                OtpChecks.call(t, "Workflow.run(wf)", () -> run.apply(wf));
                Object outcome = OtpChecks.call(t, "Workflow.await(wf)", () -> await.apply(wf));
                t.expectEquals("the attempts made (their numbers)", List.of(1, 2, 3), List.copyOf(a.numbers()));
                t.expectEquals("Workflow.await(wf)", "Done[value=7]", String.valueOf(outcome));
                t.expect(Process.alive(wf), "the machine ended: an attempt that throws must not take it down (spawn, not spawnLink, or catch)");
            })
            .test("when every attempt throws, it gives up after maxAttempts: Failed[reason=gave up after 3 attempts]", t -> {
                Attempts a = new Attempts();
                Pid wf = OtpChecks.call(t, "Workflow.start(attempt, 3, 3000)", () -> start.apply(n -> {
                    a.record(n);
                    throw new IllegalStateException("attempt " + n + " failed (on purpose)");
                }, 3, 3000L));
                OtpChecks.call(t, "Workflow.run(wf)", () -> run.apply(wf));
                Object outcome = OtpChecks.call(t, "Workflow.await(wf)", () -> await.apply(wf));
                t.expectEquals("Workflow.await(wf)", "Failed[reason=gave up after 3 attempts]", String.valueOf(outcome));
                expectPhase(t, phase, wf, "FAILED", "after giving up");
                t.sleep(100);
                t.expectEquals("the attempts made (their numbers)", List.of(1, 2, 3), List.copyOf(a.numbers()));
            })
            .test("an attempt still running at the deadline: Failed[reason=deadline], and its process is killed",
                    "set the deadline when the run starts; when it fires in RUNNING, kill the attempt's process and go to FAILED", t -> {
                Attempts a = new Attempts();
                Pid wf = OtpChecks.call(t, "Workflow.start(attempt, 3, 300)", () -> start.apply(n -> {
                    a.record(n);
                    Process.sleep(60_000);
                    return "never";
                }, 3, 300L));
                long t0 = System.nanoTime();
                OtpChecks.call(t, "Workflow.run(wf)", () -> run.apply(wf));
                Object outcome = OtpChecks.call(t, "Workflow.await(wf)", () -> await.apply(wf));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                t.expectEquals("Workflow.await(wf)", "Failed[reason=deadline]", String.valueOf(outcome));
                t.expect(ms >= 250, "the workflow failed after " + ms + " ms, before its deadline of 300 ms");
                List<Pid> pids = new ArrayList<>(a.pids());
                t.expect(!pids.isEmpty(), "the attempt was never called");
                boolean killed = t.eventually(1000, () -> pids.stream().noneMatch(Process::alive));
                t.expect(killed, "the attempt's process was still running 1 s after the deadline: kill it (Process.exit(pid, Reason.KILL))");
            })
            .test("the deadline spans all the attempts: attempts that each fail after 150 ms, a deadline of 500 ms",
                    "a state timeout restarts with every repeatState if you set it again in the Enter call; the whole run needs one deadline: a generic timeout, set once", 4000, t -> {
                Attempts a = new Attempts();
                Pid wf = OtpChecks.call(t, "Workflow.start(attempt, 20, 500)", () -> start.apply(n -> {
                    a.record(n);
                    Process.sleep(150);
                    throw new IllegalStateException("attempt " + n + " failed (on purpose)");
                }, 20, 500L));
                long t0 = System.nanoTime();
                OtpChecks.call(t, "Workflow.run(wf)", () -> run.apply(wf));
                Object outcome = OtpChecks.call(t, "Workflow.await(wf)", () -> await.apply(wf));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                t.expectEquals("Workflow.await(wf) (attempts: " + a.numbers() + ", after " + ms + " ms)", "Failed[reason=deadline]", String.valueOf(outcome));
                t.expect(a.numbers().size() < 20, "all 20 attempts ran: the deadline of 500 ms did not stop them");
            })
            .check();
    }

    private static void expectPhase(Trial t, Function<Pid, ?> phase, Pid wf, String expected, String when) {
        Object p = OtpChecks.call(t, "Workflow.phase(wf)", () -> phase.apply(wf));
        t.expectEquals("Workflow.phase(wf) " + when, expected, String.valueOf(p));
    }
}
