#!/usr/bin/python3
"""Builds a course notebook (.ipynb) from its source in notebooks/src/ (the cells as plain text).

    /usr/bin/python3 notebooks/build.py 08            # src/08_*.nb -> 08_*.ipynb, without outputs
    /usr/bin/python3 notebooks/build.py --check       # every notebook has the cells of its source
    /usr/bin/python3 notebooks/build.py --nbgrader D  # the teacher's nbgrader source notebooks in D/<assignment>/

The committed notebooks carry the outputs of executing them: tests/test_notebooks.py --write NN
builds, executes and saves in one go, and is what a change to a notebook normally runs. The format
of a source (`%% md`, `%% code [tags...]`), the exercise cells and their nbgrader metadata are
described in notebooks/README.md.
"""
import argparse
import os
import re
import sys

import nbformat

NOTEBOOKS = os.path.dirname(os.path.abspath(__file__))
SOURCES = os.path.join(NOTEBOOKS, "src")
SOLUTIONS = os.path.join(NOTEBOOKS, "solutions")
SEPARATOR = re.compile(r"^%% (md|markdown|code)((?:\s+\S+)*)\s*$")
NAME = re.compile(r"^[a-z][A-Za-z0-9]*$")                 # an exercise's name: rateLimiter
POINTS = re.compile(r"^points:(\d+(?:\.\d+)?)$")
BEGIN, END = "// BEGIN SOLUTION", "// END SOLUTION"      # nbgrader's solution region, around a reference solution
DELIMITERS = ("BEGIN SOLUTION", "END SOLUTION")          # what nbgrader looks for, anywhere in a line
KERNELSPEC = {"name": "loombook", "display_name": "Java 25 (Loombook)", "language": "java"}
LANGUAGE_INFO = {"name": "java", "file_extension": ".jshell", "mimetype": "text/x-java-source"}
NBGRADER_SCHEMA = 3


class SourceError(Exception):
    """A notebook source that breaks the format's rules; the message says where and what to do."""


def nbgrader_meta(grade_id, solution=False, grade=False, locked=False, points=None):
    """A cell's `nbgrader` metadata, in nbgrader's schema (version 3)."""
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": NBGRADER_SCHEMA,
            "solution": solution, "task": False}
    if grade:
        meta["points"] = points
    return meta


def tag_value(tags, prefix):
    for t in tags:
        if t.startswith(prefix):
            return t[len(prefix):]
    return None


def class_name(name):
    """The class an exercise's student writes: its name with a capital (rateLimiter -> RateLimiter)."""
    return name[0].upper() + name[1:]


def check_call(number, name):
    """What an exercise's check cell calls: Check08.rateLimiter(...)."""
    return "Check%s.%s(" % (number, name)


def solution_path(number, name):
    return os.path.join(SOLUTIONS, number, name + ".jsh")


