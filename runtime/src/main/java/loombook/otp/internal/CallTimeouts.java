package loombook.otp.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import loombook.Process;
import loombook.Ref;

/**
 * The watchdog of call timeouts: one platform daemon thread that looks, about once a millisecond,
 * at the slots of the callers waiting past their spin, and times out those whose deadline has
 * passed. It disarms the slot with the same compare-and-set a replier uses to claim it, so a call
 * ends exactly once: answered, or timed out with a {@link CallTimedOut} (and its reply, if one
 * comes later, is never sent). While no call waits, the thread is parked.
 *
 * <p>A timeout therefore fires up to about a millisecond late, which OTP allows (a timeout is a
 * lower bound). Only callers that actually wait are watched: most calls are answered during the
 * caller's spin and never get here.
 */
final class CallTimeouts {
    private static final long TICK_NANOS = 1_000_000;
    private static final Set<Calls.Slot> WATCHED = ConcurrentHashMap.newKeySet();
    private static volatile Thread thread;
    private static volatile boolean idle;

    private CallTimeouts() {}

    /** Watches {@code slot} (armed, with its deadline set). */
    static void watch(Calls.Slot slot) {
        if (!slot.watched) {
            slot.watched = true;
            WATCHED.add(slot);
        }
        Thread t = thread;
        if (t == null) {
            start();
        } else if (idle) {
            idle = false;
            LockSupport.unpark(t);
        }
    }

    private static synchronized void start() {
        if (thread != null) return;
        Thread t = Thread.ofPlatform().daemon().name("loombook-call-timeouts").unstarted(CallTimeouts::run);
        thread = t;
        t.start();
    }

    private static void run() {
        for (;;) {
            boolean waiting = scan(System.nanoTime());
            if (waiting) {
                LockSupport.parkNanos(TICK_NANOS);
            } else {
                idle = true;
                if (WATCHED.isEmpty() || !anyWaiting()) LockSupport.park();
                idle = false;
            }
        }
    }

    /** Times out the expired calls; forgets the slots with no call waiting. Returns whether calls still wait. */
    private static boolean scan(long now) {
        boolean waiting = false;
        for (Calls.Slot s : WATCHED) {
            if (s.state instanceof Ref tag) {
                waiting = true;
                if (s.deadlineTag == tag && now - s.deadline >= 0 && s.expire(tag)) {
                    Process.send(s.owner, new CallTimedOut(tag));
                }
                continue;
            }
            WATCHED.remove(s);
            s.watched = false;
            if (s.state instanceof Ref) {           // armed meanwhile: keep watching it
                s.watched = true;
                WATCHED.add(s);
                waiting = true;
            }
        }
        return waiting;
    }

    private static boolean anyWaiting() {
        for (Calls.Slot s : WATCHED) if (s.state instanceof Ref) return true;
        return false;
    }
}
