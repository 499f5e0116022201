package loombook.otp.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;

import loombook.Pid;
import loombook.Process;
import loombook.Ref;

/**
 * The stand-in for aliases that task replies go through (see {@link Calls} for the idea): a task
 * sends its result only after claiming its gate, and an owner that stops waiting (await timed
 * out, shutdown) closes it, so a result can never arrive after its owner gave up on it. Gates are
 * found by the task's tag, so that a {@code Task} (and a child spec that starts one) holds only
 * immutable values and can travel in messages.
 */
public final class TaskGates {
    private static final int OPEN = 0, SENT = 1, CLOSED = 2;
    private static final ConcurrentHashMap<Ref, Gate> GATES = new ConcurrentHashMap<>();
    private static volatile int sweepAt = 4096;

    private TaskGates() {}

    private static final class Gate {
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Gate.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Pid owner;
        volatile int state;

        Gate(Pid owner) {
            this.owner = owner;
        }

        boolean cas(int from, int to) {
            return STATE.compareAndSet(this, from, to);
        }
    }

    /** A new open gate for a task owned by {@code owner}; returns its tag. */
    public static Ref open(Pid owner) {
        if (GATES.size() >= sweepAt) sweep();
        Ref tag = Ref.make();
        GATES.put(tag, new Gate(owner));
        return tag;
    }

    private static synchronized void sweep() {
        if (GATES.size() < sweepAt) return;
        GATES.values().removeIf(g -> !Process.alive(g.owner));
        sweepAt = Math.max(4096, GATES.size() * 2);
    }

    /** The task side: may it send its result? */
    public static boolean claim(Ref tag) {
        Gate g = GATES.get(tag);
        return g != null && g.cas(OPEN, SENT);
    }

    /** The task failed to send after claiming: reopen. */
    public static void unclaim(Ref tag) {
        Gate g = GATES.get(tag);
        if (g != null) g.cas(SENT, OPEN);
    }

    /** The owner side: stop waiting. True if no result will ever be sent; false if one is on its way. */
    public static boolean close(Ref tag) {
        Gate g = GATES.get(tag);
        return g == null || g.cas(OPEN, CLOSED) || g.state == CLOSED;
    }

    /** Whether the gate was claimed and not given back: a result is on its way or has arrived. */
    public static boolean sent(Ref tag) {
        Gate g = GATES.get(tag);
        return g != null && g.state == SENT;
    }

    /** Whether the owner has not finished with this task yet. */
    public static boolean pending(Ref tag) {
        return GATES.containsKey(tag);
    }

    /** The owner is done with this task. */
    public static void forget(Ref tag) {
        GATES.remove(tag);
    }
}
