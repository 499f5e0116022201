class WorkerPool {
    record Job(Pid client, Ref ref, Object input) {}
    record Free(Pid worker) {}
    record Output(Ref ref, Object value) {}
    record Failed(Ref ref, String reason) {}

    static Pid start(int size, Function<Object, Object> work) {
        return spawn(() -> {
            trapExit(true);
            Pid pool = self();
            Runnable worker = () -> loop(0, (done, msg) -> switch (msg) {
                case Job(var client, var ref, var input) -> {
                    send(client, new Output(ref, Optional.ofNullable(work.apply(input))));
                    send(pool, new Free(self()));
                    yield next(done + 1);
                }
                default -> skip();
            });
            Deque<Pid> idle = new ArrayDeque<>();
            Deque<Job> waiting = new ArrayDeque<>();
            Map<Pid, Job> busy = new HashMap<>();
            for (int i = 0; i < size; i++) idle.add(spawnLink(worker));
            while (true) {
                switch (receive()) {
                    case Job j -> waiting.add(j);
                    case Free(var w) -> { busy.remove(w); idle.add(w); }
                    case Exit(var w, var reason) when busy.containsKey(w) || idle.contains(w) -> {
                        Job lost = busy.remove(w);
                        idle.remove(w);
                        if (lost != null) send(lost.client(), new Failed(lost.ref(), String.valueOf(reason)));
                        idle.add(spawnLink(worker));               // keep the pool at its size
                    }
                    default -> { }
                }
                while (!idle.isEmpty() && !waiting.isEmpty()) {
                    Pid w = idle.poll();
                    Job j = waiting.poll();
                    busy.put(w, j);
                    send(w, j);
                }
            }
        });
    }

    static Object run(Pid pool, Object input) {
        Ref ref = Ref.make();
        send(pool, new Job(self(), ref, input));
        Object reply = receive(m -> switch (m) {
            case Output o when o.ref().equals(ref) -> o;
            case Failed f when f.ref().equals(ref) -> f;
            default -> null;
        }, 5000, () -> null);
        return switch (reply) {
            case Output(var r, var value) -> ((Optional<?>) value).orElse(null);
            case Failed(var r, var reason) -> throw new IllegalStateException("the job crashed: " + reason);
            case null -> throw new IllegalStateException("no answer from the pool within 5 s");
            default -> throw new IllegalStateException("unexpected reply " + reply);
        };
    }
}
