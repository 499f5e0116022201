package loombook.otp.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import loombook.Clauses;
import loombook.Down;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessExit;
import loombook.Races;
import loombook.Reason;
import loombook.Ref;
import loombook.otp.CallExit;
import loombook.otp.From;

/**
 * Synchronous calls, as {@code gen:call} makes them: a monitor on the server per call, the request
 * tagged with the monitor's ref, and a selective receive for the tagged reply or the DOWN.
 *
 * <p><b>No late replies.</b> OTP 24+ sends replies to an alias that the caller deactivates when it
 * stops waiting, so a reply that comes too late is dropped. The core has no aliases, so each
 * calling process has a {@link Slot} that plays that role: the caller arms it with the call's tag
 * before sending; whoever replies must first claim it (a compare-and-set from that tag), and a call
 * that times out is disarmed by a compare-and-set too. Exactly one of them wins. If the replier won,
 * the reply is already on its way, so the caller waits for it (or, if the replier failed to send and
 * gave the claim back, gives up after all). A reply for a call that is no longer waited for is never
 * sent, so it can never pollute the caller's mailbox later.
 *
 * <p><b>Cost.</b> A reply usually comes within a few context switches, so after sending, the caller
 * yields a few times while the slot shows no claim and the server is alive. Only then does it wait,
 * and it waits <em>untimed</em>: a timed park of a virtual thread goes through the JDK's timer
 * thread, costs more than a microsecond, and once many callers do it at once it can stall the
 * server. The timeout is kept by {@link CallTimeouts}, a watchdog that disarms an expired call's
 * slot (the same compare-and-set) and sends the caller a {@link CallTimedOut}. The receive clauses
 * are the slot itself (no allocation per call).
 */
public final class Calls {
    /** GenServer.call's default timeout. */
    public static final long DEFAULT_TIMEOUT = 5000;
    private static final int SPINS = 4;
    private static final Object TIMED_OUT = new Object();
    private static final Supplier<Object> ON_TIMEOUT = () -> TIMED_OUT;
    /** A slot's state while a reply is on its way. */
    private static final Object CLAIMED = new Object();
    /** A slot's state after the watchdog timed the call out: its CallTimedOut is on its way. */
    static final Object EXPIRED = new Object();

    private static final ConcurrentHashMap<Pid, Slot> SLOTS = new ConcurrentHashMap<>();
    private static volatile int sweepAt = 4096;

    private Calls() {}

    /** One calling process's stand-in for an alias, and its reply clauses. */
    static final class Slot implements Clauses<Object> {
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Slot.class, "state", Object.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** The calling process. */
        final Pid owner;
        /** null: no call waits; a Ref: a call waits for that reply; CLAIMED: a reply is on its way; EXPIRED: timed out. */
        volatile Object state;
        /** When the call {@link #deadlineTag} times out (System.nanoTime), for the watchdog. */
        volatile long deadline;
        /** The call the deadline is for; written after {@link #deadline}. */
        volatile Ref deadlineTag;
        /** Whether the watchdog looks at this slot. */
        volatile boolean watched;
        /** Owner only: the tag the clauses match. */
        Ref tag;
        /** Owner only: the call's DOWN was taken while waiting for a claimed reply. */
        boolean downTaken;

        Slot(Pid owner) {
            this.owner = owner;
        }

        boolean claim(Ref t) {
            return STATE.compareAndSet(this, t, CLAIMED);
        }

        void unclaim(Ref t) {
            STATE.compareAndSet(this, CLAIMED, t);
        }

        boolean disarm(Ref t) {
            return STATE.compareAndSet(this, t, null);
        }

        /** The watchdog's side: times the call {@code t} out, unless it was answered first. */
        boolean expire(Ref t) {
            return STATE.compareAndSet(this, t, EXPIRED);
        }

        @Override
        public Object match(Object m) {
            if (m instanceof GenReply r) return r.tag() == tag ? r : null;
            if (m instanceof Down d) return tag.equals(d.ref()) ? d : null;
            if (m instanceof CallTimedOut t) return t.tag() == tag ? t : null;
            return null;
        }
    }

