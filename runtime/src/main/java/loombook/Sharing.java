package loombook;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds mutable state in a message: Erlang copies every message, Java shares references, so the
 * runtime looks for what a receiver could see change. What it knows about a class is computed once
 * and cached; a message of immutable types costs one lookup.
 */
final class Sharing {
    private static final int MAX_DEPTH = 32;
    private static final int MAX_ELEMENTS = 10_000;
    private static final int SEEN_FROM_DEPTH = 4;
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private Sharing() {}

    /** What the runtime knows about a class. */
    private sealed interface Kind {}

    private record Immutable() implements Kind {}

    private record Mutable(String why) implements Kind {}

    /** Immutable itself; its elements must be looked at (List.of, Map.of, Optional...). */
    private record Container() implements Kind {}

    /** All fields final; the values of these fields must be looked at. */
    private record Fields(List<Field> fields) implements Kind {}

    private static final Immutable IMMUTABLE = new Immutable();

    private static final ClassValue<Kind> KINDS = new ClassValue<>() {
        @Override
        protected Kind computeValue(Class<?> type) {
            return classify(type);
        }
    };

    /** Applies the node's policy to a message about to be sent from {@code sender} to {@code to}. */
    static void check(Object message, Proc sender, Proc to) {
        SharingPolicy policy = Node.sharingPolicy();
        if (policy == SharingPolicy.ALLOW) return;
        if (KINDS.get(message.getClass()) == IMMUTABLE) return;
        String problem = find(message, simpleName(message.getClass()), 0, null);
        if (problem == null) return;
        String text = "message " + describe(message) + " sent to " + to.pid + " carries mutable state: " + problem
                + ". The receiver would share it with the sender, which processes never do.";
        if (policy == SharingPolicy.REJECT) {
            throw new IllegalArgumentException(text + " Send an immutable value instead (a record of immutable parts, "
                    + "List.copyOf, Map.copyOf), or allow it with Node.sharingPolicy(SharingPolicy.WARN).");
        }
        if (WARNED.add(message.getClass().getName() + ":" + problem)) {
            GroupLeader gl = sender == null ? GroupLeader.system() : sender.groupLeader;
            gl.err().println("warning: " + text + " Send an immutable value (a record, List.copyOf, Map.copyOf); "
                    + "Node.sharingPolicy(SharingPolicy.ALLOW) silences this warning.");
        }
    }

    /** The path to the first mutable part of {@code value}, or null if it has none. */
    static String find(Object value, String path, int depth, IdentityHashMap<Object, Boolean> seen) {
        if (value == null || depth > MAX_DEPTH) return null;
        Kind kind = KINDS.get(value.getClass());
        switch (kind) {
            case Immutable i -> {
                return null;
            }
            case Mutable m -> {
                return path + " is " + m.why();
            }
            default -> {}
        }
        // the set of objects already looked at guards against shared sub-objects and cycles; the
        // depth bound alone stops a cycle, so the set (an allocation per message) waits for depth 4
        if (depth >= SEEN_FROM_DEPTH) {
            if (seen == null) seen = new IdentityHashMap<>();
            if (seen.put(value, Boolean.TRUE) != null) return null;
        }
        if (kind instanceof Fields f) {
            for (Field field : f.fields()) {
                Object v;
                try {
                    v = field.get(value);
                } catch (IllegalAccessException e) {
                    continue;
                }
                String p = find(v, path + "." + field.getName(), depth + 1, seen);
                if (p != null) return p;
            }
            return null;
        }
        return findInContainer(value, path, depth, seen);
    }

    private static String findInContainer(Object value, String path, int depth, IdentityHashMap<Object, Boolean> seen) {
        int i = 0;
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (i++ >= MAX_ELEMENTS) break;
                String p = find(e.getKey(), path + ".key", depth + 1, seen);
                if (p == null) p = find(e.getValue(), path + "[" + e.getKey() + "]", depth + 1, seen);
                if (p != null) return p;
            }
        } else if (value instanceof Collection<?> c) {
            for (Object o : c) {
                String p = find(o, path + "[" + i + "]", depth + 1, seen);
                if (p != null) return p;
                if (++i >= MAX_ELEMENTS) break;
            }
        } else if (value instanceof Optional<?> o && o.isPresent()) {
            return find(o.get(), path + ".get()", depth + 1, seen);
        } else if (value instanceof Map.Entry<?, ?> e) {
            String p = find(e.getKey(), path + ".getKey()", depth + 1, seen);
            return p != null ? p : find(e.getValue(), path + ".getValue()", depth + 1, seen);
        }
        return null;
    }

    private static Kind classify(Class<?> type) {
        if (type.isArray()) return new Mutable("an array (" + type.getComponentType().getSimpleName()
                + "[]): its elements can be changed after sending; send List.of(...) or a copy");
        if (isLeaf(type)) return IMMUTABLE;
        String name = type.getName();
        if (name.startsWith("java.util.Collections$Unmodifiable")) {
            return new Mutable("an unmodifiable view (" + type.getSimpleName() + ") of a collection the sender can still change; "
                    + "send List.copyOf/Map.copyOf");
        }
        if (name.startsWith("java.util.ImmutableCollections$") || name.startsWith("java.util.Collections$Empty")
                || name.startsWith("java.util.Collections$Singleton") || name.equals("java.util.KeyValueHolder")
                || type == Optional.class || name.equals("java.util.AbstractMap$SimpleImmutableEntry")) {
            return new Container();
        }
        List<Field> toCheck = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (Modifier.isStatic(mod)) continue;
                if (!Modifier.isFinal(mod)) {
                    return new Mutable("an object with a non-final field (" + simpleName(c) + "." + f.getName() + ")");
                }
                if (f.getType().isPrimitive() || isLeaf(f.getType()) && Modifier.isFinal(f.getType().getModifiers())) continue;
                try {
                    f.setAccessible(true);
                    toCheck.add(f);
                } catch (InaccessibleObjectException | SecurityException e) {
                    // a JDK class whose fields are all final but out of reach: trust it
                }
            }
        }
        return toCheck.isEmpty() ? IMMUTABLE : new Fields(List.copyOf(toCheck));
    }

    private static boolean isLeaf(Class<?> t) {
        return t == String.class || t == Integer.class || t == Long.class || t == Boolean.class || t == Character.class
                || t == Double.class || t == Float.class || t == Short.class || t == Byte.class || t == Void.class
                || t == BigInteger.class || t == BigDecimal.class || t == UUID.class || t == Class.class
                || t.isEnum() || (t.getSuperclass() != null && t.getSuperclass().isEnum())
                || t == Pid.class || t == Ref.class || t == TimerRef.class
                || t.getName().startsWith("java.time.") && !t.isInterface();
    }

    private static String simpleName(Class<?> c) {
        String s = c.getSimpleName();
        return s.isEmpty() ? c.getName() : s;
    }

    private static String describe(Object message) {
        String s;
        try {
            s = String.valueOf(message);
        } catch (RuntimeException e) {
            s = simpleName(message.getClass());
        }
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
