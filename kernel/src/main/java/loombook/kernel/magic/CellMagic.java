package loombook.kernel.magic;

/**
 * A cell magic: a first line {@code %%name args} that takes the whole rest of the cell, like
 * {@code %%time}. Register it in {@link Magics}.
 */
public interface CellMagic {
    /** The name, without {@code %%}. */
    String name();

    /** A one-line synopsis, like {@code %%time}. */
    String usage();

    /** What it does, in a sentence or two. */
    String help();

    /**
     * Runs the magic on {@code body}: the cell without its first line, which is left blank so that
     * line numbers in {@code body} are the cell's. Returns a value to show as the cell's result, or null.
     */
    Object run(String args, String body, MagicContext context) throws Exception;
}
