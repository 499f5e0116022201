package loombook.kernel.notebook;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import loombook.Pid;
import loombook.otp.CallExit;
import loombook.kernel.eval.CellClasses;
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
    private final Supplier<CellClasses> classes;

    /** Tracebacks with the cell lines of {@code frames} and the bytecode of {@code classes} (either may supply null: not started yet). */
    Tracebacks(Supplier<CellFrames> frames, Supplier<CellClasses> classes) {
        this.frames = frames;
        this.classes = classes;
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

    /** A cell interrupted while it waited to run (JShell still starting, say): none of it ran. */
    CellError interruptedBeforeStart() {
        List<String> tb = new ArrayList<>();
        tb.add(BOLD_RED + "Interrupted" + RESET + ": the cell was stopped before it ran, while it waited for the kernel (still starting, or busy with another request); none of its code ran.");
        tb.add(DIM + "Run it again to run it." + RESET);
        return new CellError("Interrupted", "the cell was stopped before it ran", tb);
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

    /**
     * The cell's code ended the notebook process: a call that failed ({@link CallExit}: a call exits
     * its caller, as in Elixir), {@code exit(reason)} in the cell, or an exit signal (a linked crash,
     * a kill). Says what died with it.
     */
    CellError notebookProcessExited(Notebook.HostChange change) {
        Object reason = change.reason();
        List<String> tb = new ArrayList<>();
        String head;
        if (change.byUser() && reason instanceof CallExit call) {
            head = "the notebook process " + change.old() + " " + call;
            tb.add(BOLD_RED + "ProcessExit" + RESET + ": " + head);
            tb.add("A call that fails exits its caller, as in Elixir. To go on instead, catch it: try { ... } catch (ProcessExit e) { ... }");
        } else {
            head = change.byUser() ? "the cell called exit(" + reasonText(reason) + "): the notebook process " + change.old() + " exited"
                    : "the notebook process " + change.old() + " exited with reason " + reasonText(reason) + " (a linked process crashed, or it was killed)";
            tb.add(BOLD_RED + "ProcessExit" + RESET + ": " + head);
        }
        tb.add("A fresh notebook process " + change.fresh() + " takes over: self() is now " + change.fresh() + ", with an empty mailbox.");
        tb.addAll(diedWith(change.died(), change.byUser()));
        return new CellError("ProcessExit", reasonText(reason), tb);
    }

    /** The notice for a notebook process that died while no cell was running. */
    String diedBetweenCells(Pid old, Object reason, Pid fresh, List<HostLinks.Linked> died) {
        return lines("The notebook process " + old + " exited since the last cell, with reason " + reasonText(reason)
                + ". A fresh process " + fresh + " takes over: self() is now " + fresh + ", with an empty mailbox.", died);
    }

    /** The notice for a notebook process that died while a cell ran, without the cell's code noticing. */
    String diedDuringCell(Pid old, Object reason, Pid fresh, List<HostLinks.Linked> died) {
        return lines("The notebook process " + old + " exited during this cell, with reason " + reasonText(reason)
                + ". A fresh process " + fresh + " takes over: self() is now " + fresh + ", with an empty mailbox.", died);
    }

    private static String lines(String first, List<HostLinks.Linked> died) {
        StringBuilder sb = new StringBuilder(first).append('\n');
        for (String l : diedWith(died, false)) sb.append(l).append('\n');
        return sb.toString();
    }

    /**
     * The processes that died with the notebook process, at most ten by name, and how to keep them.
     * When an exit signal ended it ({@code byUser} false), the linked process whose crash sent it is
     * dead too and cannot be told from the others (the runtime does not keep who sent a signal): the
     * list then says so.
     */
    static List<String> diedWith(List<HostLinks.Linked> died, boolean byUser) {
        if (died.isEmpty()) return List.of();
        List<String> out = new ArrayList<>();
        boolean one = died.size() == 1;
        out.add("Linked to it, " + (one ? "this process" : "these " + died.size() + " processes")
                + (byUser ? " died with it:" : (one ? " is" : " are") + " dead too (died with it, or crashed and ended it):"));
        for (int i = 0; i < Math.min(10, died.size()); i++) out.add("    " + died.get(i));
        if (died.size() > 10) out.add("    ... and " + (died.size() - 10) + " more");
        out.add("To keep what a cell starts alive when the notebook process dies, start it with start instead of startLink"
                + " (GenServer.start, Supervisor.start), or call trapExit(true) in the notebook first.");
        return out;
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
        List<StackTraceElement> cellFrames = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int firstCell = -1;
        CellClasses classes = this.classes.get();
        for (int i = 0; i < st.length; i++) {
            if (classes != null && classes.isBridge(st[i].getClassName(), st[i].getMethodName(), st[i].getLineNumber())) continue;
            Optional<CellFrame> f = map == null ? Optional.empty() : map.locate(st[i]);
            if (f.isPresent()) {
                if (firstCell < 0) firstCell = i;
                cell.add("    at " + (colour ? GREEN : "") + f.get() + (colour ? RESET : ""));
            } else if (CellFrames.isCellClass(st[i].getClassName()) && !isHidden(st[i])) {
                if (firstCell < 0) firstCell = i;
                String owner = CellFrames.displayName(st[i].getClassName());
                cell.add("    at " + (owner.equals("cell") ? "" : owner + ".") + st[i].getMethodName());
            } else {
                continue;
            }
            cellFrames.add(st[i]);
            names.add(f.map(CellFrame::function).orElse(st[i].getMethodName()));
        }
        tb.addAll(collapse(cell));
        if (t instanceof StackOverflowError) {
            stateLoopHint(cell, cellFrames, names).ifPresent(h -> tb.add("    " + (colour ? CYAN : "") + h + (colour ? RESET : "")));
            return;         // where in the runtime the stack ran out says nothing
        }
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
     * For a stack overflow in methods that receive a message and call themselves (or each other) for
     * the next one, Elixir's {@code loop(state)} written literally: the idiom that runs in constant stack.
     */
    private Optional<String> stateLoopHint(List<String> lines, List<StackTraceElement> frames, List<String> names) {
        Repeat r = firstRepeat(lines);
        CellClasses classes = this.classes.get();
        if (r == null || classes == null) return Optional.empty();
        List<String> who = new ArrayList<>();
        boolean receives = false;
        for (int k = r.start() + r.period() - 1; k >= r.start(); k--) {
            StackTraceElement e = frames.get(k);
            receives |= classes.calls(e.getClassName(), e.getMethodName(), "loombook/Process", "receive");
            if (!who.contains(names.get(k))) who.add(names.get(k));
        }
        if (!receives) return Optional.empty();
        String them = String.join(" and ", who);
        return Optional.of("hint: " + them + (who.size() == 1 ? " receives a message and calls itself" : " receive messages and call each other")
                + " for the next one, so every message adds a frame until the stack overflows; loop(state, (s, m) -> next(newState))"
                + " runs the same state loop in constant stack");
    }

    /**
     * Deep recursion makes thousands of identical lines, or of identical pairs when two methods call
     * each other: keep the first few of a run (three lines, or two turns of a cycle), then say how
     * many more there were; and keep at most {@link #MAX_FRAMES} lines in all.
     */
    static List<String> collapse(List<String> lines) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size() && out.size() < MAX_FRAMES) {
            Repeat r = repeatAt(lines, i);
            if (r == null) {
                out.add(lines.get(i++));
            } else if (r.period() == 1) {
                for (int k = 0; k < 3; k++) out.add(lines.get(i));
                out.add("    ... the same line " + (r.turns() - 3) + " more times (a recursion that does not end?)");
                i += r.turns();
            } else {
                for (int k = 0; k < 2 * r.period(); k++) out.add(lines.get(i + k));
                out.add("    ... the same " + r.period() + " lines " + (r.turns() - 2) + " more times (methods that call each other"
                        + " without end?)");
                i += r.turns() * r.period();
            }
        }
        if (i < lines.size()) out.add("    ... " + (lines.size() - i) + " more frames");
        return out;
    }

    /** The longest recursion cycle this traceback searches for: methods calling each other in a ring of up to four. */
    private static final int MAX_PERIOD = 4;

    /**
     * A run of lines that repeats from index {@code start}: {@code period} lines at a time,
     * {@code turns} times in a row (at least three).
     */
    record Repeat(int start, int period, int turns) {}

    /** The repeating run that starts at {@code i}, the one covering most lines (the shorter period on a tie), or null. */
    static Repeat repeatAt(List<String> lines, int i) {
        Repeat best = null;
        for (int p = 1; p <= MAX_PERIOD && i + 3 * p <= lines.size(); p++) {
            List<String> first = lines.subList(i, i + p);
            int turns = 1;
            while (i + (turns + 1) * p <= lines.size() && lines.subList(i + turns * p, i + (turns + 1) * p).equals(first)) turns++;
            if (turns >= 3 && (best == null || turns * p > best.turns() * best.period())) best = new Repeat(i, p, turns);
        }
        return best;
    }

    /** The first recursion in {@code lines}, or null. */
    static Repeat firstRepeat(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            Repeat r = repeatAt(lines, i);
            if (r != null) return r;
        }
        return null;
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
                || c.startsWith("loombook.Scheduling") || c.startsWith("loombook.StateLoop") || c.startsWith("java.lang.ScopedValue")
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
