class CacheTable {
    record Put(String key, Object value) {}

    // The owner: creates the table in init (so the table belongs to the server's process) and does every write.
    static class Owner extends GenServer<String, Ets<String, Object>> {
        public Init<Ets<String, Object>> init(String name) {
            return ok(Ets.newTable(name, Ets.NAMED_TABLE, Ets.PROTECTED));
        }

        public CallResult<Ets<String, Object>> handleCall(Object r, From from, Ets<String, Object> table) {
            return switch (r) {
                case Put(var key, var value) -> { table.insert(key, value); yield reply("ok", table); }
                default -> super.handleCall(r, from, table);
            };
        }
    }

    static Pid start(String name) {
        return GenServer.start(new Owner(), name, name);
    }

    static void put(String name, String key, Object value) {
        GenServer.call(name, new Put(key, value));
    }

    static Object get(String name, String key) {
        Ets<String, Object> table = Ets.whereis(name);
        List<Object> values = table.lookup(key);
        return values.isEmpty() ? null : values.getFirst();
    }

    static int size(String name) {
        return Ets.whereis(name).size();
    }
}
