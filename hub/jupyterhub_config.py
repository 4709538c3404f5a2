# JupyterHub configuration of the course (Debian's jupyterhub 3.0 + configurable-http-proxy).
#
# Started by `npm run hub` (scripts/hub.mjs), which sets the NNHUB_* variables below; read the
# hub/README.md before changing anything here. Every value can also be overridden in
# a file `hub/state/jupyterhub_config.local.py` (git-ignored), loaded last.
#
#   NNHUB_REPO          the instructor's clone of the course (closed to students)
#   NNHUB_STUDENT_TREE  what students are served from: the student copies, packages, kernel, data
#                       (scripts/lib/student-tree.mjs; nothing else of the clone)
#   NNHUB_STATE         the hub's state directory (database, cookie secret, logs)
#   NNHUB_IP, NNHUB_PORT, NNHUB_HUB_PORT, NNHUB_PROXY_API_PORT
#   NNHUB_AUTH          "pam" (Unix users of group NNHUB_GROUP, their passwords) or
#                       "dummy" (tests: any allowed user with NNHUB_DUMMY_PASSWORD; loopback only)
#   NNHUB_GROUP         the Unix group of the students (default nncourse)
#   NNHUB_ADMINS        comma-separated hub admins (Unix users)
#   NNHUB_ADMIN_TOKEN   API token of the service "course-admin" (admin rights), for scripts
#   NNHUB_MEM_MB, NNHUB_CPUS, NNHUB_TASKS   per-student limits (cgroups, see course_spawner.py)
#   NNHUB_CLASS_MEM_MB  memory limit of all students together (the parent cgroup; 0: none)
#   NNHUB_PRIVATE_TMP   "1": every server gets a private /dev/shm (NNHUB_SHM_MB) and /tmp (NNHUB_TMP_MB)
#   NNHUB_HOME_IMAGES   folder of the students' home images (disk quotas, made by add-students)
#   NNHUB_LOGIN_USER_LIMIT, NNHUB_LOGIN_ADDRESS_LIMIT, NNHUB_LOGIN_WINDOW, NNHUB_LOGIN_LOCKOUT,
#   NNHUB_PAM_THREADS   login limits and concurrent PAM checks (course_auth.py)
#   NNHUB_TOKEN_MAX_HOURS  longest life of an API token asked for through the REST API (token_expiry.py)
#   NNHUB_IDLE_SECONDS, NNHUB_CULL_EVERY     idle culling of servers (idle_culler.py) and kernels
#   NNHUB_SSL_KEY, NNHUB_SSL_CERT            TLS for a hub reachable from the network
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from course_auth import CourseDummyAuthenticator, CoursePAMAuthenticator  # noqa: E402
from course_spawner import CourseSpawner  # noqa: E402
from token_expiry import cap_token_lifetime  # noqa: E402

c = get_config()  # noqa: F821 (defined by jupyterhub)

env = os.environ.get
REPO = os.path.abspath(env("NNHUB_REPO", os.path.join(HERE, "..")))
STUDENT_TREE = env("NNHUB_STUDENT_TREE")
if not STUDENT_TREE or not os.path.isfile(os.path.join(STUDENT_TREE, "hub", "singleuser.py")):
    raise SystemExit("NNHUB_STUDENT_TREE: no student tree; start the hub with `npm run hub`, which makes it")
STATE = os.path.abspath(env("NNHUB_STATE", os.path.join(HERE, "state")))
IP = env("NNHUB_IP", "127.0.0.1")
PORT = int(env("NNHUB_PORT", "8000"))
AUTH = env("NNHUB_AUTH", "pam")
GROUP = env("NNHUB_GROUP", "nncourse")
IDLE = int(env("NNHUB_IDLE_SECONDS", "3600"))
CULL_EVERY = int(env("NNHUB_CULL_EVERY", "300"))
PYTHON = "/usr/bin/python3"

