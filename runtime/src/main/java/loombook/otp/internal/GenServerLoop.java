package loombook.otp.internal;

import java.util.function.Supplier;

import loombook.Clauses;
import loombook.Exit;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessExit;
import loombook.Reason;
import loombook.otp.From;
import loombook.otp.GenServer;
import loombook.otp.GenServer.CallResult;
import loombook.otp.GenServer.Init;
import loombook.otp.GenServer.Result;
import loombook.otp.GenServer.Then;
import loombook.otp.Sys;

/**
 * The loop of a {@link GenServer} process: gen_server's receive loop. It takes messages in arrival
 * order ({@code receive()} without clauses, the cheapest take), dispatches calls, casts, system
 * messages, its parent's exit signal and everything else, and applies what the callbacks return.
 */
public final class GenServerLoop<A, S> extends SystemHandling {
    private static final Object TIMED_OUT = new Object();
    private static final Supplier<Object> ON_TIMEOUT = () -> TIMED_OUT;
    private static final Clauses<Object> ANY = m -> m;
    private static final Clauses<Object> SYSTEM_ONLY = m -> m instanceof SystemMessage ? m : null;

    private final GenServer<A, S> cb;
    private S state;
    private long deadline;
    private boolean timed;
    private boolean continuing;
    private Object continueArg;

    private GenServerLoop(GenServer<A, S> cb, Pid parent, Object name) {
        super(parent, name);
        this.cb = cb;
    }

    @Override
    String behaviour() {
        return "GenServer";
    }

    @Override
    String module() {
        return moduleName(cb);
    }

    @Override
    Object sysState() {
        return state;
    }

    @Override
    @SuppressWarnings("unchecked")
    String adoptState(Object replaced) {
        state = (S) replaced;
        return String.valueOf(state);
    }

    @Override
    ProcessExit terminate(Object reason) {
        return terminate(reason, null, null);
    }

    /** The name a process of these callbacks is labelled with. */
    public static String moduleName(Object callbacks) {
        if (callbacks instanceof BuiltIn b) return b.moduleName();
        String n = callbacks.getClass().getSimpleName();
        return n.isEmpty() ? callbacks.getClass().getName() : n;
    }

    /** Runs a server in the calling (new) process: init, the handshake, then the loop until it stops. */
    public static <A, S> void run(GenServer<A, S> cb, A arg, Object name, Starter.Handshake hs, boolean linked) {
        new GenServerLoop<>(cb, linked ? hs.parent() : null, name).start(arg, hs);
    }

    private void start(A arg, Starter.Handshake hs) {
        Process.label(moduleName(cb));
        Init<S> r;
        try {
            r = cb.init(arg);
            if (r == null) throw new IllegalStateException(moduleName(cb) + ".init returned null; return ok(state), ignore() or stopWith(reason)");
        } catch (ProcessExit e) {
            if (!Process.alive(self)) throw e;
            hs.fail(e.reason());
            throw Exits.exit(e.reason());
        } catch (Throwable t) {
            hs.fail(t);
            Exits.print(initReport(t));
            throw Exits.exit(t);
        }
        switch (r) {
            case Init.Ok<S> ok -> {
                state = ok.state();
                then(ok.then());
                hs.ok();
                loop();
            }
            case Init.Ignore<S> i -> hs.ignore();
            case Init.Stop<S> s -> {
                hs.fail(s.reason());
                throw Exits.exit(s.reason());
            }
        }
    }

    private void loop() {
        for (;;) {
            if (continuing) {
                Object arg = continueArg;
                continuing = false;
                continueArg = null;
                last = new Continuing(arg);
                if (debug != null) debug.print("continue " + arg);
                apply(invoke(() -> cb.handleContinue(arg, state)), null);
                continue;
            }
            Object msg = next();
            if (msg == TIMED_OUT) {
                timed = false;
                handleInfo(Reason.TIMEOUT);
                continue;
            }
            switch (msg) {
                case GenCall c -> {
                    timed = false;
                    last = c;
                    if (debug != null) debug.print("got call " + c.request() + " from " + c.caller());
                    From from = c.from();
                    CallResult<S> r;
                    try {
                        r = cb.handleCall(c.request(), from, state);
                    } catch (Throwable t) {
                        throw crashed(t);
                    }
                    apply(r == null ? nullResult() : r, from);
                }
                case GenCast c -> {
                    timed = false;
                    last = c;
                    if (debug != null) debug.print("got cast " + c.request());
                    apply(invoke(() -> cb.handleCast(c.request(), state)), null);
                }
                case SystemMessage s -> system(s);
                case Exit e when parent != null && parent.equals(e.from()) -> {
                    last = e;
                    if (debug != null) debug.print("got exit signal from parent: " + e.reason());
                    throw terminate(e.reason(), null, null);
                }
                default -> {
                    timed = false;
                    handleInfo(msg);
                }
            }
        }
    }

    private Object next() {
        if (suspended) return Process.receive(SYSTEM_ONLY);
        if (!timed) return Process.receive();
        long left = deadline - Process.monotonicTime();
        long ms = left <= 0 ? 0 : (left + 999_999) / 1_000_000;
        return Process.receive(ANY, ms, ON_TIMEOUT);
    }

