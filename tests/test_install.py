#!/usr/bin/python3
"""The shared install (`./loombook install --system` / `--prefix DIR`), tested into a temporary prefix.

    /usr/bin/python3 tests/test_install.py [-v] [-k PATTERN] [--artifacts DIR]

A copy of what an install reads from a checkout (the installer, the built jars, the course and the
README) installs the kernel into a temporary prefix and is then deleted: the kernel must start from
the installed kernelspec alone, from an empty environment, from a hub's, and (when this runs as
root) as a user who is not root. Also: the kernelspec's fields for every launcher (VS Code, hubs,
nbgrader), the per-kernel memory budget and start-up settings, the kernel going quiet when nobody
asks it anything, a notebook server culling such a kernel (and not one that never goes quiet), and uninstalling. Needs the kernel built (kernel/target), as tests/run.sh leaves it.
"""
import asyncio
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Kernel, await_kernel_info, result_of, run_suites, stderr_of, stdout_of  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAME = "loombook-shared-test"
MEASURED = {}


def checkout_copy(dest):
    """What an install needs of a checkout, copied to dest: the installer, the jars, the course, the README."""
    os.makedirs(os.path.join(dest, "kernel", "target"))
    shutil.copytree(os.path.join(ROOT, "install"), os.path.join(dest, "install"))
    shutil.copy(os.path.join(ROOT, "kernel", "target", "loombook-kernel.jar"), os.path.join(dest, "kernel", "target"))
    shutil.copytree(os.path.join(ROOT, "kernel", "target", "lib"), os.path.join(dest, "kernel", "target", "lib"))
    os.makedirs(os.path.join(dest, "notebooks"))
    for nb in glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")):
        shutil.copy(nb, os.path.join(dest, "notebooks"))
    shutil.copy(os.path.join(ROOT, "README.md"), dest)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def install(script, *args, check=True):
    r = subprocess.run([script, *args], capture_output=True, text=True, timeout=300)
    if check and r.returncode != 0:
        raise AssertionError("%s %s failed (%d):\n%s%s" % (script, " ".join(args), r.returncode, r.stdout, r.stderr))
    return r


