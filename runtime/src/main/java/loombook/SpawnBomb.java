package loombook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * Erlang, and the big family is ended when its own spawn is refused. Processes of other families,
 * and host processes, are never touched. Only descent counts, never the scheduler: this works the
 * same with one scheduler or many.
 */
final class SpawnBomb {
    /** How many times the family is looked for again, for children spawned while it was being ended. */
    private static final int PASSES = 8;

    private SpawnBomb() {}

    /**
     * Ends the bomb that {@code spawner} (null: a thread that is not a process) belongs to; returns
     * how many processes were ended. Refusals that arrive while a bomb is being ended wait, and
     * do nothing more if their spawner has been ended meanwhile.
     */
    /** When each bomb's root was last reported (weak: a root that is gone is forgotten). */
    private static final java.util.Map<Proc, Long> reported = new java.util.WeakHashMap<>();
    /** A bomb whose root hits the limit again within this time is not reported again. */
    private static final long REPORT_AGAIN_AFTER_NANOS = 5_000_000_000L;

    static synchronized int defuse(Proc spawner, int limit) {
        if (spawner == null || !spawner.alive() && !spawner.hosted) return 0;
        Proc root = spawner;
        if (!spawner.hosted) {
            for (Proc up = parentOf(root); up != null && !up.hosted; up = parentOf(up)) root = up;
        }
        GroupLeader cell = spawner.hosted ? spawner.groupLeader : null;
        SystemLimitException reason = new SystemLimitException("system_limit: stopped with the spawn bomb of " + root.pid
                + " when " + limit + " processes were alive (the process limit, Node.processLimit)");
        int ended = 0;
        for (int pass = 0; pass < PASSES; pass++) {
            List<Proc> family = family(root, cell);
            if (pass == 0 && 2L * family.size() < limit) return 0;     // not the bomb
            family.remove(root);
            if (family.isEmpty()) break;
            for (Proc p : family) {
                if (p.die(reason)) ended++;
            }
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

    /** The live processes that descend from {@code root} (root included unless it is a host); for a host, only under {@code cell}. */
    private static List<Proc> family(Proc root, GroupLeader cell) {
        Map<Proc, Boolean> known = new HashMap<>();
        known.put(root, !root.hosted);
        List<Proc> out = new ArrayList<>();
        for (Proc p : Node.table().all()) {
            if (p.hosted || cell != null && p.groupLeader != cell) continue;
            if (descends(p, root, known)) out.add(p);
        }
        if (!root.hosted && root.alive() && !out.contains(root)) out.add(root);
        return out;
    }

    /** Whether {@code p} descends from {@code root}; what it learns on the way is kept in {@code known}. */
    private static boolean descends(Proc p, Proc root, Map<Proc, Boolean> known) {
        List<Proc> path = new ArrayList<>();
        Boolean answer = null;
        for (Proc q = p; q != null; q = parentOf(q)) {
            if (q == root) {
                answer = true;
                break;
            }
            answer = known.get(q);
            if (answer != null) break;
            path.add(q);
        }
        boolean result = answer != null && answer;
        for (Proc q : path) known.put(q, result);
        return result;
    }

    private static Proc parentOf(Proc p) {
        return p.parent == null ? null : p.parent.proc;
    }
}
