package loombook.otp.internal;

import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import loombook.otp.Agent;
import loombook.otp.From;
import loombook.otp.GenServer;

/** The GenServer behind an {@link Agent}: applies the functions it is sent to its state. */
public final class AgentServer<S> extends GenServer<Supplier<S>, S> implements BuiltIn {
    /** A server; one per process started. */
    public AgentServer() {}

    /** Answer fun(state). */
    public record Get(Function<Object, Object> fun) {}

    /** Replace the state with fun(state). */
    public record Update(UnaryOperator<Object> fun) {}

    /** Answer and replace with fun(state)'s pair. */
    public record GetAndUpdate(Function<Object, Agent.Pair<?, ?>> fun) {}

    @Override
    public String moduleName() {
        return "Agent";
    }

    @Override
    public Init<S> init(Supplier<S> init) {
        return ok(init.get());
    }

    @Override
    @SuppressWarnings("unchecked")
    public CallResult<S> handleCall(Object request, From from, S state) {
        return switch (request) {
            case Get(var fun) -> reply(fun.apply(state), state);
            case Update(var fun) -> reply(SysRequest.OK, (S) fun.apply(state));
            case GetAndUpdate(var fun) -> {
                Agent.Pair<?, ?> p = fun.apply(state);
                if (p == null) throw new IllegalStateException("Agent.getAndUpdate: the function returned null; return Agent.pair(get, newState)");
                yield reply(p.get(), (S) p.state());
            }
            default -> super.handleCall(request, from, state);
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public Result<S> handleCast(Object request, S state) {
        if (request instanceof Update(var fun)) return noreply((S) fun.apply(state));
        return super.handleCast(request, state);
    }
}
