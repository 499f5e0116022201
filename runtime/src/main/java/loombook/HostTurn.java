package loombook;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A host's turn in the run queues: a host (a notebook cell, a test, a main method: code on a
 * thread of its own that acts as a process) that has used its reductions while processes pile up
 * in a scheduler's ready queue waits until that scheduler has run the ones ahead of it, as a
 * process that yields goes behind the ready ones.
 *
 * <p>Without it, a host that spawns in a loop runs on a core of its own, the OS's and not the
 * runtime's to share, and outruns the schedulers: 100,000 spawned processes waiting 10 ms each
 * queued behind newer ones and woke 30-150 ms late (docs/decisions/0006-schedulers.md). A host
 * whose processes keep up never waits; one whose schedulers are stuck waits at most
 * {@link #MAX_WAIT_NANOS} per turn.
 */
final class HostTurn {
    /** How many ready processes, on one scheduler, make a host that used its reductions wait its turn. */
    static final int BACKLOG = 32;
    /** The longest a host waits for one turn (a carrier that runs a process that never yields). */
    static final long MAX_WAIT_NANOS = 10_000_000;

    private final Thread host = Thread.currentThread();
    private final AtomicInteger pending = new AtomicInteger();

    private HostTurn() {}

    /** Called by a host that used its reductions: waits behind each scheduler's backlog, if any. */
    static void take() {
        CoreScheduler[] all = Schedulers.all();
        HostTurn turn = null;
        for (CoreScheduler s : all) {
            if (!s.online || s.ready.length(BACKLOG) < BACKLOG) continue;
            if (turn == null) turn = new HostTurn();
            turn.pending.incrementAndGet();
            s.submit(new Marker(turn));
        }
        if (turn != null) turn.await();
    }

    private void await() {
        long deadline = System.nanoTime() + MAX_WAIT_NANOS;
        long left;
        while (pending.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
    }

    /** The host's place in one scheduler's ready queue: run, it lets the host go on. */
    private static final class Marker extends Schedulable {
        private final HostTurn turn;

        Marker(HostTurn turn) {
            this.turn = turn;
        }

        @Override
        void dispatch() {
            if (turn.pending.decrementAndGet() == 0) LockSupport.unpark(turn.host);
        }
    }
}
