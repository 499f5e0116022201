#!/usr/bin/python3
"""The student's editor, through a real client: completion and inspect at any position of a
multi-statement cell, Javadoc rendered as text and HTML, IJava's display(value, mimeTypes...),
errors that teach, a redefined type, what died with the notebook process, a cell run again.

Run by tests/run.sh with the kernel installed into a temporary Jupyter path (see harness.py):

    /usr/bin/python3 tests/test_editor.py [-v] [-k PATTERN] [--artifacts DIR]

Measures the completion latency a student feels when pressing Tab (build/artifacts/editor-test.json).
"""
import os
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import KernelTest, result_of, run_suites, stderr_of, stdout_of, strip_ansi  # noqa: E402

MEASURED = {}


def at(cell):
    """The cell without its `|`, and the cursor there, in code points (as Jupyter counts)."""
    i = cell.index("|")
    return cell[:i] + cell[i + 1:], i


class Completion(KernelTest):
    """complete_request at a dozen positions of multi-statement cells, as a student presses Tab."""

    def complete(self, cell):
        code, cursor = at(cell)
        c = self.k.request("complete", code, cursor)["content"]
        self.assertEqual(c["status"], "ok")
        return c, cursor

    def offers(self, cell, expected):
        c, cursor = self.complete(cell)
        self.assertIn(expected, c["matches"], cell)
        word = re.search(r"[\w$]*$", at(cell)[0][:cursor]).group(0)
        self.assertEqual((c["cursor_start"], c["cursor_end"]), (cursor - len(word), cursor), cell)
        return c

    def test_names_declared_above_in_the_same_cell(self):
        c = self.offers('String greeting = "hi";\ngree|', "greeting")
        self.assertEqual((c["cursor_start"], c["cursor_end"]), (24, 28), "the issue's example: the word 'gree', not 11")
        self.offers("Pid worker = spawn(() -> {});\nsend(wor|", "worker")
        self.offers('String s = "x"; s.len|', "length()")
        self.offers("int helper(int x) { return x; }\nint y = hel|", "helper(")

    def test_parameters_of_lambdas_and_methods(self):
        self.offers("Pid p = spawn(() -> loop(0, (count, m) -> next(coun|", "count")
        self.offers("void f(int param) {\n    System.out.println(par|", "param")
        self.offers("record Get(Pid from) {}\nPid p = spawn(() -> loop(0, (n, m) -> switch (m) {\n    case Get(var from) -> { send(fr|",
                    "from")

    def test_inherited_helpers_inside_a_class_body(self):
        self.offers("class Counter extends GenServer<Integer, Integer> {\n"
                    "    public Result<Integer> handleCast(Object r, Integer n) {\n        return nore|", "noreply(")
        self.offers("enum Door { LOCKED, OPEN }\nclass DoorLock extends GenStateMachine<String, Door, String> {\n"
                    "    public Transition<Door, String> handleEvent(Event e, Door s, String code) {\n        return keepSt|",
                    "keepStateAndData(")
        self.offers("class Echo extends GenServer<String, String> {\n    @Override\n    public Result<String> handle|", "handleCast(")

    def test_any_position_earlier_cells_the_jdk_and_the_runtime(self):
        self.offers('String s = "x";\nint n = s.len| + 1;\nSystem.out.println(n);', "length()")
        self.k.execute("int fromAnEarlierCell = 1;")
        self.offers("int x = 2;\nx + fromAn|", "fromAnEarlierCell")
        self.offers("Process.spaw|", "spawnLink(")
        self.offers("GenServer.ca|", "call(")

    def test_positions_are_code_points(self):
        c = self.offers('String e = "\U0001F600\U0001F600";\nString greeting = "hi";\ngreeting.toUpp|', "toUpperCase(")
        self.assertEqual(c["cursor_end"], len('String e = "\U0001F600\U0001F600";\nString greeting = "hi";\ngreeting.toUpp'))

    def test_members_carry_their_type_and_signature_as_ipykernel_sends_them(self):
        c = self.offers('String s = "x";\ns.subs|', "substring(")
        types = c["metadata"]["_jupyter_types_experimental"]
        self.assertEqual(len(types), len(c["matches"]), "one entry per match, in order")
        self.assertEqual([t["text"] for t in types], c["matches"])
        sub = types[c["matches"].index("substring(")]
        self.assertEqual((sub["start"], sub["end"]), (c["cursor_start"], c["cursor_end"]))
        self.assertEqual(sub["type"], "function")
        self.assertIn("String String.substring(int beginIndex, int endIndex)", sub["signature"])
        out = self.offers("System.ou|", "out")["metadata"]["_jupyter_types_experimental"][0]
        self.assertEqual((out["type"], out["signature"]), ("instance", "java.io.PrintStream out"))

    def test_latency_of_a_tab(self):
        cells = ['String s = "x"; s.len|', "Pid worker = spawn(() -> {});\nsend(wor|", "GenServer.ca|",
                 "class Counter extends GenServer<Integer, Integer> {\n    public Result<Integer> handleCast(Object r, Integer n) {\n"
                 "        return nore|", "int total = 0;\nfor (int i = 0; i < 3; i++) { tot|", 'String s = "x";\ns.|']
        for cell in cells:
            self.complete(cell)                                      # the first of each warms its path
        took = []
        for _ in range(5):
            for cell in cells:
                t0 = time.perf_counter()
                self.complete(cell)
                took.append((time.perf_counter() - t0) * 1000)
        took.sort()
        MEASURED["complete_ms_p50"] = round(statistics.median(took), 1)
        MEASURED["complete_ms_p90"] = round(took[int(len(took) * 0.9)], 1)
        MEASURED["complete_ms_max"] = round(took[-1], 1)
        print("complete_request round trip: p50 %.1f ms, p90 %.1f ms, max %.1f ms over %d requests"
              % (MEASURED["complete_ms_p50"], MEASURED["complete_ms_p90"], MEASURED["complete_ms_max"], len(took)))
        # the figure is reported; this bound only tells "answers while the student types" from "hangs"
        self.assertLess(MEASURED["complete_ms_p50"], 1000)


