package loombook;

/**
 * What a scheduler runs: one entry of a {@link RunQueue}. A process is one (its mailbox and its
 * place in a run queue are the same object as the process, so that waking it allocates nothing);
 * so is the continuation of a virtual thread that code in a process started itself
 * ({@link Foreign}), which inherits the process's scheduler.
 */
abstract class Schedulable {
    /** The next entry in the run queue this one is in; see {@link RunQueue}. */
    volatile Schedulable runNext;

    /** In {@link #flags}: it is handing itself back to its scheduler because it used its reductions. */
    static final byte YIELDING = 1;
    /** In {@link #flags}: it waited (blocked in a receive or sleep) since it last yielded. */
    static final byte WAITED = 2;
    /** In {@link #flags}: it last yielded without having waited since the yield before: it computes. */
    static final byte COMPUTING = 4;
    /** What its scheduler knows of how it runs: {@link #YIELDING}, {@link #WAITED}, {@link #COMPUTING}; its carrier's only. */
    byte flags;

    /** Runs until the task parks, yields or ends, on the calling carrier thread. */
    abstract void dispatch();

    /** The process this is, or null for a task that is not a process's own thread. */
    Proc process() {
        return null;
    }

    /** The continuation of a virtual thread that is not a process's own (started by code inside one). */
    static final class Foreign extends Schedulable {
        private final Runnable continuation;

        Foreign(Runnable continuation) {
            this.continuation = continuation;
        }

        @Override
        void dispatch() {
            continuation.run();
        }
    }
}
