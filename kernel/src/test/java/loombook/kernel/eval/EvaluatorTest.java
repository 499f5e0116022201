package loombook.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JShell evaluation on its own: values, errors placed in the cell, interrupts scoped to the cell. */
class EvaluatorTest {
    static Evaluator ev;
    static final AtomicInteger transformed = new AtomicInteger();
    static final List<String> log = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path runtime = Path.of(loombook.Process.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ev = Evaluator.builder()
                .classpath(List.of(runtime))
                .imports(List.of("import java.util.*;", "import loombook.*;", "import loombook.Process;", "import no.such.pkg.*;"))
                .transformer((name, bytes) -> {
                    transformed.incrementAndGet();
                    return bytes;
                })
                .graceMillis(300)
                .log(m -> {
                    synchronized (log) {
                        log.add(m);
                    }
                })
                .build();
    }

    @AfterAll
    static void stop() {
        ev.close();
    }

    static EvalOutcome run(String code) {
        ev.clearInterrupt();
        return ev.evaluate(code, CellRef.ofCount(7));
    }

    @Test
    void theLastExpressionIsTheValueAsAnObject() {
        EvalOutcome.Success s = assertInstanceOf(EvalOutcome.Success.class, run("int a = 20;\nint b = 22;\na + b"));
        assertTrue(s.hasValue());
        assertEquals(42, s.value());
        assertEquals("int", s.typeName());
        EvalOutcome.Success decl = assertInstanceOf(EvalOutcome.Success.class, run("int c = 1;"));
        assertFalse(decl.hasValue(), "a declaration shows nothing");
        EvalOutcome.Success stmt = assertInstanceOf(EvalOutcome.Success.class, run("System.getProperty(\"x\");\nSystem.out.flush()"));
        assertFalse(stmt.hasValue(), "a void call shows nothing");
        EvalOutcome.Success record = assertInstanceOf(EvalOutcome.Success.class, run("record P(int x) {}\nnew P(3)"));
        assertEquals("P[x=3]", record.value().toString());
    }

    @Test
    void aBadDefaultImportIsSkippedAndLogged() {
        assertTrue(ev.rejectedImports().contains("import no.such.pkg.*;"));
        EvalOutcome.Success s = assertInstanceOf(EvalOutcome.Success.class, run("List.of(1, 2).size()"));
        assertEquals(2, s.value());
    }

    @Test
    void everySnippetClassGoesThroughTheTransformerHook() {
        int before = transformed.get();
        run("class Hooked { int v() { return 1; } }");
        assertTrue(transformed.get() > before);
    }

    @Test
    void compileErrorsPointAtTheCellLineAndColumn() {
        EvalOutcome.CompileFailed f = assertInstanceOf(EvalOutcome.CompileFailed.class,
                ev.evaluate("int ok = 1;\n\nint bad = \"text\";", new CellRef("Cell In[3]", 4)));
        CompileError e = f.errors().getFirst();
        assertEquals("Cell In[3]", e.cell());
        assertEquals(6, e.line(), "line 3 of code that starts at cell line 4");
        assertEquals(11, e.column());
        assertEquals("int bad = \"text\";", e.lineText());
        assertEquals(11, e.markFrom());
        assertEquals(16, e.markTo());
        assertTrue(e.message().startsWith("incompatible types"), e.message());
    }

    @Test
    void unknownSymbolsAndStrayBracesAreExplainedWithoutJShellsWrapperNames() {
        EvalOutcome.CompileFailed f = assertInstanceOf(EvalOutcome.CompileFailed.class, run("nosuch(1);"));
        String msg = f.errors().getFirst().message();
        assertTrue(msg.startsWith("cannot find symbol"), msg);
        assertFalse(msg.contains("$JShell$") || msg.contains("location: class \n") || msg.endsWith("location: class "), msg);
        assertInstanceOf(EvalOutcome.CompileFailed.class, run("}"));
        EvalOutcome.CompileFailed open = assertInstanceOf(EvalOutcome.CompileFailed.class, run("void f() {\n  int x = 1;\n"));
        assertTrue(open.errors().getFirst().line() >= 1);
    }

