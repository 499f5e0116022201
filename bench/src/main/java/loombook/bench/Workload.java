package loombook.bench;

import java.util.List;

/**
 * One workload of the BEAM benchmark suite: the BEAM suite's {@code w_<name>/1}. It runs
 * inside a fresh Loombook process (see {@link Suite}), spawns what it needs, and returns its
 * metrics.
 */
public interface Workload {
    /** The workload's name, as the BEAM suite spells it (selects it on the command line). */
    String name();

    /** One run at size {@code 1/div} of the full size (1 full, 10 with --quick, x10 for the warm-up). */
    List<Metric> run(int div);

    /** Nanoseconds since some fixed point: erlang:monotonic_time(nanosecond). */
    static long now() {
        return System.nanoTime();
    }
}
