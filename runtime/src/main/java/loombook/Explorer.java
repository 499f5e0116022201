package loombook;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How {@link Races} explores a scenario: systematically or at random, within bounds. Made by
 * {@link Races#systematic()} or {@link Races#random(long)}, each setting returns a new explorer.
 *
 * <pre>{@code
 * Supplier<String> firstOfTwo = () -> {
 *     Pid me = self();
 *     spawn(() -> send(me, "one"));
 *     spawn(() -> send(me, "two"));
 *     return receive(String.class);
 * };
 * Races.random(42).runs(500).seconds(5).explore(firstOfTwo, first -> first.equals("one"));
 * Races.systematic().keepGoing().explore(firstOfTwo, first -> first.equals("one")).failures()   // 1 of 2
 * }</pre>
 *
 * <p>Defaults: at most 10,000 schedules and 10 seconds, 10,000 steps per schedule, stop at the
 * first failing schedule, a process that crashes fails the schedule, and timers and timeouts
 * shorter than 1,000 ms may fire between any two steps (longer ones only when nothing else can
 * move).
 */
public final class Explorer {
    private final boolean random;
    private final long seed;
    private final int maxRuns;
    private final long maxMillis;
    private final int maxSteps;
    private final boolean keepGoing;
    private final boolean crashesFail;
    private final long raceBelowMillis;
    /** How long the running process may wait outside the runtime before the run is called stuck. */
    static final long STALL_MILLIS = 2000;
    /** At most this many extra runs look for the choice that made a schedule fail. */
    private static final int CRITICAL_RUNS = 80;

    private Explorer(boolean random, long seed, int maxRuns, long maxMillis, int maxSteps, boolean keepGoing, boolean crashesFail,
                     long raceBelowMillis) {
        this.random = random;
        this.seed = seed;
        this.maxRuns = maxRuns;
        this.maxMillis = maxMillis;
        this.maxSteps = maxSteps;
        this.keepGoing = keepGoing;
        this.crashesFail = crashesFail;
        this.raceBelowMillis = raceBelowMillis;
    }

    static Explorer systematic() {
        return new Explorer(false, 0, 10_000, 10_000, 10_000, false, true, 1000);
    }

    static Explorer random(long seed) {
        return new Explorer(true, seed, 10_000, 10_000, 10_000, false, true, 1000);
    }

    /**
     * At most {@code max} schedules.
     *
     * <pre>{@code
     * Races.random(7).runs(50).explore(firstOfTwo, first -> true).runs()   // 50
     * }</pre>
     */
    public Explorer runs(int max) {
        if (max < 1) throw new IllegalArgumentException("runs: at least 1 schedule, not " + max);
        return new Explorer(random, seed, max, maxMillis, maxSteps, keepGoing, crashesFail, raceBelowMillis);
    }

    /**
     * At most {@code max} seconds (it stops after the schedule running then).
     *
     * <pre>{@code
     * Races.random(7).seconds(0.5).explore(firstOfTwo, first -> true).stoppedBecause()
     * }</pre>
     */
    public Explorer seconds(double max) {
        if (!(max > 0)) throw new IllegalArgumentException("seconds: a positive time, not " + max);
        return new Explorer(random, seed, maxRuns, (long) Math.ceil(max * 1000), maxSteps, keepGoing, crashesFail, raceBelowMillis);
    }

    /**
     * At most {@code max} steps in one schedule; a schedule that reaches it fails (a loop that never settles).
     *
     * <pre>{@code
     * Races.systematic().steps(5).explore(firstOfTwo, first -> true).failure().get().failure()   // did not settle
     * }</pre>
     */
    public Explorer steps(int max) {
        if (max < 1) throw new IllegalArgumentException("steps: at least 1 step, not " + max);
        return new Explorer(random, seed, maxRuns, maxMillis, max, keepGoing, crashesFail, raceBelowMillis);
    }

    /**
     * Goes on after a failing schedule, to count them all and keep the shortest (Concuerror's keep_going).
     *
     * <pre>{@code
     * Races.systematic().keepGoing().explore(firstOfTwo, first -> first.equals("one")).failures()
     * }</pre>
     */
    public Explorer keepGoing() {
        return new Explorer(random, seed, maxRuns, maxMillis, maxSteps, true, crashesFail, raceBelowMillis);
    }

    /**
     * A process that crashes does not fail the schedule by itself (a supervisor's child, on purpose).
     *
     * <pre>{@code
     * Races.systematic().crashesAllowed().explore(() -> { spawn(() -> { throw new IllegalStateException("on purpose"); }); }).passed()
     * }</pre>
     */
    public Explorer crashesAllowed() {
        return new Explorer(random, seed, maxRuns, maxMillis, maxSteps, keepGoing, false, raceBelowMillis);
    }

    /**
     * Timers and timeouts shorter than {@code millis} may fire between any two steps; longer ones
     * fire only when no process can move (1,000 ms by default; 0: every wait is long).
     *
     * <pre>{@code
     * Races.systematic().timersRaceBelow(0).explore(() -> { sleep(10); return "slept"; }, s -> true).runs()   // 1
     * }</pre>
     */
    public Explorer timersRaceBelow(long millis) {
        if (millis < 0) throw new IllegalArgumentException("timersRaceBelow: 0 or more milliseconds, not " + millis);
        return new Explorer(random, seed, maxRuns, maxMillis, maxSteps, keepGoing, crashesFail, millis);
    }

    /**
     * {@code "systematic"}, or {@code "random, seed 42"}.
     *
     * <pre>{@code
     * Races.random(42).mode()
     * }</pre>
     */
    public String mode() {
        return random ? "random, seed " + seed : "systematic";
    }

    // ---------------------------------------------------------------- exploring

    /**
     * Runs {@code scenario} under schedule after schedule, each time in a fresh process of its
     * own, and applies {@code check} to what it returns once every process it started has stopped
     * moving. Stops at the first failing schedule (unless {@link #keepGoing()}), at the bounds, or,
     * systematically, when every schedule has been run. See {@link Races#explore(Supplier, Predicate)}.
     *
     * <pre>{@code
     * Races.systematic().explore(firstOfTwo, first -> first.equals("one"))
     * }</pre>
     */
    public <T> Exploration explore(Supplier<T> scenario, Predicate<? super T> check) {
        return explore(random ? new RandomWalk(seed) : new Dpor(), scenario, check);
    }

    /** Explores with {@code strategy} (the tests count schedules with a brute-force one). */
    <T> Exploration explore(Strategy strategy, Supplier<T> scenario, Predicate<? super T> check) {
        Objects.requireNonNull(scenario, "explore: the scenario must not be null");
        Objects.requireNonNull(check, "explore: the check must not be null");
        notInside("explore");
        long start = System.nanoTime();
        long deadline = start + maxMillis * 1_000_000L;
        Actors actors = new Actors();
        int runs = 0, failures = 0;
        Attempt best = null;
        boolean exhausted = false;
        String stopped;
        for (;;) {
            Attempt a = attempt(strategy, actors, scenario, check, false, deadline);
            if (a.end != Controller.End.ABANDONED) {
                runs++;
                if (a.failure != null) {
                    failures++;
                    if (best == null || a.trace.size() < best.trace.size()) best = a;
                }
            }
            if (strategy instanceof Dpor d && d.unstable != null) throw unstable(d.unstable);
            if (best != null && !keepGoing) {
                stopped = "it stops at the first failing schedule";
                break;
            }
            if (!strategy.next()) {
                if (strategy instanceof Dpor d && d.unstable != null) throw unstable(d.unstable);
                exhausted = true;
                stopped = "that is every schedule, up to the order of steps that do not affect each other";
                break;
            }
            if (runs >= maxRuns) {
                stopped = "the bound of " + maxRuns + " schedules";
                break;
            }
            if (System.nanoTime() - deadline > 0) {
                stopped = "the time limit of " + seconds(maxMillis);
                break;
            }
        }
        Schedule shown = null;
        String note = null;
        if (best != null) {
            Attempt r = attempt(new Replaying(actors.ids(best.trace)), actors, scenario, check, true, deadline + 60_000_000_000L);
            shown = r.schedule;
            if (r.failure == null) {
                note = "the failing schedule passed when it was run again: the scenario does not do the same thing twice on"
                        + " the same schedule (it reads the clock, uses threads or I/O of its own, or shares Java objects)";
            } else {
                findCritical(shown, actors, scenario, check);
            }
        }
        return new Exploration(mode(), runs, failures, strategy instanceof Dpor d ? d.abandoned : 0, exhausted, stopped,
                (System.nanoTime() - start) / 1_000_000, shown, note);
    }

    /**
     * As {@link #explore(Supplier, Predicate)}, with no check but the defaults: no process crashes, nothing deadlocks.
     *
     * <pre>{@code
     * Races.systematic().explore(() -> { Pid p = spawn(() -> receive()); send(p, "hi"); })
     * }</pre>
     */
    public Exploration explore(Runnable scenario) {
        Objects.requireNonNull(scenario, "explore: the scenario must not be null");
        return explore(() -> {
            scenario.run();
            return null;
        }, x -> true);
    }

    /** Runs {@code scenario} once on {@code trace} (a {@link Schedule#trace()}), recorded. See {@link Races#replay}. */
    <T> Schedule replay(String trace, Supplier<T> scenario, Predicate<? super T> check) {
        Objects.requireNonNull(trace, "replay: the schedule must not be null");
        Objects.requireNonNull(scenario, "replay: the scenario must not be null");
        Objects.requireNonNull(check, "replay: the check must not be null");
        notInside("replay");
        Actors actors = new Actors();
        List<String> names = trace.isBlank() ? List.of() : Arrays.asList(trace.trim().split("\\s+"));
        Attempt a = attempt(new Replaying(actors.ids(names)), actors, scenario, check, true,
                System.nanoTime() + Math.max(maxMillis, 60_000) * 1_000_000L);
        return a.schedule;
    }

    private static void notInside(String what) {
        if (Controlled.current() != null) {
            throw new IllegalStateException("Races." + what + " was called by a process of a scenario that is being explored:"
                    + " explorations do not nest. Call it from the cell (or the test), outside the scenario.");
        }
    }

    private static IllegalStateException unstable(String detail) {
        return new IllegalStateException("the scenario did not do the same thing twice on the same schedule (" + detail + "), so"
                + " its schedules cannot be explored systematically. It depends on something the runtime does not control: the"
                + " clock (System.currentTimeMillis), threads or I/O of its own, Java objects shared between processes, or"
                + " iteration order of hash tables of objects. Races.random(seed) still tries random schedules.");
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** One run's result. */
    private record Attempt(Controller.End end, String failure, List<String> trace, Schedule schedule) {}

    private <T> Attempt attempt(Strategy strategy, Actors actors, Supplier<T> scenario, Predicate<? super T> check, boolean record,
                                long deadline) {
        Proc caller = Proc.current();
        GroupLeader outer = caller != null ? caller.groupLeader : GroupLeader.system();
        Controller run = new Controller(strategy, actors, maxSteps, raceBelowMillis * 1_000_000L, record, new RunOutput(outer));
        String stuck;
        try {
            run.start(scenario, check, caller);
            stuck = run.await(STALL_MILLIS, deadline);
        } catch (InterruptedException e) {
            run.release(1000);
            throw new CancellationException("interrupted while exploring schedules");
        } catch (RuntimeException | Error e) {
            run.release(1000);
            throw e;
        }
        try {
            if (stuck != null) throw new IllegalStateException("the scenario got stuck: " + stuck);
            if (run.disturbed != null) {
                throw new IllegalStateException("something outside the scenario touched its processes: " + run.disturbed
                        + ". A controlled run must be all there is to its processes, or it could not be repeated; keep the"
                        + " scenario's pids and names to itself.");
            }
            if (run.end == Controller.End.MISMATCH) {
                throw new IllegalArgumentException("this schedule does not fit the scenario: " + run.endDetail
                        + ". A schedule replays only the scenario it was found for.");
            }
            String failure = run.end == Controller.End.ABANDONED ? null : failure(run);
            List<String> trace = new ArrayList<>();
            for (Controller.StepRecord s : run.steps) trace.add(s.actorName);
            Schedule schedule = record ? Schedule.of(run, failure) : null;
            return new Attempt(run.end, failure, trace, schedule);
        } finally {
            run.release(1000);
        }
    }

    /**
     * What went wrong in a finished run, or null if nothing did. A crash comes first: it is
     * usually why the rest went wrong (a deadlock waiting for a reply that never came).
     */
    private String failure(Controller run) {
        if (run.end == Controller.End.STEP_BOUND) {
            return "the schedule did not settle within " + maxSteps + " steps (messages or timers that go on for ever?"
                    + " Explorer.steps(n) raises the bound)";
        }
        if (crashesFail) {
            for (TraceEvent e : run.events) {
                if (e instanceof TraceEvent.Exited x && x.reason() instanceof Throwable t) {
                    String who = "a process";
                    for (Controlled c : run.procs) if (c.proc.pid.equals(x.pid())) who = "process " + c.name + " (" + x.pid() + ")";
                    return who + " crashed: " + Controller.describe(t);
                }
            }
        }
        if (run.end == Controller.End.DEADLOCK) {
            List<String> waiting = new ArrayList<>();
            for (Controlled c : run.procs) {
                if (c != run.root && (c.state == Controlled.BLOCKED || c.state == Controlled.SLEEPING)) waiting.add("process " + c.name);
            }
            return "deadlock: the scenario's process waits for a message that never comes"
                    + (waiting.isEmpty() ? "" : " (waiting too: " + String.join(", ", waiting) + ")")
                    + "; no process can move and no timer is left to fire";
        }
        if (run.verdict == null) {
            Object why = run.root.proc.exitReason;
            return "the scenario's process was ended by an exit signal (" + Races.show(why) + ") before its check ran";
        }
        return run.verdict.isEmpty() ? null : run.verdict;
    }

    /**
     * Looks, from the last step back, for the choice that made {@code failing} fail: a step where
     * letting another actor move first (and then keeping the schedule's order as far as it goes)
     * makes the run pass. Marks the first it finds.
     */
    private <T> void findCritical(Schedule failing, Actors actors, Supplier<T> scenario, Predicate<? super T> check) {
        List<String> trace = failing.actors();
        int budget = CRITICAL_RUNS;
        long deadline = System.nanoTime() + 3_000_000_000L;
        for (int i = trace.size() - 1; i >= 0 && budget > 0; i--) {
            Schedule.Step step = failing.steps().get(i);
            for (String alt : step.alternatives()) {
                if (budget-- <= 0 || System.nanoTime() - deadline > 0) return;
                Attempt a = attempt(new Nudged(actors.ids(trace), i, actors.id(alt)), actors, scenario, check, false, deadline);
                if (a.end != Controller.End.ABANDONED && a.failure == null) {
                    String who = step.pid() == null ? "timer " + step.actor() : failing.names().getOrDefault(step.pid(), step.actor());
                    String did = step.action().replaceFirst(", (waits for a message|sleeps)$", "");
                    failing.markCritical(i, "the choice that made it fail: here " + who + " " + did + "; had "
                            + describe(failing, alt) + " moved first, the check would pass");
                    return;
                }
            }
        }
    }

    private static String describe(Schedule s, String actor) {
        for (var e : s.names().entrySet()) {
            for (Schedule.Step st : s.steps()) {
                if (st.actor().equals(actor) && e.getKey().equals(st.pid())) return e.getValue();
            }
        }
        return actor.contains("t") ? "timer " + actor : "process " + actor;
    }

    /**
     * A schedule with one choice changed: the recorded actors up to {@code at}, then {@code actor},
     * then the recorded order of the rest as far as it goes (each time the first actor still to come
     * that can move), then the default.
     */
    private static final class Nudged implements Strategy {
        private final int[] trace;
        private final int at;
        private final int actor;
        private final List<Integer> rest = new ArrayList<>();

        Nudged(int[] trace, int at, int actor) {
            this.trace = trace;
            this.at = at;
            this.actor = actor;
            for (int i = at; i < trace.length; i++) rest.add(trace[i]);
        }

        @Override
        public int choose(int step, int[] enabled, int last) {
            if (step < at) return trace[step];
            if (step == at) {
                rest.remove(Integer.valueOf(actor));
                return actor;
            }
            for (int k = 0; k < rest.size(); k++) {
                int a = rest.get(k);
                if (Strategy.contains(enabled, a)) {
                    rest.remove(k);
                    return a;
                }
            }
            return Replaying.preferred(enabled, last);
        }

        @Override
        public boolean next() {
            return false;
        }
    }
}
