package loombook.course;

import java.util.concurrent.Callable;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessExit;
import loombook.Reason;
import loombook.Ref;
import loombook.otp.CallExit;
import loombook.otp.Registry;
import loombook.otp.StartFailed;
import loombook.otp.Sys;

/**
 * Helpers shared by the checks of notebooks 11 to 15, whose student code talks to OTP behaviours:
 * a failed call (a {@link CallExit}) reported as what it is, the behaviour a process runs, names
 * that must be free before a test starts.
 */
final class OtpChecks {
    private OtpChecks() {}

    /**
     * As {@link Trial#call}, for student code that calls a server. If the call exits, the test fails
     * saying so in words: with the server's exception (and where it was thrown) when the server
     * crashed, "not implemented yet" when that exception is a skeleton's TODO, otherwise with the
     * {@link CallExit} (a timeout, a dead server).
     */
    static <T> T call(Trial t, String what, Callable<T> code) {
        try {
            return t.call(what, code);
        } catch (ProcessExit e) {
            CallExit ce = callExit(e);
            if (ce == null) throw e;
            if (ce.reason() instanceof Throwable th) throw new Trial.StudentError(what, th);
            throw t.fail(what + " failed: " + ce);
        } catch (Trial.StudentError e) {
            if (e.getCause() instanceof StartFailed sf && sf.getCause() != null && Exercise.todo(sf.getCause()) != null) {
                throw new Trial.StudentError(what, sf.getCause());
            }
            throw e;
        }
    }

    /** As {@link #call}, for student code that returns nothing. */
    static void run(Trial t, String what, Trial.ThrowingRunnable code) {
        call(t, what, () -> {
            code.run();
            return null;
        });
    }

    /**
     * Runs student code for a polling condition: its value, or {@code fallback} if it throws or its
     * call exits (a crashed server). The test then fails on the condition, with its own message.
     */
    static <T> T quietly(Callable<T> code, T fallback) {
        try {
            return code.call();
        } catch (ProcessExit e) {
            if (callExit(e) == null) throw e;
            return fallback;
        } catch (Exception e) {
            return fallback;
        }
    }

    /** The CallExit an exit carries, or null. */
    static CallExit callExit(ProcessExit e) {
        return e.reason() instanceof CallExit ce ? ce : null;
    }

    /**
     * The behaviour {@code pid} runs ("GenServer", "GenStateMachine", "Supervisor"...), or null if it
     * is not one of this runtime's behaviours (or does not answer within a second and a half).
     */
    static String behaviour(Pid pid) {
        Kind k = kind(pid);
        return k == null ? null : k.behaviour();
    }

    /** The module (the callback class's simple name) of behaviour {@code pid}, or null. */
    static String module(Pid pid) {
        Kind k = kind(pid);
        return k == null ? null : k.module();
    }

    /** What {@link Sys#getStatus} says a process is. */
    record Kind(String behaviour, String module) {}

    private record KindAnswer(Ref tag, Kind kind) {}

    /** The behaviour and module of {@code pid}, asked from a helper process (Sys exits when pid does not answer), or null. */
    static Kind kind(Pid pid) {
        if (pid == null || !Process.alive(pid)) return null;
        Pid me = Process.self();
        Ref tag = Ref.make();
        Pid helper = Process.spawn(() -> {
            Kind k = null;
            try {
                Sys.Status s = Sys.getStatus(pid);
                k = new Kind(s.behaviour(), s.module());
            } catch (ProcessExit e) {
                // not a behaviour
            }
            Process.send(me, new KindAnswer(tag, k));
        });
        Kind k = Process.receive(m -> m instanceof KindAnswer(Ref r, Kind v) && r.equals(tag) ? (v == null ? NONE : v) : null,
                1500, () -> NONE);
        if (Process.alive(helper)) Process.exit(helper, Reason.KILL);
        return k == NONE ? null : k;
    }

    private static final Kind NONE = new Kind("", "");

    /** Waits (up to 2 s) until no process holds the registered names, e.g. a previous test's servers being killed. */
    static void awaitNamesFree(Trial t, String... names) {
        t.eventually(2000, () -> {
            for (String n : names) if (Process.whereis(n) != null) return false;
            return true;
        });
    }

    /** The pid under {@code key} in registry {@code registry}, or null (also when there is no such registry). */
    static Pid viaPid(String registry, Object key) {
        try {
            return Registry.whereis(registry, key);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
