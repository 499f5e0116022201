class Pipeline {
    record Item(Object value) {}
    record Halt() {}

    static Pid start(List<Function<Object, Object>> stages, Pid sink) {
        Pid next = sink;
        for (int i = stages.size() - 1; i >= 0; i--) {       // from the last stage back to the first
            Function<Object, Object> f = stages.get(i);
            Pid to = next;
            boolean last = i == stages.size() - 1;
            next = spawn(() -> loop(0, (n, msg) -> switch (msg) {
                case Item(var v) -> {
                    Object out = f.apply(v);
                    send(to, last ? out : new Item(out));
                    yield Process.next(n + 1);
                }
                case Halt h -> {
                    if (!last) send(to, h);
                    yield Process.stop(n);
                }
                default -> skip();
            }));
        }
        return next;
    }

    static void feed(Pid first, Object item) {
        send(first, new Item(item));
    }

    static void shutdown(Pid first) {
        send(first, new Halt());
    }
}
