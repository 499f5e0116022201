package loombook;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The systematic exploration runs exactly one schedule of each class of equivalent schedules:
 * counted against a brute-force enumeration of every schedule, grouped into classes (two
 * schedules are equivalent when they order every pair of dependent steps the same way).
 */
class DporTest {
    /** A strategy that records each run's steps and turns them into the run's class. */
    private abstract static class Classifying implements Strategy {
        final List<Integer> actors = new ArrayList<>();
        final List<Footprint> steps = new ArrayList<>();
        final List<String> classes = new ArrayList<>();
        final Map<String, String> examples = new HashMap<>();
        boolean abandoned;

        @Override
        public void taken(int step, int actor, Footprint footprint) {
            while (actors.size() <= step) {
                actors.add(-1);
                steps.add(null);
            }
            actors.set(step, actor);
            steps.set(step, footprint);
        }

        /** The run's class: each step named by its actor and how many steps that actor took before, and the order of every dependent pair. */
        void endOfRun() {
            if (!abandoned) {
                List<String> labels = new ArrayList<>();
                Map<Integer, Integer> seen = new HashMap<>();
                for (int a : actors) labels.add(a + "#" + seen.merge(a, 1, Integer::sum));
                TreeSet<String> key = new TreeSet<>(labels);
                for (int i = 0; i < actors.size(); i++) {
                    for (int j = i + 1; j < actors.size(); j++) {
                        if (!actors.get(i).equals(actors.get(j)) && steps.get(i).conflicts(steps.get(j))) {
                            key.add(labels.get(i) + "<" + labels.get(j));
                        }
                    }
                }
                classes.add(key.toString());
                StringBuilder t = new StringBuilder();
                for (int i = 0; i < actors.size(); i++) t.append(labels.get(i)).append(steps.get(i)).append(' ');
                examples.putIfAbsent(key.toString(), t.toString());
            }
            actors.clear();
            steps.clear();
            abandoned = false;
        }
    }

    /** Every schedule: a depth-first search that tries every actor at every step. */
    private static final class BruteForce extends Classifying {
        private final List<int[]> enabled = new ArrayList<>();
        private final List<Integer> choice = new ArrayList<>();
        private int replay;

        @Override
        public int choose(int step, int[] en, int last) {
            if (step < replay) return en[choice.get(step)];
            enabled.add(en);
            choice.add(0);
            return en[0];
        }

        @Override
        public boolean next() {
            endOfRun();
            for (int d = choice.size() - 1; d >= 0; d--) {
                if (choice.get(d) + 1 < enabled.get(d).length) {
                    choice.set(d, choice.get(d) + 1);
                    while (choice.size() > d + 1) {
                        choice.remove(choice.size() - 1);
                        enabled.remove(enabled.size() - 1);
                    }
                    replay = d + 1;
                    return true;
                }
            }
            return false;
        }
    }

    /** The systematic strategy, watched. */
    private static final class Watched extends Classifying {
        final Dpor dpor = new Dpor();

        @Override
        public int choose(int step, int[] enabled, int last) {
            int c = dpor.choose(step, enabled, last);
            if (c == ABANDON) abandoned = true;
            return c;
        }

        @Override
        public void taken(int step, int actor, Footprint footprint) {
            super.taken(step, actor, footprint);
            dpor.taken(step, actor, footprint);
        }

        @Override
        public boolean next() {
            endOfRun();
            return dpor.next();
        }
    }

    private record Count(int schedules, Set<String> classes, int dporRuns, List<String> dporClasses) {}

    private static <T> Count count(Supplier<T> scenario) {
        Explorer all = Races.systematic().keepGoing().runs(1_000_000).seconds(120);
        BruteForce brute = new BruteForce();
        Explorer crashesToo = all.crashesAllowed();
        Exploration b = crashesToo.explore(brute, scenario, x -> true);
        assertTrue(b.passed(), "the scenario passes in every schedule");
        Watched watched = new Watched();
        Exploration d = crashesToo.explore(watched, scenario, x -> true);
        assertTrue(d.passed());
        for (String k : brute.examples.keySet()) {
            if (!watched.examples.containsKey(k)) System.out.println("not run by the systematic exploration: " + brute.examples.get(k));
        }
        System.out.printf("%s: %,d schedules in %d classes, %d systematic runs (%d abandoned)%n",
                new Throwable().getStackTrace()[1].getMethodName(), brute.classes.size(), new HashSet<>(brute.classes).size(),
                d.runs(), d.abandoned());
        return new Count(brute.classes.size(), new HashSet<>(brute.classes), d.runs(), watched.classes);
    }