class Inspect(KernelTest):
    """inspect_request (Shift-Tab): anywhere in a cell, Javadoc links and code rendered."""

    def inspect(self, cell):
        code, cursor = at(cell)
        c = self.k.request("inspect", code, cursor)["content"]
        self.assertEqual(c["status"], "ok")
        return c

    def test_a_link_heavy_javadoc_reads_well_as_text_and_html(self):
        c = self.inspect("Pid counter = GenServer.start(new Counter(), 0);\nGenSer|ver.call(counter, 1)")
        self.assertTrue(c["found"])
        text = strip_ansi(c["data"]["text/plain"])
        html = c["data"]["text/html"]
        self.assertIn("loombook.otp.GenServer", text)
        self.assertIn("reply(value, state)", text)
        self.assertNotIn("Object) reply", text, "a link's parameter list is not cut at its first space")
        self.assertNotIn("{@", text)
        self.assertIn("<code>reply(value, state)</code>", html)
        self.assertIn("<pre>", html, "the example stays a code block")
        self.assertNotIn("<script", html)

    def test_names_of_the_cell_and_inherited_helpers(self):
        c = self.inspect('String s = "x";\ns.substring(|')
        self.assertIn("substring(int beginIndex, int endIndex)", strip_ansi(c["data"]["text/plain"]))
        c = self.inspect("class Counter extends GenServer<Integer, Integer> {\n"
                         "    public Result<Integer> handleCast(Object r, Integer n) {\n        return nore|ply(n);\n    }\n}")
        self.assertTrue(c["found"])
        self.assertIn("noreply", strip_ansi(c["data"]["text/plain"]))


class Display(KernelTest):
    """IJava's display(value, mimeTypes...) beside Loombook's display(value)."""

    def test_display_as_html(self):
        r, msgs, _ = self.k.execute('display("<b>bold</b>", "text/html");')
        self.assertEqual(r["content"]["status"], "ok")
        shown = [m["content"] for m in msgs if m["msg_type"] == "display_data"]
        self.assertEqual(len(shown), 1)
        self.assertEqual(shown[0]["data"]["text/html"], "<b>bold</b>")
        r, msgs, _ = self.k.execute('var h = display("*0 of 3*", "text/markdown");\nupdateDisplay(h, "*3 of 3*", "text/markdown");')
        updates = [m["content"] for m in msgs if m["msg_type"] == "update_display_data"]
        self.assertEqual(updates[0]["data"]["text/markdown"], "*3 of 3*")
        r, _, _ = self.k.execute('display(self(), "image/png");')
        self.assertIn("cannot be shown as image/png", r["content"]["evalue"])


