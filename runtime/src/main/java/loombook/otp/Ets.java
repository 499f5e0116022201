package loombook.otp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

import loombook.Pid;
import loombook.Ref;
import loombook.otp.internal.EtsTable;
import loombook.otp.internal.EtsTables;
import loombook.otp.internal.EtsTable.Need;

/**
 * A table of key/value objects shared between processes, Erlang's ETS: fast concurrent reads
 * without going through a process, owned by the process that created it and gone when that
 * process dies (unless it has an heir). A table's {@link Type} says how keys map to values and its
 * {@link Access} which processes may read and write it, checked against the <em>calling</em>
 * process on every operation.
 *
 * <pre>{@code
 * Ets<String, Long> hits = Ets.newTable("hits", Ets.SET, Ets.PUBLIC);
 * hits.insert("/home", 1L);
 * hits.updateCounter("/home", 1);          // 2
 * hits.lookup("/home");                     // [2]
 * hits.match((path, n) -> n > 1);           // [/home=2]
 *
 * Ets<Integer, String> log = Ets.newTable("log", Ets.ORDERED_SET);
 * log.insert(3, "c"); log.insert(1, "a"); log.insert(2, "b");
 * log.range(1, 2);                          // [1=a, 2=b]
 * }</pre>
 *
 * <p><b>Objects.</b> ETS stores tuples whose first element is the key; here an object is a key and
 * a value ({@code Map.entry(key, value)} when a method returns whole objects). Store a record as
 * the value to keep several fields: {@code users.insert(u.id(), u)}. Keys are compared with
 * {@code equals}/{@code hashCode}, and in an {@link Type#ORDERED_SET} by their natural order
 * ({@link Comparable}). Neither keys nor values may be null. Store immutable values: a table
 * shares its values with every reader, as messages do.
 *
 * <p><b>Concurrency.</b> Reads never lock and never block writers; each single-object write
 * (insert, delete, updateCounter...) is atomic. Operations on many objects (insertAll, select,
 * selectDelete) work object by object, as ETS's do by default.
 *
 * <p>An {@code Ets} value is only a handle (the table's id): it may be sent in messages and
 * stored anywhere; it is equal to every other handle on the same table.
 *
 * @param <K> the keys' type
 * @param <V> the values' type
 */
public final class Ets<K, V> {
    /** One value per key. The default. */
    public static final Type SET = Type.SET;
    /** One value per key, keys kept in order: range queries, first/next. */
    public static final Type ORDERED_SET = Type.ORDERED_SET;
    /** Several values per key, no two equal. */
    public static final Type BAG = Type.BAG;
    /** Several values per key, duplicates allowed. */
    public static final Type DUPLICATE_BAG = Type.DUPLICATE_BAG;
    /** Any process may read and write. */
    public static final Access PUBLIC = Access.PUBLIC;
    /** Any process may read; only the owner writes. The default. */
    public static final Access PROTECTED = Access.PROTECTED;
    /** Only the owner may read or write. */
    public static final Access PRIVATE = Access.PRIVATE;
    /** Makes the table findable by name with {@link #whereis}: ETS's {@code named_table}. */
    public static final Option NAMED_TABLE = new Named();

    private final Ref id;

    private Ets(Ref id) {
        this.id = id;
    }

    // ------------------------------------------------------------------ options

    /** What {@link #newTable} accepts: a {@link Type}, an {@link Access}, {@link #NAMED_TABLE}, {@link #heir}. */
    public sealed interface Option permits Type, Access, Named, Heir {}

    /** How keys map to objects: ETS's table types. */
    public enum Type implements Option {
        /** One value per key. */
        SET,
        /** One value per key, in key order. */
        ORDERED_SET,
        /** Several values per key, no two equal. */
        BAG,
        /** Several values per key, duplicates allowed. */
        DUPLICATE_BAG
    }

    /** Which processes may use the table, checked against the calling process. */
    public enum Access implements Option {
        /** Every process reads and writes. */
        PUBLIC,
        /** Every process reads; the owner writes. */
        PROTECTED,
        /** Only the owner reads and writes. */
        PRIVATE
    }

    /** The {@link #NAMED_TABLE} option. */
    public record Named() implements Option {}

