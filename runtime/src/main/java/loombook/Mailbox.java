package loombook;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.LockSupport;

/**
 * A process's mailbox: many senders, one receiver.
 *
 * <p>Senders append to a lock-free linked list (Vyukov's intrusive MPSC queue: one atomic swap of
 * the tail, then a link). Only the owning process reads it: a selective receive walks the list from
 * the oldest message, offers each to the clauses, and unlinks the one that matches. Messages it
 * skips stay where they are, which is Erlang's save queue without copying.
 *
 * <p>While the clauses look at a message, that node is marked {@link #IN_MATCH}, so a nested
 * receive in a clause body skips it. A structural change made by such a nested receive bumps
 * {@link #modCount}; the outer receive then leaves its node as a {@link #TAKEN} tombstone instead
 * of unlinking it through a predecessor that may be gone. Tombstones are unlinked by later scans.
 *
 * <p>An entry that leaves the list points to itself ({@link #retire}), as the JDK's linked queues do
 * with a dead head. Without that, a taken entry that the collector had already moved to the old
 * generation kept its successor alive through every young collection, that one kept the next, and
 * under steady messaging every entry ever sent was promoted (issue 16: ~69 million dead entries for
 * 4 million live messages, young pauses past a second). See docs/decisions/0009-mailbox-entries.md.
 *
 * <p>{@link Proc} extends this class rather than holding one, and this class is an entry of a run
 * queue: a process, its mailbox and its place in its scheduler's queue are one object, which saves
 * headers and references for each of a million idle processes.
 *
 * <p>A timed wait is a plain park plus one of the runtime's timers ({@link Timers}), never a timed
 * park of the JDK's: the timer wakes it as a message would.
 */
abstract class Mailbox extends Schedulable {
    /** Marks the node whose message the clauses are looking at. */
    private static final Object IN_MATCH = new Object();
    /** Marks a node whose message was taken but that could not be unlinked yet. */
    private static final Object TAKEN = new Object();
    /** What {@link #take} returns when the timeout passed. */
    static final Object TIMED_OUT = new Object();

    static final int RUNNING = 0, WAITING = 1, RUNNABLE = 2;

    static final class Entry {
        volatile Entry next;
        Object message;
        /** The message's class, so that a receive by type never touches the message (free: it fills padding). */
        final Class<?> type;

        Entry(Object message) {
            this.message = message;
            this.type = message == null ? Void.class : message.getClass();
        }
    }

    private static final VarHandle TAIL, ADDED, REMOVED, STATE, HEAD, NEXT;

