package loombook.kernel.visual;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import loombook.Pid;
import loombook.TraceEvent;
import loombook.kernel.display.MimeBundle;

/**
 * A message sequence diagram: the processes a piece of code touched, one column each, and what
 * happened between them, one row per step, time flowing down. Make one with
 * {@link Visuals#trace(Runnable) trace(() -> ...)} or the {@code %%trace} cell magic; a cell that
 * ends with it shows it as SVG (with its Mermaid source and plain text beside it).
 *
 * <pre>{@code
 * var seq = trace(() -> {
 *     Pid echo = spawn(() -> { var m = (String) receive(); System.out.println(m); });
 *     send(echo, "hello");
 *     sleep(20);
 * });
 * seq.label(self(), "me");   // participants show their registered name, their label, or this
 * seq
 * }</pre>
 *
 * <p>How arrows read: a plain {@code send} is a solid line with an open head; a
 * {@code GenServer.call} a solid blue line with a filled head and its reply a dashed line back; a
 * cast purple; a monitor's DOWN orange and dotted; an EXIT (trapped, or a signal that kills) red.
 * An arrow that slants down was received later than it was sent (it waited in the mailbox); one
 * that ends in a small circle was never received while tracing. A green dashed arrow to a box is a
 * spawn; a cross ends a process (red for a crash), with its reason beside it.
 */
public final class SequenceDiagram extends Visual {
    /** What a message is, which decides how its arrow is drawn. */
    public enum Kind {
        /** A plain {@code send}. */
        SEND,
        /** A {@code GenServer.call} request (and other OTP calls). */
        CALL,
        /** The reply to a call, or a task's result. */
        REPLY,
        /** A {@code GenServer.cast}. */
        CAST,
        /** An OTP system message or handshake ({@code Sys}, a start acknowledgement, a call timeout). */
        SYSTEM,
        /** A monitor's DOWN message. */
        DOWN,
        /** An EXIT message (a linked process ended and the receiver traps exits). */
        EXIT
    }

    /**
     * One column.
     *
     * @param pid the process
     * @param name what the column is called: a label given to the diagram, the registered name or
     *     the process label, or null (the column then shows the pid only)
     * @param root whether this is the process that traced (the cell's)
     * @param createdRow the row of its spawn, or -1 if it existed before the trace
     * @param endedRow the row where it ended, or -1 if it did not end while traced
     */
    public record Participant(Pid pid, String name, boolean root, int createdRow, int endedRow) {
        /** The name, or the pid's short form {@code <0.42.0>}. */
        public String title() {
            return name != null ? name : shortPid(pid);
        }

        /** The same column with another name. */
        Participant named(String n) {
            return new Participant(pid, n, root, createdRow, endedRow);
        }
    }

    /** One thing that happened, at a row (or two, for a message received later). */
    public sealed interface Step permits Message, Spawn, Exit, Signal {
        /** The row it starts at. */
        int row();
    }

    /**
     * A message from one column to another.
     *
     * @param kind what it is
     * @param from the sender's column, or -1 for a timer or something that is not a process
     *     ({@code origin} says which)
     * @param to the receiver's column
     * @param label the message as shown on the arrow (with {@code call}, {@code reply},
     *     {@code cast}, {@code DOWN}, {@code EXIT} before it for those)
     * @param sendRow the row it was sent at
     * @param receiveRow the row it was taken out of the mailbox at (equal to {@code sendRow} when
     *     that was at once); -1 if it was not received while traced
     * @param origin for {@code from == -1}: {@code "timer"} or {@code "before the trace"}; else null
     * @param fate for a message not received: {@link #IN_MAILBOX}, {@link #FLUSHED},
     *     {@link #RECEIVER_ENDED} or {@link #NOT_RECEIVED} (not known which); null if received
     */
    public record Message(Kind kind, int from, int to, String label, int sendRow, int receiveRow, String origin, String fate) implements Step {
        /** Still in its receiver's mailbox when the trace ended. */
        public static final String IN_MAILBOX = "still in the mailbox";
        /** Gone from the mailbox without a receive: {@code flush()}, or a demonitor with flush. */
        public static final String FLUSHED = "flushed, never received";
        /** Its receiver ended without receiving it. */
        public static final String RECEIVER_ENDED = "its receiver ended first";
        /** Not received while traced. */
        public static final String NOT_RECEIVED = "not received";

