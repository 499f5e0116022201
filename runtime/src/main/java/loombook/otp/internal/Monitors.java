package loombook.otp.internal;

import loombook.Down;
import loombook.Process;
import loombook.Ref;

/**
 * Turning off monitors without leaving a DOWN behind: {@code demonitor(ref, true)}, which the core
 * guarantees (a DOWN is delivered before its monitor can be seen as gone).
 */
public final class Monitors {
    private Monitors() {}

    /** Turns off the monitor {@code ref} whose DOWN has not been received, leaving no DOWN behind. */
    public static void drop(Ref ref) {
        Process.demonitor(ref, true);
    }

    /** Waits up to {@code millis} for the DOWN of {@code ref}. Null on timeout. */
    public static Down awaitDown(Ref ref, long millis) {
        return Process.receive(m -> m instanceof Down x && x.ref().equals(ref) ? x : null, millis, () -> null);
    }
}
