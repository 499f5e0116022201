class Keeper {
    record State(Pid worker, int restarts) {}
    record HowMany(Pid from, Ref ref) {}
    record Which(Pid from, Ref ref) {}
    record Answer(Ref ref, Object value) {}

    static Pid start(Runnable work, int maxRestarts) {
        return spawn(() -> {
            trapExit(true);
            loop(new State(spawnLink(work), 0), (s, msg) -> switch (msg) {
                case Exit(var from, var reason) when from.equals(s.worker()) && reason == Reason.NORMAL ->
                    next(new State(null, s.restarts()));                     // finished its job: not restarted
                case Exit(var from, var reason) when from.equals(s.worker()) -> {
                    if (s.restarts() >= maxRestarts) Process.exit(Reason.SHUTDOWN);   // too many: give up
                    yield next(new State(spawnLink(work), s.restarts() + 1));
                }
                case HowMany(var from, var ref) -> { send(from, new Answer(ref, s.restarts())); yield next(s); }
                case Which(var from, var ref) -> { send(from, new Answer(ref, Optional.ofNullable(s.worker()))); yield next(s); }
                default -> next(s);
            });
        });
    }

    static Object ask(Pid keeper, java.util.function.BiFunction<Pid, Ref, Object> question) {
        Ref ref = Ref.make();
        send(keeper, question.apply(self(), ref));
        return receive(m -> m instanceof Answer(var r, var v) && r.equals(ref) ? v : null, 1000, () -> null);
    }

    static int restarts(Pid keeper) {
        return ask(keeper, HowMany::new) instanceof Integer n ? n : -1;
    }

    static Pid worker(Pid keeper) {
        return ask(keeper, Which::new) instanceof Optional<?> o && o.isPresent() ? (Pid) o.get() : null;
    }
}
