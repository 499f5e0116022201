package loombook.kernel.notebook;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import loombook.GroupLeader;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessInfo;
import loombook.Reason;
import loombook.kernel.eval.Evaluator;

/**
 * Keeps a cell or a process that allocates without end from taking the kernel down. After every
 * full garbage collection it looks at how much of the heap is still in use; past
 * {@link #stopPercent()} (90% by default) it acts, so that the heap never fills up and no
 * {@link OutOfMemoryError} lands in a thread the kernel needs:
 *
 * <ol>
 *   <li>the running cell is stopped (its woven loop checks throw), and the cell says why, naming the
 *       variables it declared that may still hold what it allocated;
 *   <li>the processes that are running are killed (a process waiting in {@code receive} allocates
 *       nothing), and so is a process whose mailbox alone holds a tenth of the heap; each is
 *       reported under the cell that started it.
 * </ol>
 *
 * An alarm is first confirmed by a full collection (it may be late, or count garbage); code compiled
 * from cells waits at its woven checks meanwhile, so that a loop that allocates without end does not
 * fill the rest of the heap before it is stopped. The usage
 * threshold leaves room for two young collections' worth of promotion, so that in a small heap the
 * cell is stopped before the heap is full.
 *
 * What the notebook's variables hold is left alone: the kernel says so, and the learner decides.
 */
final class MemoryWatchdog implements NotificationListener {
    /** What the watchdog acts on: the running cell and its stop. */
    interface Cells {
        /** The group leader of the running cell, or null between cells. */
        GroupLeader runningCell();

        /** Stops the running cell, with the text its error shows. */
        void stopRunningCell(String why);

        /** The notebook's own process, which is never killed. */
        Pid notebookPid();
    }

    private static volatile int stopPercent = 90;
    private static MemoryWatchdog instance;

    /** The notebook watched: the last one started (a kernel has one; tests make many). */
    private volatile Cells cells;
    private final Set<String> heapPools = new HashSet<>();
    private final long maxHeap = Runtime.getRuntime().maxMemory();
    /** How many full collections in a row found the heap too full. */
    private int critical;
    /** True while the watchdog's own confirming collection runs (its notification must not recurse). */
    private boolean confirmed;

