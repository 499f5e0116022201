package loombook.bench;

import static loombook.Process.receive;
import static loombook.Process.self;
import static loombook.Process.send;
import static loombook.Process.spawn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import loombook.Node;
import loombook.Pid;
import loombook.SharingPolicy;
import loombook.otp.From;
import loombook.otp.GenServer;

/**
 * A micro-measurement of {@code genserver_call} as the BEAM suite defines it (the same as the
 * {@link GenServerCall} workload, alone in its JVM): synchronous {@link GenServer#call} with the
 * default 5 s timeout (a monitor per call), 1 client making N calls, then 100 concurrent clients
 * making N/100 each. Prints medians; never fails on time.
 *
 * <pre>
 * ./mvnw -q -pl bench -am package -DskipTests
 * java -XX:+UseParallelGC --add-opens java.base/java.lang=ALL-UNNAMED -Djava.lang.ScopedValue.cacheSize=2 \
 *      -Djdk.trackAllThreads=false -cp runtime/target/classes:bench/target/classes \
 *      loombook.bench.GenServerCallBench [calls] [runs] [ALLOW|WARN|REJECT]
 * </pre>
 */
public final class GenServerCallBench {
    record Ping() {}

    public static final class PingServer extends GenServer<Integer, Integer> {
        private static final String PONG = "pong";

        @Override
        public Init<Integer> init(Integer n) {
            return ok(n);
        }

        @Override
        public CallResult<Integer> handleCall(Object request, From from, Integer n) {
            return reply(PONG, n + 1);
        }
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        if (args.length > 2) Node.sharingPolicy(SharingPolicy.valueOf(args[2]));
        System.out.println("# genserver_call: " + n + " calls, " + runs + " runs (+1 warm-up at n/10), sharing policy "
                + Node.sharingPolicy() + ", " + System.getProperty("java.version"));
        run(n / 10);
        List<double[]> results = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            double[] x = run(n);
            results.add(x);
            System.out.printf("run %d: 1 client %,.0f calls/s   100 clients %,.0f calls/s%n", r + 1, x[0], x[1]);
        }
        System.out.printf("median: 1 client %,.0f calls/s   100 clients %,.0f calls/s%n",
                median(results, 0), median(results, 1));
        System.exit(0);
    }

    private static double median(List<double[]> rs, int i) {
        double[] v = rs.stream().mapToDouble(x -> x[i]).sorted().toArray();
        return v[v.length / 2];
    }

    private static double[] run(int n) throws Exception {
        CompletableFuture<double[]> done = new CompletableFuture<>();
        spawn(() -> {
            try {
                Pid server = GenServer.start(new PingServer(), 0);
                Ping ping = new Ping();
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) GenServer.call(server, ping);
                long t1 = System.nanoTime();
                int clients = 100, per = n / clients;
                Pid me = self();
                long t2 = System.nanoTime();
                for (int c = 0; c < clients; c++) {
                    spawn(() -> {
                        for (int i = 0; i < per; i++) GenServer.call(server, ping);
                        send(me, "done");
                    });
                }
                for (int c = 0; c < clients; c++) receive(m -> "done".equals(m) ? m : null);
                long t3 = System.nanoTime();
                GenServer.stop(server);
                done.complete(new double[] {n * 1e9 / (t1 - t0), per * clients * 1e9 / (t3 - t2)});
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done.get();
    }
}
