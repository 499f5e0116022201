#!/usr/bin/python3
"""Races made visible through a real Jupyter client (issue 15).

Run by tests/run.sh after the kernel is installed, with JUPYTER_PATH pointing at the temporary
directory that holds kernels/loombook:

    /usr/bin/python3 tests/test_races.py [-v] [-k PATTERN] [--artifacts DIR]

Runs notebook 11's section "Races made visible" cell by cell, as its source has it (with the
notebook's set-up cell first): the racy counter, its exploration (the failing schedule as SVG, the
choice that made it fail marked, found in under a second), the step-by-step replay with the
mailboxes, the printed schedule replayed in a later cell, the fix with a single GenServer call
explored completely and at random; then the section's exercise check against an account whose
withdrawal reads then writes (the failing schedule's messages listed under the check, which ends in
ExerciseFailed as nbgrader grades it) and against the reference solution.
"""
import base64
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import KernelTest, result_of, run_suites, stdout_of, strip_ansi  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "notebooks"))
from build import read_source  # noqa: E402

SOURCE = os.path.join(ROOT, "notebooks", "src", "11_genserver.nb")
SECTION = "## 11. Races made visible"
MEASURED = {}


def section_cells():
    """The set-up cell, then the code cells of the section, in order."""
    cells = read_source(SOURCE)
    setup = next(c.source for c in cells if c.cell_type == "code")
    start = next(i for i, c in enumerate(cells) if c.cell_type == "markdown" and SECTION in c.source)
    code = []
    for c in cells[start + 1:]:
        if c.cell_type == "markdown" and c.source.startswith("## "):
            break
        if c.cell_type == "code":
            code.append(c.source)
    return setup, code


def data_of(msgs, kind="execute_result"):
    """The data bundles of a cell's results (or displays), in order."""
    return [m["content"]["data"] for m in msgs if m["msg_type"] == kind]


