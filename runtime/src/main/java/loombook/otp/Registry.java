package loombook.otp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import loombook.Pid;
import loombook.Process;
import loombook.otp.internal.RegistryServer;
import loombook.otp.internal.RegistryTable;

/**
 * A local registry of processes under keys of your choice, Elixir's {@code Registry}: names that
 * are not just strings ({@code "session:42"}, a record, a tuple of ids), several processes under
 * one key for pub/sub, and via-names for GenServers and friends. A process registers
 * <em>itself</em>; its entries go away when it dies.
 *
 * <pre>{@code
 * Registry.start(Registry.UNIQUE, "sessions");
 * Agent<String> s = Agent.start(() -> "ada", Registry.via("sessions", 42));   // a via-name
 * Agent.get(s, name -> name);          // "ada"
 * Registry.lookup("sessions", 42);     // [Entry[pid=#PID<0.95.0>, value=null]]
 * }</pre>
 *
 * <p>Pub/sub with duplicate keys:
 * <pre>{@code
 * Registry.start(Registry.DUPLICATE, "topics");
 * Registry.register("topics", "news", null);              // the calling process subscribes
 * Registry.dispatch("topics", "news", entries -> entries.forEach(e -> send(e.pid(), "extra!")));
 * }</pre>
 *
 * <p>The registry is a process (registered under the registry's name) linked to every process
 * that registers in it, as Elixir's is: when a registered process dies, the registry removes its
 * entries; if the registry itself dies, the processes registered in it get its exit signal.
 * Lookups do not go through the registry process: they read a concurrent table, and never return
 * a process that has died. Elixir's partitions and listeners are not provided.
 */
public final class Registry {
    /** Unique keys: at most one process per key. */
    public static final Keys UNIQUE = Keys.UNIQUE;
    /** Duplicate keys: any number of entries per key, for pub/sub. */
    public static final Keys DUPLICATE = Keys.DUPLICATE;

    private Registry() {}

    /**
     * Whether a registry's keys are unique or may be shared: Elixir's {@code keys: :unique | :duplicate}.
     */
    public enum Keys {
        /** At most one process per key; registering a taken key fails with {@link AlreadyRegistered}. */
        UNIQUE,
        /** Any number of entries per key, even several from one process. */
        DUPLICATE
    }

    /**
     * One registration: the process and the value it registered with. What {@link #lookup}
     * returns, Elixir's {@code {pid, value}}.
     *
     * <pre>{@code
     * for (Registry.Entry e : Registry.lookup("topics", "news")) send(e.pid(), "hi");
     * }</pre>
     *
     * @param pid the registered process
     * @param value its value (may be null)
     */
    public record Entry(Pid pid, Object value) {}

    /**
     * A via-name, Elixir's {@code {:via, Registry, {registry, key}}}: pass it as the name to
     * {@code start} (the new process registers itself under {@code key}) and as the server to
     * {@code call}, {@code cast}, {@code stop} and {@link Sys}. Made by {@link #via}.
     *
     * <pre>{@code
     * Registry.start(Registry.UNIQUE, "workers");
     * var name = Registry.via("workers", 1);
     * Agent.start(() -> 0, name);                          // any behaviour's start takes it as its name
     * Agent.update(Agent.of(name), (Integer n) -> n + 1);   // and any call or cast finds it by it
     * }</pre>
     *
     * @param registry the registry's name
     * @param key the key
     * @param value the value registered with the key
     */
    public record Via(String registry, Object key, Object value) {
        /** A via-name; registry and key are required. */
        public Via {
            Objects.requireNonNull(registry, "Via: registry");
            Objects.requireNonNull(key, "Via: key");
        }

        @Override
        public String toString() {
            return "{via, Registry, {" + registry + ", " + key + "}}";
        }
    }

    /**
     * Thrown by {@link #register} when a unique key is taken: Elixir's
     * {@code {:error, {:already_registered, pid}}}.
     *
     * <pre>{@code
     * try { Registry.register("sessions", 42, null); }
     * catch (Registry.AlreadyRegistered e) { System.out.println("taken by " + e.pid()); }
     * }</pre>
     */
    public static final class AlreadyRegistered extends RuntimeException {
        private final transient Pid pid;

        /** Key {@code key} of {@code registry} is held by {@code pid}. */
        public AlreadyRegistered(String registry, Object key, Pid pid) {
            super("Registry.register: key " + key + " of the unique registry '" + registry + "' is already registered by "
                    + pid + " (already_registered); unregister it there first, or use a DUPLICATE registry");
            this.pid = pid;
        }

