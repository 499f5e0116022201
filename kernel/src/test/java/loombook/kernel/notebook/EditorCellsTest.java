package loombook.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import loombook.kernel.notebook.TestCells.Ran;
import org.junit.jupiter.api.Test;

/**
 * What the student's editor shows around cells: the display API of IJava beside Loombook's own,
 * errors that teach, redefined types, the notebook process's death, re-run cells.
 */
class EditorCellsTest extends CellsTest {
    @Test
    void displayAsTheRequestedMimeTypesAsInIJava() {
        Ran r = run("display(\"<b>bold</b>\", \"text/html\");");
        assertTrue(r.report().ok(), r.traceback());
        List<Capture.Event> shown = r.out().events().stream().filter(e -> e.kind().equals("display")).toList();
        assertEquals(1, shown.size());
        assertEquals("<b>bold</b>", shown.getFirst().data().get("text/html"));
        assertEquals("<b>bold</b>", shown.getFirst().data().get("text/plain"));
        Ran md = run("var h = display(\"*0 of 3*\", \"text/markdown\");\nupdateDisplay(h, \"*3 of 3*\", \"text/markdown\");\nupdateDisplay(h.id(), \"done\");");
        List<Capture.Event> ev = md.out().events();
        assertEquals("*0 of 3*", ev.get(0).data().get("text/markdown"));
        assertEquals("update", ev.get(1).kind());
        assertEquals("*3 of 3*", ev.get(1).data().get("text/markdown"));
        assertEquals(ev.get(0).displayId(), ev.get(1).displayId());
        assertFalse(ev.get(2).data().containsKey("text/markdown"), "without types, the value's own renderings: " + ev.get(2).data());
        Ran byId = run("var first = display(\"one\");\ndisplay(\"two\", first.id());");
        assertEquals(byId.out().events().get(0).displayId(), byId.out().events().get(1).displayId(),
                "one string without a '/' is a display id, as before");
        Ran pid = run("display(self(), \"text/html\");");
        Capture.Event p = pid.out().events().getFirst();
        assertTrue(String.valueOf(p.data().get("text/html")).contains("PID"), "a value keeps its own rendering of a type: " + p.data());
    }

    @Test
    void aTypeTheValueHasNoRenderingOfIsAClearError() {
        Ran r = run("display(self(), \"image/png\");");
        assertEquals("java.lang.IllegalArgumentException", r.report().error().ename());
        assertTrue(r.traceback().contains("cannot be shown as image/png; it can be shown as text/plain, text/html"), r.traceback());
        Ran notAType = run("display(42, \"answer\", \"text/html\");");
        assertTrue(notAType.traceback().contains("the strings after the value are MIME types"), notAType.traceback());
    }

    @Test
    void aStateLoopWrittenAsRecursionThroughTwoMethodsIsCollapsedWithTheIdiomThatAvoidsIt() throws Exception {
        run("void idleState(int n) { Object m = receive(); busyState(n + 1); }\nvoid busyState(int n) { receive(x -> x); idleState(n + 1); }");
        Ran spawned = run("Pid looper = spawn(() -> idleState(0));");
        run("for (int i = 0; i < 30_000; i++) send(looper, i);");
        assertTrue(spawned.out().await("stderr", s -> s.contains("hint:"), 10_000), spawned.out().stderr());
        String report = spawned.out().stderr();
        assertTrue(report.contains("    at busyState (Cell In[") && report.contains("    at idleState (Cell In["), "every frame has its cell line: " + report);
        assertTrue(report.matches("(?s).*\\.\\.\\. the same 2 lines \\d+ more times \\(methods that call each other without end\\?\\).*"), report);
        assertTrue(report.contains("hint: busyState and idleState receive messages and call each other for the next one")
                || report.contains("hint: idleState and busyState receive messages and call each other for the next one"), report);
        assertTrue(report.contains("loop(state, (s, m) -> next(newState)) runs the same state loop in constant stack"), report);
        assertTrue(report.lines().count() < 20, "collapsed: " + report);
        assertFalse(report.contains("$JShell$") || report.contains("at ."), report);
    }

