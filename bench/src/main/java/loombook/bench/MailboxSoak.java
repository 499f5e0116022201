package loombook.bench;

import static loombook.Process.receive;
import static loombook.Process.send;
import static loombook.Process.spawn;

import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

import loombook.GroupLeader;
import loombook.HostProcess;
import loombook.Pid;

/**
 * The mailbox soak of issue 16 (decision 0009): pairs of processes stream messages through the
 * receiver's mailbox, the sender never more than a window ahead, while every collection of the
 * JVM is recorded. A mailbox the collector can clean shows it here: what each young collection
 * promotes to the old generation stays small and flat (only messages that were waiting in a
 * mailbox at that moment); a mailbox whose taken entries drag the live chain with them promotes
 * nearly everything that was sent since the last collection, and the old generation and the pauses
 * grow with time.
 *
 * <p>Run by hand (minutes, with the test JVM's flags or the kernel's):
 * <pre>
 * ./mvnw -q -B -pl bench -am package -DskipTests
 * java -XX:+UseParallelGC -Xmx2g --add-opens java.base/java.lang=ALL-UNNAMED -Djava.lang.ScopedValue.cacheSize=2 \
 *      -Djdk.trackAllThreads=false -cp runtime/target/classes:bench/target/classes \
 *      loombook.bench.MailboxSoak [seconds=180] [pairs=10] [window=4000]
 * </pre>
 * {@code MailboxSoakTest} runs it for 20 s in the build and checks that the promotion stays flat.
 */
public final class MailboxSoak {
    /** One message of the stream. */
    record Item(long seq) {}
    /** The receiver has taken every message up to {@code seq}. */
    record Ack(long seq) {}
    /** The sender is done; the receiver answers with a last {@link Ack} and ends. */
    record Done() {}

    /** One young (or full) collection seen during the run. */
    public record Collection(long atMillis, boolean young, double pauseMillis, long promotedBytes,
                             long oldAfterBytes, long youngBeforeBytes) {}

    /**
     * What a run measured: every collection after the warm-up, and the messages sent.
     *
     * @param collections the collections after the warm-up, in order
     * @param messages messages taken by the receivers over the whole run
     * @param seconds the run's length
     */
    public record Result(List<Collection> collections, long messages, double seconds) {
        /** The young collections only. */
        public List<Collection> young() {
            return collections.stream().filter(Collection::young).toList();
        }

        /** Mean bytes promoted to the old generation per young collection, over {@code [from, to)} of the young ones (fractions). */
        public double meanPromoted(double from, double to) {
            List<Collection> y = young();
            int a = (int) (y.size() * from), b = Math.max(a + 1, (int) (y.size() * to));
            return y.subList(Math.min(a, y.size()), Math.min(b, y.size())).stream().mapToLong(Collection::promotedBytes).average().orElse(0);
        }

        /** Mean bytes that each young collection found in the young generation (what was allocated since the last one). */
        public double meanYoungBefore() {
            return young().stream().mapToLong(Collection::youngBeforeBytes).average().orElse(0);
        }

        /** The {@code q}-quantile of the young collections' pauses, in milliseconds. */
        public double youngPause(double q) {
            List<Double> p = new ArrayList<>(young().stream().map(Collection::pauseMillis).toList());
            if (p.isEmpty()) return 0;
            Collections.sort(p);
            return p.get(Math.min(p.size() - 1, (int) Math.floor(q * p.size())));
        }

        /** A few lines that say what was measured. */
        public String summary() {
            List<Collection> y = young();
            long full = collections.size() - y.size();
            return String.format(Locale.ROOT,
                    "mailbox_soak: %.0f s, %,d messages (%,.0f/s); %d young collections, %d full after the warm-up%n"
                    + "  young pause ms: p50 %.1f, p99 %.1f, max %.1f%n"
                    + "  promoted per young collection: mean %.2f MB (quarters: %.2f, %.2f, %.2f, %.2f MB) of %.1f MB young%n"
                    + "  old generation after young collections: first %.1f MB, last %.1f MB",
                    seconds, messages, messages / seconds, y.size(), full,
                    youngPause(0.5), youngPause(0.99), youngPause(1.0),
                    meanPromoted(0, 1) / 1e6, meanPromoted(0, .25) / 1e6, meanPromoted(.25, .5) / 1e6,
                    meanPromoted(.5, .75) / 1e6, meanPromoted(.75, 1) / 1e6, meanYoungBefore() / 1e6,
                    y.isEmpty() ? 0 : y.getFirst().oldAfterBytes() / 1e6, y.isEmpty() ? 0 : y.getLast().oldAfterBytes() / 1e6);
        }
    }

    private MailboxSoak() {}

