package loombook.kernel.magic;

/**
 * A line magic: a line of a cell that starts with {@code %name}, like {@code %maven org.json:json:20240303}.
 * Register it in {@link Magics}; it runs in its place among the cell's Java code.
 */
public interface LineMagic {
    /** The name, without {@code %}. */
    String name();

    /** A one-line synopsis, like {@code %maven group:artifact:version ...}. */
    String usage();

    /** What it does, in a sentence or two. */
    String help();

    /**
     * Runs the magic with the rest of its line. Returns a value to show as the cell's result if the
     * magic is the cell's last line (null for nothing). Throws {@link MagicException} for a mistake
     * of the user's, with a message that says how to fix it.
     */
    Object run(String args, MagicContext context) throws Exception;
}