class Errors(KernelTest):
    """Errors that teach, and notes that do not mislead."""

    def traceback(self, reply):
        return strip_ansi("\n".join(reply["content"].get("traceback", [])))

    def test_printing_a_generic_result(self):
        r, _, _ = self.k.execute("System.out.println(receive(m -> m));")
        tb = self.traceback(r)
        self.assertIn("hint: println has a version for each type, and the argument has no type yet", tb)
        self.assertIn("println(String.valueOf(...))", tb)
        r, _, _ = self.k.execute("println(Agent.get(Agent.start(() -> 1), x -> x));")
        self.assertIn("hint: println alone is no method in Java: write IO.println(...)", self.traceback(r))

    def test_a_method_that_hides_the_runtimes(self):
        _, msgs, _ = self.k.execute("Object self(Object o) { return o; }")
        self.assertIn("note: method self(Object) hides Process.self(...)", stderr_of(msgs))
        r, _, _ = self.k.execute('send(self(), "x");')
        self.assertIn("hint: your method self(...) (Cell In[", self.traceback(r))
        self.assertIn("write Process.self(...) to call Process's", self.traceback(r))

    def test_a_recursion_through_two_methods_is_collapsed_with_the_state_loop_idiom(self):
        self.k.execute("void idle(int n) { receive(m -> m); busy(n + 1); }\nvoid busy(int n) { receive(m -> m); idle(n + 1); }")
        _, _, spawned = self.k.execute("Pid looper = spawn(() -> idle(0));")
        self.k.execute("for (int i = 0; i < 30_000; i++) send(looper, i);")
        deadline = time.monotonic() + 20
        report = ""
        while "hint:" not in report and time.monotonic() < deadline:
            self.k.pump(0.2)
            report = strip_ansi(stderr_of(self.k.by_parent.get(spawned, [])))
        self.assertRegex(report, r"\.\.\. the same 2 lines \d+ more times \(methods that call each other without end\?\)")
        self.assertRegex(report, r"at idle \(Cell In\[\d+\], line 1\)")
        self.assertIn("loop(state, (s, m) -> next(newState)) runs the same state loop in constant stack", report)
        self.assertLess(len(report.splitlines()), 20, report)

    def test_frames_of_cell_code_have_lines_and_no_jshell_names(self):
        self.k.execute("class Fragile extends GenServer<Integer, Integer> {\n    public Init<Integer> init(Integer s) { return ok(s); }\n"
                       "    public CallResult<Integer> handleCall(Object req, From from, Integer n) {\n        int[] a = new int[1];\n"
                       "        return reply(a[n], n);\n    }\n}")
        _, _, started = self.k.execute("Pid fragile = Supervisor.start(List.of(ChildSpec.worker(\"fragile\", "
                                       "() -> GenServer.startLink(new Fragile(), 5, \"fragile\"))), Supervisor.ONE_FOR_ONE);")
        self.k.execute('try { GenServer.call("fragile", "x"); } catch (ProcessExit e) { }')
        deadline = time.monotonic() + 10
        report = ""
        while "handleCall" not in report and time.monotonic() < deadline:
            self.k.pump(0.2)
            report = strip_ansi(stderr_of(self.k.by_parent.get(started, [])))
        self.assertRegex(report, r"at Fragile\.handleCall \(Cell In\[\d+\], line 5\)")
        self.assertEqual(report.count("handleCall"), 1, "no bridge frame at the class header: " + report)
        for bad in ("$JShell$", "$$Lambda", "at ."):
            self.assertNotIn(bad, report)

    def test_no_note_for_a_type_declared_further_down_the_same_cell(self):
        r, msgs, _ = self.k.execute("record Ok() {}\nclass WorkflowFSM { Ok ok() { return new Ok(); } Err err() { return null; } }\nrecord Err() {}")
        self.assertEqual(r["content"]["status"], "ok")
        self.assertEqual(stderr_of(msgs), "")

    def test_a_null_pid_names_the_function(self):
        r, _, _ = self.k.execute('alive(whereis("nobody"))')
        self.assertEqual(r["content"]["ename"], "java.lang.IllegalArgumentException")
        self.assertIn("alive: the pid is null (whereis(name) returns null", r["content"]["evalue"])


