#!/usr/bin/python3
"""A classroom under load: the class's JupyterHub (deploy/jupyterhub) on 127.0.0.1 with simulated students.

    /usr/bin/python3 tests/test_classroom.py [--students N] [--runs 2] [--no-runaways] [--timeout S] [--artifacts DIR]
    ./loombook classroom-test N                       (the same, by hand; tests/run.sh runs N = 5)

The hub is started with deploy/jupyterhub/start and a classroom.toml of its own (shared password,
servers as this user with homes in a temporary directory, the kernel installed into a temporary
prefix with the class's limits, cgroups when this runs as root on a machine that has them). Then:

1. one student alone logs in (the login form and the shared password), gets a server through the
   hub's REST API, opens notebook 08 through the server's sessions API and runs it top to bottom
   over the kernel websocket, twice: the reference outputs and the round trips of a quiet machine;
2. N students do the same all at once, while two more make trouble in their own kernels: one
   spawn bomb after another (SystemLimitException) and one endless allocation after another
   (MemoryStop). Every student also runs a trivial cell (`1 + 1`) after every third cell of the
   notebook, and keeps a process of their own printing a tagged line every second into their
   first cell for the whole run.

It reports per student resident memory (kernel and notebook server; the student's cgroup when
there is one), cell round trips (p50/p99), the trivial cell's round trips under load, kernel deaths
and output lost or misrouted (each student's cell outputs against the reference, digits and pids
aside; each tagged line in its own student's first cell and nowhere else). Everything is bounded by
--timeout. Python's stdlib and Debian's packages (tornado's websocket client) only.
"""
import argparse
import asyncio
import collections
import datetime
import difflib
import glob
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse
import uuid

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_suites, strip_ansi  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOK = "08_state_selective_receive_timeouts.ipynb"
PASSWORD = "lesson-" + secrets.token_hex(4)
OPTIONS = argparse.Namespace(students=5, runs=2, runaways=True, runaway_rounds=2, runaway_timeout=300, timeout=900,
                             kernel_memory="768m", artifacts=None)
MEASURED = {}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(xs, p):
    if not xs:
        return None
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, int(round(p / 100 * len(xs) + 0.5)) - 1))]


def ms(x):
    return None if x is None else round(x * 1000, 1)


# ---------------------------------------------------------------- the notebook and its outputs
def notebook_cells():
    with open(os.path.join(ROOT, "notebooks", NOTEBOOK)) as f:
        nb = json.load(f)
    cells = []
    for c in nb["cells"]:
        if c["cell_type"] == "code":
            src = "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            tags = c.get("metadata", {}).get("tags", [])
            # a cell that shows an error on purpose, and an exercise's check, which fails on the untouched
            # skeleton the students start from (notebooks/README.md, "Exercises")
            cells.append((src, "raises-exception" in tags, "ExerciseFailed" if any(t.startswith("check:") for t in tags) else None))
    return cells


PID = re.compile(r"#PID<[\d.]+>")
DIGITS = re.compile(r"\d[\d,._]*")
SPACES = re.compile(r"\s+")                # numbers padded to a width: the padding varies with them
# frames of a traceback: which frame a stack overflow or an interrupt lands in varies with timing
FRAME = re.compile(r"^\s+(at |\(thrown inside |\.\.\. )")


def normal_lines(text):
    """The distinct lines of a cell's text with what varies from run to run made equal: pids, numbers
    (times, counts, how many beats a timer managed) and the spaces that pad them, traceback frames."""
    text = DIGITS.sub("0", PID.sub("#PID", strip_ansi(text)))
    return {SPACES.sub(" ", line.strip()) for line in text.splitlines() if line.strip() and not FRAME.match(line)}


def cell_text(msgs):
    """A cell's output as text: its stdout, its stderr, then results and errors (stream messages are
    cut wherever the kernel's coalescing cut them, so each stream is joined first)."""
    streams = {"stdout": [], "stderr": []}
    rest = []
    for m in msgs:
        t, c = m["msg_type"], m["content"]
        if t == "stream":
            streams[c["name"]].append(c["text"])
        elif t in ("execute_result", "display_data"):
            rest.append("%s: %s\n" % (t, c["data"].get("text/plain", "")))
        elif t == "error":
            rest.append("error: %s\n" % c["ename"])
    return "".join(streams["stdout"]) + "".join(streams["stderr"]) + "".join(rest)


