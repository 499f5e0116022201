#!/usr/bin/python3
"""The rules of the strictest frontend, checked by protocol: what VS Code's Jupyter extension needs of
the kernel's display messages, asserted on the messages themselves with jupyter_client (VS Code cannot
run here). The installed kernelspec, as in test_kernel.py.

    /usr/bin/python3 tests/test_frontends.py [-v] [-k PATTERN] [--artifacts DIR]

vscode-jupyter (read from its source, 2026.6) applies an `update_display_data` only to the *last*
output that was shown with its display id, and only when the update's parent is the request of a
cell it still knows; it has no Mermaid renderer. JupyterLab and classic Notebook are laxer (an update
reaches every output with the id, whatever its parent), so a kernel that satisfies these rules works
in all three. The rules:

  * one unique display id per live display (a display handle, a live table, a live tree, a progress
    bar): no two outputs shown with the same id unless the user asked for it;
  * every `update_display_data` carries, as its parent, the request of the cell that showed the id,
    whichever cell or process asked for the update;
  * every picture (SVG, HTML, Mermaid) comes with SVG or HTML and a `text/plain` fallback, Mermaid
    only beside them; no JavaScript;
  * a live view ends with a final static snapshot: one last update that says it stopped (and why),
    sent before the call that stopped it returns, and nothing after it.
"""
import os
import sys
import time
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Kernel, run_suites  # noqa: E402

MEASURED = {}
SHOWN = ("display_data", "execute_result", "update_display_data")
PICTURES = ("image/svg+xml", "text/html", "text/vnd.mermaid", "text/markdown")

SETUP = """
record Inc(int by) {}
record Get() {}
class Counter extends GenServer<Integer, Integer> {
    public Init<Integer> init(Integer n) { return ok(n); }
    public CallResult<Integer> handleCall(Object req, From from, Integer n) { return reply(n, n); }
    public Result<Integer> handleCast(Object req, Integer n) { return req instanceof Inc(int by) ? noreply(n + by) : noreply(n); }
}
Pid startSupervisor() {
    return Supervisor.start(List.of(
            ChildSpec.worker("alpha", () -> spawnLink(() -> receive())),
            ChildSpec.worker("beta", () -> spawnLink(() -> receive()))),
        Supervisor.ONE_FOR_ONE);
}
"ready"
"""


