package loombook.otp.internal;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

import loombook.Pid;
import loombook.Process;
import loombook.Races;
import loombook.Ref;
import loombook.otp.Ets;

/**
 * The data of one {@link Ets} table, who may use it, and who owns it. Sets and bags are
 * {@link ConcurrentHashMap}s (a bag maps a key to an immutable list of values, replaced atomically),
 * ordered sets a {@link ConcurrentSkipListMap}: readers never lock and every single-object update
 * is atomic. A table belongs to a process; {@link EtsTables} (the registry of all tables and its
 * keeper process) deletes its tables (or hands them to their heir) when it dies, and every access
 * checks the owner too, so a dead owner's table is gone even if the keeper has not run yet.
 */
public final class EtsTable {
    /** The table's id (what an {@code Ets} handle holds). */
    public final Ref id;
    /** The name given to newTable. */
    public final String name;
    /** Set, ordered set, bag or duplicate bag. */
    public final Ets.Type type;
    /** Public, protected or private. */
    public final Ets.Access access;
    /** Whether it is registered under its name. */
    public final boolean named;
    private final ConcurrentMap<Object, Object> map;
    private volatile Pid owner;
    private volatile Pid heir;
    private volatile Object heirData;
    private volatile String gone;

    EtsTable(String name, Ets.Type type, Ets.Access access, boolean named, Pid owner, Pid heir, Object heirData) {
        this.id = Ref.make();
        this.name = name;
        this.type = type;
        this.access = access;
        this.named = named;
        this.owner = owner;
        this.heir = heir;
        this.heirData = heirData;
        this.map = type == Ets.Type.ORDERED_SET ? new ConcurrentSkipListMap<>() : new ConcurrentHashMap<>();
    }

    /** Whether the table still exists (checking that its owner is alive). */
    boolean live() {
        if (gone != null) return false;
        if (!Process.alive(owner)) ownerDied(owner);
        return gone == null;
    }

    /** This table, or an error for {@code function} if it no longer exists. */
    EtsTable checkLive(String function) {
        if (!live()) {
            throw new IllegalArgumentException(function + ": table " + label() + " does not exist any more: " + gone);
        }
        return this;
    }

    /** The owner died: hand the table to its heir, or delete it. Idempotent. */
    synchronized void ownerDied(Pid dead) {
        if (gone != null || !owner.equals(dead)) return;
        Pid h = heir;
        if (h != null && !h.equals(dead) && Process.alive(h)) {
            owner = h;
            heir = null;
            Object data = heirData;
            heirData = null;
            EtsTables.watch(h);
            Process.send(h, new Ets.Transfer(Ets.fromId(id), dead, data));
            return;
        }
        drop("its owner " + dead + " died" + (h == null ? "" : " and its heir " + h + " is not alive")
                + " (a table lives as long as the process that created it; give it a heir, or create it in a long-lived process)");
    }

    private synchronized void drop(String why) {
        if (gone != null) return;
        gone = why;
        EtsTables.forget(this, "table " + label() + " does not exist any more: " + why);
        map.clear();
    }

    // ---------------------------------------------------------------- access

    /** What an operation needs. */
    public enum Need {
        /** Reading: any process unless the table is private. */
        READ,
        /** Writing: any process if public, the owner otherwise. */
        WRITE,
        /** Only the owner, whatever the access (giveAway, setHeir). */
        OWNER
    }

    /** Checks that the calling process may do an operation that needs {@code need}. */
    public EtsTable check(Need need, String function) {
        Races.access(this, need != Need.READ);      // in a controlled run, another process may go first
        checkLive(function);
        if (need == Need.READ && access != Ets.Access.PRIVATE) return this;
        if (need == Need.WRITE && access == Ets.Access.PUBLIC) return this;
        Pid me = current();
        if (owner.equals(me)) return this;
        String who = me == null ? "a thread that is not a process (" + Thread.currentThread().getName() + ")" : String.valueOf(me);
        if (need == Need.OWNER) {
            throw new IllegalArgumentException(function + ": only the owner " + owner + " of table " + label() + " may do this, not " + who);
        }
        if (access == Ets.Access.PRIVATE) {
            throw new IllegalArgumentException(function + ": " + who + " cannot " + (need == Need.READ ? "read" : "write to")
                    + " table " + label() + ": it is PRIVATE to its owner " + owner + ". Only the owner may use a private "
                    + "table; create it PROTECTED (any process may read) or PUBLIC (any process may read and write)");
        }
        throw new IllegalArgumentException(function + ": " + who + " cannot write to table " + label() + ": it is PROTECTED, "
                + "so only its owner " + owner + " may write (any process may read). Create it PUBLIC to let every process "
                + "write, or ask the owner to do the write");
    }

