package loombook.kernel.visual;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessInfo;
import loombook.TraceEvent;
import loombook.Tracer;

/**
 * A running trace: it records what processes do (spawns, sends, receives, exit signals, exits)
 * from {@link #start()} until {@link #stop()}, which turns it into a {@link SequenceDiagram}.
 * {@link Visuals#trace(Runnable)} does both around a block; this class is for traces that span
 * several cells.
 *
 * <pre>{@code
 * var t = Trace.start();          // in one cell
 * // ... later cells send, call, spawn ...
 * t.stop()                        // the diagram of all of it
 * }</pre>
 *
 * <p>Tracing costs a little for every message in the whole runtime while it runs (one record per
 * event); with no trace running the runtime's trace points cost one field read. A trace keeps at
 * most {@value #MAX_EVENTS} events, and the diagram draws at most 150 steps and 14 processes, and
 * says what it left out.
 */
public final class Trace implements AutoCloseable {
    /** The most events one trace keeps. */
    public static final int MAX_EVENTS = 100_000;
    /** Pids of the visual tools' own helper processes, which traces leave out. */
    static final Set<Pid> INTERNAL = ConcurrentHashMap.newKeySet();

    private final Pid root;
    private final ConcurrentLinkedQueue<TraceEvent> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final Map<Pid, Boolean> seen = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Pid> fresh = new ConcurrentLinkedQueue<>();
    private final Map<Pid, String> names = new ConcurrentHashMap<>();
    private final Map<Pid, Integer> attempts = new ConcurrentHashMap<>();
    /** Messages to or from the visual tools' helpers: their receives are left out too. */
    private final Set<Object> internalMessages = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final Tracer tracer = this::event;
    private final Thread namer;
    private volatile boolean running = true;
    private SequenceDiagram result;

    private Trace(Pid root) {
        this.root = root;
        TraceHub.add(tracer);
        namer = Thread.ofVirtual().name("loombook-trace-names").start(this::nameLoop);
    }

    /**
     * Starts tracing from the calling process (in a cell, the notebook's): the diagram shows it and
     * the processes it touches. Outside a process, it shows every process.
     */
    public static Trace start() {
        Pid self;
        try {
            self = Process.self();
        } catch (IllegalStateException e) {
            self = null;
        }
        return new Trace(self);
    }

    /** Starts tracing from {@code root}; with null, every process is shown. */
    public static Trace start(Pid root) {
        return new Trace(root);
    }

    /**
     * Whether {@code pid} is a helper process of the visual tools (a live table or tree asks servers
     * for their state through one): process tables and traces leave these out.
     */
    public static boolean isInternal(Pid pid) {
        return pid != null && INTERNAL.contains(pid);
    }

    /** Whether it still records. */
    public boolean running() {
        return running;
    }

    /** How many events it has recorded so far. */
    public int events() {
        return count.get();
    }

    /**
     * Stops recording, after a moment for what is still on its way (until 30 ms pass without an
     * event, at most 300 ms), and returns the diagram. Calling it again returns the same diagram.
     */
    public synchronized SequenceDiagram stop() {
        return stop(300);
    }

    /** As {@link #stop()}, waiting at most {@code lingerMillis} for the last events (0: stop at once). */
    public synchronized SequenceDiagram stop(long lingerMillis) {
        if (result != null) return result;
        linger(lingerMillis);
        running = false;
        TraceHub.remove(tracer);
        namer.interrupt();
        nameAll(List.copyOf(seen.keySet()));
        List<TraceEvent> list = new ArrayList<>(events);
        list.removeIf(e -> e instanceof TraceEvent.Spawned s && internal(s.child()));    // a helper started as the trace began
        Map<Pid, String> n = new HashMap<>(names);
        Map<Pid, ProcessInfo> now = new HashMap<>();
        SequenceDiagram d = SequenceDiagram.of(list, root, n, (to, message) -> fate(now.computeIfAbsent(to, Process::info), message));
        if (dropped.get() > 0) d.note(String.format("The trace kept its first %,d events and dropped %,d.", MAX_EVENTS, dropped.get()));
        result = d;
        return d;
    }