    static {
        try {
            var l = MethodHandles.lookup();
            TAIL = l.findVarHandle(Mailbox.class, "tail", Entry.class);
            ADDED = l.findVarHandle(Mailbox.class, "added", int.class);
            REMOVED = l.findVarHandle(Mailbox.class, "removed", int.class);
            STATE = l.findVarHandle(Mailbox.class, "state", int.class);
            HEAD = l.findVarHandle(Mailbox.class, "head", Entry.class);
            NEXT = l.findVarHandle(Entry.class, "next", Entry.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The thread that runs as the owner and is parked in a receive when it waits; null when none. */
    volatile Thread thread;
    /** Null, except in a controlled run ({@link Races}): then its hooks report each receive and wait. */
    Controlled control;
    /** Owner only: the stub; the oldest message is head.next. Published with release for introspection. */
    private Entry head;
    /** Owner only: bumped by every unlink, so an outer receive can tell that a nested one changed the list. */
    private int modCount;
    /** Owner only: the message the last receive took, for tracing. */
    private Object lastTaken;
    private volatile Entry tail;
    /** How many messages were ever put; the length is this minus {@link #removed}. */
    private volatile int added;
    /** Owner only (read by anyone): how many messages were ever taken out. */
    private int removed;
    private volatile int state;

    Mailbox() {
        Entry stub = new Entry(null);
        head = stub;
        tail = stub;
    }

    // ---------------------------------------------------------------- senders

    /** Appends a message and wakes the owner if it waits. Never blocks. Returns the new length. */
    int put(Object message) {
        Entry node = new Entry(message);
        Entry prev = (Entry) TAIL.getAndSet(this, node);
        int n = (int) ADDED.getAndAdd(this, 1) + 1 - (int) REMOVED.getOpaque(this);
        prev.next = node;
        wake();
        return n;
    }

    /** Wakes the owner if it is parked in a receive. */
    void wake() {
        if (state == WAITING && STATE.compareAndSet(this, WAITING, RUNNABLE)) {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /**
     * Back from a park: running. No fence: what a waker reads next is RUNNABLE (its own CAS) or
     * RUNNING, and either way it wakes no one.
     */
    private void resumed() {
        STATE.setRelease(this, RUNNING);
    }

    private void took() {
        REMOVED.setOpaque(this, removed + 1);
    }

    /** Where this mailbox's owner starts its timers. */
    abstract TimerQueue timerQueue();

    // ---------------------------------------------------------------- owner

    /** Throws {@link ProcessExit} if the owner has been ended by a signal. */
    abstract void checkExit();

    int mailboxSize() {
        return added - (int) REMOVED.getOpaque(this);
    }

    int mailboxState() {
        return state;
    }

    void running() {
        state = RUNNING;
    }

    /**
     * Takes the first message that {@code clauses} matches, waiting until {@code deadline} (a
     * {@link System#nanoTime()} value; {@code 0} to only look, {@link Long#MAX_VALUE} for ever).
     * Returns the clause's value, or {@link #TIMED_OUT}.
     *
     * <p>Kept small on purpose: inlined into a hot receive site, the JIT knows the exact type of
     * {@code clauses} there and inlines the clauses into the scan (a shared, megamorphic call costs
     * 2-5 times more per skipped message). The rare cases live in the methods it calls.
     */
    Object take(Clauses<?> clauses, long deadline) {
        Entry prev = head;
        for (;;) {
            Entry n = prev.next;
            if (n == null) {
                if (!await(prev, deadline)) return TIMED_OUT;
                continue;
            }
            Object msg = n.message;
            if (msg == null || msg == IN_MATCH || msg == TAKEN) {
                prev = pastMarker(prev, n);
                continue;
            }
            n.message = IN_MATCH;
            int mod = modCount;
            Object result;
            try {
                result = clauses.match(msg);
            } catch (Throwable t) {
                remove(prev, n, mod);       // the clauses threw: the message counts as taken
                throw t;
            }
            if (result != null) {
                removeTaken(prev, n, mod, msg);
                return result;
            }
            n.message = msg;
            prev = n;
        }
    }

    /**
     * Takes the first message that is an instance of {@code type}: a scan with no user code in it,
     * so no message needs to be hidden from nested receives.
     */
    Object takeInstance(Class<?> type, long deadline) {
        Entry prev = head;
        for (;;) {
            Entry n = prev.next;
            if (n == null) {
                if (!await(prev, deadline)) return TIMED_OUT;
                continue;
            }
            Class<?> t = n.type;
            if ((t == type || type.isAssignableFrom(t)) && isMessage(n.message)) {
                Object msg = n.message;
                removeTaken(prev, n, modCount, msg);
                return msg;
            }
            prev = n.message == TAKEN ? pastMarker(prev, n) : n;
        }
    }

    private static boolean isMessage(Object m) {
        return m != null && m != IN_MATCH && m != TAKEN;
    }

    /** Steps past a node that holds no message for this scan: a tombstone is unlinked on the way. */
    private Entry pastMarker(Entry prev, Entry n) {
        return n.message == TAKEN ? unlinkTombstone(prev, n) : n;
    }

    private void removeTaken(Entry prev, Entry n, int mod, Object msg) {
        remove(prev, n, mod);
        lastTaken = msg;
    }

    Object lastTaken() {
        Object m = lastTaken;
        lastTaken = null;
        return m;
    }

    /** Takes the oldest message, waiting as {@link #take(Clauses, long)} does. */
    Object takeAny(long deadline) {
        for (;;) {
            Entry first = head;
            Entry n = first.next;
            if (n != null && n.message != IN_MATCH && n.message != TAKEN) {
                Object msg = n.message;
                n.message = null;
                HEAD.setRelease(this, n);
                retire(first);
                took();
                modCount++;
                return msg;
            }
            if (n == null) {
                if (!await(first, deadline)) {
                    return TIMED_OUT;
                }
                continue;
            }
            return take(m -> m, deadline);
        }
    }

    private void remove(Entry prev, Entry n, int mod) {
        took();
        if (mod != modCount) {          // a nested receive changed the list: prev may be stale
            n.message = TAKEN;
            return;
        }
        modCount++;
        Entry next = n.next;
        if (prev == head) {             // the oldest message: n becomes the stub
            n.message = null;
            HEAD.setRelease(this, n);
            retire(prev);
        } else if (next != null) {
            n.message = null;
            prev.next = next;
            retire(n);
        } else {
            n.message = TAKEN;          // n is the tail: a sender may be linking after it
        }
    }

    private Entry unlinkTombstone(Entry prev, Entry n) {
        Entry next = n.next;
        if (prev == head) {
            n.message = null;
            HEAD.setRelease(this, n);
            retire(prev);
            modCount++;
            return n;
        }
        if (next != null) {
            prev.next = next;
            n.message = null;
            retire(n);
            modCount++;
            return prev;
        }
        return n;                       // the tail: leave it for a later scan
    }

    /**
     * Makes an entry that has just left the list point to itself, so that it keeps nothing alive:
     * if the collector has promoted it, a link into the live chain would make every young
     * collection keep (and promote) the entries after it. Never called on the tail, which a sender
     * may be linking to. A release store: a reader in {@link #snapshot} that meets a self-link starts
     * again from the head; the owner never steps through an entry it has retired.
     */
    private static void retire(Entry e) {
        if (SELF_LINK) NEXT.setRelease(e, e);
    }

    /**
     * Whether {@link #retire} self-links: yes, unless {@code -Dloombook.mailbox.selfLink=false} (a switch
     * for measuring the old behaviour; decision 0009).
     */
    private static final boolean SELF_LINK = !"false".equals(System.getProperty("loombook.mailbox.selfLink"));

    /**
     * Waits until a message is linked after {@code last}, the deadline passes (returns false) or an
     * exit signal arrives (throws {@link ProcessExit}).
     */
    private boolean await(Entry last, long deadline) {
        if (deadline == 0) {
            return false;
        }
        if (control != null) return control.await(last, deadline);
        Timer timer = null;
        try {
            for (;;) {
                checkExit();
                state = WAITING;
                if (last.next != null) {
                    resumed();
                    return true;
                }
                if (deadline != Long.MAX_VALUE) {
                    if (deadline - System.nanoTime() <= 0) {
                        resumed();
                        return false;
                    }
                    if (timer == null) timer = Timers.wakeAt(timerQueue(), this, deadline);
                }
                parkOnce("waiting in receive");
                if (last.next != null) {
                    return true;
                }
            }
        } finally {
            if (timer != null) Timers.stop(timer);
        }
    }

    /** Waits until {@code deadline} whatever arrives; throws {@link ProcessExit} if killed meanwhile. */
    void sleepUntil(long deadline) {
        if (control != null) {
            control.sleep(deadline);
            return;
        }
        Timer timer = null;
        try {
            for (;;) {
                checkExit();
                state = WAITING;            // before the timer can fire: it wakes only a WAITING owner
                if (deadline == 0 || deadline - System.nanoTime() <= 0) {
                    resumed();
                    return;
                }
                if (timer == null) timer = Timers.wakeAt(timerQueue(), this, deadline);
                parkOnce("sleeping");
            }
        } finally {
            if (timer != null) Timers.stop(timer);
        }
    }

    /**
     * Parks once (the owner has said WAITING and started its timer, if any), then goes on running;
     * throws {@link ProcessExit} if it was killed meanwhile, or {@link CancellationException} if its
     * thread was interrupted while {@code doing} this.
     */
    private void parkOnce(String doing) {
        flags |= WAITED;
        LockSupport.park(this);
        resumed();
        checkExit();
        if (Thread.interrupted()) {
            throw new CancellationException("interrupted while " + doing);
        }
    }

    /** Removes every message and returns them in order. Owner only. */
    List<Object> drain() {
        List<Object> out = new ArrayList<>();
        for (;;) {
            Object m = takeAny(0);
            if (m == TIMED_OUT) {
                return out;
            }
            out.add(m);
        }
    }

    /** Removes the messages {@code clauses} matches without waiting. Owner only. */
    int removeAll(Clauses<?> clauses) {
        int removed = 0;
        while (take(clauses, 0) != TIMED_OUT) {
            removed++;
        }
        return removed;
    }

    /**
     * The messages in arrival order. Exact when called by the owner; from another thread a
     * best-effort snapshot (it never blocks the owner or the senders).
     */
    List<Object> snapshot(int max) {
        List<Object> out = new ArrayList<>();
        Entry n = ((Entry) HEAD.getAcquire(this)).next;
        int restarts = 0;
        while (n != null && out.size() < max) {
            Object m = n.message;
            Entry next = n.next;
            if (next == n) {            // retired while we looked: the owner moved on; start again
                if (++restarts > 3) break;
                out.clear();
                n = ((Entry) HEAD.getAcquire(this)).next;
                continue;
            }
            if (m != IN_MATCH && m != TAKEN && m != null) {
                out.add(m);
            }
            n = next;
        }
        return out;
    }

    /** Drops every message (the owner is dead). */
    void clearMailbox() {
        Entry last = tail;
        Entry first = head;
        last.message = null;
        HEAD.setRelease(this, last);
        if (first != last) {
            retire(first);
        }
        REMOVED.setOpaque(this, added);
    }
}