class Recording(Kernel):
    """A kernel whose iopub messages are also kept in arrival order (the harness sorts them by request)."""

    def __init__(self):
        super().__init__()
        self.arrived = []

    def pump(self, timeout=0.0):
        before = {k: len(v) for k, v in self.by_parent.items()}
        got = super().pump(timeout)
        for parent, msgs in self.by_parent.items():
            self.arrived.extend(msgs[before.get(parent, 0):])
        return got

    def drain(self, seconds):
        """Takes in every message that arrives within `seconds`."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.pump(timeout=0.05)

    def run_all(self, cells, then_wait):
        """Runs the cells in turn, then takes in what arrives within `then_wait` seconds."""
        for c in cells:
            self.run(c)
        self.drain(then_wait)

    def run(self, code, timeout=60):
        reply, msgs, msg_id = self.execute(code, timeout=timeout)
        if reply["content"]["status"] != "ok":
            raise AssertionError("cell failed: %s\n%s" % (code, "\n".join(reply["content"].get("traceback", []))))
        return msg_id

    def shown(self, msg_type=None):
        return [m for m in self.arrived if m["msg_type"] in SHOWN and (msg_type is None or m["msg_type"] == msg_type)]


def display_id(m):
    return m["content"].get("transient", {}).get("display_id")


def plain(m):
    return str(m["content"]["data"].get("text/plain", ""))


class VsCodeRules(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.k = Recording()
        cls.k.run(SETUP)

    @classmethod
    def tearDownClass(cls):
        cls.k.stop()

    def since(self, mark, msg_type=None):
        return [m for m in self.k.arrived[mark:] if m["msg_type"] in SHOWN and (msg_type is None or m["msg_type"] == msg_type)]

    def test_every_live_display_has_its_own_id(self):
        mark = len(self.k.arrived)
        cells = [
            'var a = display("a");\nvar b = display("b");\nvar bar = progress("work", 3);',
            "Pid sup1 = startSupervisor();\nvar t1 = liveProcesses(100, 1500);\nvar t2 = liveProcesses(100, 1500);\n"
            "var tree1 = liveSupervisionTree(sup1, 100, 1500);",
            "%processes --live 1",
            'var a2 = display("a");\nvar t3 = liveProcesses(100, 1500);\nvar tree2 = liveSupervisionTree(sup1, 100, 1500);',
        ]
        self.k.run_all(cells, 2.0)
        shows = self.since(mark, "display_data")
        ids = [display_id(m) for m in shows]
        self.assertEqual(len(shows), 10, "outputs shown: %s" % [plain(m)[:40] for m in shows])
        for i in ids:
            self.assertTrue(isinstance(i, str) and i, "a display without an id: %r" % ids)
        self.assertEqual(len(set(ids)), len(ids), "display ids shown twice: %s" % ids)
        for m in self.since(mark, "execute_result"):
            self.assertIsNone(display_id(m), "a cell's result with a display id")
        for m in self.since(mark, "update_display_data"):
            self.assertIn(display_id(m), ids, "an update of an id never shown")
        self.k.run("Supervisor.stop(sup1);")

    def test_updates_carry_the_request_of_the_cell_that_showed_them(self):
        mark = len(self.k.arrived)
        shower = self.k.run(
            'var h = display("one");\nPid sup2 = startSupervisor();\nvar live = liveProcesses(100, 60_000);\n'
            'var tree = liveSupervisionTree(sup2, 100, 60_000);\nvar steps = progress("steps", 5);')
        others = [
            self.k.run('h.update("two");\nsteps.step();\nupdateDisplay(h, "three");\nsleep(400);'),
            self.k.run('spawn(() -> { h.update("four"); steps.step(2); });\n'
                       'exit(Supervisor.whichChildren(sup2).get(0).pid(), Reason.KILL);\nsleep(400);'),
            self.k.run("live.refresh();\ntree.refresh();\nlive.stop();\ntree.stop();\nsteps.step(2);"),
        ]
        self.k.drain(0.5)
        shown_by = {display_id(m): m["parent_header"]["msg_id"] for m in self.since(mark, "display_data")}
        self.assertEqual(set(shown_by.values()), {shower}, "every display of this test is shown by its first cell")
        self.assertEqual(len(shown_by), 4, shown_by)
        updates = self.since(mark, "update_display_data")
        per_id = {}
        for u in updates:
            i = display_id(u)
            self.assertIn(i, shown_by, "an update of an id this test did not show")
            per_id[i] = per_id.get(i, 0) + 1
            self.assertEqual(u["parent_header"]["msg_id"], shown_by[i],
                             "an update went out with another cell's request: %s" % plain(u)[:80])
        for p in others:
            kinds = [m["msg_type"] for m in self.k.by_parent.get(p, [])]
            self.assertNotIn("update_display_data", kinds)
            self.assertNotIn("display_data", kinds)
        self.assertEqual(len(per_id), 4, "every display was updated: %s" % per_id)
        texts = [plain(u) for u in updates]
        for t in ('"two"', '"three"', '"four"'):
            self.assertIn(t, texts)
        self.assertTrue(any("alpha restarted" in t for t in texts), "the live tree saw the restart")
        self.assertTrue(any("5 / 5" in t and "done" in t for t in texts), "the bar reached 5 / 5")
        MEASURED["updates_checked"] = len(updates)
        self.k.run("Supervisor.stop(sup2);")

    def test_every_picture_has_svg_or_html_and_a_text_fallback(self):
        mark = len(self.k.arrived)
        cells = [
            "Pid sup3 = startSupervisor();",
            "trace(() -> {\n    Pid c = GenServer.start(new Counter(), 0);\n    GenServer.cast(c, new Inc(2));\n"
            "    int n = GenServer.call(c, new Get());\n})",
            "%%trace\nPid echo = spawn(() -> System.out.println(\"echo \" + receive()));\nsend(echo, \"hi\");\nsleep(50);",
            "var t = startTrace();\nsend(self(), \"x\");\nreceive();",
            "t.stop()",
            "supervisionTree(sup3)",
            'for (String m : List.of("A", "B", "C")) send(self(), m);\nsaveQueue(m -> m.equals("B") ? m : null)',
            'saveQueue(List.of("x", "y"), m -> m.equals("y") ? m : null)',
            "processTable()",
            "%processes",
            "info(self())",
            "self()",
            "new Inc(3)",
            'html("<b>bold</b>")',
            'svg("<svg xmlns=\\"http://www.w3.org/2000/svg\\" width=\\"10\\" height=\\"10\\"><rect width=\\"10\\" height=\\"10\\"/></svg>")',
            'markdown("# a title")',
            'var p = progress("bar", 2);\np.step(2);',
            "var lt = liveProcesses(100, 500);\nvar tr = liveSupervisionTree(sup3, 100, 500);\nsleep(800);",
            "Supervisor.stop(sup3);",
        ]
        self.k.run_all(cells, 0.5)
        pictures = 0
        mermaid = 0
        for m in self.since(mark):
            data = m["content"]["data"]
            what = "%s %s" % (m["msg_type"], sorted(data))
            self.assertIsInstance(data.get("text/plain"), str, "no text/plain fallback: " + what)
            self.assertTrue(data["text/plain"].strip(), "an empty text/plain fallback: " + what)
            self.assertNotIn("application/javascript", data, what)
            if "text/html" in data:
                self.assertNotIn("<script", data["text/html"].lower(), what)
            if not any(k in data for k in PICTURES):
                continue
            pictures += 1
            if "text/vnd.mermaid" in data:
                mermaid += 1
                self.assertTrue("image/svg+xml" in data or "text/html" in data, "Mermaid alone: " + what)
            if "image/svg+xml" in data:
                root = ET.fromstring(data["image/svg+xml"])
                self.assertEqual(root.tag, "{http://www.w3.org/2000/svg}svg", what)
        MEASURED["pictures_checked"] = pictures
        self.assertGreaterEqual(pictures, 20, "pictures seen")
        self.assertGreaterEqual(mermaid, 3, "sequence diagrams and trees seen with their Mermaid source")

    def _final(self, ident, mark):
        msgs = [m for m in self.since(mark) if display_id(m) == ident]
        self.assertGreaterEqual(len(msgs), 2, "shown, then updated")
        return msgs[-1]

    def assert_ends(self, ident, mark, words, stopper=None):
        """The last message for `ident` is a whole picture saying `words`; nothing follows it."""
        last = self._final(ident, mark)
        self.assertEqual(last["msg_type"], "update_display_data")
        self.assertIn(words, plain(last))
        self.assertNotIn("live: every", plain(last))
        self.assertIn("text/html", last["content"]["data"])
        if stopper is not None:
            idle = [i for i, m in enumerate(self.k.arrived) if m["parent_header"].get("msg_id") == stopper
                    and m["msg_type"] == "status" and m["content"]["execution_state"] == "idle"]
            self.assertLess(self.k.arrived.index(last), idle[0], "the last picture went out before the stopping cell finished")
        count = len([m for m in self.k.arrived if display_id(m) == ident])
        self.k.drain(0.6)
        self.assertEqual(count, len([m for m in self.k.arrived if display_id(m) == ident]), "an update after the last picture")

    def test_a_live_view_ends_with_a_final_static_snapshot(self):
        mark = len(self.k.arrived)
        self.k.run("Pid sup4 = startSupervisor();\nPid sup5 = startSupervisor();")
        self.k.run("var timed = liveProcesses(100, 600);")
        self.k.run("var table = liveProcesses(100, 60_000);")
        self.k.run("var tree = liveSupervisionTree(sup4, 100, 60_000);")
        self.k.run('var bar = progress("items", 10);\nbar.step(3);')
        self.k.run("var orphan = liveSupervisionTree(sup5, 100, 60_000);")
        ids = [display_id(m) for m in self.since(mark, "display_data")]
        self.assertEqual(len(ids), 5)
        stop_table = self.k.run("table.stop();")
        stop_tree = self.k.run("tree.stop();")
        stop_bar = self.k.run("bar.step(7);")
        self.k.run("Supervisor.stop(sup5);\nsleep(400);")
        ended = [m for m in self.since(mark) if display_id(m) == ids[4] and "the supervisor has ended" in plain(m)]
        self.assertTrue(ended, "the tree of a supervisor that ended says so")
        stop_orphan = self.k.run("orphan.stop();")
        self.k.run("Supervisor.stop(sup4);")
        self.k.drain(1.0)
        self.assert_ends(ids[0], mark, "Processes (stopped after its time)")
        self.assert_ends(ids[1], mark, "Processes (stopped)", stop_table)
        self.assert_ends(ids[2], mark, "stopped", stop_tree)
        self.assert_ends(ids[3], mark, "10 / 10", stop_bar)
        self.assertIn("done", plain(self._final(ids[3], mark)))
        self.assert_ends(ids[4], mark, "stopped", stop_orphan)


def main():
    return run_suites((VsCodeRules,), MEASURED, "frontends-test.json")


if __name__ == "__main__":
    sys.exit(main())
