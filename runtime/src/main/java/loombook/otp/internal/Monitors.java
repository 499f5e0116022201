package loombook.otp.internal;

import loombook.Down;
import loombook.Process;
import loombook.Ref;

/**
 * Turning off monitors without leaving a DOWN behind. Two things in the core make this more than
 * {@code demonitor(ref, true)} (both reported to the runtime's owner):
 * <ul>
 *   <li>a process that is dying has taken its monitors but may not have delivered their DOWNs yet,
 *       so {@code demonitor(ref, true)} can return before the DOWN arrives, and it then arrives
 *       after the flush. But when {@code demonitor(ref)} returns false for a monitor whose DOWN we
 *       have not taken, that DOWN is certain to come: {@link #drop} takes it.</li>
 *   <li>a delivered DOWN leaves the monitor in the watcher's table (and the dead process
 *       reachable from it); {@link #forget} removes it.</li>
 * </ul>
 */
public final class Monitors {
    /** How long to wait for a DOWN that the core has promised; only a guard. */
    private static final long GUARD = 5_000;

    private Monitors() {}

    /** Turns off the monitor {@code ref} whose DOWN has not been received, leaving no DOWN behind. */
    public static void drop(Ref ref) {
        if (Process.demonitor(ref)) return;
        Process.receive(m -> m instanceof Down d && d.ref().equals(ref) ? d : null, GUARD, () -> null);
        Process.demonitor(ref);
    }

    /** After its DOWN was received: forgets the monitor. */
    public static void forget(Ref ref) {
        Process.demonitor(ref);
    }

    /** Waits up to {@code millis} for the DOWN of {@code ref}; forgets the monitor when it comes. Null on timeout. */
    public static Down awaitDown(Ref ref, long millis) {
        Down d = Process.receive(m -> m instanceof Down x && x.ref().equals(ref) ? x : null, millis, () -> null);
        if (d != null) forget(ref);
        return d;
    }
}
