package loombook.kernel.notebook;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import loombook.Pid;
import loombook.ProcessExit;
import loombook.kernel.display.MimeBundle;
import loombook.kernel.display.Renderers;
import loombook.kernel.eval.CellFrame;
import loombook.kernel.eval.CellRef;
import loombook.kernel.eval.EvalOutcome;
import loombook.kernel.eval.Evaluator;
import loombook.kernel.eval.StrayThreads;
import loombook.kernel.magic.CellMagic;
import loombook.kernel.magic.LineMagic;
import loombook.kernel.magic.MagicContext;
import loombook.kernel.magic.MagicException;
import loombook.kernel.magic.MagicLine;
import loombook.kernel.magic.MagicParser;
import loombook.kernel.magic.Magics;
import loombook.kernel.magic.ParsedCell;

/**
 * One execution of one cell: its code and magics in order, stopping at the first error; the value
 * of the last expression; the notebook process's fate. It is also what magics see of the notebook
 * while they run ({@link MagicContext}).
 */
final class CellRun implements MagicContext {
    private final Notebook notebook;
    private final Evaluator evaluator;
    private final CellGroupLeader gl;
    private final String cellName;
    private boolean hasValue;
    private Object value;
    private CellError error;

    CellRun(Notebook notebook, Evaluator evaluator, CellGroupLeader gl, String cellName) {
        this.notebook = notebook;
        this.evaluator = evaluator;
        this.gl = gl;
        this.cellName = cellName;
    }

    CellReport execute(String code) {
        ParsedCell cell = MagicParser.parse(code);
        if (cell.cellMagic() != null) {
            Optional<CellMagic> magic = notebook.magics().cell(cell.cellMagic());
            if (magic.isEmpty()) {
                error = notebook.tracebacks().magic("%%" + cell.cellMagic(), "there is no cell magic %%" + cell.cellMagic()
                        + " (%lsmagic lists the magics)");
            } else {
                runMagic("%%" + cell.cellMagic(), magic.get().usage(), () -> magic.get().run(cell.cellMagicArgs(), cell.cellMagicBody(), this));
            }
        } else {
            for (MagicLine part : cell.parts()) {
                if (error != null) break;
                if (part.isCode()) {
                    evaluate(part.text(), part.firstLine());
                } else {
                    Optional<LineMagic> magic = notebook.magics().line(part.magic());
                    if (magic.isEmpty()) {
                        error = notebook.tracebacks().magic("%" + part.magic(), "there is no line magic %" + part.magic()
                                + " (%lsmagic lists the magics)");
                    } else {
                        runMagic("%" + part.magic(), magic.get().usage(), () -> magic.get().run(part.text(), this));
                    }
                }
            }
        }
        return report();
    }

    private interface MagicCall {
        Object run() throws Exception;
    }

    private void runMagic(String name, String usage, MagicCall call) {
        hasValue = false;
        value = null;
        try {
            Object result = call.run();
            if (result != null && error == null) {
                hasValue = true;
                value = result;
            }
        } catch (MagicException e) {
            error = notebook.tracebacks().magic(usage, name + ": " + e.getMessage());
        } catch (Exception | LinkageError e) {
            error = notebook.tracebacks().exception(e);
        }
        gl.out().flush();
    }

    private CellReport report() {
        gl.out().flush();
        gl.err().flush();
        if (error != null || !hasValue) return new CellReport(null, Map.of(), error);
        MimeBundle bundle;
        Object v = value;
        try {
            bundle = (MimeBundle) evaluator.runInCell(() -> Renderers.standard().render(v));
        } catch (Exception e) {
            bundle = MimeBundle.text("(the value cannot be shown: " + e + ")");
        }
        if (bundle == null) return new CellReport(null, Map.of(), null);
        return new CellReport(bundle.data(), bundle.metadata(), null);
    }

    // ------------------------------------------------------------------ MagicContext

    @Override
    public PrintStream out() {
        return gl.out();
    }

    @Override
    public PrintStream err() {
        return gl.err();
    }

    @Override
    public boolean evaluate(String code, int firstLine) {
        return run(code, new CellRef(cellName, Math.max(1, firstLine)));
    }

    @Override
    public boolean evaluateFile(String code, String fileName) {
        return run(code, new CellRef(fileName, 1));
    }

    private String code = "";

