package loombook.otp.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import loombook.Down;
import loombook.GroupLeader;
import loombook.Pid;
import loombook.Process;
import loombook.Races;
import loombook.Ref;
import loombook.otp.Ets;

/**
 * Every {@link Ets} table of the node, by id and by name, and the keeper process: a system process
 * that monitors table owners and, when one dies, deletes its tables or hands them to their heirs
 * ({@link EtsTable#ownerDied}). The keeper starts on demand; if it is killed ({@code Node.restart}),
 * the next table starts a new one, which looks at every table first.
 */
public final class EtsTables {
    private static final ConcurrentHashMap<Ref, EtsTable> TABLES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, EtsTable> NAMED = new ConcurrentHashMap<>();
    /** Why recently gone tables went, so that a late access can say so (bounded). */
    private static final Map<Ref, String> GRAVEYARD = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Ref, String> eldest) {
                    return size() > 10_000;
                }
            });
    private static Pid keeper;

    private record Watch(Pid owner) {}

    private EtsTables() {}

    /** Creates a table owned by the calling process. */
    public static EtsTable create(String name, Ets.Type type, Ets.Access access, boolean named, Pid heir, Object heirData) {
        Pid owner = Calls.self("Ets.newTable");
        EtsTable t = new EtsTable(name, type, access, named, owner, heir, heirData);
        Races.access(t, true);
        if (named) {
            EtsTable old = NAMED.putIfAbsent(name, t);
            if (old != null && old.live()) {
                throw new IllegalArgumentException("Ets.newTable: a named table '" + name + "' already exists (owner "
                        + old.owner() + "); pick another name, delete that table, or drop NAMED_TABLE");
            }
            if (old != null) NAMED.put(name, t);
        }
        TABLES.put(t.id, t);
        watch(owner);
        return t;
    }

    /** The table with this id, checked for existence (and its owner for life). */
    public static EtsTable get(Ref id, String function) {
        EtsTable t = TABLES.get(id);
        if (t == null) {
            String why = GRAVEYARD.get(id);
            throw new IllegalArgumentException(function + ": " + (why != null ? why : "this table does not exist any more"));
        }
        return t.checkLive(function);
    }

    /** The named table, or null. */
    public static EtsTable named(String name) {
        EtsTable t = NAMED.get(name);
        return t != null && t.live() ? t : null;
    }

    /** All live tables. */
    public static List<EtsTable> all() {
        List<EtsTable> out = new ArrayList<>();
        for (EtsTable t : TABLES.values()) if (t.live()) out.add(t);
        return out;
    }

    /** A table is gone: forget it, remembering {@code why} for a late access. */
    static void forget(EtsTable t, String why) {
        GRAVEYARD.put(t.id, why);
        TABLES.remove(t.id, t);
        if (t.named) NAMED.remove(t.name, t);
    }

    /** Has the keeper watch {@code owner}, a process that owns a table. */
    static void watch(Pid owner) {
        Process.send(keeper(), new Watch(owner));
    }

    private static synchronized Pid keeper() {
        if (keeper != null && Process.alive(keeper)) return keeper;
        if (Races.controlled()) {
            // a system process: started from a thread of its own, so that it never belongs to a
            // scenario being explored (which would kill it at the end of the run)
            Pid[] started = new Pid[1];
            Thread t = Thread.ofVirtual().start(() -> started[0] = Process.spawn(EtsTables::keep));
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("interrupted while starting the Ets keeper");
            }
            keeper = started[0];
        } else {
            keeper = Process.spawn(EtsTables::keep);
        }
        Process.groupLeader(GroupLeader.system(), keeper);
        return keeper;
    }

    private static void keep() {
        Process.label("Ets keeper");
        Map<Pid, Ref> watched = new HashMap<>();
        for (EtsTable t : TABLES.values()) {
            Pid o = t.owner();
            if (!Process.alive(o)) t.ownerDied(o);
            else watched.computeIfAbsent(o, Process::monitor);
        }
        for (;;) {
            Object m = Process.receive();
            switch (m) {
                case Watch(Pid o) -> watched.computeIfAbsent(o, Process::monitor);
                case Down d -> {
                    watched.remove(d.pid());
                    Process.demonitor(d.ref());
                    for (EtsTable t : List.copyOf(TABLES.values())) t.ownerDied(d.pid());
                }
                default -> { }
            }
        }
    }
}