    @Test
    void exceptionsKeepTheirFramesAndMapToCellLines() {
        run("int divide(int a, int b) {\n    int q = a / b;\n    return q;\n}");
        EvalOutcome.Failed f = assertInstanceOf(EvalOutcome.Failed.class, ev.evaluate("int x = 1;\ndivide(x, 0)", new CellRef("Cell In[9]", 1)));
        assertInstanceOf(ArithmeticException.class, f.error(), "the real exception object, not JShell's copy");
        List<CellFrame> frames = new ArrayList<>();
        for (StackTraceElement st : f.error().getStackTrace()) ev.frames().locate(st).ifPresent(frames::add);
        assertEquals(2, frames.size(), frames.toString());
        assertEquals("divide", frames.get(0).function());
        assertEquals(2, frames.get(0).line(), "the division is line 2 of the cell that defined divide");
        assertEquals("Cell In[7]", frames.get(0).cell());
        assertEquals(new CellFrame("Cell In[9]", 2, null), frames.get(1));
    }

    @Test
    void lambdasAndNestedClassesAreNamedAsWritten() {
        run("class Greeter {\n  String hello(String n) {\n    return n.toUpperCase();\n  }\n}");
        EvalOutcome.Failed f = assertInstanceOf(EvalOutcome.Failed.class,
                run("Runnable r = () -> new Greeter().hello(null);\nr.run();"));
        List<String> names = new ArrayList<>();
        for (StackTraceElement st : f.error().getStackTrace()) ev.frames().locate(st).ifPresent(c -> names.add(c.function()));
        assertEquals("Greeter.hello", names.get(0));
        assertEquals("lambda", names.get(1));
        assertEquals("Greeter", CellFrames.displayName("REPL.$JShell$12$Greeter"));
        assertEquals("s", CellFrames.cleanMessage("REPL.$JShell$21.s"));
    }

    @Test
    void aMethodThatUsesSomethingUndeclaredIsNotedAndExplainedWhenCalled() {
        EvalOutcome.Success s = assertInstanceOf(EvalOutcome.Success.class, run("void later() { notYet(); }"));
        assertTrue(s.notes().getFirst().contains("notYet"), s.notes().toString());
        EvalOutcome.Failed f = assertInstanceOf(EvalOutcome.Failed.class, run("later()"));
        assertTrue(f.error().getMessage().contains("cannot be used until"), f.error().getMessage());
    }

    @Test
    void aDeclarationWithErrorsOfItsOwnShowsThemNotAMissingName() {
        // C.stop(Pid, long) hides the imported stop(Object) inside C: javac cannot resolve stop(n), and JShell
        // keeps the class "recoverable", although nothing that C refers to is missing
        run("import static loombook.Process.*;");
        EvalOutcome.CompileFailed c = assertInstanceOf(EvalOutcome.CompileFailed.class, run("""
                class C {
                    static Pid start() { return spawn(() -> loop(0, (n, m) -> stop(n))); }
                    static Object stop(Pid p, long t) { return null; }
                }"""));
        CompileError e = c.errors().getFirst();
        assertEquals(2, e.line(), e.toString());
        assertTrue(e.message().contains("stop"), e.message());
        assertTrue(e.message().contains("write Step.stop(...) there"), e.message());
    }

    @Test
    void systemExitIsRefusedWithAnExplanation() {
        EvalOutcome.Failed f = assertInstanceOf(EvalOutcome.Failed.class, run("System.exit(1);"));
        assertInstanceOf(UnsupportedOperationException.class, f.error());
        assertTrue(f.error().getMessage().contains("would end the kernel"));
        assertInstanceOf(EvalOutcome.Failed.class, run("Runtime.getRuntime().halt(2);"));
    }

