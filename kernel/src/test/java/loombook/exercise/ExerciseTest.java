package loombook.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import loombook.GroupLeader;
import loombook.HostProcess;
import loombook.Pid;
import loombook.Process;
import org.junit.jupiter.api.Test;

/** The check framework: reports, time limits, clean-up, untouched skeletons, the cell's error and stderr. */
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

    @Test
    void aCheckThatPassesReturnsNormally() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Exercise.named("Fine").test("one", t -> {}).check(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).endsWith("Fine: all 1 check passed ✓\n"));
    }

    @Test
    void aCheckThatFailsPrintsItsReportThenEndsTheCellWithTheSummary() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ExerciseFailed e = assertThrows(ExerciseFailed.class, () -> Exercise.named("Counter")
                .test("counts", t -> t.expectEquals("Counter.get(c)", 3, 2))
                .test("passes", t -> {})
                .check(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertEquals("Counter: 1 of 2 checks passed", e.getMessage());
        assertTrue(printed.contains("  ✗ counts\n") && printed.endsWith("Counter: 1 of 2 checks passed\n"), printed);
        assertEquals(printed, e.report().text());
        assertEquals(0, e.getStackTrace().length, "the report says where; the cell shows one line");
    }

    @Test
    void anUntouchedSkeletonFailsTheCheckToo() {
        ExerciseFailed e = assertThrows(ExerciseFailed.class, () -> Exercise.named("RateLimiter")
                .test("start", t -> t.call("RateLimiter.start(3)", () -> {
                    throw new UnsupportedOperationException("TODO: spawn the limiter");
                }))
                .check(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertEquals("RateLimiter: not implemented yet (0 of 1 checks passed)", e.getMessage());
        assertTrue(e.report().notImplemented());
    }

    /** Runs {@code e} as a cell would, in a process whose group leader writes to {@code out} and {@code err}. */
    private static Report runAsCell(Exercise e, ByteArrayOutputStream out, ByteArrayOutputStream err) throws Exception {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8), r = new PrintStream(err, true, StandardCharsets.UTF_8);
        try (HostProcess cell = HostProcess.start("cell", GroupLeader.of("cell", o, r))) {
            return cell.call(() -> e.run(o));
        }
    }

    @Test
    void whatAPassingTestsProcessesWriteToStderrIsDropped() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        Report r = runAsCell(Exercise.named("Crasher")
                .test("a crash that the test provokes on purpose", t -> {
                    Pid p = t.spawn(() -> {
                        Process.groupLeader().out().println("printed by the student's process");
                        throw new IllegalStateException("on purpose");
                    });
                    t.expect(t.awaitDown(p, 2000) != null, "the process did not end");
                }), out, err);
        assertTrue(r.allPassed(), r.text());
        assertEquals("", err.toString(StandardCharsets.UTF_8), "a passing check writes nothing to the cell's stderr");
        assertEquals("", r.outcomes().get(0).errorOutput());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("printed by the student's process"), "stdout still reaches the cell");
    }

    @Test
    void aFailedTestShowsWhatItsProcessesWroteToStderr() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        Report r = runAsCell(Exercise.named("Crasher")
                .test("the server answers", t -> {
                    Pid p = t.spawn(() -> {
                        throw new IllegalStateException("the student's bug");
                    });
                    t.awaitDown(p, 2000);
                    t.fail("no answer came");
                }), out, err);
        assertFalse(r.allPassed());
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        String o = r.outcomes().get(0).errorOutput();
        assertTrue(o.contains("IllegalStateException") && o.contains("the student's bug"), o);
        assertTrue(r.text().contains("      its processes wrote to stderr:\n        "), r.text());
        assertTrue(r.text().contains("the student's bug"), r.text());
        assertNull(r.outcomes().get(0).expected());
    }
}
