class Coordinator extends GenServer<Void, Coordinator.State> {
    static Pid start() {
        return GenServer.start(new Coordinator(), null, COORDINATOR);
    }

    record Submit(String action, String input) {}
    record Await(long jobId) {}

    static long submit(String action, String input) { return GenServer.call(COORDINATOR, new Submit(action, input)); }
    static String await(long jobId) { return GenServer.call(COORDINATOR, new Await(jobId), 5000); }

    // The state: mutable collections that never leave the server (no other process ever sees them).
    static final class State {
        long nextId = 1;
        final Deque<Job> queue = new ArrayDeque<>();                 // jobs waiting, oldest first
        final LinkedHashSet<String> free = new LinkedHashSet<>();   // agents that said Ready
        final Map<String, Ref> busy = new HashMap<>();              // agent -> the monitor on it
        final Map<Ref, Job> running = new HashMap<>();              // monitor -> the job its agent is doing
        final Map<Long, String> results = new HashMap<>();
        final Map<Long, List<From>> waiting = new HashMap<>();      // job -> who awaits it
    }

    public Init<State> init(Void unused) {
        return ok(new State());
    }

    public CallResult<State> handleCall(Object request, From from, State s) {
        return switch (request) {
            case Submit(var action, var input) -> {
                Job job = new Job(s.nextId++, action, input);
                s.queue.addLast(job);
                dispatch(s);
                yield reply(job.id(), s);
            }
            case Await(var id) when s.results.containsKey(id) -> reply(s.results.get(id), s);
            case Await(var id) -> {
                s.waiting.computeIfAbsent(id, k -> new ArrayList<>()).add(from);
                yield noreply(s);                                   // answered by from.reply when it is finished
            }
            default -> super.handleCall(request, from, s);
        };
    }

    public Result<State> handleCast(Object message, State s) {
        switch (message) {
            case Ready(var agent) -> {
                requeue(s, agent);                                  // a restarted agent: its old job, if any, goes back
                s.free.add(agent);
            }
            case Finished(var agent, var id, var result) -> {
                Ref r = s.busy.remove(agent);
                if (r != null) {
                    demonitor(r, true);
                    s.running.remove(r);
                }
                s.results.put(id, result);
                for (From f : s.waiting.getOrDefault(id, List.of())) f.reply(result);
                s.waiting.remove(id);
            }
            default -> { return super.handleCast(message, s); }
        }
        dispatch(s);
        return noreply(s);
    }

    public Result<State> handleInfo(Object message, State s) {
        if (message instanceof Down(var ref, var pid, var reason) && s.running.containsKey(ref)) {
            s.busy.values().remove(ref);
            s.queue.addFirst(s.running.remove(ref));               // its agent died: someone else will do it
            dispatch(s);
            return noreply(s);
        }
        return super.handleInfo(message, s);
    }

    private static void requeue(State s, String agent) {
        Ref r = s.busy.remove(agent);
        if (r == null) return;
        demonitor(r, true);
        Job job = s.running.remove(r);
        if (job != null) s.queue.addFirst(job);
    }

    // Pairs queued jobs with free agents, oldest job first.
    private static void dispatch(State s) {
        while (!s.queue.isEmpty() && !s.free.isEmpty()) {
            String agent = s.free.iterator().next();
            s.free.remove(agent);
            Pid pid = Registry.whereis(REGISTRY, agent);
            if (pid == null) continue;                              // it died while free: forget it
            Job job = s.queue.pollFirst();
            Ref ref = monitor(pid);
            s.busy.put(agent, ref);
            s.running.put(ref, job);
            GenServer.cast(pid, new Assign(job));
        }
    }
}
