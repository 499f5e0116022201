package loombook.kernel.protocol;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The log of what the kernel refused, said once per channel and kind, then counted: the 10th,
 * 100th, 1000th... refusal of the same kind is logged with its count. A peer that sends a million
 * malformed messages costs the log a handful of lines, not a million.
 */
final class Complaints {
    private final Consumer<String> log;
    private final ConcurrentHashMap<String, AtomicLong> counts = new ConcurrentHashMap<>();

    Complaints(Consumer<String> log) {
        this.log = log;
    }

    /** Logs (or counts) a refusal on {@code channel} of {@code kind}, with {@code detail} the first time. */
    void refused(String channel, String kind, String detail) {
        long n = counts.computeIfAbsent(channel + ": " + kind, k -> new AtomicLong()).incrementAndGet();
        try {
            if (n == 1) {
                log.accept(channel + ": refused a message (" + kind + "): " + detail
                        + "; further refusals of this kind are counted, not logged one by one");
            } else if (isPowerOfTen(n)) {
                log.accept(channel + ": refused " + n + " messages so far (" + kind + ")");
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            // nothing to say it with: the refusal stands
        }
    }

    /** How many refusals of {@code kind} on {@code channel} so far. */
    long count(String channel, String kind) {
        AtomicLong n = counts.get(channel + ": " + kind);
        return n == null ? 0 : n.get();
    }

    private static boolean isPowerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) n /= 10;
        return n == 1;
    }
}
