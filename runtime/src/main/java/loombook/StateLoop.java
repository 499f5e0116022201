package loombook;

import java.util.Objects;
import java.util.function.Function;

/**
 * How {@link Process#loop} runs: a selective receive per turn whose clause is the handler (a
 * {@link Step.Skip} is no match, so the message stays), the state carried from turn to turn in a
 * plain variable instead of a recursive call, so the stack never grows.
 */
final class StateLoop {
    private StateLoop() {}

    /** Runs a state loop in the calling process: {@link Process#loop(Object, long, Loop, Function)}. */
    @SuppressWarnings("unchecked")
    static <S> S run(S initial, long afterMillis, Loop<S> handler, Function<S, Step<S>> onTimeout) {
        Objects.requireNonNull(handler, "loop: handler must not be null");
        if (afterMillis != Process.INFINITY && onTimeout == null) {
            throw new IllegalArgumentException("loop: a timeout needs an onTimeout function");
        }
        Proc self = Proc.self("loop");
        Turn<S> turn = new Turn<>(handler);
        S state = initial;
        for (;;) {
            turn.state = state;
            Clauses<Step<S>> c = Tracing.timed(self, turn);
            Object r = self.take(c, Process.deadline(self, afterMillis));
            Step<S> step;
            if (r == Mailbox.TIMED_OUT) {
                step = Objects.requireNonNull(onTimeout.apply(state), "loop: onTimeout returned null");
            } else {
                step = (Step<S>) r;
                Tracing.received(self, self.lastTaken(), c == turn ? null : (Tracing.Timed<?>) c);
                self.charge(Node.RECEIVE_COST);
            }
            switch (step) {
                case Step.Next<S> n -> state = n.state();
                case Step.Stop<S> s -> {
                    return s.state();
                }
                case Step.Skip<S> s -> { }
            }
        }
    }

    /** Adapts a {@link Loop} handler to the mailbox's clauses: skip means no match. */
    private static final class Turn<S> implements Clauses<Step<S>> {
        private final Loop<S> handler;
        S state;

        Turn(Loop<S> handler) {
            this.handler = handler;
        }

        @Override
        public Step<S> match(Object message) {
            Step<S> step = handler.handle(state, message);
            if (step == null) {
                throw new NullPointerException("a loop handler must return next(state), stop(state) or skip(), not null");
            }
            return step instanceof Step.Skip ? null : step;
        }
    }
}
