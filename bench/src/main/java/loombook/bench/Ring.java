package loombook.bench;

import static loombook.Process.loop;
import static loombook.Process.next;
import static loombook.Process.receive;
import static loombook.Process.self;
import static loombook.Process.send;
import static loombook.Process.skip;
import static loombook.Process.spawn;
import static loombook.Process.stop;

import java.util.ArrayList;
import java.util.List;

import loombook.Pid;

/**
 * ring: P = 10,000 processes in a ring, a token forwarded P x laps times (1,000,000 hops at full
 * size). Building the ring is not timed.
 */
final class Ring implements Workload {
    record SetNext(Pid next) {}
    record Token(int hopsLeft) {}
    record RingDone() {}
    record Stop() {}

    @Override
    public String name() {
        return "ring";
    }

    @Override
    public List<Metric> run(int div) {
        int p = 10_000;
        int laps = 100 / div;
        int hops = p * laps;
        Pid parent = self();
        Pid head = spawn(() -> {
            Pid next = receive(m -> m instanceof SetNext(Pid n) ? n : null);
            node(next, parent);
        });
        // built backwards: each new node points at the one spawned before it
        List<Pid> pids = new ArrayList<>(p);
        pids.add(head);
        Pid prev = head;
        for (int i = 1; i < p; i++) {
            Pid to = prev;
            prev = spawn(() -> node(to, parent));
            pids.add(prev);
        }
        send(head, new SetNext(prev));
        long t0 = Workload.now();
        send(head, new Token(hops));
        receive(RingDone.class);
        long t1 = Workload.now();
        for (Pid x : pids) send(x, new Stop());
        return List.of(Metric.perSec("ring", hops, t1 - t0, "hops/s"));
    }

    /** One node: forwards the token to {@code next}, counting down; tells the parent at zero. */
    private static void node(Pid next, Pid parent) {
        loop(next, (to, msg) -> switch (msg) {
            case Token(int k) when k == 0 -> {
                send(parent, new RingDone());
                yield next(to);
            }
            case Token(int k) -> {
                send(to, new Token(k - 1));
                yield next(to);
            }
            case Stop s -> stop(to);
            default -> skip();
        });
    }
}
