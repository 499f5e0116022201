enum Priority { HIGH, NORMAL, LOW }

class JobQueue {
    record Job(Priority priority, String job) {}
    record Next(Pid from, Ref ref) {}
    record NextJob(Ref ref, Optional<String> job) {}

    // The jobs wait in the queue's own mailbox: the loop takes only Next requests (skip leaves the
    // jobs there), and each request takes the oldest job of the highest priority present, without
    // waiting (after 0), priority by priority.
    static Pid start() {
        return spawn(() -> loop(0, (served, msg) -> switch (msg) {
            case Next(var from, var ref) -> { send(from, new NextJob(ref, take())); yield next(served + 1); }
            default -> skip();
        }));
    }

    static Optional<String> take() {
        for (Priority p : Priority.values()) {
            String job = receive(m -> m instanceof Job(var q, var j) && q == p ? j : null, 0, () -> null);
            if (job != null) return Optional.of(job);
        }
        return Optional.empty();
    }

    static void submit(Pid queue, Priority priority, String job) {
        send(queue, new Job(priority, job));
    }

    static Optional<String> nextJob(Pid queue) {
        Ref ref = Ref.make();
        send(queue, new Next(self(), ref));
        return receive(m -> m instanceof NextJob(var r, var job) && r.equals(ref) ? job : null, 1000, () -> Optional.empty());
    }
}
