package loombook.course;

import java.util.concurrent.Callable;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessExit;
import loombook.ProcessInfo;
import loombook.exercise.Exercise;
import loombook.exercise.StudentError;
import loombook.exercise.Trial;
import loombook.otp.CallExit;
import loombook.otp.Registry;
import loombook.otp.StartFailed;

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
            if (ce.reason() instanceof Throwable th) throw new StudentError(what, th);
            if (ce.reason() == loombook.Reason.NOPROC) {
                throw t.fail(what + " failed: " + ce + " (if it crashed, its report is printed above)");
            }
            throw t.fail(what + " failed: " + ce);
        } catch (StudentError e) {
            if (e.getCause() instanceof StartFailed sf && sf.getCause() != null && Exercise.todo(sf.getCause()) != null) {
                throw new StudentError(what, sf.getCause());
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
     * Fails the test unless {@code pid} is a behaviour process (GenServer, GenStateMachine...) whose
     * callbacks are the class {@code module}: the label the behaviour gives its process. (Not
     * {@code Sys.getStatus}: its reply carries the state, and a state that is a mutable map, fine
     * inside a server, would make the runtime warn about sharing.)
     */
    static void expectServer(Trial t, Pid pid, String what, String module) {
        ProcessInfo i = pid == null ? null : Process.info(pid);
        if (i == null) throw t.fail(what + " did not return a live process");
        Object label = i.label();
        if (label == null) {
            throw t.fail(what + " started a plain process: start the behaviour with the callbacks (for example GenServer.start(new "
                    + module + "(), arg)), so that the behaviour runs the loop and calls them");
        }
        if (!module.equals(String.valueOf(label))) {
            throw t.fail(what + " started a process that runs other callbacks than " + module, module, String.valueOf(label));
        }
    }

    /**
     * Waits (up to 2 s) until no process holds the registered names, e.g. a previous test's servers
     * being killed; fails the test if one still does (a process the notebook started earlier).
     */
    static void awaitNamesFree(Trial t, String... names) {
        t.step("waiting for the names " + java.util.Arrays.toString(names) + " to be free");
        boolean free = t.eventually(2000, () -> {
            for (String n : names) if (Process.whereis(n) != null) return false;
            return true;
        });
        if (!free) {
            for (String n : names) {
                Pid p = Process.whereis(n);
                if (p != null) {
                    throw t.fail("the name \"" + n + "\" is taken by " + p + ", a process started before this check (by an earlier cell?): "
                            + "stop it (GenServer.stop(\"" + n + "\")), or restart the runtime (%restart_runtime), then run the check again");
                }
            }
        }
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
