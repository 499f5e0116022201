package loombook.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.FieldModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import loombook.Down;
import loombook.GroupLeader;
import loombook.HostProcess;
import loombook.Monitored;
import loombook.Pid;
import loombook.Process;
import loombook.Reason;
import loombook.Reductions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The reductions weaver on its own: the bytecode it makes verifies and computes what the original
 * did, the counts it keeps charge the calling process, a class with nothing to check is left as
 * compiled, and the checks stay targeted (a stopped cell thread stops; a process running the same
 * code does not; a killed process dies, another does not).
 */
@Isolated
class ReductionWeaverTest {
    static final String SAMPLES = WeaverSamples.class.getName();
    static final ReductionWeaver WEAVER = new ReductionWeaver(ReductionWeaverTest.class.getClassLoader());
    static Class<?> woven;
    static Class<?> wovenCounter;

    /** Loads the sample classes from woven bytes, the rest from the test's loader. */
    static final class WovenLoader extends ClassLoader {
        final Map<String, byte[]> bytes = new ConcurrentHashMap<>();

        WovenLoader() {
            super("woven-samples", ReductionWeaverTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(SAMPLES)) return super.loadClass(name, resolve);
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] b = bytes.computeIfAbsent(name, n -> WEAVER.transform(n, original(n)));
                    c = defineClass(name, b, 0, b.length);
                }
                return c;
            }
        }
    }

    static byte[] original(String binaryName) {
        try (InputStream in = ReductionWeaverTest.class.getResourceAsStream("/" + binaryName.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the notebook does at each time slice. */
    static void timeSlice() {
        Reductions.endTimeSlice();
    }

    @BeforeAll
    static void load() throws Exception {
        WovenCheck.onTimeSlice(ReductionWeaverTest::timeSlice);
        WovenCheck.lanes(loombook.Node::schedulerId, loombook.Node::schedulers, loombook.Node::schedulerBusy);     // as the notebook does
        WovenLoader loader = new WovenLoader();
        woven = loader.loadClass(SAMPLES);
        wovenCounter = loader.loadClass(SAMPLES + "$Counter");
    }

    static Object call(String method, Object... args) {
        for (Method m : woven.getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                try {
                    return m.invoke(null, args);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    if (e.getCause() instanceof Error r) throw r;
                    throw new IllegalStateException(e.getCause());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalArgumentException(method);
    }

    static Runnable running(String method, Object... args) {
        return () -> call(method, args);
    }

    // ------------------------------------------------------------------ the bytecode

    @Test
    void everyWovenClassVerifiesAndComputesWhatTheOriginalDid() throws Exception {
        for (String suffix : List.of("", "$Holder", "$Counter", "$Point")) {
            byte[] out = WEAVER.transform(SAMPLES + suffix, original(SAMPLES + suffix));
            assertEquals(List.of(), ClassFile.of().verify(out), SAMPLES + suffix);
        }
        assertEquals(WeaverSamples.sum(100_000), call("sum", 100_000L));
        assertEquals(WeaverSamples.fib(20), call("fib", 20));
        assertEquals(WeaverSamples.mixed(500), call("mixed", 500));
        assertEquals(WeaverSamples.retries(3000), call("retries", 3000));
        assertEquals(WeaverSamples.viaLambda(5000), call("viaLambda", 5000));
        assertEquals(WeaverSamples.leaf(20), call("leaf", 20));
        Object holder = woven.getClassLoader().loadClass(SAMPLES + "$Holder").getConstructor(int.class).newInstance(4);
        assertEquals(9, holder.getClass().getField("value").get(holder));
        Object counter = java.lang.reflect.Proxy.newProxyInstance(wovenCounter.getClassLoader(), new Class<?>[] {wovenCounter},
                (proxy, m, a) -> m.isDefault() ? java.lang.reflect.InvocationHandler.invokeDefault(proxy, m, a) : (Object) ((Integer) a[0] * 2));
        assertEquals(2L * (2999L * 3000 / 2), wovenCounter.getMethod("count", int.class).invoke(counter, 3000));
    }

    @Test
    void classesAndMethodsWithNothingToCheckAreLeftAsCompiled() {
        byte[] record = original(SAMPLES + "$Point");
        assertSame(record, WEAVER.transform(SAMPLES + "$Point", record), "a record: accessors and indy methods only");

        ClassModel before = ClassFile.of().parse(original(SAMPLES));
        ClassModel after = ClassFile.of().parse(WEAVER.transform(SAMPLES, original(SAMPLES)));
        assertEquals(codeOf(before, "leaf"), codeOf(after, "leaf"), "a method without loops or calls is untouched");
        assertEquals(codeOf(before, "spin").size() + 9, codeOf(after, "spin").size(), "one check of 9 bytes in a loop");
        assertTrue(callsCheck(after, "spin") && callsCheck(after, "fib") && callsCheck(after, "sum") && callsCheck(after, "mixed"));
        assertFalse(callsCheck(after, "leaf"));
        assertEquals(before.fields().size(), after.fields().size(), "no field added");

        ClassModel holder = ClassFile.of().parse(WEAVER.transform(SAMPLES + "$Holder", original(SAMPLES + "$Holder")));
        assertTrue(callsCheck(holder, "<init>"), "a constructor that calls a method is checked");
        ClassModel iface = ClassFile.of().parse(WEAVER.transform(SAMPLES + "$Counter", original(SAMPLES + "$Counter")));
        assertTrue(callsCheck(iface, "count"));
    }

    static List<Byte> codeOf(ClassModel c, String method) {
        CodeAttribute code = (CodeAttribute) c.methods().stream().filter(m -> m.methodName().equalsString(method)).findFirst()
                .orElseThrow().code().orElseThrow();
        List<Byte> out = new ArrayList<>();
        for (byte b : code.codeArray()) out.add(b);
        return out;
    }

    static boolean callsCheck(ClassModel c, String method) {
        for (MethodModel m : c.methods()) {
            if (!m.methodName().equalsString(method)) continue;
            for (CodeElement e : m.code().orElseThrow()) {
                if (e instanceof InvokeInstruction i && i.owner().asInternalName().equals("loombook/kernel/eval/WovenCheck")) return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ time slices

    @Test
    void aProcessRunningWovenCodeIsChargedABudgetPerTimeSlice() throws Exception {
        try (HostProcess host = HostProcess.start("weaver test", GroupLeader.system())) {
            List<?> got = host.call(() -> {
                Pid me = Process.self();
                Process.spawn(() -> {
                    long r0 = Reductions.count(), t0 = System.nanoTime();
                    call("spinFor", 100_000_000L);
                    Process.send(me, List.of(Reductions.count() - r0, System.nanoTime() - t0));
                });
                return Process.receive(List.class);
            });
            long slices = (Long) got.get(1) / (WovenCheck.preemptMicros() * 1000L);
            long budgets = (Long) got.get(0) / loombook.Node.reductionBudget();
            // one budget per tick taken; on a busy machine the ticker wakes late, so fewer ticks than slices come
            assertTrue(budgets >= 5 && budgets <= slices + 2, budgets + " budgets charged in " + slices + " slices");
        }
    }

    @Test
    void everySchedulersSpinnersGetTheirSlices() throws Exception {
        int n = loombook.Node.schedulers();
        try (HostProcess host = HostProcess.start("weaver test", GroupLeader.system())) {
            host.run(() -> {
                List<Pid> spinners = new ArrayList<>();
                Map<Pid, Long> before = new ConcurrentHashMap<>();
                for (int i = 0; i < 2 * n; i++) spinners.add(Process.spawn(() -> call("spin")));
                try {
                    Process.sleep(50);
                    for (Pid p : spinners) before.put(p, Process.info(p).reductions());
                    Process.sleep(300);
                    List<Long> budgets = new ArrayList<>();
                    for (Pid p : spinners) budgets.add((Process.info(p).reductions() - before.get(p)) / loombook.Node.reductionBudget());
                    // each of the 2n spinners, whichever scheduler it is on, yields its scheduler once per slice it is
                    // preempted: a scheduler whose spinner never met a tick would show 0 for both of its spinners
                    System.out.println("# budgets charged in 300 ms to " + spinners.size() + " spinners on " + n + " schedulers: " + budgets);
                    for (long b : budgets) assertTrue(b >= 3, "budgets per spinner in 300 ms: " + budgets);
                } finally {
                    for (Pid p : spinners) Process.exit(p, Reason.KILL);
                }
            });
        }
    }

    @Test
    void everyCheckTakesTheSlowPathWhileACellIsBeingStoppedAndNotAfter() throws Exception {
        assertFalse(WovenCheck.stopPending());
        Thread other = new Thread(() -> {});
        CellStop.stop(other);
        try {
            assertTrue(WovenCheck.stopPending());
            assertEquals(WeaverSamples.sum(10_000), call("sum", 10_000L), "code on other threads runs on, slow path and all");
        } finally {
            CellStop.clear(other);
        }
        assertFalse(WovenCheck.stopPending());
        CellStop.stop(other);
        CellStop.givenUp(other);
        assertFalse(WovenCheck.stopPending(), "a thread given up does not keep every check on the slow path");
        assertTrue(CellStop.isStopping(other), "but it is still stopped when it meets a check");
        CellStop.clear(other);
    }

    @Test
    void wovenCodeWaitsWhileTheKernelHoldsItAndAnInterruptedThreadGoesOn() throws Exception {
        Thread held = new Thread(running("spinFor", 1_000_000L));          // 1 ms of woven loop turns
        Evaluator.holdCellCode(true);
        try {
            held.start();
            held.join(300);
            assertTrue(held.isAlive(), "woven code waits at its checks while the hold lasts");
        } finally {
            Evaluator.holdCellCode(false);
        }
        held.join(5_000);
        assertFalse(held.isAlive(), "and goes on when it ends");

        Thread interrupted = new Thread(() -> {
            Thread.currentThread().interrupt();                             // a cell being stopped
            call("spinFor", 1_000_000L);
        });
        Evaluator.holdCellCode(true);
        try {
            interrupted.start();
            interrupted.join(2_000);
            assertFalse(interrupted.isAlive(), "an interrupted thread does not wait for the hold to end");
        } finally {
            Evaluator.holdCellCode(false);
        }
    }

    // ------------------------------------------------------------------ targeted stops and kills

    @Test
    void aStoppedCellThreadStopsAndAProcessRunningTheSameCodeGoesOn() throws Exception {
        try (HostProcess host = HostProcess.start("weaver test", GroupLeader.system())) {
            host.run(() -> {
                Pid spinner = Process.spawn(running("spin"));
                AtomicReference<Throwable> thrown = new AtomicReference<>();
                CountDownLatch started = new CountDownLatch(1);
                Thread cell = Thread.ofPlatform().start(() -> {
                    started.countDown();
                    try {
                        call("spin");
                    } catch (Throwable t) {
                        thrown.set(t);
                    }
                });
                try {
                    started.await();
                    Thread.sleep(50);
                    long t0 = System.nanoTime();
                    CellStop.stop(cell);
                    cell.join(5000);
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    assertInstanceOf(CellInterrupted.class, thrown.get());
                    assertTrue(ms < 100, "the cell stopped after " + ms + " ms");
                    CellStop.clear(cell);
                    Thread.sleep(50);
                    assertTrue(Process.alive(spinner), "the process running the same loop was not stopped");
                    assertEquals(Reason.KILLED, kill(spinner).reason());
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Test
    void spinnersShareTheCarrierAndDieWhenKilledOneByOne() throws Exception {
        try (HostProcess host = HostProcess.start("weaver test", GroupLeader.system())) {
            host.run(() -> {
                List<Pid> spinners = new ArrayList<>();
                Map<Pid, Thread> threads = new ConcurrentHashMap<>();
                for (int i = 0; i < 4; i++) {
                    Runnable body = i < 3 ? running("spin") : running("fib", 90);      // fib: calls only, years of work
                    spinners.add(Process.spawn(() -> {
                        threads.put(Process.self(), Thread.currentThread());
                        body.run();
                    }));
                }
                try {
                    // with one carrier (the test JVM's flags), a process that is not spinning still gets to run
                    AtomicLong ran = new AtomicLong();
                    Monitored m = Process.spawnMonitor(() -> ran.set(System.nanoTime()));
                    long t0 = System.nanoTime();
                    Process.receive(Down.class);
                    assertTrue((ran.get() - t0) / 1_000_000 < 200, "a fifth process waited " + (ran.get() - t0) / 1_000_000 + " ms");
                    assertFalse(m.pid().equals(spinners.getFirst()));
                    for (int i = 0; i < spinners.size(); i++) {
                        Thread t = threads.get(spinners.get(i));
                        long k0 = System.nanoTime();
                        Down d = kill(spinners.get(i));
                        try {
                            assertTrue(t.join(java.time.Duration.ofSeconds(5)), "the killed process's thread ended");
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        long ms = (System.nanoTime() - k0) / 1_000_000;
                        assertEquals(Reason.KILLED, d.reason());
                        assertTrue(ms < 50, "the killed process's thread ended " + ms + " ms after the kill");
                        for (int j = i + 1; j < spinners.size(); j++) assertTrue(Process.alive(spinners.get(j)), "killing one touched another");
                    }
                } finally {
                    for (Pid p : spinners) Process.exit(p, Reason.KILL);      // whatever failed, leave no spinner behind
                }
            });
        }
    }

    /** Kills {@code pid}; returns its DOWN (which comes as soon as it is logically dead). */
    static Down kill(Pid pid) {
        Process.monitor(pid);
        Process.exit(pid, Reason.KILL);
        return Process.receive(Down.class);
    }

    @Test
    void aRecursionWithoutEndInAProcessEndsInStackOverflowError() {
        try (HostProcess host = HostProcess.start("weaver test", GroupLeader.system())) {
            Down d = host.call(() -> {
                Process.spawnMonitor(running("deeper", 0));
                return Process.receive(m -> m instanceof Down x ? x : null, 30_000, () -> null);
            });
            assertInstanceOf(StackOverflowError.class, d.reason());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