    private static Pid current() {
        try {
            return Process.self();
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /** The owner now. */
    public Pid owner() {
        return owner;
    }

    /** The heir, or null. */
    public Pid heir() {
        return heir;
    }

    /** How the table is named in messages. */
    public String label() {
        return named || name != null ? "'" + name + "'" : id.toString();
    }

    // ---------------------------------------------------------------- ownership

    /** Makes {@code to} the owner and tells it. */
    public synchronized void giveAway(Pid to, Object data) {
        if (to == null || !Process.alive(to)) throw new IllegalArgumentException("Ets.giveAway: " + to + " is not alive");
        if (to.equals(owner)) throw new IllegalArgumentException("Ets.giveAway: " + to + " already owns table " + label());
        Pid from = owner;
        owner = to;
        EtsTables.watch(to);
        Process.send(to, new Ets.Transfer(Ets.fromId(id), from, data));
    }

    /** Sets or (with null) removes the heir. */
    public synchronized void setHeir(Pid h, Object data) {
        heir = h;
        heirData = h == null ? null : data;
    }

    /** Deletes the table. */
    public void delete() {
        drop("it was deleted with Ets.delete");
    }

    // ---------------------------------------------------------------- data

    private static <T> T nonNull(T x, String what) {
        return Objects.requireNonNull(x, () -> "Ets: " + what + " must not be null (use an empty record or Optional for \"nothing\")");
    }

    private void checkKey(Object key) {
        nonNull(key, "a key");
        if (type == Ets.Type.ORDERED_SET && !(key instanceof Comparable)) {
            throw new IllegalArgumentException("Ets: an ORDERED_SET keeps its keys sorted, so they must be Comparable "
                    + "(String, Integer, a record that implements Comparable...), and " + key.getClass().getSimpleName() + " is not");
        }
    }

    private <T> T ordered(java.util.function.Supplier<T> op) {
        try {
            return op.get();
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("Ets: the keys of ORDERED_SET table " + label() + " must all be comparable "
                    + "with each other (all Strings, all Integers...): " + e.getMessage(), e);
        }
    }

    private boolean bag() {
        return type == Ets.Type.BAG || type == Ets.Type.DUPLICATE_BAG;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> values(Object stored) {
        return (List<Object>) stored;
    }

    /** ets:insert/2 for one object. */
    public boolean insert(Object key, Object value) {
        checkKey(key);
        nonNull(value, "a value");
        if (!bag()) {
            ordered(() -> map.put(key, value));
            return true;
        }
        map.compute(key, (k, old) -> {
            if (old == null) return List.of(value);
            List<Object> vs = values(old);
            if (type == Ets.Type.BAG && vs.contains(value)) return old;
            List<Object> out = new ArrayList<>(vs.size() + 1);
            out.addAll(vs);
            out.add(value);
            return List.copyOf(out);
        });
        return true;
    }

    /** ets:insert_new/2. */
    public boolean insertNew(Object key, Object value) {
        checkKey(key);
        nonNull(value, "a value");
        Object stored = bag() ? List.of(value) : value;
        return ordered(() -> map.putIfAbsent(key, stored)) == null;
    }

    /** ets:lookup/2. */
    public List<Object> lookup(Object key) {
        nonNull(key, "a key");
        Object v = ordered(() -> map.get(key));
        if (v == null) return List.of();
        return bag() ? values(v) : List.of(v);
    }

    /** ets:member/2. */
    public boolean member(Object key) {
        nonNull(key, "a key");
        return ordered(() -> map.containsKey(key));
    }

    /** ets:take/2. */
    public List<Object> take(Object key) {
        nonNull(key, "a key");
        Object v = ordered(() -> map.remove(key));
        if (v == null) return List.of();
        return bag() ? values(v) : List.of(v);
    }

    /** ets:delete/2. */
    public void delete(Object key) {
        nonNull(key, "a key");
        ordered(() -> map.remove(key));
    }

    /** ets:delete_object/2. */
    public void deleteObject(Object key, Object value) {
        nonNull(key, "a key");
        if (!bag()) {
            ordered(() -> map.remove(key, value));
            return;
        }
        map.computeIfPresent(key, (k, old) -> {
            List<Object> out = new ArrayList<>(values(old));
            out.removeIf(v -> v.equals(value));
            return out.isEmpty() ? null : List.copyOf(out);
        });
    }

    /** ets:delete_all_objects/1. */
    public void deleteAllObjects() {
        map.clear();
    }

    /** ets:update_counter/3,4 ({@code initial} null: the key must exist). */
    public long updateCounter(Object key, long incr, Object initial) {
        checkKey(key);
        if (bag()) {
            throw new IllegalArgumentException("Ets.updateCounter: table " + label() + " is a " + type
                    + "; counters work on SET and ORDERED_SET tables");
        }
        long[] result = new long[1];
        ordered(() -> map.compute(key, (k, old) -> {
            Object cur = old != null ? old : initial;
            if (cur == null) {
                throw new IllegalArgumentException("Ets.updateCounter: table " + label() + " has no object with key " + key
                        + " (give an initial value to create it: updateCounter(key, incr, initial))");
            }
            Object next = switch (cur) {
                case Long l -> Math.addExact(l, incr);
                case Integer i -> Math.toIntExact(i + incr);
                case Short s -> (short) Math.toIntExact(s + incr);
                default -> throw new IllegalArgumentException("Ets.updateCounter: the value under key " + key + " is "
                        + cur.getClass().getSimpleName() + " " + cur + ", not a Long or an Integer");
            };
            result[0] = ((Number) next).longValue();
            return next;
        }));
        return result[0];
    }

    /** Every object, as key/value entries (a bag's key once per value). */
    public List<Map.Entry<Object, Object>> entries() {
        List<Map.Entry<Object, Object>> out = new ArrayList<>();
        for (Map.Entry<Object, Object> e : map.entrySet()) {
            if (bag()) {
                for (Object v : values(e.getValue())) out.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), v));
            } else {
                out.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    /** ets:select/2: fn's non-null results. */
    public <R> List<R> select(BiFunction<Object, Object, R> fn) {
        List<R> out = new ArrayList<>();
        for (Map.Entry<Object, Object> e : entries()) {
            R r = fn.apply(e.getKey(), e.getValue());
            if (r != null) out.add(r);
        }
        return out;
    }

    /** ets:select_delete/2. */
    public int selectDelete(BiPredicate<Object, Object> p) {
        int[] n = {0};
        for (Object key : map.keySet()) {
            map.computeIfPresent(key, (k, old) -> {
                if (!bag()) {
                    if (!p.test(k, old)) return old;
                    n[0]++;
                    return null;
                }
                List<Object> out = new ArrayList<>();
                for (Object v : values(old)) {
                    if (p.test(k, v)) n[0]++;
                    else out.add(v);
                }
                return out.isEmpty() ? null : List.copyOf(out);
            });
        }
        return n[0];
    }

    /** The number of objects. */
    public int size() {
        if (!bag()) return map.size();
        int n = 0;
        for (Object v : map.values()) n += values(v).size();
        return n;
    }

    private NavigableMap<Object, Object> sorted() {
        return (NavigableMap<Object, Object>) map;
    }

    /** ets:first/1, null at the end. */
    public Object first() {
        if (type == Ets.Type.ORDERED_SET) return ordered(() -> sorted().isEmpty() ? null : sorted().firstKey());
        Iterator<Object> it = map.keySet().iterator();
        return it.hasNext() ? it.next() : null;
    }

    /** ets:last/1, null at the end. */
    public Object last() {
        if (type == Ets.Type.ORDERED_SET) return ordered(() -> sorted().isEmpty() ? null : sorted().lastKey());
        return first();
    }

    /** ets:next/2, null at the end. */
    public Object next(Object key) {
        nonNull(key, "a key");
        if (type == Ets.Type.ORDERED_SET) return ordered(() -> sorted().higherKey(key));
        Iterator<Object> it = map.keySet().iterator();
        while (it.hasNext()) {
            if (it.next().equals(key)) return it.hasNext() ? it.next() : null;
        }
        return null;
    }

    /** ets:prev/2, null at the end. */
    public Object prev(Object key) {
        nonNull(key, "a key");
        if (type == Ets.Type.ORDERED_SET) return ordered(() -> sorted().lowerKey(key));
        return next(key);
    }

    /** The objects of an ordered set with keys in [from, to]. */
    public List<Map.Entry<Object, Object>> range(Object from, Object to) {
        if (type != Ets.Type.ORDERED_SET) {
            throw new IllegalArgumentException("Ets.range: table " + label() + " is a " + type + ", whose keys have no order; "
                    + "range queries need an ORDERED_SET (or use select with a predicate)");
        }
        checkKey(from);
        checkKey(to);
        return ordered(() -> {
            List<Map.Entry<Object, Object>> out = new ArrayList<>();
            for (Map.Entry<Object, Object> e : sorted().subMap(from, true, to, true).entrySet()) {
                out.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()));
            }
            return out;
        });
    }

    /** Inserts several objects (each atomically; not as one isolated change). */
    public void insertAll(Collection<? extends Map.Entry<?, ?>> objects) {
        for (Map.Entry<?, ?> e : objects) insert(e.getKey(), e.getValue());
    }
}
