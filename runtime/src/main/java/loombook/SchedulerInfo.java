package loombook;

/**
 * A snapshot of one scheduler, what {@link Process#schedulers()} returns: how busy it was, and how
 * many processes wait for it now (Erlang's {@code scheduler:utilization/1} and
 * {@code erlang:statistics(run_queue_lengths)} in one).
 *
 * <pre>{@code
 * for (int i = 0; i < 4; i++) spawn(() -> { long x = 0; while (true) x++; });   // four busy processes
 * schedulers()      // every scheduler near 100% busy; kill them with %kill or Node.restart()
 * }</pre>
 *
 * @param id the scheduler's number, from 1 ({@link Node#schedulerId()} in a process on it)
 * @param online whether it takes new processes ({@link Node#schedulers(int)} takes some offline)
 * @param utilization the share of the measured time it spent running processes, from 0 to 1
 * @param runQueueLength how many processes are ready and wait for it now
 * @param stolen how many processes it has taken from busier schedulers since it started (work stealing)
 * @param busyNanos how long it has run processes since it started, in nanoseconds
 * @param atNanos when this snapshot was taken, a {@link System#nanoTime()} value
 */
public record SchedulerInfo(int id, boolean online, double utilization, int runQueueLength, long stolen,
        long busyNanos, long atNanos) {

    /**
     * This snapshot with its utilization measured since {@code earlier}, an older snapshot of the
     * same scheduler: for tools that take snapshots at their own pace (a live chart).
     */
    public SchedulerInfo since(SchedulerInfo earlier) {
        long dt = atNanos - earlier.atNanos;
        double u = dt <= 0 ? utilization : Math.max(0, Math.min(1, (double) (busyNanos - earlier.busyNanos) / dt));
        return new SchedulerInfo(id, online, u, runQueueLength, stolen, busyNanos, atNanos);
    }
}
