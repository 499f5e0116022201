#!/usr/bin/python3
"""nbgrader's rules that decide a grade, reproduced for the tests (nbgrader itself is not installed
on these machines). Written from nbgrader's source (nbgrader/utils.py, preprocessors/clearsolutions.py,
nbgraderformat/v3.py, main branch, June 2026):

  * grade(cell): how `nbgrader autograde` scores an executed autograder test cell: 0 points as soon
    as an output is an `error` or a `stderr` stream; an `execute_result` (before any error) gives
    partial credit when its text/plain is a number (more than the cell's points is an error of the
    notebook), full points when it is not a number; no such output: full points.
  * clear_solutions(source, stub): what `nbgrader generate_assignment` does to a solution cell: each
    region from a line containing "BEGIN SOLUTION" to a line containing "END SOLUTION" becomes the
    language's code stub, indented like the BEGIN line; a solution cell without a region becomes the
    stub alone.
  * metadata_problems(nb): what nbgrader's validator refuses in cells' `nbgrader` metadata (schema 3).
  * config_stub(path, language): the code stub a teacher's nbgrader_config.py sets for a language.
"""
import re

BEGIN, END = "BEGIN SOLUTION", "END SOLUTION"
SCHEMA_KEYS = {"schema_version", "grade", "locked", "solution", "task", "grade_id", "points", "checksum", "cell_type"}
GRADE_ID = re.compile(r"^[a-zA-Z0-9_\-]*$")


class NotebookError(Exception):
    """What nbgrader would stop on while grading or generating (not a grade of 0)."""


def grade(cell):
    """(score, max points) of an executed autograder test cell, as nbgrader's autograde gives them."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if not meta.get("grade"):
        raise NotebookError("not a grade cell")
    points = float(meta["points"])
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error" or (out.get("output_type") == "stream" and out.get("name") == "stderr"):
            return 0.0, points
        if out.get("output_type") == "execute_result":
            text = out.get("data", {}).get("text/plain", "")
            if isinstance(text, list):
                if len(text) != 1:
                    return points, points
                text = text[0]
            try:
                score = float(text)
            except ValueError:
                return points, points
            if score > points:
                raise NotebookError("partial credit %s is more than the cell's %s points" % (score, points))
            return (score if score >= 0 else points), points
    return points, points


def clear_solutions(source, stub):
    """The source of a solution cell in the student's version; (new source, whether a region was replaced)."""
    out, inside, replaced = [], False, False
    for line in source.split("\n"):
        if BEGIN in line:
            if inside:
                raise NotebookError("a BEGIN SOLUTION inside a solution region")
            inside = replaced = True
            indent = re.match(r"\s*", line).group(0)
            out += [indent + s for s in stub.split("\n")]
        elif END in line:
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise NotebookError("a BEGIN SOLUTION without its END SOLUTION")
    return "\n".join(out), replaced


def student_version(nb, stub):
    """The cells' sources after generate_assignment's ClearSolutions, as a list (one per cell)."""
    sources = []
    for c in nb.cells:
        meta = c.get("metadata", {}).get("nbgrader", {})
        new, replaced = clear_solutions(c.source, stub) if c.cell_type == "code" else (c.source, False)
        if replaced and not meta.get("solution"):
            raise NotebookError("a solution region in a cell that is not a solution cell: %s" % c.source[:80])
        if meta.get("solution") and not replaced:
            new = stub
        sources.append(new)
    return sources


def metadata_problems(nb):
    """What nbgrader's metadata validator (schema 3) would refuse, as a list of messages."""
    problems, ids = [], set()
    for i, c in enumerate(nb.cells):
        meta = c.get("metadata", {}).get("nbgrader")
        if meta is None:
            continue
        where = "cell %d" % i
        missing = {"schema_version", "grade", "locked", "solution"} - set(meta)
        if missing:
            problems.append("%s: nbgrader metadata without %s" % (where, sorted(missing)))
            continue
        extra = set(meta) - SCHEMA_KEYS
        if extra:
            problems.append("%s: keys nbgrader does not know (it drops them): %s" % (where, sorted(extra)))
        if meta["schema_version"] != 3:
            problems.append("%s: schema_version %r, not 3" % (where, meta["schema_version"]))
        for k in ("grade", "locked", "solution", "task"):
            if k in meta and not isinstance(meta[k], bool):
                problems.append("%s: %s is not a boolean" % (where, k))
        if meta["grade"] or meta["solution"] or meta["locked"]:
            gid = meta.get("grade_id")
            if not gid or not isinstance(gid, str) or not GRADE_ID.match(gid):
                problems.append("%s: grade_id %r (letters, digits, - and _ only, not empty)" % (where, gid))
            elif gid in ids:
                problems.append("%s: grade_id %r twice in the notebook" % (where, gid))
            else:
                ids.add(gid)
        if meta["grade"]:
            p = meta.get("points")
            if isinstance(p, bool) or not isinstance(p, (int, float)) or p < 0:
                problems.append("%s: a grade cell needs points >= 0, has %r" % (where, p))
        elif "points" in meta:
            problems.append("%s: points on a cell that is not graded" % where)
        if meta.get("task") and c.cell_type != "markdown":
            problems.append("%s: a task cell must be markdown" % where)
        if c.cell_type == "markdown" and meta["grade"] != meta["solution"] and not meta.get("task"):
            problems.append("%s: a markdown cell must be both grade and solution, or neither" % where)
    return problems


class _Section(dict):
    def __getattr__(self, name):
        return self.setdefault(name, _Section())

    def __setattr__(self, name, value):
        self[name] = value


def read_config(path):
    """The settings an nbgrader_config.py makes, read without traitlets: {section: {option: value}}."""
    config = _Section()
    with open(path, encoding="utf-8") as f:
        code = compile(f.read(), path, "exec")
    exec(code, {"get_config": lambda: config, "__file__": path})
    return config


def config_stub(path, language):
    """The ClearSolutions code stub that the config at `path` sets for `language` (nbgrader refuses a
    notebook whose kernelspec language has none)."""
    stubs = read_config(path).get("ClearSolutions", {}).get("code_stub")
    if not isinstance(stubs, dict) or language not in stubs:
        raise NotebookError("%s sets no ClearSolutions.code_stub for language %r" % (path, language))
    return stubs[language]