    private MemoryWatchdog(Cells cells) {
        this.cells = cells;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) heapPools.add(p.getName());
        }
    }

    /**
     * Starts watching the collections of this JVM for {@code cells}; there is one watchdog per JVM,
     * so a later notebook takes it over (and the earlier one can be collected).
     */
    static synchronized MemoryWatchdog start(Cells cells) {
        if (instance != null) {
            instance.cells = cells;
            return instance;
        }
        MemoryWatchdog w = new MemoryWatchdog(cells);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) e.addNotificationListener(w, null, null);
        }
        if (ManagementFactory.getMemoryMXBean() instanceof NotificationEmitter e) e.addNotificationListener(w, null, null);
        armOldGeneration();
        instance = w;
        return w;
    }

    /**
     * A full collection may come only when the heap is already all but full (SerialGC grows the old
     * generation until it reaches the maximum), so the old generation also gets a usage threshold:
     * the JVM checks it after every young collection, and crossing it counts as a full collection
     * that left that much in use.
     */
    private static void armOldGeneration() {
        long young = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && !p.isUsageThresholdSupported()) young += Math.max(0, p.getUsage().getMax());
        }
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() != MemoryType.HEAP || !p.isUsageThresholdSupported()) continue;
            long max = p.getUsage().getMax();
            if (max <= 0) continue;
            int percent = stopPercent;
            // one young collection can promote a whole young generation at once: in a small heap,
            // leave room for two of them, or the heap fills before the cell has been stopped
            long threshold = Math.max(max / 2, Math.min(max / 100 * percent, max - 2 * young));
            p.setUsageThreshold(percent == 0 ? 0 : threshold);
        }
    }

    private static final java.util.regex.Pattern DECLARATION = java.util.regex.Pattern.compile(
            "(?m)^\\s*(?:final\\s+)?(?:var|(?:int|long|double|float|boolean|char|byte|short|[A-Z][\\w.]*(?:<[^;=()]*>)?)(?:\\[\\])*)"
            + "\\s+([a-zA-Z_$][\\w$]*)\\s*=");

    /**
     * The variables a cell's code declares, read with a pattern rather than with JShell (for when the
     * heap is full and JShell's analysis could not run): {@code var x =} and {@code Type<...> x =} at
     * the start of a line.
     */
    static List<String> declaredIn(String code) {
        List<String> names = new java.util.ArrayList<>();
        java.util.regex.Matcher m = DECLARATION.matcher(code);
        while (m.find()) if (!names.contains(m.group(1))) names.add(m.group(1));
        return names;
    }

    /** Whether the heap is that full now (garbage included). */
    static boolean stillFull() {
        int limit = stopPercent;
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return limit != 0 && heap.getUsed() * 100 >= (long) limit * Runtime.getRuntime().maxMemory();
    }

    /** The share of the heap, in percent, that a full collection must leave in use for the watchdog to act; 0 is off. */
    static int stopPercent() {
        return stopPercent;
    }

    /** Sets {@link #stopPercent()}: 0 (off), or 50 to 99. */
    static void stopPercent(int percent) {
        if (percent != 0 && (percent < 50 || percent > 99)) {
            throw new IllegalArgumentException("memoryStopPercent is 0 (off) or between 50 and 99, not " + percent);
        }
        stopPercent = percent;
        armOldGeneration();
    }

    @Override
    public void handleNotification(Notification n, Object handback) {
        if (MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED.equals(n.getType())) {
            try {
                act(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            } catch (Throwable t) {
                // see below
            }
            return;
        }
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
        try {
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            if (!info.getGcAction().contains("major")) return;          // after a minor one the old generation still holds garbage
            if ("System.gc()".equals(info.getGcCause())) return;        // ours (confirming an alarm), or the heap trimmer's
            long used = 0;
            for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                if (heapPools.contains(e.getKey())) used += e.getValue().getUsed();
            }
            collected(used);
        } catch (Throwable t) {
            // a watchdog that fails must not take anything else down
        }
    }

    /** After a full collection left {@code used} bytes of the heap in use. */
    synchronized void collected(long used) {
        int limit = stopPercent;
        if (limit == 0 || used * 100 < (long) limit * maxHeap) {
            critical = 0;
            return;
        }
        act(used);
    }

    /** The heap is too full: stop the cell, kill what runs. */
    private synchronized void act(long used) {
        if (stopPercent == 0) return;
        // code from cells waits meanwhile: a loop that allocates without end would otherwise fill the
        // rest of the heap while the alarm is confirmed, and the OutOfMemoryError could land anywhere
        Evaluator.holdCellCode(true);
        try {
            if (!confirmed) {
                // an alarm may be late (what filled the heap has died meanwhile) or count garbage: a full
                // collection says whether the heap really is that full before anything is stopped
                confirmed = true;
                try {
                    System.gc();
                    long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                    if (now * 100 < (long) stopPercent * maxHeap * 3 / 4) {
                        critical = 0;
                        return;
                    }
                    used = Math.max(used, now);
                } finally {
                    confirmed = false;
                }
            }
            stopAndKill(used);
        } finally {
            Evaluator.holdCellCode(false);
        }
    }

    private void stopAndKill(long used) {
        critical++;
        String state = String.format(Locale.ROOT, "the heap was %d%% full (%,d of %,d MB in use)",
                used * 100 / maxHeap, used >> 20, maxHeap >> 20);
        Cells cells = this.cells;
        GroupLeader cell = cells.runningCell();
        if (cell != null) cells.stopRunningCell(state);
        Pid notebook = cells.notebookPid();
        for (Pid pid : Process.processes()) {
            if (pid.equals(notebook)) continue;
            ProcessInfo i = Process.info(pid);
            if (i == null || i.groupLeader() == null) continue;
            boolean running = i.status() == ProcessInfo.Status.RUNNING || i.status() == ProcessInfo.Status.RUNNABLE;
            boolean flooded = i.memory() * 10 > maxHeap;
            if (flooded || running) kill(i, state, flooded);
        }
    }

    private static void kill(ProcessInfo i, String state, boolean flooded) {
        Process.exit(i.pid(), Reason.KILL);
        try {
            i.groupLeader().err().println("[memory] killed " + i.pid() + (i.registeredName() != null ? " (" + i.registeredName() + ")" : "")
                    + ": " + state + (flooded
                            ? ", and its mailbox held " + String.format(Locale.ROOT, "%,d", i.messageQueueLength()) + " messages."
                            : ", and it was running. A process that keeps allocating is killed so that the kernel survives.")
                    + " (%settings memoryStopPercent sets how full is too full.)");
        } catch (RuntimeException e) {
            // its cell's output is gone: the kill stands
        }
    }

    /** The variables of a stopped cell, and those of them the kernel set to null. */
    record Held(List<String> names, List<String> cleared) {}

    /** The text of a cell that got {@link OutOfMemoryError} before the watchdog could stop it. */
    static String outOfMemory(OutOfMemoryError e, Held held) {
        return e.getMessage() + ": the cell ran out of memory (" + String.format(Locale.ROOT, "%,d", Runtime.getRuntime().maxMemory() >> 20)
                + " MB of heap)." + variables(held);
    }

    /** The text a cell stopped by the watchdog shows. */
    static String cellStopped(String state, Held held) {
        return "the kernel stopped this cell because it was running out of memory: " + state
                + ". Processes that were running are killed too." + variables(held);
    }

    private static String variables(Held held) {
        if (!held.cleared().isEmpty()) {
            return " The heap was still full, so the kernel set this cell's variables to null to give the memory back: "
                    + String.join(", ", held.cleared()) + ".";
        }
        if (held.names().isEmpty()) return "";
        return " If a variable of this cell holds what it allocated (" + String.join(", ", held.names()) + "), set it to null ("
                + held.names().getFirst() + " = null;) to give the memory back.";
    }
}
