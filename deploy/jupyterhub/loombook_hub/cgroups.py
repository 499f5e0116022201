"""One cgroup per student under the hub's own: a memory limit, a CPU share (and cap) and a task
limit for everything the student runs (notebook server, kernels, a terminal's processes), and a way
to end all of it when the server stops, orphans included.

    cg = StudentCgroups.detect(limits, tag="8000")    # None, with cg_reason, when the machine cannot
    cg.create("alice"); preexec = cg.joiner("alice")  # preexec runs in the child, as root, before setuid
    cg.usage("alice")                                 # {'memory': ..., 'memory_peak': ..., 'tasks': ...}
    cg.remove("alice")                                # kills what is left, then removes the cgroup

cgroup v2 (Debian 12 with systemd, Kubernetes nodes): the hub's cgroup must be one it may divide
(the start command runs the hub in a systemd scope with Delegate=yes); the hub moves itself into a
leaf `hub` and creates `students/<name>`. cgroup v1 (older or hybrid hosts): the same tree in each of
the memory, cpu and pids hierarchies, under the hub's own cgroup in each. Needs root.
"""
import os
import re
import signal
import time

ROOT = "/sys/fs/cgroup"
_SAFE = re.compile(r"[a-z][a-z0-9_-]{0,63}")


class CgroupError(RuntimeError):
    """A cgroup could not be made, limited, joined or removed; the message says which file and why."""


def _write(path, value):
    try:
        with open(path, "w") as f:
            f.write(str(value))
    except OSError as e:
        raise CgroupError("cannot write %r to %s: %s" % (value, path, e.strerror or e))


def _read(path, default=None):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return default


def _own_cgroups():
    """{controller or '' for v2: path} of this process, from /proc/self/cgroup."""
    out = {}
    with open("/proc/self/cgroup") as f:
        for line in f:
            _, ctrls, path = line.rstrip("\n").split(":", 2)
            for c in ctrls.split(",") if ctrls else [""]:
                out[c] = path
    return out


def _pids(directory):
    text = _read(os.path.join(directory, "cgroup.procs"), "")
    return [int(p) for p in text.split()] if text else []


def _kill_all(directory):
    for _ in range(50):
        pids = _pids(directory)
        if not pids:
            return True
        for p in pids:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.05)
    return not _pids(directory)


def _rmdir(directory):
    for _ in range(40):
        try:
            os.rmdir(directory)
            return
        except FileNotFoundError:
            return
        except OSError:
            time.sleep(0.05)          # the last task is still being reaped
    raise CgroupError("cannot remove %s: it still holds tasks %s" % (directory, _pids(directory)))


