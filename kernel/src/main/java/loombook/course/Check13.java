package loombook.course;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessInfo;
import loombook.Ref;
import loombook.exercise.Exercise;
import loombook.exercise.Trial;
import loombook.otp.ChildSpec;
import loombook.otp.DynamicSupervisor;
import loombook.otp.GenServer;
import loombook.otp.Registry;
import loombook.otp.Supervisor;

/**
 * The checks of notebook 13, supervisors: a supervised application (a registry and a dynamic
 * supervisor of named counters, rest_for_one), and a crashy worker that exhausts its supervisor's
 * restart intensity (escalation to the supervisor above).
 */
public final class Check13 {
    private Check13() {}

    private static final String REGISTRY = "counters.registry";
    private static final String COUNTERS = "counters.sup";

    /**
     * Supervised application: {@code CounterApp.start()} starts a supervisor of a unique Registry
     * named {@code "counters.registry"} and a DynamicSupervisor named {@code "counters.sup"}, with
     * a strategy that restarts the second when the first dies but not the other way round
     * (rest_for_one); {@code startCounter(name)} starts a counter under the dynamic supervisor,
     * registered with a via-name. {@code increment} and {@code value} are given.
     *
     * <pre>{@code
     * Check13.counterApp(CounterApp::start, CounterApp::startCounter, CounterApp::increment, CounterApp::value);
     * }</pre>
     */
    public static void counterApp(Supplier<Pid> start, Function<String, Pid> startCounter, Consumer<String> increment,
                                  Function<String, Integer> value) {
        Exercise.named("CounterApp")
            .test("start() starts a supervisor whose children are the registry, then the counters' DynamicSupervisor",
                    "Supervisor.start(List.of(Registry.childSpec(...), DynamicSupervisor.childSpec(...)), strategy)", t -> {
                Pid sup = startApp(t, start);
                List<Supervisor.Child> children = OtpChecks.call(t, "Supervisor.whichChildren(app)", () -> Supervisor.whichChildren(sup));
                t.expectEquals("the number of children of the application's supervisor", 2, children.size());
                t.expect(children.get(0).pid() != null && children.get(0).pid().equals(Process.whereis(REGISTRY)),
                        "the first child is not the registry \"" + REGISTRY + "\" (the registry is registered under its name: Registry.childSpec(Registry.UNIQUE, REGISTRY))");
                t.expectEquals("what the first child runs", "Registry", label(children.get(0).pid()));
                t.expect(children.get(1).pid() != null && children.get(1).pid().equals(Process.whereis(COUNTERS)),
                        "the second child is not the process named \"" + COUNTERS + "\" (DynamicSupervisor.childSpec(id, options, COUNTERS))");
                t.expectEquals("what the second child runs", "DynamicSupervisor", label(children.get(1).pid()));
            })
            .test("startCounter(\"a\") starts a counter under the counters' supervisor, registered as \"a\"",
                    "DynamicSupervisor.startChild(COUNTERS, ChildSpec.worker(name, () -> GenServer.startLink(new Counter(), name, Registry.via(REGISTRY, name))))", t -> {
                startApp(t, start);
                Pid a = OtpChecks.call(t, "CounterApp.startCounter(\"a\")", () -> startCounter.apply("a"));
                t.expect(a != null && Process.alive(a), "startCounter(\"a\") did not return a live process");
                t.expectEquals("the process registered under \"a\" in the registry", a, Registry.whereis(REGISTRY, "a"));
                List<Pid> kids = DynamicSupervisor.whichChildren(COUNTERS).stream().map(Supervisor.Child::pid).toList();
                t.expect(kids.contains(a), "the counter is not a child of \"" + COUNTERS + "\": its children are " + kids);
                for (int i = 0; i < 3; i++) OtpChecks.run(t, "CounterApp.increment(\"a\")", () -> increment.accept("a"));
                t.expectEquals("CounterApp.value(\"a\") after 3 increments", 3, OtpChecks.call(t, "CounterApp.value(\"a\")", () -> value.apply("a")));
            })
            .test("a counter that crashes comes back under its name with a new pid; the other counter is untouched",
                    "the counters are permanent children of the DynamicSupervisor, and their start function registers the via-name again", t -> {
                startApp(t, start);
                Pid a = OtpChecks.call(t, "CounterApp.startCounter(\"a\")", () -> startCounter.apply("a"));
                Pid b = OtpChecks.call(t, "CounterApp.startCounter(\"b\")", () -> startCounter.apply("b"));
                OtpChecks.run(t, "CounterApp.increment(\"a\")", () -> increment.accept("a"));
                OtpChecks.run(t, "CounterApp.increment(\"b\")", () -> increment.accept("b"));
                OtpChecks.call(t, "CounterApp.value(\"b\")", () -> value.apply("b"));
                crash(t, a);
                t.step("waiting for counter \"a\" to come back");
                boolean back = t.eventually(2000, () -> {
                    Pid p = Registry.whereis(REGISTRY, "a");
                    return p != null && !p.equals(a) && Process.alive(p);
                });
                t.expect(back, "2 s after counter \"a\" crashed, no new process was registered under \"a\"");
                t.expectEquals("CounterApp.value(\"a\") after its restart (a fresh state)", 0, OtpChecks.call(t, "CounterApp.value(\"a\")", () -> value.apply("a")));
                t.expectEquals("the process registered as \"b\"", b, Registry.whereis(REGISTRY, "b"));
                t.expectEquals("CounterApp.value(\"b\")", 1, OtpChecks.call(t, "CounterApp.value(\"b\")", () -> value.apply("b")));
            })
            .test("when the registry dies, the counters' supervisor is restarted with it, even with no counter running",
                    "the counters' supervisor depends on the registry started before it: that is REST_FOR_ONE (ONE_FOR_ONE keeps the old supervisor)", 4000, t -> {
                Pid sup = startApp(t, start);
                Pid registry = Process.whereis(REGISTRY);
                Pid counters = Process.whereis(COUNTERS);
                crash(t, registry);
                awaitRestarted(t, sup, registry, "the registry");
                t.step("waiting for the counters' supervisor");
                boolean replaced = t.eventually(1000, () -> {
                    Pid c = Process.whereis(COUNTERS);
                    return c != null && !c.equals(counters) && Process.alive(c);
                });
                t.expect(replaced, "the registry was restarted, but the counters' supervisor kept its pid " + counters + ": it was not restarted with it");
                Pid c2 = OtpChecks.call(t, "CounterApp.startCounter(\"c\")", () -> startCounter.apply("c"));
                t.expectEquals("the process registered as \"c\" in the new registry", c2, Registry.whereis(REGISTRY, "c"));
                OtpChecks.run(t, "CounterApp.increment(\"c\")", () -> increment.accept("c"));
                t.expectEquals("CounterApp.value(\"c\")", 1, OtpChecks.call(t, "CounterApp.value(\"c\")", () -> value.apply("c")));
            })
            .test("when the counters' supervisor dies, the registry keeps running",
                    "ONE_FOR_ALL would restart the registry too; the registry does not depend on what was started after it: REST_FOR_ONE", 4000, t -> {
                Pid sup = startApp(t, start);
                Pid registry = Process.whereis(REGISTRY);
                Pid counters = Process.whereis(COUNTERS);
                crash(t, counters);
                awaitRestarted(t, sup, counters, "the counters' supervisor");
                t.expectEquals("the registry's pid after the counters' supervisor crashed", registry, Process.whereis(REGISTRY));
                Pid d = OtpChecks.call(t, "CounterApp.startCounter(\"d\")", () -> startCounter.apply("d"));
                t.expect(d != null && Process.alive(d), "startCounter(\"d\") did not return a live process after the restart");
            })
            .check();
    }

