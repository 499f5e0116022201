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
import loombook.otp.Supervisor;

/**
 * A supervisor's children, as OTP's supervisor module keeps them: starting and stopping them, the
 * list a supervisor holds (which children, how many, which one a pid is), whether an exit calls for
 * a restart, and the restart intensity. Both kinds of supervisor use it: {@link SupervisorServer}
 * (static children, stopped in reverse start order) and {@link DynamicSupervisorServer} (children
 * added at run time, stopped all at once).
 */
public final class Children {
    /** What {@link #start} returns when the start function returned null (Elixir's :ignore). */
    public static final Object IGNORED = new Object() {
        @Override
        public String toString() {
            return "ignore";
        }
    };

    private Children() {}

    /** A child in a supervisor's list. */
    public interface Entry {
        /** How to start it. */
        ChildSpec spec();

        /** Its process, or null when it is not running. */
        Pid pid();

        /** A restart failed and will be tried again. */
        boolean restarting();
    }

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

    /** Stops the running children one at a time, the last started first (Supervisor's way). */
    public static void shutdownInReverse(List<? extends Entry> children) {
        for (int j = children.size() - 1; j >= 0; j--) {
            Entry c = children.get(j);
            if (c.pid() != null) shutdown(c.pid(), c.spec().shutdown());
        }
    }

    /**
     * Stops the running children at once (DynamicSupervisor's way): every one is asked first, then
     * each is waited for until its own time is up.
     */
    public static void shutdownTogether(List<? extends Entry> children) {
        List<Entry> running = new ArrayList<>();
        for (Entry c : children) if (c.pid() != null) running.add(c);
        List<Ref> mons = new ArrayList<>(running.size());
        List<Long> deadlines = new ArrayList<>(running.size());
        for (Entry c : running) {
            mons.add(prepare(c.pid()));
            if (takeExit(c.pid()) == null) signal(c.pid(), c.spec().shutdown());
            deadlines.add(deadline(c.spec().shutdown()));
        }
        for (int i = 0; i < running.size(); i++) {
            Entry c = running.get(i);
            finish(c.pid(), mons.get(i), c.spec().shutdown(), deadlines.get(i));
        }
    }

    /** Whether a child that ended with {@code reason} is restarted: permanent always, transient after a crash. */
    public static boolean restartAfter(ChildSpec.Restart restart, Object reason) {
        return switch (restart) {
            case PERMANENT -> true;
            case TRANSIENT -> !Reason.isClean(reason);
            case TEMPORARY -> false;
        };
    }

    /** The times (nanoTime) of the restarts within the last {@code maxSeconds}, now included. */
    public static List<Long> restartsWithin(List<Long> restarts, int maxSeconds) {
        long now = Process.monotonicTime();
        long window = maxSeconds * 1_000_000_000L;
        List<Long> recent = new ArrayList<>();
        for (long t : restarts) if (now - t < window) recent.add(t);
        recent.add(now);
        return List.copyOf(recent);
    }

    /**
     * Reports that the calling supervisor ({@code kind}: its module's name) had more than
     * {@code maxRestarts} restarts in {@code maxSeconds} and stops; {@code child} says which child's
     * exit was one too many, and {@code why} its reason.
     */
    public static void reportIntensity(String kind, int maxRestarts, int maxSeconds, String child, Object why) {
        Exits.print("[error] " + kind + " " + Process.self() + " reached its maximum restart intensity: more than "
                + maxRestarts + " restarts in " + maxSeconds + " s (" + child + ": " + Exits.show(why)
                + "). It stops its children and exits with reason shutdown.\n");
    }

    /** Supervisor.whichChildren's answer. */
    public static List<Supervisor.Child> which(List<? extends Entry> children) {
        List<Supervisor.Child> out = new ArrayList<>();
        for (Entry c : children) {
            out.add(new Supervisor.Child(c.spec().id(), c.pid(), c.spec().type(), c.spec().restart(), c.restarting()));
        }
        return List.copyOf(out);
    }

    /** Supervisor.countChildren's answer. */
    public static Supervisor.Counts count(List<? extends Entry> children) {
        int active = 0, sups = 0;
        for (Entry c : children) {
            if (c.pid() != null) active++;
            if (c.spec().type() == ChildSpec.Type.SUPERVISOR) sups++;
        }
        return new Supervisor.Counts(children.size(), active, sups, children.size() - sups);
    }

    /** The index of the child whose process is {@code pid}, or -1. */
    public static int indexOfPid(List<? extends Entry> children, Pid pid) {
        for (int i = 0; i < children.size(); i++) if (pid.equals(children.get(i).pid())) return i;
        return -1;
    }

    /** An immutable copy of {@code list} with element {@code i} replaced by {@code e}. */
    public static <T> List<T> with(List<T> list, int i, T e) {
        List<T> copy = new ArrayList<>(list);
        copy.set(i, e);
        return List.copyOf(copy);
    }

    /** An immutable copy of {@code list} without element {@code i}. */
    public static <T> List<T> without(List<T> list, int i) {
        List<T> copy = new ArrayList<>(list);
        copy.remove(i);
        return List.copyOf(copy);
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
