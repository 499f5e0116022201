package loombook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * What the runtime does when a spawn is refused at the process limit: it stops the spawn bomb
 * (decision 0302). Erlang only refuses the spawn; but a bomb whose processes each spawn without
 * end refills every slot that a refused (and crashed) process frees, and keeps the node at the
 * limit, at full CPU, for ever. So the processes of the bomb are ended at once with reason
 * {@code system_limit} (a {@link SystemLimitException}), and one report says so:
 *
 * <ul>
 *   <li>a process that hits the limit takes its family with it: the oldest of its ancestors that
 *       is not a host process (a notebook), and every process descending from that one;
 *   <li>a host process that hits the limit (a cell's loop) gets the error, and the processes it
 *       spawned under its current group leader (the running cell's), with their descendants, end.
 * </ul>
 *
 * The family must hold at least half of the limit to count as the bomb: a process of a small
 * family that happens to spawn while another family fills the node only gets the error, as in
 * Erlang, and the big family is ended when its own spawn is refused. Once found, the family cannot
 * grow back: its root carries the reason ({@link Proc#bombStopped}), and a spawn by any process of
 * it ends the spawner instead, so a child spawned while the family was being ended cannot start the
 * bomb over (without this, a few such children refilled the node again and again, for tens of
 * seconds, and left hundreds of thousands of ended threads waiting to run). The root ends last,
 * once the spawns that were under way have settled, so whoever monitors it finds the count back
 * where it was before the bomb. Processes of other families,
 * and host processes, are never touched. Only descent counts, never the scheduler: this works the
 * same with one scheduler or many.
 */
final class SpawnBomb {
    /** How many times the family is looked for again at once, for children spawned while it was being ended. */
    private static final int PASSES = 8;
    /**
     * The longest {@link #defuse} waits, after those passes, for spawns that were under way when the
     * family was marked to settle, before the root ends. Such a spawn is counted but not yet in the
     * table: its thread waits for a stripe of the table that a listing held, and then, woken, for a
     * carrier, behind the ended threads in the run queues. Without the wait the root's DOWN came, in
     * about one run of {@code RunawayLimitsTest}'s recursive bomb in three, while 5-276 such spawns
     * still counted (all gone 5-15 ms later); with it the wait is 0.4-37 ms.
     */
    private static final long SETTLE_NANOS = 1_000_000_000L;
    /** When each bomb's root was last reported (weak: a root that is gone is forgotten). */
    private static final Map<Proc, Long> reported = new WeakHashMap<>();
    /** A bomb whose root hits the limit again within this time is not reported again. */
    private static final long REPORT_AGAIN_AFTER_NANOS = 5_000_000_000L;

    private SpawnBomb() {}

    /**
     * Ends the bomb that {@code spawner} (null: a thread that is not a process) belongs to; returns
     * how many processes were ended. From the moment the family is found it cannot grow: a spawn by
     * any of its processes ends the spawner instead ({@link #refuseIfStopped}). Refusals that arrive
     * while a bomb is being ended wait, and do nothing more if their spawner has been ended meanwhile.
     */
    static synchronized int defuse(Proc spawner, int limit) {
        if (spawner == null || !spawner.alive() && !spawner.hosted) return 0;
        Proc root = spawner.hosted ? spawner : spawner.familyRoot;
        List<Proc> family = family(spawner);
        if (2L * family.size() < limit) return 0;     // not the bomb
        SystemLimitException reason = new SystemLimitException("system_limit: stopped with the spawn bomb of " + root.pid
                + " when " + limit + " processes were alive (the process limit, Node.processLimit)");
        // for a cell, every family it started; the flag goes up before the family is listed again,
        // so a child that a listing misses is caught by its own check in Node.newProc
        for (Proc p : family) p.familyRoot.bombStopped = reason;
        family.remove(root);                          // the root ends last
        int ended = endAll(family, reason);
        long settleBy = System.nanoTime() + SETTLE_NANOS;
        for (int pass = 1; ; pass++) {
            // read before the listing: a spawn counted then and in the table only after it (parked on
            // the table's lock, behind the ended threads in the run queues) shows as a count above the
            // table's size, and its child is ended by its own check once it gets there
            int counted = Node.processCount();
            List<Proc> all = Node.table().all();
            family = members(all, spawner);
            family.remove(root);
            ended += endAll(family, reason);
            boolean settled = family.isEmpty() && counted <= all.size();
            if (settled || System.nanoTime() - settleBy > 0) break;
            if (pass >= PASSES) pause();
        }
        boolean rootToo = !root.hosted && root.alive();
        // an ended process stops at its next runtime call, so a few of the family may still spawn
        // and hit the limit again just after: the same bomb, ended again, but reported once
        long now = System.nanoTime();
        Long before = reported.get(root);
        boolean reportedAlready = before != null && now - before < REPORT_AGAIN_AFTER_NANOS;
        if (rootToo) ended++;
        if (ended > 0 && !reportedAlready) {
            reported.put(root, now);
            GroupLeader gl = spawner.groupLeader;
            gl.err().printf("system_limit: %,d processes were alive, the process limit, and %s tried to spawn one more. "
                    + "%,d processes of %s%s were stopped (a spawn bomb?). Node.processLimit(n) changes the limit.%n",
                    limit, spawner.pid, ended, spawner.hosted ? "what this cell spawned" : "the family of ",
                    spawner.hosted ? "" : root.pid.toString());
            gl.err().flush();
        }
        // the root last, after the report: whoever monitors it hears of its end when the rest of
        // the bomb has ended and the report is written
        if (rootToo) root.die(reason);
        return ended;
    }

    /** Ends the processes of {@code family} with {@code reason}; returns how many this call ended. */
    private static int endAll(List<Proc> family, SystemLimitException reason) {
        int ended = 0;
        for (Proc p : family) {
            if (p.die(reason)) ended++;
        }
        return ended;
    }

    /**
     * Lets the spawns under way run for a millisecond. The thread that defuses may be interrupted
     * (an ended process, a cell being stopped): the flag is kept aside, so that the wait is a wait,
     * and put back after.
     */
    private static void pause() {
        boolean interrupted = Thread.interrupted();
        LockSupport.parkNanos(1_000_000L);
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * Called by {@link Node#newProc} before a spawn: if the spawner's family was stopped as a bomb
     * (the spawner was spawned while the family was being ended, or has not reached its next
     * runtime call yet), the spawner ends with the bomb's reason instead of spawning. It waits for
     * {@link #defuse} to finish first, so that the root still ends last, after the report.
     */
    static void refuseIfStopped(Proc spawner) {
        SystemLimitException stopped = spawner.familyRoot.bombStopped;
        if (stopped != null) refuse(spawner, stopped);
    }

    private static synchronized void refuse(Proc spawner, SystemLimitException stopped) {
        spawner.die(stopped);                       // false if defuse ended it already: then with the same reason
        throw new ProcessExit(spawner.exitReason);
    }

    /**
     * Called by {@link Node#newProc} after a spawn is in the table: a child whose family was stopped
     * meanwhile ends before it runs (the listing that ends the family may have missed it).
     */
    static void endIfStopped(Proc child) {
        SystemLimitException stopped = child.familyRoot.bombStopped;
        if (stopped != null) child.die(stopped);
    }

    /**
     * The live processes of {@code spawner}'s bomb: for a process, every process of its family
     * ({@link Proc#familyRoot}), the root included; for a host (a cell's loop), the families it
     * started under its current group leader (the running cell's).
     *
     * <p>Oldest first ({@link ProcessTable#all} sorts by id), and {@link #defuse} ends them in that
     * order. With the table's unsorted listing (newest first within each stripe) nothing grew back,
     * but the root's DOWN came while up to 83 of {@code RunawayLimitsTest}'s recursive bomb were
     * still ending (all gone within 100 ms): an ended process stops at its next runtime call, and
     * the order decides who gets there first. The sort (a few ms for 50,000) keeps "the root ends
     * last" true in practice.
     */
    private static List<Proc> family(Proc spawner) {
        return members(Node.table().all(), spawner);
    }

    /** The processes of {@code all} that belong to {@code spawner}'s bomb ({@link #family}). */
    private static List<Proc> members(List<Proc> all, Proc spawner) {
        GroupLeader cell = spawner.groupLeader;
        List<Proc> out = new ArrayList<>();
        for (Proc p : all) {
            if (p.hosted) continue;
            Proc root = p.familyRoot;
            boolean member = spawner.hosted
                    ? p.groupLeader == cell && root.parent != null && root.parent.proc == spawner
                    : root == spawner.familyRoot;
            if (member) out.add(p);
        }
        return out;
    }
}
