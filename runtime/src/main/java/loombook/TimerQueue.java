package loombook;

import java.util.Arrays;
import java.util.List;

/**
 * The pending timers of one scheduler: a binary heap by deadline under one lock, so that starting
 * and cancelling a timer cost O(log n) and allocate only the timer itself. A process starts its
 * timers in the queue of the scheduler it runs on, so each queue's lock is mostly taken by one
 * carrier (and by the timer thread when timers fall due).
 */
final class TimerQueue {
    private Timer[] heap = new Timer[16];
    private int size;

    /** Adds {@code t}; returns whether it is now the earliest here. */
    synchronized boolean add(Timer t) {
        if (size == heap.length) heap = Arrays.copyOf(heap, size * 2);
        t.queue = this;
        int i = size++;
        heap[i] = t;
        t.index = i;
        siftUp(i);
        return t.index == 0;
    }

    /** Removes {@code t} if it is still here; returns whether it was. */
    synchronized boolean remove(Timer t) {
        int i = t.index;
        if (i < 0 || i >= size || heap[i] != t) return false;
        removeAt(i);
        return true;
    }

    /** Whether {@code t} is still waiting in this queue. */
    synchronized boolean contains(Timer t) {
        int i = t.index;
        return i >= 0 && i < size && heap[i] == t;
    }

    /** Takes out every timer due at {@code now} into {@code due}; returns the next deadline, or {@link Long#MAX_VALUE}. */
    synchronized long takeDue(long now, List<Timer> due) {
        while (size > 0 && heap[0].deadline - now <= 0) {
            due.add(heap[0]);
            removeAt(0);
        }
        return size > 0 ? heap[0].deadline : Long.MAX_VALUE;
    }

    /** The earliest deadline, or {@link Long#MAX_VALUE}. */
    synchronized long earliest() {
        return size > 0 ? heap[0].deadline : Long.MAX_VALUE;
    }

    synchronized int size() {
        return size;
    }

    /** How many of its timers are of class {@code kind}. */
    synchronized int count(Class<? extends Timer> kind) {
        int n = 0;
        for (int i = 0; i < size; i++) if (kind.isInstance(heap[i])) n++;
        return n;
    }

    /** Empties the queue; returns what it held. */
    synchronized List<Timer> clear() {
        List<Timer> all = List.of(Arrays.copyOf(heap, size));
        for (Timer t : all) t.index = -1;
        heap = new Timer[16];
        size = 0;
        return all;
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
