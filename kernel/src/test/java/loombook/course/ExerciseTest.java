package loombook.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import loombook.Pid;
import loombook.Process;
import org.junit.jupiter.api.Test;

/** The check framework: reports, time limits, clean-up, untouched skeletons. */
class ExerciseTest {
    private static Report run(Exercise e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Report r = e.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals(r.text(), bytes.toString(StandardCharsets.UTF_8));
        return r;
    }

    @Test
    void aPassingExerciseSaysSo() {
        Report r = run(Exercise.named("Echo")
                .test("one", t -> t.expectEquals("x", 1, 1))
                .test("two", t -> t.expect(true, "never")));
        assertTrue(r.allPassed(), r.text());
        assertTrue(r.text().contains("  ✓ one\n  ✓ two\n"), r.text());
        assertTrue(r.text().endsWith("Echo: all 2 checks passed ✓\n"), r.text());
    }

    @Test
    void aFailureSaysWhatWasExpectedWhatHappenedAndAHint() {
        Report r = run(Exercise.named("Counter")
                .test("counts", "add one per increment", t -> t.expectEquals("Counter.get(c)", 3, 2))
                .test("passes", t -> {}));
        assertFalse(r.allPassed());
        assertTrue(r.text().contains("  ✗ counts\n"), r.text());
        assertTrue(r.text().contains("expected: 3\n"), r.text());
        assertTrue(r.text().contains("got:      2\n"), r.text());
        assertTrue(r.text().contains("hint: add one per increment"), r.text());
        assertTrue(r.text().endsWith("Counter: 1 of 2 checks passed\n"), r.text());
    }

    @Test
    void anUntouchedSkeletonIsNotImplementedYetAndStopsTheCheck() {
        Report r = run(Exercise.named("RateLimiter")
                .test("start", t -> t.call("RateLimiter.start(3)", () -> {
                    throw new UnsupportedOperationException("TODO: spawn the limiter");
                }))
                .test("two", t -> {})
                .test("three", t -> {}));
        assertTrue(r.notImplemented());
        assertTrue(r.text().contains("not implemented yet: TODO: spawn the limiter"), r.text());
        assertTrue(r.text().contains("2 more checks run once this is written"), r.text());
        assertTrue(r.text().endsWith("RateLimiter: not implemented yet (0 of 3 checks passed)\n"), r.text());
    }

    @Test
    void aTestThatWaitsForEverIsStoppedAtItsTimeLimit() {
        AtomicReference<Pid> tester = new AtomicReference<>();
        long t0 = System.nanoTime();
        Report r = run(Exercise.named("Stuck").timeLimit(300)
                .test("waits", t -> {
                    tester.set(t.self());
                    t.step("in Stuck.get(server)");
                    Process.receive(m -> null);
                }));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 3000, "took " + ms + " ms");
        assertEquals(Outcome.Status.TIMED_OUT, r.outcomes().get(0).status());
        assertTrue(r.text().contains("did not finish within 0.3 s; it was in Stuck.get(server)"), r.text());
        assertFalse(Process.alive(tester.get()));
    }

    @Test
    void theProcessesATestStartedAreKilledWhenItEnds() {
        AtomicReference<Pid> child = new AtomicReference<>();
        AtomicReference<Pid> grandchild = new AtomicReference<>();
        Report r = run(Exercise.named("Spawner")
                .test("spawns", t -> {
                    child.set(t.spawn(() -> {
                        grandchild.set(Process.spawn(() -> Process.sleep(60_000)));
                        Process.sleep(60_000);
                    }));
                    t.expect(t.eventually(2000, () -> grandchild.get() != null), "no grandchild");
                }));
        assertTrue(r.allPassed(), r.text());
        assertFalse(Process.alive(child.get()));
        assertFalse(Process.alive(grandchild.get()));
    }

    @Test
    void aCrashThatReachesTheTesterThroughALinkIsReported() {
        Report r = run(Exercise.named("Linked")
                .test("links", t -> {
                    Process.spawnLink(() -> {
                        throw new IllegalStateException("boom");
                    });
                    Process.receive(m -> null, 2000, () -> null);
                }));
        assertEquals(Outcome.Status.FAILED, r.outcomes().get(0).status());
        assertTrue(r.text().contains("exit signal"), r.text());
    }

    @Test
    void anExceptionOfTheStudentsCodeNamesTheCall() {
        Report r = run(Exercise.named("Thrower")
                .test("throws", t -> t.call("Thrower.go()", () -> {
                    throw new IllegalArgumentException("bad");
                })));
        assertTrue(r.text().contains("Thrower.go() threw IllegalArgumentException: bad"), r.text());
    }
}