    /**
     * Runs {@code pairs} sender/receiver pairs for {@code seconds}, the sender at most {@code window}
     * messages ahead of its receiver; collections in the first {@code warmupSeconds} are not kept.
     * Progress lines (one every 10 s) go to {@code progress}.
     */
    public static Result run(int pairs, int window, double seconds, double warmupSeconds, PrintStream progress)
            throws InterruptedException {
        List<Collection> seen = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        long warmEnd = t0 + (long) (warmupSeconds * 1e9);
        long end = t0 + (long) (seconds * 1e9);
        NotificationListener listener = (n, h) -> record(n, seen, t0, warmEnd);
        List<NotificationEmitter> emitters = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(listener, null, null);
                emitters.add(e);
            }
        }
        AtomicLong taken = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(pairs);
        try (HostProcess host = HostProcess.start("mailbox-soak", GroupLeader.system())) {
            host.run(() -> {
                for (int i = 0; i < pairs; i++) {
                    Pid receiver = spawn(() -> receiver(window, taken));
                    spawn(() -> {
                        sender(receiver, window, end);
                        finished.countDown();
                    });
                }
            });
            long nextReport = t0 + 10_000_000_000L;
            while (!finished.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (progress != null && System.nanoTime() > nextReport) {
                    nextReport += 10_000_000_000L;
                    progress.printf(Locale.ROOT, "# %3.0f s: %,d messages, %d collections kept%n",
                            (System.nanoTime() - t0) / 1e9, taken.get(), seen.size());
                }
            }
        } finally {
            for (NotificationEmitter e : emitters) {
                try {
                    e.removeNotificationListener(listener);
                } catch (javax.management.ListenerNotFoundException ignored) {
                    // never added
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        synchronized (seen) {
            return new Result(List.copyOf(seen), taken.get(), secs);
        }
    }

    private static void sender(Pid receiver, int window, long end) {
        Pid me = loombook.Process.self();
        send(receiver, me);
        long sent = 0, acked = 0;
        while (System.nanoTime() < end) {
            while (sent - acked < window) {
                send(receiver, new Item(++sent));
            }
            acked = receive(Ack.class).seq();
        }
        send(receiver, new Done());
        while (acked < sent) acked = receive(Ack.class).seq();
    }

    private static void receiver(int window, AtomicLong taken) {
        Pid sender = receive(Pid.class);
        int ackEvery = Math.max(1, window / 4);
        long got = 0;
        for (;;) {
            Object m = receive();
            if (m instanceof Item(long seq)) {
                got = seq;
                if (seq % ackEvery == 0) {
                    send(sender, new Ack(seq));
                    taken.addAndGet(ackEvery);
                }
            } else if (m instanceof Done) {
                send(sender, new Ack(got));
                return;
            }
        }
    }

    private static void record(Notification n, List<Collection> seen, long t0, long warmEnd) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
        if (System.nanoTime() < warmEnd) return;
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        boolean young = info.getGcAction().contains("minor");
        Map<String, MemoryUsage> before = info.getGcInfo().getMemoryUsageBeforeGc();
        Map<String, MemoryUsage> after = info.getGcInfo().getMemoryUsageAfterGc();
        long oldBefore = 0, oldAfter = 0, youngBefore = 0;
        for (var e : before.entrySet()) {
            String pool = e.getKey();
            if (isOld(pool)) {
                oldBefore += e.getValue().getUsed();
                oldAfter += after.get(pool).getUsed();
            } else if (pool.contains("Eden") || pool.contains("Survivor")) {
                youngBefore += e.getValue().getUsed();
            }
        }
        seen.add(new Collection((System.nanoTime() - t0) / 1_000_000, young, info.getGcInfo().getDuration(),
                Math.max(0, oldAfter - oldBefore), oldAfter, youngBefore));
    }

    private static boolean isOld(String pool) {
        return pool.contains("Old Gen") || pool.contains("Tenured");
    }

    /** Runs the soak from the command line: {@code [seconds=180] [pairs=10] [window=4000]}. */
    public static void main(String[] args) throws InterruptedException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 180;
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 4000;
        System.out.printf(Locale.ROOT, "# mailbox soak: %d pairs, window %d, %.0f s (warm-up 5 s); %s%n", pairs, window, seconds,
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        Result r = run(pairs, window, seconds, Math.min(5, seconds / 4), System.out);
        System.out.println(r.summary());
        System.out.printf(Locale.ROOT, "mailbox_soak_figures young=%d young_mb=%.3f promoted_mb=%.4f first_quarter_mb=%.4f "
                + "last_quarter_mb=%.4f pause_p50_ms=%.1f pause_p99_ms=%.1f pause_max_ms=%.1f messages_per_s=%.0f%n",
                r.young().size(), r.meanYoungBefore() / 1e6, r.meanPromoted(0, 1) / 1e6, r.meanPromoted(0, .25) / 1e6,
                r.meanPromoted(.75, 1) / 1e6, r.youngPause(.5), r.youngPause(.99), r.youngPause(1), r.messages() / r.seconds());
    }
}
