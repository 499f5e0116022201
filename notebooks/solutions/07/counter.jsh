class Counter {
    record Increment() {}
    record Get(Pid from) {}
    record Count(int value) {}

    static Pid start(int initial) {
        return spawn(() -> {
            int count = initial;
            while (true) {
                switch (receive()) {
                    case Increment i -> count++;
                    case Get(var from) -> send(from, new Count(count));
                    default -> { }
                }
            }
        });
    }

    static void increment(Pid counter) {
        send(counter, new Increment());
    }

    static Integer get(Pid counter) {
        send(counter, new Get(self()));
        return receive(m -> m instanceof Count(int n) ? n : null, 1000, () -> null);
    }
}
