package loombook.kernel.magic;

/**
 * One part of a cell after magics are found: Java code, or a line magic call.
 *
 * @param magic the line magic's name, or null for Java code
 * @param text the Java code, or the magic's arguments
 * @param firstLine the line of the cell where it starts, from 1
 */
public record MagicLine(String magic, String text, int firstLine) {
    /** Whether this part is Java code. */
    public boolean isCode() {
        return magic == null;
    }
}
