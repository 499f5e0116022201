package loombook;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a scenario under a controlled scheduler, recorded step by step: who moved at each
 * step and what it did, what every process had in its mailbox after it, what was printed, and
 * whether the check passed. {@link Races#explore} returns the failing one it found;
 * {@link Races#replay} runs one again from its {@link #trace()}.
 *
 * <pre>{@code
 * Schedule s = Races.explore(twoClients, two).failure().orElseThrow();   // Races's example
 * s.trace();                     // "0 0 0 1 2 1 ...": paste it into Races.replay(...) in a later cell
 * s.steps().get(s.critical())    // the choice that made it fail
 * }</pre>
 *
 * <p>A step is what one process did from one operation that others could see (a send, a receive,
 * a spawn, an exit signal, a timer...) to the next, or a timer that fired. The processes are named
 * by descent: {@code 0} is the scenario's own process, {@code 1} and {@code 2} the first two it
 * spawned, {@code 1.1} the first that {@code 1} spawned; a timer by its process and number
 * ({@code 0t1}). These names, not the pids, make up the trace, so a trace replays in any later run.
 */
public final class Schedule {
    /**
     * One step.
     *
     * @param index its place, from 0
     * @param actor who moved: a process's name in the run ({@code "1.2"}) or a timer's ({@code "0t1"})
     * @param pid the process that moved, or null for a timer
     * @param action what it did, in words ("sends Get[...] to counter", "receives 1", "times out")
     * @param alternatives the other actors that could have moved instead (the choice there)
     * @param startNanos when it began (as {@link System#nanoTime()}; the trace events are timed the same way)
     * @param endNanos when it ended
     * @param mailboxes every live process's mailbox after the step, oldest message first
     * @param output what the processes printed during the step
     */
    public record Step(int index, String actor, Pid pid, String action, List<String> alternatives, long startNanos, long endNanos,
                       Map<Pid, List<Object>> mailboxes, String output) {}

    private final String trace;
    private final List<Step> steps;
    private final List<TraceEvent> events;
    private final Map<Pid, String> names;
    private final Pid root;
    private final Object value;
    private final String failure;
    private final String output;
    private int critical = -1;
    private String criticalNote;

    Schedule(String trace, List<Step> steps, List<TraceEvent> events, Map<Pid, String> names, Pid root, Object value,
             String failure, String output) {
        this.trace = trace;
        this.steps = List.copyOf(steps);
        this.events = List.copyOf(events);
        this.names = names;
        this.root = root;
        this.value = value;
        this.failure = failure;
        this.output = output;
    }

    /** A recorded run, read from its controller (before it is released). */
    static Schedule of(Controller run, String failure) {
        Map<Pid, String> names = new LinkedHashMap<>();
        Map<String, Integer> uses = new java.util.HashMap<>();
        for (Controlled c : run.procs) uses.merge(c.displayName(), 1, Integer::sum);
        for (Controlled c : run.procs) {
            String n = c.displayName();
            names.put(c.proc.pid, uses.get(n) > 1 ? n + " " + c.name : n);      // two "client"s: "client 1", "client 2"
        }
        byte[] out = run.output.bytes();
        List<Step> steps = new ArrayList<>();
        List<String> trace = new ArrayList<>();
        int outputAt = 0;
        for (Controller.StepRecord s : run.steps) {
            trace.add(s.actorName);
            List<String> alternatives = new ArrayList<>();
            for (int a : s.enabled) if (a != s.actor) alternatives.add(run.actorName(a));
            int end = Math.min(out.length, Math.max(outputAt, s.outputEnd));
            String printed = new String(out, outputAt, end - outputAt, StandardCharsets.UTF_8);
            outputAt = end;
            steps.add(new Step(s.index, s.actorName, s.process == null ? null : s.process.proc.pid, action(run, s, names),
                    List.copyOf(alternatives), s.startNanos, s.endNanos,
                    s.mailboxes == null ? Map.of() : unmodifiable(s.mailboxes), printed));
        }
        return new Schedule(String.join(" ", trace), steps, run.events, names, run.root.proc.pid, run.value, failure,
                new String(out, StandardCharsets.UTF_8));
    }

    private static Map<Pid, List<Object>> unmodifiable(Map<Pid, List<Object>> boxes) {
        Map<Pid, List<Object>> m = new LinkedHashMap<>();
        boxes.forEach((p, l) -> m.put(p, java.util.Collections.unmodifiableList(l)));
        return java.util.Collections.unmodifiableMap(m);
    }

    private static String action(Controller run, Controller.StepRecord s, Map<Pid, String> names) {
        List<TraceEvent> during = new ArrayList<>();
        for (TraceEvent e : run.events) if (e.nanos() >= s.startNanos && e.nanos() <= s.endNanos) during.add(e);
        Pid me = s.process == null ? null : s.process.proc.pid;
        String received = null;
        String ended = null;
        for (TraceEvent e : during) {
            if (e instanceof TraceEvent.Received r && r.by().equals(me) && received == null) received = Races.show(r.message());
            if (e instanceof TraceEvent.Exited x && x.pid().equals(me)) ended = Races.show(x.reason());
        }
        String target = s.target == null ? "?" : name(names, s.target.pid);
        boolean tellsReceive = true;
        String what = switch (s.kind) {
            case Controlled.Op.START -> "starts";
            case Controlled.Op.SPAWN -> {
                String child = null;
                for (TraceEvent e : during) if (e instanceof TraceEvent.Spawned sp && child == null) child = name(names, sp.child());
                yield "spawns " + (child == null ? "a process" : child);
            }
            case Controlled.Op.SEND -> "sends " + Races.show(s.detail) + " to " + target;
            case Controlled.Op.RECEIVE -> {
                tellsReceive = false;
                yield received != null ? "polls its mailbox: receives " + received : "polls its mailbox: nothing to take";
            }
            case Controller.StepRecord.WAKE_MESSAGE -> {
                tellsReceive = false;
                yield received != null ? "a message came: receives " + received : "a message came, not one it takes";
            }
            case Controller.StepRecord.WAKE_TIMEOUT -> "times out in receive";
            case Controller.StepRecord.WAKE_SLEEP -> "wakes up from sleep";
            case Controller.StepRecord.TIMER_FIRED -> "timer " + s.actorName + " fires: " + Races.show(s.timer.message)
                    + (during.isEmpty() ? " (its receiver is gone)" : " to " + firstReceiver(during, names));
            case Controlled.Op.EXIT -> "sends an exit signal to " + target;
            case Controlled.Op.LINK -> "links to " + target;
            case Controlled.Op.UNLINK -> "unlinks from " + target;
            case Controlled.Op.MONITOR -> "monitors " + target;
            case Controlled.Op.DEMONITOR -> "demonitors";
            case Controlled.Op.TRAP_EXIT -> "sets trapExit";
            case Controlled.Op.REGISTER -> "registers " + target + " as '" + s.detail + "'";
            case Controlled.Op.UNREGISTER -> "unregisters '" + s.detail + "'";
            case Controlled.Op.WHEREIS -> "looks up '" + s.detail + "'";
            case Controlled.Op.REGISTERED -> "lists the registered names";
            case Controlled.Op.TIMER -> "starts a timer for " + Races.show(s.detail);
            case Controlled.Op.CANCEL_TIMER -> "cancels a timer";
            case Controlled.Op.READ_TIMER -> "reads a timer";
            case Controlled.Op.READ -> "reads " + Races.show(s.detail);
            case Controlled.Op.WRITE -> "changes " + Races.show(s.detail);
            case Controlled.Op.SETTLE -> "every other process has stopped: runs the check";
            case Controlled.Op.END -> "ends" + (ended == null ? "" : ": " + ended);
            default -> "step";
        };
        if (tellsReceive && received != null) what += ", receives " + received;
        if (s.waitsAfter == 1) what += ", waits for a message";
        else if (s.waitsAfter == 2) what += ", sleeps";
        return what;
    }

    private static String firstReceiver(List<TraceEvent> during, Map<Pid, String> names) {
        for (TraceEvent e : during) if (e instanceof TraceEvent.Sent s) return name(names, s.to());
        return "?";
    }

    private static String name(Map<Pid, String> names, Pid pid) {
        String n = names.get(pid);
        return n != null ? n : pid.toString();
    }

    void markCritical(int step, String note) {
        critical = step;
        criticalNote = note;
    }

    // ---------------------------------------------------------------- reading it

    /**
     * The schedule as text: the actor of each step, separated by spaces. {@link Races#replay}
     * runs the same scenario on it again, in this cell or a later one.
     *
     * <pre>{@code
     * String trace = found.failure().get().trace();
     * Races.replay(trace, twoClients, two).failed()    // true
     * }</pre>
     */
    public String trace() {
        return trace;
    }

    /**
     * The steps, in order.
     *
     * <pre>{@code
     * found.failure().get().steps().get(0).action()
     * }</pre>
     */
    public List<Step> steps() {
        return steps;
    }

    /**
     * The processes' trace events (spawns, sends, receives, exit signals, exits) in the order they happened.
     *
     * <pre>{@code
     * found.failure().get().events().size()
     * }</pre>
     */
    public List<TraceEvent> events() {
        return events;
    }

    /**
     * How each process of the run is called: its registered name or label, else "process 1.2"; "scenario" for its own.
     *
     * <pre>{@code
     * found.failure().get().names()
     * }</pre>
     */
    public Map<Pid, String> names() {
        return names;
    }

    /**
     * The scenario's own process.
     *
     * <pre>{@code
     * found.failure().get().root()
     * }</pre>
     */
    public Pid root() {
        return root;
    }

    /**
     * What the scenario returned (null if it did not return).
     *
     * <pre>{@code
     * found.failure().get().value()
     * }</pre>
     */
    public Object value() {
        return value;
    }

    /**
     * Whether this run failed.
     *
     * <pre>{@code
     * found.failure().get().failed()
     * }</pre>
     */
    public boolean failed() {
        return failure != null;
    }

    /**
     * What went wrong, in words, if it failed.
     *
     * <pre>{@code
     * found.failure().get().failure()
     * }</pre>
     */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Everything the processes printed (output and crash reports), in order.
     *
     * <pre>{@code
     * found.failure().get().output()
     * }</pre>
     */
    public String output() {
        return output;
    }

    /**
     * The step where the run's choice made it fail, or -1 if none was found: the latest step such
     * that letting another actor move there instead (and keeping the rest of the schedule as far as
     * it goes) makes the check pass.
     *
     * <pre>{@code
     * found.failure().get().critical()
     * }</pre>
     */
    public int critical() {
        return critical;
    }

    /**
     * What happened at the {@link #critical()} step and what would have passed, in words (null if none).
     *
     * <pre>{@code
     * found.failure().get().criticalNote()
     * }</pre>
     */
    public String criticalNote() {
        return criticalNote;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(failure == null ? "A passing schedule" : "A failing schedule: " + failure).append('\n');
        for (Step s : steps) {
            sb.append(String.format("%4d  %-10s %s%s%n", s.index() + 1, s.actor(), s.action(),
                    s.index() == critical ? "   <-- " + criticalNote : ""));
        }
        sb.append("replay: Races.replay(\"").append(trace).append("\", scenario, check)");
        return sb.toString();
    }

    /** The steps' actors, for a replay. */
    List<String> actors() {
        return Arrays.asList(trace.isEmpty() ? new String[0] : trace.split(" "));
    }
}