    @Test
    void aPlainRecursionThatDoesNotReceiveGetsNoStateLoopHint() {
        run("int depthOf(int n) { return n == 0 ? 0 : depthOf(n - 1) + 1; }");
        Ran r = run("depthOf(1_000_000)");
        assertTrue(r.traceback().contains("... the same line"), r.traceback());
        assertFalse(r.traceback().contains("hint:"), r.traceback());
    }

    @Test
    void aGenericCallbackCrashShowsItsOwnLineAndNoBridgeFrame() throws Exception {
        run("class Fragile extends GenServer<Integer, Integer> {\n    public Init<Integer> init(Integer s) { return ok(s); }\n"
                + "    public CallResult<Integer> handleCall(Object req, From from, Integer n) {\n        int[] a = new int[1];\n"
                + "        return reply(a[n], n);\n    }\n}");
        Ran started = run("Pid fragile = GenServer.start(new Fragile(), 5);");
        run("try { GenServer.call(fragile, \"x\"); } catch (ProcessExit e) { }");
        assertTrue(started.out().await("stderr", s -> s.contains("State:"), 5000), started.out().stderr());
        String report = started.out().stderr();
        assertTrue(report.contains("    at Fragile.handleCall (Cell In[" + (cells.lastCount() - 2) + "], line 5)"), report);
        assertEquals(1, report.lines().filter(l -> l.contains("handleCall")).count(), "javac's bridge method is no frame of the learner's: " + report);
    }

    @Test
    void aDeclarationThatUsesOneFurtherDownTheSameCellGetsNoNote() {
        Ran r = run("record OkFsm() {}\nclass WorkflowFsm { OkFsm ok() { return new OkFsm(); } ErrFsm err() { return null; } }\nrecord ErrFsm() {}");
        assertTrue(r.report().ok(), r.traceback());
        assertEquals("", r.out().stderr());
        Ran missing = run("class StillWaiting { NotYetDeclared x; }");
        assertTrue(missing.out().stderr().contains("note: class StillWaiting cannot be defined until class NotYetDeclared is declared"),
                missing.out().stderr());
    }

    @Test
    void whenACallExitsTheNotebookProcessTheCellSaysWhatDiedWithIt() {
        run("class Idle extends GenServer<Integer, Integer> {\n    public Init<Integer> init(Integer s) { return ok(s); }\n}");
        run("Pid linkedSup = Supervisor.startLink(List.of(ChildSpec.worker(\"idle-child\", () -> GenServer.startLink(new Idle(), 0, \"idle-child\"))),"
                + " Supervisor.ONE_FOR_ONE);");
        run("Pid silent = spawn(() -> receive(m -> m instanceof String ? m : null));");
        Ran r = run("GenServer.call(silent, \"hello?\", 100)");
        String tb = r.traceback();
        assertTrue(tb.contains("exited in GenServer.call(") && tb.contains("time out (no reply within 100 ms)"), tb);
        assertTrue(tb.contains("A call that fails exits its caller, as in Elixir"), tb);
        assertTrue(tb.contains("Linked to it, these 2 processes died with it:"), tb);
        assertTrue(tb.matches("(?s).*#PID<0\\.\\d+\\.0> \\(Supervisor, started in Cell In\\[\\d+\\]\\).*"), tb);
        assertTrue(tb.matches("(?s).*#PID<0\\.\\d+\\.0> \"idle-child\" \\(Idle, started in Cell In\\[\\d+\\]\\).*"), tb);
        assertTrue(tb.contains("start it with start instead of startLink"), tb);
        assertFalse(tb.contains("the cell called exit"), "the cell did not: the call did: " + tb);
    }

    @Test
    void printlnAloneAsInElixirSaysWhereJavasIs() {
        Ran r = run("println(receive(m -> m, 0, () -> \"none\"));");
        assertEquals("CompileError", r.report().error().ename());
        assertTrue(r.traceback().contains("hint: println alone is no method in Java: write IO.println(...) (it takes any value, even what"
                + " receive(...) returns) or System.out.println(...)"), r.traceback());
        assertTrue(run("printf(\"%d%n\", 1);").traceback().contains("hint: printf alone is no method in Java: write System.out.printf(...)"));
        assertEquals("CompileError", run("IO.println(receive(m -> m, 0, () -> \"none\"));\nprintln(1);").report().error().ename());
        assertTrue(run("IO.println(receive(m -> m, 0, () -> \"none\"));").out().stdout().contains("none"), "the way out works");
    }

