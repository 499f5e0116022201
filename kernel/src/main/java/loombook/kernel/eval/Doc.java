package loombook.kernel.eval;

/**
 * The documentation of one element: its signature and its Javadoc, as plain text and as HTML.
 *
 * @param signature like {@code Pid Process.spawn(Runnable body)}, or {@code int x = 42} for a variable
 * @param text the Javadoc, reflowed (may be empty)
 * @param html the Javadoc as HTML: the comment's own markup, sanitised (may be empty)
 */
public record Doc(String signature, String text, String html) {}
