package loombook;

import java.util.SplittableRandom;

/**
 * The random strategy: at each choice, any actor that can move, with the same chance. Run
 * {@code n} of an exploration draws from a generator seeded with the exploration's seed and
 * {@code n}, so a seed gives the same schedules every time, in the same order.
 */
final class RandomWalk implements Strategy {
    private final long seed;
    private int run;
    private SplittableRandom random;

    RandomWalk(long seed) {
        this.seed = seed;
        this.random = generator(seed, 0);
    }

    private static SplittableRandom generator(long seed, int run) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + run);
    }

    @Override
    public int choose(int step, int[] enabled, int last) {
        return enabled[random.nextInt(enabled.length)];
    }

    @Override
    public boolean next() {
        random = generator(seed, ++run);
        return true;
    }
}
