class Workflow extends GenStateMachine<Workflow.Job, Workflow.Phase, Workflow.Data> {
    enum Phase { IDLE, RUNNING, DONE, FAILED }
    record Job(IntFunction<Object> attempt, int maxAttempts, long deadlineMillis) {}
    record Done(Object value) {}
    record Failed(String reason) {}

    static Pid start(IntFunction<Object> attempt, int maxAttempts, long deadlineMillis) {
        return GenStateMachine.start(new Workflow(), new Job(attempt, maxAttempts, deadlineMillis));
    }

    record Run() {}
    record Await() {}
    record GetPhase() {}
    static String run(Pid wf) { return GenStateMachine.call(wf, new Run(), 1000); }
    static Object await(Pid wf) { return GenStateMachine.call(wf, new Await(), 5000); }
    static Phase phase(Pid wf) { return GenStateMachine.call(wf, new GetPhase(), 1000); }

    // the data: the job, the attempt running now and its process, and the outcome once there is one
    record Data(Job job, int attempt, Pid worker, Object outcome) {}
    // what an attempt's process reports
    record Succeeded(int attempt, Object value) {}
    record Threw(int attempt, String error) {}

    public List<CallbackMode> callbackMode() { return List.of(HANDLE_EVENT_FUNCTION, STATE_ENTER); }

    public Init<Phase, Data> init(Job job) {
        return ok(Phase.IDLE, new Data(job, 0, null, null));
    }

    public Transition<Phase, Data> handleEvent(Event event, Phase phase, Data d) {
        return switch (event) {
            // entering RUNNING (first time, or again through repeatState): start the next attempt
            case Enter(var old) when phase == Phase.RUNNING -> {
                int n = d.attempt() + 1;
                Pid me = self();
                IntFunction<Object> attempt = d.job().attempt();
                Pid worker = spawn(() -> {
                    try {
                        send(me, new Succeeded(n, attempt.apply(n)));
                    } catch (RuntimeException e) {
                        send(me, new Threw(n, e.toString()));
                    }
                });
                yield keepState(new Data(d.job(), n, worker, null));
            }
            case Enter(var old) -> keepStateAndData();

            case Call(var from, Run r) when phase == Phase.IDLE ->
                    nextState(Phase.RUNNING, d, reply(from, "started"),
                            genericTimeout("deadline", d.job().deadlineMillis(), "deadline"));
            case Call(var from, Run r) -> keepStateAndData(reply(from, "already started"));
            case Call(var from, GetPhase g) -> keepStateAndData(reply(from, phase));

            case Info(Succeeded(var n, var value)) when phase == Phase.RUNNING && n == d.attempt() ->
                    nextState(Phase.DONE, new Data(d.job(), n, null, new Done(value)), cancelGenericTimeout("deadline"));
            case Info(Threw(var n, var error)) when phase == Phase.RUNNING && n == d.attempt() && n < d.job().maxAttempts() ->
                    repeatState(d);                          // enter RUNNING again: the next attempt
            case Info(Threw(var n, var error)) when phase == Phase.RUNNING && n == d.attempt() ->
                    nextState(Phase.FAILED, new Data(d.job(), n, null, new Failed("gave up after " + n + " attempts")),
                            cancelGenericTimeout("deadline"));
            case GenericTimeout(var name, var content) when phase == Phase.RUNNING -> {
                if (d.worker() != null) Process.exit(d.worker(), Reason.KILL);
                yield nextState(Phase.FAILED, new Data(d.job(), d.attempt(), null, new Failed("deadline")));
            }

            case Call(var from, Await a) when phase == Phase.DONE || phase == Phase.FAILED ->
                    keepStateAndData(reply(from, d.outcome()));
            case Call(var from, Await a) -> keepStateAndData(postpone());

            default -> keepStateAndData();                    // a late report of an attempt, a late timeout
        };
    }
}
