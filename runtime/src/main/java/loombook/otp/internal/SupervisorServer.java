package loombook.otp.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import loombook.Exit;
import loombook.Pid;
import loombook.Process;
import loombook.Reason;
import loombook.otp.ChildSpec;
import loombook.otp.From;
import loombook.otp.GenServer;
import loombook.otp.StartFailed;
import loombook.otp.Supervisor;

/**
 * The GenServer behind a {@link Supervisor}: OTP's supervisor module with static children. Its
 * state is immutable (a new {@link State} per change), so {@code Sys.getState} can hand it out.
 */
public final class SupervisorServer extends GenServer<SupervisorServer.Spec, SupervisorServer.State> implements BuiltIn {
    /** A server; one per process started. */
    public SupervisorServer() {}


    /** What a supervisor is started with. */
    public record Spec(List<ChildSpec> children, Supervisor.Flags flags) {}

    /**
     * One child: its spec and its process (null when not running).
     *
     * @param spec how to start it
     * @param pid its process, or null
     * @param restarting a restart failed and will be tried again
     */
    public record Child(ChildSpec spec, Pid pid, boolean restarting) implements Children.Entry {
        Child withPid(Pid p) {
            return new Child(spec, p, false);
        }
    }

    /**
     * A supervisor's state.
     *
     * @param flags strategy and intensity
     * @param children in start order
     * @param restarts the times (nanoTime) of the recent restarts
     */
    public record State(Supervisor.Flags flags, List<Child> children, List<Long> restarts) {}

    /** which_children. */
    public record WhichChildren() {}

    /** count_children. */
    public record CountChildren() {}

    /** start_child. */
    public record StartChild(ChildSpec spec) {}

    /** terminate_child. */
    public record TerminateChild(Object id) {}

    /** restart_child. */
    public record RestartChild(Object id) {}

    /** delete_child. */
    public record DeleteChild(Object id) {}

    /** A failed request's answer. */
    public record ChildFailure(String reason, Object id) {}

    /**
     * A failed start's answer. An exception thrown by the start function (in the supervisor) is
     * sent as its text: an exception object is not an immutable message.
     *
     * @param reason why the child did not start
     */
    public record StartError(Object reason) {
        /** A start error; an exception (also one inside a shutdown reason) becomes its {@code toString()}. */
        public StartError {
            reason = sendable(reason);
        }

        private static Object sendable(Object reason) {
            return switch (reason) {
                case Throwable t -> t.toString();
                case Reason.Shutdown(Object detail) -> new Reason.Shutdown(sendable(detail));
                case Supervisor.FailedToStartChild(Object id, Object why) -> new Supervisor.FailedToStartChild(id, sendable(why));
                case null, default -> reason;
            };
        }
    }

    /** A restart to try again. */
    private record TryAgain(Object id) {}

    /** Checks and copies what a supervisor is started with. */
    public static Spec spec(List<ChildSpec> children, Supervisor.Flags flags) {
        Objects.requireNonNull(children, "Supervisor.start: children");
        Objects.requireNonNull(flags, "Supervisor.start: flags (e.g. Supervisor.ONE_FOR_ONE)");
        Set<Object> ids = new HashSet<>();
        for (ChildSpec c : children) {
            Objects.requireNonNull(c, "Supervisor.start: a child spec is null");
            if (!ids.add(c.id())) {
                throw new IllegalArgumentException("Supervisor.start: two children have the id " + c.id()
                        + "; ids must be unique within a supervisor (use ChildSpec.withId)");
            }
        }
        return new Spec(List.copyOf(children), flags);
    }