    /**
     * The heir option: when the owner dies, {@code pid} becomes the owner and gets a
     * {@link Transfer} message with {@code data}. Made by {@link Ets#heir}.
     *
     * @param pid the heir
     * @param data what the heir is told
     */
    public record Heir(Pid pid, Object data) implements Option {}

    /**
     * {@code {heir, pid, data}}: who inherits the table when its owner dies.
     *
     * <pre>{@code
     * Pid keeper = spawn(() -> receive(Ets.Transfer.class));        // gets the table if its owner dies
     * Ets<String, String> cache = Ets.newTable("cache", Ets.SET, Ets.PUBLIC, Ets.heir(keeper, "cache"));
     * }</pre>
     */
    public static Option heir(Pid pid, Object data) {
        return new Heir(Objects.requireNonNull(pid, "Ets.heir: pid"), data);
    }

    /**
     * The message a process gets when it becomes a table's owner, by {@link #giveAway} or as its
     * heir: ETS's {@code {'ETS-TRANSFER', table, from, data}}.
     *
     * <pre>{@code
     * Pid me = self();
     * spawn(() -> Ets.newTable("handed", Ets.SET, Ets.heir(me, "yours now")));   // its owner ends at once
     * Ets.Transfer t = receive(Ets.Transfer.class);            // Transfer[table, from, data=yours now]
     * Ets<String, Long> mine = (Ets<String, Long>) t.table();
     * }</pre>
     *
     * @param table the table, now owned by the receiver
     * @param from its previous owner
     * @param data what the previous owner (or the heir option) attached
     */
    public record Transfer(Ets<?, ?> table, Pid from, Object data) {}

    /**
     * What {@link #info} returns: ETS's {@code info/1}.
     *
     * @param name the table's name
     * @param id its id
     * @param type its type
     * @param access its access
     * @param named whether it can be found by name
     * @param owner its owner
     * @param heir its heir, or null
     * @param size how many objects it holds
     */
    public record Info(String name, Ref id, Type type, Access access, boolean named, Pid owner, Pid heir, int size) {}

    // ------------------------------------------------------------------ tables

    /**
     * Creates a table owned by the calling process: ETS's {@code new/2}. Options: a {@link Type}
     * (default {@link #SET}), an {@link Access} (default {@link #PROTECTED}), {@link #NAMED_TABLE},
     * {@link #heir}. A second named table with a taken name is an {@link IllegalArgumentException}.
     *
     * <pre>{@code
     * Ets<String, Integer> scores = Ets.newTable("scores", Ets.ORDERED_SET, Ets.PUBLIC, Ets.NAMED_TABLE);
     * }</pre>
     */
    public static <K, V> Ets<K, V> newTable(String name, Option... options) {
        Objects.requireNonNull(name, "Ets.newTable: name");
        Type type = Type.SET;
        Access access = Access.PROTECTED;
        boolean named = false;
        Pid heir = null;
        Object heirData = null;
        for (Option o : options) {
            switch (Objects.requireNonNull(o, "Ets.newTable: an option is null")) {
                case Type t -> type = t;
                case Access a -> access = a;
                case Named n -> named = true;
                case Heir h -> {
                    heir = h.pid();
                    heirData = h.data();
                }
            }
        }
        return new Ets<>(EtsTables.create(name, type, access, named, heir, heirData).id);
    }

    /**
     * The named table {@code name}, or null: ETS's {@code whereis/1}.
     *
     * <pre>{@code
     * Ets<String, Integer> scores = Ets.whereis("scores");
     * }</pre>
     */
    public static <K, V> Ets<K, V> whereis(String name) {
        EtsTable t = EtsTables.named(name);
        return t == null ? null : new Ets<>(t.id);
    }

    /**
     * The table with id {@code id} (see {@link Info#id()}); operations on it fail if it is gone.
     *
     * <pre>{@code
     * Ets<String, Integer> again = Ets.fromId(scores.info().id());
     * }</pre>
     */
    public static <K, V> Ets<K, V> fromId(Ref id) {
        return new Ets<>(Objects.requireNonNull(id, "Ets.fromId: id"));
    }