class StudentCgroups:
    """The per-student cgroups of one hub; see the module's documentation."""

    # ------------------------------------------------------------------ set-up
    def __init__(self, version, parents, limits, hub_leaf=None, hub_home=None, weighed=None):
        self.version = version          # 2 or 1
        self.parents = parents          # where students/<name> go: v2 {'': dir}; v1 {'memory': dir, 'cpu': dir, 'pids': dir}
        self.limits = limits
        self.hub_leaf = hub_leaf        # the cgroup (cpu) the hub moved into, beside the students
        self.hub_home = hub_home        # where the hub was, to go back to when it stops (None: stay)
        self.weighed = weighed          # the class's own cgroup when it competes with single processes, else None

    @classmethod
    def detect(cls, limits, tag):
        """The hub's student cgroups, made ready, or None; the reason is in StudentCgroups.reason."""
        cls.reason = ""
        if os.geteuid() != 0:
            cls.reason = "the hub does not run as root"
            return None
        try:
            if os.path.exists(os.path.join(ROOT, "cgroup.controllers")):
                return cls._v2(limits, tag)
            if all(os.path.isdir(os.path.join(ROOT, c)) for c in ("memory", "cpu", "pids")):
                return cls._v1(limits, tag)
            cls.reason = "no cgroup v2 at %s and no v1 memory, cpu and pids hierarchies" % ROOT
        except (CgroupError, OSError) as e:
            cls.reason = str(e)
        return None

    # Layout, in every case: <class>/hub holds the hub (and the proxy it starts), <class>/students/<name>
    # each student. Hub and students weigh the same, so the hub, which every student's requests go
    # through, gets CPU at once when it needs it (it uses little).
    @classmethod
    def _v2(cls, limits, tag):
        own = _own_cgroups().get("", "/")
        wanted = {"memory", "cpu", "pids"}
        if own == "/":
            # no cgroup of the hub's own (a container, no systemd): one beside the machine's others
            base, home, weighed = os.path.join(ROOT, "loombook-hub-" + tag), ROOT, True
            cls._enable(ROOT, wanted)
        else:
            # the hub's delegated cgroup may only hand controllers down once no process lives in it
            base, home, weighed = os.path.normpath(ROOT + own), None, False
            others = [p for p in _pids(base) if p != os.getpid() and not _is_thread_of_self(p)]
            if others:
                raise CgroupError("the hub shares its cgroup %s with other processes %s; start it with deploy/jupyterhub/start, "
                                  "which runs it in a systemd scope of its own (Delegate=yes)" % (own, others[:5]))
        leaf, students = os.path.join(base, "hub"), os.path.join(base, "students")
        for d in (base, leaf, students):
            os.makedirs(d, exist_ok=True)
        _write(os.path.join(leaf, "cgroup.procs"), os.getpid())
        cls._enable(base, wanted)
        cls._enable(students, wanted)
        return cls(2, {"": students}, limits, hub_leaf=leaf, hub_home=home, weighed=base if weighed else None)

    @staticmethod
    def _enable(directory, controllers):
        have = set((_read(os.path.join(directory, "cgroup.controllers"), "") or "").split())
        missing = controllers - have
        if missing:
            raise CgroupError("%s does not offer the %s controller(s)" % (directory, ", ".join(sorted(missing))))
        on = set((_read(os.path.join(directory, "cgroup.subtree_control"), "") or "").split())
        if controllers - on:
            _write(os.path.join(directory, "cgroup.subtree_control"), " ".join("+" + c for c in sorted(controllers - on)))

    @classmethod
    def _v1(cls, limits, tag):
        # under the hub's own cgroup in each hierarchy; the cpu one is usually the root, where the
        # class competes with every single process of the machine, hence its weight
        own = _own_cgroups()
        parents, bases = {}, {}
        for c in ("memory", "cpu", "pids"):
            bases[c] = os.path.normpath(os.path.join(ROOT, c) + own.get(c, "/")) + "/loombook-hub-" + tag
            parents[c] = os.path.join(bases[c], "students")
            os.makedirs(parents[c], exist_ok=True)
        leaf = os.path.join(bases["cpu"], "hub")
        os.makedirs(leaf, exist_ok=True)
        home = os.path.dirname(bases["cpu"])
        _write(os.path.join(leaf, "cgroup.procs"), os.getpid())
        return cls(1, parents, limits, hub_leaf=leaf, hub_home=home, weighed=bases["cpu"])

    # ------------------------------------------------------------------ students
    def _dirs(self, student):
        if not _SAFE.fullmatch(student):
            raise CgroupError("'%s' is not a name a cgroup is made for" % student)
        return {c: os.path.join(p, student) for c, p in self.parents.items()}

    def create(self, student):
        """Makes (or resets the limits of) the student's cgroup."""
        lim = self.limits
        mem = lim.student_memory_mb * 1024 * 1024
        d = self._dirs(student)
        for path in d.values():
            os.makedirs(path, exist_ok=True)
        if self.version == 2:
            g = d[""]
            _write(os.path.join(g, "memory.max"), mem or "max")
            if mem and os.path.exists(os.path.join(g, "memory.swap.max")):
                _write(os.path.join(g, "memory.swap.max"), 0)
            _write(os.path.join(g, "cpu.weight"), lim.cpu_weight)
            _write(os.path.join(g, "cpu.max"), "%d 100000" % int(lim.cpu_cores * 100000) if lim.cpu_cores else "max 100000")
            _write(os.path.join(g, "pids.max"), lim.tasks or "max")
        else:
            m = d["memory"]
            if mem:
                _write(os.path.join(m, "memory.limit_in_bytes"), mem)
                if os.path.exists(os.path.join(m, "memory.memsw.limit_in_bytes")):
                    _write(os.path.join(m, "memory.memsw.limit_in_bytes"), mem)
            _write(os.path.join(d["cpu"], "cpu.shares"), max(2, lim.cpu_weight * 1024 // 100))
            _write(os.path.join(d["cpu"], "cpu.cfs_period_us"), 100000)
            _write(os.path.join(d["cpu"], "cpu.cfs_quota_us"), int(lim.cpu_cores * 100000) if lim.cpu_cores else -1)
            _write(os.path.join(d["pids"], "pids.max"), lim.tasks or "max")
        self._reweigh()

    def _reweigh(self):
        """The class, where it competes with single processes (v1's cpu hierarchy has every other
        process of the machine at its root; so has v2's root), weighs as many of them as it has
        students; inside, the hub weighs as much as the students together."""
        if self.version == 1:
            f, unit, top, students = "cpu.shares", 1024, 262144, self.parents["cpu"]
        else:
            f, unit, top, students = "cpu.weight", 100, 10000, self.parents[""]
        n = max(1, sum(1 for d in os.listdir(students) if os.path.isdir(os.path.join(students, d)) and _SAFE.fullmatch(d)))
        weight = max(2, min(top, n * unit * self.limits.cpu_weight // 100))
        if self.weighed:
            _write(os.path.join(self.weighed, f), weight)
        for d in (students, self.hub_leaf):
            _write(os.path.join(d, f), weight)

    def joiner(self, student):
        """A function for Popen's preexec_fn: puts the new process into the student's cgroup (as root,
        before it drops its privileges), so that everything it starts is counted and limited there."""
        files = [os.path.join(p, "cgroup.procs") for p in self._dirs(student).values()]

        def join():
            pid = str(os.getpid())
            for f in files:
                with open(f, "w") as out:
                    out.write(pid)
        return join

    def usage(self, student):
        """What the student uses now: memory (bytes, with its peak where the kernel keeps one), tasks."""
        d = self._dirs(student)
        if self.version == 2:
            g = d[""]
            return {"memory": _int(_read(os.path.join(g, "memory.current"))), "memory_peak": _int(_read(os.path.join(g, "memory.peak"))),
                    "tasks": _int(_read(os.path.join(g, "pids.current")))}
        return {"memory": _int(_read(os.path.join(d["memory"], "memory.usage_in_bytes"))),
                "memory_peak": _int(_read(os.path.join(d["memory"], "memory.max_usage_in_bytes"))),
                "tasks": _int(_read(os.path.join(d["pids"], "pids.current")))}

    def events(self, student):
        """How often the limits bit: OOM kills in the cgroup, refused forks, throttled CPU periods."""
        d = self._dirs(student)
        out = {}
        if self.version == 2:
            g = d[""]
            ev = dict(line.split() for line in (_read(os.path.join(g, "memory.events"), "") or "").splitlines() if line)
            out["oom_kills"] = _int(ev.get("oom_kill"))
            pe = dict(line.split() for line in (_read(os.path.join(g, "pids.events"), "") or "").splitlines() if line)
            out["forks_refused"] = _int(pe.get("max"))
            cs = dict(line.split() for line in (_read(os.path.join(g, "cpu.stat"), "") or "").splitlines() if line)
            out["cpu_throttled_periods"] = _int(cs.get("nr_throttled"))
        else:
            oc = dict(line.split() for line in (_read(os.path.join(d["memory"], "memory.oom_control"), "") or "").splitlines() if line)
            out["oom_kills"] = _int(oc.get("oom_kill"))
            out["forks_refused"] = _int(_read(os.path.join(d["pids"], "pids.events"), "max 0").split()[-1])
            cs = dict(line.split() for line in (_read(os.path.join(d["cpu"], "cpu.stat"), "") or "").splitlines() if line)
            out["cpu_throttled_periods"] = _int(cs.get("nr_throttled"))
        return out

    def remove(self, student):
        """Kills whatever the student still runs (a kernel its server left behind) and removes the cgroup."""
        d = self._dirs(student)
        if self.version == 2 and os.path.exists(os.path.join(d[""], "cgroup.kill")):
            try:
                _write(os.path.join(d[""], "cgroup.kill"), 1)
            except CgroupError:
                pass
        for path in d.values():
            if os.path.isdir(path):
                _kill_all(path)
        for path in d.values():
            _rmdir(path)
        self._reweigh()

    def remove_all(self):
        """Every student's cgroup; then, if the hub made the class's cgroups itself (v1, or v2 at the
        root), it goes back where it was and removes them."""
        for parent in self.parents.values():
            if os.path.isdir(parent):
                for name in os.listdir(parent):
                    if os.path.isdir(os.path.join(parent, name)) and _SAFE.fullmatch(name):
                        self.remove(name)
        if self.hub_home is None:
            return                       # a delegated cgroup: systemd removes it with the hub's scope
        try:
            _write(os.path.join(self.hub_home, "cgroup.procs"), os.getpid())
        except CgroupError:
            return
        # The proxy the hub started is in its leaf: the hub's cleanup sent it SIGTERM without waiting
        # (jupyterhub 3.0), so it may not have ended yet; it gets a moment, then what is left is killed.
        deadline = time.monotonic() + 3
        while _pids(self.hub_leaf) and time.monotonic() < deadline:
            time.sleep(0.05)
        _kill_all(self.hub_leaf)
        bases = sorted({os.path.dirname(p) for p in self.parents.values()})
        for path in [self.hub_leaf] + list(self.parents.values()) + bases:
            try:
                _rmdir(path)
            except CgroupError:
                pass

    def describe(self):
        """What is enforced, in words, for the start command and the hub's log."""
        lim = self.limits
        files = ("memory.max, cpu.weight, cpu.max, pids.max" if self.version == 2
                 else "memory.limit_in_bytes, cpu.shares, cpu.cfs_quota_us, pids.max")
        return ["cgroup v%d under %s (%s)" % (self.version, ", ".join(sorted(set(os.path.dirname(p) for p in self.parents.values()))), files),
                "memory per student: %s" % (("%dm (notebook server and kernels together; the kernel the OOM killer picks is restarted by Jupyter)" % lim.student_memory_mb) if lim.student_memory_mb else "no cap"),
                "CPU per student: weight %d (an equal share when busy; the class weighs as many ordinary processes as it has students)%s"
                % (lim.cpu_weight, (", at most %s cores" % lim.cpu_cores) if lim.cpu_cores else ""),
                "tasks per student: %s" % (lim.tasks or "no cap")]


def _is_thread_of_self(pid):
    return os.path.exists("/proc/%d/task/%d" % (os.getpid(), pid))


def _int(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None
