package loombook.otp.internal;

import loombook.Clauses;
import loombook.Down;
import loombook.Pid;
import loombook.Process;
import loombook.Reason;
import loombook.Ref;
import loombook.otp.ChildSpec;

/**
 * The owner's side of a task (Elixir's {@code Task.await}, {@code yield} and {@code shutdown}):
 * taking the task's reply or its DOWN from the mailbox within a time, closing its gate so that a
 * reply that comes too late is never sent, and stopping the task when asked. A task is named by its
 * process, the ref of the owner's monitor on it and the tag of its reply.
 */
public final class TaskAwait {
    private TaskAwait() {}

    /** How a wait for a task ended. */
    public sealed interface Outcome {}

    /**
     * The task returned {@code value}.
     *
     * @param value its result (may be null)
     */
    public record Replied(Object value) implements Outcome {}

    /**
     * The task ended without a result.
     *
     * @param reason its exit reason
     */
    public record Ended(Object reason) implements Outcome {}

    /** Nothing came in time. */
    public record TimedOut() implements Outcome {}

    /**
     * Waits up to {@code timeoutMillis} for the task's reply or DOWN. When the time is up the gate is
     * closed, so the task's result is never sent (unless it was on its way: then it is taken).
     */
    public static Outcome await(Ref tag, Ref ref, long timeoutMillis) {
        Object r = Process.receive(replyOrDown(tag, ref), timeoutMillis, () -> null);
        if (r == null) {
            if (TaskGates.close(tag)) {
                Monitors.drop(ref);
                TaskGates.forget(tag);
                return new TimedOut();
            }
            r = Process.receive(replyOnly(tag));
        }
        return taken(r, tag, ref);
    }

    /** Waits up to {@code timeoutMillis} for the task's reply or DOWN; the task goes on if nothing came. */
    public static Outcome yield(Ref tag, Ref ref, long timeoutMillis) {
        Object r = Process.receive(replyOrDown(tag, ref), timeoutMillis, () -> null);
        return r == null ? new TimedOut() : taken(r, tag, ref);
    }

    /**
     * Stops the task (the caller has unlinked it): asks it to shut down (or kills it, as {@code how}
     * says) and kills it when its time is up. Returns its reply if it came meanwhile, its DOWN
     * otherwise; {@link TimedOut} if its result was no longer awaited (taken, or an await timed out).
     */
    public static Outcome shutdown(Pid pid, Ref tag, Ref ref, ChildSpec.Shutdown how) {
        boolean brutal = how instanceof ChildSpec.Shutdown.BrutalKill;
        if (!TaskGates.pending(tag)) {
            stopUnawaited(pid, brutal, how.millis());
            return new TimedOut();
        }
        Process.exit(pid, brutal ? Reason.KILL : Reason.SHUTDOWN);
        Object r = Process.receive(replyOrDown(tag, ref), how.millis(), () -> null);
        if (r == null) {
            Process.exit(pid, Reason.KILL);
            r = Process.receive(replyOrDown(tag, ref));
        }
        return taken(r, tag, ref);
    }

    private static Outcome taken(Object r, Ref tag, Ref ref) {
        TaskGates.forget(tag);
        return switch (r) {
            case TaskReply reply -> {
                Monitors.drop(ref);
                yield new Replied(reply.value());
            }
            case Down d -> new Ended(d.reason());
            default -> throw new IllegalStateException("not a task's reply or DOWN: " + r);
        };
    }

    private static Clauses<Object> replyOrDown(Ref tag, Ref ref) {
        return m -> m instanceof TaskReply r && r.tag() == tag ? r : m instanceof Down d && d.ref().equals(ref) ? d : null;
    }

    private static Clauses<Object> replyOnly(Ref tag) {
        return m -> m instanceof TaskReply r && r.tag() == tag ? r : null;
    }

    /**
     * Stops a task whose result nobody waits for any more (after a timed-out await), and waits until
     * it is gone, with a monitor of its own.
     */
    private static void stopUnawaited(Pid pid, boolean brutal, long millis) {
        Ref mon = Process.monitor(pid);
        Process.exit(pid, brutal ? Reason.KILL : Reason.SHUTDOWN);
        if (Monitors.awaitDown(mon, millis) == null) {
            Process.exit(pid, Reason.KILL);
            Monitors.awaitDown(mon, Process.INFINITY);
        }
    }
}