        /** The process that holds the key. */
        public Pid pid() {
            return pid;
        }
    }

    // ------------------------------------------------------------------ starting

    /**
     * Starts a registry named {@code name} (not linked to the caller) and returns its process.
     * The name is also the registry process's registered name. Throws {@link StartFailed} if a
     * process already has that name.
     *
     * <pre>{@code
     * Registry.start(Registry.UNIQUE, "users");
     * }</pre>
     */
    public static Pid start(Keys keys, String name) {
        return GenServer.start(new RegistryServer(check(keys, name)), null, name);
    }

    /**
     * As {@link #start}, linked to the caller: what a supervisor runs (see {@link #childSpec}).
     *
     * <pre>{@code
     * Registry.startLink(Registry.DUPLICATE, "events");
     * }</pre>
     */
    public static Pid startLink(Keys keys, String name) {
        return GenServer.startLink(new RegistryServer(check(keys, name)), null, name);
    }

    /**
     * A child spec that starts the registry under a supervisor, with id {@code name}: Elixir's
     * {@code {Registry, keys: :unique, name: name}}. Put it before the children that use it.
     *
     * <pre>{@code
     * Supervisor.startLink(List.of(
     *         Registry.childSpec(Registry.UNIQUE, "pools"),
     *         Agent.childSpec("main", () -> 0, Registry.via("pools", "main"))),
     *     Supervisor.ONE_FOR_ONE);
     * }</pre>
     */
    public static ChildSpec childSpec(Keys keys, String name) {
        check(keys, name);
        return ChildSpec.worker(name, () -> startLink(keys, name)).withShutdown(ChildSpec.Shutdown.INFINITY);
    }

    private static RegistryTable.Spec check(Keys keys, String name) {
        Objects.requireNonNull(keys, "Registry.start: keys (Registry.UNIQUE or Registry.DUPLICATE)");
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("Registry.start: a registry needs a non-empty name");
        return new RegistryTable.Spec(name, keys);
    }

    // ------------------------------------------------------------------ registering

    /**
     * Registers the calling process under {@code key} with {@code value} (may be null) and links
     * it to the registry. In a {@link #UNIQUE} registry a key held by a live process is refused
     * with {@link AlreadyRegistered}; in a {@link #DUPLICATE} one every call adds an entry.
     * Elixir's {@code Registry.register/3}.
     *
     * <pre>{@code
     * Registry.register("sessions", "user:7", Map.of("since", "today"));
     * }</pre>
     */
    public static void register(String registry, Object key, Object value) {
        Objects.requireNonNull(key, "Registry.register: key must not be null");
        RegistryTable t = RegistryTable.get(registry, "Registry.register");
        Pid me = Process.self();
        t.register(key, me, value);
        try {
            Process.link(t.owner());
        } catch (RuntimeException e) {
            t.unregister(key, me);
            throw e;
        }
    }

    /**
     * Removes the calling process's entries under {@code key} (nothing if it has none). Once it
     * has no entries left, it is unlinked from the registry.
     *
     * <pre>{@code
     * Registry.unregister("topics", "news");
     * }</pre>
     */
    public static void unregister(String registry, Object key) {
        RegistryTable t = RegistryTable.get(registry, "Registry.unregister");
        Pid me = Process.self();
        if (t.unregister(key, me)) Process.unlink(t.owner());
    }

    /**
     * Removes the calling process's entries under {@code key} whose value matches: Elixir's
     * {@code unregister_match/3}.
     *
     * <pre>{@code
     * Registry.unregisterMatch("topics", "news", v -> "low".equals(v));
     * }</pre>
     */
    public static void unregisterMatch(String registry, Object key, Predicate<Object> value) {
        RegistryTable t = RegistryTable.get(registry, "Registry.unregisterMatch");
        Pid me = Process.self();
        if (t.unregisterMatch(key, me, value)) Process.unlink(t.owner());
    }

    /**
     * Changes the value the calling process registered under a unique {@code key} and returns the
     * new value: Elixir's {@code update_value/3}. Throws {@link IllegalArgumentException} if the
     * caller does not hold the key.
     *
     * <pre>{@code
     * Registry.updateValue("sessions", "user:7", v -> "busy");
     * }</pre>
     */
    public static Object updateValue(String registry, Object key, UnaryOperator<Object> update) {
        return RegistryTable.get(registry, "Registry.updateValue").updateValue(key, Process.self(), update);
    }

    // ------------------------------------------------------------------ reading

