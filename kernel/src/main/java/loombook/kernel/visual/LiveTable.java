package loombook.kernel.visual;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessInfo;
import loombook.otp.GenServer;
import loombook.otp.Sys;

/**
 * A process table that refreshes itself in place (through a Jupyter display id) until it is
 * stopped or its time is up: what {@link Visuals#liveProcesses()} and {@code %processes --live}
 * show. It keeps refreshing after its cell has finished, so later cells can be watched through it;
 * when it stops it says so, and the last picture stays ({@link LiveView}: {@code refresh()},
 * {@code stop()}, {@code running()}).
 *
 * <pre>{@code
 * var live = liveProcesses();            // every second, for at most a minute
 * Agent<Integer> tally = Agent.start(() -> 0);
 * live.sortBy("mailbox").limit(10);      // the ten longest mailboxes first
 * live.state(tally.pid());               // show this server's state (Sys.getState)
 * live.stop();                           // (or later, from another cell)
 *
 * try (var t = liveProcesses(200, 60_000)) {   // while this cell works, five times a second
 *     sleep(1000);
 * }
 * }</pre>
 *
 * <p>A server's state is asked for only for the servers named with {@link #state}: asking a
 * plain process would leave a system message it does not understand in its mailbox.
 */
public final class LiveTable extends LiveView<LiveTable> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final long everyMillis;
    private final List<Object> stateOf = new CopyOnWriteArrayList<>();
    private volatile String sortBy = "pid";
    private volatile int limit = ProcessView.DEFAULT_LIMIT;
    private volatile Predicate<ProcessInfo> only = i -> true;
    private Map<Pid, Long> lastReductions;
    private long lastAt;
    private boolean filterFailed;

    LiveTable(long everyMillis, long forMillis) {
        super("liveProcesses", "live table", everyMillis, forMillis);
        this.everyMillis = everyMillis;
        show();
    }

    /** Orders the rows by pid (the default), mailbox, memory, reductions or name; refreshes. */
    public LiveTable sortBy(String key) {
        if (!ProcessView.SORT_KEYS.contains(key)) throw new IllegalArgumentException("sortBy: one of " + ProcessView.SORT_KEYS + ", not '" + key + "'");
        sortBy = key;
        return refresh();
    }

    /** Shows at most {@code rows} rows (40 by default); refreshes. */
    public LiveTable limit(int rows) {
        if (rows < 1) throw new IllegalArgumentException("limit: at least 1 row, not " + rows);
        limit = rows;
        return refresh();
    }

    /** Shows only the processes {@code filter} accepts; refreshes. */
    public LiveTable only(Predicate<ProcessInfo> filter) {
        only = Objects.requireNonNull(filter, "filter");
        return refresh();
    }

    /**
     * Shows the state of these servers (pids, registered names or via-names of GenServers,
     * state machines, Agents, supervisors) in the summary column, asked with
     * {@code Sys.getState} at each refresh; refreshes.
     */
    public LiveTable state(Object... servers) {
        stateOf.addAll(List.of(servers));
        return refresh();
    }

    /**
     * The table now. A filter given to {@link #only} that throws ends the view: its last picture
     * shows every process, and its header says what the filter threw.
     */
    @Override
    synchronized ProcessView picture(String ending) {
        List<ProcessInfo> infos = new ArrayList<>();
        Predicate<ProcessInfo> filter = ending != null && filterFailed ? i -> true : only;
        for (Pid p : Process.processes()) {
            if (Trace.INTERNAL.contains(p)) continue;
            ProcessInfo i = Process.info(p);
            if (i != null && accepts(filter, i)) infos.add(i);
        }
        long now = System.nanoTime();
        Map<Pid, String> states = states();
        ProcessView v = ProcessView.of(infos, sortBy, limit, lastReductions, lastAt == 0 ? 0 : (now - lastAt) / 1e9, states, header(ending));
        Map<Pid, Long> red = new HashMap<>();
        for (ProcessInfo i : infos) red.put(i.pid(), i.reductions());
        lastReductions = red;
        lastAt = now;
        return remember(v);
    }

    private boolean accepts(Predicate<ProcessInfo> filter, ProcessInfo info) {
        try {
            return filter.test(info);
        } catch (RuntimeException e) {
            filterFailed = true;
            throw new IllegalArgumentException("the filter given to only(...) threw " + e, e);
        }
    }

    private String header(String ending) {
        if (ending != null) return "Processes (" + ending + ")";
        String every = everyMillis % 1000 == 0 ? everyMillis / 1000 + " s" : everyMillis + " ms";
        LocalTime until = LocalTime.now().plusNanos(Math.max(0, deadline() - System.nanoTime()));
        return "Processes (live: every " + every + " until " + until.format(TIME) + ")";
    }

    private Map<Pid, String> states() {
        if (stateOf.isEmpty()) return Map.of();
        Map<Pid, String> out = new LinkedHashMap<>();
        for (Object server : stateOf) {
            try {
                helper.call(() -> {
                    Pid pid = GenServer.whereis(server);
                    if (pid != null) {
                        Object s = Sys.getState(pid, 200);
                        out.put(pid, Svg.shorten(Messages.value(s), 200));
                    }
                    return null;
                });
            } catch (Exception e) {
                // not a server, or busy: no state this time
            }
        }
        return out;
    }
}
