#!/usr/bin/python3
"""Real-client tests of the Loombook kernel: the installed kernelspec, driven with jupyter_client.

Run by tests/run.sh after the Maven build, with JUPYTER_PATH (and the other JUPYTER_* paths)
pointing at a temporary directory that holds kernels/loombook, never the user's own.

    /usr/bin/python3 tests/test_kernel.py [-v] [-k PATTERN] [--artifacts DIR]

Every message type the kernel answers is checked for a well-formed reply; then the behaviours the
course relies on: interrupts, output routed to the cell that owns it, a forged message ignored,
shutdown within 5 s, memory flat over 200 cells; and a check cell as nbgrader grades it (an error
for a check that does not pass, nothing on stderr and no value for one that passes).
"""
import hashlib
import hmac
import json
import os
import statistics
import sys
import time
import unittest
import uuid

import nbformat

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import KERNEL, Kernel, alive, await_kernel_info, KernelTest, cpu_seconds, result_of, rss_mb, run_suites, stderr_of, stdout_of, strip_ansi  # noqa: E402
from nbgrader_rules import grade  # noqa: E402

MEASURED = {}


class Messages(KernelTest):
    """Every message type: well-formed replies (status included) and the right content."""

    def test_kernel_info(self):
        r = self.k.request("kernel_info")
        c = r["content"]
        self.assertEqual(c["status"], "ok")
        self.assertEqual(c["protocol_version"], "5.3")
        self.assertEqual(c["implementation"], "loombook")
        li = c["language_info"]
        self.assertEqual(li["name"], "java")
        self.assertEqual(li["mimetype"], "text/x-java")
        self.assertEqual(li["pygments_lexer"], "java")
        self.assertTrue(li["file_extension"].startswith("."))
        self.assertTrue(any("runtime" in h["text"].lower() for h in c["help_links"]), c["help_links"])
        self.assertEqual(r["header"]["version"], "5.3")

    def test_execute_streams_results_counts(self):
        r1, msgs, _ = self.k.execute('System.out.println("to stdout");\nSystem.err.println("to stderr");\n6 * 7')
        self.assertEqual(r1["content"]["status"], "ok")
        n = r1["content"]["execution_count"]
        self.assertEqual(stdout_of(msgs), "to stdout\n")
        self.assertEqual(stderr_of(msgs), "to stderr\n")
        self.assertEqual(result_of(msgs), "42")
        inputs = [m for m in msgs if m["msg_type"] == "execute_input"]
        self.assertEqual(inputs[0]["content"]["execution_count"], n)
        results = [m for m in msgs if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["execution_count"], n)
        self.assertIn("metadata", results[0]["content"])
        r2, _, _ = self.k.execute("int declared = 1;")
        self.assertEqual(r2["content"]["execution_count"], n + 1)
        r3, msgs3, _ = self.k.execute("declared + 1", silent=True)
        self.assertEqual(r3["content"]["status"], "ok")
        self.assertFalse([m for m in msgs3 if m["msg_type"] in ("execute_input", "execute_result")], "silent publishes no input/result")
        r4, _, _ = self.k.execute("2", store_history=False)
        self.assertEqual(r4["content"]["execution_count"], n + 1, "no history, no count")

    def test_execute_error_is_well_formed(self):
        r, msgs, _ = self.k.execute('int y = "not a number";')
        c = r["content"]
        self.assertEqual(c["status"], "error")
        self.assertEqual(c["ename"], "CompileError")
        self.assertTrue(c["evalue"].startswith("incompatible types"))
        tb = strip_ansi("\n".join(c["traceback"]))
        self.assertIn("line 1, column 9", tb)
        self.assertIn('    int y = "not a number";\n            ^^^^^^^^^^^^^^', tb)
        errors = [m for m in msgs if m["msg_type"] == "error"]
        self.assertEqual(errors[0]["content"]["ename"], "CompileError")

    def test_runtime_error_shows_cell_lines_and_no_kernel_frames(self):
        self.k.execute("int divide(int a, int b) {\n    return a / b;\n}")
        r, _, _ = self.k.execute("int z = 0;\ndivide(1, z)")
        c = r["content"]
        self.assertEqual(c["ename"], "java.lang.ArithmeticException")
        self.assertEqual(c["evalue"], "/ by zero")
        tb = strip_ansi("\n".join(c["traceback"]))
        self.assertRegex(tb, r"at divide \(Cell In\[\d+\], line 2\)")
        self.assertRegex(tb, r"at Cell In\[%d\], line 2" % c["execution_count"])
        for machinery in ("loombook.kernel", "jdk.jshell", "do_it$", "$JShell$", "java.lang.reflect"):
            self.assertNotIn(machinery, tb)

    def test_user_expressions(self):
        self.k.execute("int ux = 21;")
        msg_id = self.k.kc.execute("", user_expressions={"twice": "ux * 2", "bad": "ux.nothing()"})
        r = self.k.shell_reply(msg_id)
        self.k.idle(msg_id)
        ue = r["content"]["user_expressions"]
        self.assertEqual(ue["twice"]["status"], "ok")
        self.assertEqual(ue["twice"]["data"]["text/plain"], "42")
        self.assertEqual(ue["bad"]["status"], "error")

    def test_is_complete(self):
        def verdict(code):
            return self.k.request("is_complete", code)["content"]
        self.assertEqual(verdict("int x = 1;")["status"], "complete")
        inc = verdict("void f() {\n    if (true) {")
        self.assertEqual(inc["status"], "incomplete")
        self.assertEqual(inc["indent"], "        ")
        self.assertEqual(verdict("}")["status"], "invalid")
        self.assertEqual(verdict("int x = ;")["status"], "invalid")

    def test_complete_ranges(self):
        code = "int q = 1;\nString s = String.for"
        c = self.k.request("complete", code, len(code))["content"]
        self.assertEqual(c["status"], "ok")
        self.assertIn("format(", c["matches"])
        self.assertEqual((c["cursor_start"], c["cursor_end"]), (len(code) - 3, len(code)))
        emoji = 'String e = "\U0001F600";\nsp'          # positions are code points, not UTF-16
        c = self.k.request("complete", emoji, len(emoji))["content"]
        self.assertIn("spawn(", c["matches"])
        self.assertEqual((c["cursor_start"], c["cursor_end"]), (len(emoji) - 2, len(emoji)))
        c = self.k.request("complete", "%ma", 3)["content"]
        self.assertEqual(c["matches"], ["%maven"])

    def test_inspect_at_the_end_of_a_word(self):
        c = self.k.request("inspect", "spawn", 5)["content"]
        self.assertEqual(c["status"], "ok")
        self.assertTrue(c["found"])
        text = strip_ansi(c["data"]["text/plain"])
        self.assertIn("Pid Process.spawn(Runnable body)", text)
        self.assertIn("Starts a new process", text, "the runtime's Javadoc")
        c = self.k.request("inspect", "String.format", len("String.format"))["content"]
        self.assertTrue(c["found"])
        self.assertIn("formatted string", strip_ansi(c["data"]["text/plain"]), "the JDK's Javadoc")
        c = self.k.request("inspect", "nothingCalledThis", 5)["content"]
        self.assertEqual(c["status"], "ok")
        self.assertFalse(c["found"])

    def test_history(self):
        self.k.execute("int remembered = 3;")
        c = self.k.request("history", hist_access_type="tail", n=3, output=False, raw=True)["content"]
        self.assertEqual(c["status"], "ok")
        self.assertIn("int remembered = 3;", [h[2] for h in c["history"]])

    def test_comm_info(self):
        c = self.k.request("comm_info")["content"]
        self.assertEqual(c["status"], "ok")
        self.assertEqual(c["comms"], {})

    def test_display_and_update_by_display_id(self):
        r, msgs, _ = self.k.execute('var h = display(html("<b>first</b>"));\nh.update("second");\nh')
        disp = [m for m in msgs if m["msg_type"] == "display_data"]
        upd = [m for m in msgs if m["msg_type"] == "update_display_data"]
        self.assertEqual(disp[0]["content"]["data"]["text/html"], "<b>first</b>")
        self.assertEqual(upd[0]["content"]["data"]["text/plain"], '"second"')
        self.assertEqual(disp[0]["content"]["transient"]["display_id"], upd[0]["content"]["transient"]["display_id"])
        self.assertIsNone(result_of(msgs), "a display handle shows nothing")

    def test_rich_values(self):
        _, msgs, _ = self.k.execute("self()")
        data = [m for m in msgs if m["msg_type"] == "execute_result"][0]["content"]["data"]
        self.assertRegex(data["text/plain"], r"^#PID<0\.\d+\.0>$")
        self.assertIn("#PID&lt;0.", data["text/html"])
        _, msgs, _ = self.k.execute("%processes")
        data = [m for m in msgs if m["msg_type"] == "execute_result"][0]["content"]["data"]
        self.assertIn("<table", data["text/html"])
        self.assertIn("notebook", data["text/plain"])

    def test_stdin_when_the_frontend_allows_it(self):
        msg_id = self.k.kc.execute('var sc = new Scanner(System.in);\n"Hello, " + sc.nextLine()', allow_stdin=True)
        req = self.k.kc.get_stdin_msg(timeout=30)
        self.assertEqual(req["msg_type"], "input_request")
        self.assertEqual(req["parent_header"]["msg_id"], msg_id)
        self.k.kc.input("Ada")
        reply = self.k.shell_reply(msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(result_of(self.k.idle(msg_id)), '"Hello, Ada"')
        _, msgs, _ = self.k.execute("System.in.read()", allow_stdin=False)
        self.assertEqual(result_of(msgs), "-1")
        self.assertIn("does not send input", stderr_of(msgs))

    def test_stop_on_error_aborts_the_queued_cells(self):
        a = self.k.kc.execute("int ok1 = 1;")
        b = self.k.kc.execute('throw new IllegalStateException("stop here");', stop_on_error=True)
        c = self.k.kc.execute("int neverRuns = 1;")
        ra, rb, rc = self.k.shell_reply(a), self.k.shell_reply(b), self.k.shell_reply(c)
        for m in (a, b, c):
            self.k.idle(m)
        self.assertEqual(ra["content"]["status"], "ok")
        self.assertEqual(rb["content"]["status"], "error")
        self.assertEqual(rc["content"]["status"], "aborted")
        r, _, _ = self.k.execute("neverRuns")
        self.assertEqual(r["content"]["status"], "error", "the aborted cell did not run")

    def graded(self, code):
        """Runs `code` as an nbgrader test cell worth 2 points: (reply, the cell's outputs, nbgrader's score)."""
        r, msgs, _ = self.k.execute(code, timeout=60)
        cell = nbformat.v4.new_code_cell(code)
        cell.metadata["nbgrader"] = {"grade": True, "grade_id": "check", "locked": True, "points": 2,
                                     "schema_version": 3, "solution": False, "task": False}
        cell.outputs = [nbformat.v4.output_from_msg(m) for m in msgs
                        if m["msg_type"] in ("stream", "error", "execute_result", "display_data")]
        return r, cell.outputs, grade(cell)[0]

    def test_a_check_that_does_not_pass_ends_in_an_error_that_nbgrader_scores_0(self):
        self.k.execute("import loombook.course.*;\nimport loombook.exercise.*;")
        r, outs, score = self.graded('Check07.squares(n -> { throw new UnsupportedOperationException("TODO: spawn them"); });')
        self.assertEqual("error", r["content"]["status"])
        self.assertEqual("loombook.exercise.ExerciseFailed", r["content"]["ename"])
        self.assertEqual("Squares: not implemented yet (0 of 4 checks passed)", r["content"]["evalue"])
        self.assertEqual(["stream", "error"], [o.output_type for o in outs][-2:], "the report, then the error")
        self.assertIn("not implemented yet: TODO: spawn them", "".join(o.get("text", "") for o in outs))
        self.assertEqual(0, score)
        r, outs, score = self.graded('Exercise.named("Half").test("passes", t -> {}).test("fails", t -> t.fail("on purpose")).check();')
        self.assertEqual(("error", "Half: 1 of 2 checks passed"), (r["content"]["status"], r["content"]["evalue"]))
        self.assertEqual(0, score)

    def test_a_check_that_passes_writes_no_stderr_and_no_value_full_points(self):
        self.k.execute("import loombook.course.*;\nimport loombook.exercise.*;")
        r, outs, score = self.graded(
            'Exercise.named("Crasher").test("a process that crashes on purpose", t -> {\n'
            '    Pid p = t.spawn(() -> { System.out.println("the student prints"); throw new IllegalStateException("on purpose"); });\n'
            '    t.expect(t.awaitDown(p, 2000) != null, "it did not end");\n'
            '}).check();')
        self.assertEqual("ok", r["content"]["status"])
        self.assertEqual([], [o for o in outs if o.output_type != "stream" or o.name != "stdout"], "only stdout")
        text = "".join(o.text for o in outs)
        self.assertIn("the student prints", text)
        self.assertIn("Crasher: all 1 check passed ✓", text)
        self.assertEqual(2, score)


class Behaviour(KernelTest):
    """What the course relies on: interrupts, output under the owning cell, forged messages."""

    def interrupt_latency(self, code):
        msg_id = self.k.kc.execute(code)
        time.sleep(0.8)
        t = time.perf_counter()
        self.k.km.interrupt_kernel()
        reply = self.k.shell_reply(msg_id, timeout=10)
        latency = (time.perf_counter() - t) * 1000
        self.k.idle(msg_id)
        return reply, latency

    def test_interrupt_a_spinning_cell_then_the_cpu_is_idle(self):
        reply, ms = self.interrupt_latency("long n = 0;\nwhile (true) { n++; }")
        c = reply["content"]
        self.assertEqual(c["status"], "error")
        self.assertEqual(c["ename"], "Interrupted")
        self.assertIn("line 2", strip_ansi("\n".join(c["traceback"])))
        MEASURED["interrupt_spinning_ms"] = round(ms, 1)
        self.assertLess(ms, 100, "interrupt took %.0f ms" % ms)
        time.sleep(0.3)
        c0, t0 = cpu_seconds(self.k.pid), time.monotonic()
        time.sleep(2.0)
        share = (cpu_seconds(self.k.pid) - c0) / (time.monotonic() - t0)
        MEASURED["cpu_share_after_interrupt"] = round(share, 3)
        self.assertLess(share, 0.05, "the kernel uses %.0f%% of a core after the interrupt" % (share * 100))
        r, msgs, _ = self.k.execute("1 + 1")
        self.assertEqual(result_of(msgs), "2", "the kernel answers afterwards")

    def test_interrupt_a_cell_blocked_in_receive_its_processes_live_on(self):
        reply, ms = self.interrupt_latency(
            'Pid keeper = spawn(() -> receive(m -> m));\nregister("keeper", keeper);\nreceive(m -> m.equals("never") ? m : null)')
        MEASURED["interrupt_receive_ms"] = round(ms, 1)
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.assertLess(ms, 100)
        _, msgs, _ = self.k.execute('alive(whereis("keeper"))')
        self.assertEqual(result_of(msgs), "true")
        self.k.execute('send("keeper", "bye");')

    def test_interrupt_a_sleeping_cell(self):
        reply, ms = self.interrupt_latency("sleep(60_000);")
        MEASURED["interrupt_sleep_ms"] = round(ms, 1)
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.assertLess(ms, 100)

    def test_late_output_lands_under_its_own_cell(self):
        _, msgs_a, a = self.k.execute('spawn(() -> { sleep(1000); System.out.println("late from a process"); });\n"cell A done"')
        self.assertNotIn("late from a process", stdout_of(msgs_a))
        _, msgs_b, b = self.k.execute('sleep(100);\n"cell B"')
        deadline = time.monotonic() + 10
        while "late from a process" not in stdout_of(self.k.by_parent.get(a, [])) and time.monotonic() < deadline:
            self.k.pump(timeout=0.2)
        late = [m for m in self.k.by_parent.get(a, []) if m["msg_type"] == "stream" and "late from a process" in m["content"]["text"]]
        self.assertTrue(late, "the late line came with cell A's execute_request as parent_header")
        self.assertEqual(late[0]["parent_header"]["msg_id"], a)
        self.assertEqual(late[0]["parent_header"]["msg_type"], "execute_request")
        self.assertNotIn("late from a process", stdout_of(self.k.by_parent.get(b, [])))
        # a crash report too, with the cell's lines
        _, _, c = self.k.execute("int half(int x) {\n    return 1 / x;\n}\nspawn(() -> { sleep(300); half(0); });")
        deadline = time.monotonic() + 10
        while "raised an exception" not in stderr_of(self.k.by_parent.get(c, [])) and time.monotonic() < deadline:
            self.k.pump(timeout=0.2)
        report = stderr_of(self.k.by_parent.get(c, []))
        self.assertIn("** (java.lang.ArithmeticException) / by zero", report)
        self.assertRegex(report, r"at half \(Cell In\[\d+\], line 2\)")

    def test_the_notebook_is_a_process_across_cells(self):
        _, m1, _ = self.k.execute('send(self(), "across cells");\nself()')
        _, m2, _ = self.k.execute("receive()")
        self.assertEqual(result_of(m2), '"across cells"')
        _, m3, _ = self.k.execute('spawnLink(() -> { throw new IllegalStateException("linked crash"); });\nsleep(2000);')
        err = [m for m in m3 if m["msg_type"] == "error"][0]["content"]
        self.assertEqual(err["ename"], "ProcessExit")
        self.assertIn("linked crash", strip_ansi("\n".join(err["traceback"])))
        _, m4, _ = self.k.execute("self()")
        self.assertNotEqual(result_of(m1), result_of(m4), "a fresh notebook process took over")

    def test_a_forged_message_is_ignored_and_the_kernel_still_works(self):
        session = self.k.kc.session
        header = {"msg_id": uuid.uuid4().hex, "session": uuid.uuid4().hex, "username": "mallory",
                  "date": "2026-01-01T00:00:00.000000Z", "msg_type": "execute_request", "version": "5.3"}
        content = {"code": "int forged = 1;", "silent": False, "store_history": True, "user_expressions": {},
                   "allow_stdin": False, "stop_on_error": True}
        parts = [json.dumps(p).encode() for p in (header, {}, {}, content)]
        sig = hmac.new(b"not-the-key", b"".join(parts), hashlib.sha256).hexdigest().encode()
        self.k.kc.shell_channel.socket.send_multipart([b"<IDS|MSG>", sig] + parts)
        self.k.kc.shell_channel.socket.send_multipart([b"no delimiter", b"garbage"])
        time.sleep(0.5)
        r, msgs, _ = self.k.execute("1 + 2")
        self.assertEqual(result_of(msgs), "3", "still answering")
        self.assertNotIn(header["msg_id"], self.k.by_parent, "nothing was published for the forged request")
        r, _, _ = self.k.execute("forged")
        self.assertEqual(r["content"]["status"], "error", "the forged code never ran")
        self.assertIsNotNone(session)


def central_reachable():
    import urllib.request
    try:
        urllib.request.urlopen(urllib.request.Request("https://repo.maven.apache.org/maven2/org/apache/commons/"
                                                      "commons-text/1.12.0/commons-text-1.12.0.pom", method="HEAD"), timeout=5)
        return True
    except Exception:
        return False


class FirstCell(unittest.TestCase):
    """A fresh kernel answers kernel_info before JShell has started: an interrupt of its first cell
    in that time must stop the cell (it was lost, and the cell then ran on)."""

    def test_an_interrupt_right_after_the_start_stops_the_first_cell(self):
        k = Kernel()
        try:
            msg_id = k.kc.execute('System.out.println("ran");\nwhile (true) { }')
            time.sleep(0.05)
            k.km.interrupt_kernel()
            c = k.shell_reply(msg_id, timeout=15)["content"]
            self.assertEqual(("error", "Interrupted"), (c["status"], c.get("ename")), c)
            msgs = k.idle(msg_id)
            before = "before it ran" in c["evalue"]
            MEASURED["first_cell_stopped_before_it_ran"] = before
            if before:
                self.assertNotIn("ran", stdout_of(msgs), "none of the cell ran")
            _, msgs, _ = k.execute("1 + 1")
            self.assertEqual("2", result_of(msgs), "the next cell runs")
        finally:
            k.stop()


class EarlyInterrupt(KernelTest):
    """The control channel has a thread of its own: an interrupt sent just after a cell may be served
    before the cell arrives. It must still stop that cell, and only a cell sent before it."""

    def test_an_interrupt_served_before_its_cell_stops_that_cell(self):
        kc = self.k.kc
        execute = kc.session.msg("execute_request", {"code": 'System.out.println("ran");\nwhile (true) { }', "silent": False,
                                                     "store_history": True, "user_expressions": {}, "allow_stdin": False,
                                                     "stop_on_error": True})
        time.sleep(0.01)
        interrupt = kc.session.msg("interrupt_request", {})      # dated after the cell: the student pressed it after
        kc.control_channel.send(interrupt)
        self.assertEqual("ok", kc.get_control_msg(timeout=10)["content"]["status"])
        time.sleep(0.2)                                            # the cell reaches the kernel after the interrupt
        kc.shell_channel.send(execute)
        c = self.k.shell_reply(execute["header"]["msg_id"], timeout=15)["content"]
        self.assertEqual(("error", "Interrupted"), (c["status"], c.get("ename")), c)
        self.assertIn("before it ran", c["evalue"])
        self.assertNotIn("ran", stdout_of(self.k.idle(execute["header"]["msg_id"])), "none of the cell ran")

    def test_an_interrupt_of_an_idle_kernel_does_not_stop_the_next_cell(self):
        kc = self.k.kc
        kc.control_channel.send(kc.session.msg("interrupt_request", {}))
        self.assertEqual("ok", kc.get_control_msg(timeout=10)["content"]["status"])
        time.sleep(0.05)
        _, msgs, _ = self.k.execute("1 + 1")
        self.assertEqual("2", result_of(msgs), "a cell sent after the interrupt runs")


class Maven(unittest.TestCase):
    """%maven resolves transitively from Maven Central into a temporary local repository."""

    @unittest.skipUnless(central_reachable(), "Maven Central is not reachable from here (the offline message is unit-tested)")
    def test_maven_resolves_transitively(self):
        import tempfile
        repo = tempfile.mkdtemp(prefix="loombook-m2-")
        k = Kernel(env={"LOOMBOOK_MAVEN_REPO": repo})
        try:
            k.execute("1 + 1")
            rss0 = rss_mb(k.pid)
            t = time.perf_counter()
            r, msgs, _ = k.execute("%maven org.apache.commons:commons-text:1.12.0", timeout=120)
            took = time.perf_counter() - t
            self.assertEqual(r["content"]["status"], "ok", strip_ansi("\n".join(r["content"].get("traceback", []))))
            out = stdout_of(msgs)
            self.assertIn("commons-text-1.12.0.jar", out)
            self.assertIn("commons-lang3-", out, "the dependency came along")
            _, msgs, _ = k.execute('org.apache.commons.text.WordUtils.capitalize("hello world") + " " + org.apache.commons.lang3.StringUtils.reverse("abc")')
            self.assertEqual(result_of(msgs), '"Hello World cba"')
            MEASURED["maven_first_resolution_s"] = round(took, 2)
            MEASURED["maven_rss_mb_added"] = round(rss_mb(k.pid) - rss0, 1)
        finally:
            k.stop()
            import shutil
            shutil.rmtree(repo, ignore_errors=True)

    def test_maven_without_a_network_says_so(self):
        import tempfile
        repo = tempfile.mkdtemp(prefix="loombook-m2-")
        k = Kernel(env={"LOOMBOOK_MAVEN_REPO": repo, "LOOMBOOK_MAVEN_CENTRAL": "http://127.0.0.1:1/maven2/"})
        try:
            r, _, _ = k.execute("%maven org.apache.commons:commons-text:1.12.0", timeout=60)
            self.assertEqual(r["content"]["ename"], "MagicError")
            self.assertIn("cannot reach Maven Central", r["content"]["evalue"])
            _, msgs, _ = k.execute("1 + 1")
            self.assertEqual(result_of(msgs), "2")
        finally:
            k.stop()


class Lifecycle(unittest.TestCase):
    """Shutdown, restart, memory over many cells."""

    def test_shutdown_within_5_seconds(self):
        k = Kernel()
        k.execute("spawn(() -> sleep(60_000));")      # a live process must not keep the JVM up
        proc = k.km.provisioner.process if getattr(k.km, "provisioner", None) else k.km.kernel
        msg_id = k.kc.shutdown()
        t = time.perf_counter()
        reply = k.kc.get_control_msg(timeout=5) if hasattr(k.kc, "get_control_msg") else None
        if reply is not None:
            self.assertEqual(reply["content"]["status"], "ok")
            self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        while proc.poll() is None and time.perf_counter() - t < 5:
            time.sleep(0.02)
        took = time.perf_counter() - t
        MEASURED["shutdown_s"] = round(took, 3)
        self.assertIsNotNone(proc.poll(), "the kernel did not exit within 5 s of shutdown_request")
        self.assertEqual(proc.poll(), 0)
        k.kc.stop_channels()
        k.km.cleanup_resources()

    def test_restart(self):
        k = Kernel()
        try:
            k.execute("int beforeRestart = 1;")
            old = k.pid
            k.km.restart_kernel(now=False)
            k.kc.wait_for_ready(timeout=60)
            self.assertNotEqual(old, k.pid)
            r, _, _ = k.execute("beforeRestart")
            self.assertEqual(r["content"]["status"], "error", "a restart starts from nothing")
            r, msgs, _ = k.execute("1 + 1")
            self.assertEqual(result_of(msgs), "2")
        finally:
            k.stop()

    def test_the_kernel_ends_when_its_parent_dies(self):
        """A notebook server killed outright cannot shut its kernels down: the kernel sees that the
        process that started it is gone (its parent process, or the one JPY_PARENT_PID names) and
        ends within a few seconds, with one line in its log."""
        import signal
        import subprocess
        import tempfile
        from jupyter_client import BlockingKernelClient
        from jupyter_client.connect import write_connection_file
        from jupyter_client.kernelspec import KernelSpecManager
        spec = KernelSpecManager().get_kernel_spec(KERNEL)
        for how in ("parent process", "JPY_PARENT_PID"):
            with self.subTest(how=how):
                work = tempfile.mkdtemp(prefix="parent-")
                cf, _ = write_connection_file(os.path.join(work, "kernel.json"), ip="127.0.0.1")
                argv = [a.replace("{connection_file}", cf) for a in spec.argv]
                env = dict(os.environ, **(spec.env or {}))
                env.pop("JPY_PARENT_PID", None)
                err_path = os.path.join(work, "stderr")
                if how == "parent process":
                    # a middle process that starts the kernel and stays, as a notebook server does
                    parent = subprocess.Popen([sys.executable, "-c", (
                        "import subprocess, sys, time\n"
                        "k = subprocess.Popen(sys.argv[2:], stderr=open(sys.argv[1], 'w'))\n"
                        "print(k.pid, flush=True)\n"
                        "time.sleep(600)\n"), err_path, *argv], env=env, stdout=subprocess.PIPE, text=True)
                    kernel_pid = int(parent.stdout.readline())
                    kernel = None
                else:
                    # the kernel's own parent stays (this test); the process JPY_PARENT_PID names dies
                    parent = subprocess.Popen(["sleep", "600"])
                    kernel = subprocess.Popen(argv, env=dict(env, JPY_PARENT_PID=str(parent.pid)),
                                              stdout=subprocess.DEVNULL, stderr=open(err_path, "w"))
                    kernel_pid = kernel.pid
                kc = BlockingKernelClient(connection_file=cf)
                kc.load_connection_file()
                kc.start_channels()
                try:
                    await_kernel_info(kc, lambda: (alive(kernel_pid), open(err_path).read()))
                    parent.send_signal(signal.SIGKILL)
                    parent.wait()
                    t = time.monotonic()
                    while alive(kernel_pid) and time.monotonic() - t < 15:
                        if kernel is not None:
                            kernel.poll()
                        time.sleep(0.1)
                    took = time.monotonic() - t
                    MEASURED.setdefault("parent_death_to_exit_s", {})[how] = round(took, 2)
                    self.assertFalse(alive(kernel_pid), "the kernel still runs 15 s after its parent died: " + open(err_path).read())
                    self.assertIn("so the kernel ends too", open(err_path).read())
                finally:
                    kc.stop_channels()
                    if alive(kernel_pid):
                        os.kill(kernel_pid, signal.SIGKILL)

    def test_memory_is_flat_over_200_cells(self):
        """250 cells of the course's kind of work (declarations redefined, records, processes that
        end, messages, output, streams): resident memory after cell 50 and after cell 250 differ
        by little, and stay under 200 MB."""
        k = Kernel()
        try:
            cells = ["int counter = %d;", "counter + %d", "record Point(int x, int y) {}", "new Point(%d, 2)",
                     'Pid p = spawn(() -> receive(m -> m));\nsend(p, "stop");', "send(self(), %d);\nreceive()",
                     'System.out.println("line %d");', "List.of(%d, 2, 3).stream().map(x -> x * 2).toList()",
                     'String s = "cell " + %d;\ns.length()', 'spawn(() -> System.out.println("process %d"));']
            samples = []
            for i in range(250):
                tpl = cells[i % len(cells)]
                code = tpl % tuple([i] * tpl.count("%d"))
                r, _, _ = k.execute(code)
                self.assertEqual(r["content"]["status"], "ok", code)
                if i in (49, 149, 249):
                    time.sleep(0.5)
                    samples.append(rss_mb(k.pid))
            MEASURED["rss_mb_after_50_150_250_cells"] = [round(s, 1) for s in samples]
            growth = samples[2] - samples[0]
            self.assertLess(growth, 20, "RSS grew %.1f MB over 200 cells: %s" % (growth, samples))
            self.assertLess(samples[2], 200, "RSS %.0f MB" % samples[2])
        finally:
            k.stop()


def main():
    return run_suites((Messages, Behaviour, FirstCell, EarlyInterrupt, Maven, Lifecycle), MEASURED, "kernel-test.json")


if __name__ == "__main__":
    sys.exit(main())
