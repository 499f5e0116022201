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
import loombook.otp.Supervisor;

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
    public record Child(long serial, ChildSpec spec, Pid pid) {}

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
                int i = indexOfPid(s, pid);
                if (i < 0) yield reply(new SupervisorServer.ChildFailure("not_found", pid), s);
                Child c = s.children().get(i);
                Children.shutdown(pid, c.spec().shutdown());
                yield reply(SysRequest.OK, remove(s, i));
            }
            case SupervisorServer.WhichChildren w -> {
                List<Supervisor.Child> out = new ArrayList<>();
                for (Child c : s.children()) {
                    out.add(new Supervisor.Child(c.spec().id(), c.pid(), c.spec().type(), c.spec().restart(), c.pid() == null));
                }
                yield reply(List.copyOf(out), s);
            }
            case SupervisorServer.CountChildren c -> {
                int active = 0, sups = 0;
                for (Child ch : s.children()) {
                    if (ch.pid() != null) active++;
                    if (ch.spec().type() == ChildSpec.Type.SUPERVISOR) sups++;
                }
                yield reply(new Supervisor.Counts(s.children().size(), active, sups, s.children().size() - sups), s);
            }
            default -> super.handleCall(request, from, s);
        };
    }

    @Override
    public Result<State> handleInfo(Object message, State s) {
        switch (message) {
            case Exit e when e.from() != null -> {
                int i = indexOfPid(s, e.from());
                if (i < 0) return noreply(s);
                Child c = s.children().get(i);
                boolean again = switch (c.spec().restart()) {
                    case PERMANENT -> true;
                    case TRANSIENT -> !Reason.isClean(e.reason());
                    case TEMPORARY -> false;
                };
                if (!again) return noreply(remove(s, i));
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
        long now = Process.monotonicTime();
        long window = s.options().maxSeconds() * 1_000_000_000L;
        List<Long> recent = new ArrayList<>();
        for (long t : s.restarts()) if (now - t < window) recent.add(t);
        recent.add(now);
        Child c = s.children().get(i);
        State counted = new State(s.options(), set(s, i, new Child(c.serial(), c.spec(), null)).children(), List.copyOf(recent), s.nextSerial());
        if (recent.size() > s.options().maxRestarts()) {
            Exits.print("[error] DynamicSupervisor " + Process.self() + " reached its maximum restart intensity: more than "
                    + s.options().maxRestarts() + " restarts in " + s.options().maxSeconds() + " s (a child "
                    + c.spec().id() + " ended: " + Exits.show(why) + "). It stops its children and exits with reason shutdown.\n");
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
        if (s == null) return;
        List<Pid> pids = new ArrayList<>();
        List<ChildSpec.Shutdown> hows = new ArrayList<>();
        for (Child c : s.children()) {
            if (c.pid() == null) continue;
            pids.add(c.pid());
            hows.add(c.spec().shutdown());
        }
        Children.shutdownAll(pids, hows);
    }

    private static int indexOfPid(State s, Pid pid) {
        for (int i = 0; i < s.children().size(); i++) if (pid.equals(s.children().get(i).pid())) return i;
        return -1;
    }

    private static State set(State s, int i, Child c) {
        List<Child> cs = new ArrayList<>(s.children());
        cs.set(i, c);
        return new State(s.options(), List.copyOf(cs), s.restarts(), s.nextSerial());
    }

    private static State remove(State s, int i) {
        List<Child> cs = new ArrayList<>(s.children());
        cs.remove(i);
        return new State(s.options(), List.copyOf(cs), s.restarts(), s.nextSerial());
    }
}
