#!/usr/bin/python3
"""The course's notebooks, executed through the real kernel with a real Jupyter client (nbclient).

Run by tests/run.sh (stage "notebooks") after the kernel tests, with JUPYTER_PATH pointing at the
temporary directory that holds kernels/loombook. Run it yourself the same way, or against the kernel
installed for your user (./loombook install):

    /usr/bin/python3 tests/test_notebooks.py                 # every notebook; fails on any problem
    /usr/bin/python3 tests/test_notebooks.py 08 09           # some notebooks (by number or name)
    /usr/bin/python3 tests/test_notebooks.py --write 08      # rebuild from notebooks/src, execute, save with outputs
    /usr/bin/python3 tests/test_notebooks.py --list          # the notebooks and their exercises

What one run of a notebook checks (see notebooks/README.md):
  * every cell executes; an error output fails the run, except in cells tagged `raises-exception`,
    which must show one;
  * each exercise's check cell (tag `check:NAME`), run against the untouched skeleton (tag
    `solution-slot:NAME`), reports "not implemented yet" and a ✗;
  * the same check, run again right after the skeleton's source is replaced by the reference solution
    notebooks/solutions/NAME.java (both cells are inserted after the check cell for this run only),
    reports "all N checks passed ✓" and no ✗;
  * a notebook with a source in notebooks/src/ has the same cells as that source.

--write saves the executed notebook (without the inserted cells, execution counts renumbered): the
committed notebooks carry the outputs of this run, which are what a student sees before starting.
"""
import argparse
import copy
import json
import os
import re
import sys
import time

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "notebooks"))
from build import SOURCES, build_from_source, same_cells, source_of  # noqa: E402  (notebooks/build.py)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOKS = os.path.join(ROOT, "notebooks")
SOLUTIONS = os.path.join(NOTEBOOKS, "solutions")
KERNEL = os.environ.get("LOOMBOOK_TEST_KERNEL", "loombook")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
PASSED = re.compile(r": all \d+ checks? passed ✓")
NOT_IMPLEMENTED = "not implemented yet"
INJECTED = "loombook-runner-injected"


# ------------------------------------------------------------------ cells

def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def tag_value(cell, prefix):
    for t in tags(cell):
        if t.startswith(prefix):
            return t[len(prefix):]
    return None


def text_of(cell):
    out = []
    for o in cell.get("outputs", []):
        if o.get("output_type") == "stream":
            out.append(o.get("text", ""))
        elif o.get("output_type") in ("execute_result", "display_data"):
            out.append(str(o.get("data", {}).get("text/plain", "")))
        elif o.get("output_type") == "error":
            out.append("\n".join(o.get("traceback", [])))
    return ANSI.sub("", "".join(out))


