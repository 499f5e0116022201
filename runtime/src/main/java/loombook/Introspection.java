package loombook;

/** Builds {@link ProcessInfo} snapshots. */
final class Introspection {
    /** Measured: a process parked in receive holds about this much (thread, stack chunk, process). */
    static final long BASE_BYTES = 900;
    /** A mailbox node and a small message. */
    static final long PER_MESSAGE_BYTES = 48;
    static final int MAX_MESSAGES = 1000;

    private Introspection() {}

    static ProcessInfo info(Proc p) {
        if (!p.alive()) return null;
        int length = Math.max(0, p.mailboxSize());
        return new ProcessInfo(p.pid, p.registeredName, p.label, status(p), length, p.snapshot(MAX_MESSAGES),
                p.linkPids(), p.monitoringPids(), p.monitoredByPids(), p.trapExit, p.groupLeader, p.parent,
                p.reductions, BASE_BYTES + PER_MESSAGE_BYTES * length, p.home == null ? 0 : p.home.id, currentFunction(p));
    }

    /**
     * The top frame of {@code p}'s stack outside the runtime's core and the JDK (a behaviour's loop
     * in {@code loombook.otp} counts as the process's function, as gen_server's loop does on the BEAM),
     * or null: the process is dead, or a host process between calls.
     */
    static StackTraceElement currentFunction(Proc p) {
        Thread t = p.thread;
        if (t == null) return null;
        for (StackTraceElement e : t.getStackTrace()) {
            String c = e.getClassName();
            int nested = c.indexOf('$');
            boolean runtime = CORE.contains(nested < 0 ? c : c.substring(0, nested));
            boolean jdk = c.startsWith("java.") || c.startsWith("javax.") || c.startsWith("jdk.") || c.startsWith("sun.") || c.startsWith("com.sun.");
            if (!runtime && !jdk) return e;
        }
        return null;
    }

    /** The runtime's own classes that a process's stack passes through (receive, sleep, the state loop, yields, and this class when a process asks about itself). */
    private static final java.util.Set<String> CORE = java.util.Set.of(Proc.class.getName(), Mailbox.class.getName(),
            Process.class.getName(), Loop.class.getName(), StateLoop.class.getName(), Scheduling.class.getName(), Reductions.class.getName(),
            HostProcess.class.getName(), Timers.class.getName(), Tracing.class.getName(), Sharing.class.getName(),
            Introspection.class.getName(), "loombook.CoreScheduler", "loombook.Scheduler", "loombook.Schedulers", "loombook.RunQueue",
            "loombook.Schedulable", "loombook.VirtualThreadHook", "loombook.JdkScheduler", "loombook.Controlled", "loombook.Controller",
            "loombook.TimerQueue", "loombook.Timer", "loombook.VirtualTimer");

    static ProcessInfo.Status status(Proc p) {
        if (!p.alive()) return ProcessInfo.Status.EXITING;
        return switch (p.mailboxState()) {
            case Mailbox.WAITING -> ProcessInfo.Status.WAITING;
            case Mailbox.RUNNABLE -> ProcessInfo.Status.RUNNABLE;
            default -> p.thread == null ? ProcessInfo.Status.WAITING : ProcessInfo.Status.RUNNING;
        };
    }
}
