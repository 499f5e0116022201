package loombook.kernel.notebook;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import loombook.Pid;
import loombook.kernel.eval.CellFrame;
import loombook.kernel.eval.CellFrames;
import loombook.kernel.eval.CompileError;

/**
 * Errors as a learner should read them: compile errors with the cell's line and column, the
 * source line and a caret; exceptions with the learner's own frames first, as cell lines, and
 * none of the kernel's machinery; crash reports of processes in OTP's shape with the same frames.
 */
final class Tracebacks {
    static final String RED = "\u001b[0;31m", BOLD_RED = "\u001b[1;31m", GREEN = "\u001b[0;32m",
            CYAN = "\u001b[0;36m", DIM = "\u001b[2m", BOLD = "\u001b[1m", RESET = "\u001b[0m";
    private static final int MAX_CAUSES = 6;
    private static final int MAX_FRAMES = 40;

    private final Supplier<CellFrames> frames;

    Tracebacks(Supplier<CellFrames> frames) {
        this.frames = frames;
    }

    CellError compile(List<CompileError> errors) {
        List<String> tb = new ArrayList<>();
        for (CompileError e : errors) {
            if (!tb.isEmpty()) tb.add("");
            tb.add(BOLD_RED + "CompileError" + RESET + ": " + CYAN + e.cell() + ", line " + e.line() + ", column " + e.column() + RESET);
            tb.add("    " + e.lineText());
            tb.add("    " + " ".repeat(Math.max(0, e.markFrom() - 1)) + RED + "^".repeat(Math.max(1, e.markTo() - e.markFrom() + 1)) + RESET);
            tb.add(e.message());
        }
        CompileError first = errors.getFirst();
        return new CellError("CompileError", first.message().lines().findFirst().orElse(""), tb);
    }

    CellError exception(Throwable t) {
        List<String> tb = new ArrayList<>();
        tb.add(BOLD_RED + name(t) + RESET + message(t, ": "));
        appendFrames(t, tb, true);
        appendCauses(t, tb, true);
        return new CellError(name(t), messageOf(t), tb);
    }

    CellError interrupted(Throwable where, boolean abandoned) {
        List<String> tb = new ArrayList<>();
        tb.add(BOLD_RED + "Interrupted" + RESET + ": " + (abandoned
                ? "the cell did not stop within a second (it is in code that ignores interrupts); its thread is left running. "
                  + "If the CPU stays busy, restart the kernel."
                : "the cell was stopped"));
        if (where != null && !abandoned) appendFrames(where, tb, true);
        tb.add(DIM + "Processes the cell started keep running: %processes lists them, %kill stops one." + RESET);
        return new CellError("Interrupted", abandoned ? "the cell did not stop" : "the cell was stopped", tb);
    }

    /** A cell stopped by the memory watchdog, or one that ran out of memory. */
    CellError memory(String ename, String text, Throwable where) {
        List<String> tb = new ArrayList<>();
        tb.add(BOLD_RED + ename + RESET + ": " + text);
        if (where != null) appendFrames(where, tb, true);
        return new CellError(ename, text, tb);
    }

    CellError magic(String usage, String message) {
        return new CellError("MagicError", message, List.of(BOLD_RED + "MagicError" + RESET + ": " + usage, message));
    }

    CellError notebookProcessExited(Pid old, Object reason, Pid fresh, boolean byUser) {
        String what = byUser ? "the cell called exit(" + reason + "): the notebook process " + old + " exited"
                : "the notebook process " + old + " exited with reason " + reasonText(reason)
                        + " (a linked process crashed, or it was killed)";
        return new CellError("ProcessExit", String.valueOf(reason), List.of(
                BOLD_RED + "ProcessExit" + RESET + ": " + what,
                "A fresh notebook process " + fresh + " takes over: self() is now " + fresh + ", with an empty mailbox."));
    }

    /** The notice for a notebook process that died while no cell was running. */
    String diedBetweenCells(Pid old, Object reason, Pid fresh) {
        return "The notebook process " + old + " exited since the last cell, with reason " + reasonText(reason)
                + ". A fresh process " + fresh + " takes over: self() is now " + fresh + ", with an empty mailbox.\n";
    }

    static String reasonText(Object reason) {
        return reason instanceof Throwable t ? CellFrames.displayName(t.getClass().getName()) + message(t, ": ") : String.valueOf(reason);
    }

