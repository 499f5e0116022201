package loombook.bench;

/**
 * One measured figure of one run, the BEAM suite's {@code {Name, N, Value, Unit}}.
 *
 * @param name the metric, as the BEAM suite names it (spawn, pingpong_rtt...)
 * @param n how many operations the value is about
 * @param value the figure
 * @param unit its unit (procs/s, ns/roundtrip, ms...)
 */
public record Metric(String name, long n, double value, String unit) {
    /** Operations per second. */
    static Metric perSec(String name, long count, long nanos, String unit) {
        return new Metric(name, count, count / (nanos / 1.0e9), unit);
    }

    /** Nanoseconds as milliseconds. */
    static double ms(double nanos) {
        return nanos / 1.0e6;
    }
}
