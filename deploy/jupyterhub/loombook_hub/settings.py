"""The teacher's settings for one class, read from classroom.toml (the one place limits are set).

    from loombook_hub.settings import Classroom
    classroom = Classroom.load("classroom.toml")      # raises SettingsError saying what is wrong
    classroom.limits.kernel_memory_mb                  # 1024
"""
import os
import re
import tomllib
from dataclasses import MISSING, dataclass, field, fields

USERNAME = r"[a-z][a-z0-9_-]{0,31}"
EXAMPLE_PASSWORD = "change me before the lesson"      # classroom.toml's: refused on a hub others can reach


class SettingsError(ValueError):
    """A setting that is missing, misspelt or not a value it takes; the message says which and why."""


def size_mb(text, where):
    """'1g', '1536m', '2GiB', '512M' -> MiB; 0 or '' -> 0 (no limit)."""
    if text in (0, "", "0", None):
        return 0
    m = re.fullmatch(r"\s*(\d+)\s*([kmgt]?)(i?b)?\s*", str(text).lower())
    if not m:
        raise SettingsError("%s: '%s' is not a size like 1g or 1536m" % (where, text))
    n, unit = int(m.group(1)), m.group(2)
    return {"": n // (1024 * 1024), "k": n // 1024, "m": n, "g": n * 1024, "t": n * 1024 * 1024}[unit]


@dataclass
class Hub:
    ip: str = "0.0.0.0"
    port: int = 8000
    hub_port: int = 8081
    state_dir: str = "/var/lib/loombook-hub"
    accounts: str = "system"
    authentication: str = "shared-password"
    password: str = ""
    password_file: str = ""
    admin_users: list = field(default_factory=list)
    allowed_users: list = field(default_factory=list)
    students_group: str = "loombook-students"
    home_base: str = "/home/loombook"
    api_token_file: str = ""


@dataclass
class Course:
    source: str = "/usr/local/share/loombook/course"
    folder: str = "loombook-course"


@dataclass
class Kernel:
    prefix: str = "/usr/local"
    name: str = "loombook"


@dataclass
class Limits:
    kernel_memory: str = "1g"
    process_limit: int = 0
    student_memory: str = "3g"
    cpu_weight: int = 100
    cpu_cores: float = 1.0
    tasks: int = 1024
    quiet_after_minutes: float = 20.0
    idle_kernel_minutes: float = 30.0
    idle_server_minutes: float = 60.0

    @property
    def kernel_memory_mb(self):
        return size_mb(self.kernel_memory, "limits.kernel_memory")

    @property
    def student_memory_mb(self):
        return size_mb(self.student_memory, "limits.student_memory")

    def kernel_settings(self):
        """The %settings every kernel of the class starts with (the installer's --setting values)."""
        s = ["quietAfterMinutes=%s" % number_text(self.quiet_after_minutes)]
        if self.process_limit:
            s.insert(0, "processLimit=%d" % self.process_limit)
        return s


def number_text(x):
    """20.0 -> "20", 7.5 -> "7.5"."""
    return str(int(x)) if float(x) == int(x) else str(x)


@dataclass
class Classroom:
    """Everything the hub, its spawner and the start command need to know about one class."""
    path: str
    hub: Hub
    course: Course
    kernel: Kernel
    limits: Limits

    @classmethod
    def load(cls, path):
        try:
            with open(path, "rb") as f:
                raw = tomllib.load(f)
        except FileNotFoundError:
            raise SettingsError("no classroom settings at %s (copy deploy/jupyterhub/classroom.toml and edit it)" % path)
        except tomllib.TOMLDecodeError as e:
            raise SettingsError("%s is not valid TOML: %s" % (path, e))
        unknown = set(raw) - {"hub", "course", "kernel", "limits"}
        if unknown:
            raise SettingsError("%s: unknown section(s) %s; the sections are [hub], [course], [kernel], [limits]" % (path, ", ".join(sorted(unknown))))
        c = cls(os.path.abspath(path), _section(Hub, raw, "hub", path), _section(Course, raw, "course", path),
                _section(Kernel, raw, "kernel", path), _section(Limits, raw, "limits", path))
        c.validate()
        return c

    def validate(self):
        h, lim = self.hub, self.limits
        if h.accounts not in ("system", "none"):
            raise SettingsError("hub.accounts is 'system' (each student a Unix account) or 'none' (every server runs as the hub's user), not '%s'" % h.accounts)
        if h.authentication not in ("shared-password", "local"):
            raise SettingsError("hub.authentication is 'shared-password' or 'local' (Unix accounts and passwords, PAM), not '%s'" % h.authentication)
        if h.authentication == "local" and h.accounts != "system":
            raise SettingsError("hub.authentication = 'local' logs students in with their Unix accounts: it needs hub.accounts = 'system'")
        if h.authentication == "shared-password" and not self.password():
            raise SettingsError("hub.authentication = 'shared-password' needs hub.password or hub.password_file")
        if h.authentication == "shared-password" and self.password() == EXAMPLE_PASSWORD and h.ip not in ("127.0.0.1", "localhost", "::1"):
            raise SettingsError("hub.password is still the example's (%r), which anyone who has read this repository knows: "
                                "set the lesson's own in classroom.toml, or hub.password_file" % EXAMPLE_PASSWORD)
        for name in h.admin_users + h.allowed_users:
            if not re.fullmatch(USERNAME, name):
                raise SettingsError("'%s' is not a user name the hub takes (lowercase letters, digits, '-' and '_', starting with a letter)" % name)
        for port, what in ((h.port, "hub.port"), (h.hub_port, "hub.hub_port")):
            if not 0 < port < 65536:
                raise SettingsError("%s: %s is not a port" % (what, port))
        if lim.kernel_memory_mb < 384:
            raise SettingsError("limits.kernel_memory: %s is too small: a kernel needs at least 384m" % lim.kernel_memory)
        if lim.student_memory_mb and lim.student_memory_mb < lim.kernel_memory_mb + 256:
            raise SettingsError("limits.student_memory (%s) must hold one kernel (%s) and the student's notebook server (about 100m), with room: at least %dm"
                                % (lim.student_memory, lim.kernel_memory, lim.kernel_memory_mb + 256))
        if not 1 <= lim.cpu_weight <= 10000:
            raise SettingsError("limits.cpu_weight is 1 to 10000 (100 is an equal share), not %s" % lim.cpu_weight)
        if lim.cpu_cores < 0 or lim.tasks < 0 or lim.process_limit < 0:
            raise SettingsError("limits.cpu_cores, tasks and process_limit are 0 (no limit) or more")
        if 0 < lim.tasks < 64:
            raise SettingsError("limits.tasks = %d is too few: a notebook server and one kernel use about 40 threads" % lim.tasks)
        for f in ("quiet_after_minutes", "idle_kernel_minutes", "idle_server_minutes"):
            if getattr(lim, f) < 0:
                raise SettingsError("limits.%s is 0 (never) or a number of minutes" % f)
        if not re.fullmatch(r"[A-Za-z0-9._-]+", self.course.folder):
            raise SettingsError("course.folder is a plain folder name, not '%s'" % self.course.folder)

    def password(self):
        if self.hub.password_file:
            try:
                with open(self.hub.password_file) as f:
                    return f.read().strip()
            except OSError as e:
                raise SettingsError("hub.password_file: %s" % e)
        return self.hub.password

    def api_token(self):
        if not self.hub.api_token_file:
            return ""
        try:
            with open(self.hub.api_token_file) as f:
                return f.read().strip()
        except OSError as e:
            raise SettingsError("hub.api_token_file: %s" % e)

    def kernel_dir(self):
        return os.path.join(self.kernel.prefix, "share", "jupyter", "kernels", self.kernel.name)


def _section(kind, raw, name, path):
    values = raw.get(name, {})
    known = {f.name: f for f in fields(kind)}
    for key, value in values.items():
        if key not in known:
            raise SettingsError("%s: [%s] has no setting '%s'; it has %s" % (path, name, key, ", ".join(known)))
        want = list if known[key].default is MISSING else type(known[key].default)
        if want is float and isinstance(value, int):
            continue
        if want is list and not isinstance(value, list) or want is not list and not isinstance(value, want):
            raise SettingsError("%s: %s.%s is %s, not %r" % (path, name, key, {str: "text", int: "a whole number", float: "a number", list: "a list"}[want], value))
    return kind(**values)
