#!/usr/bin/python3
"""The course's notebooks, executed through the real kernel with a real Jupyter client (nbclient).

Run by tests/run.sh (stage "notebooks") after the kernel tests, with JUPYTER_PATH pointing at the
temporary directory that holds kernels/loombook. Run it yourself the same way, or against the kernel
installed for your user (./loombook install):

    /usr/bin/python3 tests/test_notebooks.py                 # every notebook; fails on any problem
    /usr/bin/python3 tests/test_notebooks.py 08 09           # some notebooks (by number or name)
    /usr/bin/python3 tests/test_notebooks.py --write 08      # rebuild from notebooks/src, execute, save with outputs

A notebook with a source in notebooks/src/ is executed as its source builds it; the committed .ipynb
must have the same cells (else the run reports it, and --write refreshes it).
    /usr/bin/python3 tests/test_notebooks.py --list          # the notebooks and their exercises

What one run of a notebook checks (see notebooks/README.md):
  * every cell executes, as Run All does: nbclient stops at an error unless the cell is tagged
    `raises-exception` (every check cell is), and such a cell other than a check must show one;
  * each exercise's check cell (tag `check:NAME`), run against the untouched skeleton (tag
    `exercise:NAME`), reports "not implemented yet" and a ✗ and ends in an ExerciseFailed error:
    nbgrader's rule (tests/nbgrader_rules.py) gives it 0 points;
  * the same check, run again right after the exercise cell of the teacher's nbgrader notebook (the
    skeleton, then the reference solution notebooks/solutions/NN/NAME.jsh in a solution region; both
    cells are inserted after the check cell for this run only), reports "all N checks passed ✓", no
    ✗, no error and nothing on stderr: full points;
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
from nbclient.exceptions import CellExecutionError

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "notebooks"))
from build import (SOURCES, SourceError, answer_cell_source, build_from_source, exercises,  # noqa: E402  (notebooks/build.py)
                   read_solution, same_cells, source_of)
from nbgrader_rules import grade  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOKS = os.path.join(ROOT, "notebooks")
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


def stderr_of(cell):
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == "stderr")


def describe(cell, index):
    first = cell.source.strip().split("\n")[0][:70]
    return "cell %d (%s)" % (index, first)


# ------------------------------------------------------------------ running

def augmented(nb, number, problems):
    """A copy of nb with, after every check cell, the exercise cell of the teacher's nbgrader notebook
    (skeleton, then reference solution) and the check again."""
    skeletons = {}
    out = copy.deepcopy(nb)
    cells = []
    for c in out.cells:
        cells.append(c)
        name = tag_value(c, "exercise:")
        if name:
            skeletons[name] = c
        check = tag_value(c, "check:")
        if check and check in skeletons:
            try:
                answer = nbformat.v4.new_code_cell(answer_cell_source(skeletons[check].source, read_solution(number, check)))
            except SourceError as e:
                problems.append(str(e))
                continue
            answer.metadata[INJECTED] = "solution:" + check
            again = nbformat.v4.new_code_cell(c.source)
            again.metadata[INJECTED] = "check:" + check
            again.metadata["nbgrader"] = copy.deepcopy(c.metadata.get("nbgrader", {}))
            cells += [answer, again]
    out.cells = cells
    return out


def execute(nb, timeout):
    """Runs every cell as Run All does: an error stops the run unless the cell is tagged raises-exception."""
    client = NotebookClient(nb, timeout=timeout, startup_timeout=90, kernel_name=KERNEL, allow_errors=False,
                            record_timing=False, resources={"metadata": {"path": NOTEBOOKS}})
    client.execute()
    return nb


def judge(nb, problems):
    """Checks an executed augmented notebook; appends what is wrong to problems. Returns the exercise results."""
    results = {}
    for i, c in enumerate(nb.cells):
        if c.cell_type != "code" or c.get("execution_count") is None:
            continue                     # not run: the run stopped before it (reported by run_notebook)
        injected = c.metadata.get(INJECTED)
        text = text_of(c)
        errs = errors_of(c)
        where = describe(c, i) if not injected else injected
        check = tag_value(c, "check:")
        if check and not injected:
            ok = (NOT_IMPLEMENTED in text and "✗" in text and not PASSED.search(text)
                  and [e.get("ename", "").endswith("ExerciseFailed") for e in errs] == [True])
            score, points = grade(c)
            results.setdefault(check, {})["skeleton"] = "fails as it should" if ok else "WRONG"
            results[check]["grade"] = "%g/%g" % (score, points)
            if not ok:
                problems.append("the untouched skeleton of %s should fail its check with \"%s\" and an ExerciseFailed error:\n%s"
                                % (check, NOT_IMPLEMENTED, text))
            if score != 0:
                problems.append("nbgrader would give the untouched skeleton of %s %g of %g points" % (check, score, points))
        elif injected and injected.startswith("check:"):
            name = injected[len("check:"):]
            ok = PASSED.search(text) and "✗" not in text and not errs
            score, points = grade(c)
            results.setdefault(name, {})["solution"] = "passed" if ok else "FAILED"
            results[name]["grade"] = results[name].get("grade", "-") + " -> %g/%g" % (score, points)
            if not ok:
                problems.append("the reference solution of %s does not pass its check:\n%s" % (name, text))
            if stderr_of(c):
                problems.append("the check of %s wrote to stderr with the reference solution (nbgrader gives 0 for that):\n%s"
                                % (name, stderr_of(c)))
            if score != points:
                problems.append("nbgrader would give the reference solution of %s %g of %g points" % (name, score, points))
        elif "raises-exception" in tags(c):
            if not errs:
                problems.append("%s is tagged raises-exception but showed no error" % where)
        elif errs:
            e = errs[0]
            problems.append("%s: %s: %s\n%s" % (where, e.get("ename"), e.get("evalue"),
                                                 ANSI.sub("", "\n".join(e.get("traceback", [])))[-1500:]))
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
    try:
        nb = build_from_source(src) if src else nbformat.read(path, as_version=4)
    except SourceError as e:
        return {"notebook": name, "seconds": 0, "exercises": {}, "problems": [str(e)]}
    if src and not write and (not os.path.exists(path) or not same_cells(nbformat.read(path, as_version=4), nb)):
        problems.append("%s differs from its source %s (this run executed the source): run tests/test_notebooks.py --write %s"
                        % (name, os.path.relpath(src, ROOT), name[:2]))
    run = augmented(nb, name[:2], problems)
    t0 = time.monotonic()
    try:
        execute(run, timeout)
    except CellExecutionError as e:   # an error in a cell not tagged raises-exception: Run All stops there
        problems.append("the run stopped at an error, as Run All would: %s" % ANSI.sub("", str(e))[-2000:])
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
            print("   exercise %-16s skeleton: %-18s solution: %-7s nbgrader: %s"
                  % (ex, res.get("skeleton", "-"), res.get("solution", "-"), res.get("grade", "-")))
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
