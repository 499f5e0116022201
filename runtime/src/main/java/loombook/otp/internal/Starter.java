package loombook.otp.internal;

import java.util.function.Consumer;

import loombook.Down;
import loombook.Exit;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessInfo;
import loombook.Ref;
import loombook.otp.StartFailed;

/**
 * Synchronous start, as proc_lib does it: spawn (linked or not), monitor it, let it register its
 * name and run its init, and wait until it says it started, failed or ignores. The new process
 * waits for a go-ahead until the starter monitors it, so that a failed start is always seen with
 * its real reason (the reason travels as the exit reason in the DOWN, never as a message). On failure the
 * caller waits until the new process has really exited (so its name is free again) and, if it is
 * linked and traps exits, consumes the EXIT message, as {@code proc_lib:start_link} does.
 */
public final class Starter {
    private Starter() {}

    /** The new process's side of the start. */
    public static final class Handshake {
        private final Pid parent;
        private final Ref tag;
        private boolean answered;

        Handshake(Pid parent, Ref tag) {
            this.parent = parent;
            this.tag = tag;
        }

        /** The process that called start. */
        public Pid parent() {
            return parent;
        }

        /** Started: start returns the pid. */
        public void ok() {
            answer(StartAck.OK);
        }

        /** init returned ignore: start returns null. The process must then exit normally. */
        public void ignore() {
            answer(StartAck.IGNORE);
        }

        /**
         * init failed: start throws {@link StartFailed}. The process must then exit with
         * {@code reason} (the start takes the reason from its DOWN), except for
         * {@link StartFailed.AlreadyStarted}, which is sent, the process exiting normally.
         */
        public void fail(Object reason) {
            answer(reason instanceof StartFailed.AlreadyStarted ? reason : StartAck.FAILED);
        }

        /** Whether ok, ignore or fail was called. */
        public boolean answered() {
            return answered;
        }

        private void answer(Object outcome) {
            if (answered) return;
            answered = true;
            Process.send(parent, new StartAck(tag, outcome));
        }
    }

    /**
     * Starts a process that registers {@code name} (if any), then runs {@code body}, which must
     * answer the handshake. {@code what} names the start in errors, e.g. "GenServer.start(Counter)".
     * Returns the pid, or null if the process ignored the start.
     */
    public static Pid start(String what, Object name, boolean link, Consumer<Handshake> body) {
        ServerRef.checkName(name, what);
        Pid parent = Calls.self(what);
        Ref tag = Ref.make();
        ServerRef.checkRegistry(name, what);
        Runnable run = () -> {
            if (!TaskRunner.awaitGo(parent, tag)) return;       // the starter died before it could watch us
            Handshake hs = new Handshake(parent, tag);
            Object problem = ServerRef.register(name, Process.self());
            if (problem != null) {
                hs.fail(problem);
                if (problem instanceof StartFailed.AlreadyStarted) return;
                throw Exits.exit(problem);
            }
            body.accept(hs);
        };
        Pid pid = link ? Process.spawnLink(run) : Process.spawn(run);
        Ref mon = Process.monitor(pid);
        TaskRunner.go(pid, tag);            // only now does it run: its DOWN will carry its real reason
        Object r;
        try {
            r = Process.receive(m -> m instanceof StartAck a && a.tag() == tag ? a
                    : m instanceof Down d && d.ref().equals(mon) ? d : null);
        } catch (RuntimeException e) {
            // interrupted while the new process runs its init (a notebook cell's interrupt): stop it,
            // quietly for the caller (unlinked first), and leave nothing of it in the mailbox
            Process.unlink(pid);
            Process.exit(pid, loombook.Reason.KILL);
            Monitors.awaitDown(mon, 1000);
            Process.receive(m -> m instanceof StartAck a && a.tag() == tag ? a : null, 0, () -> null);
            throw e;
        }
        if (r instanceof StartAck a && a.outcome() == StartAck.OK) {
            Monitors.drop(mon);
            return pid;
        }
        Object outcome;
        if (r instanceof StartAck a) {
            Down d = Process.receive(m -> m instanceof Down x && x.ref().equals(mon) ? x : null);
            outcome = a.outcome() == StartAck.FAILED ? d.reason() : a.outcome();
        } else {
            outcome = ((Down) r).reason();
        }
        if (link) consumeExit(pid);
        if (outcome == StartAck.IGNORE) return null;
        throw new StartFailed(what, outcome);
    }

    private static void consumeExit(Pid pid) {
        ProcessInfo me = Process.info(Process.self());
        if (me == null || !me.trapExit()) return;
        Process.receive(m -> m instanceof Exit e && pid.equals(e.from()) ? e : null, 1000, () -> null);
    }
}
