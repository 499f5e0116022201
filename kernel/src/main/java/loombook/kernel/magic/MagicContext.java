package loombook.kernel.magic;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What a magic may do in the notebook: run Java code as part of the cell, change the class path,
 * write to the cell, restart the runtime. The notebook implements it; magics see nothing else of it.
 */
public interface MagicContext {
    /** The cell's standard output. */
    PrintStream out();

    /** The cell's standard error. */
    PrintStream err();

    /**
     * Runs {@code code} as part of the cell, as if it were written at line {@code firstLine} of it:
     * output, the value of a last expression and errors are reported as for the cell's own code.
     * Returns whether it ran to the end (false after a compile error, an exception or an interrupt;
     * the cell then stops).
     */
    boolean evaluate(String code, int firstLine);

    /** As {@link #evaluate}, for code loaded from a file: errors name {@code fileName}. */
    boolean evaluateFile(String code, String fileName);

    /** Makes the classes of {@code path} (a jar or a directory) available to cells. */
    void addToClasspath(Path path);

    /** What was added to the class path so far, in order. */
    List<Path> classpath();

    /** The directory relative paths are resolved against (the notebook's directory). */
    Path workingDirectory();

    /**
     * Kills every process, cancels every timer and forgets every registered name; the notebook gets
     * a fresh process. Returns how many processes were killed.
     */
    int restartRuntime();

    /** The registry, for magics that list magics. */
    Magics magics();

    /**
     * A thread that runs code from cells without being a process (a cell started it).
     *
     * @param name its name, or {@code #id} for one without a name
     * @param kind "platform", "daemon" or "virtual"
     * @param state its {@link Thread.State}
     * @param where the cell line it runs, or "" if it is in no cell code now
     */
    record StrayThread(String name, String kind, String state, String where) {}

    /** The threads that cells started and that run cell code (see {@code %threads}), oldest first. */
    default List<StrayThread> strayThreads() {
        return List.of();
    }

    /**
     * Stops the thread that {@link #strayThreads} names {@code name}, at its next loop or call of
     * cell code, and waits for it up to a second; returns whether it ended.
     *
     * @throws MagicException if no such thread runs
     */
    default boolean stopStrayThread(String name) throws MagicException {
        throw new MagicException("no thread " + name + " started by a cell");
    }

    /** The notebook's process (what {@code self()} is in the cell's code), or null if there is none. */
    default loombook.Pid notebookProcess() {
        return null;
    }
}
