class GracefulWorker {
    record Add(Object item) {}
    record Trapping() {}

    static Pid start(Consumer<List<Object>> save) {
        Pid parent = self();
        Pid worker = spawn(() -> {
            trapExit(true);
            send(parent, new Trapping());                  // now a SHUTDOWN signal cannot kill it
            loop(new ArrayList<Object>(), (items, msg) -> switch (msg) {
                case Add(var item) -> { items.add(item); yield next(items); }
                case Exit(var from, var reason) when reason == Reason.SHUTDOWN -> {
                    save.accept(List.copyOf(items));
                    Process.exit(Reason.SHUTDOWN);
                    yield stop(items);
                }
                default -> next(items);                    // other exit signals, stray messages: ignored
            });
        });
        receive(m -> m instanceof Trapping ? m : null, 1000, () -> null);
        return worker;
    }

    static void add(Pid worker, Object item) {
        send(worker, new Add(item));
    }

    static Object shutdown(Pid worker, long timeoutMillis) {
        Ref ref = monitor(worker);                        // first: its end cannot slip by unseen
        Process.exit(worker, Reason.SHUTDOWN);
        Object reason = receive(m -> m instanceof Down d && d.ref().equals(ref) ? d.reason() : null, timeoutMillis, () -> null);
        if (reason != null) return reason;
        Process.exit(worker, Reason.KILL);
        return receive(m -> m instanceof Down d && d.ref().equals(ref) ? d.reason() : null);
    }
}
