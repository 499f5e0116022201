#!/usr/bin/python3
"""The course, graded as nbgrader grades it, without a kernel (tests/test_notebooks.py executes the
notebooks and grades the executed check cells; nbgrader itself is not installed here, its rules are
reproduced in tests/nbgrader_rules.py):

  * the rules themselves: an error or any stderr scores 0, a number shown is partial credit, a
    solution region becomes the stub;
  * every course notebook's nbgrader metadata is what nbgrader accepts: skeletons are autograded
    answers, checks autograder tests (locked, with points, tagged raises-exception), set-up cells
    read-only; the kernelspec's language is `java`, which the teacher's config has a stub for;
  * the teacher's source notebooks (notebooks/build.py --nbgrader) become, through generate_assignment's
    rule with notebooks/nbgrader_config.py, exactly the course notebooks: the student's version of an
    exercise is its skeleton, and no line of a reference solution that the skeleton lacks is left.

    /usr/bin/python3 tests/test_grading.py [-k NAME]
"""
import os
import sys
import unittest

import nbformat

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "notebooks"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build  # noqa: E402  (notebooks/build.py)
import nbgrader_rules as rules  # noqa: E402

CONFIG = os.path.join(ROOT, "notebooks", "nbgrader_config.py")


def check_cell(points, *outputs):
    c = nbformat.v4.new_code_cell("Check08.rateLimiter(RateLimiter::start, RateLimiter::request);")
    c.metadata["nbgrader"] = build.nbgrader_meta("rateLimiter-check", grade=True, locked=True, points=points)
    c.outputs = [nbformat.NotebookNode(o) for o in outputs]
    return c


STDOUT = {"output_type": "stream", "name": "stdout", "text": "RateLimiter: all 5 checks passed ✓\n"}
STDERR = {"output_type": "stream", "name": "stderr", "text": "[error] Process #PID<0.86.0> raised an exception\n"}
ERROR = {"output_type": "error", "ename": "loombook.exercise.ExerciseFailed", "evalue": "RateLimiter: 3 of 5 checks passed",
         "traceback": []}


def result(text):
    return {"output_type": "execute_result", "execution_count": 1, "data": {"text/plain": text}, "metadata": {}}


class Rules(unittest.TestCase):
    def test_a_check_that_prints_and_ends_quietly_scores_full_points(self):
        self.assertEqual((3.0, 3.0), rules.grade(check_cell(3, STDOUT)))
        self.assertEqual((3.0, 3.0), rules.grade(check_cell(3)))

    def test_an_error_or_any_stderr_scores_zero(self):
        self.assertEqual((0.0, 3.0), rules.grade(check_cell(3, STDOUT, ERROR)))
        self.assertEqual((0.0, 3.0), rules.grade(check_cell(3, STDERR, STDOUT)))

    def test_a_number_shown_is_partial_credit_and_text_is_full_points(self):
        self.assertEqual((1.5, 3.0), rules.grade(check_cell(3, STDOUT, result("1.5"))))
        self.assertEqual((3.0, 3.0), rules.grade(check_cell(3, result("\"done\""))))
        with self.assertRaises(rules.NotebookError):
            rules.grade(check_cell(3, result("7")))

    def test_what_comes_first_decides(self):
        self.assertEqual((2.0, 3.0), rules.grade(check_cell(3, result("2"), ERROR)))
        self.assertEqual((0.0, 3.0), rules.grade(check_cell(3, ERROR, result("2"))))

    def test_a_solution_region_becomes_the_stub_indented_like_its_begin_line(self):
        src = "class A {\n    int f() {\n        // BEGIN SOLUTION\n        return 1;\n        // END SOLUTION\n    }\n}"
        out, replaced = rules.clear_solutions(src, "// YOUR CODE HERE\nthrow new UnsupportedOperationException();")
        self.assertTrue(replaced)
        self.assertEqual("class A {\n    int f() {\n        // YOUR CODE HERE\n"
                         "        throw new UnsupportedOperationException();\n    }\n}", out)
        with self.assertRaises(rules.NotebookError):
            rules.clear_solutions("// BEGIN SOLUTION\nx", "")

    def test_the_metadata_validator_refuses_what_nbgrader_refuses(self):
        nb = nbformat.v4.new_notebook()
        nb.cells = [check_cell(1), check_cell(1)]
        self.assertTrue(any("twice" in p for p in rules.metadata_problems(nb)))
        nb.cells = [check_cell(-1)]
        self.assertTrue(any("points" in p for p in rules.metadata_problems(nb)))
        nb.cells = [check_cell(1)]
        nb.cells[0].metadata["nbgrader"]["grade_id"] = "rate limiter"
        self.assertTrue(any("grade_id" in p for p in rules.metadata_problems(nb)))


