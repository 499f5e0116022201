package loombook.kernel.eval;

import java.util.Objects;

/**
 * Where a piece of evaluated code comes from, for messages: the name a learner sees for the cell
 * ({@code Cell In[5]}, or a file name for {@code %load}) and the line of that cell the code starts
 * at (code after a magic line does not start at line 1).
 *
 * @param name how the cell is called in errors and stack traces
 * @param firstLine the line of the cell where this code starts, from 1
 */
public record CellRef(String name, int firstLine) {
    /** Checks the arguments. */
    public CellRef {
        Objects.requireNonNull(name, "name");
        if (firstLine < 1) throw new IllegalArgumentException("firstLine starts at 1, not " + firstLine);
    }

    /** The reference for the execution count {@code count} ({@code Cell In[count]}, from line 1). */
    public static CellRef ofCount(int count) {
        return new CellRef("Cell In[" + count + "]", 1);
    }

    /** The same cell, starting {@code lines} lines further down. */
    public CellRef plusLines(int lines) {
        return new CellRef(name, firstLine + lines);
    }
}