    /**
     * Every table that exists: ETS's {@code all/0}.
     *
     * <pre>{@code
     * Ets.all().forEach(t -> System.out.println(t.info()));
     * }</pre>
     */
    public static List<Ets<?, ?>> all() {
        List<Ets<?, ?>> out = new ArrayList<>();
        for (EtsTable t : EtsTables.all()) out.add(new Ets<>(t.id));
        return List.copyOf(out);
    }

    private EtsTable t(Need need, String function) {
        return EtsTables.get(id, function).check(need, function);
    }

    // ------------------------------------------------------------------ writing

    /**
     * Inserts the object {@code key -> value}: in a set it replaces the key's value; in a bag it
     * adds the value (unless an equal one is there); in a duplicate bag it always adds. Returns true.
     *
     * <pre>{@code
     * record User(int id, String name, int age) {}
     * Ets<Integer, User> users = Ets.newTable("users", Ets.SET);
     * users.insert(7, new User(7, "ada", 36));
     * }</pre>
     */
    public boolean insert(K key, V value) {
        return t(Need.WRITE, "Ets.insert").insert(key, value);
    }

    /**
     * Inserts several objects (each one atomically).
     *
     * <pre>{@code
     * cache.insertAll(List.of(Map.entry("a", "1"), Map.entry("b", "2")));
     * }</pre>
     */
    public void insertAll(Collection<? extends Map.Entry<? extends K, ? extends V>> objects) {
        t(Need.WRITE, "Ets.insertAll").insertAll(objects);
    }

    /**
     * Inserts only if the key is not there yet; returns whether it did: ETS's {@code insert_new/2}.
     *
     * <pre>{@code
     * Ets<String, Pid> locks = Ets.newTable("locks", Ets.SET, Ets.PUBLIC);
     * if (locks.insertNew("job-7", self())) System.out.println("job 7 is mine");
     * }</pre>
     */
    public boolean insertNew(K key, V value) {
        return t(Need.WRITE, "Ets.insertNew").insertNew(key, value);
    }

    /**
     * Adds {@code incr} to the number stored under {@code key} (a Long or an Integer) and returns
     * the new value, atomically: ETS's {@code update_counter/3}. A missing key is an
     * {@link IllegalArgumentException}. Sets and ordered sets only.
     *
     * <pre>{@code
     * long n = hits.updateCounter("/home", 1);
     * }</pre>
     */
    public long updateCounter(K key, long incr) {
        return t(Need.WRITE, "Ets.updateCounter").updateCounter(key, incr, null);
    }

    /**
     * As {@link #updateCounter(Object, long)}, starting from {@code initial} when the key is
     * missing: ETS's {@code update_counter/4}.
     *
     * <pre>{@code
     * hits.updateCounter("/about", 1, 0L);    // 1
     * }</pre>
     */
    public long updateCounter(K key, long incr, V initial) {
        return t(Need.WRITE, "Ets.updateCounter").updateCounter(key, incr, Objects.requireNonNull(initial, "initial"));
    }

    /**
     * Deletes every object with {@code key}: ETS's {@code delete/2}.
     *
     * <pre>{@code
     * cache.delete("b");
     * }</pre>
     */
    public void delete(K key) {
        t(Need.WRITE, "Ets.delete").delete(key);
    }

    /**
     * Deletes the object {@code key -> value} only (all its copies in a duplicate bag):
     * ETS's {@code delete_object/2}.
     *
     * <pre>{@code
     * Ets<String, String> tags = Ets.newTable("tags", Ets.BAG);
     * tags.insert("post1", "java"); tags.insert("post1", "otp");
     * tags.deleteObject("post1", "java");       // post1 keeps otp
     * }</pre>
     */
    public void deleteObject(K key, V value) {
        t(Need.WRITE, "Ets.deleteObject").deleteObject(key, value);
    }

    /**
     * Empties the table: ETS's {@code delete_all_objects/1}.
     *
     * <pre>{@code
     * cache.deleteAllObjects();
     * }</pre>
     */
    public void deleteAllObjects() {
        t(Need.WRITE, "Ets.deleteAllObjects").deleteAllObjects();
    }