class Processes(KernelTest):
    """A redefined type, the notebook process's death, a cell run again."""

    def test_a_redefined_type_names_the_processes_that_still_use_the_old_one(self):
        self.k.execute("record Stop() {}")
        self.k.execute("Pid looper = spawn(() -> loop(0, (n, m) -> switch (m) { case Stop s -> stop(n); default -> skip(); }));")
        _, msgs, _ = self.k.execute("record Stop(String why) {}")
        note = stderr_of(msgs)
        self.assertRegex(note, r"note: Stop is a new class now, and a process started before still uses the old one: #PID<0\.\d+\.0>")
        self.assertIn("declaring message types in a cell of their own, run once, avoids this", note)
        _, sent, _ = self.k.execute('send(looper, new Stop("now"));')
        r, after, _ = self.k.execute("alive(looper)")
        self.assertIn("will never take the Stop waiting in its mailbox", stderr_of(sent) + stderr_of(after))
        self.assertEqual(result_of(after), "true")

    def test_what_died_with_the_notebook_process(self):
        self.k.execute("class Idle extends GenServer<Integer, Integer> {\n    public Init<Integer> init(Integer s) { return ok(s); }\n}")
        self.k.execute('Pid sup = Supervisor.startLink(List.of(ChildSpec.worker("idle", () -> GenServer.startLink(new Idle(), 0, "idle"))),'
                       " Supervisor.ONE_FOR_ONE);")
        self.k.execute("Pid silent = spawn(() -> receive(m -> m instanceof String ? m : null));")
        r, _, _ = self.k.execute('GenServer.call(silent, "hello?", 100)')
        tb = strip_ansi("\n".join(r["content"]["traceback"]))
        self.assertIn("time out (no reply within 100 ms)", tb)
        self.assertIn("Linked to it, these 2 processes died with it:", tb)
        self.assertRegex(tb, r"#PID<0\.\d+\.0> \(Supervisor, started in Cell In\[\d+\]\)")
        self.assertRegex(tb, r'#PID<0\.\d+\.0> "idle" \(Idle, started in Cell In\[\d+\]\)')
        self.assertIn("start it with start instead of startLink", tb)

    def execute_in_cell(self, code, cell_id):
        """An execute_request with the cell's id in its metadata, as JupyterLab and VS Code send it."""
        kc = self.k.kc
        msg = kc.session.msg("execute_request", {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                                                 "allow_stdin": False, "stop_on_error": True}, metadata={"cellId": cell_id})
        kc.shell_channel.send(msg)
        msg_id = msg["header"]["msg_id"]
        reply = self.k.shell_reply(msg_id)
        return reply, self.k.idle(msg_id), msg_id

    def test_a_cell_run_again_takes_over_its_processes_output(self):
        code = 'Pid ticker = spawn(() -> { for (int i = 0; i < 300; i++) { System.out.println("tick " + i); sleep(100); } });'
        _, _, first = self.execute_in_cell(code, "cell-a")
        time.sleep(0.5)
        _, msgs, second = self.execute_in_cell(code, "cell-a")
        note = stderr_of(msgs)
        self.assertRegex(note, r"note: 1 process started by the previous run of this cell is still alive: #PID<0\.\d+\.0> "
                               r"\(started in Cell In\[\d+\]\)\. What it prints from now on appears here; %kill \d+ stops it\.")
        self.k.pump(0.1)
        before = len(stdout_of(self.k.by_parent.get(first, [])))
        time.sleep(1.0)
        self.k.pump(0.1)
        ticks = stdout_of(self.k.by_parent.get(second, []))
        self.assertGreaterEqual(len([l for l in ticks.splitlines() if l.startswith("tick")]), 10,
                                "both tickers print under the second run: " + ticks)
        self.assertLess(len(stdout_of(self.k.by_parent.get(first, []))) - before, 10, "the first run's request gets nothing more")
        _, other, _ = self.execute_in_cell("1 + 1", "cell-b")
        self.assertEqual(stderr_of(other), "", "another cell is not concerned")
        self.k.execute("processes().forEach(p -> { if (!p.equals(self())) Process.exit(p, Reason.KILL); });")


def main():
    return run_suites((Completion, Inspect, Display, Errors, Processes), MEASURED, "editor-test.json")


if __name__ == "__main__":
    sys.exit(main())