def compare(reference, actual):
    """Per cell, against the same cell of the reference run: lines **lost** (the reference has them,
    this cell has nothing like them), lines **misrouted** (this cell has them, another cell of the
    reference does, this one does not), and, reported only, lines **changed** (a reference line and a
    line here that differ in a few words: a race the load exposed) and lines **new** (in no cell of
    the reference: timing, such as a timeout that fired under load)."""
    ref = [normal_lines(t) for t in reference]
    act = [normal_lines(t) for t in actual]
    diffs = []
    for i, (r, a) in enumerate(zip(ref, act)):
        missing, extra = sorted(r - a), sorted(a - r)
        if not missing and not extra:
            continue
        changed = []
        for line in list(extra):
            best = max(missing, key=lambda m: difflib.SequenceMatcher(None, m, line).ratio(), default=None)
            if best is not None and difflib.SequenceMatcher(None, best, line).ratio() >= 0.6:
                changed.append({"was": best, "now": line})
                missing.remove(best)
                extra.remove(line)
        misrouted = {line: [j for j, other in enumerate(ref) if j != i and line in other] for line in extra}
        misrouted = {line: cells for line, cells in misrouted.items() if cells}
        diffs.append({"cell": i, "lost": missing[:5], "n_lost": len(missing), "misrouted": misrouted,
                      "changed": changed[:5], "new": [x for x in extra if x not in misrouted][:5]})
    return diffs


