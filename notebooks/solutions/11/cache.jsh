class Cache extends GenServer<Void, Cache.State> {
    record Stats(int hits, int misses, int size) {}
    record State(Map<String, Object> entries, int hits, int misses) {}
    record Put(String key, Object value) {}
    record Get(String key) {}
    record GetStats() {}

    static Pid start() {
        return GenServer.start(new Cache(), null);
    }

    static void put(Pid cache, String key, Object value) {
        GenServer.cast(cache, new Put(key, value));
    }

    static Object get(Pid cache, String key) {
        return GenServer.call(cache, new Get(key));
    }

    static Stats stats(Pid cache) {
        return GenServer.call(cache, new GetStats());
    }

    public Init<State> init(Void unused) {
        return ok(new State(Map.of(), 0, 0));
    }

    public CallResult<State> handleCall(Object request, From from, State s) {
        return switch (request) {
            case Get(var key) when s.entries().containsKey(key) ->
                    reply(s.entries().get(key), new State(s.entries(), s.hits() + 1, s.misses()));
            case Get(var key) -> reply(null, new State(s.entries(), s.hits(), s.misses() + 1));
            case GetStats g -> reply(new Stats(s.hits(), s.misses(), s.entries().size()), s);
            default -> super.handleCall(request, from, s);
        };
    }

    public Result<State> handleCast(Object request, State s) {
        return switch (request) {
            case Put(var key, var value) -> {
                var entries = new HashMap<>(s.entries());
                entries.put(key, value);
                yield noreply(new State(Map.copyOf(entries), s.hits(), s.misses()));
            }
            default -> super.handleCast(request, s);
        };
    }
}
