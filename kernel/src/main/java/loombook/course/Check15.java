package loombook.course;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessExit;
import loombook.ProcessInfo;
import loombook.Reason;
import loombook.Ref;
import loombook.exercise.Exercise;
import loombook.exercise.Trial;
import loombook.otp.Ets;
import loombook.otp.GenStateMachine;
import loombook.otp.Registry;
import loombook.otp.Supervisor;
import loombook.otp.Sys;

/**
 * The checks of notebook 15, the checkpoint: the coordinator of a team of agents (tested with the
 * notebook's own agents), and the whole supervised system, end to end, crashes included. The names
 * are the notebook's: the registry {@code "agents.registry"}, the coordinator
 * {@code "agents.coordinator"}, the memory {@code "agents.memory"}.
 */
public final class Check15 {
    private Check15() {}

    private static final String REGISTRY = "agents.registry";
    private static final String COORDINATOR = "agents.coordinator";
    private static final String MEMORY = "agents.memory";

    /**
     * Coordinator: {@code Coordinator.start()} starts a GenServer registered as
     * {@code "agents.coordinator"}; {@code submit(action, input)} queues a job and answers its id;
     * {@code await(id)} answers its result, later if need be; jobs go to agents that said
     * {@code Ready}, and a job whose agent dies goes back to the queue. {@code startWorker} is the
     * notebook's {@code Worker::startLink}; the check starts the registry and the agents itself.
     *
     * <pre>{@code
     * Check15.coordinator(Coordinator::start, Coordinator::submit, Coordinator::await, Worker::startLink);
     * }</pre>
     */
    public static void coordinator(Supplier<Pid> start, BiFunction<String, String, Long> submit, Function<Long, String> await,
                                   Function<String, Pid> startWorker) {
        Exercise.named("Coordinator")
            .test("start() starts a GenServer registered as COORDINATOR",
                    "GenServer.start(new Coordinator(), null, COORDINATOR)", t -> {
                Pid c = startCoordinator(t, start);
                t.expectEquals("the process registered as \"" + COORDINATOR + "\"", c, Process.whereis(COORDINATOR));
            })
            .test("with one agent: submit answers an id at once, await answers the job's result",
                    "on Ready(agent), remember the agent as free; with a job queued and an agent free, cast Assign(job) to Registry.via(REGISTRY, agent)", t -> {
                startCoordinator(t, start);
                startAgents(t, startWorker, "ada");
                long id = OtpChecks.call(t, "Coordinator.submit(\"echo\", \"hello\")", () -> submit.apply("echo", "hello"));
                t.expectEquals("Coordinator.await(id)", "ada: hello", awaitResult(t, await, id));
                long id2 = OtpChecks.call(t, "Coordinator.submit(\"upper\", \"again\")", () -> submit.apply("upper", "again"));
                t.expect(id2 != id, "the second job got the same id as the first, " + id);
                t.expectEquals("Coordinator.await(id2)", "ada: AGAIN", awaitResult(t, await, id2));
            })
            .test("jobs submitted before any agent is free wait in the queue, and get ids 1, 2, 3",
                    "queue the jobs; when an agent says Ready, give it the oldest one", t -> {
                startCoordinator(t, start);
                List<Long> ids = new ArrayList<>();
                for (String w : List.of("a", "b", "c")) ids.add(OtpChecks.call(t, "Coordinator.submit(\"echo\", \"" + w + "\")", () -> submit.apply("echo", w)));
                t.expectEquals("the ids of the first three jobs", List.of(1L, 2L, 3L), ids);
                startAgents(t, startWorker, "ada");
                List<String> results = new ArrayList<>();
                for (long id : ids) results.add(awaitResult(t, await, id));
                t.expectEquals("the results", List.of("ada: a", "ada: b", "ada: c"), results);
            })
            .test("await of a job still running waits, while the coordinator goes on answering (a deferred reply)",
                    "in handleCall, keep the From of an await whose job is not finished, return noreply(state), and call from.reply(result) when Finished comes", t -> {
                startCoordinator(t, start);
                startAgents(t, startWorker, "ada");
                long slow = OtpChecks.call(t, "Coordinator.submit(\"sleep\", \"500\")", () -> submit.apply("sleep", "500"));
                Pid me = t.self();
                record Awaited(String result) {}
                t.spawn(() -> Process.send(me, new Awaited(await.apply(slow))));
                t.sleep(100);
                long t0 = System.nanoTime();
                long quick = OtpChecks.call(t, "Coordinator.submit(\"echo\", \"meanwhile\")", () -> submit.apply("echo", "meanwhile"));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                t.expect(ms < 300, "Coordinator.submit took " + ms + " ms while another client awaited a running job: the coordinator was blocked");
                Awaited a = t.receiveWithin(3000, m -> m instanceof Awaited aw ? aw : null);
                if (a == null) t.fail("the await of the 500 ms job had no answer within 3 s");
                t.expectEquals("the awaited result", "ada: slept 500 ms", a.result());
                t.expectEquals("Coordinator.await(quick)", "ada: meanwhile", awaitResult(t, await, quick));
            })
            .test("three agents share the work: 6 jobs of 200 ms take well under 6 x 200 ms",
                    "every free agent should get a job: assign while there are both queued jobs and free agents", 4000, t -> {
                startCoordinator(t, start);
                startAgents(t, startWorker, "ada", "grace", "alan");
                long t0 = System.nanoTime();
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < 6; i++) ids.add(OtpChecks.call(t, "Coordinator.submit(\"sleep\", \"200\")", () -> submit.apply("sleep", "200")));
                Set<String> agents = new HashSet<>();
                for (long id : ids) {
                    String r = awaitResult(t, await, id);
                    t.expect(r != null && r.endsWith(": slept 200 ms"), "job " + id + " answered " + Trial.show(r));
                    agents.add(r.substring(0, r.indexOf(':')));
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                t.expect(agents.size() >= 2, "all 6 jobs were done by " + agents + ": the other agents got none");
                t.expect(ms < 1000, "6 jobs of 200 ms with 3 agents took " + ms + " ms: they were not done in parallel");
            })
            .test("a finished job's result can be awaited again, and by several clients",
                    "keep the results: an await for a finished job answers at once", t -> {
                startCoordinator(t, start);
                startAgents(t, startWorker, "ada");
                long id = OtpChecks.call(t, "Coordinator.submit(\"echo\", \"twice\")", () -> submit.apply("echo", "twice"));
                t.expectEquals("Coordinator.await(id)", "ada: twice", awaitResult(t, await, id));
                t.expectEquals("Coordinator.await(id) again", "ada: twice", awaitResult(t, await, id));
                Pid me = t.self();
                record Again(String result) {}
                t.spawn(() -> Process.send(me, new Again(await.apply(id))));
                Again a = t.receiveWithin(1000, m -> m instanceof Again x ? x : null);
                t.expect(a != null, "an await from another process had no answer within 1 s");
                t.expectEquals("Coordinator.await(id) from another process", "ada: twice", a.result());
            })
            .test("a job whose agent dies is done by another agent",
                    "monitor the agent you give a job to (Registry.whereis(REGISTRY, agent)); on its Down, put the job back at the front of the queue", 4000, t -> {
                startCoordinator(t, start);
                startAgents(t, startWorker, "ada", "grace");
                long id = OtpChecks.call(t, "Coordinator.submit(\"sleep\", \"700\")", () -> submit.apply("sleep", "700"));
                String busy = awaitBusy(t, "ada", "grace");
                String other = busy.equals("ada") ? "grace" : "ada";
                killAgent(t, busy);
                String r = awaitResult(t, await, id);
                t.expectEquals("the result of the job whose agent (" + busy + ") was killed", other + ": slept 700 ms", r);
            })
            .check();
    }

