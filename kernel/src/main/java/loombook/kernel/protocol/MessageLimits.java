package loombook.kernel.protocol;

import java.util.function.Consumer;

/**
 * How large a message the kernel accepts. A request over {@link #maxMessageBytes()} is read, its
 * signature checked, and refused with an error reply that says the limit and how to raise it; a
 * single frame over {@link #frameCap()} is refused by ZeroMQ as it is announced, before a byte of
 * it is buffered, and its sender is disconnected (an unauthenticated peer cannot make the kernel
 * reserve memory for a frame it only announces). The heartbeat and IOPub's subscriptions carry
 * a few bytes: their frames are capped at {@link #SMALL_FRAME}.
 *
 * <p>The maximum is read from {@code -Dloombook.maxMessageMB=N} or the environment variable
 * {@code LOOMBOOK_MAX_MESSAGE_MB} (whole mebibytes, 1 to 1024); the default is
 * {@value #DEFAULT_MAX_MB} MB.
 *
 * @param maxMessageBytes the largest message (all frames after the routing identities) accepted
 */
record MessageLimits(long maxMessageBytes) {
    /** The default maximum message size, in mebibytes. */
    static final int DEFAULT_MAX_MB = 32;
    /** The frame cap of the heartbeat and of IOPub's subscriptions. */
    static final long SMALL_FRAME = 64 * 1024;
    /** The system property that sets the maximum, in MB. */
    static final String PROPERTY = "loombook.maxMessageMB";
    /** The environment variable that sets the maximum, in MB (the property wins). */
    static final String ENV = "LOOMBOOK_MAX_MESSAGE_MB";

    MessageLimits {
        if (maxMessageBytes < 1024) throw new IllegalArgumentException("a maximum message size under 1 KB: " + maxMessageBytes);
    }

    /** The frame cap of the shell, control and stdin sockets: twice the maximum message size. */
    long frameCap() {
        return 2 * maxMessageBytes;
    }

    /** The limits the kernel's settings ask for; a setting that is not a number from 1 to 1024 is logged and the default used. */
    static MessageLimits fromSettings(Consumer<String> log) {
        String where = "-D" + PROPERTY;
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) {
            v = System.getenv(ENV);
            where = ENV;
        }
        if (v == null || v.isBlank()) return new MessageLimits(DEFAULT_MAX_MB * 1024L * 1024);
        try {
            int mb = Integer.parseInt(v.strip());
            if (mb >= 1 && mb <= 1024) return new MessageLimits(mb * 1024L * 1024);
        } catch (NumberFormatException e) {
            // said below
        }
        log.accept(where + "=" + v + " is not a size in MB from 1 to 1024; the maximum message size stays " + DEFAULT_MAX_MB + " MB");
        return new MessageLimits(DEFAULT_MAX_MB * 1024L * 1024);
    }

    /** {@code bytes} in MB for a person, one decimal. */
    static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
