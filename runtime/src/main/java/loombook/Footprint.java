package loombook;

import java.util.Arrays;

/**
 * What one step of a controlled run read and changed: the processes (their life: links, monitors,
 * flags, whether alive), the mailboxes, the registered names, the virtual clock and the shared
 * resources it touched. Two steps of different processes are <em>dependent</em> when their
 * footprints share something that at least one of them changes; independent steps give the same
 * result in either order, so a systematic exploration tries only one of the two orders.
 *
 * <p>A process is several things: its life (whether it is alive), its mailbox, its links, its
 * monitors (who watches it) and its trap_exit flag; a monitor, say, touches only the last but one,
 * so a client that monitors a server does not depend on what the server is doing, only on its
 * death. Adding to a set of links or monitors is an advance: two additions commute.
 *
 * <p>A key names its thing the same way in every run of an exploration: a process of the run by its
 * name in the run ({@link Controlled#actor}), a process outside it by its object, a name by its
 * text, a resource by its class (coarse, and so safe: two resources of one class count as one).
 */
final class Footprint {
    /** Kinds of things a key names. */
    static final char LIFE = 'L', MAILBOX = 'M', LINKS = 'K', MONITORS = 'O', TRAP = 'X', NAME = 'N', ALL_NAMES = 'A', CLOCK = 'C',
            TIMER = 'T', RESOURCE = 'R';
    /** How a step touches a thing: reads it, changes it, or moves it forward (the clock: two such steps commute). */
    private static final byte READ = 0, WRITE = 1, ADVANCE = 2;

    /** A thing a step can touch. */
    record Key(char kind, Object id) {}

    static final Key CLOCK_KEY = new Key(CLOCK, "clock");
    static final Key NAMES_KEY = new Key(ALL_NAMES, "names");

    private Key[] keys = new Key[6];
    private byte[] modes = new byte[6];
    private int size;
    /** Depends on every other step (the scenario's settling, a long timer firing). */
    private boolean global;

    void read(Key k) {
        add(k, READ);
    }

    void write(Key k) {
        add(k, WRITE);
    }

    /** Moves {@code k} forward to a value that does not depend on the order of such moves (the clock, to a later time). */
    void advance(Key k) {
        add(k, ADVANCE);
    }

    void global() {
        global = true;
    }

    boolean isGlobal() {
        return global;
    }

    private void add(Key k, byte mode) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(k)) {
                if (modes[i] != mode) modes[i] = WRITE;          // read and advanced, say: it depends on the order
                return;
            }
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            modes = Arrays.copyOf(modes, size * 2);
        }
        keys[size] = k;
        modes[size++] = mode;
    }

    /** Whether the two steps could give a different result in the other order. */
    boolean conflicts(Footprint o) {
        if (global || o.global) return true;
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < o.size; j++) {
                byte a = modes[i], b = o.modes[j];
                if (a == b && a != WRITE) continue;             // two reads, or two advances, commute
                if (keys[i].equals(o.keys[j])) return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        if (global) return "{everything}";
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < size; i++) {
            if (i > 0) sb.append(", ");
            sb.append(modes[i] == WRITE ? "w " : modes[i] == READ ? "r " : "a ").append(keys[i].kind()).append(':').append(keys[i].id());
        }
        return sb.append('}').toString();
    }
}