    /**
     * The agent system: {@code AgentSystem.start(names)} starts a supervisor of the registry, the
     * memory keeper, the coordinator and a supervisor of one Worker per name, in that order, with
     * strategies that let the system recover from the crash of an agent or of the coordinator without
     * forgetting what it remembered. Checked end to end through the coordinator's client API.
     *
     * <pre>{@code
     * Check15.agentSystem(AgentSystem::start, Coordinator::submit, Coordinator::await);
     * }</pre>
     */
    public static void agentSystem(Function<List<String>, Pid> start, BiFunction<String, String, Long> submit,
                                   Function<Long, String> await) {
        Exercise.named("AgentSystem")
            .test("the tree: the registry, the memory keeper, the coordinator, then a supervisor of one Worker per agent",
                    "Supervisor.start(List.of(Registry.childSpec(...), memory keeper, coordinator, Supervisor.childSpec(\"agents\", workers, ...)), strategy)", t -> {
                Pid top = startSystem(t, start);
                List<Supervisor.Child> cs = OtpChecks.call(t, "Supervisor.whichChildren(system)", () -> Supervisor.whichChildren(top));
                List<String> labels = cs.stream().map(c -> label(c.pid())).toList();
                t.expectEquals("what the system's children run, in order", List.of("Registry", "MemoryKeeper", "Coordinator", "Supervisor"), labels);
                t.expectEquals("the process registered as \"" + MEMORY + "\"", cs.get(1).pid(), Process.whereis(MEMORY));
                t.expectEquals("the process registered as \"" + COORDINATOR + "\"", cs.get(2).pid(), Process.whereis(COORDINATOR));
                t.expect(Ets.whereis(MEMORY) != null, "there is no table named \"" + MEMORY + "\"");
                List<Supervisor.Child> agents = Supervisor.whichChildren(cs.get(3).pid());
                t.expectEquals("what the agents' supervisor's children run", List.of("Worker", "Worker", "Worker"),
                        agents.stream().map(c -> label(c.pid())).toList());
                for (String name : List.of("ada", "grace", "alan")) {
                    t.expect(Registry.whereis(REGISTRY, name) != null, "no agent is registered as \"" + name + "\"");
                }
            })
            .test("nine jobs for three agents: every result right, the work shared", null, 4000, t -> {
                startSystem(t, start);
                List<String[]> jobs = List.of(new String[] {"upper", "one"}, new String[] {"count", "a b c"}, new String[] {"sleep", "150"},
                        new String[] {"upper", "two"}, new String[] {"count", "d e"}, new String[] {"sleep", "150"},
                        new String[] {"upper", "three"}, new String[] {"echo", "f"}, new String[] {"sleep", "150"});
                List<String> expected = List.of("ONE", "3 words", "slept 150 ms", "TWO", "2 words", "slept 150 ms", "THREE", "f", "slept 150 ms");
                List<Long> ids = new ArrayList<>();
                for (String[] j : jobs) ids.add(OtpChecks.call(t, "Coordinator.submit(\"" + j[0] + "\", \"" + j[1] + "\")", () -> submit.apply(j[0], j[1])));
                Set<String> agents = new HashSet<>();
                for (int i = 0; i < ids.size(); i++) {
                    long id = ids.get(i);
                    String r = awaitResult(t, await, id);
                    int colon = r == null ? -1 : r.indexOf(": ");
                    if (colon < 0) t.fail("job " + id + " answered " + Trial.show(r));
                    t.expectEquals("the result of " + jobs.get(i)[0] + " " + jobs.get(i)[1], expected.get(i), r.substring(colon + 2));
                    agents.add(r.substring(0, colon));
                }
                t.expect(agents.size() >= 2, "all nine jobs were done by " + agents);
            })
            .test("the team remembers: what one job remembers, a later job recalls", t -> {
                startSystem(t, start);
                long r = OtpChecks.call(t, "Coordinator.submit(\"remember\", \"motto=let it crash\")", () -> submit.apply("remember", "motto=let it crash"));
                awaitResult(t, await, r);
                long q = OtpChecks.call(t, "Coordinator.submit(\"recall\", \"motto\")", () -> submit.apply("recall", "motto"));
                String got = awaitResult(t, await, q);
                t.expect(got != null && got.endsWith(": let it crash"), "recall motto answered " + Trial.show(got) + " instead of \"<agent>: let it crash\"");
            })
            .test("an agent killed in the middle of a job: the job is done anyway, and the agent comes back under its name",
                    "the agents' supervisor restarts it (a permanent child); the restarted agent registers and says Ready again", 5000, t -> {
                startSystem(t, start);
                long id = OtpChecks.call(t, "Coordinator.submit(\"sleep\", \"600\")", () -> submit.apply("sleep", "600"));
                String busy = awaitBusy(t, "ada", "grace", "alan");
                Pid old = Registry.whereis(REGISTRY, busy);
                killAgent(t, busy);
                String r = awaitResult(t, await, id);
                t.expect(r != null && r.endsWith(": slept 600 ms"), "the job whose agent was killed answered " + Trial.show(r));
                t.step("waiting for " + busy + " to come back");
                boolean back = t.eventually(2000, () -> {
                    Pid p = Registry.whereis(REGISTRY, busy);
                    return p != null && !p.equals(old);
                });
                t.expect(back, busy + " was not back under its name 2 s after it was killed");
            })
            .test("the coordinator killed: the system recovers, and has not forgotten",
                    "after a new coordinator starts, the agents must say Ready to it: restart them with it (the parts after the coordinator), "
                            + "but not the memory keeper started before it: REST_FOR_ONE", 9000, t -> {
                Pid top = startSystem(t, start);
                long r = OtpChecks.call(t, "Coordinator.submit(\"remember\", \"colour=blue\")", () -> submit.apply("remember", "colour=blue"));
                awaitResult(t, await, r);
                Pid old = Process.whereis(COORDINATOR);
                t.step("killing the coordinator");
                Ref ref = t.watch(old);
                Process.exit(old, Reason.KILL);
                t.awaitDown(ref, 1000);
                t.step("waiting for a new coordinator");
                boolean back = t.eventually(2000, () -> {
                    Pid c = Process.whereis(COORDINATOR);
                    return c != null && !c.equals(old);
                });
                if (!back) t.fail("no new coordinator was registered within 2 s" + (Process.alive(top) ? "" : ": the system's supervisor has ended"));
                long q = OtpChecks.call(t, "Coordinator.submit(\"recall\", \"colour\")", () -> submit.apply("recall", "colour"));
                String got;
                try {
                    got = await.apply(q);
                } catch (ProcessExit e) {
                    throw t.fail("after the coordinator was restarted, a new job was never done (" + e.reason()
                            + "): the agents never told the new coordinator that they were free");
                }
                t.expect(got != null && got.endsWith(": blue"), "after the coordinator was restarted, recall colour answered " + Trial.show(got)
                        + ": the team forgot what it remembered (was the memory keeper restarted too?)");
            })
            .check();
    }