    /**
     * Returns the values under {@code key} and deletes them: ETS's {@code take/2}.
     *
     * <pre>{@code
     * Ets<String, String> queue = Ets.newTable("queue", Ets.BAG);
     * queue.insert("pending", "job1");
     * List<String> jobs = queue.take("pending");      // [job1], and gone from the table
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public List<V> take(K key) {
        return (List<V>) t(Need.WRITE, "Ets.take").take(key);
    }

    /**
     * Deletes the objects for which {@code test} is true and returns how many: ETS's
     * {@code select_delete/2} with a Java predicate.
     *
     * <pre>{@code
     * users.selectDelete((id, u) -> u.age() < 18);
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public int selectDelete(BiPredicate<? super K, ? super V> test) {
        return t(Need.WRITE, "Ets.selectDelete").selectDelete((k, v) -> test.test((K) k, (V) v));
    }

    /**
     * Deletes the whole table: ETS's {@code delete/1}. Needs write access (the owner, or anyone
     * for a public table).
     *
     * <pre>{@code
     * tags.delete();            // the table is gone
     * }</pre>
     */
    public void delete() {
        t(Need.WRITE, "Ets.delete").delete();
    }

    // ------------------------------------------------------------------ reading

    /**
     * The values under {@code key}: none or one for a set, any number for a bag. ETS's
     * {@code lookup/2}.
     *
     * <pre>{@code
     * List<Long> n = hits.lookup("/home");    // [2]
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public List<V> lookup(K key) {
        return (List<V>) t(Need.READ, "Ets.lookup").lookup(key);
    }

    /**
     * The value under {@code key} in a set: ETS's {@code lookup_element/3}. A missing key is an
     * {@link IllegalArgumentException}; for a bag use {@link #lookup}.
     *
     * <pre>{@code
     * long n = hits.lookupElement("/home");
     * }</pre>
     */
    public V lookupElement(K key) {
        EtsTable table = t(Need.READ, "Ets.lookupElement");
        if (table.type == Type.BAG || table.type == Type.DUPLICATE_BAG) {
            throw new IllegalArgumentException("Ets.lookupElement: table " + table.label() + " is a " + table.type
                    + " and a key may have several values; use lookup");
        }
        List<V> vs = lookup(key);
        if (vs.isEmpty()) throw new IllegalArgumentException("Ets.lookupElement: table " + table.label() + " has no object with key " + key);
        return vs.getFirst();
    }

    /**
     * Whether {@code key} is in the table: ETS's {@code member/2}.
     *
     * <pre>{@code
     * if (cache.member("a")) System.out.println("a is cached");
     * }</pre>
     */
    public boolean member(K key) {
        return t(Need.READ, "Ets.member").member(key);
    }

    /**
     * The objects for which {@code test} is true: ETS's {@code match_object/2} with a Java
     * predicate for the pattern.
     *
     * <pre>{@code
     * List<Map.Entry<String, Long>> popular = hits.match((path, n) -> n > 100);
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public List<Map.Entry<K, V>> match(BiPredicate<? super K, ? super V> test) {
        List<Map.Entry<K, V>> out = new ArrayList<>();
        for (Map.Entry<Object, Object> e : t(Need.READ, "Ets.match").entries()) {
            if (test.test((K) e.getKey(), (V) e.getValue())) out.add((Map.Entry<K, V>) (Map.Entry<?, ?>) e);
        }
        return out;
    }

    /**
     * What {@code fun} returns for each object, leaving out nulls: ETS's {@code select/2}, the
     * function playing the match spec (its guards and its result).
     *
     * <pre>{@code
     * List<String> names = users.select((id, u) -> u.age() >= 18 ? u.name() : null);
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public <R> List<R> select(BiFunction<? super K, ? super V, ? extends R> fun) {
        return t(Need.READ, "Ets.select").select((k, v) -> fun.apply((K) k, (V) v));
    }

    /**
     * How many objects {@code test} is true for: ETS's {@code select_count/2}.
     *
     * <pre>{@code
     * int adults = users.selectCount((id, u) -> u.age() >= 18);
     * }</pre>
     */
    public int selectCount(BiPredicate<? super K, ? super V> test) {
        return select((k, v) -> test.test(k, v) ? Boolean.TRUE : null).size();
    }

