package loombook;

import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Races made visible: runs a scenario's processes under a scheduler that Loombook controls, tries
 * its interleavings one schedule after another, and hands back the one that breaks a check, step
 * by step, to replay. Erlang has Concuerror for this, the JVM Fray and Lincheck.
 *
 * <pre>{@code
 * record Get(Pid from) {}
 * record Put(int value) {}
 * Supplier<Pid> twoClients = () -> {
 *     Pid counter = spawn(() -> loop(0, (n, m) -> switch (m) {
 *         case Get(var from) -> { send(from, n); yield next(n); }
 *         case Put(var v)    -> next(v);
 *         default            -> skip();
 *     }));
 *     Runnable increment = () -> {                  // get, then set: two messages, and a race
 *         send(counter, new Get(self()));
 *         send(counter, new Put(receive(Integer.class) + 1));
 *     };
 *     spawn(increment);
 *     spawn(increment);
 *     return counter;
 * };
 * Predicate<Pid> two = counter -> {                 // run once every process has stopped moving
 *     send(counter, new Get(self()));
 *     return receive(Integer.class) == 2;
 * };
 * Exploration found = Races.explore(twoClients, two);
 * found.failure().get().trace()                     // the lost update, as a schedule to replay
 * }</pre>
 *
 * <p><b>How.</b> The scenario runs in a process of its own, and every process it spawns (and they
 * spawn) belongs to the run. At each operation that another process could see (a send, a receive,
 * a spawn, an exit signal, a link or monitor, a name, a timer, an {@code Ets} table, its end) a
 * process stops and waits for its turn; one process moves at a time, whatever the JDK's scheduler
 * does. Which process moves next, and when a timer or a timeout fires, are the run's choices:
 * with the same choices the run does the same thing, sends the same messages and prints the same
 * output. Time is virtual: it moves only when the run lets a timer fire, so {@code sleep(100)}
 * takes no time and never decides a race by luck. When the scenario's function has returned and
 * every other process has stopped moving, the check runs, in the scenario's process: it may talk
 * to the scenario's processes. Then the run ends and what is left of it is killed.
 *
 * <p><b>Exploring.</b> {@link #explore(Supplier, Predicate)} is systematic: a depth-first search
 * that runs one schedule of each class of equivalent ones (steps that touch nothing in common
 * are not reordered: dynamic partial-order reduction), so a small scenario is explored completely
 * and it says so. {@link #random(long)} picks each step at random instead, from a seed, for
 * scenarios too big to cover. Both stop at the first failing schedule, which they record and
 * return; its {@link Schedule#trace()} replays it with {@link #replay(String, Supplier, Predicate)}.
 *
 * <p><b>Limits.</b> The controller sees only the runtime's operations. Code between two of them
 * runs as one step, so two processes that share a mutable Java object race in ways it neither
 * sees nor reorders ({@link #access(Object, boolean)} marks such a place). A process that waits
 * outside the runtime (a lock, {@code Thread.sleep}, a queue, I/O, a platform thread) stops the
 * run: after two seconds the exploration ends with an error that says where it waits. Wall-clock
 * reads in the scenario's code ({@code System.currentTimeMillis}) see real time, not the run's;
 * messages from outside the scenario are detected and refused. The runtime's own timeouts (a
 * {@code GenServer.call}'s 5 s, {@code receive} with {@code after}) are on the virtual clock.
 */
public final class Races {
    private Races() {}

    /**
     * Explores the schedules of {@code scenario} systematically (at most 10,000 schedules and 10
     * seconds): runs it, lets every process it started settle, then checks what it returned. A
     * schedule fails when the check returns false or throws, when a process of the scenario
     * crashes, or when the scenario's process waits for ever (a deadlock). Stops at the first
     * failing schedule.
     *
     * <pre>{@code
     * Races.explore(twoClients, two).passed()      // false: a schedule loses an update
     * }</pre>
     */
    public static <T> Exploration explore(Supplier<T> scenario, Predicate<? super T> check) {
        return systematic().explore(scenario, check);
    }

    /**
     * Explores {@code scenario} systematically with no check of its own: a schedule fails if a
     * process crashes or the scenario deadlocks.
     *
     * <pre>{@code
     * Races.explore(() -> { Pid p = spawn(() -> receive()); send(p, "hi"); })
     * }</pre>
     */
    public static Exploration explore(Runnable scenario) {
        return systematic().explore(scenario);
    }

    /**
     * A systematic explorer, to set bounds before exploring.
     *
     * <pre>{@code
     * Races.systematic().runs(100_000).seconds(30).explore(twoClients, two)
     * }</pre>
     */
    public static Explorer systematic() {
        return Explorer.systematic();
    }

    /**
     * An explorer that picks each step at random, from {@code seed}: the same seed gives the same
     * schedules in the same order.
     *
     * <pre>{@code
     * Races.random(42).runs(1000).explore(twoClients, two)
     * }</pre>
     */
    public static Explorer random(long seed) {
        return Explorer.random(seed);
    }

    /**
     * Runs {@code scenario} once, on {@code schedule} (a {@link Schedule#trace()}, from this cell or
     * printed by an earlier one), and returns it recorded. After the schedule's last step the run
     * goes on by the default choice (the process that moved last, if it can). A schedule that does
     * not fit the scenario is an {@link IllegalArgumentException} that says at which step.
     *
     * <pre>{@code
     * Schedule again = Races.replay(found.failure().get().trace(), twoClients, two);
     * again.failed()     // true, every time
     * }</pre>
     */
    public static <T> Schedule replay(String schedule, Supplier<T> scenario, Predicate<? super T> check) {
        return Explorer.systematic().replay(schedule, scenario, check);
    }

    /**
     * As {@link #replay(String, Supplier, Predicate)}, for a scenario with no check. An empty
     * schedule runs the default choices from the start.
     *
     * <pre>{@code
     * Races.replay("", () -> { Pid p = spawn(() -> receive()); send(p, "hi"); }).steps().size()
     * }</pre>
     */
    public static Schedule replay(String schedule, Runnable scenario) {
        return Explorer.systematic().replay(schedule, () -> {
            scenario.run();
            return null;
        }, x -> true);
    }

    /**
     * Marks a place where the calling process reads ({@code write} false) or changes state that
     * the runtime cannot see, such as a Java object shared with other processes: in a controlled
     * run it is a scheduling point (another process may move first), and the exploration orders
     * it against the other accesses to objects of the same class. Outside a controlled run it does
     * nothing. The runtime's {@code Ets} tables mark every operation this way.
     *
     * <pre>{@code
     * var shared = new java.util.ArrayList<String>();    // (better: send messages)
     * Races.access(shared, true);
     * shared.add("x");
     * }</pre>
     */
    public static void access(Object resource, boolean write) {
        java.util.Objects.requireNonNull(resource, "access: the resource must not be null");
        Controlled c = Controlled.current();
        if (c != null) c.access(resource, write);
    }

    /**
     * Whether the calling process runs under a controlled scheduler (in a scenario being explored
     * or replayed). Runtime code uses it to keep time on the run's virtual clock.
     *
     * <pre>{@code
     * Races.controlled()    // false in a cell; true inside Races.explore(() -> ...)
     * }</pre>
     */
    public static boolean controlled() {
        return Controlled.current() != null;
    }

    /** A value as text for reports: its toString, shortened, and never an exception. */
    static String show(Object v) {
        String s;
        try {
            s = String.valueOf(v);
        } catch (RuntimeException e) {
            s = v.getClass().getSimpleName() + " (toString threw " + e.getClass().getSimpleName() + ")";
        }
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