    // ------------------------------------------------------------------ helpers

    private static Pid startCoordinator(Trial t, Supplier<Pid> start) {
        Process.trapExit(true);        // the agents are linked to the tester: their deaths must not end it
        OtpChecks.awaitNamesFree(t, REGISTRY, COORDINATOR, MEMORY);
        t.step("starting the registry " + REGISTRY);
        Registry.start(Registry.UNIQUE, REGISTRY);
        Pid c = OtpChecks.call(t, "Coordinator.start()", start::get);
        OtpChecks.expectServer(t, c, "Coordinator.start()", "Coordinator");
        return c;
    }

    private static void startAgents(Trial t, Function<String, Pid> startWorker, String... names) {
        for (String n : names) OtpChecks.call(t, "Worker.startLink(\"" + n + "\")", () -> startWorker.apply(n));
    }

    private static Pid startSystem(Trial t, Function<List<String>, Pid> start) {
        Process.trapExit(true);
        OtpChecks.awaitNamesFree(t, REGISTRY, COORDINATOR, MEMORY);
        List<String> names = List.of("ada", "grace", "alan");
        Pid top = OtpChecks.call(t, "AgentSystem.start([ada, grace, alan])", () -> start.apply(names));
        t.expect(top != null && Process.alive(top), "AgentSystem.start did not return a live process");
        t.expectEquals("what AgentSystem.start started", "Supervisor", label(top));
        return top;
    }

