package loombook;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** Registered names: Erlang's register/whereis/unregister. */
final class Names {
    private static final ConcurrentHashMap<String, Proc> NAMES = new ConcurrentHashMap<>();

    private Names() {}

    static void register(String name, Proc proc) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a registered name must be a non-empty string");
        }
        synchronized (proc) {
            if (!proc.alive()) {
                throw new IllegalArgumentException("cannot register '" + name + "': " + proc.pid + " is not alive (noproc)");
            }
            if (proc.registeredName != null) {
                throw new IllegalArgumentException("cannot register '" + name + "': " + proc.pid
                        + " is already registered as '" + proc.registeredName + "'; unregister that name first");
            }
            Proc old = NAMES.putIfAbsent(name, proc);
            if (old != null) {
                throw new IllegalArgumentException("the name '" + name + "' is already registered to " + old.pid
                        + "; pick another name, or unregister(\"" + name + "\") first");
            }
            proc.registeredName = name;
        }
    }

    static Proc whereis(String name) {
        return name == null ? null : NAMES.get(name);
    }

    static void unregister(String name) {
        Proc p = NAMES.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no process is registered as '" + name + "'");
        }
        unregister(name, p);
    }

    static void unregister(String name, Proc proc) {
        if (NAMES.remove(name, proc)) {
            proc.registeredName = null;
        }
    }

    static List<String> all() {
        List<String> out = new ArrayList<>(NAMES.keySet());
        out.sort(null);
        return out;
    }

    static void clear() {
        NAMES.clear();
    }
}
