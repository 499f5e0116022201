package loombook.kernel.visual;

import java.util.Objects;
import loombook.Exploration;
import loombook.Schedule;
import loombook.kernel.display.MimeBundle;

/**
 * A recorded schedule played step by step in the notebook: each {@link #step()} shows the next
 * step as a {@link ReplayFrame} (the diagram so far, the step marked, every mailbox after it). Made
 * by {@link Visuals#replay(Exploration)} from the failing schedule an exploration found, or from
 * any {@link Schedule}. The schedule was recorded as it ran; a replay shows what happened, in the
 * order it happened, and changes nothing.
 *
 * <pre>{@code
 * var r = replay(found);   // found = Races.explore(...), which found a failing schedule
 * r.step();                // step 1: who moved, what it did, the mailboxes
 * r.step(2);               // two steps on
 * r.back();                // one step back
 * r.toCritical()           // the choice that made it fail
 * }</pre>
 */
public final class Replay extends Visual {
    private final Schedule schedule;
    private int at = -1;

    private Replay(Schedule schedule) {
        this.schedule = schedule;
    }

    /**
     * A replay of {@code schedule}, before its first step.
     *
     * <pre>{@code
     * Replay.of(found.failure().get()).step()
     * }</pre>
     */
    public static Replay of(Schedule schedule) {
        return new Replay(Objects.requireNonNull(schedule, "replay: the schedule must not be null"));
    }

    /**
     * A replay of the failing schedule {@code exploration} found.
     *
     * <pre>{@code
     * Replay.of(found).toEnd()
     * }</pre>
     */
    public static Replay of(Exploration exploration) {
        Objects.requireNonNull(exploration, "replay: the exploration must not be null");
        return new Replay(exploration.failure().orElseThrow(() -> new IllegalArgumentException(
                "replay: this exploration found no failing schedule (" + exploration.summary() + "); to watch a passing one, "
                        + "replay it from its text: Races.replay(trace, scenario, check)")));
    }

    /**
     * The schedule replayed.
     *
     * <pre>{@code
     * r.schedule().trace()
     * }</pre>
     */
    public Schedule schedule() {
        return schedule;
    }

    /**
     * How many steps it has.
     *
     * <pre>{@code
     * r.size()
     * }</pre>
     */
    public int size() {
        return schedule.steps().size();
    }

    /**
     * The step shown now (0 for the first, -1 before any).
     *
     * <pre>{@code
     * r.position()
     * }</pre>
     */
    public int position() {
        return at;
    }

    /**
     * Goes one step on and shows it; at the end, shows the last step again.
     *
     * <pre>{@code
     * r.step()
     * }</pre>
     */
    public synchronized ReplayFrame step() {
        return step(1);
    }

    /**
     * Goes {@code n} steps on (back, if negative) and shows where it is.
     *
     * <pre>{@code
     * r.step(-2)
     * }</pre>
     */
    public synchronized ReplayFrame step(int n) {
        return at(at + n);
    }

    /**
     * Goes one step back and shows it.
     *
     * <pre>{@code
     * r.back()
     * }</pre>
     */
    public synchronized ReplayFrame back() {
        return step(-1);
    }

    /**
     * Goes to step {@code index} (0 for the first; clamped to the schedule) and shows it.
     *
     * <pre>{@code
     * r.at(0)
     * }</pre>
     */
    public synchronized ReplayFrame at(int index) {
        at = Math.max(-1, Math.min(size() - 1, index));
        return new ReplayFrame(schedule, at);
    }

    /**
     * Goes to the step whose choice made the schedule fail (if one was found) and shows it.
     *
     * <pre>{@code
     * r.toCritical()
     * }</pre>
     */
    public synchronized ReplayFrame toCritical() {
        if (schedule.critical() < 0) throw new IllegalStateException("no step of this schedule is marked as the one that made it fail");
        return at(schedule.critical());
    }

    /**
     * Goes to the last step and shows it.
     *
     * <pre>{@code
     * r.toEnd()
     * }</pre>
     */
    public synchronized ReplayFrame toEnd() {
        return at(size() - 1);
    }

    /**
     * Where the replay is now.
     *
     * <pre>{@code
     * r.frame().caption()
     * }</pre>
     */
    public synchronized ReplayFrame frame() {
        return new ReplayFrame(schedule, at);
    }

    @Override
    public String text() {
        return frame().text();
    }

    @Override
    public MimeBundle toMimeBundle() {
        return frame().toMimeBundle();
    }
}