        @Override
        public int row() {
            return sendRow;
        }

        /** Whether it was received while traced. */
        public boolean received() {
            return receiveRow >= 0;
        }
    }

    /**
     * A spawn.
     *
     * @param parent the spawning column (-1: not a process)
     * @param child the new column
     * @param row the row
     */
    public record Spawn(int parent, int child, int row) implements Step {}

    /**
     * A process ended.
     *
     * @param participant its column
     * @param reason the exit reason, short
     * @param abnormal whether the reason is abnormal (not normal, shutdown): linked processes die too
     * @param crashed whether it crashed: the reason is an exception it threw
     * @param row the row
     */
    public record Exit(int participant, String reason, boolean abnormal, boolean crashed, int row) implements Step {}

    /**
     * An exit signal that ended a process that did not trap exits: a linked process died, or
     * {@code exit(pid, reason)} was called.
     *
     * @param from the column that sent it (the process that died, or the caller of exit), -1 if not a process
     * @param to the column it ended
     * @param reason the signal's reason, short
     * @param row the row
     */
    public record Signal(int from, int to, String reason, int row) implements Step {}

    private final List<Participant> participants;
    /**
     * A band across rows {@code firstRow} to {@code lastRow} with a remark: the step a replay has
     * reached, or (with {@code alert}) the choice that made a schedule fail.
     *
     * @param firstRow the first row it covers
     * @param lastRow the last row it covers
     * @param text the remark, shown beside the band's flag and under the diagram
     * @param alert whether it marks a problem (orange) rather than a position (yellow)
     */
    public record Mark(int firstRow, int lastRow, String text, boolean alert) {}

    private final List<Step> steps;
    private final int rows;
    /** The time of the event that made each row (as its trace event has it). */
    private long[] rowTimes = new long[0];
    private final List<Mark> marks = new ArrayList<>();
    /** Lines shown in a box under some columns (a replay's mailboxes), by column. */
    private final Map<Integer, List<String>> footers = new LinkedHashMap<>();
    private String footerTitle;
    private final int omittedEvents;
    private final int omittedProcesses;
    private final List<String> notes;

    SequenceDiagram(List<Participant> participants, List<Step> steps, int rows, int omittedEvents, int omittedProcesses, List<String> notes) {
        this.participants = new ArrayList<>(participants);
        numberSameNames();
        this.steps = List.copyOf(steps);
        this.rows = rows;
        this.omittedEvents = omittedEvents;
        this.omittedProcesses = omittedProcesses;
        this.notes = new ArrayList<>(notes);
    }

    /**
     * Builds a diagram from trace events (as a {@link loombook.Tracer} got them): the processes
     * {@code root} touched, from its point of view. With a null root, every process in the events.
     * {@code names} gives columns their names (registered names, labels); others show their pid.
     *
     * <pre>{@code
     * var events = new java.util.concurrent.ConcurrentLinkedQueue<TraceEvent>();
     * Node.tracer(events::add);
     * // ... run something ...
     * Node.tracer(null);
     * SequenceDiagram.of(List.copyOf(events), self(), Map.of())
     * }</pre>
     */
    public static SequenceDiagram of(List<? extends TraceEvent> events, Pid root, Map<Pid, String> names) {
        return new SequenceBuilder(root, names, SequenceBuilder.MAX_ROWS, SequenceBuilder.MAX_PARTICIPANTS, null).build(events);
    }

    /** As {@link #of(List, Pid, Map)}, with {@code fate} telling what became of each message not received. */
    static SequenceDiagram of(List<? extends TraceEvent> events, Pid root, Map<Pid, String> names,
            java.util.function.BiFunction<Pid, Object, String> fate) {
        return new SequenceBuilder(root, names, SequenceBuilder.MAX_ROWS, SequenceBuilder.MAX_PARTICIPANTS, fate).build(events);
    }

    /** As {@link #of(List, Pid, Map)}, with limits on the rows and columns drawn (the rest is counted and said). */
    public static SequenceDiagram of(List<? extends TraceEvent> events, Pid root, Map<Pid, String> names, int maxRows, int maxProcesses) {
        if (maxRows < 1 || maxProcesses < 1) throw new IllegalArgumentException("the limits must be at least 1");
        return new SequenceBuilder(root, names, maxRows, maxProcesses, null).build(events);
    }