def errors_of(cell):
    return [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def describe(cell, index):
    first = cell.source.strip().split("\n")[0][:70]
    return "cell %d (%s)" % (index, first)


def solution_path(name):
    return os.path.join(SOLUTIONS, name + ".java")


def exercises(nb):
    return [tag_value(c, "solution-slot:") for c in nb.cells if tag_value(c, "solution-slot:")]


# ------------------------------------------------------------------ running

def augmented(nb, problems):
    """A copy of nb with, after every check cell, the solution cell and the check again."""
    slots = {}
    out = copy.deepcopy(nb)
    cells = []
    for c in out.cells:
        cells.append(c)
        slot = tag_value(c, "solution-slot:")
        if slot:
            slots[slot] = c
        check = tag_value(c, "check:")
        if check:
            if check not in slots:
                problems.append("check:%s comes before (or without) its solution-slot:%s cell" % (check, check))
                continue
            path = solution_path(check)
            if not os.path.exists(path):
                problems.append("no reference solution %s for solution-slot:%s" % (os.path.relpath(path, ROOT), check))
                continue
            with open(path, encoding="utf-8") as f:
                solution = nbformat.v4.new_code_cell(f.read().strip("\n"))
            solution.metadata[INJECTED] = "solution:" + check
            again = nbformat.v4.new_code_cell(c.source)
            again.metadata[INJECTED] = "check:" + check
            cells += [solution, again]
    for slot in slots:
        if not any(tag_value(c, "check:") == slot for c in nb.cells):
            problems.append("solution-slot:%s has no check cell (tag check:%s)" % (slot, slot))
    out.cells = cells
    return out


def execute(nb, timeout):
    client = NotebookClient(nb, timeout=timeout, startup_timeout=90, kernel_name=KERNEL, allow_errors=True,
                            record_timing=False, resources={"metadata": {"path": NOTEBOOKS}})
    client.execute()
    return nb


def judge(nb, problems):
    """Checks an executed augmented notebook; appends what is wrong to problems. Returns the exercise results."""
    results = {}
    for i, c in enumerate(nb.cells):
        if c.cell_type != "code":
            continue
        injected = c.metadata.get(INJECTED)
        text = text_of(c)
        errs = errors_of(c)
        where = describe(c, i) if not injected else injected
        if "raises-exception" in tags(c):
            if not errs:
                problems.append("%s is tagged raises-exception but showed no error" % where)
        elif errs:
            e = errs[0]
            problems.append("%s: %s: %s\n%s" % (where, e.get("ename"), e.get("evalue"),
                                                 ANSI.sub("", "\n".join(e.get("traceback", [])))[-1500:]))
        check = tag_value(c, "check:")
        if injected and injected.startswith("check:"):
            name = injected[len("check:"):]
            ok = PASSED.search(text) and "✗" not in text
            results.setdefault(name, {})["solution"] = "passed" if ok else "FAILED"
            if not ok:
                problems.append("the reference solution of %s does not pass its check:\n%s" % (name, text))
        elif check and not injected:
            ok = NOT_IMPLEMENTED in text and "✗" in text and not PASSED.search(text)
            results.setdefault(check, {})["skeleton"] = "fails as it should" if ok else "WRONG"
            if not ok:
                problems.append("the untouched skeleton of %s should fail its check with \"%s\":\n%s" % (check, NOT_IMPLEMENTED, text))
    return results


def without_injected(nb):
    out = copy.deepcopy(nb)
    out.cells = [c for c in out.cells if INJECTED not in c.metadata]
    n = 0
    for c in out.cells:
        if c.cell_type == "code":
            n += 1
            c.execution_count = n
            for o in c.get("outputs", []):
                if o.get("output_type") == "execute_result":
                    o["execution_count"] = n
    return out


def run_notebook(path, write, timeout):
    name = os.path.basename(path)
    problems = []
    src = source_of(name)
    if write and src:
        nb = build_from_source(src)
    else:
        nb = nbformat.read(path, as_version=4)
        if src and not same_cells(nb, build_from_source(src)):
            problems.append("%s differs from its source %s: run tests/test_notebooks.py --write %s"
                            % (name, os.path.relpath(src, ROOT), name[:2]))
    run = augmented(nb, problems)
    t0 = time.monotonic()
    try:
        execute(run, timeout)
    except Exception as e:   # a cell that timed out, a kernel that died
        problems.append("execution stopped: %s: %s" % (type(e).__name__, str(e)[:2000]))
    seconds = time.monotonic() - t0
    results = judge(run, problems)
    if write and not problems:
        nbformat.write(without_injected(run), path)
    return {"notebook": name, "seconds": round(seconds, 1), "exercises": results, "problems": problems}


def notebook_paths(selected):
    names = set(os.listdir(NOTEBOOKS))
    if os.path.isdir(SOURCES):
        names |= {f.replace(".nb", ".ipynb") for f in os.listdir(SOURCES) if f.endswith(".nb")}
    paths = sorted(os.path.join(NOTEBOOKS, n) for n in names if re.match(r"\d\d_.*\.ipynb$", n))
    if selected:
        paths = [p for p in paths if any(os.path.basename(p).startswith(s) for s in selected)]
    return paths


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("notebooks", nargs="*", help="numbers or names of notebooks (default: all)")
    ap.add_argument("--write", action="store_true", help="rebuild from notebooks/src, execute and save with outputs")
    ap.add_argument("--list", action="store_true", help="list the notebooks and their exercises")
    ap.add_argument("--timeout", type=int, default=240, help="seconds a cell may take (default 240)")
    ap.add_argument("--budget", type=int, default=600, help="seconds the whole course may take (default 600)")
    ap.add_argument("--artifacts", help="directory for notebooks.json (timings, results)")
    args = ap.parse_args()

    paths = notebook_paths(args.notebooks)
    if not paths:
        print("no notebooks match %s in %s" % (args.notebooks, NOTEBOOKS), file=sys.stderr)
        return 1
    if args.list:
        for p in paths:
            src = source_of(os.path.basename(p))
            nb = build_from_source(src) if src else nbformat.read(p, as_version=4)
            print("%s: %s" % (os.path.basename(p), ", ".join(exercises(nb)) or "no exercises"))
        return 0

    total0 = time.monotonic()
    reports = []
    for p in paths:
        print("== %s" % os.path.basename(p), flush=True)
        r = run_notebook(p, args.write, args.timeout)
        reports.append(r)
        for ex, res in sorted(r["exercises"].items()):
            print("   exercise %-16s skeleton: %-18s solution: %s" % (ex, res.get("skeleton", "-"), res.get("solution", "-")))
        print("   %.1f s%s" % (r["seconds"], ", saved with outputs" if args.write and not r["problems"] else ""), flush=True)
        for pr in r["problems"]:
            print("   PROBLEM: " + pr.replace("\n", "\n            "), flush=True)
    total = time.monotonic() - total0
    failed = [r for r in reports if r["problems"]]
    print("== notebooks: %d run in %.1f s (budget %d s); %d with problems" % (len(reports), total, args.budget, len(failed)))
    if args.artifacts:
        os.makedirs(args.artifacts, exist_ok=True)
        with open(os.path.join(args.artifacts, "notebooks.json"), "w") as f:
            json.dump({"total_seconds": round(total, 1), "notebooks": reports}, f, indent=2, ensure_ascii=False)
    if total > args.budget and not args.notebooks:
        print("the course took %.0f s, more than its budget of %d s" % (total, args.budget), file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