    /**
     * The variables this cell declares, after it was stopped for memory or ran out of it. If the heap
     * is still all but full, they are set to null (the kernel would otherwise spend its time in
     * garbage collections and stop answering), and the names come back as "cleared: ...".
     */
    private MemoryWatchdog.Held variablesHeld() {
        List<String> names = evaluator.variables().declaredIn(code);
        if (names.isEmpty() || !MemoryWatchdog.stillFull()) return new MemoryWatchdog.Held(names, List.of());
        return new MemoryWatchdog.Held(names, evaluator.variables().clear(names));
    }

    private boolean run(String code, CellRef ref) {
        this.code = code;
        hasValue = false;
        value = null;
        EvalOutcome outcome = evaluator.evaluate(code, ref);
        for (String note : outcome.notes()) gl.err().println("note: " + note);
        boolean ok = switch (outcome) {
            case EvalOutcome.Success s -> {
                hasValue = s.hasValue();
                value = s.value();
                yield true;
            }
            case EvalOutcome.CompileFailed c -> {
                error = notebook.tracebacks().compile(c.errors());
                yield false;
            }
            case EvalOutcome.Failed f -> {
                failed(f.error());
                yield false;
            }
            case EvalOutcome.Interrupted i -> {
                String memory = notebook.memoryStop();
                error = memory != null && !i.abandoned()
                        ? notebook.tracebacks().memory("MemoryStop", MemoryWatchdog.cellStopped(memory, variablesHeld()), i.where())
                        : notebook.tracebacks().interrupted(i.where(), i.abandoned());
                if (i.abandoned()) notebook.abandonHost(gl);     // the left-behind thread is still "in" the old process
                yield false;
            }
        };
        if (error == null) notebook.checkHost(gl, this);
        return ok;
    }

    private void failed(Throwable t) {
        if (t instanceof ProcessExit pe) {
            Notebook.HostChange change = notebook.hostExited(pe.reason(), gl);
            error = notebook.tracebacks().notebookProcessExited(change);
        } else if (t instanceof OutOfMemoryError oom) {
            error = notebook.tracebacks().memory("java.lang.OutOfMemoryError", MemoryWatchdog.outOfMemory(oom, variablesHeld()), oom);
        } else {
            error = notebook.tracebacks().exception(t);
        }
    }

    /** The notebook process died while this cell ran, without the cell's code noticing: say so. */
    void hostDiedDuring(Notebook.HostChange change) {
        gl.err().print(notebook.tracebacks().diedDuringCell(change.old(), change.reason(), change.fresh(), change.died()));
    }

    @Override
    public void addToClasspath(Path path) {
        evaluator.addToClasspath(path);
    }

    @Override
    public List<Path> classpath() {
        return evaluator.classpathAdded();
    }

    @Override
    public Path workingDirectory() {
        return notebook.workingDirectory();
    }

    @Override
    public int restartRuntime() {
        return notebook.restartRuntime(gl);
    }

    @Override
    public Magics magics() {
        return notebook.magics();
    }

    @Override
    public Pid notebookProcess() {
        return notebook.pid();
    }

    @Override
    public List<StrayThread> strayThreads() {
        List<StrayThread> out = new ArrayList<>();
        for (Thread t : StrayThreads.live()) {
            String kind = t.isVirtual() ? "virtual" : t.isDaemon() ? "daemon" : "platform";
            out.add(new StrayThread(threadName(t), kind, t.getState().toString(), where(t)));
        }
        return out;
    }

    @Override
    public boolean stopStrayThread(String name) throws MagicException {
        for (Thread t : StrayThreads.live()) {
            if (threadName(t).equals(name) || ("#" + t.threadId()).equals(name)) {
                try {
                    return StrayThreads.stop(t, 1_000);
                } catch (IllegalArgumentException e) {
                    throw new MagicException(e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MagicException("interrupted while waiting for " + name + " to stop");
                }
            }
        }
        throw new MagicException("no thread " + name + " started by a cell runs cell code now (%threads lists them)");
    }

    private static String threadName(Thread t) {
        return t.getName().isEmpty() ? "#" + t.threadId() : t.getName();
    }

    /** The innermost cell line {@code t} runs, as "Cell In[3] line 2 (in spin)", or "". */
    private String where(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            Optional<CellFrame> f = evaluator.frames().locate(e);
            if (f.isPresent()) {
                CellFrame c = f.get();
                return c.cell() + " line " + c.line() + (c.function() != null ? " (in " + c.function() + ")" : "");
            }
        }
        return "";
    }
}
