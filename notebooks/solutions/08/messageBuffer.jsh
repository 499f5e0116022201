class MessageBuffer {
    record Add(Object message) {}
    record Flush(Pid from, Ref ref) {}
    record Flushed(Ref ref, List<Object> messages) {}
    record TimeUp(int batch) {}

    static Pid start(int maxSize, long timeoutMillis, Consumer<List<Object>> onFlush) {
        return spawn(() -> {
            List<Object> held = new ArrayList<>();
            int batch = 0;                     // numbers the batches, so that a timer of an earlier batch is ignored
            while (true) {
                Object msg = receive();
                switch (msg) {
                    case Add(var m) -> {
                        if (held.isEmpty()) sendAfter(self(), new TimeUp(batch), timeoutMillis);
                        held.add(m);
                        if (held.size() >= maxSize) {
                            onFlush.accept(List.copyOf(held));
                            held.clear();
                            batch++;
                        }
                    }
                    case TimeUp(var b) -> {
                        if (b == batch && !held.isEmpty()) {
                            onFlush.accept(List.copyOf(held));
                            held.clear();
                            batch++;
                        }
                    }
                    case Flush(var from, var ref) -> {
                        send(from, new Flushed(ref, List.copyOf(held)));
                        held.clear();
                        batch++;
                    }
                    default -> { }
                }
            }
        });
    }

    static void add(Pid buffer, Object message) {
        send(buffer, new Add(message));
    }

    static List<Object> flush(Pid buffer) {
        Ref ref = Ref.make();
        send(buffer, new Flush(self(), ref));
        return receive(m -> m instanceof Flushed(var r, var messages) && r.equals(ref) ? messages : null, 1000, () -> List.of());
    }
}
