package loombook.otp.internal;

import java.util.function.Supplier;

import loombook.Pid;
import loombook.Process;
import loombook.ProcessExit;
import loombook.Ref;

/** The body of a task process: run the function, send the result through the gate, report a crash like Elixir. */
public final class TaskRunner {
    private TaskRunner() {}

    /**
     * A task body for {@code owner}. With {@code linkOwner} the task links itself to its owner
     * first (a supervised async task: the supervisor starts it, the owner must still die with it).
     */
    public static Runnable body(Pid owner, Ref tag, Supplier<?> fun, boolean linkOwner) {
        return () -> {
            Process.label("Task");
            if (linkOwner) Process.link(owner);
            if (!awaitGo(owner, tag)) return;
            Object value = run(owner, fun);
            if (tag != null && TaskGates.claim(tag)) {
                try {
                    Process.send(owner, new TaskReply(tag, value));
                } catch (Throwable t) {
                    TaskGates.unclaim(tag);
                    throw t;
                }
            }
        };
    }

    /**
     * What the owner sends a task once it monitors it: only then does the task run, so that the
     * owner's monitor sees how it really ends (a task that crashed before being monitored would
     * look like {@code noproc}).
     *
     * @param tag the task's tag
     */
    public record Go(Ref tag) {}

    /** Tells the task {@code pid} (now monitored) to run. */
    public static void go(Pid pid, Ref tag) {
        Process.send(pid, new Go(tag));
    }

    /** In the new process: waits for {@link #go}; false if {@code owner} died first. */
    public static boolean awaitGo(Pid owner, Ref tag) {
        Ref mon = Process.monitor(owner);
        Object m = Process.receive(x -> x instanceof Go g && g.tag() == tag ? x
                : x instanceof loombook.Down d && d.ref().equals(mon) ? x : null);
        if (m instanceof Go) {
            Monitors.drop(mon);
            return true;
        }
        return false;       // the owner died before it could wait for us
    }

    /** A task body that only runs {@code fun}: Task.start. */
    public static Runnable body(Pid owner, Runnable fun) {
        return () -> {
            Process.label("Task");
            run(owner, () -> {
                fun.run();
                return null;
            });
        };
    }

    private static Object run(Pid owner, Supplier<?> fun) {
        try {
            return fun.get();
        } catch (ProcessExit e) {
            if (!Process.alive(Process.self())) throw e;
            if (Exits.abnormal(e.reason())) Exits.print(report(owner, e.reason(), fun));
            throw Exits.exit(e.reason());
        } catch (Throwable t) {
            Exits.print(report(owner, t, fun));
            throw Exits.exit(t);
        }
    }

    private static String report(Pid owner, Object reason, Object fun) {
        StringBuilder sb = new StringBuilder();
        sb.append("[error] Task ").append(Process.self()).append(" started from ").append(owner).append(" terminating\n");
        Exits.appendReason(sb, reason);
        sb.append("Function: ").append(fun).append('\n');
        return sb.toString();
    }
}
