#!/usr/bin/python3
"""Spawn bombs and mailbox floods through a real Jupyter client, at the kernel's own limits
(decision 0302; issue 16).

Run by tests/run.sh after the fairness tests, with JUPYTER_PATH pointing at the temporary
directory that holds kernels/loombook:

    /usr/bin/python3 tests/test_runaways.py [-v] [-k PATTERN] [--artifacts DIR]

Each runaway (a flat spawn bomb in a cell, a recursive one in processes, a process flooding its
own mailbox) ends with a clear message under the cell, the kernel answers, its CPU goes idle, and
the heap after a full collection comes back to where it was. How long each took to be stopped and
the resident memory are measured and printed (the machine is shared: no bound on a time here; the
runtime's RunawayLimitsTest bounds the stop at a second at a small limit).
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import KernelTest, cpu_seconds, result_of, rss_mb, stderr_of, stdout_of, strip_ansi, run_suites  # noqa: E402

MEASURED = {}

HEAP = """
long heapAfterGc() {
    for (int i = 0; i < 3; i++) System.gc();
    return (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
}
"""


def ok(test, reply, what=""):
    c = reply["content"]
    test.assertEqual(c["status"], "ok", what + "\n" + strip_ansi("\n".join(c.get("traceback", []))))


def cpu_share(pid, seconds=2.0):
    c0, t0 = cpu_seconds(pid), time.monotonic()
    time.sleep(seconds)
    return (cpu_seconds(pid) - c0) / (time.monotonic() - t0)


class Runaways(KernelTest):
    """One kernel with the default heap and limits, bombed in turn."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        r, _, _ = cls.k.execute(HEAP)
        assert r["content"]["status"] == "ok", r["content"]

    def value(self, code, timeout=60):
        r, msgs, _ = self.k.execute(code, timeout=timeout)
        ok(self, r, code)
        return result_of(msgs).strip('"')

    def settled(self, name):
        """Waits until the processes have ended and the heap is back; records heap and RSS."""
        deadline = time.monotonic() + 60
        while int(self.value("Node.processCount()")) > 1 and time.monotonic() < deadline:
            time.sleep(0.2)
        self.assertLessEqual(int(self.value("Node.processCount()")), 1, "the runaway's processes have ended")
        heap = int(self.value("heapAfterGc()"))
        while heap >= self.baseline_heap + 30 and time.monotonic() < deadline:
            time.sleep(0.5)        # ended processes' threads still wake and finish
            heap = int(self.value("heapAfterGc()"))
        MEASURED[name + "_heap_after_mb"] = heap
        MEASURED[name + "_rss_after_mb"] = round(rss_mb(self.k.pid))
        self.assertLess(heap, self.baseline_heap + 30, "the heap after a full collection is back (%d MB before)" % self.baseline_heap)
        # idle within a few seconds: the JIT may still compile what the runaway made hot
        shares = [cpu_share(self.k.pid)]
        while shares[-1] >= 0.05 and len(shares) < 3:
            shares.append(cpu_share(self.k.pid))
        MEASURED[name + "_cpu_after"] = [round(c, 3) for c in shares]
        self.assertLess(shares[-1], 0.05, "the kernel goes idle afterwards (CPU share per 2 s: %s)" % shares)
        self.assertEqual(self.value("1 + 1"), "2")

    def setUp(self):
        self.baseline_heap = int(self.value("heapAfterGc()"))
        MEASURED.setdefault("baseline_heap_mb", self.baseline_heap)
        MEASURED.setdefault("baseline_rss_mb", round(rss_mb(self.k.pid)))
        MEASURED.setdefault("process_limit", int(self.value("Node.processLimit()")))
        MEASURED.setdefault("mailbox_limit", int(self.value("Node.mailboxLimit()")))

    def test_a_flat_bomb_in_a_cell_ends_with_the_error_and_its_processes(self):
        t0 = time.monotonic()
        r, msgs, _ = self.k.execute("""
long flatStart = System.nanoTime();
try {
    while (true) spawn(() -> receive(m -> m));
} catch (SystemLimitException e) {
    System.out.println("stopped after " + (System.nanoTime() - flatStart) / 1_000_000 + " ms");
    throw e;
}""", timeout=120)
        MEASURED["flat_cell_reply_s"] = round(time.monotonic() - t0, 2)
        MEASURED["flat_stop_ms"] = int(stdout_of(msgs).split()[2])
        MEASURED["flat_peak_rss_mb"] = round(rss_mb(self.k.pid))
        c = r["content"]
        self.assertEqual(c["ename"], "loombook.SystemLimitException")
        self.assertIn("The spawn bomb was stopped", c["evalue"])
        self.assertIn("Node.processLimit(n)", c["evalue"])
        self.assertIn("were stopped (a spawn bomb?)", stderr_of(msgs))
        self.settled("flat")

    def test_a_recursive_bomb_in_processes_is_stopped_with_one_report(self):
        r, _, msg_id = self.k.execute("""
Runnable[] bomb = new Runnable[1];
bomb[0] = () -> { while (true) spawn(bomb[0]); };
long bombStart = System.nanoTime();
Monitored bombRoot = spawnMonitor(bomb[0]);
Down bombDown = receive(Down.class);
(System.nanoTime() - bombStart) / 1_000_000 + " " + bombDown.reason().getClass().getSimpleName()""", timeout=120)
        ok(self, r)
        ms, reason = result_of(self.k.by_parent[msg_id]).strip('"').split()
        MEASURED["recursive_stop_ms"] = int(ms)
        self.assertEqual(reason, "SystemLimitException")
        deadline = time.monotonic() + 10
        while "were stopped (a spawn bomb?)" not in stderr_of(self.k.by_parent[msg_id]) and time.monotonic() < deadline:
            self.k.pump(timeout=0.2)
        err = stderr_of(self.k.by_parent[msg_id])
        self.assertEqual(err.count("were stopped (a spawn bomb?)"), 1, err[:2000])
        self.assertIn("the family of #PID<", err)
        self.assertLess(err.count("\n"), 20, "no crash report per process:\n" + err[:2000])
        self.settled("recursive")

    def test_a_process_flooding_its_own_mailbox_is_stopped_and_its_memory_comes_back(self):
        r, _, msg_id = self.k.execute("""
long floodStart = System.nanoTime();
Monitored flood = spawnMonitor(() -> { long i = 0; while (true) send(self(), i++); });
Down floodDown = receive(Down.class);
(System.nanoTime() - floodStart) / 1_000_000 + " " + floodDown.reason()""", timeout=120)
        ok(self, r)
        text = result_of(self.k.by_parent[msg_id]).strip('"')
        MEASURED["flood_stop_ms"] = int(text.split()[0])
        self.assertIn("mailbox_limit: the mailbox of #PID<", text)
        deadline = time.monotonic() + 10
        while "messages dropped" not in stderr_of(self.k.by_parent[msg_id]) and time.monotonic() < deadline:
            self.k.pump(timeout=0.2)
        self.assertIn("Node.mailboxLimit(n)", stderr_of(self.k.by_parent[msg_id]))
        self.settled("flood")


def main():
    return run_suites((Runaways,), MEASURED, "runaways-test.json")


if __name__ == "__main__":
    sys.exit(main())
