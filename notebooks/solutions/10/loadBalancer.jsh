class LoadBalancer {
    record Forward(Object message) {}
    record Which(Pid from, Ref ref) {}
    record Backends(Ref ref, List<Pid> pids) {}
    record State(List<Pid> backends, int next) {}

    static Pid start(List<Pid> backends) {
        return spawn(() -> {
            Map<Ref, Pid> watching = new HashMap<>();
            for (Pid b : backends) watching.put(monitor(b), b);
            loop(new State(List.copyOf(backends), 0), (s, msg) -> switch (msg) {
                case Forward(var m) when s.backends().isEmpty() -> next(s);                 // nobody to send to
                case Forward(var m) -> {
                    int i = s.next() % s.backends().size();
                    send(s.backends().get(i), m);
                    yield next(new State(s.backends(), (i + 1) % s.backends().size()));
                }
                case Down(var ref, var pid, var reason) when watching.containsKey(ref) -> {
                    watching.remove(ref);
                    List<Pid> left = new ArrayList<>(s.backends());
                    int gone = left.indexOf(pid);
                    left.remove(pid);
                    int next = gone >= 0 && gone < s.next() ? s.next() - 1 : s.next();
                    yield next(new State(List.copyOf(left), left.isEmpty() ? 0 : next % left.size()));
                }
                case Which(var from, var ref) -> { send(from, new Backends(ref, s.backends())); yield next(s); }
                default -> next(s);
            });
        });
    }

    static void forward(Pid lb, Object message) {
        send(lb, new Forward(message));
    }

    static List<Pid> backends(Pid lb) {
        Ref ref = Ref.make();
        send(lb, new Which(self(), ref));
        return receive(m -> m instanceof Backends(var r, var pids) && r.equals(ref) ? pids : null, 1000, () -> null);
    }
}
