package loombook.kernel.eval;

/**
 * A type declared in a cell that now compiles to a new class: the cell declared it again, or JShell
 * recompiled it because something it uses changed. Objects and running code made before keep the
 * old class: a process started with the old {@code Stop} never matches a new {@code Stop()} message.
 *
 * <pre>{@code
 * // cell 1: record Stop() {}      cell 2: spawn(...case Stop s -> ...)      cell 1 again:
 * new Redefinition("Stop", "REPL.$JShell$12$Stop", "REPL.$JShell$12B$Stop", "Cell In[3]", true)
 * }</pre>
 *
 * @param name the type's name as written ({@code Stop})
 * @param oldClass the binary name of the class it compiled to before
 * @param newClass the binary name of the class it compiles to now
 * @param cell the cell that caused it
 * @param declared whether the cell declared it (false: JShell recompiled it because a type it uses changed)
 */
public record Redefinition(String name, String oldClass, String newClass, String cell, boolean declared) {}