    /**
     * Every object: ETS's {@code tab2list/1}. In key order for an ordered set.
     *
     * <pre>{@code
     * scores.insert("bob", 5); scores.insert("ada", 3);
     * scores.toList();    // [ada=3, bob=5]
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public List<Map.Entry<K, V>> toList() {
        return (List<Map.Entry<K, V>>) (List<?>) t(Need.READ, "Ets.toList").entries();
    }

    /**
     * The objects of an ordered set whose key is between {@code from} and {@code to}, both
     * included, in key order: what a {@code select} with {@code >=} and {@code =<} guards does on
     * an ordered_set, without scanning the table.
     *
     * <pre>{@code
     * Ets<Long, String> events = Ets.newTable("events", Ets.ORDERED_SET);
     * events.insert(150L, "login");
     * events.range(100L, 200L);     // [150=login]
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public List<Map.Entry<K, V>> range(K from, K to) {
        return (List<Map.Entry<K, V>>) (List<?>) t(Need.READ, "Ets.range").range(from, to);
    }

    /**
     * The first key (the smallest in an ordered set), or null if the table is empty: ETS's
     * {@code first/1} ({@code '$end_of_table'} is null).
     *
     * <pre>{@code
     * for (Integer k = log.first(); k != null; k = log.next(k)) System.out.println(log.lookup(k));
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public K first() {
        return (K) t(Need.READ, "Ets.first").first();
    }

    /**
     * The last key (the largest in an ordered set; for other types, like {@link #first}), or null.
     *
     * <pre>{@code
     * Integer newest = log.last();
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public K last() {
        return (K) t(Need.READ, "Ets.last").last();
    }

    /**
     * The key after {@code key} (in key order for an ordered set, in table order otherwise), or null.
     *
     * <pre>{@code
     * log.next(1);   // 2
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public K next(K key) {
        return (K) t(Need.READ, "Ets.next").next(key);
    }

    /**
     * The key before {@code key} in an ordered set (for other types, like {@link #next}), or null.
     *
     * <pre>{@code
     * log.prev(2);   // 1
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public K prev(K key) {
        return (K) t(Need.READ, "Ets.prev").prev(key);
    }

    /**
     * How many objects the table holds.
     *
     * <pre>{@code
     * cache.size();
     * }</pre>
     */
    public int size() {
        return t(Need.READ, "Ets.size").size();
    }

    /**
     * The table's properties: ETS's {@code info/1}. Any process may ask, whatever the access.
     *
     * <pre>{@code
     * cache.info().owner();
     * }</pre>
     */
    public Info info() {
        EtsTable x = EtsTables.get(id, "Ets.info");
        return new Info(x.name, x.id, x.type, x.access, x.named, x.owner(), x.heir(), x.size());
    }

    /**
     * Whether the table still exists (its owner is alive, or it has passed to an heir, and it was
     * not deleted).
     *
     * <pre>{@code
     * cache.exists();
     * }</pre>
     */
    public boolean exists() {
        try {
            EtsTables.get(id, "Ets.exists");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ ownership

    /**
     * Makes {@code to} the owner and sends it a {@link Transfer} with {@code data}: ETS's
     * {@code give_away/3}. Only the owner may give a table away.
     *
     * <pre>{@code
     * Pid worker = spawn(() -> receive(Ets.Transfer.class));
     * cache.giveAway(worker, "yours now");
     * }</pre>
     */
    public void giveAway(Pid to, Object data) {
        t(Need.OWNER, "Ets.giveAway").giveAway(to, data);
    }

    /**
     * Sets (or, with null, removes) the heir: ETS's {@code setopts(table, {heir, pid, data})}.
     * Only the owner may.
     *
     * <pre>{@code
     * users.setHeir(keeper, "users");
     * }</pre>
     */
    public void setHeir(Pid heir, Object data) {
        t(Need.OWNER, "Ets.setHeir").setHeir(heir, data);
    }

    /** The table's owner now. */
    public Pid owner() {
        return EtsTables.get(id, "Ets.owner").owner();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ets<?, ?> e && e.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** {@code #Ets<name>}, or {@code #Ets<id>} once the table is gone. */
    @Override
    public String toString() {
        try {
            return "#Ets<" + EtsTables.get(id, "Ets").name + ">";
        } catch (IllegalArgumentException e) {
            return "#Ets<" + id + " (deleted)>";
        }
    }

}