def read_source(path):
    """Cells of a notebook source file: `%% md` or `%% code [tags...]` lines start cells.

    A code cell's words after `%% code` are its tags, except `points:N`, which gives a check cell
    its nbgrader points. Cells tagged `setup`, `exercise:NAME` and `check:NAME` get nbgrader's
    metadata (read-only, autograded answer, autograder test), and check cells the `raises-exception`
    tag: a check that does not pass ends its cell in an error, and Run All goes on past it.
    """
    number = os.path.basename(path)[:2]
    cells = []
    kind, words, lines, line_no = None, [], [], 0
    problems = []

    def close():
        if kind is None:
            return
        text = "\n".join(lines).strip("\n")
        where = "%s, the cell at line %d" % (os.path.relpath(path), line_no)
        if kind == "code":
            c = nbformat.v4.new_code_cell(text)
        else:
            c = nbformat.v4.new_markdown_cell(text)
        tags, points = [], None
        for w in words:
            m = POINTS.match(w)
            if m:
                points = float(m.group(1))
                points = int(points) if points.is_integer() else points
            else:
                tags.append(w)
        if any(d in text for d in DELIMITERS):
            problems.append("%s holds an nbgrader solution marker (%s / %s): the build adds them around the "
                            "reference solutions; take it out" % (where, BEGIN, END))
        exercise, check = tag_value(tags, "exercise:"), tag_value(tags, "check:")
        if kind != "code" and (exercise or check or "setup" in tags or points is not None):
            problems.append("%s: setup, exercise:, check: and points: belong on `%%%% code` lines" % where)
        if points is not None and not check:
            problems.append("%s: points:%s belongs on a check:NAME cell" % (where, points))
        if exercise and check:
            problems.append("%s is tagged both exercise:%s and check:%s: they are two cells" % (where, exercise, check))
        for name in (exercise, check):
            if name is not None and not NAME.match(name):
                problems.append("%s: %r is not an exercise name: use the student's class name with a small first "
                                "letter (rateLimiter for class RateLimiter)" % (where, name))
        if exercise and NAME.match(exercise) and not re.search(r"\bclass %s\b" % class_name(exercise), text):
            problems.append("%s is tagged exercise:%s but declares no class %s (the exercise's name is the "
                            "student's class with a small first letter)" % (where, exercise, class_name(exercise)))
        if check and NAME.match(check) and check_call(number, check) not in text:
            problems.append("%s is tagged check:%s but does not call %s...) (the check of an exercise is named "
                            "as the exercise, in the class of its notebook)" % (where, check, check_call(number, check)))
        if check and "raises-exception" not in tags:
            tags.append("raises-exception")
        if "setup" in tags:
            c.metadata["nbgrader"] = nbgrader_meta("setup", locked=True)
        elif exercise:
            c.metadata["nbgrader"] = nbgrader_meta(exercise, solution=True)
        elif check:
            c.metadata["nbgrader"] = nbgrader_meta(check + "-check", grade=True, locked=True,
                                                   points=1 if points is None else points)
        if tags:
            c.metadata["tags"] = tags
        cells.append(c)

    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f.read().split("\n"), 1):
            m = SEPARATOR.match(raw)
            if m:
                close()
                kind = "code" if m.group(1) == "code" else "markdown"
                words, lines, line_no = m.group(2).split(), [], n
            elif kind is None:
                if raw.strip():
                    problems.append("%s: text before the first `%%%% md` or `%%%% code` line: %r" % (os.path.relpath(path), raw))
            else:
                lines.append(raw)
    close()
    setups = [c for c in cells if "setup" in c.metadata.get("tags", [])]
    for i, c in enumerate(setups[1:], 2):
        c.metadata["nbgrader"]["grade_id"] = "setup-%d" % i
    problems += exercise_problems(cells, number, os.path.relpath(path))
    if problems:
        raise SourceError("\n".join(problems))
    return cells


def exercise_problems(cells, number, where):
    """What is wrong with a notebook's exercises: each exercise:NAME cell followed by one check:NAME."""
    problems, seen, checked = [], [], set()
    for c in cells:
        tags = c.metadata.get("tags", [])
        exercise, check = tag_value(tags, "exercise:"), tag_value(tags, "check:")
        if exercise:
            if exercise in seen:
                problems.append("%s: two cells are tagged exercise:%s" % (where, exercise))
            seen.append(exercise)
        if check:
            if check not in seen:
                problems.append("%s: check:%s comes before (or without) its exercise:%s cell" % (where, check, check))
            if check in checked:
                problems.append("%s: two cells are tagged check:%s" % (where, check))
            checked.add(check)
    for name in seen:
        if name not in checked:
            problems.append("%s: exercise:%s has no check cell (tag check:%s)" % (where, name, name))
    if seen and not any("setup" in c.metadata.get("tags", []) for c in cells):
        problems.append("%s has exercises but no cell tagged setup (the one that imports loombook.course.*)" % where)
    return problems


def exercises(nb):
    """The names of a notebook's exercises, in order."""
    return [tag_value(c.metadata.get("tags", []), "exercise:") for c in nb.cells
            if tag_value(c.metadata.get("tags", []), "exercise:")]


def build_from_source(src):
    nb = nbformat.v4.new_notebook()
    nb.cells = read_source(src)
    nb.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": dict(LANGUAGE_INFO)}
    for i, c in enumerate(nb.cells):
        c["id"] = "c%02d" % i
    return nb


