# JupyterHub for one class on one machine, from Debian's packages (jupyterhub 3.0, jupyter-notebook
# 6.4, configurable-http-proxy). Everything a teacher sets is in classroom.toml (LOOMBOOK_CLASSROOM
# names another file); start the hub with deploy/jupyterhub/start, which also installs the kernel
# for every user with the class's limits. What is enforced where: README.md, "A classroom on one server".
import atexit
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from loombook_hub.auth import SharedPasswordAuthenticator  # noqa: E402
from loombook_hub.cgroups import StudentCgroups  # noqa: E402
from loombook_hub.settings import USERNAME, Classroom  # noqa: E402
from loombook_hub.spawner import ClassroomSpawner, which  # noqa: E402

classroom = Classroom.load(os.environ.get("LOOMBOOK_CLASSROOM", os.path.join(here, "classroom.toml")))
hub, lim = classroom.hub, classroom.limits
c = get_config()  # noqa: F821  (JupyterHub's config loader defines it)

# ---------------------------------------------------------------- the hub
c.JupyterHub.ip = hub.ip
c.JupyterHub.port = hub.port
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = hub.hub_port
c.JupyterHub.db_url = "sqlite:///" + os.path.join(hub.state_dir, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(hub.state_dir, "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = os.path.join(hub.state_dir, "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = os.path.join(hub.state_dir, "jupyterhub-proxy.pid")
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%d" % (hub.hub_port + 1)
c.ConfigurableHTTPProxy.command = [which("configurable-http-proxy")]
if os.path.isdir("/usr/share/nodejs"):
    # Debian's proxy finds its modules there; a Node.js from elsewhere (NodeSource) does not look there
    os.environ["NODE_PATH"] = os.pathsep.join(p for p in ("/usr/share/nodejs", os.environ.get("NODE_PATH", "")) if p)
c.JupyterHub.cleanup_servers = True                 # the hub stopping stops the students' servers
c.JupyterHub.concurrent_spawn_limit = 200           # the whole class logs in in the same minute
token = classroom.api_token()
if token:
    # a token for the teacher's scripts (and the load test): users, servers, their tokens
    c.JupyterHub.services = [{"name": "classroom-admin", "api_token": token}]
    c.JupyterHub.load_roles = [{"name": "classroom-admin", "services": ["classroom-admin"],
                                "scopes": ["admin:users", "admin:servers", "tokens", "access:servers", "read:hub"]}]

# ---------------------------------------------------------------- who logs in
c.Authenticator.username_pattern = USERNAME
c.Authenticator.admin_users = set(hub.admin_users)
if hub.allowed_users:
    c.Authenticator.allowed_users = set(hub.allowed_users) | set(hub.admin_users)
if hub.authentication == "shared-password":
    c.JupyterHub.authenticator_class = SharedPasswordAuthenticator
    c.SharedPasswordAuthenticator.password = classroom.password()
    c.SharedPasswordAuthenticator.students_group = hub.students_group
    c.SharedPasswordAuthenticator.home_base = hub.home_base
    c.SharedPasswordAuthenticator.system_accounts = hub.accounts == "system"
    c.SharedPasswordAuthenticator.create_system_users = hub.accounts == "system"
    c.SharedPasswordAuthenticator.add_user_cmd = [
        "useradd", "--create-home", "--home-dir", os.path.join(hub.home_base, "USERNAME"), "--groups", hub.students_group,
        "--shell", "/bin/bash", "--comment", "Loombook student", "-K", "HOME_MODE=0700"]
else:
    c.JupyterHub.authenticator_class = "jupyterhub.auth.PAMAuthenticator"
    if not hub.allowed_users:
        c.PAMAuthenticator.allowed_groups = {hub.students_group}

# ---------------------------------------------------------------- each student's server
c.JupyterHub.spawner_class = ClassroomSpawner
c.ClassroomSpawner.run_as_hub_user = hub.accounts == "none"
c.ClassroomSpawner.home_base = hub.home_base
c.ClassroomSpawner.course_source = classroom.course.source
c.ClassroomSpawner.course_folder = classroom.course.folder
c.Spawner.cmd = [which("jupyterhub-singleuser")]
c.Spawner.default_url = "/tree/" + classroom.course.folder
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 180                       # thirty servers and kernels starting on a few cores
c.Spawner.http_timeout = 180
args = [
    # the Loombook kernel for new notebooks
    "--MappingKernelManager.default_kernel_name=" + classroom.kernel.name,
    # idle culling by the notebook server itself (Debian has no jupyterhub-idle-culler): a kernel
    # nobody used for idle_kernel_minutes is shut down, open tab or running cell alike, and a server
    # with no kernel left and no activity for idle_server_minutes stops. A process that prints for
    # ever would count as activity: the kernel pauses output after quiet_after_minutes without a request.
    "--MappingKernelManager.cull_interval=60",
    "--MappingKernelManager.cull_connected=True",
    "--MappingKernelManager.cull_busy=True",
    # a kernel that could not bind a port (another process took it while the kernel started) is
    # restarted on new ports: see loombook_kernel_manager.py
    "--MappingKernelManager.kernel_manager_class=loombook_kernel_manager.NewPortsKernelManager",
]
if lim.idle_kernel_minutes:
    args.append("--MappingKernelManager.cull_idle_timeout=%d" % (lim.idle_kernel_minutes * 60))
if lim.idle_server_minutes:
    args.append("--NotebookApp.shutdown_no_activity_timeout=%d" % (lim.idle_server_minutes * 60))
if hub.accounts == "none" and os.geteuid() == 0:
    args.append("--allow-root")
c.Spawner.args = args
env = {"MEM_LIMIT": str(lim.student_memory_mb * 1024 * 1024)} if lim.student_memory_mb else {}
if os.path.realpath(classroom.kernel.prefix) not in ("/usr/local", "/usr"):
    env["JUPYTER_PATH"] = os.path.join(classroom.kernel.prefix, "share", "jupyter")    # where the class's kernel is
# The servers import loombook_kernel_manager: from a copy in the class's kernelspec (world-readable,
# removed with it) when the hub may write there, else from here (a hub whose servers run as its user).
km_dir = here
try:
    shared = os.path.join(classroom.kernel_dir(), "hub")
    os.makedirs(shared, mode=0o755, exist_ok=True)
    with open(os.path.join(here, "loombook_kernel_manager.py")) as src, open(os.path.join(shared, "loombook_kernel_manager.py"), "w") as dst:
        dst.write(src.read())
    os.chmod(os.path.join(shared, "loombook_kernel_manager.py"), 0o644)
    km_dir = shared
except OSError:
    pass
env["PYTHONPATH"] = km_dir
c.Spawner.environment = env
if lim.cpu_cores:
    c.Spawner.cpu_limit = float(lim.cpu_cores)      # informational for LocalProcessSpawner (CPU_LIMIT); the cgroup enforces it

# ---------------------------------------------------------------- limits the machine enforces
ClassroomSpawner.cgroups = StudentCgroups.detect(lim, tag=str(hub.port))
if ClassroomSpawner.cgroups:
    atexit.register(ClassroomSpawner.cgroups.remove_all)
    for line in ClassroomSpawner.cgroups.describe():
        print("loombook classroom: " + line, file=sys.stderr)
else:
    print("loombook classroom: per-student memory, CPU and task limits are NOT enforced: %s. The kernel's own limits "
          "(heap %dm, processes, memory watchdog) still hold." % (StudentCgroups.reason, lim.kernel_memory_mb - 160), file=sys.stderr)
