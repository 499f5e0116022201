package loombook;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The systematic strategy: a depth-first search over schedules that tries one schedule of each
 * class of equivalent ones, by dynamic partial-order reduction. Two schedules are equivalent when
 * they order every pair of dependent steps ({@link Footprint#conflicts}) the same way: they then
 * give the same messages in every mailbox, the same deaths and the same result.
 *
 * <p>This is source-DPOR with sleep sets (Abdulla, Aronis, Jonsson and Sagonas, "Optimal Dynamic
 * Partial Order Reduction", POPL 2014, Algorithm 1), run without saving states: each run replays
 * the prefix it shares with the last one and then goes its own way. After a run, every race (two
 * dependent steps of different actors with no third step ordered between them) adds, at the point
 * before the first, an actor that can start the reversed order, unless one is already planned
 * there. Sleep sets keep an actor that was already tried at a point from being tried again after
 * steps it does not depend on; a run whose every possible step is asleep is abandoned. The test
 * {@code DporTest} counts the classes by brute force on small scenarios and checks that exactly one
 * run of each was completed.
 *
 * <p>New choices prefer the actor that moved last, so the first runs have few context switches.
 */
final class Dpor implements Strategy {
    private static final class Node {
        final int[] enabled;
        /** Actors asleep when the run got here: actor to what its step here touches. */
        final Map<Integer, Footprint> sleep;
        /** Actors already tried here: actor to what its step touched. */
        final Map<Integer, Footprint> done = new LinkedHashMap<>();
        final Set<Integer> backtrack = new LinkedHashSet<>();
        int chosen;
        Footprint event;
        /** The earlier steps that happen before this one (directly or through others). */
        BitSet before;

        Node(int[] enabled, Map<Integer, Footprint> sleep) {
            this.enabled = enabled;
            this.sleep = sleep;
        }
    }

    private final List<Node> path = new ArrayList<>();
    /** The first step of the current run that is not a replay of the last run's. */
    private int divergence;
    /** Set if a replayed prefix did not offer the same choices as before: the scenario is not deterministic. */
    String unstable;
    int abandoned;

    @Override
    public int choose(int step, int[] enabled, int last) {
        if (step < path.size()) {
            Node n = path.get(step);
            if (!Arrays.equals(n.enabled, enabled)) {
                unstable = "at step " + (step + 1) + " of a replayed schedule, the actors that could move were " + Arrays.toString(enabled)
                        + ", and " + Arrays.toString(n.enabled) + " the first time";
                return ABANDON;
            }
            return n.chosen;
        }
        Map<Integer, Footprint> sleep = step == 0 ? Map.of() : sleepAfter(path.get(step - 1));
        int pick = -1;
        for (int a : enabled) {
            if (sleep.containsKey(a)) continue;
            if (a == last) {
                pick = a;
                break;
            }
            if (pick < 0) pick = a;
        }
        if (pick < 0) {
            abandoned++;
            return ABANDON;
        }
        Node n = new Node(enabled, sleep);
        n.chosen = pick;
        n.backtrack.add(pick);
        path.add(n);
        return pick;
    }

    /** The actors asleep after {@code parent}'s step: those asleep or tried there, which that step does not depend on. */
    private static Map<Integer, Footprint> sleepAfter(Node parent) {
        Map<Integer, Footprint> out = new LinkedHashMap<>();
        for (Map<Integer, Footprint> m : List.of(parent.sleep, parent.done)) {
            for (Map.Entry<Integer, Footprint> e : m.entrySet()) {
                if (e.getKey() != parent.chosen && !e.getValue().conflicts(parent.event)) out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    @Override
    public void taken(int step, int actor, Footprint footprint) {
        if (step < path.size()) path.get(step).event = footprint;
    }

    @Override
    public boolean next() {
        if (unstable != null) return false;
        for (Node n : path) {
            if (n.event == null) {              // a step the run never finished: it depends on everything
                n.event = new Footprint();
                n.event.global();
            }
        }
        findRaces();
        for (int d = path.size() - 1; d >= 0; d--) {
            Node n = path.get(d);
            n.done.put(n.chosen, n.event);
            for (int q : n.backtrack) {
                if (!n.done.containsKey(q) && !n.sleep.containsKey(q)) {
                    n.chosen = q;
                    n.event = null;
                    n.before = null;
                    divergence = d;
                    return true;
                }
            }
            path.remove(d);
        }
        return false;
    }

    /** Adds backtrack points for the races that involve a step taken after the divergence. */
    private void findRaces() {
        int len = path.size();
        for (int i = divergence; i < len; i++) {
            Node ni = path.get(i);
            BitSet before = new BitSet();
            for (int j = 0; j < i; j++) {
                Node nj = path.get(j);
                if (nj.chosen == ni.chosen || nj.event.conflicts(ni.event)) {
                    before.set(j);
                    before.or(nj.before);
                }
            }
            ni.before = before;
        }
        for (int i = divergence; i < len; i++) {
            Node ni = path.get(i);
            BitSet through = new BitSet();
            for (int k = ni.before.nextSetBit(0); k >= 0; k = ni.before.nextSetBit(k + 1)) through.or(path.get(k).before);
            for (int j = ni.before.nextSetBit(0); j >= 0; j = ni.before.nextSetBit(j + 1)) {
                Node nj = path.get(j);
                if (nj.chosen == ni.chosen || through.get(j)) continue;
                reverse(j, i);
            }
        }
    }

    /**
     * Steps {@code j} and {@code i} race: plans, at the point before {@code j}, an actor that can
     * begin a schedule in which {@code i}'s actor goes first (the initials of the steps after
     * {@code j} that do not depend on it, then {@code i}).
     */
    private void reverse(int j, int i) {
        Node nj = path.get(j);
        Set<Integer> seen = new HashSet<>();
        List<Integer> initials = new ArrayList<>();
        for (int k = j + 1; k <= i; k++) {
            Node nk = path.get(k);
            if (k < i && nk.before.get(j)) continue;
            if (!seen.add(nk.chosen)) continue;
            boolean first = true;
            for (int m = nk.before.nextSetBit(j + 1); m >= 0 && m < k; m = nk.before.nextSetBit(m + 1)) {
                if (!path.get(m).before.get(j)) {
                    first = false;
                    break;
                }
            }
            if (first) initials.add(nk.chosen);
        }
        for (int q : initials) if (nj.backtrack.contains(q)) return;
        for (int q : initials) {
            if (Strategy.contains(nj.enabled, q) && !nj.sleep.containsKey(q)) {
                nj.backtrack.add(q);
                return;
            }
        }
    }
}
