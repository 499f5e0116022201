package loombook.kernel.notebook;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import loombook.GroupLeader;
import loombook.Pid;
import loombook.kernel.display.DisplaySink;
import loombook.kernel.display.MimeBundle;

/**
 * A cell as a group leader, in Erlang's sense: the notebook's process takes the running cell as its
 * group leader, so every process the cell spawns (and every process those spawn) inherits it, and
 * their output, crash reports and displays land under that cell, however long after it finished.
 */
final class CellGroupLeader implements GroupLeader, DisplaySink {
    private final String name;
    private final CellOutput output;
    /** The same cell run again, once it was: where this run's processes write from then on. */
    private volatile CellGroupLeader successor;
    private final Tracebacks tracebacks;
    private final DisplayIds displayIds;
    private final Utf8Sink outBytes;
    private final Utf8Sink errBytes;
    private final PrintStream out;
    private final PrintStream err;

    CellGroupLeader(String name, CellOutput output, Tracebacks tracebacks, DisplayIds displayIds) {
        this.name = Objects.requireNonNull(name);
        this.output = Objects.requireNonNull(output);
        this.tracebacks = tracebacks;
        this.displayIds = Objects.requireNonNull(displayIds);
        this.outBytes = new Utf8Sink(text -> output().stdout(text));
        this.errBytes = new Utf8Sink(text -> output().stderr(text));
        this.out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        this.err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    }

    @Override
    public PrintStream out() {
        return out;
    }

    @Override
    public PrintStream err() {
        return err;
    }

    /** The byte stream behind {@link #out()}, for {@code System.out}. */
    OutputStream outBytes() {
        return outBytes;
    }

    /** The byte stream behind {@link #err()}, for {@code System.err}. */
    OutputStream errBytes() {
        return errBytes;
    }

    /** The Jupyter side of this cell: its own request's, or that of the latest run of the same cell. */
    CellOutput output() {
        CellGroupLeader next = successor;
        return next == null ? output : next.output();
    }

    /**
     * The same cell is run again as {@code next}: frontends stop listening to this run's request, so
     * what this run's processes write from now on goes under {@code next}.
     */
    void runAgainAs(CellGroupLeader next) {
        if (next != this) successor = next;
    }

    /** Whether this run's output goes, now or through later runs, to {@code run}'s. */
    boolean writesTo(CellGroupLeader run) {
        for (CellGroupLeader g = this; g != null; g = g.successor) if (g == run) return true;
        return false;
    }

    /** Exceptions in crash reports (a process's, a GenServer's...) with the cell lines of code written in cells. */
    @Override
    public String describe(Throwable error) {
        return tracebacks.describe(error);
    }

    /**
     * A new display goes under this cell (under its latest run, once it was run again); an update goes out as the output of the cell that showed
     * the id (its request as parent), wherever it comes from.
     */
    @Override
    public void display(MimeBundle bundle, String displayId, boolean update) {
        out.flush();
        err.flush();
        if (update) {
            displayIds.owner(displayId).display(bundle.data(), bundle.metadata(), displayId, true);
        } else {
            CellOutput current = output();
            displayIds.shown(displayId, current);
            current.display(bundle.data(), bundle.metadata(), displayId, false);
        }
    }

    /** The cell's name, {@code Cell In[5]}: what a process's info shows as its group leader. */
    @Override
    public String toString() {
        return name;
    }
}
