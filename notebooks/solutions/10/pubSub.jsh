class PubSub {
    record Subscribe(String topic, Pid subscriber) {}
    record Unsubscribe(String topic, Pid subscriber) {}
    record Publish(String topic, Object message) {}
    record HowMany(String topic, Pid from, Ref ref) {}
    record Count(Ref ref, int n) {}

    static Pid start() {
        return spawn(() -> {
            Map<String, Set<Pid>> topics = new HashMap<>();
            Map<Pid, Ref> watched = new HashMap<>();
            loop(topics, (t, msg) -> switch (msg) {
                case Subscribe(var topic, var pid) -> {
                    t.computeIfAbsent(topic, k -> new LinkedHashSet<>()).add(pid);
                    watched.computeIfAbsent(pid, p -> monitor(p));
                    yield next(t);
                }
                case Unsubscribe(var topic, var pid) -> {
                    Set<Pid> subs = t.get(topic);
                    if (subs != null) subs.remove(pid);
                    yield next(t);
                }
                case Publish(var topic, var m) -> {
                    for (Pid p : t.getOrDefault(topic, Set.of())) send(p, m);
                    yield next(t);
                }
                case HowMany(var topic, var from, var ref) -> {
                    send(from, new Count(ref, t.getOrDefault(topic, Set.of()).size()));
                    yield next(t);
                }
                case Down(var ref, var pid, var reason) -> {
                    watched.remove(pid);
                    for (Set<Pid> subs : t.values()) subs.remove(pid);
                    yield next(t);
                }
                default -> next(t);
            });
        });
    }

    static void subscribe(Pid hub, String topic, Pid subscriber) {
        send(hub, new Subscribe(topic, subscriber));
    }

    static void unsubscribe(Pid hub, String topic, Pid subscriber) {
        send(hub, new Unsubscribe(topic, subscriber));
    }

    static void publish(Pid hub, String topic, Object message) {
        send(hub, new Publish(topic, message));
    }

    static int subscribers(Pid hub, String topic) {
        Ref ref = Ref.make();
        send(hub, new HowMany(topic, self(), ref));
        return receive(m -> m instanceof Count(var r, var n) && r.equals(ref) ? n : null, 1000, () -> -1);
    }
}
