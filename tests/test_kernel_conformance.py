#!/usr/bin/python3
"""The kernel against jupyter_kernel_test (Debian's python3-jupyter-kernel-test): every message it
checks is validated against the protocol's schemas, with samples in the style of IJava, the Java
kernel whose notebooks students may bring (`String s = "x"; s.len` completes to `length()`,
`display("<b>bold</b>", "text/html")` sends text/html).

Run by tests/run.sh with the kernel installed into a temporary Jupyter path (see harness.py):

    /usr/bin/python3 tests/test_kernel_conformance.py [-v] [-k PATTERN] [--artifacts DIR]
"""
import os
import sys

import jupyter_kernel_test

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import KERNEL, run_suites  # noqa: E402


class LoombookKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL
    language_name = "java"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("to stderr");'

    completion_samples = [
        {"text": 'String s = "x"; s.len', "matches": {"length()"}},
        {"text": "Pid worker = spawn(() -> {});\nsend(wor", "matches": {"worker"}},
        {"text": "Math.ab", "matches": {"abs(", "absExact("}},
        {"text": "%ls", "matches": {"%lsmagic"}},
    ]

    complete_code_samples = ["int x = 1;", "1 + 1", 'System.out.println("hi");', "void f() {}"]
    incomplete_code_samples = ["void f() {", "for (int i = 0; i < 3; i++) {", "int x = "]
    invalid_code_samples = ["}", "int x = ;"]

    code_generate_error = 'throw new IllegalStateException("on purpose");'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"con" + "cat"', "result": '"concat"'},
        {"code": "List.of(1, 2, 3)", "result": "[1, 2, 3]"},
    ]

    code_display_data = [
        {"code": 'display("<b>bold</b>", "text/html");', "mime": "text/html"},
        {"code": 'display("*emphasis*", "text/markdown");', "mime": "text/markdown"},
        {"code": "display(html(\"<i>hi</i>\"));", "mime": "text/html"},
        {"code": "display(self());", "mime": "text/html"},
    ]

    code_history_pattern = "6 *"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "spawn"


def main():
    return run_suites((LoombookKernelTests,), {}, "kernel-conformance-test.json")


if __name__ == "__main__":
    sys.exit(main())
