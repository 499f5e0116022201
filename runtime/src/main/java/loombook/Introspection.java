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
                p.reductions, BASE_BYTES + PER_MESSAGE_BYTES * length, p.home == null ? 0 : p.home.id);
    }

    static ProcessInfo.Status status(Proc p) {
        if (!p.alive()) return ProcessInfo.Status.EXITING;
        return switch (p.mailboxState()) {
            case Mailbox.WAITING -> ProcessInfo.Status.WAITING;
            case Mailbox.RUNNABLE -> ProcessInfo.Status.RUNNABLE;
            default -> p.thread == null ? ProcessInfo.Status.WAITING : ProcessInfo.Status.RUNNING;
        };
    }
}
