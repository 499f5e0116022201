package loombook.otp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import loombook.Pid;
import loombook.Process;
import loombook.otp.Registry;
import loombook.otp.Registry.Entry;

/**
 * The data of one {@link Registry}: key to entries, and pid to keys (for cleanup). Lists are
 * immutable and replaced atomically per key, so readers never lock. Writers are the registering
 * processes themselves (for their own entries) and the registry process (for the dead).
 */
public final class RegistryTable {
    private static final ConcurrentHashMap<String, RegistryTable> TABLES = new ConcurrentHashMap<>();

    /** What a registry is started with. */
    public record Spec(String name, Registry.Keys keys) {}

    private final String name;
    private final Registry.Keys keys;
    private final Pid owner;
    private final ConcurrentHashMap<Object, List<Entry>> byKey = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Pid, List<Object>> byPid = new ConcurrentHashMap<>();

    RegistryTable(Spec spec, Pid owner) {
        this.name = spec.name();
        this.keys = spec.keys();
        this.owner = owner;
    }

    /** Publishes a new table for the calling registry process (which owns the name). */
    static RegistryTable create(Spec spec, Pid owner) {
        RegistryTable t = new RegistryTable(spec, owner);
        TABLES.put(spec.name(), t);
        return t;
    }

    void drop() {
        TABLES.remove(name, this);
    }

    /** The live registry named {@code name}, or a clear error. */
    public static RegistryTable get(String name, String function) {
        RegistryTable t = name == null ? null : TABLES.get(name);
        if (t == null || !Process.alive(t.owner)) {
            throw new IllegalArgumentException(function + ": there is no registry named '" + name + "'"
                    + (t == null ? "" : " any more (its process " + t.owner + " is dead)")
                    + "; start one first: Registry.start(Registry.UNIQUE, \"" + name + "\")");
        }
        return t;
    }

    /** The registry process. */
    public Pid owner() {
        return owner;
    }

    /** Unique or duplicate. */
    public Registry.Keys keys() {
        return keys;
    }

    /** Adds an entry, or throws AlreadyRegistered for a taken unique key. */
    public void register(Object key, Pid pid, Object value) {
        Entry entry = new Entry(pid, value);
        Pid[] holder = new Pid[1];
        byKey.compute(key, (k, list) -> {
            if (keys == Registry.Keys.DUPLICATE) return append(list, entry);
            if (list != null) {
                for (Entry e : list) {
                    if (Process.alive(e.pid())) {
                        holder[0] = e.pid();
                        return list;
                    }
                }
            }
            return List.of(entry);
        });
        if (holder[0] != null) throw new Registry.AlreadyRegistered(name, key, holder[0]);
        byPid.merge(pid, List.of(key), (a, b) -> a.contains(key) ? a : append(a, key));
    }

    /** Removes pid's entries under key; returns whether pid has no entries left at all. */
    public boolean unregister(Object key, Pid pid) {
        return unregisterMatch(key, pid, v -> true);
    }

    /** Removes pid's entries under key whose value matches; returns whether pid has no entries left. */
    public boolean unregisterMatch(Object key, Pid pid, Predicate<Object> value) {
        boolean[] left = new boolean[1];
        byKey.computeIfPresent(key, (k, list) -> {
            List<Entry> out = new ArrayList<>(list.size());
            for (Entry e : list) {
                if (e.pid().equals(pid) && value.test(e.value())) continue;
                if (e.pid().equals(pid)) left[0] = true;
                out.add(e);
            }
            return out.isEmpty() ? null : List.copyOf(out);
        });
        if (!left[0]) {
            byPid.computeIfPresent(pid, (p, ks) -> {
                List<Object> out = new ArrayList<>(ks);
                out.remove(key);
                return out.isEmpty() ? null : List.copyOf(out);
            });
        }
        return !byPid.containsKey(pid);
    }

    /** Removes every entry of a dead process. */
    public void removeAll(Pid pid) {
        List<Object> ks = byPid.remove(pid);
        if (ks == null) return;
        for (Object key : ks) {
            byKey.computeIfPresent(key, (k, list) -> {
                List<Entry> out = new ArrayList<>(list.size());
                for (Entry e : list) if (!e.pid().equals(pid)) out.add(e);
                return out.isEmpty() ? null : List.copyOf(out);
            });
        }
    }

    /** Sets the value of pid's entry under a unique key. */
    public Object updateValue(Object key, Pid pid, UnaryOperator<Object> update) {
        if (keys != Registry.Keys.UNIQUE) {
            throw new IllegalArgumentException("Registry.updateValue works on UNIQUE registries; '" + name + "' has DUPLICATE keys");
        }
        Object[] result = new Object[1];
        boolean[] found = new boolean[1];
        byKey.computeIfPresent(key, (k, list) -> {
            if (list.size() != 1 || !list.getFirst().pid().equals(pid)) return list;
            found[0] = true;
            result[0] = update.apply(list.getFirst().value());
            return List.of(new Entry(pid, result[0]));
        });
        if (!found[0]) {
            throw new IllegalArgumentException("Registry.updateValue: " + pid + " has not registered key " + key + " in '" + name + "'");
        }
        return result[0];
    }

    /** The live entries under key. */
    public List<Entry> lookup(Object key) {
        List<Entry> list = byKey.get(key);
        if (list == null) return List.of();
        for (Entry e : list) {
            if (!Process.alive(e.pid())) return live(list);
        }
        return list;
    }

    private static List<Entry> live(List<Entry> list) {
        List<Entry> out = new ArrayList<>(list.size());
        for (Entry e : list) if (Process.alive(e.pid())) out.add(e);
        return List.copyOf(out);
    }

    /** The keys pid holds. */
    public List<Object> keysOf(Pid pid) {
        List<Object> ks = byPid.get(pid);
        return ks == null || !Process.alive(pid) ? List.of() : ks;
    }

    /** The number of live entries. */
    public int count() {
        int n = 0;
        for (List<Entry> list : byKey.values()) {
            for (Entry e : list) if (Process.alive(e.pid())) n++;
        }
        return n;
    }

    private static <T> List<T> append(List<T> list, T item) {
        if (list == null) return List.of(item);
        List<T> out = new ArrayList<>(list.size() + 1);
        out.addAll(list);
        out.add(item);
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return "Registry[" + name + ", " + keys + ", " + count() + " entries]";
    }
}