    /** Sends a request to a supervisor and unwraps the errors into exceptions. */
    public static Object request(String function, Object supervisor, Object request) {
        Object r = Calls.call(function, supervisor, request, Process.INFINITY, false);
        if (r instanceof ChildFailure(String reason, Object id)) {
            throw new Supervisor.ChildError(function, id, reason, switch (reason) {
                case "not_found" -> "the supervisor has no child with that id";
                case "running" -> "it is running; terminateChild it first";
                case "restarting" -> "the supervisor is trying to restart it";
                case "already_present" -> "a child with this id exists (not running); restartChild or deleteChild it";
                case "max_children" -> "the supervisor already runs its maxChildren children; terminate one or raise maxChildren";
                default -> reason;
            });
        }
        if (r instanceof StartError(Object reason)) throw new StartFailed(function, reason);
        return r;
    }

    @Override
    public String moduleName() {
        return "Supervisor";
    }

    @Override
    public Init<State> init(Spec spec) {
        Process.trapExit(true);
        List<Child> started = new ArrayList<>();
        for (ChildSpec cs : spec.children()) {
            Object o = Children.start(cs);
            if (o instanceof Children.Failed(Object reason)) {
                Children.shutdownInReverse(started);
                return stopWith(new Reason.Shutdown(new Supervisor.FailedToStartChild(cs.id(), reason)));
            }
            if (o == Children.IGNORED && cs.restart() == ChildSpec.Restart.TEMPORARY) continue;
            started.add(new Child(cs, o == Children.IGNORED ? null : (Pid) o, false));
        }
        return ok(new State(spec.flags(), List.copyOf(started), List.of()));
    }

    @Override
    public CallResult<State> handleCall(Object request, From from, State s) {
        return switch (request) {
            case WhichChildren w -> reply(Children.which(s.children()), s);
            case CountChildren c -> reply(Children.count(s.children()), s);
            case StartChild(ChildSpec spec) -> startChild(spec, s);
            case TerminateChild(Object id) -> {
                int i = indexOf(s, id);
                if (i < 0) yield reply(new ChildFailure("not_found", id), s);
                Child c = s.children().get(i);
                if (c.pid() != null) Children.shutdown(c.pid(), c.spec().shutdown());
                yield reply(SysRequest.OK, c.spec().restart() == ChildSpec.Restart.TEMPORARY ? remove(s, i) : set(s, i, c.withPid(null)));
            }
            case RestartChild(Object id) -> {
                int i = indexOf(s, id);
                if (i < 0) yield reply(new ChildFailure("not_found", id), s);
                Child c = s.children().get(i);
                if (c.pid() != null) yield reply(new ChildFailure("running", id), s);
                if (c.restarting()) yield reply(new ChildFailure("restarting", id), s);
                Object o = Children.start(c.spec());
                if (o instanceof Children.Failed(Object reason)) yield reply(new StartError(reason), s);
                Pid pid = o == Children.IGNORED ? null : (Pid) o;
                yield reply(pid, set(s, i, c.withPid(pid)));
            }
            case DeleteChild(Object id) -> {
                int i = indexOf(s, id);
                if (i < 0) yield reply(new ChildFailure("not_found", id), s);
                Child c = s.children().get(i);
                if (c.pid() != null) yield reply(new ChildFailure("running", id), s);
                if (c.restarting()) yield reply(new ChildFailure("restarting", id), s);
                yield reply(SysRequest.OK, remove(s, i));
            }
            default -> super.handleCall(request, from, s);
        };
    }

    private CallResult<State> startChild(ChildSpec spec, State s) {
        int i = indexOf(s, spec.id());
        if (i >= 0) {
            Child c = s.children().get(i);
            return reply(c.pid() != null ? new StartError(new StartFailed.AlreadyStarted(c.pid()))
                    : new ChildFailure("already_present", spec.id()), s);
        }
        Object o = Children.start(spec);
        if (o instanceof Children.Failed(Object reason)) return reply(new StartError(reason), s);
        if (o == Children.IGNORED && spec.restart() == ChildSpec.Restart.TEMPORARY) return reply(null, s);
        Pid pid = o == Children.IGNORED ? null : (Pid) o;
        List<Child> cs = new ArrayList<>(s.children());
        cs.add(new Child(spec, pid, false));
        return reply(pid, new State(s.flags(), List.copyOf(cs), s.restarts()));
    }