    private void handleInfo(Object msg) {
        last = msg;
        if (debug != null) debug.print("got " + msg);
        apply(invoke(() -> cb.handleInfo(msg, state)), null);
    }

    @FunctionalInterface
    private interface Callback<S> {
        CallResult<S> run();
    }

    private CallResult<S> invoke(Callback<S> f) {
        CallResult<S> r;
        try {
            r = f.run();
        } catch (Throwable t) {
            throw crashed(t);
        }
        return r == null ? nullResult() : r;
    }

    /** A callback threw: an exit of this process's own (not a kill) or an exception. */
    private ProcessExit crashed(Throwable t) {
        if (t instanceof ProcessExit e) {
            if (!Process.alive(self)) throw e;
            return terminate(e.reason(), null, null);
        }
        return terminate(t, null, null);
    }

    private CallResult<S> nullResult() {
        throw terminate(new IllegalStateException(moduleName(cb) + " returned null from a callback; return "
                + "reply(value, state), noreply(state) or stopWith(reason, state)"), null, null);
    }

    private void apply(CallResult<S> r, From from) {
        switch (r) {
            case CallResult.Reply<S> reply -> {
                if (from == null) {
                    throw terminate(new IllegalStateException("reply(...) is only for handleCall; " + moduleName(cb)
                            + " returned it from another callback (return noreply(state) there)"), null, null);
                }
                state = reply.state();
                Calls.reply(from, reply.reply());
                if (debug != null) debug.print("sent " + reply.reply() + " to " + from.pid() + ", new state " + state);
                then(reply.then());
            }
            case Result.NoReply<S> nr -> {
                state = nr.state();
                if (debug != null) debug.print("new state " + state);
                then(nr.then());
            }
            case Result.Stop<S> s -> {
                state = s.state();
                throw terminate(s.reason(), null, null);
            }
            case CallResult.StopReply<S> s -> {
                if (from == null) {
                    throw terminate(new IllegalStateException("stopWith(reason, reply, state) is only for handleCall"), null, null);
                }
                state = s.state();
                throw terminate(s.reason(), from, s.reply());
            }
        }
    }

    private void then(Then t) {
        timed = false;
        switch (t) {
            case Then.Timeout(long ms) -> {
                timed = true;
                deadline = Process.monotonicTime() + ms * 1_000_000L;
            }
            case Then.Continue(Object arg) -> {
                continuing = true;
                continueArg = arg;
            }
            case Then.None n -> { }
            case Then.Hibernate h -> { }
        }
    }

    @SuppressWarnings("unchecked")

    /**
     * Runs {@code terminate}, answers {@code replyTo} (stopWith with a reply), prints a report if the
     * reason is abnormal, and returns the exit to throw.
     */
    private ProcessExit terminate(Object reason, From replyTo, Object reply) {
        Object r = reason;
        try {
            cb.terminate(reason, state);
        } catch (ProcessExit e) {
            if (!Process.alive(self)) throw e;
            r = e.reason();
        } catch (Throwable t) {
            r = t;
        }
        if (replyTo != null) Calls.reply(replyTo, reply);
        if (debug != null) debug.print("terminating: " + r);
        if (Exits.abnormal(r)) Exits.print(report(r));
        return Exits.exit(r);
    }

    @Override
    Object formatState() {
        try {
            return cb.formatStatus(state);
        } catch (RuntimeException e) {
            return state;
        }
    }

    private String report(Object reason) {
        StringBuilder sb = new StringBuilder();
        sb.append("[error] GenServer ").append(name == null ? "" : name + " ").append(self).append(" terminating\n");
        Exits.appendReason(sb, reason);
        switch (last) {
            case GenCall c -> sb.append("Last message (from ").append(c.caller()).append("): ").append(Exits.show(c.request())).append('\n');
            case GenCast c -> sb.append("Last message: cast ").append(Exits.show(c.request())).append('\n');
            case Continuing c -> sb.append("Last message: continue ").append(Exits.show(c.arg())).append('\n');
            case SystemMessage s -> sb.append("Last message: stop requested by ").append(s.from().pid()).append('\n');
            case null -> { }
            default -> sb.append("Last message: ").append(Exits.show(last)).append('\n');
        }
        sb.append("State: ").append(Exits.show(formatState())).append('\n');
        if (last instanceof GenCall c) {
            sb.append("Client ").append(c.caller()).append(Process.alive(c.caller()) ? " is alive\n" : " is dead\n");
        }
        return sb.toString();
    }

    private String initReport(Throwable t) {
        StringBuilder sb = new StringBuilder();
        sb.append("[error] GenServer ").append(name == null ? "" : name + " ").append(self)
                .append(" failed to start: ").append(moduleName(cb)).append(".init threw\n");
        Exits.appendReason(sb, t);
        return sb.toString();
    }

    /** The crash report's view of a handleContinue in progress. */
    private record Continuing(Object arg) {}
}