    private static String awaitResult(Trial t, Function<Long, String> await, long id) {
        return OtpChecks.call(t, "Coordinator.await(" + id + ")", () -> await.apply(id));
    }

    private static String label(Pid pid) {
        ProcessInfo i = pid == null ? null : Process.info(pid);
        if (i == null) return "no live process";
        return i.label() == null ? "a plain process" : String.valueOf(i.label());
    }

    /** Waits until one of the agents is busy (its state machine is in state BUSY) and returns its name. */
    private static String awaitBusy(Trial t, String... names) {
        t.step("waiting for an agent to start the job");
        String[] found = new String[1];
        boolean ok = t.eventually(2000, () -> {
            for (String n : names) {
                Pid p = Registry.whereis(REGISTRY, n);
                if (p == null) continue;
                Object sd = OtpChecks.quietly(() -> Sys.getState(p, 500), null);
                if (sd instanceof GenStateMachine.StateData<?, ?> d && "BUSY".equals(String.valueOf(d.state()))) {
                    found[0] = n;
                    return true;
                }
            }
            return false;
        });
        if (!ok) t.fail("no agent was BUSY with the job 2 s after it was submitted: did the coordinator assign it?");
        return found[0];
    }

    private static void killAgent(Trial t, String name) {
        Pid p = Registry.whereis(REGISTRY, name);
        if (p == null) t.fail("agent " + name + " is not registered");
        t.step("killing agent " + name);
        Ref ref = t.watch(p);
        Process.exit(p, Reason.KILL);
        t.awaitDown(ref, 1000);
    }
}
