package loombook.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cells written to break the kernel (issue 16's hostile cells): each one ends with an error that
 * says what happened, and the notebook answers {@code 1+1} afterwards.
 */
class HostileCellsTest {
    static Notebook nb;
    static final AtomicInteger count = new AtomicInteger(1);

    @BeforeAll
    static void start(@TempDir Path tmp) {
        PrintStream log = System.err;
        nb = Notebook.builder().workingDirectory(tmp).log(log, log).warmUp(false).build();
        nb.awaitReady();
    }

    @AfterAll
    static void stop() {
        nb.close();
    }

    record Ran(CellReport report, Capture out) {
        String text() {
            return report.result() == null ? null : String.valueOf(report.result().get("text/plain"));
        }

        String traceback() {
            return report.error() == null ? "" : String.join("\n", report.error().traceback()).replaceAll("\u001b\\[[0-9;]*m", "");
        }
    }

    static Ran run(String code) {
        Capture c = new Capture();
        return new Ran(nb.run(code, count.incrementAndGet(), c), c);
    }

    /** A failed cell must say why: an error with a name and a traceback that is not empty. */
    static void saysWhy(String what, Ran r) {
        if (r.report().ok()) return;
        assertNotNull(r.report().error(), what);
        assertFalse(r.report().error().ename().isBlank(), what);
        assertFalse(r.traceback().isBlank(), what + ": an error with nothing to read");
    }

    static void stillWhole(String after) {
        Ran r = run("1+1");
        assertTrue(r.report().ok(), after + ": " + r.traceback());
        assertEquals("2", r.text(), after);
    }

    @Test
    void threadsThatCellsStartAreListedAndStopped() throws Exception {
        Ran started = run("Thread spinner = new Thread(() -> { long n = 0; while (true) n++; }, \"spinner\");\nspinner.start();\n"
                + "Thread bare = Thread.startVirtualThread(() -> { while (true) Thread.onSpinWait(); });");
        assertTrue(started.report().ok(), started.traceback());
        String listed = "";
        for (int i = 0; i < 50 && !(listed.contains("spinner") && listed.contains("virtual")); i++) {
            Thread.sleep(40);
            listed = run("%threads").out().stdout();
        }
        assertTrue(listed.contains("spinner") && listed.contains("virtual"), listed);
        assertTrue(listed.contains("line 1"), "where it runs: " + listed);
        assertTrue(run("%processes").out().stdout().contains("threads that cells started"));
        String stopped = run("%threads stop all").out().stdout();     // (other tests' threads too, if any run)
        assertTrue(stopped.contains("stopped spinner") && stopped.contains("stopped #"), stopped);
        assertEquals("false false", run("spinner.isAlive() + \" \" + bare.isAlive()").text().replace("\"", ""));
        assertFalse(run("%threads").out().stdout().contains("spinner"));
        assertFalse(run("%threads stop nosuch").report().ok());
        stillWhole("threads stopped");
    }

    @Test
    void shutdownsExitAndHaltByReflectionAreRefused() {
        for (String method : List.of("exit", "halt")) {
            Ran r = run("var m = Class.forName(\"java.lang.Shutdown\").getDeclaredMethod(\"" + method + "\", int.class);\n"
                    + "m.setAccessible(true);\nm.invoke(null, 7);");
            assertFalse(r.report().ok(), method);
            assertTrue(r.traceback().contains("Ending the JVM"), method + ": " + r.traceback());
            stillWhole("Shutdown." + method + " by reflection");
        }
    }

    @Test
    void shutdownsNativeHaltIsOutOfReachByReflectionAndByLookup() {
        Ran r = run("var m = Class.forName(\"java.lang.Shutdown\").getDeclaredMethod(\"halt0\", int.class);\n"
                + "m.setAccessible(true);\nm.invoke(null, 7);");
        assertFalse(r.report().ok());
        assertTrue(r.traceback().contains("Ending the JVM"), r.traceback());
        stillWhole("Shutdown.halt0 by setAccessible");
        r = run("var l = java.lang.invoke.MethodHandles.privateLookupIn(Class.forName(\"java.lang.Shutdown\"), java.lang.invoke.MethodHandles.lookup());\n"
                + "l.findStatic(l.lookupClass(), \"halt0\", java.lang.invoke.MethodType.methodType(void.class, int.class)).invoke(7);");
        assertFalse(r.report().ok());
        assertTrue(r.traceback().contains("Ending the JVM"), r.traceback());
        stillWhole("Shutdown.halt0 by a private lookup");
        // the doors stay open for everything else: a cell's own private field, a JDK class's private field
        r = run("class Box { private int secret = 41; }\n"
                + "var f = Box.class.getDeclaredField(\"secret\"); f.setAccessible(true); f.getInt(new Box()) + 1");
        assertEquals("42", r.text(), r.traceback());
        r = run("var v = Thread.class.getDeclaredField(\"name\"); v.trySetAccessible()");
        assertEquals("true", r.text(), r.traceback());
    }

    @Test
    void aCellOfTwoThousandStatementsRunsInSeconds() {
        long t0 = System.nanoTime();
        Ran r = run("int c = 0;\n" + "c++; c++; c++; c++; c++; c++; c++; c++; c++; c++;\n".repeat(200) + "c");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("2000", r.text(), r.traceback());
        System.out.printf("# a cell of 2,000 one-line statements: %,d ms%n", ms);
        assertTrue(ms < 15_000, ms + " ms (one snippet a statement took over 30 s)");
    }

    @Test
    void deepNestingIsAnErrorThatSaysTheCompilerCouldNotHandleIt() {
        Ran r = run("int deep = " + "(".repeat(20_000) + "1" + ")".repeat(20_000) + ";");
        assertFalse(r.report().ok());
        assertTrue(r.traceback().contains("the Java compiler could not handle this cell"), r.traceback());
        stillWhole("deep nesting");
    }

    @Test
    void aVeryLongExpressionIsAnErrorThatSaysWhy() {
        Ran r = run("int sum = 0" + " + 1".repeat(40_000) + ";");
        saysWhy("long expression", r);
        assertTrue(r.traceback().length() < 2_000, "a compile error shows the part of a long line around the error: " + r.traceback().length());
        stillWhole("long expression");
    }

    @Test
    void aStringLiteralOver64KbIsRefusedAndLaterCellsStillWork() {
        Ran r = run("String big = \"" + "x".repeat(70_000) + "\";");
        assertFalse(r.report().ok());
        saysWhy("big literal", r);
        stillWhole("a 70 KB literal");
        Ran r2 = run("var s = \"" + "y".repeat(70_000) + "\"; s.length()");
        saysWhy("big literal 2", r2);
        stillWhole("a second 70 KB literal");
        Ran r3 = run("System.out.println(\"" + "\u00e9".repeat(60_000) + "\".length())");
        saysWhy("a 120 KB literal in a statement that JShell accepts", r3);
        stillWhole("a 120 KB literal in a statement that JShell accepts");
    }

    @Test
    void generatedGarbageAlwaysSaysWhyAndTheKernelStaysWhole() {
        Random rnd = new Random(16);
        String[] tokens = {"(", ")", "{", "}", "[", "]", ";", "<", ">", "->", "::", "class", "int", "var", "new", "x",
                "\"s\"", "'c'", "1", "1.0e9", "@", "#", "\\u0041", "/*", "*/", "//", "\n", "switch", "case", "yield",
                "record", "enum", "interface", "sealed", "permits", "λ", "日本", "\uD83D\uDE00", "\u0000", "...", "?", ":"};
        List<String> silent = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + rnd.nextInt(60);
            for (int j = 0; j < n; j++) sb.append(tokens[rnd.nextInt(tokens.length)]).append(rnd.nextBoolean() ? " " : "");
            String code = sb.toString();
            Ran r = run(code);
            if (!r.report().ok() && (r.report().error() == null || r.traceback().isBlank())) silent.add(code);
        }
        assertTrue(silent.isEmpty(), "failed without a word: " + silent);
        stillWhole("token soup");
    }

    static void refusedExit(String code) {
        Ran r = run(code);
        assertFalse(r.report().ok(), code);
        assertTrue(r.traceback().contains("would end the kernel"), code + "\n" + r.traceback());
        stillWhole(code);
    }

    @Test
    void theExitGateIsInstalledForTheseTests() {
        assertTrue(loombook.kernel.eval.ExitGate.installed(), "the surefire JVM runs with -javaagent (kernel/pom.xml)");
    }

    @Test
    void systemExitIsRefusedOnEveryPath() {
        refusedExit("java.util.function.IntConsumer e = System::exit; e.accept(0);");
        refusedExit("java.util.function.IntConsumer e = Runtime.getRuntime()::halt; e.accept(0);");
        refusedExit("java.util.function.ObjIntConsumer<Runtime> e = Runtime::exit; e.accept(Runtime.getRuntime(), 0);");
        refusedExit("System.class.getMethod(\"exit\", int.class).invoke(null, 0);");
        refusedExit("Runtime.class.getMethod(\"halt\", int.class).invoke(Runtime.getRuntime(), 0);");
        refusedExit("java.lang.invoke.MethodHandles.lookup().findStatic(System.class, \"exit\", "
                + "java.lang.invoke.MethodType.methodType(void.class, int.class)).invoke(0);");
        refusedExit("java.util.stream.IntStream.of(0).parallel().forEach(System::exit);");
        refusedExit("Class.forName(\"loombook.kernel.Main\").getMethod(\"main\", String[].class).invoke(null, (Object) new String[0]);");
    }

    @Test
    void aThreadOrProcessThatCallsExitEndsItselfNotTheKernel() throws Exception {
        Ran r = run("Thread t = new Thread(() -> { java.util.function.IntConsumer e = System::exit; e.accept(3); });\n"
                + "t.start(); t.join();\n"
                + "var p = spawn(() -> { java.util.function.IntConsumer e = System::exit; e.accept(4); });");
        assertTrue(r.report().ok(), r.traceback());
        assertTrue(r.out().await("stderr", s -> s.contains("would end the kernel"), 5000), r.out().stderr());
        stillWhole("exit from a thread and a process");
    }

    @Test
    void aClassNamedLikeADefaultImportShadowsItAndLaterCellsStillCompile() {
        Ran r = run("class Process { int x = 41; }");
        assertTrue(r.report().ok(), r.traceback());
        assertTrue(r.out().stderr().contains("loombook.Process"), "a note says what it hides: " + r.out().stderr());
        stillWhole("class Process {}");
        Ran use = run("new Process().x + 1");
        assertTrue(use.report().ok(), use.traceback());
        assertEquals("42", use.text());
        Ran spawned = run("var child = spawn(() -> {}); loombook.Process.alive(self())");
        assertTrue(spawned.report().ok(), spawned.traceback());
        assertEquals("true", spawned.text());
    }

    @Test
    void closedStandardStreamsWorkAgainInTheNextCell() throws Exception {
        assertTrue(run("System.out.close(); System.err.close();").report().ok());
        Ran after = run("System.out.println(\"out again\"); System.err.println(\"err again\");");
        assertEquals("out again\n", after.out().stdout());
        assertTrue(after.out().stderr().contains("err again"), after.out().stderr());
        assertTrue(run("new PrintWriter(System.out).close();").report().ok());
        Ran spawned = run("spawn(() -> System.out.println(\"from a process\")); sleep(200);");
        assertTrue(spawned.out().await("stdout", s -> s.contains("from a process"), 5000), spawned.out().stdout());
    }

    @Test
    void aThreadHoldingSystemOutsMonitorDoesNotHangTheKernel() throws Exception {
        // the cell itself returns (JShell's flush of System.out after the snippet blocked on the
        // monitor for ever), and the next cell prints on fresh streams; a println in the same cell
        // as the holder still blocks on that stream's monitor until the interrupt gives it up
        Ran r = run("Thread holder = new Thread(() -> { synchronized (System.out) { while (true) { "
                + "try { Thread.sleep(60_000); } catch (InterruptedException e) { return; } } } });\n"
                + "holder.setDaemon(true); holder.start(); Thread.sleep(300);");
        assertTrue(r.report().ok(), r.traceback());
        Ran next = run("System.out.println(\"next cell\"); holder.interrupt();");
        assertEquals("next cell\n", next.out().stdout());
    }
}