    @Test
    void sendingToNullSaysThatNullIsNoProcess() {
        Ran r = run("send(null, \"hi\");");
        assertEquals("CompileError", r.report().error().ename());
        assertTrue(r.traceback().contains("hint: null is no process: send(...) needs a pid"), r.traceback());
        assertFalse(r.traceback().contains("has a version for each type"), "not the hint for a generic argument: " + r.traceback());
    }

    @Test
    void aReceiveInAFormThatDoesNotExistListsTheFourThatDo() {
        for (String cell : List.of("var r = receive(1000);", "receive(String.class, 100)")) {
            Ran r = run(cell);
            assertEquals("CompileError", r.report().error().ename(), cell);
            assertTrue(r.traceback().contains("hint: receive comes in four forms"), r.traceback());
            assertTrue(r.traceback().contains("receive(m -> ..., 1000, () -> fallback)"), r.traceback());
        }
        assertEquals("\"late\"", run("receive(m -> m instanceof String s ? s : null, 50, () -> \"late\")").text(),
                "the form the hint gives compiles and gives up after its time");
    }

    @Test
    void printingAGenericResultSaysToGiveItATypeFirst() {
        for (String cell : List.of("System.out.println(receive(m -> m, 0, () -> \"none\"));", "System.out.println(receive(m -> m));",
                "Pid holder = spawn(() -> receive(m -> m));\nSystem.out.println(Sys.getState(holder));")) {
            Ran r = run(cell);
            assertEquals("CompileError", r.report().error().ename(), cell);
            assertTrue(r.traceback().contains("hint: println has a version for each type, and the argument has no type yet"), r.traceback());
            assertTrue(r.traceback().contains("or write println(String.valueOf(...))"), r.traceback());
            assertFalse(r.traceback().contains("is ambiguous") && r.traceback().contains("has incompatible bounds"),
                    "javac's second error about the same call is left out: " + r.traceback());
        }
    }

    @Test
    void aMethodThatHidesTheRuntimesIsNamedWhenDeclaredAndWhenACallGoesWrong() {
        Ran declared = run("Object skip(Object o) { return o; }");
        assertTrue(declared.out().stderr().contains("note: method skip(Object) hides Process.skip(...) in the cells after this one"),
                declared.out().stderr());
        Ran used = run("Pid p = spawn(() -> loop(0, (n, m) -> m.equals(\"later\") ? skip() : next(n + 1)));");
        assertTrue(used.traceback().contains("hint: your method skip(...) (Cell In[" + (cells.lastCount() - 1) + "]) hides Process.skip(...), so skip(...)"
                + " here calls yours; write Process.skip(...) to call Process's, or rename yours"), used.traceback());
        assertTrue(run("Pid p = spawn(() -> loop(0, (n, m) -> m.equals(\"later\") ? Process.skip() : next(n + 1)));").report().ok(),
                "the qualified name still works");
        Ran inClass = run("class Looper { int stop(int x) { return x; } void go() { loop(0, (n, m) -> stop(n)); } }");
        assertTrue(inClass.traceback().contains("hint: inside class Looper, its own stop(...) hides Process.stop(...)"), inClass.traceback());
    }

    @Test
    void keepingTheIdOfADisplayAsAStringSaysWhatDisplayReturns() {
        Ran r = run("String id = display(\"x\");");
        assertTrue(r.traceback().contains("hint: display(...) returns a DisplayHandle, not the id as a String (IJava's does)"), r.traceback());
    }

    @Test
    void aServerStartedByTheCellThatRedefinedItsClassUsesTheNewOne() {
        run("record Tally(int n) {}");
        Ran r = run("class Tally extends GenServer<Integer, Integer> {\n    public Init<Integer> init(Integer s) { return ok(s); }\n}\n"
                + "Pid tally = GenServer.start(new Tally(), 0);");
        assertTrue(r.report().ok(), r.traceback());
        assertFalse(r.out().stderr().contains("Tally is a new class now"), "its label names the type, but it runs the new class: " + r.out().stderr());
        run("Process.exit(tally, Reason.KILL);");
    }

