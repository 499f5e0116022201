package loombook;

import java.util.Optional;

/**
 * What an exploration of a scenario's schedules found ({@link Races#explore}): how many schedules
 * ran, how many failed, and the shortest failing one, recorded step by step.
 *
 * <pre>{@code
 * Supplier<String> firstOfTwo = () -> {             // two senders race to one receiver
 *     Pid me = self();
 *     spawn(() -> send(me, "a"));
 *     spawn(() -> send(me, "b"));
 *     return receive(String.class);                 // whichever came first
 * };
 * Predicate<String> isA = first -> first.equals("a");
 * Exploration found = Races.explore(firstOfTwo, isA);
 * found.passed();                                   // false: "b" can come first
 * found.failure().get()                             // that schedule; in a notebook, drawn
 * }</pre>
 */
public final class Exploration {
    private final String mode;
    private final int runs;
    private final int failures;
    private final int abandoned;
    private final boolean exhausted;
    private final String stoppedBecause;
    private final long millis;
    private final Schedule failure;
    private final String note;

    Exploration(String mode, int runs, int failures, int abandoned, boolean exhausted, String stoppedBecause, long millis,
                Schedule failure, String note) {
        this.mode = mode;
        this.runs = runs;
        this.failures = failures;
        this.abandoned = abandoned;
        this.exhausted = exhausted;
        this.stoppedBecause = stoppedBecause;
        this.millis = millis;
        this.failure = failure;
        this.note = note;
    }

    /**
     * How the schedules were picked: {@code "systematic"} or {@code "random, seed 42"}.
     *
     * <pre>{@code
     * found.mode()
     * }</pre>
     */
    public String mode() {
        return mode;
    }

    /**
     * How many schedules ran to their end.
     *
     * <pre>{@code
     * found.runs()
     * }</pre>
     */
    public int runs() {
        return runs;
    }

    /**
     * How many of them failed.
     *
     * <pre>{@code
     * Races.systematic().keepGoing().explore(firstOfTwo, isA).failures()     // the schedules where "b" came first
     * }</pre>
     */
    public int failures() {
        return failures;
    }

    /**
     * Systematic mode: runs given up part way because every way on led to schedules equivalent to
     * ones already run (they are not counted in {@link #runs()}).
     */
    public int abandoned() {
        return abandoned;
    }

    /**
     * Systematic mode: whether every schedule (one of each class of equivalent ones) was run.
     *
     * <pre>{@code
     * Races.explore(() -> 42, n -> n == 42).exhausted()   // true
     * }</pre>
     */
    public boolean exhausted() {
        return exhausted;
    }

    /**
     * Why the exploration stopped, in words.
     *
     * <pre>{@code
     * found.stoppedBecause()
     * }</pre>
     */
    public String stoppedBecause() {
        return stoppedBecause;
    }

    /**
     * How long it took, in milliseconds.
     *
     * <pre>{@code
     * found.millis()
     * }</pre>
     */
    public long millis() {
        return millis;
    }

    /**
     * Whether no schedule failed.
     *
     * <pre>{@code
     * found.passed()
     * }</pre>
     */
    public boolean passed() {
        return failure == null;
    }

    /**
     * The shortest failing schedule found, recorded step by step; empty if none failed.
     *
     * <pre>{@code
     * found.failure().get().steps().size()
     * }</pre>
     */
    public Optional<Schedule> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * A remark on the result (for example that the failing schedule did not fail again on replay), or null.
     *
     * <pre>{@code
     * found.note()
     * }</pre>
     */
    public String note() {
        return note;
    }

    /**
     * One line: what was found, how many schedules, how long.
     *
     * <pre>{@code
     * found.summary()
     * }</pre>
     */
    public String summary() {
        String howMany = runs + (runs == 1 ? " schedule" : " schedules");
        String time = millis < 1000 ? millis + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        if (failure != null) {
            return "Found a failing schedule after " + howMany + " (" + mode + ", " + time + "): " + failure.failure().orElse("")
                    + (failures > 1 ? " (" + failures + " failed in all; this is the shortest, " + failure.steps().size() + " steps)" : "");
        }
        return "No failing schedule in " + howMany + " (" + mode + ", " + time + "): " + stoppedBecause + ".";
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(summary());
        if (note != null) sb.append("\nnote: ").append(note);
        if (failure != null) sb.append('\n').append(failure);
        return sb.toString();
    }
}
