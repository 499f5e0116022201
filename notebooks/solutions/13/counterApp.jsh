class CounterApp {
    static final String REGISTRY = "counters.registry";
    static final String COUNTERS = "counters.sup";

    // REST_FOR_ONE: the counters' supervisor depends on the registry started before it
    static Pid start() {
        return Supervisor.start(List.of(
                Registry.childSpec(Registry.UNIQUE, REGISTRY),
                DynamicSupervisor.childSpec("counters", DynamicSupervisor.options(), COUNTERS)),
            Supervisor.REST_FOR_ONE);
    }

    static Pid startCounter(String name) {
        return DynamicSupervisor.startChild(COUNTERS,
                ChildSpec.worker(name, () -> GenServer.startLink(new Counter(), name, Registry.via(REGISTRY, name))));
    }

    record Inc() {}
    record Value() {}

    static class Counter extends GenServer<String, Integer> {
        public Init<Integer> init(String name) { return ok(0); }
        public Result<Integer> handleCast(Object r, Integer n) { return r instanceof Inc ? noreply(n + 1) : super.handleCast(r, n); }
        public CallResult<Integer> handleCall(Object r, From from, Integer n) { return r instanceof Value ? reply(n, n) : super.handleCall(r, from, n); }
    }

    static void increment(String name) { GenServer.cast(Registry.via(REGISTRY, name), new Inc()); }
    static int value(String name) { return GenServer.call(Registry.via(REGISTRY, name), new Value(), 1000); }
}