    /**
     * The live entries under {@code key}, oldest first: Elixir's {@code Registry.lookup/2}. Empty
     * if none.
     *
     * <pre>{@code
     * List<Registry.Entry> subscribers = Registry.lookup("topics", "news");
     * }</pre>
     */
    public static List<Entry> lookup(String registry, Object key) {
        return RegistryTable.get(registry, "Registry.lookup").lookup(key);
    }

    /**
     * The process registered under {@code key} in a unique registry, or null: Elixir's
     * {@code whereis_name/1}, what via-names use.
     *
     * <pre>{@code
     * Pid p = Registry.whereis("sessions", 42);
     * }</pre>
     */
    public static Pid whereis(String registry, Object key) {
        RegistryTable t = RegistryTable.get(registry, "Registry.whereis");
        if (t.keys() != Keys.UNIQUE) {
            throw new IllegalArgumentException("Registry.whereis: '" + registry + "' has DUPLICATE keys, so a key does "
                    + "not name one process; use Registry.lookup, or a UNIQUE registry for via-names");
        }
        List<Entry> entries = t.lookup(key);
        return entries.isEmpty() ? null : entries.getFirst().pid();
    }

    /**
     * The entries under {@code key} whose value matches: Elixir's {@code Registry.match/3} with a
     * Java predicate instead of a match pattern.
     *
     * <pre>{@code
     * Registry.match("topics", "news", v -> v instanceof Integer prio && prio > 5);
     * }</pre>
     */
    public static List<Entry> match(String registry, Object key, Predicate<Object> value) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : lookup(registry, key)) if (value.test(e.value())) out.add(e);
        return List.copyOf(out);
    }

    /**
     * The keys {@code pid} is registered under in this registry: Elixir's {@code Registry.keys/2}.
     *
     * <pre>{@code
     * Registry.register("topics", "sport", null);
     * Registry.keys("topics", self());   // [sport]
     * }</pre>
     */
    public static List<Object> keys(String registry, Pid pid) {
        return RegistryTable.get(registry, "Registry.keys").keysOf(pid);
    }

    /**
     * The values {@code pid} registered under {@code key}: Elixir's {@code Registry.values/3}.
     *
     * <pre>{@code
     * Registry.values("topics", "news", self());
     * }</pre>
     */
    public static List<Object> values(String registry, Object key, Pid pid) {
        List<Object> out = new ArrayList<>();
        for (Entry e : lookup(registry, key)) if (e.pid().equals(pid)) out.add(e.value());
        return java.util.Collections.unmodifiableList(out);
    }

    /**
     * How many live entries the registry holds: Elixir's {@code Registry.count/1}.
     *
     * <pre>{@code
     * Registry.count("sessions");
     * }</pre>
     */
    public static int count(String registry) {
        return RegistryTable.get(registry, "Registry.count").count();
    }

    /**
     * Calls {@code callback} with the live entries under {@code key}, in the calling process, if
     * there are any: Elixir's {@code Registry.dispatch/3}, the heart of pub/sub.
     *
     * <pre>{@code
     * Registry.dispatch("topics", "news", entries -> entries.forEach(e -> send(e.pid(), "hi")));
     * }</pre>
     */
    public static void dispatch(String registry, Object key, Consumer<List<Entry>> callback) {
        List<Entry> entries = lookup(registry, key);
        if (!entries.isEmpty()) callback.accept(entries);
    }

    /**
     * Sends {@code message} to the process registered under {@code key} in a unique registry:
     * Elixir's {@code Registry.send/2}. An unregistered key is an {@link IllegalArgumentException},
     * as sending to an unknown registered name is.
     *
     * <pre>{@code
     * Registry.register("sessions", "me", null);
     * Registry.send("sessions", "me", "ping");
     * receive()                              // "ping"
     * }</pre>
     */
    public static void send(String registry, Object key, Object message) {
        Pid p = whereis(registry, key);
        if (p == null) throw new IllegalArgumentException("Registry.send: no process is registered under " + key + " in '" + registry + "'");
        Process.send(p, message);
    }

    /**
     * A via-name for {@code key} in {@code registry}, registered with a null value.
     *
     * <pre>{@code
     * Agent.start(() -> 0, Registry.via("workers", "w1"));
     * }</pre>
     */
    public static Via via(String registry, Object key) {
        return new Via(registry, key, null);
    }

    /**
     * A via-name that registers with {@code value}: Elixir's {@code {:via, Registry, {reg, key, value}}}.
     *
     * <pre>{@code
     * Agent.start(() -> 0, Registry.via("workers", "w2", "gpu"));
     * }</pre>
     */
    public static Via via(String registry, Object key, Object value) {
        return new Via(registry, key, value);
    }
}
