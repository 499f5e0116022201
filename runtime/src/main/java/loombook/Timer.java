package loombook;

/**
 * One pending timer of the runtime, in a {@link TimerQueue}: the end of a {@code receive ... after}
 * or a {@code sleep} (it wakes the process), or a {@code sendAfter} (it sends the message). When it
 * is due, {@link Timers}' thread takes it out of its queue and calls {@link #fire()}.
 */
abstract class Timer {
    /** When it is due, a {@link System#nanoTime()} value; changes only while it is in no queue. */
    long deadline;
    /** Its place in its queue's heap, -1 when it is in none; guarded by that queue. */
    int index = -1;
    /** The queue it is in or was last in. */
    TimerQueue queue;

    Timer(long deadline) {
        this.deadline = deadline;
    }

    /** Called once it is due, on the timer thread, outside any lock. Must not block. */
    abstract void fire();

    /** The end of a timed wait: wakes the process if it still waits. */
    static final class Wakeup extends Timer {
        private final Mailbox mailbox;

        Wakeup(Mailbox mailbox, long deadline) {
            super(deadline);
            this.mailbox = mailbox;
        }

        @Override
        void fire() {
            mailbox.wake();
        }
    }
}
