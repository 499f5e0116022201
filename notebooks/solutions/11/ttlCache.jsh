class TtlCache extends GenServer<Void, Map<String, TtlCache.Entry>> {
    record Entry(Object value, Ref version) {}
    record Put(String key, Object value, long ttlMillis) {}
    record Get(String key) {}
    record Size() {}
    record Expire(String key, Ref version) {}

    static Pid start() {
        return GenServer.start(new TtlCache(), null);
    }

    static void put(Pid cache, String key, Object value, long ttlMillis) {
        GenServer.cast(cache, new Put(key, value, ttlMillis));
    }

    static Object get(Pid cache, String key) {
        return GenServer.call(cache, new Get(key));
    }

    static int size(Pid cache) {
        return GenServer.call(cache, new Size());
    }

    // The state is a map that never leaves the server, so it may be a plain HashMap.
    public Init<Map<String, Entry>> init(Void unused) {
        return ok(new HashMap<>());
    }

    public CallResult<Map<String, Entry>> handleCall(Object request, From from, Map<String, Entry> entries) {
        return switch (request) {
            case Get(var key) -> reply(entries.containsKey(key) ? entries.get(key).value() : null, entries);
            case Size s -> reply(entries.size(), entries);
            default -> super.handleCall(request, from, entries);
        };
    }

    public Result<Map<String, Entry>> handleCast(Object request, Map<String, Entry> entries) {
        return switch (request) {
            case Put(var key, var value, var ttl) -> {
                Ref version = Ref.make();                       // says which put a timer belongs to
                entries.put(key, new Entry(value, version));
                sendAfter(self(), new Expire(key, version), ttl);
                yield noreply(entries);
            }
            default -> super.handleCast(request, entries);
        };
    }

    public Result<Map<String, Entry>> handleInfo(Object message, Map<String, Entry> entries) {
        return switch (message) {
            case Expire(var key, var version) -> {
                Entry e = entries.get(key);
                if (e != null && e.version().equals(version)) entries.remove(key);   // an older put's timer does nothing
                yield noreply(entries);
            }
            default -> super.handleInfo(message, entries);
        };
    }
}