    /**
     * {@code ** (Type) message}, the frames (code written in cells as cell lines) and the causes:
     * how a cell's group leader shows an exception in any report.
     */
    String describe(Throwable error) {
        StringBuilder sb = new StringBuilder();
        List<String> lines = new ArrayList<>();
        lines.add("** (" + name(error) + ")" + message(error, " "));
        appendFrames(error, lines, false);
        appendCauses(error, lines, false);
        for (String l : lines) sb.append(l).append('\n');
        return sb.toString();
    }

    private void appendCauses(Throwable t, List<String> tb, boolean colour) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(t);
        Throwable c = t.getCause();
        for (int n = 0; c != null && seen.add(c) && n < MAX_CAUSES; n++, c = c.getCause()) {
            tb.add((colour ? RED : "") + "caused by: " + name(c) + (colour ? RESET : "") + message(c, ": "));
            appendFrames(c, tb, colour);
        }
    }

    /**
     * The learner's frames first (as cell lines), then where in library code it was thrown. Without
     * any cell frame, the library frames that are not the kernel's or the runtime's machinery.
     */
    private void appendFrames(Throwable t, List<String> tb, boolean colour) {
        CellFrames map = frames.get();
        StackTraceElement[] st = t.getStackTrace();
        List<String> cell = new ArrayList<>();
        int firstCell = -1;
        for (int i = 0; i < st.length; i++) {
            Optional<CellFrame> f = map == null ? Optional.empty() : map.locate(st[i]);
            if (f.isPresent()) {
                if (firstCell < 0) firstCell = i;
                cell.add("    at " + (colour ? GREEN : "") + f.get() + (colour ? RESET : ""));
            } else if (CellFrames.isCellClass(st[i].getClassName()) && !isHidden(st[i])) {
                if (firstCell < 0) firstCell = i;
                cell.add("    at " + CellFrames.displayName(st[i].getClassName()) + "." + st[i].getMethodName());
            }
        }
        tb.addAll(collapse(cell));
        List<String> library = new ArrayList<>();
        int end = firstCell < 0 ? st.length : firstCell;
        for (int i = 0; i < end && library.size() < 8; i++) {
            if (!isMachinery(st[i])) library.add(st[i].getClassName() + "." + st[i].getMethodName());
        }
        if (library.isEmpty()) return;
        if (firstCell < 0) {
            for (String l : library) tb.add("    at " + l);
        } else {
            String inner = library.getFirst(), outer = library.getLast();
            tb.add("    " + (colour ? DIM : "") + "(thrown inside " + inner + (inner.equals(outer) ? "" : ", called through " + outer)
                    + ")" + (colour ? RESET : ""));
        }
    }

    /**
     * Deep recursion makes thousands of identical lines: keep the first few of a run, then say how
     * many more there were; and keep at most {@link #MAX_FRAMES} lines in all.
     */
    static List<String> collapse(List<String> lines) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size() && out.size() < MAX_FRAMES) {
            int j = i;
            while (j < lines.size() && lines.get(j).equals(lines.get(i))) j++;
            int run = j - i;
            for (int k = 0; k < Math.min(run, 3); k++) out.add(lines.get(i));
            if (run > 3) out.add("    ... the same line " + (run - 3) + " more times (a recursion that does not end?)");
            i = j;
        }
        if (i < lines.size()) out.add("    ... " + (lines.size() - i) + " more frames");
        return out;
    }

    private static boolean isHidden(StackTraceElement e) {
        return e.getClassName().contains("$$Lambda");
    }

    /** The kernel's, JShell's, the runtime's internals and the JDK's reflection and thread frames. */
    static boolean isMachinery(StackTraceElement e) {
        String c = e.getClassName();
        return c.startsWith("loombook.kernel.") || c.startsWith("jdk.jshell.") || c.startsWith("jdk.internal.")
                || c.startsWith("java.lang.reflect.") || c.startsWith("java.lang.invoke.") || c.startsWith("sun.")
                || c.startsWith("loombook.Proc") || c.startsWith("loombook.Mailbox") || c.startsWith("loombook.HostProcess")
                || c.startsWith("loombook.Scheduling") || c.startsWith("java.lang.ScopedValue")
                || c.startsWith("java.lang.VirtualThread") || c.startsWith("java.lang.Thread")
                || c.startsWith("java.util.concurrent.ForkJoin") || c.contains("$$Lambda");
    }

    static String name(Throwable t) {
        return CellFrames.displayName(t.getClass().getName());
    }

    private static String messageOf(Throwable t) {
        String m = CellFrames.cleanMessage(t.getMessage());
        return m == null ? "" : m;
    }

    private static String message(Throwable t, String separator) {
        String m = messageOf(t);
        return m.isEmpty() ? "" : separator + m;
    }
}