    private static Slot slotFor(Pid me) {
        Slot s = SLOTS.get(me);
        if (s != null) return s;
        if (SLOTS.size() >= sweepAt) sweep();
        return SLOTS.computeIfAbsent(me, Slot::new);
    }

    /** Forgets the slots of dead processes; runs when the table has doubled since the last sweep. */
    private static synchronized void sweep() {
        if (SLOTS.size() < sweepAt) return;
        SLOTS.keySet().removeIf(p -> !Process.alive(p));
        sweepAt = Math.max(4096, SLOTS.size() * 2);
    }

    /** The calling process, or a clear error naming {@code function} when the caller is not one. */
    public static Pid self(String function) {
        try {
            return Process.self();
        } catch (IllegalStateException e) {
            throw new IllegalStateException(function + " must be called from inside a process, and this thread ("
                    + Thread.currentThread().getName() + ") is not one. In a notebook every cell is one; elsewhere "
                    + "run the code in Process.spawn(...) or HostProcess.start(...).run(...).", e);
        }
    }

    /**
     * Sends {@code request} to {@code server} and waits for the reply: a {@link GenCall}, or a
     * {@link SystemMessage} when {@code system}. Throws {@link ProcessExit} with a {@link CallExit}
     * if the server is not there, dies first, or does not answer within {@code timeout} ms
     * ({@link Process#INFINITY} to wait for ever).
     */
    public static Object call(String function, Object server, Object request, long timeout, boolean system) {
        Objects.requireNonNull(request, () -> function + ": the request must not be null (use an empty record as an atom)");
        checkTimeout(function, timeout);
        long start = System.nanoTime();
        Pid me = self(function);
        Pid pid = ServerRef.whereis(server, function);
        if (pid == null) throw exit(Reason.NOPROC, function, server, request, timeout);
        if (pid.equals(me)) throw exit(CallExit.CALLING_SELF, function, server, request, timeout);
        Slot slot = slotFor(me);
        Ref tag = Process.monitor(pid);
        slot.tag = tag;
        slot.downTaken = false;
        slot.state = tag;
        boolean done = false;
        try {
            Process.send(pid, system ? new SystemMessage(new From(me, tag), (SysRequest) request) : new GenCall(me, tag, request));
            // a process gives the server a few turns before it parks; a host on a platform thread does not: its
            // Thread.yield is the OS's, which on a busy machine gives the CPU away for a whole OS time slice
            // each time (Agent.get from a cell beside 22 busy pairs: median 16.6 ms with the yields, NotebookTurnTest)
            for (int i = 0; i < SPINS && slot.state == tag && Thread.currentThread().isVirtual() && Process.alive(pid); i++) {
                Thread.yield();
            }
            Object r;
            if (timeout == 0) {
                r = Process.receive(slot, 0, ON_TIMEOUT);
            } else if (timeout != Process.INFINITY && slot.state == tag && Races.controlled()) {
                r = Process.receive(slot, timeout, ON_TIMEOUT);     // on the run's virtual clock: no watchdog thread
            } else {
                if (timeout != Process.INFINITY && slot.state == tag) {
                    slot.deadline = start + timeout * 1_000_000L;
                    slot.deadlineTag = tag;
                    CallTimeouts.watch(slot);
                }
                r = Process.receive(slot);
            }
            switch (r) {
                case GenReply reply -> {
                    done = true;
                    slot.state = null;
                    dropMonitor(tag);
                    return reply.value();
                }
                case Down down -> {
                    if (slot.disarm(tag)) {
                        done = true;
                        throw exit(down.reason(), function, server, request, timeout);
                    }
                    if (slot.state == EXPIRED) {
                        takeTimedOut(tag);
                        done = true;
                        throw exit(down.reason(), function, server, request, timeout);
                    }
                    GenReply reply = awaitClaimed(slot, tag);
                    done = true;
                    if (reply == null) throw exit(down.reason(), function, server, request, timeout);
                    return reply.value();
                }
                case CallTimedOut t -> {
                    done = true;
                    slot.state = null;
                    dropMonitor(tag);
                    throw exit(Reason.TIMEOUT, function, server, request, timeout);
                }
                default -> {
                    // timed out: timeout 0 and nothing yet, or a controlled run's timeout
                    if (slot.disarm(tag)) {
                        done = true;
                        dropMonitor(tag);
                        throw exit(Reason.TIMEOUT, function, server, request, timeout);
                    }
                    GenReply reply = awaitClaimed(slot, tag);
                    done = true;
                    if (!slot.downTaken) dropMonitor(tag);
                    if (reply == null) throw exit(Reason.TIMEOUT, function, server, request, timeout);
                    return reply.value();
                }
            }
        } finally {
            if (!done) abandon(slot, tag);
        }
    }

