package loombook.bench;

import static loombook.Process.loop;
import static loombook.Process.next;
import static loombook.Process.self;
import static loombook.Process.send;
import static loombook.Process.skip;
import static loombook.Process.spawn;
import static loombook.Process.stop;

import java.util.List;

import loombook.Pid;
import loombook.otp.From;
import loombook.otp.GenServer;

/**
 * genserver_call: synchronous {@link GenServer#call(Object, Object)} round trips with the default
 * 5 s timeout, 1,000,000 from one client, then 10,000 each from 100 concurrent clients.
 */
final class GenServerCall implements Workload {
    record Ping() {}
    record Pong() {}
    record ClientDone() {}

    /** The BEAM suite's gen_server: counts the calls and answers {@code Pong}. */
    static final class PingServer extends GenServer<Integer, Integer> {
        @Override
        public Init<Integer> init(Integer start) {
            return ok(start);
        }

        @Override
        public CallResult<Integer> handleCall(Object request, From from, Integer count) {
            return switch (request) {
                case Ping p -> reply(new Pong(), count + 1);
                default -> super.handleCall(request, from, count);
            };
        }
    }

    @Override
    public String name() {
        return "genserver_call";
    }

    @Override
    public List<Metric> run(int div) {
        int total = 1_000_000 / div;
        Pid server = GenServer.start(new PingServer(), 0);
        long t0 = Workload.now();
        callN(server, total);
        long t1 = Workload.now();

        int clients = 100;
        int each = total / clients;
        Pid parent = self();
        long t2 = Workload.now();
        for (int c = 0; c < clients; c++) {
            spawn(() -> {
                callN(server, each);
                send(parent, new ClientDone());
            });
        }
        loop(clients, (left, msg) -> switch (msg) {
            case ClientDone d when left == 1 -> stop(0);
            case ClientDone d -> next(left - 1);
            default -> skip();
        });
        long t3 = Workload.now();
        GenServer.stop(server);
        return List.of(
                Metric.perSec("genserver_call_1client", total, t1 - t0, "calls/s"),
                Metric.perSec("genserver_call_100clients", (long) each * clients, t3 - t2, "calls/s"));
    }

    private static void callN(Pid server, int n) {
        for (int i = 0; i < n; i++) {
            Object reply = GenServer.call(server, new Ping());
            if (!(reply instanceof Pong)) throw new IllegalStateException("expected Pong, got " + reply);
        }
    }
}
