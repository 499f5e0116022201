class PingPong {
    record Ping(Pid from, int n) {}
    record Pong(int n) {}
    record Done(int rounds) {}

    static Pid ponger() {
        return spawn(() -> {
            while (true) {
                Ping p = receive(Ping.class);
                send(p.from(), new Pong(p.n()));
            }
        });
    }

    static Pid pinger(Pid ponger, int rounds, Pid boss) {
        return spawn(() -> {
            for (int n = 1; n <= rounds; n++) {
                int expected = n;
                send(ponger, new Ping(self(), n));
                receive(m -> m instanceof Pong(int k) && k == expected ? k : null);
            }
            send(boss, new Done(rounds));
        });
    }

    static Integer ping(Pid ponger, int n) {
        send(ponger, new Ping(self(), n));
        return receive(m -> m instanceof Pong(int k) && k == n ? k : null, 1000, () -> null);
    }

    static Integer awaitDone(long millis) {
        return receive(m -> m instanceof Done(int r) ? r : null, millis, () -> null);
    }
}
