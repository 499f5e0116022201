package loombook;

/**
 * Follows a recorded schedule, one actor per step, and then (if the run goes on) the default
 * choice: the actor that moved last if it can, else the first that can. A step whose actor cannot
 * move ends the run as a mismatch: the schedule was made for another scenario.
 */
final class Replaying implements Strategy {
    private final int[] actors;

    Replaying(int[] actors) {
        this.actors = actors;
    }

    @Override
    public int choose(int step, int[] enabled, int last) {
        if (step < actors.length) return actors[step];
        return preferred(enabled, last);
    }

    /** The default choice: {@code last} if it can move, else the first that can. */
    static int preferred(int[] enabled, int last) {
        for (int a : enabled) if (a == last) return a;
        return enabled[0];
    }

    @Override
    public boolean next() {
        return false;
    }
}