    @Test
    void anInterruptStopsASpinningCellWithin100msAndTheThreadGoesIdle() throws Exception {
        long best = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3; attempt++) {
            long[] stoppedAt = new long[1];
            Thread t = Thread.ofPlatform().start(() -> {
                run("long n = 0;\nwhile (true) { n++; }");
                stoppedAt[0] = System.nanoTime();
            });
            Thread.sleep(300);
            long asked = System.nanoTime();
            ev.interrupt();
            t.join(5000);
            assertFalse(t.isAlive());
            best = Math.min(best, (stoppedAt[0] - asked) / 1_000_000);
        }
        assertTrue(best < 100, "stopped " + best + " ms after the interrupt");
        assertTrue(cellThreadCpuMillis(200) < 20, "the cell thread still burns CPU after the interrupt");
        EvalOutcome.Success after = assertInstanceOf(EvalOutcome.Success.class, run("1 + 1"));
        assertEquals(2, after.value());
    }

    @Test
    void anInterruptStopsASleepingCellAndTheRestOfTheCell() throws Exception {
        EvalOutcome[] out = new EvalOutcome[1];
        Thread t = Thread.ofPlatform().start(() -> out[0] = run("Thread.sleep(60_000);\nint neverDeclared = 1;"));
        Thread.sleep(300);
        long asked = System.nanoTime();
        ev.interrupt();
        t.join(5000);
        assertTrue((System.nanoTime() - asked) / 1_000_000 < 500);
        EvalOutcome.Interrupted i = assertInstanceOf(EvalOutcome.Interrupted.class, out[0]);
        assertFalse(i.abandoned());
        assertInstanceOf(EvalOutcome.CompileFailed.class, run("neverDeclared"), "the snippet after the interrupted one did not run");
    }

    @Test
    void anInterruptBetweenCellsDoesNotStopTheNextCell() {
        ev.interrupt();
        assertInstanceOf(EvalOutcome.Success.class, run("2 + 2"));
    }

    @Test
    void codeThatIgnoresInterruptsIsGivenUpAndTheNextCellRuns() throws Exception {
        run("Object lock = new Object();\nThread holder = new Thread(() -> { synchronized (lock) { try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { } } });\nholder.setDaemon(true);\nholder.start();\nThread.sleep(100);");
        EvalOutcome[] out = new EvalOutcome[1];
        Thread t = Thread.ofPlatform().start(() -> out[0] = run("synchronized (lock) { }"));
        Thread.sleep(300);
        ev.interrupt();
        t.join(5000);
        EvalOutcome.Interrupted i = assertInstanceOf(EvalOutcome.Interrupted.class, out[0]);
        assertTrue(i.abandoned());
        assertEquals(3, assertInstanceOf(EvalOutcome.Success.class, run("1 + 2")).value());
    }

    @Test
    void completenessFollowsTheProtocolsVerdicts() {
        assertEquals(Completeness.Status.INVALID, ev.questions().completeness("}").status());
        assertEquals(Completeness.Status.INVALID, ev.questions().completeness("int x = ;").status());
        Completeness open = ev.questions().completeness("void f() {\n  if (true) {");
        assertEquals(Completeness.Status.INCOMPLETE, open.status());
        assertEquals("        ", open.indent());
        assertEquals(Completeness.Status.COMPLETE, ev.questions().completeness("int a = 1;\na + 1").status());
        assertEquals(Completeness.Status.COMPLETE, ev.questions().completeness("   ").status());
    }

    @Test
    void completionRangesAreInTheWholeCell() {
        String code = "int q = 1;\nString s = String.for";
        Completion c = ev.questions().complete(code, code.length());
        assertTrue(c.texts().contains("format("), c.texts().toString());
        assertEquals(code.length() - 3, c.start());
        assertEquals(code.length(), c.end());
        String mid = "List.of(1).siz + 1";
        Completion m = ev.questions().complete(mid, "List.of(1).siz".length());
        assertTrue(m.texts().contains("size()"), m.texts().toString());
        assertEquals("List.of(1).".length(), m.start());
    }

    @Test
    void documentationOfVariablesJdkAndRuntime() {
        run("int answer = 42;");
        assertEquals("int answer = 42", ev.questions().documentation("answer", 6).getFirst().signature());
        List<Doc> runtime = ev.questions().documentation("Process.spawn", "Process.spawn".length());
        assertFalse(runtime.isEmpty());
        assertTrue(runtime.getFirst().signature().contains("spawn(Runnable"), runtime.toString());
        assertTrue(runtime.getFirst().text().contains("Starts a new process"), "the runtime's Javadoc: " + runtime);
        assertFalse(runtime.getFirst().text().contains("{@code"), "Javadoc tags are rendered: " + runtime.getFirst().text());
        assumeTrue(Files.exists(Path.of(System.getProperty("java.home"), "lib", "src.zip")), "this JDK has no src.zip");
        List<Doc> jdk = ev.questions().documentation("String.format(", "String.format(".length());
        assertNotNull(jdk);
        assertTrue(jdk.stream().anyMatch(d -> d.text().contains("formatted string")), jdk.toString());
    }

    /** CPU time the cell threads use during {@code millis}. */
    static long cellThreadCpuMillis(long millis) throws InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long before = 0, after = 0;
        List<Long> ids = new ArrayList<>();
        for (ThreadInfo i : mx.dumpAllThreads(false, false)) {
            if (i.getThreadName().startsWith("loombook-cell-")) ids.add(i.getThreadId());
        }
        for (long id : ids) before += Math.max(0, mx.getThreadCpuTime(id));
        Thread.sleep(millis);
        for (long id : ids) after += Math.max(0, mx.getThreadCpuTime(id));
        return (after - before) / 1_000_000;
    }
}
