package loombook;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

/**
 * Erlang's save queue: the messages that receives looked at and left, oldest first, in two arrays
 * (the messages and their classes) that only the mailbox's owner writes.
 *
 * <p>A {@link Mailbox} is this queue followed by its linked list: every message here arrived
 * before every message still in the list. A receive scans this queue first, then the list; an
 * unmatched message at the front of the list moves here. Senders never touch this queue, so their
 * path stays one swap of the list's tail, and a process that takes its messages in order never
 * makes one. What the queue buys is a scan that does not chase pointers: a receive by type compares
 * one array of classes with its type, a load that the processor can issue ahead, where a list
 * makes it wait for each entry's address (decision 0010).
 *
 * <p>A taken message leaves a hole ({@code null}); the ends are trimmed at once, the middle when
 * the arrays are full. While a receive's clauses look at a message here, its slot holds
 * {@link Mailbox#IN_MATCH} and {@link #matching} is above zero: a nested receive in a clause body
 * may take, append and grow, but no slot moves, so the outer receive finds its slot again.
 *
 * <p>Another thread may read the queue for introspection ({@link #copyInto}); {@link #version} is
 * odd while the owner moves messages, so that such a reader can tell it saw a move half done.
 */
final class SaveQueue {
    /** The length of a queue's first arrays. */
    private static final int FIRST = 16;
    /** A queue that empties with arrays longer than this gives them back. */
    private static final int KEEP = 1024;

    private static final VarHandle VERSION;

    static {
        try {
            VERSION = MethodHandles.lookup().findVarHandle(SaveQueue.class, "version", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The messages, with {@code null} where one was taken and {@link Mailbox#IN_MATCH} where clauses look at one. */
    Object[] messages = new Object[FIRST];
    /** Each message's class ({@code null} in a hole), what a receive by type compares. */
    Class<?>[] types = new Class<?>[FIRST];
    /** The messages are in slots {@code [lo, hi)}; {@code messages[lo]} is one, unless the queue is empty. */
    int lo, hi;
    /** How many clauses are looking at a message of this queue (nested receives): while above zero no slot moves. */
    int matching;
    /** Odd while the owner moves messages (into the queue or within it); read by {@link #copyInto}. */
    private volatile int version;

    boolean isEmpty() {
        return lo == hi;
    }

    /** Appends the list's oldest message, which a receive has just looked at and left. */
    void add(Object message, Class<?> type) {
        if (hi == messages.length) makeRoom();
        messages[hi] = message;
        types[hi] = type;
        hi++;
    }

    /** Takes the message in slot {@code i} out: its slot becomes a hole, and the ends are trimmed. */
    void remove(int i) {
        messages[i] = null;
        types[i] = null;
        if (i == lo) {
            do lo++; while (lo < hi && messages[lo] == null);
            if (lo == hi) emptied();
        } else if (i == hi - 1) {
            do hi--; while (messages[hi - 1] == null);      // messages[lo] is not null: stops there
        }
    }

    /**
     * The first slot, from the oldest, whose message is an instance of {@code type} and that no
     * clauses are looking at; -1 if there is none.
     */
    int indexOf(Class<?> type) {
        Object[] ms = messages;
        Class<?>[] ts = types;
        int end = hi;
        if (isExact(type)) {
            // the type has no subtypes: a class compare, the loop this queue exists for
            for (int i = lo; i < end; i++) {
                if (ts[i] == type && ms[i] != Mailbox.IN_MATCH) return i;
            }
        } else {
            for (int i = lo; i < end; i++) {
                Class<?> t = ts[i];
                if (t != null && type.isAssignableFrom(t) && ms[i] != Mailbox.IN_MATCH) return i;
            }
        }
        return -1;
    }

    /** Whether only an instance of exactly {@code type} is an instance of it (a final class, records included; not an array). */
    private static boolean isExact(Class<?> type) {
        return Modifier.isFinal(type.getModifiers()) && !type.isArray();
    }

    /** Starts a move of messages that another thread's {@link #copyInto} must not see half done. */
    void beginMove() {
        VERSION.setOpaque(this, version + 1);
        VarHandle.storeStoreFence();
    }

    /** Ends what {@link #beginMove} started. */
    void endMove() {
        VERSION.setRelease(this, version + 1);
    }

    /**
     * For a reader on another thread, before it reads: the version now, or -1 if the owner is in the
     * middle of a move.
     */
    int steadyVersion() {
        int v = (int) VERSION.getAcquire(this);
        return (v & 1) == 0 ? v : -1;
    }

    /** For a reader on another thread, after it read: whether no move began since {@link #steadyVersion} gave {@code v}. */
    boolean unchangedSince(int v) {
        VarHandle.loadLoadFence();
        return v != -1 && (int) VERSION.getOpaque(this) == v;
    }

    /**
     * Adds the queue's messages, oldest first, to {@code out}, up to {@code max} in all. Exact for
     * the owner; from another thread best-effort (a message moved meanwhile may be missing or there
     * twice: {@link #unchangedSince} tells).
     */
    void copyInto(List<Object> out, int max) {
        Object[] ms = messages;
        int end = Math.min(hi, ms.length);      // another thread may see hi of newer, longer arrays
        for (int i = lo; i < end && out.size() < max; i++) {
            Object m = ms[i];
            if (m != null && m != Mailbox.IN_MATCH) out.add(m);
        }
    }

    /** The queue has just become empty: start again at slot 0, with short arrays if these grew long. */
    private void emptied() {
        lo = hi = 0;
        if (messages.length > KEEP && matching == 0) {
            beginMove();
            messages = new Object[FIRST];
            types = new Class<?>[FIRST];
            endMove();
        }
    }

    /**
     * The arrays are full up to their end: slide the messages down over the holes if that frees at
     * least half, else grow. While clauses look at a slot ({@link #matching}) nothing slides: the
     * arrays grow with every slot where it was.
     */
    private void makeRoom() {
        int live = 0;
        for (int i = lo; i < hi; i++) {
            if (messages[i] != null) live++;
        }
        int length = messages.length;
        beginMove();
        if (matching > 0) {
            messages = Arrays.copyOf(messages, length * 2);
            types = Arrays.copyOf(types, length * 2);
        } else {
            Object[] ms = live <= length / 2 ? messages : new Object[length * 2];
            Class<?>[] ts = ms == messages ? types : new Class<?>[length * 2];
            int j = 0;
            for (int i = lo; i < hi; i++) {
                Object m = messages[i];
                if (m == null) continue;
                Class<?> t = types[i];
                messages[i] = null;
                types[i] = null;
                ms[j] = m;
                ts[j] = t;
                j++;
            }
            messages = ms;
            types = ts;
            lo = 0;
            hi = j;
        }
        endMove();
    }
}
