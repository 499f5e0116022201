package loombook;

/**
 * One turn of a {@link Process#loop(Object, Loop) state loop}: given the current state and a
 * message, decide the next {@link Step}. This is session 8's {@code loop(state)} with the
 * recursion taken out: the runtime calls it again with the new state, so a process can handle
 * millions of messages without growing its stack.
 *
 * <pre>{@code
 * record Increment() {}
 * record Get(Pid from) {}
 * record Stop() {}
 *
 * Pid counter = spawn(() -> loop(0, (count, msg) -> switch (msg) {
 *     case Increment i        -> next(count + 1);
 *     case Get(Pid from)      -> { send(from, count); yield next(count); }
 *     case Stop s             -> stop(count);
 *     default                 -> skip();
 * }));
 * send(counter, new Increment());
 * send(counter, new Get(self()));
 * receive(Integer.class)      // 1
 * }</pre>
 *
 * @param <S> the state's type
 */
@FunctionalInterface
public interface Loop<S> {
    /** The step to take for {@code message} in {@code state}; must not return {@code null}. */
    Step<S> handle(S state, Object message);
}
