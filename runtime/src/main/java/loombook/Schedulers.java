package loombook;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's schedulers: one {@link CoreScheduler} per core by default, created when the first
 * process is spawned; how many take new processes ("online", BEAM's {@code schedulers_online});
 * where a process spawned outside any process starts; and the fallback to the JDK's scheduler when
 * {@link VirtualThreadHook} is not available (docs/decisions/0006-schedulers.md).
 */
final class Schedulers {
    /** The most schedulers a node may have (the BEAM's limit too). */
    static final int MAX = 1024;
    /** The system property that sets how many schedulers the node starts with. */
    static final String PROPERTY = "loombook.schedulers";

    private static final Object LOCK = new Object();
    private static volatile CoreScheduler[] all = new CoreScheduler[0];
    private static volatile int online;
    /** How many to start with; written under LOCK. */
    private static volatile int configured = configuredCount();
    private static final AtomicInteger ROUND = new AtomicInteger();
    private static final AtomicInteger SLEEPERS = new AtomicInteger();
    private static final JdkScheduler FALLBACK = VirtualThreadHook.available() ? null : new JdkScheduler();
    private static volatile boolean told;

    private Schedulers() {}

    /** Whether processes run on the runtime's own schedulers (else on the JDK's, see {@link JdkScheduler}). */
    static boolean own() {
        return FALLBACK == null;
    }

    /** Where a process spawned by {@code parent} (null: by a thread that is no process, or a host) starts. */
    static Scheduler forSpawn(Proc parent) {
        Scheduler h = parent == null ? null : parent.home;
        return h != null ? h.placeChild() : pick();
    }

    /** One of the online schedulers, in turn. */
    static Scheduler pick() {
        if (FALLBACK != null) {
            tellOnce();
            return FALLBACK;
        }
        CoreScheduler[] a = all;
        int n = online;
        if (n == 0) {
            start();
            a = all;
            n = online;
        }
        return a[Math.floorMod(ROUND.getAndIncrement(), n)];
    }

    /** Every core scheduler made so far, online or not (empty before the first spawn, or on the fallback). */
    static CoreScheduler[] all() {
        return all;
    }

    /** The scheduler with this id, or null. */
    static CoreScheduler byId(int id) {
        CoreScheduler[] a = all;
        return id >= 1 && id <= a.length ? a[id - 1] : null;
    }

    private static void start() {
        synchronized (LOCK) {
            if (online == 0) grow(configured);
        }
    }

    /** Makes schedulers up to {@code n} and puts exactly the first {@code n} online; under LOCK. */
    private static void grow(int n) {
        CoreScheduler[] a = all;
        if (n > a.length) {
            CoreScheduler[] b = Arrays.copyOf(a, n);
            for (int i = a.length; i < n; i++) {
                b[i] = new CoreScheduler(i + 1);
            }
            all = b;
            for (int i = a.length; i < n; i++) {
                CarrierSpacers.gap();       // the JVM's slots of two carriers must not share a cache line
                b[i].startCarrier();
            }
            CarrierSpacers.gap();
            a = b;
        }
        for (int i = 0; i < a.length; i++) a[i].online = i < n;
        online = n;
        for (CoreScheduler s : a) s.wake();      // offline ones hand over their queues, online ones take them
    }

    /** How many schedulers take new processes (before the first spawn: how many there will be). */
    static int online() {
        if (FALLBACK != null) return FALLBACK.parallelism();
        int n = online;
        return n == 0 ? configured : n;
    }

    /** Sets how many schedulers take new processes; see {@link Node#schedulers(int)}. */
    static void online(int n) {
        if (n < 1 || n > MAX) {
            throw new IllegalArgumentException("the number of schedulers must be between 1 and " + MAX + ", not " + n);
        }
        if (FALLBACK != null) {
            throw new UnsupportedOperationException("processes run on the JDK's default virtual-thread scheduler here ("
                    + VirtualThreadHook.unavailableReason() + "): its size is fixed when the JVM starts "
                    + "(-Djdk.virtualThreadScheduler.parallelism=N). Start the JVM with " + VirtualThreadHook.FLAG
                    + " for the runtime's own schedulers, which Node.schedulers(n) can change.");
        }
        synchronized (LOCK) {
            if (online == 0) configured = n;
            else grow(n);
        }
    }

    /** One line: which schedulers run the processes. */
    static String describe() {
        if (FALLBACK != null) {
            return "processes run on the JDK's default virtual-thread scheduler (" + FALLBACK.parallelism()
                    + " carriers), because " + VirtualThreadHook.unavailableReason() + "; for one scheduler per core "
                    + "(and Node.schedulers(n)), start the JVM with " + VirtualThreadHook.FLAG;
        }
        int n = online();
        return "processes run on " + n + (n == 1 ? " scheduler" : " schedulers") + " (carrier threads of the runtime's own"
                + (n == Runtime.getRuntime().availableProcessors() ? ", one per core)" : ")");
    }

    private static void tellOnce() {
        if (told) return;
        told = true;
        GroupLeader.system().err().println("loombook: " + describe());
    }

    // ---------------------------------------------------------------- introspection

    /** A snapshot of every scheduler made so far, with its utilization since it started. */
    static java.util.List<SchedulerInfo> snapshot() {
        java.util.List<SchedulerInfo> out = new java.util.ArrayList<>();
        if (FALLBACK != null) return out;
        if (online == 0) start();
        for (CoreScheduler s : all) {
            long now = System.nanoTime();
            long busy = s.busyNanos();
            long age = now - s.startedAt();
            double u = age <= 0 ? 0 : Math.min(1, (double) busy / age);
            out.add(new SchedulerInfo(s.id, s.online, u, s.waiting(1_000_000), s.steals(), busy, now));
        }
        return out;
    }

    // ---------------------------------------------------------------- idle schedulers

    static void sleeping(int delta) {
        SLEEPERS.addAndGet(delta);
    }

    /** How many schedulers sleep now. */
    static int sleepers() {
        return SLEEPERS.get();
    }

    /** Wakes one sleeping online scheduler other than {@code busy}, unless one is awake and looking for work already. */
    static void wakeIdle(CoreScheduler busy) {
        CoreScheduler[] a = all;
        int n = online;
        for (int i = 0; i < n; i++) {
            if (a[i] != busy && a[i].state() == CoreScheduler.SEARCHING) return;
        }
        for (int i = 0; i < n; i++) {
            if (a[i] != busy && a[i].wake()) return;
        }
    }

    /** Whether a scheduler other than {@code me} is busy with processes waiting in its queue. */
    static boolean othersHaveWork(CoreScheduler me) {
        for (CoreScheduler s : all) {
            if (s != me && !s.idle() && s.waiting() > 0) return true;
        }
        return false;
    }

    private static int configuredCount() {
        int cores = Runtime.getRuntime().availableProcessors();
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) return cores;
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1 && n <= MAX) return n;
        } catch (NumberFormatException e) {
            // said below
        }
        GroupLeader.system().err().println("loombook: -D" + PROPERTY + "=" + v + " is not a number of schedulers from 1 to "
                + MAX + "; using " + cores + ", one per core");
        return cores;
    }
}
