package loombook;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;

/**
 * The pending timers of one scheduler: a binary heap by deadline under one lock, so that starting
 * and cancelling a timer cost O(log n) and allocate only the timer itself. A process starts its
 * timers in the queue of the scheduler it runs on, so each queue's lock is mostly taken by one
 * carrier, which also fires what falls due between two processes; the timer thread fires what a
 * queue's carrier has left {@link #graceNanos} past its deadline (see {@link Timers}).
 *
 * <p>The lock is a spin lock held for a few hundred nanoseconds, never a monitor: a carrier takes
 * it, and a carrier must never wait in the OS for a lock that a virtual thread may be handed next
 * (a monitor's next owner can be a virtual thread waiting to run on that very carrier: both hang,
 * as a 100,000-timer run did).
 */
final class TimerQueue {
    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(TimerQueue.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** How many timers {@link #takeDue} takes out under the lock at most, so that others wait little. */
    static final int TAKE_MAX = 256;
    private volatile int lock;
    private Timer[] heap = new Timer[16];
    private int size;
    /** The earliest deadline, or {@link Long#MAX_VALUE}: read without the lock, before each process a carrier runs. */
    private volatile long next = Long.MAX_VALUE;
    /** The scheduler whose carrier fires these timers on time, or null (the timer thread does). */
    final Scheduler owner;
    /** How long past a deadline the timer thread leaves a timer to {@link #owner}'s carrier. */
    final long graceNanos;

    /** A queue whose timers the timer thread fires. */
    TimerQueue() {
        this(null, 0);
    }

    /** A queue whose timers {@code owner}'s carrier fires, and the timer thread {@code graceNanos} later if it has not. */
    TimerQueue(Scheduler owner, long graceNanos) {
        this.owner = owner;
        this.graceNanos = graceNanos;
    }

    /** Adds {@code t}; returns whether it is now the earliest here. */
    boolean add(Timer t) {
        lock();
        try {
            if (size == heap.length) heap = Arrays.copyOf(heap, size * 2);
            t.queue = this;
            int i = size++;
            heap[i] = t;
            t.index = i;
            siftUp(i);
            next = heap[0].deadline;
            return t.index == 0;
        } finally {
            unlock();
        }
    }

    /** Removes {@code t} if it is still here; returns whether it was. */
    boolean remove(Timer t) {
        lock();
        try {
            int i = t.index;
            if (i < 0 || i >= size || heap[i] != t) return false;
            removeAt(i);
            next = size > 0 ? heap[0].deadline : Long.MAX_VALUE;
            return true;
        } finally {
            unlock();
        }
    }

    /** Whether {@code t} is still waiting in this queue. */
    boolean contains(Timer t) {
        lock();
        try {
            int i = t.index;
            return i >= 0 && i < size && heap[i] == t;
        } finally {
            unlock();
        }
    }

    /**
     * Takes out the timers due at {@code now} into {@code due}, {@link #TAKE_MAX} at most; returns
     * the next deadline, or {@link Long#MAX_VALUE} (a deadline not after {@code now} if it left some).
     */
    long takeDue(long now, List<Timer> due) {
        lock();
        try {
            for (int n = 0; n < TAKE_MAX && size > 0 && heap[0].deadline - now <= 0; n++) {
                due.add(heap[0]);
                removeAt(0);
            }
            long e = size > 0 ? heap[0].deadline : Long.MAX_VALUE;
            next = e;
            return e;
        } finally {
            unlock();
        }
    }

    /** The earliest deadline, or {@link Long#MAX_VALUE}; without the lock. */
    long earliest() {
        return next;
    }

    /** How many of its timers are of class {@code kind}. */
    int count(Class<? extends Timer> kind) {
        lock();
        try {
            int n = 0;
            for (int i = 0; i < size; i++) if (kind.isInstance(heap[i])) n++;
            return n;
        } finally {
            unlock();
        }
    }

    /** Empties the queue; returns what it held. */
    List<Timer> clear() {
        lock();
        try {
            List<Timer> all = List.of(Arrays.copyOf(heap, size));
            for (Timer t : all) t.index = -1;
            heap = new Timer[16];
            size = 0;
            next = Long.MAX_VALUE;
            return all;
        } finally {
            unlock();
        }
    }

    private void lock() {
        while (!LOCK.compareAndSet(this, 0, 1)) Thread.onSpinWait();   // its holder is running: it never parks there
    }

    private void unlock() {
        LOCK.setRelease(this, 0);
    }

    private void removeAt(int i) {
        Timer gone = heap[i];
        gone.index = -1;
        int last = --size;
        if (i != last) {
            Timer moved = heap[last];
            heap[i] = moved;
            moved.index = i;
            heap[last] = null;
            siftDown(i);
            if (heap[i] == moved) siftUp(i);
        } else {
            heap[last] = null;
        }
        if (heap.length > 1024 && size < heap.length / 4) heap = Arrays.copyOf(heap, heap.length / 2);
    }

    private void siftUp(int i) {
        Timer t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Timer p = heap[parent];
            if (p.deadline - t.deadline <= 0) break;
            heap[i] = p;
            p.index = i;
            i = parent;
        }
        heap[i] = t;
        t.index = i;
    }

    private void siftDown(int i) {
        Timer t = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].deadline - heap[child].deadline < 0) child = right;
            Timer c = heap[child];
            if (t.deadline - c.deadline <= 0) break;
            heap[i] = c;
            c.index = i;
            i = child;
        }
        heap[i] = t;
        t.index = i;
    }
}
