package loombook.kernel.protocol;

/**
 * A message the kernel refuses: no delimiter, a bad signature, a replay, JSON that does not parse,
 * fields of the wrong type, a message over the size limit. {@link #kind()} names the reason in a few
 * words (the log says each kind once, then counts); when the message's header was sound, the
 * refusal carries {@link #answerable()} (the message with an empty content), so that a request can
 * get an error reply instead of silence.
 */
final class BadMessageException extends Exception {
    private final String kind;
    private final transient WireMessage answerable;

    BadMessageException(String kind, String why) {
        this(kind, why, null);
    }

    BadMessageException(String kind, String why, WireMessage answerable) {
        super(why, null, false, false);
        this.kind = kind;
        this.answerable = answerable;
    }

    /** The reason in a few fixed words ("bad signature", "replayed", "malformed header"...). */
    String kind() {
        return kind;
    }

    /** The refused message with a sound header and an empty content, or null if it cannot be answered. */
    WireMessage answerable() {
        return answerable;
    }
}
