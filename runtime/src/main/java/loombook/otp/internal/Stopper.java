package loombook.otp.internal;

import java.util.List;
import java.util.Objects;

import loombook.Down;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessExit;
import loombook.Reason;
import loombook.Ref;
import loombook.otp.CallExit;
import loombook.otp.From;

/**
 * {@code proc_lib:stop/3}: asks a behaviour process to terminate with a reason (a system message,
 * so its {@code terminate} runs) and waits for its DOWN.
 */
public final class Stopper {
    private Stopper() {}

    /** Stops {@code server} with {@code reason}, waiting up to {@code timeout} ms. */
    public static void stop(String function, Object server, Object reason, long timeout) {
        Objects.requireNonNull(reason, () -> function + ": reason must not be null");
        Calls.checkTimeout(function, timeout);
        Pid me = Calls.self(function);
        Pid pid = ServerRef.whereis(server, function);
        if (pid == null) throw exit(Reason.NOPROC, function, server, reason, timeout);
        if (pid.equals(me)) throw exit(CallExit.CALLING_SELF, function, server, reason, timeout);
        Ref mon = Process.monitor(pid);
        Process.send(pid, new SystemMessage(new From(me, mon), new SysRequest.Terminate(reason)));
        Object r = Process.receive(m -> m instanceof Down d && d.ref().equals(mon) ? d : null, timeout, () -> null);
        if (r == null) {
            Monitors.drop(mon);
            throw exit(Reason.TIMEOUT, function, server, reason, timeout);
        }
        Object actual = ((Down) r).reason();
        if (!Objects.equals(actual, reason)) throw exit(actual, function, server, reason, timeout);
    }

    private static ProcessExit exit(Object why, String function, Object server, Object reason, long timeout) {
        return new ProcessExit(new CallExit(why, function, List.of(server, reason, Calls.timeoutArg(timeout))));
    }
}
