# nbgrader's configuration for grading the Loombook course: add these lines to the course directory's
# nbgrader_config.py. How to use it: notebooks/README.md, "Grading with nbgrader".
c = get_config()

# The source notebooks (notebooks/build.py --nbgrader DIR) hold, in each exercise cell, the skeleton
# the students get and then the reference solution between `// BEGIN SOLUTION` and `// END SOLUTION`.
# generate_assignment replaces that region with this stub, so the released cell is the skeleton
# exactly as the course gives it. The placeholders that throw are the skeleton's own: its methods
# throw UnsupportedOperationException("TODO: ..."), so an exercise left as released fails its check
# and scores 0 (tests/test_notebooks.py grades every exercise so). The stub itself must add nothing:
# it lands after the skeleton's class, at JShell's top level, where a statement runs when the cell
# runs, so a `throw` there would fail the exercise cell itself. (nbgrader has no Java stub that
# throws; its default is the comment "// YOUR CODE HERE".)
c.ClearSolutions.code_stub = {"java": ""}
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"

# A check cell runs several tests of a few seconds at most (a rate over a second, timeouts); nbgrader
# allows a cell 30 s by default, little on a busy grading machine.
c.Execute.timeout = 120
