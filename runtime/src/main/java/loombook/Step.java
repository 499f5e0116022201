package loombook;

/**
 * What one turn of a {@link Process#loop state loop} decided: go on with a new state, stop, or
 * leave the message in the mailbox. Made by {@link Process#next}, {@link Process#stop} and
 * {@link Process#skip}.
 *
 * <pre>{@code
 * loop(0, (count, msg) -> switch (msg) {
 *     case Increment i -> next(count + 1);
 *     case Stop s      -> stop(count);
 *     default          -> skip();      // not for us now: it stays in the mailbox
 * });
 * }</pre>
 *
 * @param <S> the state's type
 */
public sealed interface Step<S> {
    /** Go on with {@code state}. */
    record Next<S>(S state) implements Step<S> {}

    /** Stop the loop; {@link Process#loop} returns {@code state}. */
    record Stop<S>(S state) implements Step<S> {}

    /** No clause matched: the message stays where it is and the loop waits for another. */
    record Skip<S>() implements Step<S> {}
}
