package loombook.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Completion and documentation over whole cells (names declared above the cursor in the same
 * cell, in earlier cells, in the JDK and in the runtime), with the runtime on the class path.
 */
class CodeQuestionsTest {
    static Evaluator ev;
    static CodeQuestions q;

    @BeforeAll
    static void start() throws Exception {
        Path runtime = Path.of(loombook.Process.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ev = Evaluator.builder()
                .classpath(List.of(runtime))
                .imports(List.of("import java.util.*;", "import loombook.*;", "import loombook.Process;",
                        "import static loombook.Process.*;", "import loombook.otp.*;"))
                .build();
        q = ev.questions();
    }

    @AfterAll
    static void stop() {
        ev.close();
    }

    /** Completes at the {@code |} in {@code cell}. */
    static Completion at(String cell) {
        int cursor = cell.indexOf('|');
        return q.complete(cell.substring(0, cursor) + cell.substring(cursor + 1), cursor);
    }

    /** Asserts that completing at {@code |} offers {@code expected}, replacing the word typed before the cursor. */
    static Completion offers(String cell, String expected) {
        Completion c = at(cell);
        assertTrue(c.texts().contains(expected), cell + " -> " + c.texts());
        int cursor = cell.indexOf('|');
        int word = cursor;
        while (word > 0 && Character.isJavaIdentifierPart(cell.charAt(word - 1))) word--;
        assertEquals(word, c.start(), "the start of the word before the cursor in " + cell);
        assertEquals(cursor, c.end());
        return c;
    }

    @Test
    void namesDeclaredAboveInTheSameCell() {
        offers("String greeting = \"hi\";\ngree|", "greeting");
        offers("Pid worker = spawn(() -> {});\nsend(wor|", "worker");
        offers("int helper(int x) { return x; }\nint y = hel|", "helper(");
        offers("int total = 0;\nfor (int i = 0; i < 3; i++) { tot|", "total");
        offers("record Get(Pid from) {}\nGet g = new Get(self());\ng.fr|", "from()");
    }

    @Test
    void membersOfVariablesDeclaredInTheCell() {
        offers("String s = \"x\"; s.len|", "length()");
        offers("var xs = List.of(1, 2);\nxs.str|", "stream()");
        offers("Object o = 1;\nif (o instanceof Integer num) { num.intV|", "intValue()");
        Completion g = offers("record Get(Pid from) {}\nGet g = new Get(self());\ng.|", "from()");
        assertFalse(g.texts().contains("from"), "a record's field is not offered beside its accessor: " + g.texts());
    }

    @Test
    void parametersOfLambdasMethodsAndPatterns() {
        offers("Pid p = spawn(() -> loop(0, (count, m) -> next(coun|", "count");
        offers("void f(int param) {\n  System.out.println(par|", "param");
        offers("static int twice(int value) { return val|", "value");
        offers("List<String> names = new ArrayList<>();\nnames.forEach(name -> System.out.println(name.toUpp|", "toUpperCase(");
        offers("record Get(Pid from) {}\nPid p = spawn(() -> loop(0, (n, m) -> switch (m) {\n  case Get(var from) -> { send(fr|", "from");
    }

    @Test
    void inheritedHelpersInsideAClassBody() {
        offers("class Counter extends GenServer<Integer, Integer> {\n  public Result<Integer> handleCast(Object r, Integer n) {\n    return nore|",
                "noreply(");
        offers("enum Door { LOCKED, OPEN }\nclass DoorLock extends GenStateMachine<String, Door, String> {\n"
                + "  public Transition<Door, String> handleEvent(Event e, Door s, String code) {\n    return keepSt|", "keepStateAndData(");
        offers("class Counter extends GenServer<Integer, Integer> {\n  public CallResult<Integer> handleCall(Object r, From f, Integer n) {\n"
                + "    return r instanceof String ? rep|", "reply(");
    }

    @Test
    void nothingInACommentOrAString() {
        for (String cell : List.of("String s = \"spa|", "// spa|", "/* spa|", "String t = \"\"\"\n  spa|", "int x = 1; // spa|")) {
            assertTrue(at(cell).texts().isEmpty(), cell + " -> " + at(cell).texts());
        }
        offers("String s = \"a\" + spa|", "spawn(");
        offers("// a comment\nspa|", "spawn(");
        offers("/* a comment */ spa|", "spawn(");
    }

    @Test
    void aRecordsAccessorIsSignedByTheRecordsName() {
        assertEquals("StackTraceElement ProcessInfo.currentFunction()",
                CodeQuestions.signature("StackTraceElement ProcessInfo(loombook.Pid pid, java.util.List<loombook.Pid> links, long memory).currentFunction()"));
        assertEquals("String String.substring(int beginIndex, int endIndex)", CodeQuestions.signature("String String.substring(int beginIndex, int endIndex)"));
    }

    @Test
    void aMethodBeingDeclaredInAClassBodyCompletesToTheCallbacksToOverride() {
        String server = "class Echo extends GenServer<String, String> {\n  public CallResult<String> handleCall(Object r, From f, String s) {\n"
                + "    return reply(r, s);\n  }\n";
        Completion c = offers(server + "  public Result<String> handle|", "handleCast(");
        assertTrue(c.texts().contains("handleInfo("), c.texts().toString());
        assertFalse(c.texts().contains("noreply("), "no static helper where a member is named: " + c.texts());
        offers(server + "  @Override\n  public Result<String> handleIn|", "handleInfo(");
        assertEquals(-1, CellContext.memberNameAt("class A extends B {\n  void f() {\n    int handle"), "a local variable in a method");
        assertEquals(-1, CellContext.memberNameAt("class A extends B {\n  int x = handle"), "an initializer");
        assertTrue(CellContext.memberNameAt("class A extends B {\n  private java.util.List<String>[] handle") > 0);
    }

    @Test
    void anyCursorPositionWithTextAfterIt() {
        offers("String s = \"x\";\nint n = s.len| + 1;\nSystem.out.println(n);", "length()");
        offers("List.of(1).siz| + 1", "size()");
    }

    @Test
    void earlierCellsTheJdkAndTheRuntime() {
        ev.clearInterrupt();
        assertInstanceOf(EvalOutcome.Success.class, ev.evaluate("int fromAnEarlierCell = 1;", CellRef.ofCount(1)));
        offers("int x = 2;\nx + fromAn|", "fromAnEarlierCell");
        offers("int q = 1;\nString s = String.for|", "format(");
        offers("Process.spaw|", "spawnLink(");
        offers("GenServer.ca|", "call(");
    }

    @Test
    void namesImportedInTheCellBeforeItRan() {
        offers("import java.time.*;\nDura|", "Duration");
        offers("import java.time.*;\nDuration.ofSe|", "ofSeconds(");
        offers("import java.util.concurrent.atomic.AtomicInteger;\nAtomicInteger c = new AtomicInteger();\nc.incre|", "incrementAndGet()");
        offers("import java.util.concurrent.atomic.AtomicInteger;\nAtomicInt|", "AtomicInteger");
        offers("import static java.lang.Math.*;\ndouble r = sqr|", "sqrt(");
        Completion list = offers("import java.awt.*;\nList<String> xs = new ArrayList<>();\nxs.ad|", "add(");
        assertTrue(list.texts().contains("addAll("), "List stays java.util's, which every cell imports: " + list.texts());
    }

    @Test
    void membersCarryWhatTheyAreAndTheirSignature() throws InterruptedException {
        Completion c = offers("String s = \"x\";\ns.subs|", "substring(");
        Completion.Match m = c.matches().getFirst();
        assertEquals(Completion.Kind.METHOD, m.kind());
        assertTrue(m.signature().contains("String String.substring(int beginIndex)"), m.signature());
        assertTrue(m.signature().contains("substring(int beginIndex, int endIndex)"), "every overload: " + m.signature());
        Completion.Match out = offers("System.ou|", "out").matches().getFirst();
        assertEquals(Completion.Kind.VARIABLE, out.kind());
        assertEquals("java.io.PrintStream out", out.signature());
        long deadline = System.nanoTime() + 20_000_000_000L;      // JShell lists packages once it has indexed the class path, in the background
        while (at("java.ut|").texts().isEmpty() && System.nanoTime() < deadline) Thread.sleep(100);
        assertEquals(Completion.Kind.PACKAGE, offers("java.ut|", "util.").matches().getFirst().kind());
        assertEquals(Completion.Kind.TYPE, offers("StringBui|", "StringBuilder").matches().getFirst().kind());
        Completion.Match ref = offers("List<Pid> pids = new ArrayList<>();\npids.forEach(Process::ali|", "alive").matches().getFirst();
        assertEquals(Completion.Kind.METHOD, ref.kind(), "a method reference has no parenthesis, and is a method");
        assertTrue(ref.signature().contains("boolean Process.alive(Pid pid)"), ref.signature());
        Completion.Match local = offers("String greeting = \"hi\";\ngree|", "greeting").matches().getFirst();
        assertEquals(new Completion.Match("greeting", Completion.Kind.VARIABLE, "String greeting"), local);
    }

    @Test
    void guessesFromTheTextWhenThereIsNoTimeToAsk() {
        assertEquals(Completion.Kind.METHOD, CodeQuestions.guess("size()").kind());
        assertEquals(Completion.Kind.PACKAGE, CodeQuestions.guess("util.").kind());
        assertEquals(Completion.Kind.KEYWORD, CodeQuestions.guess("int").kind());
        assertEquals(Completion.Kind.TYPE, CodeQuestions.guess("StringBuilder").kind());
        assertEquals(Completion.Kind.VARIABLE, CodeQuestions.guess("MAX_VALUE").kind());
        assertEquals(Completion.Kind.VARIABLE, CodeQuestions.guess("count").kind());
    }

    @Test
    void theRewriteKeepsTheSnippetAtTheCursorAsWritten() {
        String cell = "record R() {}\nimport java.time.*;\nint a = 1;\nstatic int f(int p) { return p";
        CellContext c = CellContext.of(q.analysis(), cell, cell.length());
        assertEquals(SnippetShape.METHOD, c.shape());
        assertEquals("class $Cell$ {\nrecord R() {}\nvoid $run$() {\nint a = 1;\nclass $Method$ {\n       int f(int p) {        p", c.source());
        assertEquals(c.source().length() - cell.length(), c.shift());
        assertEquals("f(int p) { ", c.source().substring(cell.indexOf("f(int") + c.shift(), cell.indexOf("return") + c.shift()));
        CellContext statement = CellContext.of(q.analysis(), "int a = 1;\nString s = \"return static\"; s.len", 44);
        assertEquals(SnippetShape.OTHER, statement.shape());
        assertTrue(statement.source().endsWith("String s = \"return static\";\n{\ns.len"), "words in strings stay: " + statement.source());
        CellContext inClass = CellContext.of(q.analysis(), "class A extends B { void f() { x", 32);
        assertEquals(new CellContext.Enclosing("A", List.of("B"), false), inClass.enclosing());
        assertEquals(List.of(inClass.source(), inClass.beforeWord() + "this.x"), inClass.variants());
        assertEquals(List.of(inClass.beforeWord() + "B."), inClass.staticQueries().stream().map(CellContext.StaticQuery::source).toList());
        assertEquals(new CellContext.Enclosing("C", List.of("loombook.otp.GenServer", "Runnable", "Map.Entry"), false),
                CellContext.enclosingType("final class C extends loombook.otp.GenServer<Map<String, Integer>, int[]> implements Runnable, Map.Entry<K, V> { x"));
        assertEquals(null, CellContext.enclosingType("class A { void f() { x"), "nothing inherited but Object's");
        assertEquals(new CellContext.Enclosing("Runnable", List.of("Runnable"), true),
                CellContext.enclosingType("Runnable r = new Runnable() { public void run() { x"));
        assertEquals(null, CellContext.enclosingType("class A extends B { }\nint y = x"), "the class is closed");
    }

    @Test
    void shapesOfSnippets() {
        assertEquals(SnippetShape.TYPE, SnippetShape.of("record Stop() {}"));
        assertEquals(SnippetShape.TYPE, SnippetShape.of("@FunctionalInterface public sealed interface Msg permits A {"));
        assertEquals(SnippetShape.TYPE, SnippetShape.of("non-sealed class A extends B {"));
        assertEquals(SnippetShape.METHOD, SnippetShape.of("static <T> List<T> twice(T x) {"));
        assertEquals(SnippetShape.METHOD, SnippetShape.of("Map.Entry<String, int[]>[] entries() {"));
        assertEquals(SnippetShape.METHOD, SnippetShape.of("void run("));
        assertEquals(SnippetShape.IMPORT, SnippetShape.of("import static java.lang.Math.*;"));
        assertEquals(SnippetShape.OTHER, SnippetShape.of("Pid p = spawn(() -> {});"));
        assertEquals(SnippetShape.OTHER, SnippetShape.of("var record = 1;"));
        assertEquals(SnippetShape.OTHER, SnippetShape.of("send(p, new Stop());"));
        assertEquals(SnippetShape.OTHER, SnippetShape.of("return foo(1);"));
        assertEquals(SnippetShape.OTHER, SnippetShape.of("new Thread(() -> {}).start();"));
        assertEquals(SnippetShape.OTHER, SnippetShape.of("// a comment: class A {}\nx.y()"));
    }

    @Test
    void documentationOverTheWholeCell() {
        List<Doc> sub = q.documentation("String s = \"x\";\ns.substring(", "String s = \"x\";\ns.substring(".length());
        assertTrue(sub.stream().anyMatch(d -> d.signature().contains("substring(int beginIndex, int endIndex)")), sub.toString());
        String cell = "class Counter extends GenServer<Integer, Integer> {\n  public Result<Integer> handleCast(Object r, Integer n) {\n"
                + "    return noreply(n);\n  }\n}";
        List<Doc> inherited = q.documentation(cell, cell.indexOf("noreply") + 3);
        assertTrue(inherited.stream().anyMatch(d -> d.signature().contains("noreply")), "an inherited helper, cursor inside the word: " + inherited);
        List<Doc> local = q.documentation("String greeting = \"hi\";\ngreeting", "String greeting = \"hi\";\ngreeting".length());
        assertTrue(local.stream().anyMatch(d -> d.signature().contains("greeting")), local.toString());
    }
}
