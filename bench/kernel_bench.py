#!/usr/bin/python3
"""Loombook kernel benchmark, measured through a real Jupyter client (jupyter_client).

Figures (the README's "The kernel" section quotes them):
  start -> kernel_info   from launching the kernel to the first kernel_info_reply
  start -> 1+1           from launching the kernel to the execute_result of a first `1+1`
  round trip p50/p90     execute_request sent -> execute_reply received, for trivial cells (`1+1`),
                         after the first cell
  RSS after N cells      resident memory of the kernel process (VmRSS) after N course-like cells
                         (records, processes, receive, output, streams, errors)

Usage: bench/kernel_bench.py [--kernel NAME] [--jupyter-path DIR] [--starts 5] [--cells 55] [--json FILE]
The kernelspec must be installed (./loombook install, or install/install.sh --dir DIR/kernels).
"""
import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "tests"))
from harness import Kernel, rss_mb  # noqa: E402

COURSE_CELLS = [
    'record Greet(String name) {}',
    'Pid greeter = spawn(() -> receive(m -> switch (m) {\n    case Greet(var name) -> { System.out.println("Hello, " + name + "!"); yield true; }\n    default -> null;\n}));',
    'send(greeter, new Greet("Ada"));',
    'send(self(), "ping");\nreceive()',
    'int square(int x) { return x * x; }',
    'square(12)',
    'List.of(3, 1, 2).stream().sorted().map(x -> x * 10).toList()',
    'var pids = new ArrayList<Pid>();\nfor (int i = 0; i < 100; i++) pids.add(spawn(() -> receive(m -> m)));\nfor (Pid p : pids) send(p, "go");\npids.size()',
    'String.format("%d processes alive", processes().size())',
    'int y = "not a number";',
    'System.out.println("line " + 1);',
]


def one_start(kernel_name):
    """Starts a kernel; returns it with the times from launch to its kernel_info reply and to the
    execute_result of a first `1+1`."""
    t0 = time.perf_counter()
    k = Kernel(name=kernel_name, wait=False)
    k.shell_reply(k.kc.kernel_info(), timeout=60)
    t_info = time.perf_counter() - t0
    msg_id = k.kc.execute("1+1")
    res = k.first(msg_id, "execute_result", timeout=60)
    t_first = time.perf_counter() - t0
    assert res["content"]["data"]["text/plain"] == "2", res
    k.shell_reply(msg_id)
    k.idle(msg_id)
    return k, t_info, t_first


def shutdown(k):
    """Shuts the kernel down as a frontend does (a shutdown request); returns how long it took."""
    k.kc.stop_channels()
    t = time.perf_counter()
    k.km.shutdown_kernel(now=False)
    return time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernel", default="loombook")
    ap.add_argument("--jupyter-path", help="a directory holding kernels/NAME (prepended to JUPYTER_PATH)")
    ap.add_argument("--starts", type=int, default=5, help="kernel starts to time (default 5)")
    ap.add_argument("--cells", type=int, default=55, help="course-like cells before reading RSS (default 55)")
    ap.add_argument("--trivial", type=int, default=100, help="trivial cells for the round trip (default 100)")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--start-only", action="store_true",
                    help="only the start figures and the round trip (for comparing with another kernel, e.g. --kernel python3)")
    a = ap.parse_args()
    if a.jupyter_path:
        os.environ["JUPYTER_PATH"] = a.jupyter_path + os.pathsep + os.environ.get("JUPYTER_PATH", "")

    infos, firsts = [], []
    for i in range(a.starts):
        k, t_info, t_first = one_start(a.kernel)
        infos.append(t_info)
        firsts.append(t_first)
        if i < a.starts - 1:
            shutdown(k)

    trips = []
    for i in range(a.trivial):
        t = time.perf_counter()
        msg_id = k.kc.execute("1+1")
        k.shell_reply(msg_id, timeout=60)
        trips.append((time.perf_counter() - t) * 1000)
        k.idle(msg_id, timeout=60)
    rss_trivial = rss_mb(k.pid)
    if a.start_only:
        shutdown(k)
        trips.sort()
        print("%s: start -> kernel_info median %.3f s, start -> 1+1 median %.3f s, round trip p50 %.1f ms, RSS %.0f MB after %d cells" % (
            a.kernel, statistics.median(infos), statistics.median(firsts), trips[len(trips) // 2], rss_trivial, a.trivial + 1))
        return 0

    # a fresh kernel for memory: 1+1 and then course-like cells
    shutdown(k)
    k, _, _ = one_start(a.kernel)
    rss_start = rss_mb(k.pid)
    for i in range(a.cells - 1):
        k.execute(COURSE_CELLS[i % len(COURSE_CELLS)], timeout=60, store_history=True)
    time.sleep(0.5)
    rss_cells = rss_mb(k.pid)
    t_shutdown = shutdown(k)

    trips.sort()
    fig = {
        "start_to_kernel_info_s": {"median": statistics.median(infos), "min": min(infos), "max": max(infos)},
        "start_to_first_result_s": {"median": statistics.median(firsts), "min": min(firsts), "max": max(firsts)},
        "round_trip_ms": {"p50": trips[len(trips) // 2], "p90": trips[int(len(trips) * 0.9)], "max": trips[-1]},
        "rss_mb_after_first_cell": rss_start,
        "rss_mb_after_%d_course_cells" % a.cells: rss_cells,
        "rss_mb_after_%d_trivial_cells" % (a.trivial + 1): rss_trivial,
        "shutdown_s": t_shutdown,
        "starts": a.starts,
    }
    print("start -> kernel_info     median %.3f s  (min %.3f, max %.3f, %d starts)" % (
        fig["start_to_kernel_info_s"]["median"], min(infos), max(infos), a.starts))
    print("start -> result of 1+1   median %.3f s  (min %.3f, max %.3f)" % (
        fig["start_to_first_result_s"]["median"], min(firsts), max(firsts)))
    print("trivial cell round trip  p50 %.1f ms, p90 %.1f ms (%d cells)" % (
        fig["round_trip_ms"]["p50"], fig["round_trip_ms"]["p90"], a.trivial))
    print("resident memory          %.0f MB after the first cell, %.0f MB after %d course-like cells" % (
        fig["rss_mb_after_first_cell"], fig["rss_mb_after_%d_course_cells" % a.cells], a.cells))
    print("shutdown                 %.2f s" % t_shutdown)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(fig, f, indent=2)


if __name__ == "__main__":
    sys.exit(main())
