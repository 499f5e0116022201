package loombook.kernel.notebook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessInfo;
import loombook.kernel.eval.CellClasses;
import loombook.kernel.eval.Redefinition;

/**
 * Types a cell gave new classes while processes still run code made with the old ones. Re-running
 * the cell that declares {@code record Stop() {}} makes a new class: a process started before
 * matches the old {@code Stop}, and a new {@code Stop()} sent to it stays in its mailbox for ever.
 * After such a cell, the cell says which processes still use the old classes; after any later cell,
 * it says when a message of a new class waits in the mailbox of such a process.
 *
 * <p>A process uses a type's old class when its current function (the code it waits in) is in
 * that class or refers to it (read from the bytecode), or when it is a behaviour whose callback
 * class is that type (its label), started before the cell that redefined it.
 */
final class Redefinitions {
    /** How many processes a scan looks at, at most: a spawn-heavy notebook is not held up. */
    static final int MAX_SCANNED = 20_000;

    /** How long the mailbox check waits, at most, for processes still handling what the cell sent to settle. */
    static final long SETTLE_NANOS = 50_000_000;

    private final Supplier<CellClasses> classes;
    private final List<Redefinition> pending = new CopyOnWriteArrayList<>();
    /** Processes that run code made with old classes: what they use, and where the types changed. */
    private final Map<Pid, Stale> stale = new ConcurrentHashMap<>();
    /** {@code pid class} of each waiting message already reported. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    /**
     * What a process still uses.
     *
     * @param names the types' names ({@code Stop})
     * @param oldClasses the binary names of the classes it knows them as
     * @param cell the cell that redefined them
     */
    private record Stale(Set<String> names, Set<String> oldClasses, String cell) {}

    Redefinitions(Supplier<CellClasses> classes) {
        this.classes = classes;
    }

    /** Called while a cell runs, as soon as one of its snippets gave types new classes. */
    void redefined(List<Redefinition> r) {
        pending.addAll(r);
    }

    /** After a cell: the notes to show under it (none most of the time). {@code notebook} is never listed. */
    List<String> afterCell(Pid notebook) {
        List<String> notes = new ArrayList<>();
        if (!pending.isEmpty()) {
            List<Redefinition> now = List.copyOf(pending);
            pending.clear();
            String note = scan(now, notebook);
            if (note != null) notes.add(note);
        }
        notes.addAll(waitingMessages());
        return notes;
    }

    private String scan(List<Redefinition> redefined, Pid notebook) {
        CellClasses cc = classes.get();
        Map<Pid, String> using = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>();
        int scanned = 0;
        for (Pid p : Process.processes()) {
            if (p.equals(notebook) || ++scanned > MAX_SCANNED) continue;
            ProcessInfo i = Process.info(p);
            if (i == null) continue;
            List<Redefinition> uses = redefined.stream().filter(r -> uses(i, r, redefined, cc)).toList();
            if (uses.isEmpty()) continue;
            Set<String> n = new LinkedHashSet<>(), old = new LinkedHashSet<>();
            for (Redefinition r : uses) {
                n.add(r.name());
                old.add(r.oldClass());
            }
            Stale before = stale.get(p);
            if (before != null) {
                n.addAll(before.names());
                old.addAll(before.oldClasses());
            }
            stale.put(p, new Stale(n, old, uses.getFirst().cell()));
            names.addAll(n);
            using.put(p, describe(i));
        }
        if (using.isEmpty()) return null;
        Set<String> declared = new LinkedHashSet<>();
        for (Redefinition r : redefined) if (r.declared() && names.contains(r.name())) declared.add(r.name());
        if (!declared.isEmpty()) names = declared;          // a class JShell recompiled along (a server that uses Stop) is no message
        List<String> shown = using.values().stream().limit(10).toList();
        boolean one = using.size() == 1;
        String types = String.join(" and ", names);
        return types + (names.size() == 1 ? " is a new class" : " are new classes") + " now, and "
                + (one ? "a process started before still uses the old one" : using.size() + " processes started before still use the old ones")
                + ": " + String.join(", ", shown) + (using.size() > shown.size() ? " and " + (using.size() - shown.size()) + " more" : "")
                + ". A new " + String.join(" or ", names) + " sent to " + (one ? "it never matches its" : "them never matches their")
                + " patterns and stays in " + (one ? "its mailbox" : "their mailboxes") + ". Restart " + (one ? "it" : "them")
                + (one ? " (%kill, then run the cell that starts it again)" : " (%kill, then run the cells that start them again)")
                + "; declaring message types in a cell of their own, run once, avoids this.";
    }

    /**
     * Whether process {@code i} runs code made with {@code r}'s old class: the code it waits in, or
     * the old class of its behaviour's callbacks (its label names a redefined type), is that class or
     * refers to it.
     */
    private static boolean uses(ProcessInfo i, Redefinition r, List<Redefinition> all, CellClasses cc) {
        List<String> code = new ArrayList<>();
        if (i.currentFunction() != null) code.add(i.currentFunction().getClassName());
        for (Redefinition callbacks : all) {
            // a behaviour labelled with the type's name, unless the redefining cell started it (with the new class)
            if (callbacks.name().equals(String.valueOf(i.label())) && !callbacks.cell().equals(String.valueOf(i.groupLeader()))) {
                code.add(callbacks.oldClass());
            }
        }
        for (String c : code) {
            if (c.equals(r.oldClass()) || c.startsWith(r.oldClass() + "$")) return true;
            if (cc != null && cc.known(c) && cc.refersTo(c, r.oldClass())) return true;
        }
        return false;
    }

    /** Messages of a new class waiting in the mailbox of a process that knows only the old one: said once each. */
    private List<String> waitingMessages() {
        List<String> notes = new ArrayList<>();
        long settle = System.nanoTime() + SETTLE_NANOS;
        for (Map.Entry<Pid, Stale> e : stale.entrySet()) {
            ProcessInfo i = Process.info(e.getKey());
            while (i != null && i.status() != ProcessInfo.Status.WAITING && System.nanoTime() < settle) {
                Thread.onSpinWait();            // a message sent by the cell may still be in its hands
                Thread.yield();
                i = Process.info(e.getKey());
            }
            if (i == null) {
                stale.remove(e.getKey());
                continue;
            }
            Stale s = e.getValue();
            for (Object m : i.messages()) {
                Class<?> k = m.getClass();
                if (!s.names().contains(k.getSimpleName()) || s.oldClasses().contains(k.getName())) continue;
                if (!reported.add(i.pid() + " " + k.getName())) continue;
                notes.add(describe(i) + " will never take the " + k.getSimpleName() + " waiting in its mailbox: it was started before "
                        + k.getSimpleName() + " was redefined (" + s.cell() + ") and matches the old " + k.getSimpleName()
                        + ". Restart it: %kill " + i.pid() + ", then run the cell that starts it again.");
            }
        }
        return notes;
    }

    private static String describe(ProcessInfo i) {
        return ProcessLabel.of(i).toString();
    }
}
