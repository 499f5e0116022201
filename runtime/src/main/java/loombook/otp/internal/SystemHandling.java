package loombook.otp.internal;

import loombook.Pid;
import loombook.Process;
import loombook.ProcessExit;
import loombook.otp.From;
import loombook.otp.Sys;

/**
 * What the loops of GenServer and GenStateMachine share: the {@code sys} protocol (get and replace
 * the state, status, suspend and resume, trace, terminate), handled in the server's own process
 * between two callbacks, as OTP's {@code sys} module does. Each loop says what its state looks like
 * from outside and how it ends.
 */
abstract class SystemHandling {
    final Pid self;
    final Pid parent;
    final Object name;
    boolean suspended;
    Debug debug;
    /** What the running callback is handling, for the crash report. */
    Object last;

    SystemHandling(Pid parent, Object name) {
        this.self = Process.self();
        this.parent = parent;
        this.name = name;
    }

    /** "GenServer" or "GenStateMachine". */
    abstract String behaviour();

    /** The callback module's name, as the process is labelled. */
    abstract String module();

    /** The state as {@code Sys.getState} shows it. */
    abstract Object sysState();

    /**
     * Takes {@code replaced}, the value a {@code Sys.replaceState} function returned, as the new state
     * (throwing {@link IllegalArgumentException} if it is not a valid one) and says how to show it.
     */
    abstract String adoptState(Object replaced);

    /** The state as a status or a crash report shows it (the callback's formatStatus). */
    abstract Object formatState();

    /** Runs the terminate callback for {@code reason}; returns the exit to throw. */
    abstract ProcessExit terminate(Object reason);

    /** Handles one system message. */
    final void system(SystemMessage s) {
        From from = s.from();
        switch (s.request()) {
            case SysRequest.GetState g -> from.reply(sysState());
            case SysRequest.ReplaceState(var f) -> {
                try {
                    Object replaced = f.apply(sysState());
                    String shown = adoptState(replaced);
                    if (debug != null) debug.print("state replaced: " + shown);
                    from.reply(replaced);
                } catch (RuntimeException | Error e) {
                    if (e instanceof ProcessExit && !Process.alive(self)) throw e;
                    from.reply(new SysRequest.Failed(e.toString()));
                }
            }
            case SysRequest.GetStatus g -> from.reply(new Sys.Status(self, behaviour(), module(), name, suspended, parent,
                    formatState(), debug != null));
            case SysRequest.Suspend x -> {
                suspended = true;
                from.reply(SysRequest.OK);
            }
            case SysRequest.Resume x -> {
                suspended = false;
                from.reply(SysRequest.OK);
            }
            case SysRequest.Trace(boolean on) -> {
                debug = on ? Debug.to(from.pid(), self, name) : null;
                from.reply(SysRequest.OK);
            }
            case SysRequest.Terminate(Object reason) -> {
                last = s;
                throw terminate(reason);
            }
        }
    }
}
