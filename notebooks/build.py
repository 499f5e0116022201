#!/usr/bin/python3
"""Builds a course notebook (.ipynb) from its source in notebooks/src/ (the cells as plain text).

    /usr/bin/python3 notebooks/build.py 08            # src/08_*.nb -> 08_*.ipynb, without outputs
    /usr/bin/python3 notebooks/build.py --check       # every notebook has the cells of its source

The committed notebooks carry the outputs of executing them: tests/test_notebooks.py --write NN
builds, executes and saves in one go, and is what a change to a notebook normally runs. The format
of a source (`%% md`, `%% code [tags...]`) is described in notebooks/README.md.
"""
import argparse
import os
import re
import sys

import nbformat

NOTEBOOKS = os.path.dirname(os.path.abspath(__file__))
SOURCES = os.path.join(NOTEBOOKS, "src")
SEPARATOR = re.compile(r"^%% (md|markdown|code)((?:\s+\S+)*)\s*$")


def read_source(path):
    """Cells of a notebook source file: `%% md` or `%% code [tags...]` lines start cells."""
    cells = []
    kind, cell_tags, lines = None, [], []

    def close():
        if kind is None:
            return
        text = "\n".join(lines).strip("\n")
        if kind == "code":
            c = nbformat.v4.new_code_cell(text)
        else:
            c = nbformat.v4.new_markdown_cell(text)
        if cell_tags:
            c.metadata["tags"] = list(cell_tags)
        cells.append(c)

    with open(path, encoding="utf-8") as f:
        for raw in f.read().split("\n"):
            m = SEPARATOR.match(raw)
            if m:
                close()
                kind = "code" if m.group(1) == "code" else "markdown"
                cell_tags, lines = m.group(2).split(), []
            elif kind is None:
                if raw.strip():
                    raise SystemExit("%s: text before the first `%%%% md` or `%%%% code` line: %r" % (path, raw))
            else:
                lines.append(raw)
    close()
    return cells


def build_from_source(src):
    nb = nbformat.v4.new_notebook()
    nb.cells = read_source(src)
    nb.metadata = {
        "kernelspec": {"name": "loombook", "display_name": "Java 25 (Loombook)", "language": "java"},
        "language_info": {"name": "java", "file_extension": ".jshell", "mimetype": "text/x-java-source"},
    }
    for i, c in enumerate(nb.cells):
        c["id"] = "c%02d" % i
    return nb


def source_of(name):
    path = os.path.join(SOURCES, name.replace(".ipynb", ".nb"))
    return path if os.path.exists(path) else None


def same_cells(a, b):
    """True when two notebooks have the same cells: kinds, sources and tags (outputs aside)."""
    def key(nb):
        return [(c.cell_type, c.source, sorted(c.get("metadata", {}).get("tags", []))) for c in nb.cells]
    return key(a) == key(b)


def main():
    ap = argparse.ArgumentParser(description="Build notebooks from notebooks/src (no outputs).")
    ap.add_argument("names", nargs="*", help="notebook numbers or names (default: all)")
    ap.add_argument("--check", action="store_true", help="only check that each notebook has its source's cells")
    a = ap.parse_args()
    sources = sorted(f for f in os.listdir(SOURCES) if f.endswith(".nb"))
    if a.names:
        sources = [f for f in sources if any(f.startswith(n) or f == n for n in a.names)]
        if not sources:
            sys.exit("build: no source in %s matches %s" % (SOURCES, " ".join(a.names)))
    stale = []
    for f in sources:
        target = os.path.join(NOTEBOOKS, f.replace(".nb", ".ipynb"))
        built = build_from_source(os.path.join(SOURCES, f))
        if a.check:
            if not os.path.exists(target) or not same_cells(nbformat.read(target, as_version=4), built):
                stale.append(os.path.basename(target))
            continue
        nbformat.write(built, target)
        print("built %s (no outputs: tests/test_notebooks.py --write %s executes it)" % (os.path.basename(target), f[:2]))
    if stale:
        sys.exit("build: these notebooks differ from their sources: %s (run tests/test_notebooks.py --write NN)" % ", ".join(stale))
    return 0


if __name__ == "__main__":
    sys.exit(main())
