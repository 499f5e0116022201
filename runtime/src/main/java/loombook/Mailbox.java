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
 * the tail, then a link). Only the owning process reads it: a selective receive offers the
 * messages to its clauses from the oldest and takes the first that matches. The messages it looks
 * at and leaves move, in order, from the front of the list to the {@link SaveQueue}, Erlang's save
 * queue: arrays that the next receive scans without chasing pointers (decision 0010). The mailbox
 * is that queue followed by the list; a process that takes its messages in order never makes one.
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
    /** Marks the node or save-queue slot whose message the clauses are looking at. */
    static final Object IN_MATCH = new Object();
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
    /**
     * Owner only: the stub; the oldest message of the list is head.next. Published with release for
     * introspection. The stub holds no message, so its message field carries the {@link SaveQueue}
     * (null until a receive leaves a message): a field of its own would add 8 bytes to every
     * process, most of which never make one.
     */
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
        SaveQueue s = savedMessages();
        if (s != null) {                // the stub carries a save queue with messages: look there first
            Object r = takeSaved(s, clauses);
            if (r != null) return r;
        }
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
            prev = prev == head ? save(n, msg) : n;
        }
    }

    /**
     * The save-queue part of {@link #take(Clauses, long)}: offers the messages of {@code s} to {@code clauses}
     * from the oldest; returns the first match's value, or null if none matches. A clause body may
     * receive too (a nested receive): it skips the slot marked here, and may take, append or grow,
     * but moves no slot while {@link SaveQueue#matching} is above zero; so the queue's arrays are
     * read again after each match, never kept across one.
     */
    private Object takeSaved(SaveQueue s, Clauses<?> clauses) {
        for (int i = s.lo; i < s.hi; i++) {
            Object msg = s.messages[i];
            if (msg == null || msg == IN_MATCH) continue;
            s.messages[i] = IN_MATCH;
            s.matching++;
            Object result;
            try {
                result = clauses.match(msg);
            } catch (Throwable t) {
                s.matching--;
                s.remove(i);                // the clauses threw: the message counts as taken
                took();
                throw t;
            }
            s.matching--;
            if (result != null) {
                removeSaved(s, i, msg);
                return result;
            }
            s.messages[i] = msg;
        }
        return null;
    }

    /**
     * Moves {@code n}, the list's oldest entry, whose message {@code msg} a receive has looked at and
     * left, to the end of the save queue; {@code n} becomes the list's stub. Returns it, the new head.
     */
    private Entry save(Entry n, Object msg) {
        Entry first = head;
        SaveQueue s = (SaveQueue) first.message;
        if (s == null) s = new SaveQueue();
        s.beginMove();
        s.add(msg, n.type);
        n.message = s;                  // n is the stub now: it carries the save queue
        HEAD.setRelease(this, n);
        s.endMove();
        first.message = null;
        retire(first);
        modCount++;                     // a structural change, as every unlink is
        return n;
    }

    /** Takes {@code msg} out of slot {@code i} of the save queue: {@link #removeTaken}'s twin. */
    private void removeSaved(SaveQueue s, int i, Object msg) {
        s.remove(i);
        took();
        lastTaken = msg;
    }

    /** The save queue if it holds a message, else null (no receive has left one, or all were taken). Owner only. */
    private SaveQueue savedMessages() {
        SaveQueue s = (SaveQueue) head.message;
        return s != null && !s.isEmpty() ? s : null;
    }

    /**
     * Makes {@code n}, the successor of the stub {@code first}, the stub: it takes over the save
     * queue, and {@code first} leaves the list. Whatever message {@code n} held, the caller has it.
     */
    private void advanceHead(Entry first, Entry n) {
        Object queue = first.message;
        if (queue == null) {            // the common case, kept as it was: a null store needs no card mark
            n.message = null;
            HEAD.setRelease(this, n);
        } else {
            n.message = queue;
            HEAD.setRelease(this, n);
            first.message = null;
        }
        retire(first);
    }

    /**
     * Takes the first message that is an instance of {@code type}: a scan with no user code in it,
     * so no message needs to be hidden from nested receives.
     */
    Object takeInstance(Class<?> type, long deadline) {
        SaveQueue s = savedMessages();
        if (s != null) {
            int i = s.indexOf(type);
            if (i >= 0) {
                Object msg = s.messages[i];
                removeSaved(s, i, msg);
                return msg;
            }
        }
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
            Object m = n.message;
            prev = m == TAKEN ? pastMarker(prev, n) : prev == head && isMessage(m) ? save(n, m) : n;
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
        SaveQueue s = savedMessages();
        if (s != null) {
            Object msg = s.messages[s.lo];
            if (msg == IN_MATCH) return take(m -> m, deadline);
            s.remove(s.lo);
            took();
            return msg;
        }
        for (;;) {
            Entry first = head;
            Entry n = first.next;
            if (n != null && n.message != IN_MATCH && n.message != TAKEN) {
                Object msg = n.message;
                advanceHead(first, n);
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
            advanceHead(prev, n);
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
            advanceHead(prev, n);
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
        for (int attempt = 0; ; attempt++) {
            Entry first = (Entry) HEAD.getAcquire(this);
            SaveQueue s = first.message instanceof SaveQueue q ? q : null;
            int version = s == null ? 0 : s.steadyVersion();
            if (s != null) s.copyInto(out, max);
            boolean whole = copyListInto(first, out, max);
            if (whole && (s == null || s.unchangedSince(version)) && HEAD.getAcquire(this) == first || attempt == 3) {
                return out;
            }
            out.clear();                // the owner moved messages while we looked: look again
        }
    }

    /**
     * The list part of {@link #snapshot}: adds the list's messages to {@code out}, up to
     * {@code max} in all; false if it met an entry the owner retired meanwhile. An entry that became
     * the stub while we looked (a receive moved its message to the save queue) carries the
     * {@link SaveQueue} in its message field: that is never a message (no one outside this package
     * can make one), so it is skipped, whatever attempt this is.
     */
    static boolean copyListInto(Entry first, List<Object> out, int max) {
        Entry n = first.next;
        while (n != null && out.size() < max) {
            Object m = n.message;
            Entry next = n.next;
            if (next == n) return false;
            if (m != IN_MATCH && m != TAKEN && m != null && !(m instanceof SaveQueue)) {
                out.add(m);
            }
            n = next;
        }
        return true;
    }

    /** Drops every message (the owner is dead). */
    void clearMailbox() {
        Entry last = tail;
        Entry first = head;
        last.message = null;            // the stub's, if first is last: its save queue goes with it
        HEAD.setRelease(this, last);
        if (first != last) {
            first.message = null;       // the old stub's save queue, if any
            retire(first);
        }
        REMOVED.setOpaque(this, added);
    }
}
