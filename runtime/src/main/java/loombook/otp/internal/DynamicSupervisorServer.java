package loombook.otp.internal;

import java.util.ArrayList;
import java.util.List;

import loombook.Exit;
import loombook.Pid;
import loombook.Process;
import loombook.Reason;
import loombook.otp.ChildSpec;
import loombook.otp.DynamicSupervisor;
import loombook.otp.From;
import loombook.otp.GenServer;

/** The GenServer behind a {@link DynamicSupervisor}. Its state is immutable. */
public class DynamicSupervisorServer extends GenServer<DynamicSupervisor.Options, DynamicSupervisorServer.State>
        implements BuiltIn {
    /** A server; one per process started. */
    public DynamicSupervisorServer() {}


    /**
     * One child.
     *
     * @param serial tells children apart while one is being restarted
     * @param spec how to start it
     * @param pid its process, or null while a failed restart waits to be tried again
     */
    public record Child(long serial, ChildSpec spec, Pid pid) implements Children.Entry {
        /** A child of a dynamic supervisor is waiting for its restart while it has no process. */
        @Override
        public boolean restarting() {
            return pid == null;
        }
    }

    /**
     * A dynamic supervisor's state.
     *
     * @param options its settings
     * @param children oldest first
     * @param restarts times (nanoTime) of recent restarts
     * @param nextSerial the next child's serial
     */
    public record State(DynamicSupervisor.Options options, List<Child> children, List<Long> restarts, long nextSerial) {}

    /** start_child. */
    public record StartChild(ChildSpec spec) {}

    /** terminate_child. */
    public record TerminateChild(Pid pid) {}

    private record TryAgain(long serial) {}

    @Override
    public String moduleName() {
        return "DynamicSupervisor";
    }

    @Override
    public Init<State> init(DynamicSupervisor.Options options) {
        Process.trapExit(true);
        return ok(new State(options, List.of(), List.of(), 1));
    }

    @Override
    public CallResult<State> handleCall(Object request, From from, State s) {
        return switch (request) {
            case StartChild(ChildSpec spec) -> {
                int running = 0;
                for (Child c : s.children()) if (c.pid() != null) running++;
                if (running >= s.options().maxChildren()) yield reply(new SupervisorServer.ChildFailure("max_children", spec.id()), s);
                Object o = Children.start(spec);
                if (o instanceof Children.Failed(Object reason)) yield reply(new SupervisorServer.StartError(reason), s);
                if (o == Children.IGNORED) yield reply(null, s);
                Pid pid = (Pid) o;
                List<Child> cs = new ArrayList<>(s.children());
                cs.add(new Child(s.nextSerial(), spec, pid));
                yield reply(pid, new State(s.options(), List.copyOf(cs), s.restarts(), s.nextSerial() + 1));
            }
            case TerminateChild(Pid pid) -> {
                int i = Children.indexOfPid(s.children(), pid);
                if (i < 0) yield reply(new SupervisorServer.ChildFailure("not_found", pid), s);
                Child c = s.children().get(i);
                Children.shutdown(pid, c.spec().shutdown());
                yield reply(SysRequest.OK, remove(s, i));
            }
            case SupervisorServer.WhichChildren w -> reply(Children.which(s.children()), s);
            case SupervisorServer.CountChildren c -> reply(Children.count(s.children()), s);
            default -> super.handleCall(request, from, s);
        };
    }

    @Override
    public Result<State> handleInfo(Object message, State s) {
        switch (message) {
            case Exit e when e.from() != null -> {
                int i = Children.indexOfPid(s.children(), e.from());
                if (i < 0) return noreply(s);
                if (!Children.restartAfter(s.children().get(i).spec().restart(), e.reason())) return noreply(remove(s, i));
                return restart(s, i, e.reason());
            }
            case TryAgain(long serial) -> {
                for (int i = 0; i < s.children().size(); i++) {
                    if (s.children().get(i).serial() == serial && s.children().get(i).pid() == null) {
                        return restart(s, i, "its restart failed before");
                    }
                }
                return noreply(s);
            }
            default -> {
                return noreply(s);
            }
        }
    }

    private Result<State> restart(State s, int i, Object why) {
        List<Long> recent = Children.restartsWithin(s.restarts(), s.options().maxSeconds());
        Child c = s.children().get(i);
        State counted = new State(s.options(), Children.with(s.children(), i, new Child(c.serial(), c.spec(), null)), recent, s.nextSerial());
        if (recent.size() > s.options().maxRestarts()) {
            Children.reportIntensity("DynamicSupervisor", s.options().maxRestarts(), s.options().maxSeconds(),
                    "a child " + c.spec().id() + " ended", why);
            return stopWith(Reason.SHUTDOWN, counted);
        }
        Object o = Children.start(c.spec());
        if (o instanceof Children.Failed) {
            Process.send(Process.self(), new TryAgain(c.serial()));
            return noreply(counted);
        }
        if (o == Children.IGNORED) return noreply(remove(counted, i));
        return noreply(set(counted, i, new Child(c.serial(), c.spec(), (Pid) o)));
    }

    @Override
    public void terminate(Object reason, State s) {
        if (s != null) Children.shutdownTogether(s.children());
    }

    private static State set(State s, int i, Child c) {
        return new State(s.options(), Children.with(s.children(), i, c), s.restarts(), s.nextSerial());
    }

    private static State remove(State s, int i) {
        return new State(s.options(), Children.without(s.children(), i), s.restarts(), s.nextSerial());
    }
}
