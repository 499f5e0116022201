package loombook.kernel.visual;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import loombook.Pid;
import loombook.TraceEvent;

/**
 * Trace events in, a {@link SequenceDiagram} out.
 *
 * <p>Scope: the root process, then every process it spawns, sends to or receives from, and so on
 * (a process joins at the first event that links it to one already in). Events are taken in time
 * order, except that a receive always comes after its send (a tracer may hear of a receive before
 * the send's own trace point has run), and a message sent before the trace, or before its sender
 * joined, is drawn at its receive. A receive is matched to its send by the message's identity,
 * oldest first.
 */
final class SequenceBuilder {
    static final int MAX_ROWS = 150;
    static final int MAX_PARTICIPANTS = 14;

    private final Pid root;
    private final Map<Pid, String> names;
    private final int maxRows;
    private final int maxParticipants;
    private final java.util.function.BiFunction<Pid, Object, String> fate;

    private final List<Pid> pids = new ArrayList<>();
    private final Map<Pid, Integer> index = new HashMap<>();
    private final Map<Pid, Integer> created = new HashMap<>();
    private final Map<Pid, Integer> ended = new HashMap<>();
    private final Set<Pid> refused = new HashSet<>();
    private final List<Object> steps = new ArrayList<>();     // SequenceDiagram steps, or MessageDraft
    private int rows;
    private int omitted;
    /** The time of the event that made each row. */
    private final List<Long> rowNanos = new ArrayList<>();
    private long eventNanos;

    /** A message whose receive row is not known yet. */
    private static final class MessageDraft {
        SequenceDiagram.Kind kind;
        int from, to, sendRow, receiveRow = -1;
        String label, origin;
        Pid toPid;
        Object message;
    }

    SequenceBuilder(Pid root, Map<Pid, String> names, int maxRows, int maxParticipants, java.util.function.BiFunction<Pid, Object, String> fate) {
        this.fate = fate;
        this.root = root;
        this.names = names == null ? Map.of() : names;
        this.maxRows = maxRows;
        this.maxParticipants = maxParticipants;
    }

    private List<TraceEvent> events;
    private boolean[] done;
    private MessageDraft[] drafts;
    private Map<Pid, IdentityHashMap<Object, ArrayDeque<Integer>>> unreceived;

    SequenceDiagram build(List<? extends TraceEvent> input) {
        events = new ArrayList<>(input);
        events.sort(Comparator.comparingLong(TraceEvent::nanos));     // stable: ties keep the tracer's order
        int n = events.size();
        if (root != null) join(root, -1);

        // the sends not yet received, by receiver and message identity, oldest first
        unreceived = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (events.get(i) instanceof TraceEvent.Sent s) {
                unreceived.computeIfAbsent(s.to(), k -> new IdentityHashMap<>()).computeIfAbsent(s.message(), k -> new ArrayDeque<>()).add(i);
            }
        }
        done = new boolean[n];
        drafts = new MessageDraft[n];
        for (int i = 0; i < n; i++) handle(i);