    @Test
    void aTypeRedefinedWhileProcessesUseItIsNamedAndSoIsAMessageTheyWillNeverTake() {
        run("record Halt() {}");
        Ran spawned = run("Pid halting = spawn(() -> loop(0, (n, m) -> switch (m) { case Halt h -> stop(n); default -> skip(); }));");
        run("class HaltServer extends GenServer<Integer, Integer> {\n    public Init<Integer> init(Integer s) { return ok(s); }\n"
                + "    public Result<Integer> handleCast(Object r, Integer n) { return r instanceof Halt ? stopWith(\"asked\", n) : noreply(n); }\n}");
        run("Pid haltServer = GenServer.start(new HaltServer(), 0);");
        Ran same = run("record Halt() {}");
        assertEquals("", same.out().stderr(), "the same declaration again keeps its class: nothing to say");
        Ran redefined = run("record Halt(String why) {}");
        String note = redefined.out().stderr();
        assertTrue(note.contains("note: Halt is a new class now, and 2 processes started before still use the old ones: "), note);
        assertTrue(note.matches("(?s).*#PID<0\\.\\d+\\.0> \\(started in Cell In\\[" + (cells.lastCount() - 4) + "\\]\\).*"), note);
        assertTrue(note.contains("(HaltServer, started in Cell In["), "a behaviour whose callback class uses the type: " + note);
        assertTrue(note.contains("declaring message types in a cell of their own, run once, avoids this"), note);
        // said under the cell that sent it, or, if the process was still handling it then, under the next
        Ran sent = run("send(halting, new Halt(\"now\"));");
        Ran next = run("alive(halting)");
        String both = sent.out().stderr() + next.out().stderr();
        assertTrue(both.contains("will never take the Halt waiting in its mailbox: it was started before Halt was redefined (Cell In["), both);
        assertEquals("true", next.text(), "the old process did not match the new Halt");
        // a server takes every cast and handles it with its old callbacks: nothing waits, the redefinition note said it
        assertEquals("", run("1").out().stderr(), "said once");
        run("exit(halting, Reason.KILL); exit(haltServer, Reason.KILL);");
    }

    @Test
    void aCellRunAgainTakesOverTheOutputOfTheProcessesOfItsEarlierRun() throws Exception {
        String code = "Pid ticker = spawn(() -> { for (int i = 0; i < 100; i++) { System.out.println(\"tick \" + i); sleep(100); } });";
        Capture first = new Capture();
        nb.run(code, cells.next(), first, "cell-ticker");
        assertTrue(first.await("stdout", s -> s.contains("tick 1"), 5000), first.stdout());
        Capture second = new Capture();
        CellReport again = nb.run(code, cells.next(), second, "cell-ticker");
        assertTrue(again.ok());
        assertTrue(second.stderr().matches("(?s)note: 1 process started by the previous run of this cell is still alive: #PID<0\\.\\d+\\.0>"
                + " \\(started in Cell In\\[\\d+\\]\\)\\. What it prints from now on appears here; %kill \\d+ stops it\\.\\n"), second.stderr());
        int before = first.stdout().length();
        assertTrue(second.await("stdout", s -> s.lines().filter(l -> l.startsWith("tick")).count() >= 6, 5000),
                "both runs' tickers now print under the second run: " + second.stdout());
        Thread.sleep(300);
        assertTrue(first.stdout().length() - before < 10, "the first run gets nothing more after a line in flight: " + first.stdout().substring(before));
        Capture other = new Capture();
        nb.run("1 + 1", cells.next(), other, "another-cell");
        assertEquals("", other.stderr(), "another cell is not concerned");
        Capture third = new Capture();
        nb.run("Process.exit(ticker, Reason.KILL);", cells.next(), third, "cell-ticker");
        assertTrue(third.stderr().contains("2 processes started by the previous run of this cell are still alive"),
                "the first run's process writes to the second, so it is the previous run's too: " + third.stderr());
        run("processes().forEach(p -> { if (!p.equals(self())) Process.exit(p, Reason.KILL); });");
    }
}
