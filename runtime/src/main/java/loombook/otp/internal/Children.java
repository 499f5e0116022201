package loombook.otp.internal;

import java.util.ArrayList;
import java.util.List;

import loombook.Down;
import loombook.Exit;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessExit;
import loombook.Reason;
import loombook.Ref;
import loombook.otp.ChildSpec;
import loombook.otp.StartFailed;

/** Starting and stopping children, as OTP's supervisor does; used by both kinds of supervisor. */
public final class Children {
    /** What {@link #start} returns when the start function returned null (Elixir's :ignore). */
    public static final Object IGNORED = new Object() {
        @Override
        public String toString() {
            return "ignore";
        }
    };

    private Children() {}

    /**
     * A child that did not start.
     *
     * @param reason why
     */
    public record Failed(Object reason) {}

    /**
     * Runs {@code spec}'s start function in the calling supervisor and returns the child's pid,
     * {@link #IGNORED}, or a {@link Failed}. The child is linked to the supervisor even if its
     * start function forgot to link it, so that its exit is never missed.
     */
    public static Object start(ChildSpec spec) {
        try {
            Pid pid = spec.start().get();
            if (pid == null) return IGNORED;
            Process.link(pid);
            return pid;
        } catch (StartFailed e) {
            return new Failed(e.reason());
        } catch (ProcessExit e) {
            if (!Process.alive(Process.self())) throw e;
            return new Failed(e.reason());
        } catch (Throwable t) {
            return new Failed(t);
        }
    }

    /**
     * Stops a child as OTP does: monitor it, unlink it (an EXIT it already sent is taken out of the
     * mailbox), then kill it ({@code BRUTAL_KILL}) or ask it to shut down and wait, killing it when
     * its time is up. Returns the reason it ended with.
     */
    public static Object shutdown(Pid pid, ChildSpec.Shutdown how) {
        Ref mon = prepare(pid);
        Object early = takeExit(pid);
        if (early != null) {
            awaitDown(mon, Process.INFINITY);
            return early;
        }
        signal(pid, how);
        return finish(pid, mon, how, deadline(how));
    }

    /**
     * Stops several children at once (DynamicSupervisor's way): every one is asked first, then
     * each is waited for until its own time is up.
     */
    public static void shutdownAll(List<Pid> pids, List<ChildSpec.Shutdown> hows) {
        List<Ref> mons = new ArrayList<>(pids.size());
        List<Long> deadlines = new ArrayList<>(pids.size());
        for (int i = 0; i < pids.size(); i++) {
            Pid pid = pids.get(i);
            mons.add(prepare(pid));
            if (takeExit(pid) == null) signal(pid, hows.get(i));
            deadlines.add(deadline(hows.get(i)));
        }
        for (int i = 0; i < pids.size(); i++) {
            finish(pids.get(i), mons.get(i), hows.get(i), deadlines.get(i));
        }
    }

    private static Ref prepare(Pid pid) {
        Ref mon = Process.monitor(pid);
        Process.unlink(pid);
        return mon;
    }

    private static Object takeExit(Pid pid) {
        Exit e = Process.receive(m -> m instanceof Exit x && pid.equals(x.from()) ? x : null, 0, () -> null);
        return e == null ? null : e.reason();
    }

    private static void signal(Pid pid, ChildSpec.Shutdown how) {
        Process.exit(pid, how instanceof ChildSpec.Shutdown.BrutalKill ? Reason.KILL : Reason.SHUTDOWN);
    }

    private static long deadline(ChildSpec.Shutdown how) {
        long ms = how.millis();
        return ms == Process.INFINITY ? Long.MAX_VALUE : Process.monotonicTime() + ms * 1_000_000L;
    }

    private static Object finish(Pid pid, Ref mon, ChildSpec.Shutdown how, long deadline) {
        long wait = deadline == Long.MAX_VALUE ? Process.INFINITY : Math.max(0, (deadline - Process.monotonicTime()) / 1_000_000L);
        Down d = awaitDown(mon, wait);
        if (d != null) return d.reason();
        Process.exit(pid, Reason.KILL);
        d = awaitDown(mon, Process.INFINITY);
        return d.reason();
    }

    private static Down awaitDown(Ref mon, long millis) {
        return Monitors.awaitDown(mon, millis);
    }
}