        List<SequenceDiagram.Participant> participants = new ArrayList<>();
        for (int i = 0; i < pids.size(); i++) {
            Pid p = pids.get(i);
            participants.add(new SequenceDiagram.Participant(p, names.get(p), p.equals(root),
                    created.getOrDefault(p, -1), ended.getOrDefault(p, -1)));
        }
        List<SequenceDiagram.Step> out = new ArrayList<>();
        for (Object s : steps) {
            if (s instanceof MessageDraft d) {
                String f = null;
                if (d.receiveRow < 0) {
                    f = fate == null ? null : fate.apply(d.toPid, d.message);
                    if (f == null) f = SequenceDiagram.Message.NOT_RECEIVED;
                }
                out.add(new SequenceDiagram.Message(d.kind, d.from, d.to, d.label, d.sendRow, d.receiveRow, d.origin, f));
            } else {
                out.add((SequenceDiagram.Step) s);
            }
        }
        long[] times = new long[rowNanos.size()];
        for (int i = 0; i < times.length; i++) times[i] = rowNanos.get(i);
        return new SequenceDiagram(participants, out, rows, omitted, refused.size(), List.of()).rowTimes(times);
    }

    // ------------------------------------------------------------------ events

    /** Takes event {@code i} into the diagram, unless it already is. */
    private void handle(int i) {
        if (done[i]) return;
        done[i] = true;
        eventNanos = events.get(i).nanos();
        switch (events.get(i)) {
            case TraceEvent.Spawned s -> spawned(s);
            case TraceEvent.Sent s -> drafts[i] = sent(s);
            case TraceEvent.Received r -> {
                var byMessage = unreceived.get(r.by());
                ArrayDeque<Integer> q = byMessage == null ? null : byMessage.get(r.message());
                Integer j = q == null ? null : q.poll();
                if (j != null && !done[j]) {
                    // heard of the receive first: the send goes before it, and so does what its
                    // sender did before sending (a DOWN comes after the exit that sent it)
                    Pid sender = actor(events.get(j));
                    for (int k = i + 1; k < j; k++) if (!done[k] && sender != null && sender.equals(actor(events.get(k)))) handle(k);
                    handle(j);
                    eventNanos = r.nanos();
                }
                received(r, j == null ? null : (TraceEvent.Sent) events.get(j), j == null ? null : drafts[j]);
            }
            case TraceEvent.ExitSignal x -> signal(x);
            case TraceEvent.Exited x -> exited(x);
        }
    }

    /** The process an event is about: the one whose timeline it is on. */
    private static Pid actor(TraceEvent e) {
        return switch (e) {
            case TraceEvent.Spawned s -> s.parent();
            case TraceEvent.Sent s -> s.from();
            case TraceEvent.Received r -> r.by();
            case TraceEvent.ExitSignal x -> x.to();
            case TraceEvent.Exited x -> x.pid();
        };
    }

    private void spawned(TraceEvent.Spawned s) {
        boolean parentIn = s.parent() != null && index.containsKey(s.parent());
        if (!(parentIn || root == null)) return;
        if (!room(1, s.child(), s.parent())) return;
        int row = newRow();
        int child = join(s.child(), row);
        if (s.parent() != null && !index.containsKey(s.parent())) join(s.parent(), -1);
        steps.add(new SequenceDiagram.Spawn(s.parent() == null ? -1 : index.get(s.parent()), child, row));
    }

    private MessageDraft sent(TraceEvent.Sent s) {
        boolean in = root == null || index.containsKey(s.to()) || (s.from() != null && index.containsKey(s.from()));
        if (!in) return null;
        if (!room(1, s.from(), s.to())) return null;
        MessageDraft d = new MessageDraft();
        d.kind = Messages.kind(s.message());
        d.label = Messages.label(s.message());
        d.from = s.from() == null ? -1 : join(s.from(), -1);
        d.to = join(s.to(), -1);
        d.toPid = s.to();
        d.message = s.message();
        d.origin = s.from() == null ? "timer" : null;
        d.sendRow = newRow();
        steps.add(d);
        return d;
    }

    private void received(TraceEvent.Received r, TraceEvent.Sent send, MessageDraft draft) {
        if (draft != null) {
            if (rows >= maxRows && draft.sendRow != rows - 1) {
                omitted++;
                draft.receiveRow = -1;
                return;
            }
            draft.receiveRow = draft.sendRow == rows - 1 ? draft.sendRow : newRow();
            return;
        }
        if (!(root == null || index.containsKey(r.by()))) return;
        // sent before the trace began, or before either end was in scope: drawn where it is received
        Pid from = send == null ? null : send.from();
        if (!room(1, from, r.by())) return;
        MessageDraft d = new MessageDraft();
        d.kind = Messages.kind(r.message());
        d.label = Messages.label(r.message());
        d.from = from == null ? -1 : join(from, -1);
        d.to = join(r.by(), -1);
        d.origin = from == null ? (send == null ? "before the trace" : "timer") : null;
        d.sendRow = d.receiveRow = newRow();
        steps.add(d);
    }

    private void signal(TraceEvent.ExitSignal x) {
        boolean in = root == null || index.containsKey(x.to()) || (x.from() != null && index.containsKey(x.from()));
        if (!in) return;
        if (!room(1, x.from(), x.to())) return;
        int from = x.from() == null ? -1 : join(x.from(), -1);
        int to = join(x.to(), -1);
        steps.add(new SequenceDiagram.Signal(from, to, Messages.reason(x.reason()), newRow()));
    }

    private void exited(TraceEvent.Exited x) {
        if (!index.containsKey(x.pid())) {
            if (root != null) return;
            if (!room(1, x.pid())) return;
            join(x.pid(), -1);
        } else if (!room(1)) {
            return;
        }
        int row = newRow();
        ended.put(x.pid(), row);
        steps.add(new SequenceDiagram.Exit(index.get(x.pid()), Messages.reason(x.reason()),
                !Messages.normal(x.reason()), x.reason() instanceof Throwable, row));
    }

    // ------------------------------------------------------------------ limits and columns

    /**
     * Whether a step with these processes fits: a row is left and each process has a column or can
     * get one. Counts the event as left out if not.
     */
    private boolean room(int rowsNeeded, Pid... who) {
        if (rows + rowsNeeded > maxRows) {
            omitted++;
            return false;
        }
        int fresh = 0;
        for (Pid p : who) if (p != null && !index.containsKey(p)) fresh++;
        if (pids.size() + fresh > maxParticipants) {
            for (Pid p : who) if (p != null && !index.containsKey(p)) refused.add(p);
            omitted++;
            return false;
        }
        return true;
    }

    private int join(Pid p, int createdRow) {
        Integer i = index.get(p);
        if (i != null) return i;
        index.put(p, pids.size());
        pids.add(p);
        if (createdRow >= 0) created.put(p, createdRow);
        return pids.size() - 1;
    }

    private int newRow() {
        rowNanos.add(eventNanos);
        return rows++;
    }
}
