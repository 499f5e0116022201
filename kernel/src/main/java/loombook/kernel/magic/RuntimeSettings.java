package loombook.kernel.magic;

import java.util.Arrays;
import java.util.Locale;
import loombook.Node;
import loombook.SharingPolicy;

/** The runtime's settings ({@code Node.*}) as {@link Setting}s. */
final class RuntimeSettings {
    private static volatile boolean registered;

    private RuntimeSettings() {}

    static void registerOnce() {
        if (registered) return;
        synchronized (RuntimeSettings.class) {
            if (registered) return;
            registered = true;
            Setting.register(new Setting("reductionBudget", "reductions a process runs before it yields its carrier (Node.reductionBudget)",
                    () -> String.valueOf(Node.reductionBudget()), v -> Node.reductionBudget(Setting.wholeNumber("reductionBudget", v))));
            Setting.register(new Setting("timeSliceMillis", "how long woken processes may run ahead of one that yielded (Node.timeSliceMillis)",
                    () -> trim(Node.timeSliceMillis()), v -> Node.timeSliceMillis(Setting.number("timeSliceMillis", v))));
            Setting.register(new Setting("maxStackDepth", "frames a process's stack may hold before StackOverflowError (Node.maxStackDepth)",
                    () -> String.valueOf(Node.maxStackDepth()), v -> Node.maxStackDepth(Setting.wholeNumber("maxStackDepth", v))));
            Setting.register(new Setting("processLimit", "processes alive at once; spawn beyond fails with SystemLimitException (Node.processLimit)",
                    () -> String.valueOf(Node.processLimit()), v -> Node.processLimit(Setting.wholeNumber("processLimit", v))));
            Setting.register(new Setting("mailboxWarning", "mailbox length that earns a warning, again at 10x and 100x; 0 is off (Node.mailboxWarning)",
                    () -> String.valueOf(Node.mailboxWarning()), v -> Node.mailboxWarning(Setting.wholeNumber("mailboxWarning", v))));
            Setting.register(new Setting("sharingPolicy", "what sending a message with mutable state does: ALLOW, WARN or REJECT (Node.sharingPolicy)",
                    () -> Node.sharingPolicy().name(), v -> Node.sharingPolicy(policy(v))));
        }
    }

    private static SharingPolicy policy(String v) {
        try {
            return SharingPolicy.valueOf(v.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sharingPolicy is one of " + Arrays.toString(SharingPolicy.values()) + ", not '" + v + "'");
        }
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
