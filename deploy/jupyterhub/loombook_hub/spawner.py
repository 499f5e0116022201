"""The class's spawner: JupyterHub's LocalProcessSpawner (each student's notebook server a process
of their own Unix account), plus a copy of the course in the student's home on first login, the
student's cgroup (memory, CPU, tasks) joined before the server starts, and nothing left running
when it stops.

With `accounts = "none"` (hub.accounts in classroom.toml) every server runs as the hub's own user
with a home of its own under hub.home_base: for a demo or a load test on one's own machine, with no
isolation between students beyond the kernel's and the cgroups' limits.
"""
import os
import pwd
import shutil
import signal
import subprocess
import sys

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from traitlets import Bool, Unicode

# Copies the course files a student does not have yet; never overwrites their work. Runs as the student.
_COPY = r"""
import os, shutil, sys
src, dest = sys.argv[1], sys.argv[2]
os.makedirs(dest, exist_ok=True)
for name in sorted(os.listdir(src)):
    if name.startswith("."):
        continue
    target = os.path.join(dest, name)
    if not os.path.lexists(target):
        shutil.copyfile(os.path.join(src, name), target)
"""


class ClassroomSpawner(LocalProcessSpawner):
    """See the module's documentation. The cgroups are the class attribute `cgroups` (set by
    jupyterhub_config.py from classroom.toml; None when the machine cannot enforce them)."""

    cgroups = None

    run_as_hub_user = Bool(False, help="Every server as the hub's user, with a home under home_base (accounts = 'none').").tag(config=True)
    home_base = Unicode("/home/loombook", help="Where homes of servers run as the hub's user are made.").tag(config=True)
    course_source = Unicode("", help="The course notebooks copied into each student's home.").tag(config=True)
    course_folder = Unicode("loombook-course", help="The name of that copy in the home.").tag(config=True)

    def home(self):
        if self.run_as_hub_user:
            return os.path.join(self.home_base, self.user.name)
        return pwd.getpwnam(self.user.name).pw_dir

    def user_env(self, env):
        if not self.run_as_hub_user:
            return super().user_env(env)
        env["USER"] = self.user.name
        env["HOME"] = self.home()
        env["SHELL"] = "/bin/bash"
        return env

    def make_preexec_fn(self, name):
        join = self.cgroups.joiner(name) if self.cgroups else None
        home = self.home()
        if self.run_as_hub_user:
            def become():
                os.chdir(home)
        else:
            become = set_user_setuid(name)

        def preexec():
            if join:
                join()              # still root: into the student's cgroup, then drop privileges
            become()
        return preexec

    def prepare_home(self):
        """The student's home exists and holds the course (missing files only: their work stays)."""
        home = self.home()
        if self.run_as_hub_user:
            os.makedirs(home, mode=0o755, exist_ok=True)
            demote = None
        else:
            user = pwd.getpwnam(self.user.name)
            if not os.path.isdir(home):
                os.makedirs(home, mode=0o700)
                os.chown(home, user.pw_uid, user.pw_gid)
            demote = set_user_setuid(self.user.name)
        if not self.course_source:
            return
        if not os.path.isdir(self.course_source):
            self.log.error("the course is not at %s: install it with ./loombook install --system (or --prefix)", self.course_source)
            return
        # as the student, so that a link they planted in their home cannot make root write elsewhere
        r = subprocess.run([sys.executable, "-c", _COPY, self.course_source, os.path.join(home, self.course_folder)],
                           preexec_fn=demote, capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            self.log.error("could not copy the course into %s's home: %s", self.user.name, r.stderr.strip()[-500:])

    async def start(self):
        self.prepare_home()
        if self.cgroups:
            self.cgroups.create(self.user.name)
        return await super().start()

    async def stop(self, now=False):
        await super().stop(now=now)
        # The server is gone; its kernels should be too (a server killed hard leaves them running).
        if self.cgroups:
            try:
                self.cgroups.remove(self.user.name)
            except Exception as e:           # a stuck task must not keep the hub from going on
                self.log.error("%s's cgroup: %s", self.user.name, e)
        else:
            self.reap_orphans()

    def reap_orphans(self):
        """Without cgroups: kills processes that still carry this student's hub session (JUPYTERHUB_USER)."""
        me = os.getpid()
        uid = os.getuid() if self.run_as_hub_user else pwd.getpwnam(self.user.name).pw_uid
        for pid in (int(p) for p in os.listdir("/proc") if p.isdigit()):
            if pid == me:
                continue
            try:
                if os.stat("/proc/%d" % pid).st_uid != uid:
                    continue
                with open("/proc/%d/environ" % pid, "rb") as f:
                    env = f.read().split(b"\0")
            except OSError:
                continue
            if b"JUPYTERHUB_USER=" + self.user.name.encode() in env:
                self.log.info("ending %s's leftover process %d", self.user.name, pid)
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass


def which(program):
    """The absolute path of `program`, for a spawner's command (a student's PATH must not choose it)."""
    return shutil.which(program) or program