    /** Names the column of {@code pid} (if it has one) and returns this diagram. */
    public SequenceDiagram label(Pid pid, String name) {
        Objects.requireNonNull(pid, "pid");
        for (int i = 0; i < participants.size(); i++) {
            Participant p = participants.get(i);
            if (p.pid().equals(pid)) participants.set(i, new Participant(p.pid(), name, p.root(), p.createdRow(), p.endedRow()));
        }
        return this;
    }

    /** Columns that share a name (three {@code Task}s) become {@code Task 1}, {@code Task 2}... in order. */
    private void numberSameNames() {
        Map<String, Integer> count = new LinkedHashMap<>();
        for (Participant p : participants) if (p.name() != null) count.merge(p.name(), 1, Integer::sum);
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < participants.size(); i++) {
            Participant p = participants.get(i);
            if (p.name() != null && count.get(p.name()) > 1) {
                participants.set(i, p.named(p.name() + " " + seen.merge(p.name(), 1, Integer::sum)));
            }
        }
    }

    /** Names several columns at once; see {@link #label(Pid, String)}. */
    public SequenceDiagram labels(Map<Pid, String> names) {
        names.forEach(this::label);
        return this;
    }

    /** The columns, left to right. */
    public List<Participant> participants() {
        return List.copyOf(participants);
    }

    /** What happened, in order. */
    public List<Step> steps() {
        return steps;
    }

    /** The messages only, in order. */
    public List<Message> messages() {
        List<Message> out = new ArrayList<>();
        for (Step s : steps) if (s instanceof Message m) out.add(m);
        return out;
    }

    /** How many rows the diagram has. */
    public int rows() {
        return rows;
    }

    /** Events left out because the diagram reached its limit of rows or processes. */
    public int omittedEvents() {
        return omittedEvents;
    }

    /** Processes left out because the diagram reached its limit of columns. */
    public int omittedProcesses() {
        return omittedProcesses;
    }

    /** Remarks shown under the diagram (what was left out, an exception the traced code threw). */
    public List<String> notes() {
        List<String> out = new ArrayList<>();
        if (omittedEvents > 0) {
            out.add(String.format("Showing the first %,d steps: %,d more events left out%s.", rows, omittedEvents,
                    omittedProcesses > 0 ? String.format(" (and %,d more processes)", omittedProcesses) : ""));
        }
        out.addAll(notes);
        return out;
    }

    SequenceDiagram note(String note) {
        notes.add(note);
        return this;
    }

    SequenceDiagram rowTimes(long[] times) {
        this.rowTimes = times;
        return this;
    }

    /** The first and last row made by events timed from {@code from} to {@code to} (inclusive), or null if none. */
    int[] rowsBetween(long from, long to) {
        int first = -1, last = -1;
        for (int r = 0; r < rowTimes.length && r < rows; r++) {
            if (rowTimes[r] >= from && rowTimes[r] <= to) {
                if (first < 0) first = r;
                last = r;
            }
        }
        return first < 0 ? null : new int[] {first, last};
    }

    /**
     * Marks rows {@code firstRow} to {@code lastRow} with a band and a remark, and returns this
     * diagram.
     *
     * <pre>{@code
     * trace(() -> {
     *     Pid echo = spawn(() -> receive());
     *     send(echo, "hi");
     *     sleep(20);
     * }).mark(0, 1, "the spawn, then the message", false)
     * }</pre>
     */
    public SequenceDiagram mark(int firstRow, int lastRow, String text, boolean alert) {
        if (firstRow < 0 || lastRow < firstRow || lastRow >= rows) {
            throw new IllegalArgumentException("mark: rows " + firstRow + " to " + lastRow + " are not rows of this diagram (0 to " + (rows - 1) + ")");
        }
        marks.add(new Mark(firstRow, lastRow, java.util.Objects.requireNonNull(text, "text"), alert));
        return this;
    }

    /**
     * The marked rows.
     *
     * <pre>{@code
     * RaceDiagram.of(lostUpdate).diagram().marks()
     * }</pre>
     */
    public List<Mark> marks() {
        return List.copyOf(marks);
    }

    /** Shows {@code lines} in a box titled {@code title} under each column of these pids (a replay's mailboxes). */
    SequenceDiagram footers(String title, Map<Pid, List<String>> lines) {
        footerTitle = title;
        lines.forEach((pid, l) -> {
            int i = indexOf(pid);
            if (i >= 0) footers.put(i, List.copyOf(l));
        });
        return this;
    }

    /**
     * The boxes under the columns, by column index (empty if none): a replay's mailboxes.
     *
     * <pre>{@code
     * replay(lostUpdate).step(3).diagram().footers()
     * }</pre>
     */
    public Map<Integer, List<String>> footers() {
        return java.util.Collections.unmodifiableMap(footers);
    }

    /**
     * The title of the boxes under the columns, or null.
     *
     * <pre>{@code
     * replay(lostUpdate).step().diagram().footerTitle()     // "mailbox"
     * }</pre>
     */
    public String footerTitle() {
        return footerTitle;
    }

    /** The column index of {@code pid}, or -1. */
    public int indexOf(Pid pid) {
        for (int i = 0; i < participants.size(); i++) if (participants.get(i).pid().equals(pid)) return i;
        return -1;
    }

    // ------------------------------------------------------------------ renderings

    /** The diagram as a self-contained SVG document. */
    public String svg() {
        return SequenceSvg.render(this);
    }

    /** The diagram in Mermaid's {@code sequenceDiagram} syntax. */
    public String mermaid() {
        StringBuilder sb = new StringBuilder("sequenceDiagram\n");
        Map<Integer, Boolean> declared = new LinkedHashMap<>();
        for (int i = 0; i < participants.size(); i++) {
            Participant p = participants.get(i);
            if (p.createdRow() < 0) {
                sb.append("    participant P").append(i).append(" as ").append(mermaidText(p.title())).append('\n');
                declared.put(i, true);
            }
        }
        boolean timer = false;
        for (Step s : steps) if (s instanceof Message m && m.from() < 0) timer = true;
        if (timer) sb.append("    participant OUT as ").append(mermaidText("(timer or outside)")).append('\n');
        for (Step s : steps) {
            switch (s) {
                case Spawn sp -> {
                    Participant c = participants.get(sp.child());
                    if (!declared.containsKey(sp.child())) {
                        sb.append("    create participant P").append(sp.child()).append(" as ").append(mermaidText(c.title())).append('\n');
                        declared.put(sp.child(), true);
                    }
                    sb.append("    ").append(sp.parent() < 0 ? "OUT" : "P" + sp.parent()).append("-->>P").append(sp.child()).append(": spawn\n");
                }
                case Message m -> {
                    String arrow = switch (m.kind()) {
                        case CALL -> "->>";
                        case REPLY -> "-->>";
                        case CAST, SEND -> "-)";
                        case SYSTEM, DOWN, EXIT -> "--)";
                    };
                    String text = m.label() + (m.received() ? "" : " (" + m.fate() + ")");
                    sb.append("    ").append(m.from() < 0 ? "OUT" : "P" + m.from()).append(arrow).append('P').append(m.to())
                            .append(": ").append(mermaidText(Svg.shorten(text, 80))).append('\n');
                }
                case Signal g -> sb.append("    ").append(g.from() < 0 ? "OUT" : "P" + g.from()).append("--xP").append(g.to())
                        .append(": ").append(mermaidText("EXIT signal " + Svg.shorten(g.reason(), 60))).append('\n');
                case Exit e -> sb.append("    Note over P").append(e.participant()).append(": ")
                        .append(mermaidText((e.crashed() ? "crashed: " : "exit: ") + Svg.shorten(e.reason(), 60))).append('\n');
            }
        }
        for (String note : notes()) {
            if (!participants.isEmpty()) sb.append("    Note over P0: ").append(mermaidText(Svg.shorten(note, 100))).append('\n');
        }
        return sb.toString();
    }

    /** Text safe inside a Mermaid statement: the characters Mermaid gives meaning to, as its entity codes. */
    static String mermaidText(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '#' -> sb.append("#35;");
                case ';' -> sb.append("#59;");
                case '<' -> sb.append("#60;");
                case '>' -> sb.append("#62;");
                case '%' -> sb.append("#37;");
                case '\n', '\r', '\t' -> sb.append(' ');
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The diagram as numbered lines of text. */
    @Override
    public String text() {
        StringBuilder sb = new StringBuilder();
        int messages = 0;
        for (Step s : steps) if (s instanceof Message) messages++;
        sb.append("Message sequence: ").append(participants.size()).append(participants.size() == 1 ? " process, " : " processes, ")
                .append(messages).append(messages == 1 ? " message" : " messages").append('\n');
        int w = 4;
        for (Participant p : participants) w = Math.max(w, p.title().length());
        w = Math.min(w, 24);
        for (Participant p : participants) {
            sb.append("  ").append(pad(p.title(), w)).append("  ").append(p.pid()).append(p.root() ? "  (traced from here)" : "").append('\n');
        }
        List<String[]> lines = new ArrayList<>();     // {row, from, verb, to, text}
        for (Step s : steps) {
            switch (s) {
                case Spawn sp -> lines.add(new String[] {String.valueOf(sp.row()), sp.parent() < 0 ? "(outside)" : title(sp.parent()), "spawns", title(sp.child()), ""});
                case Message m -> {
                    String arrow = switch (m.kind()) {
                        case CALL -> "==>";
                        case REPLY -> "-.>";
                        case CAST -> "->>";
                        case SEND -> "-->";
                        case SYSTEM -> "..>";
                        case DOWN, EXIT -> "~~>";
                    };
                    boolean later = m.received() && m.receiveRow() != m.sendRow();
                    String when = !m.received() ? "   (" + m.fate() + ")" : later ? "   (received at " + (m.receiveRow() + 1) + ")" : "";
                    String from = m.from() < 0 ? "(" + m.origin() + ")" : title(m.from());
                    String label = Svg.shorten(m.label(), 100);
                    lines.add(new String[] {String.valueOf(m.sendRow()), from, arrow, title(m.to()), label + when});
                    if (later) lines.add(new String[] {String.valueOf(m.receiveRow()), title(m.to()), "takes", "", label + "   (sent at " + (m.sendRow() + 1) + ")"});
                }
                case Signal g -> lines.add(new String[] {String.valueOf(g.row()), g.from() < 0 ? "(outside)" : title(g.from()), "~~x", title(g.to()), "EXIT signal " + g.reason()});
                case Exit e -> lines.add(new String[] {String.valueOf(e.row()), title(e.participant()), e.crashed() ? "crashed" : "exited", "", e.reason()});
            }
        }
        lines.sort(java.util.Comparator.comparingInt(l -> Integer.parseInt(l[0])));
        for (String[] l : lines) {
            int row = Integer.parseInt(l[0]);
            for (Mark m : marks) if (m.firstRow() == row) sb.append(m.alert() ? "  >>> " : "  --> ").append(m.text()).append('\n');
            sb.append(String.format("%4d  %s %-7s %s  %s", row + 1, pad(l[1], w), l[2], pad(l[3], w), l[4]).stripTrailing()).append('\n');
        }
        if (!footers.isEmpty()) {
            sb.append(footerTitle == null ? "" : footerTitle + ":").append('\n');
            for (Map.Entry<Integer, List<String>> f : footers.entrySet()) {
                sb.append("  ").append(pad(title(f.getKey()), w)).append("  ").append(f.getValue().isEmpty() ? "(empty)" : String.join(", ", f.getValue())).append('\n');
            }
        }
        for (String note : notes()) sb.append("note: ").append(note).append('\n');
        return sb.toString().stripTrailing();
    }

    private String title(int i) {
        return participants.get(i).title();
    }

    private static String pad(String s, int w) {
        s = Svg.shorten(s, w);
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    @Override
    public MimeBundle toMimeBundle() {
        return diagram(text(), svg(), mermaid());
    }

    /** {@code <0.42.0>} for {@code #PID<0.42.0>}. */
    static String shortPid(Pid pid) {
        String s = pid.toString();
        return s.startsWith("#PID") ? s.substring(4) : s;
    }

    /** The pids of the columns. */
    public List<Pid> pids() {
        List<Pid> out = new ArrayList<>();
        for (Participant p : participants) out.add(p.pid());
        return out;
    }
}
