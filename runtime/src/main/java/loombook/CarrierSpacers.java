package loombook;

import java.util.concurrent.locks.LockSupport;

/**
 * Keeps two carriers from writing to one cache line inside the JVM each time they switch processes
 * (docs/decisions/0006-schedulers.md, fourth addendum).
 *
 * <p>HotSpot gives every platform thread four handle slots of 8 bytes (its {@code Thread} object,
 * the virtual thread it runs, the one a debugger sees, its scoped-value cache), taken from one
 * storage in the order the threads start. A carrier writes its "virtual thread it runs" slot each
 * time it mounts and unmounts a process. Two carriers started one after the other had their slots
 * 32 bytes apart, on one cache line, and every process switch on one core took that line away
 * from the other: four pairs doing round trips, two on each of two schedulers that never
 * exchanged a process, made 0.8-1.1 million round trips a second in all, fewer than one scheduler
 * alone. Two JVMs of one scheduler each, side by side, did not slow each other.
 *
 * <p>So {@link #gap()} starts {@link #PER_GAP} threads that park for good and do nothing else; the
 * runtime calls it before each carrier it starts and after the last one, so that any two carriers'
 * slots are at least 128 bytes apart (two lines: the processor fetches lines in pairs). One spacer
 * (64 bytes) did not help; three did, and so did three that ended after the carriers had started.
 * They are kept parked, not ended, so that a carrier started later (a larger
 * {@link Node#schedulers(int)}) cannot take the slots they would leave free next to a running one.
 * Each costs a parked platform thread: a few tens of kilobytes, no CPU.
 *
 * <p>A JVM that lays its threads out otherwise loses nothing but the spacers' memory; one that
 * cannot start another thread gets no spacer and runs as before. {@code
 * -Dloombook.scheduler.spacers=0} turns them off (for measuring).
 */
final class CarrierSpacers {
    /** How many spacer threads go between two carriers. */
    static final int PER_GAP = Integer.getInteger("loombook.scheduler.spacers", 3);
    /** The name every spacer thread carries. */
    static final String NAME = "loombook-carrier-spacer";

    private static volatile boolean failed;

    private CarrierSpacers() {}

    /** Starts {@link #PER_GAP} spacer threads (none after one could not be started). */
    static void gap() {
        for (int i = 0; i < PER_GAP && !failed; i++) {
            try {
                Thread.ofPlatform().daemon().name(NAME).start(CarrierSpacers::park);
            } catch (Throwable e) {
                failed = true;      // out of threads or memory: the carriers still start, only closer together
            }
        }
    }

    private static void park() {
        for (;;) LockSupport.park();
    }
}
