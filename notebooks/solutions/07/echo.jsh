class Echo {
    record Say(Pid from, String text) {}
    record Stop() {}

    static Pid start() {
        return spawn(() -> {
            boolean running = true;
            while (running) {
                running = receive(m -> switch (m) {
                    case Say(var from, var text) -> { send(from, text); yield true; }
                    case Stop s -> false;
                    default -> true;
                });
            }
        });
    }

    static String say(Pid echo, String text) {
        send(echo, new Say(self(), text));
        return receive(m -> m instanceof String reply ? reply : null, 1000, () -> null);
    }

    static void stop(Pid echo) {
        send(echo, new Stop());
    }
}