    private static Pid startApp(Trial t, Supplier<Pid> start) {
        Process.trapExit(true);        // a student's startLink must not take the tester down with the app
        OtpChecks.awaitNamesFree(t, REGISTRY, COUNTERS);
        Pid sup = OtpChecks.call(t, "CounterApp.start()", start::get);
        t.expect(sup != null && Process.alive(sup), "CounterApp.start() did not return a live process");
        t.expectEquals("what CounterApp.start() started", "Supervisor", label(sup));
        return sup;
    }

    private static String label(Pid pid) {
        ProcessInfo i = pid == null ? null : Process.info(pid);
        if (i == null) return "no live process";
        return i.label() == null ? "a plain process" : String.valueOf(i.label());
    }

    /** Crashes {@code pid}: kills it (supervisors and registries trap other exit signals), and waits until it has ended. */
    private static void crash(Trial t, Pid pid) {
        t.step("killing " + pid);
        Ref ref = t.watch(pid);
        Process.exit(pid, loombook.Reason.KILL);
        if (t.awaitDown(ref, 1000) == null) t.fail(pid + " was still alive 1 s after it was killed");
    }

    /** Waits until {@code sup} lists a live child where {@code old} was. */
    private static void awaitRestarted(Trial t, Pid sup, Pid old, String what) {
        t.step("waiting for " + what + " to be restarted");
        boolean ok = t.eventually(2000, () -> {
            List<Supervisor.Child> cs = OtpChecks.quietly(() -> Supervisor.whichChildren(sup), List.of());
            return cs.stream().noneMatch(c -> old.equals(c.pid())) && cs.stream().allMatch(c -> c.pid() == null || Process.alive(c.pid()));
        });
        t.expect(ok, what + " was not restarted within 2 s" + (Process.alive(sup) ? "" : ": the application's supervisor itself has ended"));
    }

