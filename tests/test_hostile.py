#!/usr/bin/python3
"""Hostile cells through a real client (issue 16): cells written or generated to break the kernel.

Run by tests/run.sh with the kernel installed into a temporary Jupyter path (JUPYTER_PATH set):

    /usr/bin/python3 tests/test_hostile.py [-v] [-k PATTERN] [--artifacts DIR] [--cells N]

Every failed cell must come with an `error` message that says what happened (a failed cell with
nothing to read is a failure of the test); no cell may hang past an interrupt; and after each batch
the kernel must still answer `1+1` with 2. `System.exit` on every path (a method reference,
reflection, a MethodHandle, the kernel's own Main.main) is refused and the kernel lives on.
"""
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import KernelTest, result_of, run_suites, stderr_of, strip_ansi  # noqa: E402

MEASURED = {}
CELLS = {"n": 60}


def error_of(msgs):
    for m in msgs:
        if m["msg_type"] == "error":
            return m["content"]
    return None


class Hostile(KernelTest):
    def whole(self, after):
        r, msgs, _ = self.k.execute("1+1", timeout=60)
        self.assertEqual(r["content"]["status"], "ok", after)
        self.assertEqual(result_of(msgs), "2", after)
        self.assertTrue(self.k.km.is_alive(), after)

    def run_cell(self, code, timeout=60):
        """Runs code; a cell without a reply in `timeout` s is interrupted and must then answer within
        15 s. Returns (status, error content or None, seconds, interrupted)."""
        t0 = time.monotonic()
        msg_id = self.k.kc.execute(code)
        interrupted = False
        try:
            reply = self.k.shell_reply(msg_id, timeout)
        except Exception:
            interrupted = True
            self.k.km.interrupt_kernel()
            reply = self.k.shell_reply(msg_id, 15)
        msgs = self.k.idle(msg_id, 30)
        return reply["content"]["status"], error_of(msgs), time.monotonic() - t0, interrupted


class Exits(Hostile):
    """System.exit, Runtime.exit and halt are refused on every path; the kernel answers after each."""

    PATHS = [
        "System.exit(0);",
        "Runtime.getRuntime().halt(0);",
        "IntConsumer e = System::exit; e.accept(0);",
        "IntConsumer e = Runtime.getRuntime()::halt; e.accept(0);",
        'System.class.getMethod("exit", int.class).invoke(null, 0);',
        'Runtime.class.getMethod("halt", int.class).invoke(Runtime.getRuntime(), 0);',
        'java.lang.invoke.MethodHandles.lookup().findStatic(System.class, "exit", '
        "java.lang.invoke.MethodType.methodType(void.class, int.class)).invoke(0);",
        "java.util.stream.IntStream.of(0).parallel().forEach(System::exit);",
        "loombook.kernel.Main.main(new String[0]);",
        'Class.forName("loombook.kernel.Main").getMethod("main", String[].class).invoke(null, (Object) new String[0]);',
    ]

    def test_every_exit_path_is_refused(self):
        for code in self.PATHS:
            r, msgs, _ = self.k.execute(code, timeout=60)
            self.assertEqual(r["content"]["status"], "error", code)
            err = error_of(msgs)
            self.assertIsNotNone(err, code)
            self.assertIn("would end the kernel", strip_ansi("\n".join(err["traceback"])), code)
            self.whole(code)

    def test_exit_from_a_thread_or_a_process_ends_only_that(self):
        r, msgs, msg_id = self.k.execute(
            "Thread t = new Thread(() -> { IntConsumer e = System::exit; e.accept(3); }); t.start(); t.join();\n"
            "spawn(() -> { IntConsumer e = System::exit; e.accept(4); }); sleep(300);", timeout=60)
        self.assertEqual(r["content"]["status"], "ok")
        self.assertIn("would end the kernel", stderr_of(msgs))
        self.whole("exit from a thread and a process")