    /**
     * A replier claimed the slot, so its reply is on its way: waits for it. Returns null if the
     * replier failed to send and gave the claim back (then no reply will ever come).
     */
    private static GenReply awaitClaimed(Slot slot, Ref tag) {
        for (;;) {
            Object r = Process.receive(slot, 20, ON_TIMEOUT);
            if (r instanceof GenReply reply) {
                slot.state = null;
                return reply;
            }
            if (r instanceof Down) {
                slot.downTaken = true;
            }
            if (r == TIMED_OUT && slot.disarm(tag)) return null;
        }
    }

    /** Takes the watchdog's CallTimedOut for {@code tag}, which is on its way (the slot says EXPIRED). */
    private static void takeTimedOut(Ref tag) {
        Process.receive(m -> m instanceof CallTimedOut t && t.tag() == tag ? t : null, 1000, () -> null);
    }

    /** The call ended by an exception while waiting (an interrupt): no reply may come after it. */
    private static void abandon(Slot slot, Ref tag) {
        try {
            if (!slot.disarm(tag)) {
                if (slot.state == EXPIRED) takeTimedOut(tag);
                slot.state = null;
            }
            Process.demonitor(tag, true);
            Process.receive(m -> m instanceof GenReply r && r.tag() == tag ? r : null, 0, null);
        } catch (RuntimeException | ProcessExit e) {
            // the process is going away anyway
        }
    }

    /** Removes the call's monitor and a DOWN it may already have delivered. */
    private static void dropMonitor(Ref tag) {
        Monitors.drop(tag);
    }

    /**
     * Answers the call {@code from}: sends the reply if the caller still waits for it, drops it
     * otherwise. What {@code GenServer.reply} and {@code From.reply} do.
     */
    public static void reply(From from, Object value) {
        Objects.requireNonNull(from, "reply: from must not be null");
        Slot slot = SLOTS.get(from.pid());
        if (slot == null || !slot.claim(from.tag())) return;
        try {
            Process.send(from.pid(), new GenReply(from.tag(), value));
        } catch (Throwable t) {
            slot.unclaim(from.tag());
            throw t;
        }
    }

    /** The exception a failed call throws: an exit whose reason is a {@link CallExit}. */
    public static ProcessExit exit(Object reason, String function, Object server, Object request, long timeout) {
        return new ProcessExit(new CallExit(reason, function, List.of(server, request, timeoutArg(timeout))));
    }

    /** How a timeout argument prints in a {@link CallExit}: the milliseconds, or {@code infinity}. */
    public static Object timeoutArg(long timeout) {
        return timeout == Process.INFINITY ? "infinity" : (Object) timeout;
    }

    /** Checks a timeout argument: 0 or more milliseconds, or {@link Process#INFINITY}. */
    public static void checkTimeout(String function, long timeout) {
        if (timeout < 0 && timeout != Process.INFINITY) {
            throw new IllegalArgumentException(function + ": a timeout is 0 or more milliseconds, or Process.INFINITY, not " + timeout);
        }
    }
}
