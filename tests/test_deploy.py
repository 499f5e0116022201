#!/usr/bin/python3
"""The class's hub without a hub: classroom.toml's checks, the servers' kernel manager (new ports
on a restart), and the cgroup files the hub writes for a student on cgroup v2 and v1, against a fake
/sys/fs/cgroup (the real ones are exercised by tests/test_classroom.py on whatever this machine has).

    /usr/bin/python3 tests/test_deploy.py [-v] [-k PATTERN]
"""
import os
import shutil
import sys
import tempfile
import unittest
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "deploy", "jupyterhub"))
from harness import run_suites  # noqa: E402
from loombook_hub import cgroups  # noqa: E402
from loombook_hub.settings import Classroom, Limits, SettingsError, size_mb  # noqa: E402

EXAMPLE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "deploy", "jupyterhub", "classroom.toml")


class Settings(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def load(self, text):
        p = os.path.join(self.tmp, "classroom.toml")
        with open(p, "w") as f:
            f.write(text)
        return Classroom.load(p)

    def test_the_example_is_valid_once_its_password_is_changed(self):
        with self.assertRaisesRegex(SettingsError, "hub.password is still the example's"):
            Classroom.load(EXAMPLE)
        with open(EXAMPLE) as f:
            text = f.read()
        self.assertIn('password = "change me before the lesson"', text)
        c = self.load(text.replace('password = "change me before the lesson"', 'password = "tuesday-lesson-7"'))
        self.assertEqual(c.password(), "tuesday-lesson-7")
        local = self.load(text.replace('ip = "0.0.0.0"', 'ip = "127.0.0.1"'))
        self.assertEqual(local.hub.ip, "127.0.0.1", "a hub only this machine reaches may keep it (a try-out)")
        self.assertEqual(c.limits.kernel_memory_mb, 1024)
        self.assertEqual(c.limits.student_memory_mb, 3072)
        self.assertEqual(c.limits.kernel_settings(), ["quietAfterMinutes=20"])
        self.assertEqual(c.kernel_dir(), "/usr/local/share/jupyter/kernels/loombook")

    def test_sizes(self):
        self.assertEqual([size_mb(x, "x") for x in ("1g", "1536m", "2GiB", "512M", 0, "", str(3 << 30))], [1024, 1536, 2048, 512, 0, 0, 3072])
        with self.assertRaisesRegex(SettingsError, "'lots' is not a size like 1g or 1536m"):
            size_mb("lots", "limits.kernel_memory")

    def test_mistakes_are_named(self):
        cases = [
            ("[hub]\npasword = 'x'\n", "has no setting 'pasword'"),
            ("[hub]\npassword = 'x'\n[limit]\n", "unknown section(s) limit"),
            ("[hub]\npassword = 'x'\nport = '80'\n", "hub.port is a whole number, not '80'"),
            ("[hub]\nauthentication = 'shared-password'\n", "needs hub.password or hub.password_file"),
            ("[hub]\naccounts = 'none'\nauthentication = 'local'\n", "needs hub.accounts = 'system'"),
            ("[hub]\npassword = 'x'\nadmin_users = ['Teacher']\n", "'Teacher' is not a user name"),
            ("[hub]\npassword = 'x'\n[limits]\nkernel_memory = '256m'\n", "too small: a kernel needs at least 384m"),
            ("[hub]\npassword = 'x'\n[limits]\nkernel_memory = '2g'\nstudent_memory = '2g'\n", "must hold one kernel"),
            ("[hub]\npassword = 'x'\n[limits]\ntasks = 10\n", "too few"),
            ("[hub]\npassword = 'x'\n[course]\nfolder = '../etc'\n", "a plain folder name"),
            ("[hub\n", "is not valid TOML"),
        ]
        for text, says in cases:
            with self.assertRaises(SettingsError, msg=text) as e:
                self.load(text)
            self.assertIn(says, str(e.exception), text)

    def test_process_limit_and_quiet_go_to_the_kernel(self):
        c = self.load("[hub]\npassword = 'x'\n[limits]\nprocess_limit = 50000\nquiet_after_minutes = 7.5\n")
        self.assertEqual(c.limits.kernel_settings(), ["processLimit=50000", "quietAfterMinutes=7.5"])


class KernelPorts(unittest.TestCase):
    """The students' servers' kernel manager (loombook_kernel_manager): a restart that asks for new
    ports gets them, as the restarter's does after a kernel could not bind one (jupyter_client 7.4's
    own manager caches a kernel's ports and gives the same ones back). With ipykernel's python3 kernel,
    which starts in a second or two."""

    def test_a_restart_with_new_ports_gets_new_ports(self):
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
        from loombook_kernel_manager import NewPortsKernelManager
        try:
            KernelSpecManager().get_kernel_spec("python3")
        except NoSuchKernel:
            self.skipTest("no python3 kernelspec (apt-get install python3-ipykernel)")
        km = NewPortsKernelManager(kernel_name="python3")
        self.assertFalse(km.cache_ports)
        km.start_kernel()
        try:
            names = ("shell_port", "iopub_port", "stdin_port", "hb_port", "control_port")
            before = {n: km.get_connection_info()[n] for n in names}
            km.restart_kernel(now=True, newports=True)
            after = {n: km.get_connection_info()[n] for n in names}
            self.assertNotEqual(after, before, "the restart asked for new ports")
            kc = km.client()
            kc.start_channels()
            try:
                kc.wait_for_ready(timeout=60)
            finally:
                kc.stop_channels()
        finally:
            km.shutdown_kernel(now=True)


class FakeCgroups(unittest.TestCase):
    """The files written for a student, on a fake cgroup tree."""

    def setUp(self):
        self.root = tempfile.mkdtemp()
        self.limits = Limits(student_memory="2g", cpu_weight=100, cpu_cores=1.5, tasks=512)

    def tearDown(self):
        shutil.rmtree(self.root)

    def read(self, *path):
        with open(os.path.join(self.root, *path)) as f:
            return f.read()

    def _interface_files(self):
        real_makedirs = os.makedirs

        def makedirs(path, *a, **k):   # a real cgroup directory comes with its interface files
            real_makedirs(path, *a, **k)
            with open(os.path.join(path, "cgroup.controllers"), "w") as f:
                f.write("cpu memory pids")
            for name in ("cgroup.subtree_control", "cgroup.procs", "memory.swap.max"):
                if not os.path.exists(os.path.join(path, name)):
                    open(os.path.join(path, name), "w").close()
        return mock.patch.object(cgroups.os, "makedirs", side_effect=makedirs)

    def test_v2_under_the_hubs_delegated_cgroup(self):
        base = os.path.join(self.root, "system.slice", "loombook-hub-8000.scope")
        os.makedirs(base)
        for d in (self.root, base):
            with open(os.path.join(d, "cgroup.controllers"), "w") as f:
                f.write("cpuset cpu io memory pids")
            open(os.path.join(d, "cgroup.subtree_control"), "w").close()
        open(os.path.join(base, "cgroup.procs"), "w").write(str(os.getpid()))
        with mock.patch.object(cgroups, "ROOT", self.root), mock.patch.object(cgroups.os, "geteuid", return_value=0), \
                mock.patch.object(cgroups, "_own_cgroups", return_value={"": "/system.slice/loombook-hub-8000.scope"}), \
                self._interface_files():
            cg = cgroups.StudentCgroups.detect(self.limits, "8000")
            self.assertIsNotNone(cg, cgroups.StudentCgroups.reason)
            self.assertEqual(cg.version, 2)
            self.assertEqual(self.read("system.slice", "loombook-hub-8000.scope", "hub", "cgroup.procs"), str(os.getpid()), "the hub moved into a leaf")
            self.assertEqual(self.read("system.slice", "loombook-hub-8000.scope", "cgroup.subtree_control"), "+cpu +memory +pids")
            cg.create("ada")
            cg.create("bob")
        s = ("system.slice", "loombook-hub-8000.scope", "students", "ada")
        self.assertEqual(self.read(*s, "memory.max"), str(2 << 30))
        self.assertEqual(self.read(*s, "memory.swap.max"), "0")
        self.assertEqual(self.read(*s, "cpu.weight"), "100")
        self.assertEqual(self.read(*s, "cpu.max"), "150000 100000")
        self.assertEqual(self.read(*s, "pids.max"), "512")
        self.assertEqual(self.read("system.slice", "loombook-hub-8000.scope", "hub", "cpu.weight"), "200", "the hub weighs as much as the students")
        self.assertFalse(os.path.exists(os.path.join(self.root, "system.slice", "cpu.weight")), "the scope's own weight is systemd's")

    def test_v2_at_the_root_the_class_weighs_one_process_per_student(self):
        with open(os.path.join(self.root, "cgroup.controllers"), "w") as f:
            f.write("cpu memory pids")
        open(os.path.join(self.root, "cgroup.subtree_control"), "w").close()
        with mock.patch.object(cgroups, "ROOT", self.root), mock.patch.object(cgroups.os, "geteuid", return_value=0), \
                mock.patch.object(cgroups, "_own_cgroups", return_value={"": "/"}), self._interface_files():
            cg = cgroups.StudentCgroups.detect(self.limits, "8000")
            for n in ("ada", "bob", "cyd"):
                cg.create(n)
        self.assertEqual(self.read("loombook-hub-8000", "hub", "cgroup.procs"), str(os.getpid()))
        self.assertEqual(self.read("loombook-hub-8000", "cpu.weight"), "300")
        self.assertEqual(self.read("loombook-hub-8000", "students", "cpu.weight"), "300")
        self.assertEqual(self.read("loombook-hub-8000", "hub", "cpu.weight"), "300")

    def test_v2_refuses_a_cgroup_it_shares_with_other_processes(self):
        base = os.path.join(self.root, "user.slice", "session-1.scope")
        os.makedirs(base)
        open(os.path.join(self.root, "cgroup.controllers"), "w").write("cpu memory pids")
        open(os.path.join(base, "cgroup.procs"), "w").write("%d\n1\n" % os.getpid())
        with mock.patch.object(cgroups, "ROOT", self.root), mock.patch.object(cgroups.os, "geteuid", return_value=0), \
                mock.patch.object(cgroups, "_own_cgroups", return_value={"": "/user.slice/session-1.scope"}):
            self.assertIsNone(cgroups.StudentCgroups.detect(self.limits, "8000"))
            self.assertIn("shares its cgroup", cgroups.StudentCgroups.reason)
            self.assertIn("deploy/jupyterhub/start", cgroups.StudentCgroups.reason)

    def test_v1_in_each_hierarchy_and_the_class_weighs_one_process_per_student(self):
        for c in ("memory", "cpu", "pids"):
            os.makedirs(os.path.join(self.root, c, "job"))
        with mock.patch.object(cgroups, "ROOT", self.root), mock.patch.object(cgroups.os, "geteuid", return_value=0), \
                mock.patch.object(cgroups, "_own_cgroups", return_value={"memory": "/job", "cpu": "/", "pids": "/"}):
            cg = cgroups.StudentCgroups.detect(self.limits, "8000")
            self.assertEqual(cg.version, 1)
            cg.create("ada")
            cg.create("bob")
            self.assertEqual(self.read("cpu", "loombook-hub-8000", "hub", "cgroup.procs"), str(os.getpid()), "the hub has a leaf of its own")
            self.assertEqual(self.read("memory", "job", "loombook-hub-8000", "students", "ada", "memory.limit_in_bytes"), str(2 << 30))
            self.assertEqual(self.read("cpu", "loombook-hub-8000", "students", "bob", "cpu.shares"), "1024")
            self.assertEqual(self.read("cpu", "loombook-hub-8000", "students", "bob", "cpu.cfs_quota_us"), "150000")
            self.assertEqual(self.read("pids", "loombook-hub-8000", "students", "ada", "pids.max"), "512")
            self.assertEqual(self.read("cpu", "loombook-hub-8000", "cpu.shares"), "2048", "two students weigh two processes")
            self.assertEqual(self.read("cpu", "loombook-hub-8000", "hub", "cpu.shares"), "2048")

    def test_names_that_are_not_a_students_are_refused(self):
        cg = cgroups.StudentCgroups(2, {"": self.root}, self.limits)
        for bad in ("../etc", "a/b", "", "Root"):
            with self.assertRaises(cgroups.CgroupError):
                cg.create(bad)


def main():
    return run_suites((Settings, KernelPorts, FakeCgroups), {}, "deploy-test.json")


if __name__ == "__main__":
    sys.exit(main())
