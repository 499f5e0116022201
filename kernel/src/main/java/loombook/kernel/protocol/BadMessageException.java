package loombook.kernel.protocol;

/** A message the kernel ignores: no delimiter, a bad signature, JSON that does not parse. */
final class BadMessageException extends Exception {
    BadMessageException(String why) {
        super(why, null, false, false);
    }
}
