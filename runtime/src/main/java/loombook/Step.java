package loombook;

/**
 * What one turn of a {@link Process#loop state loop} decided: go on with a new state, stop, or
 * leave the message in the mailbox. Made by {@link Process#next}, {@link Process#stop} and
 * {@link Process#skip}.
 *
 * <pre>{@code
 * record Increment() {}
 * record Stop() {}
 *
 * send(self(), new Increment()); send(self(), "later"); send(self(), new Stop());
 * loop(0, (count, msg) -> switch (msg) {
 *     case Increment i -> next(count + 1);
 *     case Stop s      -> stop(count);
 *     default          -> skip();      // not for us now: it stays in the mailbox
 * })                                   // 1; "later" is still in the mailbox
 * }</pre>
 *
 * @param <S> the state's type
 */
public sealed interface Step<S> {
    /**
     * Go on with {@code state}: the same as {@link Process#next}, for a class that has a method
     * named {@code next} of its own (which would hide the imported one inside that class).
     *
     * <pre>{@code
     * class Jobs {
     *     static Object next(Pid queue) { return receive(); }             // the class's own next
     *     static Pid start() { return spawn(() -> loop(0, (n, m) -> Step.next(n + 1))); }
     * }
     * }</pre>
     */
    static <S> Step<S> next(S state) {
        return new Next<>(state);
    }

    /** End the loop with {@code state}: {@link Process#stop}, for a class with a {@code stop} method of its own. */
    static <S> Step<S> stop(S state) {
        return new Stop<>(state);
    }

    /** Leave the message in the mailbox: {@link Process#skip}, for a class with a {@code skip} method of its own. */
    @SuppressWarnings("unchecked")
    static <S> Step<S> skip() {
        return (Step<S>) Process.SKIP;
    }

    /** Go on with {@code state}. */
    record Next<S>(S state) implements Step<S> {}

    /** Stop the loop; {@link Process#loop} returns {@code state}. */
    record Stop<S>(S state) implements Step<S> {}

    /** No clause matched: the message stays where it is and the loop waits for another. */
    record Skip<S>() implements Step<S> {}
}
