package loombook.otp.internal;

import java.util.Objects;

import loombook.Pid;
import loombook.Process;
import loombook.otp.Agent;
import loombook.otp.Registry;
import loombook.otp.StartFailed;

/**
 * The ways to name a server, as Elixir's {@code GenServer.server()}: a {@link Pid}, a registered
 * name (a {@link String}), a {@link Registry.Via}, or an {@link Agent} handle.
 */
public final class ServerRef {
    private ServerRef() {}

    /** The pid {@code server} names now, or null if no process has that name. */
    public static Pid whereis(Object server, String function) {
        return switch (server) {
            case Pid p -> p;
            case String name -> Process.whereis(name);
            case Registry.Via via -> Registry.whereis(via.registry(), via.key());
            case Agent<?> agent -> whereis(agent.server(), function);
            case null -> throw new NullPointerException(function + ": the server is null; pass its Pid, its registered name or a Registry.via(...)");
            default -> throw new IllegalArgumentException(function + ": a server is a Pid, a registered name (String) or a "
                    + "Registry.via(registry, key), not " + server.getClass().getSimpleName() + " " + server);
        };
    }

    /** Checks a name given to start: null (none), a String or a Via. */
    public static void checkName(Object name, String function) {
        if (name == null || name instanceof String s && !s.isEmpty() || name instanceof Registry.Via) return;
        throw new IllegalArgumentException(function + ": a name is a non-empty String (a registered name) or a "
                + "Registry.via(registry, key), not " + name.getClass().getSimpleName() + " " + name);
    }

    /**
     * Checks, before a start, that a via-name's registry exists and has unique keys: a clear error
     * in the caller rather than a failed start.
     */
    public static void checkRegistry(Object name, String function) {
        if (name instanceof Registry.Via via) {
            RegistryTable t = RegistryTable.get(via.registry(), function);
            if (t.keys() != Registry.Keys.UNIQUE) {
                throw new IllegalArgumentException(function + ": a via-name needs a registry with UNIQUE keys, and '"
                        + via.registry() + "' has DUPLICATE keys");
            }
        }
    }

    /**
     * Registers the calling process under {@code name}. Returns null, or the reason the start must
     * fail ({@link StartFailed.AlreadyStarted} when the name is taken).
     */
    public static Object register(Object name, Pid self) {
        switch (name) {
            case null -> {
                return null;
            }
            case String s -> {
                try {
                    Process.register(s, self);
                    return null;
                } catch (IllegalArgumentException e) {
                    Pid holder = Process.whereis(s);
                    return holder != null ? new StartFailed.AlreadyStarted(holder) : e;
                }
            }
            case Registry.Via via -> {
                try {
                    Registry.register(via.registry(), via.key(), via.value());
                    return null;
                } catch (Registry.AlreadyRegistered e) {
                    return new StartFailed.AlreadyStarted(e.pid());
                } catch (RuntimeException e) {
                    return e;
                }
            }
            default -> throw new IllegalArgumentException("not a name: " + name);
        }
    }

    /** How a server name prints in reports: the name itself, or the pid. */
    public static String describe(Object name, Pid pid) {
        return name == null ? String.valueOf(pid) : Objects.toString(name);
    }
}