# ---------------------------------------------------------------- the hub
class Hub:
    """The class's hub, started with deploy/jupyterhub/start on a classroom.toml for this test."""

    def __init__(self, tmp, prefix, accounts="none", group="loombook-students"):
        self.tmp = tmp
        self.port, self.hub_port = free_port(), free_port()
        while self.hub_port + 1 == self.port:
            self.hub_port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.token = secrets.token_hex(24)
        self.prefix = prefix
        token_file = os.path.join(tmp, "api-token")
        with open(token_file, "w") as f:
            f.write(self.token)
        os.chmod(token_file, 0o600)
        self.config = os.path.join(tmp, "classroom.toml")
        with open(self.config, "w") as f:
            f.write("\n".join([
                "[hub]", 'ip = "127.0.0.1"', "port = %d" % self.port, "hub_port = %d" % self.hub_port,
                'state_dir = "%s"' % os.path.join(tmp, "state"), 'accounts = "%s"' % accounts, 'password = "%s"' % PASSWORD,
                'students_group = "%s"' % group,
                'home_base = "%s"' % os.path.join(tmp, "homes"), 'api_token_file = "%s"' % token_file,
                "[course]", 'source = "%s"' % os.path.join(self.prefix, "share", "loombook", "course"),
                "[kernel]", 'prefix = "%s"' % self.prefix,
                "[limits]", 'kernel_memory = "%s"' % OPTIONS.kernel_memory, 'student_memory = "2g"',
                "cpu_cores = 1.0", "quiet_after_minutes = 20", ""]))
        self.log = open(os.path.join(tmp, "hub.log"), "w+")
        self.proc = None
        self._http = None

    @property
    def http(self):
        """An HTTP client of the event loop that runs the scenario (made there, on first use)."""
        if self._http is None:
            # tornado's connect timeout is 20 s unless told: on a machine at load 40 this client itself
            # (its event loop) can be that late; each request is bounded by its own timeout instead
            self._http = AsyncHTTPClient(force_instance=True, max_clients=200, defaults={"connect_timeout": 120})
        return self._http

    def start(self):
        t0 = time.monotonic()
        self.proc = subprocess.Popen([os.path.join(ROOT, "deploy", "jupyterhub", "start"), "--config", self.config],
                                     stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 300               # the first start installs the kernel (AOT training)
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError("the hub exited with %s:\n%s" % (self.proc.returncode, self.log_tail()))
            try:
                import urllib.request
                with urllib.request.urlopen(self.url + "/hub/api/", timeout=2) as r:
                    if r.status == 200:
                        MEASURED["hub_start_seconds"] = round(time.monotonic() - t0, 1)
                        return
            except OSError:
                time.sleep(0.5)
        raise AssertionError("the hub did not answer within 300 s:\n" + self.log_tail())

    def log_tail(self, n=60):
        self.log.flush()
        with open(self.log.name) as f:
            return "".join(f.readlines()[-n:])

    def enforcement(self):
        self.log.flush()
        with open(self.log.name) as f:
            return [line.split("loombook classroom: ", 1)[1].strip() for line in f if "loombook classroom: " in line]

    async def api(self, method, path, body=None, token=None, raise_error=True):
        req = HTTPRequest(self.url + "/hub/api" + path, method=method, request_timeout=120,
                          headers={"Authorization": "token " + (token or self.token)},
                          body=None if body is None and method == "GET" else json.dumps(body or {}),
                          allow_nonstandard_methods=True)
        r = await self.http.fetch(req, raise_error=raise_error)
        return r.code, (json.loads(r.body) if r.body else None)

    def stop(self):
        """Stops the hub; returns the cgroups it left behind (then removes them)."""
        if self.proc is not None and self.proc.poll() is None:
            self._terminate()
        left = sorted(glob.glob("/sys/fs/cgroup/**/loombook-hub-%d" % self.port, recursive=True))
        self.reap()
        return left

    def _terminate(self):
        self.proc.send_signal(signal.SIGTERM)          # the hub stops every server (cleanup_servers) and its proxy
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def reap(self):
        """What a hub that did not stop cleanly leaves: its students' processes (by their hub's API URL) and cgroups."""
        mark = b"JUPYTERHUB_API_URL=http://127.0.0.1:%d/" % self.hub_port
        for env in glob.glob("/proc/[0-9]*/environ"):
            try:
                with open(env, "rb") as f:
                    if any(e.startswith(mark) for e in f.read().split(b"\0")):
                        os.kill(int(env.split("/")[2]), signal.SIGKILL)
            except (OSError, ValueError):
                continue
        sys.path.insert(0, os.path.join(ROOT, "deploy", "jupyterhub"))
        from loombook_hub import cgroups
        for d in glob.glob("/sys/fs/cgroup/**/loombook-hub-%d" % self.port, recursive=True):
            for below, _, _ in sorted(os.walk(d), key=lambda w: -len(w[0])):     # deepest first
                cgroups._kill_all(below)
                if below != d:
                    cgroups._rmdir(below)
            os.rmdir(d)


# ---------------------------------------------------------------- a student
class Student:
    """One student: logs in, gets a server, opens notebook 08, runs cells over the kernel websocket."""

    def __init__(self, hub, name):
        self.hub, self.name = hub, name
        self.session = uuid.uuid4().hex
        self.replies, self.idle = {}, {}
        self.outputs = collections.defaultdict(list)
        self.foreign = []                   # iopub messages whose parent is no request of this student
        self.states = []                    # kernel status other than busy/idle: restarting, dead
        self.requests = set()
        self.round_trips, self.probes = [], []
        self.probe_times = []               # (start, seconds) of each trivial cell
        self.windows = []                   # (start, end) of a runaway's cells
        self.server_pid = None
        self.cell_outputs = []              # per run, per cell: the cell's text
        self.marker_printed, self.marker_cell = None, None

    async def login(self, expect=True):
        body = urllib.parse.urlencode({"username": self.name, "password": PASSWORD})
        r = await self.hub.http.fetch(self.hub.url + "/hub/login", method="POST", body=body, follow_redirects=False, raise_error=False)
        ok = r.code == 302 and any(c.startswith("jupyterhub-hub-login=") for c in r.headers.get_list("Set-Cookie"))
        assert ok == expect, "%s %s log in with the shared password: %s %s" % (
            self.name, "could not" if expect else "could", r.code, r.body[:200])
        return ok

    async def start_server(self):
        t0 = time.monotonic()
        await self.hub.api("POST", "/users/%s/server" % self.name, raise_error=False)
        while True:
            _, u = await self.hub.api("GET", "/users/" + self.name)
            s = u.get("servers", {}).get("")
            if s and s.get("ready"):
                self.server_pid = (s.get("state") or {}).get("pid")
                break
            if time.monotonic() - t0 > 240:
                raise AssertionError("%s's server did not start within 240 s" % self.name)
            await asyncio.sleep(0.5)
        self.spawn_seconds = time.monotonic() - t0
        _, t = await self.hub.api("POST", "/users/%s/tokens" % self.name, {"note": "classroom test"})
        self.token = t["token"]

    async def open_notebook(self, path):
        base = "%s/user/%s/api" % (self.hub.url, self.name)
        r = await self.hub.http.fetch(base + "/sessions", method="POST", request_timeout=120,
                                      headers={"Authorization": "token " + self.token},
                                      body=json.dumps({"path": path, "type": "notebook", "name": os.path.basename(path),
                                                       "kernel": {"name": "loombook"}}))
        self.kernel_id = json.loads(r.body)["kernel"]["id"]
        ws = base.replace("http://", "ws://") + "/kernels/%s/channels?session_id=%s" % (self.kernel_id, self.session)
        self.ws = await websocket_connect(HTTPRequest(ws, headers={"Authorization": "token " + self.token}, connect_timeout=120, request_timeout=120),
                                          max_message_size=64 * 1024 * 1024)
        self.reader = asyncio.ensure_future(self.read())
        await self.until_connected()

    async def until_connected(self, timeout=120):
        """kernel_info until its reply and its idle status both arrive: the idle is published on iopub,
        which the server may not have subscribed for this connection yet (a PUB socket drops what is
        sent before a subscriber has joined), as jupyter_client's wait_for_ready also retries."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return await self.request("kernel_info_request", {}, timeout=min(10, max(1, deadline - time.monotonic())))
            except AssertionError:
                if time.monotonic() >= deadline:
                    raise AssertionError("%s: no answer to kernel_info_request within %s s" % (self.name, timeout))

    async def read(self):
        while True:
            raw = await self.ws.read_message()
            if raw is None:
                return
            if isinstance(raw, bytes):
                continue
            m = json.loads(raw)
            parent = m.get("parent_header", {}).get("msg_id")
            if m["channel"] == "shell":
                f = self.replies.get(parent)
                if f and not f.done():
                    f.set_result(m)
            elif m["channel"] == "iopub":
                if m["msg_type"] == "status":
                    state = m["content"]["execution_state"]
                    if state == "idle" and parent in self.idle:
                        self.idle[parent].set()
                    elif state not in ("busy", "idle", "starting"):
                        self.states.append(state)
                    continue
                if parent in self.requests:
                    self.outputs[parent].append(m)
                else:
                    self.foreign.append(m)

    async def request(self, msg_type, content, timeout=120):
        msg_id = uuid.uuid4().hex
        self.requests.add(msg_id)
        self.replies[msg_id] = asyncio.get_running_loop().create_future()
        self.idle[msg_id] = asyncio.Event()
        msg = {"header": {"msg_id": msg_id, "username": self.name, "session": self.session, "msg_type": msg_type,
                          "version": "5.3", "date": datetime.datetime.now(datetime.timezone.utc).isoformat()},
               "parent_header": {}, "metadata": {}, "content": content, "channel": "shell", "buffers": []}
        t0 = time.monotonic()
        await self.ws.write_message(json.dumps(msg))
        try:
            reply = await asyncio.wait_for(self.replies[msg_id], timeout)
            await asyncio.wait_for(self.idle[msg_id].wait(), timeout)
        except asyncio.TimeoutError:
            raise AssertionError("%s: no answer to %s within %s s (code: %r)" % (self.name, msg_type, timeout, content.get("code", "")[:80]))
        return msg_id, reply, time.monotonic() - t0

    async def execute(self, code, timeout=180):
        msg_id, reply, seconds = await self.request("execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False,
            "stop_on_error": False}, timeout)
        return msg_id, reply["content"], seconds

    async def run_notebook(self, cells, probe_every=3):
        texts, errors = [], []
        for i, (code, raises, fails_with) in enumerate(cells):
            msg_id, reply, seconds = await self.execute(code)
            self.round_trips.append(seconds)
            if fails_with is not None:
                if not (reply["status"] == "error" and reply.get("ename", "").endswith(fails_with)):
                    errors.append("cell %d: %s %s, not %s" % (i, reply["status"], reply.get("ename", ""), fails_with))
            elif (reply["status"] == "error") != raises:
                errors.append("cell %d: %s %s" % (i, reply["status"], reply.get("ename", "")))
            texts.append(msg_id)
            if probe_every and i % probe_every == probe_every - 1:
                t = time.monotonic()
                _, r, s = await self.execute("1 + 1")
                self.probes.append(s)
                self.probe_times.append((t, s))
                if r["status"] != "ok":
                    errors.append("probe after cell %d: %s" % (i, r.get("ename")))
        await asyncio.sleep(0.3)              # output a process writes as its cell ends is on its way
        self.cell_outputs.append([cell_text(self.outputs[m]) for m in texts])
        return errors

    async def start_marker(self):
        """A process of this student's that prints a numbered, tagged line every second into the first
        cell, counting what it printed. Its name and its count live outside the cell's variables, which
        a later cell may reset."""
        code = ('{\n    var count = new java.util.concurrent.atomic.AtomicInteger();\n'
                '    System.getProperties().put("classroom.marker.count", count);\n'
                '    register("classroom-marker", spawn(() -> { for (;;) { System.out.println("marker %s " + count.get()); '
                'count.incrementAndGet(); sleep(1000); } }));\n}' % self.name)
        self.marker_cell, reply, _ = await self.execute(code)
        assert reply["status"] == "ok", reply

    async def stop_marker(self):
        msg_id, reply, _ = await self.execute('exit(whereis("classroom-marker"), Reason.KILL);\n'
                                              '((java.util.concurrent.atomic.AtomicInteger) System.getProperties().get("classroom.marker.count")).get()')
        await asyncio.sleep(0.5)                         # the last line may still be on its way
        results = [m for m in self.outputs[msg_id] if m["msg_type"] == "execute_result"]
        assert reply["status"] == "ok" and results, "%s: the marker did not stop: %s" % (self.name, cell_text(self.outputs[msg_id]))
        self.marker_printed = int(results[0]["content"]["data"]["text/plain"])

    def marker_report(self):
        """Tagged lines: each in this student's first cell, none elsewhere, none lost (against the count)."""
        mine = re.compile(r"^marker %s (\d+)$" % re.escape(self.name))
        seen, misplaced = set(), 0
        for parent, msgs in self.outputs.items():
            for m in msgs:
                if m["msg_type"] != "stream":
                    continue
                for line in m["content"]["text"].splitlines():
                    if not line.startswith("marker "):
                        continue
                    g = mine.match(line)
                    if g and parent == self.marker_cell:
                        seen.add(int(g.group(1)))
                    else:
                        misplaced += 1
        misplaced += sum(1 for m in self.foreign if m["msg_type"] == "stream" and "marker " in m["content"]["text"])
        # the kill may land between a line and its count: one either way
        printed = self.marker_printed if self.marker_printed is not None else len(seen)
        lost = max(0, printed - len(seen) - 1) + len(set(range(max(seen) + 1 if seen else 0)) - seen)
        return {"printed": printed, "seen": len(seen), "lost": lost, "misplaced": misplaced}

    async def runaway(self, kind, rounds):
        """A spawn bomb or an endless allocation, `rounds` times, each in a fresh kernel (restarted between
        rounds, as a student would after one): each must end with its error (SystemLimitException,
        MemoryStop) while the others go on."""
        code = {"bomb": "for (;;) spawn(() -> receive());",
                "hog": "{ var hog = new ArrayList<long[]>(); while (true) hog.add(new long[1 << 17]); }"}[kind]
        want = {"bomb": "SystemLimitException", "hog": "MemoryStop"}[kind]
        results = []
        for i in range(rounds):
            if i:
                await self.restart_kernel()
            start = time.monotonic()
            try:
                _, reply, seconds = await self.execute(code, timeout=OPTIONS.runaway_timeout)
                results.append((reply.get("ename", "ok"), round(seconds, 1)))
            except AssertionError:
                results.append(("no answer within %d s" % OPTIONS.runaway_timeout, None))
                self.windows.append((start, time.monotonic()))
                break
            self.windows.append((start, time.monotonic()))
        return {"kind": kind, "rounds": len(results), "ended_with": sorted(set(e for e, _ in results)),
                "seconds": [x for _, x in results], "all_as_expected": all(want in e for e, _ in results)}

    async def restart_kernel(self):
        await self.hub.http.fetch("%s/user/%s/api/kernels/%s/restart" % (self.hub.url, self.name, self.kernel_id), method="POST",
                                  body="{}", headers={"Authorization": "token " + self.token}, request_timeout=180)
        await self.until_connected(180)

    def kernel_pids(self):
        if not self.server_pid:
            return []
        out = []
        for p in glob.glob("/proc/[0-9]*/stat"):
            try:
                with open(p) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.server_pid:
                    pid = int(p.split("/")[2])
                    with open("/proc/%d/cmdline" % pid, "rb") as f:
                        if b"loombook.kernel.Main" in f.read():
                            out.append(pid)
            except (OSError, IndexError, ValueError):
                continue
        return out


def rss_mb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None


class Sampler:
    """Resident memory of each student's kernel and server, and the student's cgroup, every second; the peaks."""

    def __init__(self, hub, students):
        self.hub, self.students = hub, students
        self.kernel, self.server, self.cgroup = {}, {}, {}
        self.kernel_pids = collections.defaultdict(set)
        self.parents, self.dirs = None, {}

    def cgroup_dirs(self, name):
        """The student's memory cgroup (v1 or v2), once it exists."""
        if name not in self.dirs:
            if self.parents is None:
                found = glob.glob("/sys/fs/cgroup/**/loombook-hub-%d*/students" % self.hub.port, recursive=True)
                self.parents = [p for p in found if "/memory/" in p] or [p for p in found if "/cpu/" not in p and "/pids/" not in p]
            found = [os.path.join(p, name) for p in self.parents if os.path.isdir(os.path.join(p, name))]
            if not found:
                return []
            self.dirs[name] = found
        return self.dirs[name]

    async def run(self, stop):
        while not stop.is_set():
            for s in self.students:
                for pid in s.kernel_pids():
                    self.kernel_pids[s.name].add(pid)
                    r = rss_mb(pid)
                    if r:
                        self.kernel[s.name] = max(self.kernel.get(s.name, 0), r)
                if s.server_pid:
                    r = rss_mb(s.server_pid)
                    if r:
                        self.server[s.name] = max(self.server.get(s.name, 0), r)
                for d in self.cgroup_dirs(s.name):
                    for f in ("memory.max_usage_in_bytes", "memory.peak", "memory.current"):
                        try:
                            with open(os.path.join(d, f)) as fh:
                                self.cgroup[s.name] = max(self.cgroup.get(s.name, 0), int(fh.read()) / 1024 / 1024)
                            break
                        except (OSError, ValueError):
                            continue
            try:
                await asyncio.wait_for(stop.wait(), 1.0)
            except asyncio.TimeoutError:
                pass


# ---------------------------------------------------------------- the scenario
async def scenario(hub, n, runs, runaways):
    cells = notebook_cells()
    course_path = "loombook-course/" + NOTEBOOK
    report = {"students": n, "runs": runs, "cells_per_run": len(cells)}

    # 1. one student alone: the reference
    solo = Student(hub, "solo")
    await solo.login()
    await solo.start_server()
    await solo.open_notebook(course_path)
    solo_errors = []
    for _ in range(runs):
        solo_errors += await solo.run_notebook(cells)
    report["solo"] = {"spawn_seconds": round(solo.spawn_seconds, 1), "cell_p50_ms": ms(percentile(solo.round_trips, 50)),
                      "cell_p99_ms": ms(percentile(solo.round_trips, 99)), "trivial_p50_ms": ms(percentile(solo.probes, 50)),
                      "trivial_p99_ms": ms(percentile(solo.probes, 99)), "errors": solo_errors,
                      "run_seconds": round(sum(solo.round_trips) + sum(solo.probes), 1)}
    await hub.api("DELETE", "/users/solo/server", raise_error=False)

    # 2. the class, all at once, with two runaways
    students = [Student(hub, "student-%d" % (i + 1)) for i in range(n)]
    trouble = [Student(hub, "bomber"), Student(hub, "hog")] if runaways else []
    everyone = students + trouble
    sampler = Sampler(hub, everyone)
    stop_sampling = asyncio.Event()
    sampling = asyncio.ensure_future(sampler.run(stop_sampling))
    t0 = time.monotonic()
    await asyncio.gather(*(s.login() for s in everyone))
    await asyncio.gather(*(s.start_server() for s in everyone))
    report["all_servers_ready_seconds"] = round(time.monotonic() - t0, 1)
    await asyncio.gather(*(s.open_notebook(course_path) for s in everyone))
    report["all_kernels_ready_seconds"] = round(time.monotonic() - t0, 1)

    async def lesson(s):
        errs = []
        try:
            await s.start_marker()
            for _ in range(runs):
                errs += await s.run_notebook(cells)
            await s.stop_marker()
        except AssertionError as e:             # no answer in time: reported with everything else
            errs.append(str(e))
        return errs

    trouble_tasks = [asyncio.ensure_future(s.runaway(k, OPTIONS.runaway_rounds)) for s, k in zip(trouble, ("bomb", "hog"))]
    t1 = time.monotonic()
    errors = await asyncio.gather(*(lesson(s) for s in students))
    report["class_run_seconds"] = round(time.monotonic() - t1, 1)
    trouble_results = await asyncio.gather(*trouble_tasks)
    await asyncio.sleep(1.5)
    stop_sampling.set()
    await sampling

    cells_all = [x for s in students for x in s.round_trips]
    probes_all = [x for s in students for x in s.probes]
    report["cell_p50_ms"], report["cell_p99_ms"] = ms(percentile(cells_all, 50)), ms(percentile(cells_all, 99))
    report["cell_max_ms"] = ms(max(cells_all))
    report["trivial_p50_ms"], report["trivial_p99_ms"] = ms(percentile(probes_all, 50)), ms(percentile(probes_all, 99))
    report["trivial_max_ms"] = ms(max(probes_all))
    report["trivial_under_1s"] = "%d of %d" % (sum(1 for p in probes_all if p < 1.0), len(probes_all))
    windows = [w for s in trouble for w in s.windows]
    during = [x for s in students for t, x in s.probe_times if any(a <= t + x and t <= b for a, b in windows)]
    report["trivial_during_runaways"] = {"n": len(during), "p50_ms": ms(percentile(during, 50)), "p99_ms": ms(percentile(during, 99)),
                                         "max_ms": ms(max(during)) if during else None}
    per = {}
    for s, errs in zip(students, errors):
        diffs = [compare(solo.cell_outputs[r], s.cell_outputs[r]) for r in range(min(runs, len(s.cell_outputs)))]
        per[s.name] = {
            "kernel_rss_peak_mb": round(sampler.kernel.get(s.name, 0)), "server_rss_peak_mb": round(sampler.server.get(s.name, 0)),
            "cgroup_peak_mb": round(sampler.cgroup[s.name]) if s.name in sampler.cgroup else None,
            "cell_p50_ms": ms(percentile(s.round_trips, 50)), "cell_p99_ms": ms(percentile(s.round_trips, 99)),
            "trivial_p99_ms": ms(percentile(s.probes, 99)), "errors": errs, "kernel_states": s.states,
            "kernel_processes": len(sampler.kernel_pids[s.name]), "output_diffs": diffs, "marker": s.marker_report(),
            "foreign_messages": len(s.foreign)}
    report["per_student"] = per
    report["runaways"] = trouble_results
    report["runaway_states"] = {s.name: s.states for s in trouble}
    report["runaway_rss_peak_mb"] = {s.name: round(sampler.kernel.get(s.name, 0)) for s in trouble}
    rss = [v["kernel_rss_peak_mb"] for v in per.values()]
    report["kernel_rss_peak_mb"] = {"min": min(rss), "median": statistics.median(rss), "max": max(rss)}
    srv = [v["server_rss_peak_mb"] for v in per.values()]
    report["server_rss_peak_mb"] = {"min": min(srv), "median": statistics.median(srv), "max": max(srv)}
    report["kernel_deaths"] = sum(len(v["kernel_states"]) + max(0, v["kernel_processes"] - 1) for v in per.values())
    all_diffs = [d for v in per.values() for run in v["output_diffs"] for d in run]
    report["lines_lost"] = sum(d["n_lost"] for d in all_diffs)
    report["lines_misrouted"] = sum(len(d["misrouted"]) for d in all_diffs)
    report["cells_changed"] = sorted({d["cell"] for d in all_diffs if d["changed"] or d["new"]})
    report["marker_lines_misplaced"] = sum(v["marker"]["misplaced"] for v in per.values())
    report["marker_lines_lost"] = sum(v["marker"]["lost"] for v in per.values())
    for s in everyone:
        await hub.api("DELETE", "/users/%s/server" % s.name, raise_error=False)
        s.ws.close()
    solo.ws.close()
    return report


def summary(r):
    lines = ["classroom: %d students x notebook 08 (%d cells) x %d runs, all at once%s" % (
        r["students"], r["cells_per_run"], r["runs"], ", beside a spawn bomb and an endless allocation" if r.get("runaways") else "")]
    s = r["solo"]
    lines.append("  alone:     cell p50 %s ms, p99 %s ms; trivial cell p50 %s ms, p99 %s ms; one run of the notebook %s s" % (
        s["cell_p50_ms"], s["cell_p99_ms"], s["trivial_p50_ms"], s["trivial_p99_ms"], round(s["run_seconds"] / r["runs"], 1)))
    lines.append("  the class: cell p50 %s ms, p99 %s ms, max %s ms; trivial cell p50 %s ms, p99 %s ms, max %s ms (%s under 1 s)" % (
        r["cell_p50_ms"], r["cell_p99_ms"], r["cell_max_ms"], r["trivial_p50_ms"], r["trivial_p99_ms"], r["trivial_max_ms"], r["trivial_under_1s"]))
    lines.append("  servers ready %s s, kernels ready %s s after the first login; the lesson took %s s" % (
        r["all_servers_ready_seconds"], r["all_kernels_ready_seconds"], r["class_run_seconds"]))
    lines.append("  peak resident memory per student: kernel %s MB, notebook server %s MB (min/median/max)" % (
        "/".join(str(round(r["kernel_rss_peak_mb"][k])) for k in ("min", "median", "max")),
        "/".join(str(round(r["server_rss_peak_mb"][k])) for k in ("min", "median", "max"))))
    lines.append("  kernel deaths %d; against the single-student run: lines lost %d, misrouted %d; tagged lines misplaced %d, lost %d (of %d)" % (
        r["kernel_deaths"], r["lines_lost"], r["lines_misrouted"], r["marker_lines_misplaced"], r["marker_lines_lost"],
        sum(v["marker"]["printed"] for v in r["per_student"].values())))
    if r["cells_changed"]:
        lines.append("  cells whose text changed under load (reported, not lost or misrouted): %s" % r["cells_changed"])
    for t in r.get("runaways", []):
        lines.append("  %s: %d rounds, ended with %s, %s s each" % (t["kind"], t["rounds"], ", ".join(t["ended_with"]), t["seconds"]))
    if r.get("runaways"):
        d = r["trivial_during_runaways"]
        lines.append("  trivial cells while a runaway ran: %d, p50 %s ms, p99 %s ms, max %s ms" % (d["n"], d["p50_ms"], d["p99_ms"], d["max_ms"]))
    for line in r.get("enforced", []):
        lines.append("  enforced: " + line)
    return "\n".join(lines)


_PREFIX = []


def shared_prefix():
    """Where the hubs of this run install the kernel (once: the second hub finds it installed as wanted)."""
    if not _PREFIX:
        d = tempfile.mkdtemp(prefix="loombook-classroom-kernel-")
        os.chmod(d, 0o755)
        _PREFIX.append(d)
    return os.path.join(_PREFIX[0], "prefix")


def tearDownModule():
    for d in _PREFIX:
        shutil.rmtree(d, ignore_errors=True)


def needs_hub(test):
    if not shutil.which("jupyterhub") or not shutil.which("configurable-http-proxy"):
        test.skipTest("needs Debian's jupyterhub (apt-get install jupyterhub)")


class Classroom(unittest.TestCase):
    """The scenario of the module's documentation, with its assertions."""

    def test_a_class_at_once(self):
        needs_hub(self)
        tmp = tempfile.mkdtemp(prefix="loombook-classroom-")
        os.chmod(tmp, 0o755)
        hub = Hub(tmp, shared_prefix())
        try:
            hub.start()

            async def bounded():
                return await asyncio.wait_for(scenario(hub, OPTIONS.students, OPTIONS.runs, OPTIONS.runaways), OPTIONS.timeout)
            try:
                r = asyncio.run(bounded())
            except asyncio.TimeoutError:
                raise AssertionError("the scenario did not finish within --timeout %d s" % OPTIONS.timeout)
            r["runaways_on"] = OPTIONS.runaways
            r["enforced"] = hub.enforcement()
            r["machine"] = {"cores": os.cpu_count(), "load_at_end": os.getloadavg()}
            MEASURED.update(r)
            print(summary(dict(r, runaways=r["runaways"] if OPTIONS.runaways else [])))
        finally:
            leftovers = hub.stop()
            if OPTIONS.artifacts:
                os.makedirs(OPTIONS.artifacts, exist_ok=True)
                shutil.copy(hub.log.name, os.path.join(OPTIONS.artifacts, "classroom-hub.log"))
            shutil.rmtree(tmp, ignore_errors=True)
        self.assertEqual(leftovers, [], "cgroups left behind")
        self.assertEqual(r["solo"]["errors"], [], "the notebook alone")
        for name, s in r["per_student"].items():
            self.assertEqual(s["errors"], [], name)
            self.assertEqual(s["kernel_states"], [], "%s's kernel died or restarted" % name)
            self.assertEqual(s["kernel_processes"], 1, "%s's kernel was replaced" % name)
            self.assertEqual(s["foreign_messages"], 0, "%s received output of requests not theirs" % name)
            self.assertEqual(s["marker"]["misplaced"], 0, "%s: tagged lines outside their own first cell" % name)
            self.assertEqual(s["marker"]["lost"], 0, "%s: tagged lines lost: %s" % (name, s["marker"]))
            for run in s["output_diffs"]:
                for d in run:
                    self.assertEqual((d["lost"], d["misrouted"]), ([], {}), "%s, cell %d: output lost or misrouted: %s" % (name, d["cell"], d))
        for t in r["runaways"]:
            self.assertGreater(t["rounds"], 0)
            self.assertTrue(t["all_as_expected"], "each %s ends with its error: %s" % (t["kind"], t))
        self.assertEqual(r["kernel_deaths"], 0)


@unittest.skipUnless(os.geteuid() == 0 and shutil.which("useradd") and shutil.which("userdel"), "needs root, useradd and userdel")
class SystemAccounts(unittest.TestCase):
    """hub.accounts = "system": a name logged in with the shared password becomes a Unix account in the
    students' group, its server and kernel run as that account, its home is private and holds the
    course; an existing account outside the group (root) is refused. The accounts and group are
    removed afterwards."""

    def test_students_are_unix_accounts(self):
        import grp
        import pwd
        needs_hub(self)
        group = "lbt" + secrets.token_hex(3)
        names = [group + "-ada", group + "-bob"]
        tmp = tempfile.mkdtemp(prefix="loombook-accounts-")
        os.chmod(tmp, 0o755)
        hub = Hub(tmp, shared_prefix(), accounts="system", group=group)
        seen = {}
        try:
            hub.start()

            async def lesson():
                await Student(hub, "root").login(expect=False)
                for n in names:
                    s = Student(hub, n)
                    await s.login()
                    await s.start_server()
                    await s.open_notebook("loombook-course/" + NOTEBOOK)
                    msg_id, reply, _ = await s.execute('System.getProperty("user.name") + " " + System.getProperty("user.home")')
                    seen[n] = [m["content"]["data"]["text/plain"] for m in s.outputs[msg_id] if m["msg_type"] == "execute_result"]
                    s.ws.close()
            asyncio.run(asyncio.wait_for(lesson(), 600))
            for n in names:
                account = pwd.getpwnam(n)
                self.assertIn(n, grp.getgrnam(group).gr_mem, "in the students' group")
                self.assertEqual(account.pw_dir, os.path.join(tmp, "homes", n))
                self.assertEqual(seen[n], ['"%s %s"' % (n, account.pw_dir)], "the kernel runs as the student")
                st = os.stat(account.pw_dir)
                self.assertEqual((st.st_uid, st.st_mode & 0o777), (account.pw_uid, 0o700), "a private home")
                nb = os.path.join(account.pw_dir, "loombook-course", NOTEBOOK)
                self.assertEqual(os.stat(nb).st_uid, account.pw_uid, "the course copy is the student's")
        finally:
            hub.stop()
            for n in names:
                subprocess.run(["userdel", "--remove", n], capture_output=True)
            subprocess.run(["groupdel", group], capture_output=True)
            shutil.rmtree(tmp, ignore_errors=True)


def options(ap):
    ap.add_argument("--students", type=int, default=OPTIONS.students, help="students running the notebook at once (default 5)")
    ap.add_argument("--runs", type=int, default=OPTIONS.runs, help="times each runs it top to bottom (default 2)")
    ap.add_argument("--no-runaways", dest="runaways", action="store_false", help="without the spawn bomb and endless allocation")
    ap.add_argument("--runaway-rounds", type=int, default=OPTIONS.runaway_rounds, help="spawn bombs and endless allocations each (default 2)")
    ap.add_argument("--runaway-timeout", type=int, default=OPTIONS.runaway_timeout, help="seconds a runaway cell may take to end (default 300)")
    ap.add_argument("--timeout", type=int, default=OPTIONS.timeout, help="seconds the whole scenario may take (default 900)")
    ap.add_argument("--kernel-memory", default=OPTIONS.kernel_memory, help="the class's limits.kernel_memory (default 768m)")

    def apply(a):
        if a.students < 1:
            ap.error("--students is 1 or more")
        OPTIONS.students, OPTIONS.runs, OPTIONS.runaways = a.students, a.runs, a.runaways
        OPTIONS.timeout, OPTIONS.kernel_memory = a.timeout, a.kernel_memory
        OPTIONS.runaway_rounds, OPTIONS.artifacts, OPTIONS.runaway_timeout = a.runaway_rounds, a.artifacts, a.runaway_timeout
    return apply


def main():
    return run_suites((SystemAccounts, Classroom), MEASURED, "classroom-test.json", add_arguments=options)


if __name__ == "__main__":
    sys.exit(main())