    /**
     * A crashy worker: {@code Crashy.start(maxRestarts, maxSeconds)} starts a top supervisor (10
     * restarts in 5 s) of an inner supervisor ({@code maxRestarts} in {@code maxSeconds}) of a
     * transient worker. {@code inner(top)} and {@code worker(top)} are the given helpers.
     *
     * <pre>{@code
     * Check13.crashy(Crashy::start, Crashy::inner, Crashy::worker);
     * }</pre>
     */
    public static void crashy(java.util.function.BiFunction<Integer, Integer, Pid> start, Function<Pid, Pid> inner, Function<Pid, Pid> worker) {
        Exercise.named("Crashy")
            .test("start(2, 5) starts a tree: top supervisor, inner supervisor, worker",
                    "the top supervisor's only child is a supervisor (Supervisor.childSpec), whose only child is the Worker", t -> {
                Tree tree = startTree(t, start, 2, 5);
                List<Supervisor.Child> top = Supervisor.whichChildren(tree.top());
                t.expectEquals("the number of children of the top supervisor", 1, top.size());
                t.expectEquals("the type of the top supervisor's child", ChildSpec.Type.SUPERVISOR, top.getFirst().type());
                List<Supervisor.Child> in = Supervisor.whichChildren(tree.inner());
                t.expectEquals("the number of children of the inner supervisor", 1, in.size());
                t.expectEquals("what the inner supervisor's child runs", "Worker", label(in.getFirst().pid()));
                t.expectEquals("Crashy.inner(top)", tree.inner(), OtpChecks.call(t, "Crashy.inner(top)", () -> inner.apply(tree.top())));
                t.expectEquals("Crashy.worker(top)", tree.worker(), OtpChecks.call(t, "Crashy.worker(top)", () -> worker.apply(tree.top())));
            })
            .test("a worker that crashes is restarted by the inner supervisor (new worker pid, same supervisors)", t -> {
                Tree tree = startTree(t, start, 2, 5);
                Pid w2 = crashWorker(t, tree, tree.worker());
                t.expect(!w2.equals(tree.worker()), "the worker kept its pid");
                t.expectEquals("the inner supervisor after one crash", tree.inner(), firstChild(tree.top()));
            })
            .test("start(2, 5): 2 crashes in a row are within the limit, the inner supervisor stays",
                    "Supervisor.flags(Supervisor.ONE_FOR_ONE).withMaxRestarts(maxRestarts).withMaxSeconds(maxSeconds) for the inner supervisor", t -> {
                Tree tree = startTree(t, start, 2, 5);
                Pid w = tree.worker();
                for (int i = 1; i <= 2; i++) {
                    w = crashWorker(t, tree, w);
                    t.expectEquals("the inner supervisor after crash " + i, tree.inner(), firstChild(tree.top()));
                }
            })
            .test("start(2, 5): a 3rd crash is one too many; the inner supervisor gives up and the top one restarts it",
                    "the inner supervisor exits when its limit is passed; the top supervisor, with 10 restarts in 5 s, restarts it (and with it a new worker)", 4000, t -> {
                Tree tree = startTree(t, start, 2, 5);
                Pid w = tree.worker();
                for (int i = 1; i <= 2; i++) w = crashWorker(t, tree, w);
                Pid last = w;
                crash(t, last);
                t.step("waiting for the inner supervisor to be replaced");
                boolean replaced = t.eventually(2000, () -> {
                    Pid in = firstChild(tree.top());
                    return in != null && !in.equals(tree.inner()) && Process.alive(in) && firstChild(in) != null;
                });
                t.expect(Process.alive(tree.top()), "the top supervisor ended: give it room for restarts (10 in 5 s)");
                t.expect(!Process.alive(tree.inner()), "after 3 crashes within 5 s the inner supervisor of start(2, 5) is still alive: is its limit 2 restarts?");
                t.expect(replaced, "the inner supervisor gave up but the top supervisor did not start a new one within 2 s");
            })
            .test("start(1, 1): crashes more than a second apart do not add up",
                    "maxSeconds is the window the restarts are counted in", 5000, t -> {
                Tree tree = startTree(t, start, 1, 1);
                Pid w = crashWorker(t, tree, tree.worker());
                t.sleep(1300);
                crashWorker(t, tree, w);
                t.expectEquals("the inner supervisor after two crashes 1.3 s apart", tree.inner(), firstChild(tree.top()));
            })
            .test("the worker is transient: stopped normally, it is not restarted",
                    "ChildSpec.worker(...).withRestart(ChildSpec.Restart.TRANSIENT)", t -> {
                Tree tree = startTree(t, start, 2, 5);
                Ref ref = t.watch(tree.worker());
                t.step("stopping the worker with GenServer.stop (reason normal)");
                GenServer.stop(tree.worker());
                t.awaitDown(ref, 1000);
                t.sleep(200);
                List<Supervisor.Child> in = Supervisor.whichChildren(tree.inner());
                t.expect(in.size() == 1 && in.getFirst().pid() == null,
                        "after the worker stopped normally, the inner supervisor lists " + in + " (a restarted worker, or no spec at all)");
                t.expect(Process.alive(tree.inner()), "the inner supervisor ended");
            })
            .check();
    }