def read_solution(number, name):
    """The reference solution of exercise `name` of notebook `number`, as its cell runs it."""
    path = solution_path(number, name)
    if not os.path.exists(path):
        raise SourceError("no reference solution %s for exercise:%s" % (os.path.relpath(path), name))
    with open(path, encoding="utf-8") as f:
        text = f.read().strip("\n")
    if any(d in text for d in DELIMITERS):
        raise SourceError("%s holds an nbgrader solution marker: the build adds %s / %s around it; take it out"
                          % (os.path.relpath(path), BEGIN, END))
    return text


def answer_cell_source(skeleton, solution):
    """The source of an exercise cell in the teacher's nbgrader notebook: the skeleton as students get
    it, then the reference solution in nbgrader's solution region. Running the cell declares the
    skeleton's class and then the solution's, which replaces it (JShell keeps the last declaration of
    a name); nbgrader's generate_assignment drops the region and leaves the skeleton."""
    return "%s\n%s\n%s\n%s" % (skeleton, BEGIN, solution, END)


def nbgrader_source(nb, number):
    """The teacher's nbgrader source notebook: the course notebook `nb` with each exercise cell
    holding the skeleton and, in a solution region, the reference solution."""
    out = nbformat.from_dict(nb)
    for c in out.cells:
        name = tag_value(c.metadata.get("tags", []), "exercise:")
        if name:
            c.source = answer_cell_source(c.source, read_solution(number, name))
    return out


def source_of(name):
    path = os.path.join(SOURCES, name.replace(".ipynb", ".nb"))
    return path if os.path.exists(path) else None


def same_cells(a, b):
    """True when two notebooks have the same cells: kinds, sources, tags and nbgrader metadata (outputs aside)."""
    def key(nb):
        return [(c.cell_type, c.source, sorted(c.get("metadata", {}).get("tags", [])),
                 c.get("metadata", {}).get("nbgrader")) for c in nb.cells]
    return key(a) == key(b)


def main():
    ap = argparse.ArgumentParser(description="Build notebooks from notebooks/src (no outputs).")
    ap.add_argument("names", nargs="*", help="notebook numbers or names (default: all)")
    ap.add_argument("--check", action="store_true", help="only check that each notebook has its source's cells")
    ap.add_argument("--nbgrader", metavar="DIR",
                    help="write the teacher's nbgrader source notebooks (reference solutions in solution "
                         "regions) to DIR/<assignment>/<assignment>.ipynb instead")
    a = ap.parse_args()
    sources = sorted(f for f in os.listdir(SOURCES) if f.endswith(".nb"))
    if a.names:
        sources = [f for f in sources if any(f.startswith(n) or f == n for n in a.names)]
        if not sources:
            sys.exit("build: no source in %s matches %s" % (SOURCES, " ".join(a.names)))
    stale = []
    try:
        for f in sources:
            stem = f[:-len(".nb")]
            built = build_from_source(os.path.join(SOURCES, f))
            if a.nbgrader:
                target = os.path.join(a.nbgrader, stem, stem + ".ipynb")
                os.makedirs(os.path.dirname(target), exist_ok=True)
                nbformat.write(nbgrader_source(built, f[:2]), target)
                n = len(exercises(built))
                print("wrote %s (%d exercise%s)" % (target, n, "" if n == 1 else "s"))
                continue
            target = os.path.join(NOTEBOOKS, stem + ".ipynb")
            if a.check:
                if not os.path.exists(target) or not same_cells(nbformat.read(target, as_version=4), built):
                    stale.append(os.path.basename(target))
                continue
            nbformat.write(built, target)
            print("built %s (no outputs: tests/test_notebooks.py --write %s executes it)" % (os.path.basename(target), f[:2]))
    except SourceError as e:
        sys.exit("build: %s" % e)
    if stale:
        sys.exit("build: these notebooks differ from their sources: %s (run tests/test_notebooks.py --write NN)" % ", ".join(stale))
    return 0


if __name__ == "__main__":
    sys.exit(main())