    private static void assertOneRunPerClass(Count c) {
        assertEquals(c.classes().size(), c.dporRuns(), "one systematic run per class of equivalent schedules (brute force: "
                + c.schedules() + " schedules in " + c.classes().size() + " classes)");
        assertEquals(c.classes(), new HashSet<>(c.dporClasses()), "the systematic runs cover every class");
        assertEquals(c.dporClasses().size(), new HashSet<>(c.dporClasses()).size(), "no class is run twice");
    }

    @Test
    void twoSendersToOneReceiver() {
        Count c = count(() -> {
            Pid r = spawn(() -> {
                receive();
                receive();
            });
            spawn(() -> send(r, "a"));
            spawn(() -> send(r, "b"));
            return null;
        });
        assertOneRunPerClass(c);
        assertTrue(c.schedules() > c.classes().size(), c.toString());
    }

    @Test
    void twoIndependentPairs() {
        Count c = count(() -> {
            for (int k = 0; k < 2; k++) {
                spawn(() -> {
                    Pid receiver = spawn(() -> receive());
                    send(receiver, "hello");
                });
            }
            return null;
        });
        assertOneRunPerClass(c);
        // in each pair the receiver looks at its mailbox before the message comes, or after: two
        // classes; the pairs touch nothing in common, so their interleavings add no more
        assertEquals(4, c.classes().size(), c.toString());
        assertTrue(c.schedules() >= 100, "yet there are many interleavings: " + c.schedules());
    }

    @Test
    void theRacyCounter() {
        record Get(Pid from) {}
        record Put(int v) {}
        Count c = count(() -> {
            Pid counter = spawn(() -> loop(0, (n, m) -> switch (m) {
                case Get(var from) -> {
                    send(from, n);
                    yield next(n);
                }
                case Put(var v) -> next(v);
                default -> skip();
            }));
            spawn(() -> {                        // a client, and the scenario's process is the other
                send(counter, new Get(self()));
                send(counter, new Put(receive(Integer.class) + 1));
            });
            send(counter, new Get(self()));
            send(counter, new Put(receive(Integer.class) + 1));
            return null;
        });
        assertOneRunPerClass(c);
    }

    @Test
    void timersAndTimeouts() {
        Count c = count(() -> {
            Pid r = spawn(() -> {
                sendAfter(self(), "tick", 10);
                receive(m -> m, 20, () -> "timeout");
                receive(m -> m, 20, () -> "timeout");
            });
            spawn(() -> {
                sleep(5);
                send(r, "hello");
            });
            return null;
        });
        assertOneRunPerClass(c);
    }

    @Test
    void linksMonitorsAndKills() {
        Count c = count(() -> {
            Pid worker = spawn(() -> receive());
            spawn(() -> {
                Ref ref = monitor(worker);
                receive(m -> m instanceof Down d && d.ref().equals(ref) ? d : null);
            });
            spawn(() -> Process.exit(worker, Reason.KILL));
            send(worker, "job");
            return null;
        });
        assertOneRunPerClass(c);
    }

    @Test
    void trappedLinks() {
        Count c = count(() -> {
            trapExit(true);
            Pid a = spawnLink(() -> {
                receive();
                throw new IllegalStateException("boom");
            });
            Pid b = spawn(() -> {
                trapExit(true);
                link(a);
                receive();
            });
            send(a, "go");
            receive(Exit.class);
            return b;
        });
        assertOneRunPerClass(c);
    }

    @Test
    void names() {
        Count c = count(() -> {
            spawn(() -> {
                register("server", self());
                receive();
            });
            spawn(() -> {
                Pid p = whereis("server");
                if (p != null) send(p, "hi");
            });
            return null;
        });
        assertOneRunPerClass(c);
    }
}