    /** What became of a message not received, from its receiver as it is now (null: dead). */
    private static String fate(ProcessInfo receiver, Object message) {
        if (receiver == null) return SequenceDiagram.Message.RECEIVER_ENDED;
        for (Object m : receiver.messages()) if (m == message) return SequenceDiagram.Message.IN_MAILBOX;
        if (receiver.messageQueueLength() > receiver.messages().size()) return SequenceDiagram.Message.NOT_RECEIVED;    // too long to look through
        return SequenceDiagram.Message.FLUSHED;
    }

    /** Stops it (see {@link #stop()}), for try-with-resources. */
    @Override
    public void close() {
        stop(0);
    }

    private void linger(long maxMillis) {
        if (maxMillis <= 0) return;
        long end = System.nanoTime() + maxMillis * 1_000_000L;
        int last = count.get();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(10);       // not Process.sleep: the calling process may be dying
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();     // an interrupted cell: stop waiting, keep the flag
                return;
            }
            int now = count.get();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= 30_000_000L) {
                return;
            }
        }
    }

    // ------------------------------------------------------------------ recording

    private void event(TraceEvent e) {
        if (!running) return;
        switch (e) {
            case TraceEvent.Spawned s -> {
                if (internal(s.parent())) return;
                saw(s.parent());
                saw(s.child());
            }
            case TraceEvent.Sent s -> {
                if (internal(s.from()) || internal(s.to())) {
                    synchronized (internalMessages) {
                        internalMessages.add(s.message());
                    }
                    return;
                }
                saw(s.from());
                saw(s.to());
                nameOwn(s.from());
            }
            case TraceEvent.Received r -> {
                if (internal(r.by())) return;
                if (!internalMessages.isEmpty()) {
                    synchronized (internalMessages) {
                        if (internalMessages.remove(r.message())) return;   // a helper's request to a server
                    }
                }
                saw(r.by());
                nameOwn(r.by());
            }
            case TraceEvent.ExitSignal x -> {
                if (internal(x.from()) || internal(x.to())) return;
                saw(x.from());
                saw(x.to());
            }
            case TraceEvent.Exited x -> {
                if (internal(x.pid())) return;
                saw(x.pid());
            }
        }
        if (count.incrementAndGet() > MAX_EVENTS) {
            count.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        events.add(e);
    }

    private static boolean internal(Pid p) {
        return p != null && !INTERNAL.isEmpty() && INTERNAL.contains(p);
    }

    private void saw(Pid p) {
        if (p != null && seen.putIfAbsent(p, Boolean.TRUE) == null) fresh.add(p);
    }

    // ------------------------------------------------------------------ names

    /**
     * On the process's own thread, for its first few events: looks its name up at once (cheap, and
     * it may not live until the next look of {@link #nameLoop}).
     */
    private void nameOwn(Pid p) {
        if (p == null || names.containsKey(p)) return;
        if (attempts.merge(p, 1, Integer::sum) <= 4) nameAll(List.of(p));
    }

    /**
     * Looks up the names of the processes seen, while they are alive: a process that registers a
     * name and dies within the trace still shows its name.
     */
    private void nameLoop() {
        List<Pid> watch = new ArrayList<>();
        while (running) {
            Pid p;
            while ((p = fresh.poll()) != null) watch.add(p);
            if (watch.size() > 200) watch.subList(0, watch.size() - 200).clear();
            nameAll(watch);
            watch.removeIf(q -> !Process.alive(q));
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void nameAll(List<Pid> pids) {
        for (Pid p : pids) {
            ProcessInfo i = Process.info(p);
            if (i == null) continue;
            String name = i.registeredName() != null ? i.registeredName() : i.label() != null ? String.valueOf(i.label()) : null;
            if (name != null) names.put(p, name);
        }
    }
}