    private record Tree(Pid top, Pid inner, Pid worker) {}

    private static Tree startTree(Trial t, java.util.function.BiFunction<Integer, Integer, Pid> start, int max, int seconds) {
        Process.trapExit(true);
        Pid top = OtpChecks.call(t, "Crashy.start(" + max + ", " + seconds + ")", () -> start.apply(max, seconds));
        t.expect(top != null && Process.alive(top), "Crashy.start did not return a live process");
        t.expectEquals("what Crashy.start started", "Supervisor", label(top));
        Pid inner = firstChild(top);
        t.expect(inner != null, "the top supervisor has no running child");
        t.expectEquals("what the top supervisor's child runs", "Supervisor", label(inner));
        Pid worker = firstChild(inner);
        t.expect(worker != null, "the inner supervisor has no running child");
        return new Tree(top, inner, worker);
    }

    private static Pid firstChild(Pid sup) {
        if (sup == null || !Process.alive(sup)) return null;
        List<Supervisor.Child> cs = OtpChecks.quietly(() -> Supervisor.whichChildren(sup), List.of());
        return cs.isEmpty() ? null : cs.getFirst().pid();
    }

    /** Crashes worker {@code w} and returns its successor under the same inner supervisor. */
    private static Pid crashWorker(Trial t, Tree tree, Pid w) {
        crash(t, w);
        t.step("waiting for the worker to be restarted");
        Pid[] next = new Pid[1];
        boolean back = t.eventually(2000, () -> {
            Pid n = firstChild(tree.inner());
            next[0] = n;
            return n != null && !n.equals(w) && Process.alive(n);
        });
        if (!back) {
            t.fail(Process.alive(tree.inner()) ? "the crashed worker was not restarted within 2 s"
                    : "the inner supervisor ended after this crash: is its limit maxRestarts in maxSeconds?");
        }
        return next[0];
    }
}