class SharedInstall(unittest.TestCase):
    """Installed into a prefix from a copy of the checkout that is gone before any kernel starts."""

    @classmethod
    def setUpClass(cls):
        if not os.path.exists(os.path.join(ROOT, "kernel", "target", "loombook-kernel.jar")):
            raise unittest.SkipTest("build the kernel first (./loombook build)")
        cls.tmp = tempfile.mkdtemp(prefix="loombook-shared-")
        os.chmod(cls.tmp, 0o755)
        cls.checkout = os.path.join(cls.tmp, "checkout")
        checkout_copy(cls.checkout)
        cls.prefix = os.path.join(cls.tmp, "prefix")
        t0 = time.monotonic()
        install(os.path.join(cls.checkout, "install", "install.sh"), "--prefix", cls.prefix, "--no-build", "--name", NAME,
                "--kernel-memory", "768m", "--setting", "processLimit=20000", "--setting", "quietAfterMinutes=45")
        MEASURED["install_seconds_with_aot"] = round(time.monotonic() - t0, 1)
        shutil.rmtree(cls.checkout)
        cls.kdir = os.path.join(cls.prefix, "share", "jupyter", "kernels", NAME)
        with open(os.path.join(cls.kdir, "kernel.json")) as f:
            cls.spec = json.load(f)
        cls.saved_path = os.environ.get("JUPYTER_PATH")
        os.environ["JUPYTER_PATH"] = os.path.join(cls.prefix, "share", "jupyter")

    @classmethod
    def tearDownClass(cls):
        if cls.saved_path is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = cls.saved_path
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_kernelspec_needs_nothing_from_the_checkout(self):
        text = json.dumps(self.spec)
        self.assertNotIn(self.checkout, text)
        self.assertNotIn(ROOT + "/", text)
        argv = self.spec["argv"]
        self.assertTrue(os.path.isabs(argv[0]) and argv[0].endswith("/bin/java") and os.access(argv[0], os.X_OK), argv[0])
        cp = argv[argv.index("-cp") + 1].split(":")
        self.assertTrue(all(p.startswith(self.kdir + "/lib/") and os.path.isfile(p) for p in cp), cp)
        aot = [a for a in argv if a.startswith("-XX:AOTCache=")]
        log = os.path.join(self.kdir, "aot-training.log")       # the installer keeps it when the training failed
        self.assertEqual(len(aot), 1, "an ahead-of-time cache; the training's log:\n" + (open(log).read()[-4000:] if os.path.isfile(log) else "(none)"))
        self.assertTrue(os.path.isfile(aot[0].split("=", 1)[1]))
        docs = [a for a in argv if a.startswith("-Dloombook.docs=file://")]
        self.assertEqual(len(docs), 1, argv)
        self.assertTrue(os.path.isfile(docs[0].split("file://", 1)[1]), docs)
        course = os.path.join(self.prefix, "share", "loombook", "course")
        self.assertIn("08_state_selective_receive_timeouts.ipynb", os.listdir(course))
        self.assertFalse(any(n.endswith(".java") for n in os.listdir(course)), "no solutions in the students' copy")
        for dirpath, dirs, files in os.walk(self.prefix):
            for n in dirs + files:
                mode = os.stat(os.path.join(dirpath, n)).st_mode
                self.assertTrue(mode & 0o004, "%s is not readable by every user" % os.path.join(dirpath, n))

    def test_kernelspec_fields_every_launcher_reads(self):
        s = self.spec
        self.assertEqual(s["language"], "java", "lowercase: nbgrader and VS Code match on it")
        self.assertEqual(s["interrupt_mode"], "message")
        for k, v in s["env"].items():
            self.assertIsInstance(v, str)
            self.assertNotIn("$", v, "no ${VAR}: VS Code expands an unset one to '' and jupyter_client leaves it as is")
        self.assertFalse({"PATH", "JAVA_HOME", "CLASSPATH", "HOME", "LANG"} & set(s["env"]), s["env"])
        self.assertEqual(s["metadata"]["loombook"]["kernel_memory"], "768m")
        self.assertIn("-Xmx608m", s["argv"], "the heap is the kernel's memory budget minus 160 MB for the JVM's own")
        self.assertIn("-Dloombook.settings=processLimit=20000 quietAfterMinutes=45", s["argv"])

    def _check_kernel(self, k):
        info = k.request("kernel_info")["content"]
        li = info["language_info"]
        self.assertEqual((li["name"], li["pygments_lexer"], li["codemirror_mode"]), ("java", "java", "text/x-java"))
        self.assertTrue(li["file_extension"].startswith("."))
        docs = [h["url"] for h in info["help_links"] if h["url"].startswith("file://")]
        self.assertEqual(len(docs), 1, info["help_links"])
        self.assertTrue(docs[0].startswith("file://" + self.kdir + "/"), docs)
        r, msgs, _ = k.execute('System.out.println("✓ café ✗");\n6 * 7')
        self.assertEqual(r["content"]["status"], "ok", msgs)
        self.assertEqual(stdout_of(msgs), "✓ café ✗\n")
        self.assertEqual(result_of(msgs), "42")
        _, msgs, _ = k.execute("Runtime.getRuntime().maxMemory() / (1024 * 1024)")
        self.assertTrue(560 <= int(result_of(msgs)) <= 620, "max heap %s MB for a 768m kernel" % result_of(msgs))
        _, msgs, _ = k.execute("%settings processLimit quietAfterMinutes")
        self.assertIn("processLimit = 20000", stdout_of(msgs))
        self.assertIn("quietAfterMinutes = 45", stdout_of(msgs))
        _, msgs, _ = k.execute('Pid p = spawn(() -> { sleep(300); System.out.println("late from " + self()); });')
        first = msgs[0]["parent_header"]["msg_id"]
        deadline = time.monotonic() + 10
        while "late from" not in stdout_of(k.by_parent.get(first, [])) and time.monotonic() < deadline:
            k.pump(0.1)
        self.assertIn("late from #PID<", stdout_of(k.by_parent.get(first, [])))

    def test_starts_from_an_empty_environment(self):
        """No PATH, HOME, LANG or JAVA_HOME: all the kernel needs is in its argv."""
        t0 = time.monotonic()
        k = Kernel(name=NAME, base_env={})
        MEASURED["start_to_ready_seconds_empty_env"] = round(time.monotonic() - t0, 2)
        try:
            self._check_kernel(k)
            _, msgs, _ = k.execute('System.getenv("PATH") + " " + System.getenv("MALLOC_ARENA_MAX")')
            self.assertEqual(result_of(msgs), '"null 2"')
        finally:
            k.stop()

    def test_starts_from_a_hubs_environment(self):
        """What jupyterhub-singleuser passes down, with a stale JAVA_HOME and CLASSPATH that must not matter."""
        env = {"PATH": "/usr/bin:/bin", "LANG": "C", "HOME": self.tmp, "USER": "student",
               "JUPYTERHUB_USER": "student", "JUPYTERHUB_API_URL": "http://127.0.0.1:8081/hub/api",
               "MEM_LIMIT": "1073741824", "CPU_LIMIT": "0.5",
               "JAVA_HOME": "/nonexistent/jdk-8", "CLASSPATH": "/nonexistent/old.jar", "MALLOC_ARENA_MAX": "8"}
        k = Kernel(name=NAME, base_env=env)
        try:
            self._check_kernel(k)
            _, msgs, _ = k.execute('System.getenv("MALLOC_ARENA_MAX")')
            self.assertEqual(result_of(msgs), '"2"', "the kernelspec's env wins over the spawner's")
        finally:
            k.stop()

    @unittest.skipUnless(os.geteuid() == 0 and shutil.which("setpriv"), "needs root (to become another user) and setpriv")
    def test_another_user_runs_it(self):
        """A shared install is for every user: started as 'nobody', from the same kernelspec and its AOT cache."""
        from jupyter_client import BlockingKernelClient
        from jupyter_client.connect import write_connection_file
        work = tempfile.mkdtemp(prefix="nobody-", dir=self.tmp)
        os.chmod(work, 0o777)
        cf, _ = write_connection_file(os.path.join(work, "kernel.json"), ip="127.0.0.1")
        os.chmod(cf, 0o644)
        argv = [a.replace("{connection_file}", cf) for a in self.spec["argv"]]
        err = open(os.path.join(work, "stderr"), "w+")
        proc = subprocess.Popen(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *argv],
                                env=dict(self.spec["env"]), cwd=work, stdout=subprocess.DEVNULL, stderr=err)
        kc = BlockingKernelClient(connection_file=cf)
        kc.load_connection_file()
        kc.start_channels()
        try:
            def running():
                err.seek(0)
                return proc.poll() is None, "as 'nobody': " + err.read()
            await_kernel_info(kc, running)
            reply = kc.execute_interactive('System.getProperty("user.name") + " " + (1 + 1)', timeout=30,
                                           output_hook=lambda m: setattr(self, "_last", m) if m["msg_type"] == "execute_result" else None)
            self.assertEqual(reply["content"]["status"], "ok")
            self.assertEqual(self._last["content"]["data"]["text/plain"], '"nobody 2"')
        finally:
            kc.shutdown()
            kc.stop_channels()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
            err.seek(0)
            log = err.read()
            err.close()
        self.assertNotIn("aot", log.lower(), "the AOT cache was not usable by another user:\n" + log)

    def test_quiet_after_no_request(self):
        """A process that prints for ever stops reaching the frontend once nobody has asked anything for
        quietAfterMinutes (one notice under its cell); the next request brings it back, with the count."""
        k = Kernel(name=NAME)
        try:
            k.execute("%settings quietAfterMinutes=0.05")         # 3 s
            _, msgs, _ = k.execute("Pid ticker = spawn(() -> { for (int i = 0; ; i++) { "
                                   "System.out.println(\"tick \" + i); sleep(100); } });")
            cell = msgs[0]["parent_header"]["msg_id"]
            started = time.monotonic()
            arrivals = []
            while time.monotonic() - started < 7:
                before = len(k.by_parent.get(cell, []))
                k.pump(0.05)
                for m in k.by_parent.get(cell, [])[before:]:
                    if m["msg_type"] == "stream":
                        arrivals.append((time.monotonic() - started, m["content"]["name"], m["content"]["text"]))
            ticks = [t for t, name, _ in arrivals if name == "stdout"]
            notices = [text for _, name, text in arrivals if name == "stderr"]
            self.assertTrue(ticks and ticks[-1] < 3.6, "ticks stop about 3 s after the last request: %s" % ticks[-5:])
            self.assertGreater(len(ticks), 0)
            self.assertEqual(len(notices), 1, notices)
            self.assertIn("paused", notices[0])
            MEASURED["quiet_last_tick_after_seconds"] = round(ticks[-1], 2)
            seen = len(k.by_parent[cell])
            k.request("kernel_info")                               # a frontend reconnecting
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and not ("output resumed" in stderr_of(k.by_parent[cell][seen:])
                                                       and "tick" in stdout_of(k.by_parent[cell][seen:])):
                k.pump(0.1)
            later = k.by_parent[cell][seen:]
            self.assertRegex(stderr_of(later), r"output resumed; [\d,]+ writes \([\d,]+ characters\) were dropped")
            self.assertIn("tick", stdout_of(later), "the ticks are back")
            r, _, _ = k.execute("exit(ticker, Reason.KILL);")
            self.assertEqual(r["content"]["status"], "ok")
        finally:
            k.stop()


    def test_a_printing_kernel_is_culled_once_quiet(self):
        """The class's idle culling (deploy/jupyterhub: the notebook server's culler, connected and busy
        kernels alike) against a process that prints for ever: with quietAfterMinutes its kernel stops
        counting as active and is culled; the same ticker in a kernel that never goes quiet keeps its
        kernel alive. Both through a real notebook server and its kernel websocket, left unattended."""
        asyncio.run(self._culling())

    async def _culling(self):
        from tornado.httpclient import AsyncHTTPClient, HTTPRequest
        from tornado.websocket import websocket_connect
        port, token, quiet_s, idle_s = free_port(), "culling-test", 3, 4
        run = tempfile.mkdtemp(prefix="loombook-cull-", dir=self.tmp)
        env = dict(os.environ, JUPYTER_RUNTIME_DIR=os.path.join(run, "runtime"), JUPYTER_CONFIG_DIR=os.path.join(run, "config"),
                   JUPYTER_DATA_DIR=os.path.join(run, "data"))
        log = open(os.path.join(run, "server.log"), "w+")
        server = subprocess.Popen(["jupyter-notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1", "--port=%d" % port,
                                   "--NotebookApp.token=" + token, "--notebook-dir=" + run,
                                   "--MappingKernelManager.cull_idle_timeout=%d" % idle_s, "--MappingKernelManager.cull_interval=1",
                                   "--MappingKernelManager.cull_connected=True", "--MappingKernelManager.cull_busy=True"],
                                  env=env, stdout=log, stderr=subprocess.STDOUT)
        http = AsyncHTTPClient(force_instance=True)
        base = "http://127.0.0.1:%d/api" % port
        auth = {"Authorization": "token " + token}

        async def api(method, path, body=None):
            r = await http.fetch(HTTPRequest(base + path, method=method, headers=auth, request_timeout=60,
                                             body=None if body is None else json.dumps(body)), raise_error=False)
            return r.code, (json.loads(r.body) if r.body else None)

        async def start_ticker(quiet_minutes):
            code, k = await api("POST", "/kernels", {"name": NAME})
            self.assertEqual(code, 201, k)
            ws = await websocket_connect(HTTPRequest("ws://127.0.0.1:%d/api/kernels/%s/channels" % (port, k["id"]), headers=auth,
                                                     request_timeout=120))
            for source in ("%%settings quietAfterMinutes=%s" % quiet_minutes,
                           'Pid ticker = spawn(() -> { for (int i = 0; ; i++) { System.out.println("tick " + i); sleep(200); } });'):
                msg_id = "cull-%s-%d" % (k["id"], len(source))
                ws.write_message(json.dumps({"header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "t",
                                                        "session": "cull", "version": "5.3"},
                                             "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                                             "content": {"code": source, "silent": False, "store_history": True,
                                                         "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
                while True:
                    m = json.loads(await asyncio.wait_for(ws.read_message(), 120))
                    if m["msg_type"] == "execute_reply" and m["parent_header"].get("msg_id") == msg_id:
                        self.assertEqual(m["content"]["status"], "ok", m["content"])
                        break
            ticks = 0
            while ticks < 3:                                       # the ticker prints
                m = json.loads(await asyncio.wait_for(ws.read_message(), 30))
                ticks += m["msg_type"] == "stream" and "tick" in m["content"]["text"]
            ws.close()                                             # the student leaves; the tab is gone
            while await asyncio.wait_for(ws.read_message(), 30) is not None:
                pass
            return k["id"], time.monotonic()

        try:
            deadline = time.monotonic() + 60
            while not await self._up(http, base):
                self.assertLess(time.monotonic(), deadline, "the notebook server did not start")
                await asyncio.sleep(0.5)
            loud, _ = await start_ticker(0)                         # 0: never quiet
            quiet, left = await start_ticker(quiet_s / 60)
            culled_after = None
            while time.monotonic() - left < 90:
                _, kernels = await api("GET", "/kernels")
                ids = {k["id"] for k in kernels}
                if quiet not in ids and culled_after is None:
                    culled_after = time.monotonic() - left
                self.assertIn(loud, ids, "a kernel printing every 200 ms is never idle for the culler")
                if culled_after is not None and time.monotonic() - left > culled_after + 2 * idle_s:
                    break
                await asyncio.sleep(0.5)
            self.assertIsNotNone(culled_after, "the quiet kernel was not culled in 90 s (quiet %d s, idle %d s)" % (quiet_s, idle_s))
            self.assertGreater(culled_after, quiet_s + idle_s - 1.5, "culled before its quiet and idle times had passed")
            MEASURED["culled_seconds_after_the_student_left"] = round(culled_after, 1)
            log.seek(0)
            self.assertIn("Culling", log.read())
        finally:
            http.close()
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()

    @staticmethod
    async def _up(http, base):
        try:
            await http.fetch(base, request_timeout=5)
            return True
        except Exception:
            return False


class Uninstall(unittest.TestCase):
    """Uninstalling takes the kernelspec and the course away and nothing else."""

    def test_uninstall_removes_what_it_installed_only(self):
        tmp = tempfile.mkdtemp(prefix="loombook-uninstall-")
        try:
            script = os.path.join(ROOT, "install", "install.sh")
            prefix = os.path.join(tmp, "prefix")
            install(script, "--prefix", prefix, "--no-build", "--no-aot", "--name", NAME)
            kernels = os.path.join(prefix, "share", "jupyter", "kernels")
            other = os.path.join(kernels, "python3")
            os.makedirs(other)
            with open(os.path.join(other, "kernel.json"), "w") as f:
                json.dump({"argv": ["python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"], "language": "python"}, f)
            r = install(script, "--prefix", prefix, "--uninstall", "--name", NAME)
            self.assertIn("removed the Loombook kernelspec", r.stdout)
            self.assertIn("removed the Loombook course", r.stdout)
            self.assertFalse(os.path.exists(os.path.join(kernels, NAME)))
            self.assertFalse(os.path.exists(os.path.join(prefix, "share", "loombook")))
            self.assertTrue(os.path.isfile(os.path.join(other, "kernel.json")), "another kernel is left alone")
            r = install(script, "--prefix", prefix, "--uninstall", "--name", "python3", check=False)
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("is not a Loombook kernelspec; leaving it alone", r.stderr)
            self.assertTrue(os.path.isfile(os.path.join(other, "kernel.json")))
            r = install(script, "--prefix", prefix, "--uninstall", "--name", NAME)
            self.assertIn("nothing to remove", r.stdout)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def test_bad_options_say_what_is_wrong(self):
        script = os.path.join(ROOT, "install", "install.sh")
        tmp = tempfile.mkdtemp(prefix="loombook-badopts-")
        try:
            for args, says in [(["--kernel-memory", "lots"], "--kernel-memory takes a size such as 1g or 1536m, not 'lots'"),
                               (["--kernel-memory", "200m"], "too small: a kernel needs at least 384m"),
                               (["--setting", "processLimit"], "--setting takes NAME=VALUE"),
                               (["--setting", "noSuchSetting=3"], "there is no setting noSuchSetting")]:
                r = install(script, "--prefix", tmp, "--no-build", "--no-aot", "--name", NAME, *args, check=False)
                self.assertNotEqual(r.returncode, 0, args)
                self.assertIn(says, r.stderr, args)
                self.assertFalse(os.path.exists(os.path.join(tmp, "share", "jupyter", "kernels", NAME)), "nothing installed: %s" % args)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def main():
    return run_suites((SharedInstall, Uninstall), MEASURED, "install-test.json")


if __name__ == "__main__":
    sys.exit(main())
