package loombook;

/**
 * How a controlled run picks its steps: at each choice, one of the actors that can move (processes
 * and timers, by their numbers in the exploration). A strategy may span many runs: it is told what
 * each step touched, and after a run whether there is another to do.
 */
interface Strategy {
    /** What {@link #choose} returns to abandon the run (a systematic exploration knows it leads nowhere new). */
    int ABANDON = -1;

    /**
     * Picks the actor of step {@code step} among {@code enabled} (processes first, then timers,
     * each by number), or {@link #ABANDON}. {@code last} is the process that moved last (-1 at
     * the first step).
     */
    int choose(int step, int[] enabled, int last);

    /** Step {@code step}, taken by {@code actor}, touched {@code footprint}. */
    default void taken(int step, int actor, Footprint footprint) {}

    /** Whether {@code actor} is one of {@code enabled}. */
    static boolean contains(int[] enabled, int actor) {
        for (int a : enabled) if (a == actor) return true;
        return false;
    }

    /** The run is over; returns whether there is another run to do. */
    default boolean next() {
        return true;
    }
}