# --- network: the proxy listens on IP:PORT, everything else on loopback ----------------------
scheme = "https" if env("NNHUB_SSL_CERT") else "http"
c.JupyterHub.bind_url = f"{scheme}://[{IP}]:{PORT}/" if ":" in IP else f"{scheme}://{IP}:{PORT}/"  # IPv6 in brackets
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env("NNHUB_HUB_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env('NNHUB_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = ["/usr/bin/configurable-http-proxy"]
# Debian's proxy finds its modules (commander, http-proxy, …) in /usr/share/nodejs, which only
# Debian's own nodejs searches: a Node from NodeSource or nvm needs NODE_PATH.
os.environ["NODE_PATH"] = ":".join(p for p in ["/usr/share/nodejs", os.environ.get("NODE_PATH", "")] if p)
if env("NNHUB_SSL_CERT"):
    c.JupyterHub.ssl_cert = env("NNHUB_SSL_CERT")
    c.JupyterHub.ssl_key = env("NNHUB_SSL_KEY")

# --- state: nothing in the repository's tracked files ---------------------------------------
os.makedirs(STATE, exist_ok=True)
c.JupyterHub.db_url = "sqlite:///" + os.path.join(STATE, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(STATE, "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = os.path.join(STATE, "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every student's server
c.JupyterHub.cleanup_proxy = True

# --- authentication --------------------------------------------------------------------------
admins = {a for a in env("NNHUB_ADMINS", "").split(",") if a}
if AUTH == "pam":
    # A real class: one Unix user per student, in the group GROUP (`node scripts/hub.mjs
    # add-students …` creates them), logging in with their Unix password; PAM checks run side by
    # side, with a limit on failed logins per user and per address (course_auth.py).
    c.JupyterHub.authenticator_class = CoursePAMAuthenticator
    c.PAMAuthenticator.allowed_groups = {GROUP}
    c.PAMAuthenticator.open_sessions = False  # no systemd-logind session per server
    c.CoursePAMAuthenticator.pam_threads = int(env("NNHUB_PAM_THREADS", "8"))
elif AUTH == "dummy":
    # Tests only: the class's students (Unix users of GROUP) with one shared password, and only
    # on loopback.
    if IP not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("NNHUB_AUTH=dummy is for tests and serves only 127.0.0.1; use pam")
    password = env("NNHUB_DUMMY_PASSWORD", "")
    if len(password) < 8:
        raise SystemExit("NNHUB_AUTH=dummy needs NNHUB_DUMMY_PASSWORD (at least 8 characters)")
    c.JupyterHub.authenticator_class = CourseDummyAuthenticator
    c.DummyAuthenticator.password = password
    c.CourseDummyAuthenticator.class_group = GROUP
    allowed = {u for u in env("NNHUB_ALLOWED_USERS", "").split(",") if u}
    if allowed:
        c.Authenticator.allowed_users = allowed
else:
    raise SystemExit(f"NNHUB_AUTH={AUTH!r}: expected pam or dummy")
c.Authenticator.admin_users = admins
for trait, var, default in [
    ("login_user_limit", "NNHUB_LOGIN_USER_LIMIT", "5"),
    ("login_address_limit", "NNHUB_LOGIN_ADDRESS_LIMIT", "30"),
    ("login_window", "NNHUB_LOGIN_WINDOW", "300"),
    ("login_lockout", "NNHUB_LOGIN_LOCKOUT", "60"),
]:
    setattr(c.Authenticator, trait, int(env(var, default)))
# Tokens asked for through the REST API expire (a removed student's go with their hub user).
cap_token_lifetime(int(float(env("NNHUB_TOKEN_MAX_HOURS", "24")) * 3600))

# --- services: an admin token for scripts, and the idle culler ------------------------------
services = []
roles = []
if env("NNHUB_ADMIN_TOKEN"):
    services.append({"name": "course-admin", "api_token": env("NNHUB_ADMIN_TOKEN")})
    roles.append({"name": "course-admin", "scopes": ["admin:users", "admin:servers", "tokens", "read:hub", "proxy"], "services": ["course-admin"]})
if IDLE > 0:
    services.append({
        "name": "idle-culler",
        "command": [PYTHON, os.path.join(HERE, "idle_culler.py"), f"--timeout={IDLE}", f"--every={CULL_EVERY}"],
    })
    roles.append({"name": "idle-culler", "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"], "services": ["idle-culler"]})
c.JupyterHub.services = services
c.JupyterHub.load_roles = roles

# --- the students' servers ------------------------------------------------------------------
c.JupyterHub.spawner_class = CourseSpawner
c.CourseSpawner.student_tree = STUDENT_TREE
c.CourseSpawner.python = PYTHON
c.Spawner.mem_limit = f"{int(env('NNHUB_MEM_MB', '1536'))}M"
c.Spawner.cpu_limit = float(env("NNHUB_CPUS", "1"))
c.CourseSpawner.tasks_limit = int(env("NNHUB_TASKS", "256"))
c.CourseSpawner.class_memory = int(env("NNHUB_CLASS_MEM_MB", "0")) * 2**20
c.CourseSpawner.private_tmp = env("NNHUB_PRIVATE_TMP", "1") == "1"
c.CourseSpawner.shm_mb = int(env("NNHUB_SHM_MB", "64"))
c.CourseSpawner.tmp_mb = int(env("NNHUB_TMP_MB", "512"))
c.CourseSpawner.home_images = env("NNHUB_HOME_IMAGES", "/var/lib/nncourse/homes")
c.Spawner.default_url = "/tree"
c.Spawner.start_timeout = 120  # a loaded machine starts a server slowly
c.Spawner.http_timeout = 120
# Kernels idle for IDLE/3 seconds (at least 10 minutes) are shut down inside a server; idle
# servers are stopped by the idle culler after IDLE seconds.
kernel_idle = max(600, IDLE // 3) if IDLE >= 600 else IDLE
c.Spawner.args = [
    "--MappingKernelManager.default_kernel_name=tslab",
    f"--MappingKernelManager.cull_idle_timeout={kernel_idle}",
    f"--MappingKernelManager.cull_interval={max(10, min(300, kernel_idle // 2 or 10))}",
    "--MappingKernelManager.cull_connected=False",
    # tslab compiles its start-up code: on a busy machine its first reply takes more than the
    # default 60 s, after which Notebook refuses the browser's websocket.
    "--MappingKernelManager.kernel_info_timeout=300",
]

# An instructor's local overrides (git-ignored), loaded last.
local = os.path.join(STATE, "jupyterhub_config.local.py")
if os.path.exists(local):
    exec(compile(open(local).read(), local, "exec"))  # noqa: S102
