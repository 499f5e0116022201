class RateLimiter {
    record Request(Pid from, Ref ref) {}
    record Answer(Ref ref, boolean allowed) {}
    record NewSecond() {}

    static Pid start(int perSecond) {
        return spawn(() -> {
            sendInterval(self(), new NewSecond(), 1000);
            loop(0, (used, msg) -> switch (msg) {
                case Request(var from, var ref) when used < perSecond -> { send(from, new Answer(ref, true)); yield next(used + 1); }
                case Request(var from, var ref) -> { send(from, new Answer(ref, false)); yield next(used); }
                case NewSecond s -> next(0);
                default -> next(used);
            });
        });
    }

    static boolean request(Pid limiter) {
        Ref ref = Ref.make();
        send(limiter, new Request(self(), ref));
        return receive(m -> m instanceof Answer(var r, var allowed) && r.equals(ref) ? allowed : null, 1000, () -> false);
    }
}
