package loombook;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A scheduler's run queue: the processes ready to run, oldest first. Any thread may add to it (a
 * message that wakes a process, a timer, a spawn, a yield); its scheduler takes from the front,
 * and so may an idle scheduler that steals work (under a small lock that only they take).
 *
 * <p>Dmitry Vyukov's intrusive multi-producer queue: adding is one atomic swap of the tail and a
 * link, and allocates nothing (the entry is the process itself). An entry is in at most one run
 * queue at a time: a virtual thread is handed to its scheduler once per park or yield.
 */
final class RunQueue {
    private static final VarHandle TAIL, NEXT, HEAD, LOCK;

    static {
        try {
            var l = MethodHandles.lookup();
            TAIL = l.findVarHandle(RunQueue.class, "tail", Schedulable.class);
            HEAD = l.findVarHandle(RunQueue.class, "head", Schedulable.class);
            LOCK = l.findVarHandle(RunQueue.class, "lock", int.class);
            NEXT = l.findVarHandle(Schedulable.class, "runNext", Schedulable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A placeholder entry, put back in when the queue runs empty. */
    private final Schedulable stub = new Schedulable() {
        @Override
        void dispatch() {
            throw new IllegalStateException("the run queue's stub was dispatched");
        }
    };

    // consumers' side, written under lock (read by anyone, for the length)
    private Schedulable head = stub;
    private volatile int lock;

    // producers' side
    private volatile Schedulable tail = stub;

    /** Adds {@code task} at the back. Any thread; never blocks. */
    void add(Schedulable task) {
        NEXT.set(task, (Schedulable) null);
        Schedulable prev = (Schedulable) TAIL.getAndSet(this, task);
        NEXT.setRelease(prev, task);
    }

    /**
     * How many entries wait, counted up to {@code max}: a walk of the list without the lock, so a
     * snapshot that may be off while entries come and go. No counter is kept, so that adding and
     * taking stay one atomic instruction each.
     */
    int length(int max) {
        int n = 0;
        Schedulable x = (Schedulable) HEAD.getOpaque(this);
        while (x != null && n < max) {
            if (x != stub) n++;
            x = (Schedulable) NEXT.getAcquire(x);
        }
        return n;
    }

    /** The {@link Schedulable#flags} of the front entry, or 0 if there is none (a snapshot, without the lock). */
    byte frontFlags() {
        Schedulable h = (Schedulable) HEAD.getOpaque(this);
        if (h == stub) h = (Schedulable) NEXT.getAcquire(h);
        return h == null ? 0 : h.flags;
    }

    /**
     * Whether no entry is in the queue or being added: what a scheduler checks, after saying that
     * it will sleep, before it sleeps (an adder swaps the tail before it looks whether to wake it).
     * The stub is the tail only after the last entry was taken.
     */
    boolean isEmpty() {
        return tail == stub;
    }

    /** Takes the front entry, or null if there is none (or one is still being linked). Its scheduler. */
    Schedulable poll() {
        while (!LOCK.compareAndSet(this, 0, 1)) Thread.onSpinWait();   // a thief holds it for nanoseconds
        try {
            return take();
        } finally {
            LOCK.setRelease(this, 0);
        }
    }

    /**
     * Takes up to {@code max} entries from the front for another scheduler, without waiting if
     * someone else is taking now. Returns how many it put in {@code into}.
     */
    int steal(Schedulable[] into, int max) {
        return steal(into, 0, max);
    }

    /** As {@link #steal(Schedulable[], int)}, into {@code into} from index {@code from}. */
    int steal(Schedulable[] into, int from, int max) {
        if (max <= 0 || !LOCK.compareAndSet(this, 0, 1)) return 0;
        int n = 0;
        try {
            while (n < max) {
                Schedulable t = take();
                if (t == null) break;
                into[from + n++] = t;
            }
        } finally {
            LOCK.setRelease(this, 0);
        }
        return n;
    }

    /** Vyukov's pop, under the lock. */
    private Schedulable take() {
        Schedulable h = head;
        Schedulable next = (Schedulable) NEXT.getAcquire(h);
        if (h == stub) {
            if (next == null) return null;
            HEAD.setOpaque(this, next);
            h = next;
            next = (Schedulable) NEXT.getAcquire(next);
        }
        if (next != null) {
            HEAD.setOpaque(this, next);
            return h;
        }
        if (tail != h) return null;         // an adder has swapped the tail and not linked yet
        add(stub);
        next = (Schedulable) NEXT.getAcquire(h);
        if (next != null) {
            HEAD.setOpaque(this, next);
            return h;
        }
        return null;
    }
}
