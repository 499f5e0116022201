#!/usr/bin/python3
"""What every real-client test of the kernel shares: a started kernel with a client, the iopub
messages sorted by the request they answer, the text of a cell's streams and result, the kernel
process's CPU time and resident memory, and the command line of a test script.

    from harness import Kernel, KernelTest, run_suites, stdout_of
    k = Kernel()
    reply, msgs, _ = k.execute('System.out.println("hi")')
    assert stdout_of(msgs) == "hi\n"

The kernel is the installed kernelspec named by LOOMBOOK_TEST_KERNEL (default `loombook`), found on
JUPYTER_PATH: tests/run.sh installs it into a temporary Jupyter path, never the user's own.
"""
import argparse
import json
import os
import re
import time
import unittest

from jupyter_client.manager import KernelManager

KERNEL = os.environ.get("LOOMBOOK_TEST_KERNEL", "loombook")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def strip_ansi(s):
    return ANSI.sub("", s)


class Kernel:
    """A started kernel and a client, with the iopub messages sorted by the request they answer."""

    def __init__(self, env=None, name=None, wait=True, base_env=None):
        """Starts the kernelspec `name` (default: LOOMBOOK_TEST_KERNEL) with `env` added to this
        process's environment, or to `base_env` when that is given (the whole environment the kernel
        starts from, as a hub's spawner or VS Code would give it); with wait=False, returns as soon as
        the channels are open, before the kernel has answered anything (for timing its start)."""
        self.km = KernelManager(kernel_name=name or KERNEL)
        if env or base_env is not None:
            self.km.start_kernel(env=dict(os.environ if base_env is None else base_env, **(env or {})))
        else:
            self.km.start_kernel()
        self.kc = self.km.client()
        self.kc.start_channels()
        if wait:
            self.kc.wait_for_ready(timeout=60)
        self.by_parent = {}

    @property
    def pid(self):
        prov = getattr(self.km, "provisioner", None)
        proc = getattr(prov, "process", None) if prov is not None else None
        return (proc or self.km.kernel).pid

    def pump(self, timeout=0.0):
        """Moves iopub messages into by_parent; waits at most `timeout` for the first."""
        try:
            m = self.kc.get_iopub_msg(timeout=timeout)
        except Exception:
            return False
        while m is not None:
            self.by_parent.setdefault(m["parent_header"].get("msg_id"), []).append(m)
            try:
                m = self.kc.get_iopub_msg(timeout=0)
            except Exception:
                m = None
        return True

    def idle(self, msg_id, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            for m in self.by_parent.get(msg_id, []):
                if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                    return self.by_parent[msg_id]
            if time.monotonic() > deadline:
                raise AssertionError("no idle status for %s within %s s" % (msg_id, timeout))
            self.pump(timeout=0.1)

    def first(self, msg_id, msg_type, timeout=30):
        """The first iopub message of `msg_type` that answers msg_id, waiting for it."""
        deadline = time.monotonic() + timeout
        while True:
            for m in self.by_parent.get(msg_id, []):
                if m["msg_type"] == msg_type:
                    return m
            if time.monotonic() > deadline:
                raise AssertionError("no %s for %s within %s s" % (msg_type, msg_id, timeout))
            self.pump(timeout=0.1)

    def shell_reply(self, msg_id, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            m = self.kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
            if m["parent_header"].get("msg_id") == msg_id:
                return m

    def execute(self, code, timeout=30, **kw):
        msg_id = self.kc.execute(code, **kw)
        reply = self.shell_reply(msg_id, timeout)
        msgs = self.idle(msg_id, timeout)
        return reply, msgs, msg_id

    def request(self, method, *args, **kw):
        msg_id = getattr(self.kc, method)(*args, **kw)
        reply = self.shell_reply(msg_id)
        self.idle(msg_id)
        return reply

    def stop(self):
        try:
            self.kc.stop_channels()
        finally:
            if self.km.is_alive():
                self.km.shutdown_kernel(now=True)


class KernelTest(unittest.TestCase):
    """A test class whose tests share one kernel, `self.k`: started before the first test, stopped
    after the last. KERNEL_ENV adds to the kernel's environment."""
    KERNEL_ENV = None

    @classmethod
    def setUpClass(cls):
        cls.k = Kernel(env=cls.KERNEL_ENV)

    @classmethod
    def tearDownClass(cls):
        cls.k.stop()


def await_kernel_info(kc, running, timeout=60):
    """Asks a kernel started without a manager for kernel_info until it answers. `running()` says
    whether its process still runs (its liveness is the process's, not the heartbeat's: without a
    manager, wait_for_ready calls a kernel dead when its first heartbeat takes over a second, as a
    JVM starting on a busy machine does) and returns a text for the failure message when it does
    not. Raises AssertionError when the process ends or `timeout` passes."""
    deadline, asked = time.monotonic() + timeout, set()
    while True:
        ok, why = running()
        if not ok:
            raise AssertionError("the kernel ended before it answered: %s" % why)
        if time.monotonic() > deadline:
            raise AssertionError("the kernel did not answer kernel_info in %d s: %s" % (timeout, why))
        asked.add(kc.kernel_info())
        try:
            if kc.get_shell_msg(timeout=2)["parent_header"].get("msg_id") in asked:
                return
        except Exception:
            continue


def stdout_of(msgs):
    return "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def stderr_of(msgs):
    return "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")


def result_of(msgs):
    for m in msgs:
        if m["msg_type"] == "execute_result":
            return m["content"]["data"]["text/plain"]
    return None


def stat_fields(pid):
    """The fields of /proc/PID/stat after the command name (state first)."""
    with open("/proc/%d/stat" % pid) as f:
        return f.read().rsplit(")", 1)[1].split()


def cpu_seconds(pid):
    fields = stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def alive(pid):
    """Whether the process runs (a zombie that no one has reaped yet counts as ended)."""
    try:
        return stat_fields(pid)[0] != "Z"
    except OSError:
        return False


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024


def run_suites(cases, measured, artifacts_file, add_arguments=None):
    """The command line every test script has: -v, -k PATTERN (repeatable), --artifacts DIR, plus
    what add_arguments(parser) adds (it may return a function, called with the parsed arguments
    before the run). Runs the unittest classes `cases`, prints the figures in `measured` and writes
    them to DIR/artifacts_file. Returns the exit status: 0 when every test passed."""
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", action="store_true")
    ap.add_argument("-k", dest="pattern", action="append", help="only tests whose name contains this")
    ap.add_argument("--artifacts", help="directory for the measured figures (%s)" % artifacts_file)
    on_args = add_arguments(ap) if add_arguments else None
    a = ap.parse_args()
    if on_args:
        on_args(a)
    loader = unittest.TestLoader()
    if a.pattern:
        loader.testNamePatterns = ["*%s*" % p for p in a.pattern]
    suite = unittest.TestSuite([loader.loadTestsFromTestCase(c) for c in cases])
    result = unittest.TextTestRunner(verbosity=2 if a.v else 1).run(suite)
    print("measured:", json.dumps(measured))
    if a.artifacts:
        os.makedirs(a.artifacts, exist_ok=True)
        with open(os.path.join(a.artifacts, artifacts_file), "w") as f:
            json.dump(measured, f, indent=2)
    return 0 if result.wasSuccessful() else 1
