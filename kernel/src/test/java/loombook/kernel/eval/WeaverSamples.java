package loombook.kernel.eval;

import java.util.function.IntUnaryOperator;

/** Code for {@link ReductionWeaverTest} to weave, load in a loader of its own and run. */
public final class WeaverSamples {
    private WeaverSamples() {}

    /** A tight counted loop. */
    public static long sum(long n) {
        long s = 0;
        for (long i = 0; i < n; i++) s += i;
        return s;
    }

    /** Spins until the thread is killed or stopped: no call, no allocation. */
    public static void spin() {
        while (true) {
        }
    }

    /** Spins for {@code nanos}, looking at the clock every 4,096 turns. */
    public static long spinFor(long nanos) {
        long end = System.nanoTime() + nanos, turns = 0;
        while ((++turns & 4095) != 0 || System.nanoTime() < end) {
        }
        return turns;
    }

    /** Loop-free and call-heavy: only method entries can stop it. */
    public static long fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    /** Recursion without end. */
    public static int deeper(int n) {
        return deeper(n + 1) + 1;
    }

    /** Neither a loop nor a call: left as compiled. */
    public static int leaf(int x) {
        return x * 2 + 1;
    }

    /** Nested loops, a switch inside, and a loop with values on the stack at its back edge. */
    public static int mixed(int n) {
        int acc = 0;
        outer:
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                switch (j % 3) {
                    case 0 -> acc += j;
                    case 1 -> acc ^= i;
                    default -> {
                        if (acc > 1_000_000) break outer;
                        continue outer;
                    }
                }
            }
            do {
                acc++;
            } while ((acc & 7) != 0);
        }
        return acc;
    }

    /** A loop inside a try with a catch that loops back. */
    public static int retries(int n) {
        int tries = 0;
        while (true) {
            try {
                if (++tries < n) throw new IllegalStateException("again");
                return tries;
            } catch (IllegalStateException e) {
                // loop again
            }
        }
    }

    /** Calls through a lambda, as a stream's forEach would. */
    public static int viaLambda(int n) {
        IntUnaryOperator f = x -> leaf(x);
        int s = 0;
        for (int i = 0; i < n; i++) s += f.applyAsInt(i);
        return s;
    }

    /** A constructor that does more than call super. */
    public static final class Holder {
        public final int value;

        public Holder(int v) {
            this.value = leaf(v);
        }
    }

    /** An interface with a default method that loops and calls. */
    public interface Counter {
        int step(int i);

        default long count(int n) {
            long s = 0;
            for (int i = 0; i < n; i++) s += step(i);
            return s;
        }
    }

    /** A record: accessors, and equals/hashCode/toString through invokedynamic: nothing to weave. */
    public record Point(int x, int y) {}
}