def token_soup(rnd):
    tokens = ["(", ")", "{", "}", "[", "]", ";", "<", ">", "->", "::", "class", "int", "var", "new", "x", '"s"',
              "'c'", "1", "1.0e9", "@", "#", "\\u0041", "/*", "*/", "//", "\n", "switch", "case", "yield", "record",
              "enum", "interface", "sealed", "permits", "λ", "日本", "😀", "...", "?", ":", "import", "static",
              "Process", "spawn", "receive", "%", "%%", "throw", "try", "catch", "finally", "this", "super"]
    return " ".join(rnd.choice(tokens) for _ in range(rnd.randint(1, 80)))


def garbage(rnd):
    return "".join(chr(rnd.choice([rnd.randint(32, 126), rnd.randint(0x80, 0x2fff), rnd.randint(0x4e00, 0x9fff)]))
                   for _ in range(rnd.randint(1, 300)))


def deep(rnd):
    n = rnd.choice([50, 500, 3000, 20000])
    kind = rnd.choice(["paren", "block", "lambda", "array"])
    if kind == "paren":
        return "int d = " + "(" * n + "1" + ")" * n + ";"
    if kind == "block":
        return "{" * n + "int z = 1;" + "}" * n
    if kind == "lambda":
        return "Supplier<Object> s = " + "() -> " * min(n, 3000) + "1;"
    return "Object a = " + "new Object[]{" * min(n, 5000) + "}" * min(n, 5000) + ";"


def long_expression(rnd):
    n = rnd.choice([1000, 10000, 40000])
    op = rnd.choice([" + 1", " * 2", " + \"s\"", " && true"])
    start = {" + 1": "int e = 0", " * 2": "long e = 1", ' + "s"': 'String e = ""', " && true": "boolean e = true"}[op]
    return start + op * n + ";"


def big_string(rnd):
    n = rnd.choice([1000, 60000, 70000, 200000])
    return rnd.choice(['String big = "%s";', 'System.out.println("%s".length())', '"%s"']) % (rnd.choice("xé日") * n)


class Fuzz(Hostile):
    """Generated cells by kind: each failed cell says why, none hangs past an interrupt, and the
    kernel computes 1+1 after each batch."""

    def batch(self, name, make):
        rnd = random.Random("loombook-" + name)
        silent, hung, failed, slowest = [], [], 0, 0.0
        for _ in range(CELLS["n"]):
            code = make(rnd)
            status, err, secs, interrupted = self.run_cell(code)
            slowest = max(slowest, secs)
            if interrupted:
                hung.append(code[:80])
            if status != "ok":
                failed += 1
                if err is None or not "".join(err.get("traceback") or []).strip():
                    silent.append(code[:80])
        MEASURED["fuzz_" + name] = {"cells": CELLS["n"], "failed": failed, "silent": len(silent),
                                    "needed_interrupt": len(hung), "slowest_s": round(slowest, 2)}
        self.assertEqual(silent, [], "%s: failed cells with no error to read" % name)
        self.whole("the %s batch" % name)

    def test_token_soup(self):
        self.batch("token_soup", token_soup)

    def test_garbage_and_unicode(self):
        self.batch("garbage", garbage)

    def test_deep_nesting(self):
        self.batch("deep_nesting", deep)

    def test_long_expressions(self):
        self.batch("long_expressions", long_expression)

    def test_big_strings(self):
        self.batch("big_strings", big_string)


class Names(Hostile):
    """A class named like a default import shadows it instead of breaking every later cell."""

    def test_class_process(self):
        r, msgs, _ = self.k.execute("class Process { int x = 41; }")
        self.assertEqual(r["content"]["status"], "ok")
        self.assertIn("loombook.Process", stderr_of(msgs))
        self.whole("class Process {}")
        r, msgs, _ = self.k.execute("new Process().x + 1")
        self.assertEqual(result_of(msgs), "42")


def main():
    def on_args(a):
        CELLS["n"] = a.cells

    def add(ap):
        ap.add_argument("--cells", type=int, default=60, help="generated cells per kind (60)")
        return on_args

    return run_suites((Exits, Names, Fuzz), MEASURED, "hostile-test.json", add)


if __name__ == "__main__":
    sys.exit(main())