    @Override
    public Result<State> handleInfo(Object message, State s) {
        switch (message) {
            case Exit e when e.from() != null -> {
                int i = Children.indexOfPid(s.children(), e.from());
                return i < 0 ? noreply(s) : childExited(s, i, e.reason());
            }
            case TryAgain(Object id) -> {
                int i = indexOf(s, id);
                if (i < 0 || !s.children().get(i).restarting()) return noreply(s);
                return restart(s, i, "its restart failed before");
            }
            default -> {
                return noreply(s);
            }
        }
    }

    private Result<State> childExited(State s, int i, Object reason) {
        Child c = s.children().get(i);
        if (!Children.restartAfter(c.spec().restart(), reason)) {
            return noreply(c.spec().restart() == ChildSpec.Restart.TEMPORARY ? remove(s, i) : set(s, i, c.withPid(null)));
        }
        return restart(set(s, i, c.withPid(null)), i, reason);
    }

    /** Counts a restart against the intensity, then restarts as the strategy says. */
    private Result<State> restart(State s, int i, Object why) {
        List<Long> recent = Children.restartsWithin(s.restarts(), s.flags().maxSeconds());
        State counted = new State(s.flags(), s.children(), recent);
        if (recent.size() > s.flags().maxRestarts()) {
            Children.reportIntensity("Supervisor", s.flags().maxRestarts(), s.flags().maxSeconds(),
                    "child " + s.children().get(i).spec().id(), why);
            return stopWith(Reason.SHUTDOWN, counted);
        }
        return noreply(switch (s.flags().strategy()) {
            case ONE_FOR_ONE -> startAt(counted, i);
            case ONE_FOR_ALL -> restartFrom(counted, 0, i);
            case REST_FOR_ONE -> restartFrom(counted, i, i);
        });
    }

    /** Starts child i; a failure is tried again later (and counted again). */
    private State startAt(State s, int i) {
        Child c = s.children().get(i);
        Object o = Children.start(c.spec());
        if (o instanceof Children.Failed) {
            Process.send(Process.self(), new TryAgain(c.spec().id()));
            return set(s, i, new Child(c.spec(), null, true));
        }
        return set(s, i, c.withPid(o == Children.IGNORED ? null : (Pid) o));
    }

    /** Stops the running children from {@code from} on (in reverse, except {@code failed}), then starts them all in order. */
    private State restartFrom(State s, int from, int failed) {
        List<Child> cs = new ArrayList<>(s.children());
        for (int j = cs.size() - 1; j >= from; j--) {
            Child c = cs.get(j);
            if (j != failed && c.pid() != null) {
                Children.shutdown(c.pid(), c.spec().shutdown());
                cs.set(j, c.withPid(null));
            }
        }
        List<Child> kept = new ArrayList<>();
        for (int j = 0; j < cs.size(); j++) {
            if (j >= from && j != failed && cs.get(j).spec().restart() == ChildSpec.Restart.TEMPORARY) continue;
            kept.add(cs.get(j));
        }
        State st = new State(s.flags(), List.copyOf(kept), s.restarts());
        int start = from;
        for (int j = start; j < st.children().size(); j++) st = startAt(st, j);
        return st;
    }

    @Override
    public void terminate(Object reason, State s) {
        if (s != null) Children.shutdownInReverse(s.children());
    }

    private static int indexOf(State s, Object id) {
        for (int i = 0; i < s.children().size(); i++) if (s.children().get(i).spec().id().equals(id)) return i;
        return -1;
    }

    private static State set(State s, int i, Child c) {
        return new State(s.flags(), Children.with(s.children(), i, c), s.restarts());
    }

    private static State remove(State s, int i) {
        return new State(s.flags(), Children.without(s.children(), i), s.restarts());
    }
}
