package loombook.kernel.eval;

/**
 * A stack frame of code written in a cell, located in the cell: what a learner needs to find the
 * line, instead of {@code REPL.$JShell$12.do_it$($JShell$12.java:7)}.
 *
 * @param cell the cell's name ({@code Cell In[5]}) or file name
 * @param line the line in that cell, from 1
 * @param function the method or lambda (like {@code divide}, {@code Greeter.hello},
 *                 {@code lambda in work}), or null for the cell's own top-level code
 */
public record CellFrame(String cell, int line, String function) {
    /** {@code divide (Cell In[3], line 2)} or {@code Cell In[4], line 1}. */
    @Override
    public String toString() {
        String where = cell + ", line " + line;
        return function == null ? where : function + " (" + where + ")";
    }
}
