package loombook.kernel.magic;

/** A magic used wrongly: the message says what is wrong and how to write it instead. Shown without a stack trace. */
public final class MagicException extends Exception {
    /** An error with the message to show. */
    public MagicException(String message) {
        super(message, null, false, false);
    }

    /** An error with the message to show and the cause behind it. */
    public MagicException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