def html_image(html):
    """The SVG that a diagram's text/html shows as an <img> with a data: URI (decision 0401)."""
    m = re.search(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
    return base64.b64decode(m.group(1)).decode("utf-8") if m else None


class RacesInTheCourse(KernelTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup, cls.cells = section_cells()
        cls.ran = {}
        cls.run_cell(setup)

    @classmethod
    def run_cell(cls, code, timeout=120, fails=False):
        """Runs a cell, which must end ok (or, with fails, in an error); its messages."""
        reply, msgs, _ = cls.k.execute(code, timeout=timeout)
        errors = [m for m in msgs if m["msg_type"] == "error"]
        if fails:
            if reply["content"]["status"] != "error" or not errors:
                raise AssertionError("cell ended %s, not in an error:\n%s" % (reply["content"]["status"], code))
        elif reply["content"]["status"] != "ok" or errors:
            tb = "\n".join(strip_ansi("\n".join(e["content"]["traceback"])) for e in errors)
            raise AssertionError("cell failed:\n%s\n%s" % (code, tb))
        return msgs

    def cell(self, starts):
        """Runs (once) the section's cell whose code starts with `starts`, after the ones before it."""
        for i, code in enumerate(self.cells):
            if i not in self.ran:
                self.ran[i] = self.run_cell(code)
            if code.startswith(starts):
                return self.ran[i]
        raise AssertionError("no cell of the section starts with %r" % starts)

    def test_1_the_failing_schedule_is_found_in_under_a_second_and_drawn_as_svg(self):
        msgs = self.cell("Supplier<Pid> twoRacyClients")
        (data,) = data_of(msgs)
        text = data["text/plain"]
        m = re.search(r"Found a failing schedule after (\d+) schedules? \(systematic, (\d+) ms\)", text)
        self.assertTrue(m, text[:400])
        MEASURED["racy_counter_schedules"] = int(m.group(1))
        MEASURED["racy_counter_ms"] = int(m.group(2))
        self.assertLess(int(m.group(2)), 1000, "found in under a second")
        svg = data["image/svg+xml"]
        self.assertTrue(svg.startswith("<svg"), svg[:200])
        self.assertIn("⚑", svg, "the choice that made it fail is marked")
        self.assertIn("the choice that made it fail", svg)
        self.assertIn("the check returned false", svg)
        for name in ("scenario", "counter", "client"):
            self.assertIn(">" + name, svg, "the columns are named: " + name)
        self.assertIn("ReadCount", svg)
        self.assertIn("Found a failing schedule", data["text/html"])
        self.assertEqual(svg, html_image(data["text/html"]), "the HTML shows the same SVG as an image, kept by untrusted notebooks")
        self.assertIn(">>> the choice that made it fail", text)

    def test_2_the_replay_shows_each_step_and_every_mailbox(self):
        (first,) = data_of(self.cell("var r = replay(found)"))
        self.assertTrue(first["text/plain"].startswith("Step 1 of "), first["text/plain"][:200])
        (later,) = data_of(self.cell("r.step(3)"))
        self.assertTrue(later["text/plain"].startswith("Step 4 of "), later["text/plain"][:200])
        self.assertIn(">mailbox<", later["image/svg+xml"])
        self.assertEqual(later["image/svg+xml"], html_image(later["text/html"]))
        (critical,) = data_of(self.cell("r.toCritical()"))
        self.assertIn("⚑", critical["image/svg+xml"])
        self.assertIn(">>> the choice that made it fail", critical["text/plain"])

    def test_3_the_printed_schedule_replays_in_a_later_cell(self):
        msgs = self.cell("String schedule")
        printed = stdout_of(msgs).strip()
        self.assertRegex(printed, r"^0( \S+)+$")
        self.assertIn("the check returned false", result_of(msgs))

    def test_4_one_call_fixes_it_and_every_schedule_passes(self):
        (data,) = data_of(self.cell("record Bump()"))
        text = data["text/plain"]
        m = re.search(r"No failing schedule in (\d+) schedules \(systematic, (\d+) ms\): that is every schedule", text)
        self.assertTrue(m, text)
        MEASURED["tally_schedules"] = int(m.group(1))
        MEASURED["tally_ms"] = int(m.group(2))
        self.assertNotIn("image/svg+xml", data, "nothing failed: nothing to draw")
        (rnd,) = data_of(self.cell("Races.random(42)"))
        self.assertIn("No failing schedule in 500 schedules (random, seed 42", rnd["text/plain"])

    def test_5_the_exercise_check_lists_the_schedule_that_breaks_a_racy_account(self):
        racy = """
record Take(int amount) {}
record Put(int amount) {}
record Show() {}
record Assign(int balance) {}
class Account extends GenServer<Integer, Integer> {
    static Pid start(int balance) { return GenServer.start(new Account(), balance); }
    static void deposit(Pid a, int amount) { GenServer.cast(a, new Put(amount)); }
    static int balance(Pid a) { return GenServer.call(a, new Show()); }
    static boolean withdraw(Pid a, int amount) {          // asks, then takes: a race
        int b = balance(a);
        if (b < amount) return false;
        GenServer.call(a, new Assign(b - amount));
        return true;
    }
    public Init<Integer> init(Integer balance) { return ok(balance); }
    public CallResult<Integer> handleCall(Object r, From from, Integer b) {
        return switch (r) {
            case Show s -> reply(b, b);
            case Assign(var v) -> reply(v, v);
            default -> super.handleCall(r, from, b);
        };
    }
    public Result<Integer> handleCast(Object r, Integer b) {
        return r instanceof Put(var amount) ? noreply(b + amount) : super.handleCast(r, b);
    }
}
"""
        self.run_cell(racy)
        check = "Check11.account(Account::start, Account::deposit, Account::withdraw, Account::balance);"
        msgs = self.run_cell(check, fails=True)
        out = stdout_of(msgs)
        self.assertIn("✗ two clients withdraw 70 from 100 at once", out)
        self.assertIn("the clients got [true, true]", out)
        self.assertIn("Account: 2 of 4 checks passed", out)
        self.assertRegex(out, r"client [AB] -> Account: call Show\[\]   <-- the choice that made it fail: had client [AB] moved first",
                         "the failing schedule's messages, the choice that made it fail marked")
        self.assertIn("ExerciseFailed", "".join(m["content"]["ename"] for m in msgs if m["msg_type"] == "error"))
        with open(os.path.join(ROOT, "notebooks", "solutions", "11", "account.jsh"), encoding="utf-8") as f:
            self.run_cell(f.read())
        out = stdout_of(self.run_cell(check))
        self.assertIn("Account: all 4 checks passed ✓", out)


if __name__ == "__main__":
    sys.exit(run_suites([RacesInTheCourse], MEASURED, "races.json"))