def course():
    """(number, course notebook built from its source, teacher's source notebook) for each notebook."""
    out = []
    for f in sorted(os.listdir(build.SOURCES)):
        if f.endswith(".nb"):
            nb = build.build_from_source(os.path.join(build.SOURCES, f))
            out.append((f[:2], nb, build.nbgrader_source(nb, f[:2])))
    return out


class Course(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.notebooks = course()
        cls.stub = rules.config_stub(CONFIG, "java")

    def test_every_notebook_has_exercises_and_metadata_nbgrader_accepts(self):
        for number, nb, source in self.notebooks:
            with self.subTest(notebook=number):
                self.assertTrue(build.exercises(nb), "no exercise")
                self.assertEqual("java", nb.metadata["kernelspec"]["language"])
                self.assertEqual([], rules.metadata_problems(nb))
                self.assertEqual([], rules.metadata_problems(source))

    def test_skeletons_are_answers_checks_are_locked_graded_and_go_on_when_they_fail(self):
        for number, nb, _ in self.notebooks:
            for c in nb.cells:
                tags = c.metadata.get("tags", [])
                meta = c.metadata.get("nbgrader")
                name = build.tag_value(tags, "exercise:") or build.tag_value(tags, "check:")
                with self.subTest(notebook=number, cell=name or c.source[:40]):
                    if build.tag_value(tags, "exercise:"):
                        self.assertEqual((True, False, False), (meta["solution"], meta["grade"], meta["locked"]))
                    elif build.tag_value(tags, "check:"):
                        self.assertEqual((False, True, True), (meta["solution"], meta["grade"], meta["locked"]))
                        self.assertGreater(meta["points"], 0)
                        self.assertIn("raises-exception", tags)
                        self.assertIn(build.check_call(number, name), c.source)
                    elif "setup" in tags:
                        self.assertEqual((False, False, True), (meta["solution"], meta["grade"], meta["locked"]))
                    else:
                        self.assertIsNone(meta)

    def test_the_student_version_of_the_teachers_notebook_is_the_course_notebook(self):
        for number, nb, source in self.notebooks:
            with self.subTest(notebook=number):
                released = rules.student_version(source, self.stub)
                self.assertEqual([c.source for c in nb.cells], [s.rstrip() for s in released])

    def test_the_teachers_notebook_holds_each_reference_solution_in_a_region_and_the_release_none_of_it(self):
        for number, nb, source in self.notebooks:
            released = rules.student_version(source, self.stub)
            for name in build.exercises(nb):
                with self.subTest(notebook=number, exercise=name):
                    i = next(i for i, c in enumerate(source.cells) if build.tag_value(c.metadata.get("tags", []), "exercise:") == name)
                    solution = build.read_solution(number, name)
                    self.assertIn(build.BEGIN + "\n" + solution + "\n" + build.END, source.cells[i].source)
                    skeleton = set(nb.cells[i].source.split("\n"))
                    own = [l for l in solution.split("\n") if l.strip() and l not in skeleton]
                    self.assertTrue(own, "the solution is the skeleton")
                    self.assertEqual([], [l for l in own if l in released[i].split("\n")], "solution lines in the student's version")

    def test_the_source_format_refuses_what_would_break_the_exercises(self):
        import tempfile
        cases = {
            "%% code setup\nimport loombook.course.*;\n%% code exercise:rateLimiter\nclass Limiter {}\n%% code check:rateLimiter\nCheck08.rateLimiter(null);":
                "declares no class RateLimiter",
            "%% code setup\nimport loombook.course.*;\n%% code exercise:rateLimiter\nclass RateLimiter {}\n%% code check:rateLimiter\nCheck09.rateLimiter(null);":
                "does not call Check08.rateLimiter(",
            "%% code setup\nimport loombook.course.*;\n%% code exercise:rateLimiter\nclass RateLimiter {}":
                "has no check cell",
            "%% code exercise:rateLimiter\nclass RateLimiter {}\n%% code check:rateLimiter\nCheck08.rateLimiter(null);":
                "no cell tagged setup",
            "%% code setup\nimport loombook.course.*;\n%% code exercise:rate_limiter\nclass RateLimiter {}":
                "is not an exercise name",
            "%% code setup points:2\nimport loombook.course.*;":
                "points:2 belongs on a check:NAME cell",
            "%% code setup\n// BEGIN SOLUTION\n// END SOLUTION":
                "solution marker",
        }
        for text, expected in cases.items():
            with self.subTest(expected=expected), tempfile.TemporaryDirectory() as d:
                path = os.path.join(d, "08_test.nb")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
                with self.assertRaises(build.SourceError) as e:
                    build.read_source(path)
                self.assertIn(expected, str(e.exception))


if __name__ == "__main__":
    unittest.main(verbosity=2)
