"""The course's spawner: JupyterHub's LocalProcessSpawner with per-student limits and a copy of
the course in every student's home.

* Every student is a Unix user; their server runs with their uid (LocalProcessSpawner), in their
  home directory (created mode 0700 by `scripts/hub.mjs add-students`, so no other student can
  read it).
* The server is started through `hub/singleuser.py`, which runs as the student: it copies the
  course's notebooks into ~/course (only files that do not exist yet, so a course update never
  overwrites a student's edits; a changed notebook is offered in ~/course/course-updates/),
  links ~/node_modules to the course's packages (for `import … from "nnlib"`) and execs
  `jupyterhub-singleuser` with the course's kernel on JUPYTER_PATH.
* Limits (`Spawner.mem_limit`, `Spawner.cpu_limit`, `tasks_limit`) are enforced with a cgroup per
  student, which the server and all its kernels join before they drop root: cgroup v1
  (memory.limit_in_bytes, cpu.cfs_quota_us, pids.max) or cgroup v2 (memory.max, cpu.max,
  pids.max). The kernel's OOM killer ends the biggest process of a student over the limit (a
  kernel: Jupyter shows "kernel died" and restarts it); the CPU quota throttles. Without a
  writable cgroup file system the limits are NOT enforced (logged as a warning at every start);
  only the number of processes is then capped with RLIMIT_NPROC.
"""
import asyncio
import os
import pwd
import resource
import signal

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Integer, Unicode

CGROUP_ROOT = "/sys/fs/cgroup"
PARENT = "nncourse"


def _write(path, value):
    with open(path, "w") as f:
        f.write(str(value))


def cgroup_mode():
    """'v2', 'v1' or None: which cgroup file system this hub can write to."""
    if os.path.exists(os.path.join(CGROUP_ROOT, "cgroup.controllers")):
        return "v2" if os.access(CGROUP_ROOT, os.W_OK) else None
    if all(os.access(os.path.join(CGROUP_ROOT, c), os.W_OK) for c in ("memory", "cpu", "pids")):
        return "v1"
    return None


def student_cgroups(name, mode=None):
    """The cgroup directories of a student (v1: one per controller; v2: one)."""
    mode = mode or cgroup_mode()
    if mode == "v1":
        return [os.path.join(CGROUP_ROOT, c, PARENT, name) for c in ("memory", "cpu", "pids")]
    if mode == "v2":
        return [os.path.join(CGROUP_ROOT, PARENT, name)]
    return []


class CourseSpawner(LocalProcessSpawner):
    repo = Unicode(help="The course repository (notebooks/, node_modules/, jupyter/).").tag(config=True)
    python = Unicode("/usr/bin/python3", help="Debian's python3, which has jupyterhub-singleuser.").tag(config=True)
    tasks_limit = Integer(256, help="Most processes + threads of one student (pids cgroup).").tag(config=True)

    # ---- limits ---------------------------------------------------------------------------
    def _prepare_cgroups(self):
        name = self.user.name
        mode = cgroup_mode()
        self._cgroup_mode = mode
        self._cgroups = student_cgroups(name, mode)
        if mode is None:
            self.log.warning("%s: no writable cgroup file system: memory and CPU limits are NOT enforced", name)
            return
        mem = int(self.mem_limit) if self.mem_limit else 0
        cpus = float(self.cpu_limit) if self.cpu_limit else 0.0
        period = 100000
        if mode == "v1":
            mem_dir, cpu_dir, pids_dir = self._cgroups
            for d in self._cgroups:
                os.makedirs(d, exist_ok=True)
            if mem:
                _write(os.path.join(mem_dir, "memory.limit_in_bytes"), mem)
                # Never swap a student's kernel out instead of stopping it (there is rarely swap).
                try:
                    _write(os.path.join(mem_dir, "memory.swappiness"), 0)
                except OSError:
                    pass
            _write(os.path.join(cpu_dir, "cpu.cfs_period_us"), period)
            _write(os.path.join(cpu_dir, "cpu.cfs_quota_us"), int(cpus * period) if cpus else -1)
            _write(os.path.join(pids_dir, "pids.max"), self.tasks_limit or "max")
        else:
            parent = os.path.join(CGROUP_ROOT, PARENT)
            os.makedirs(self._cgroups[0], exist_ok=True)
            for d in (CGROUP_ROOT, parent):
                try:
                    _write(os.path.join(d, "cgroup.subtree_control"), "+memory +cpu +pids")
                except OSError as e:
                    self.log.warning("cgroup v2: cannot enable controllers in %s: %s", d, e)
            d = self._cgroups[0]
            _write(os.path.join(d, "memory.max"), mem or "max")
            _write(os.path.join(d, "cpu.max"), f"{int(cpus * period)} {period}" if cpus else f"max {period}")
            _write(os.path.join(d, "pids.max"), self.tasks_limit or "max")
        self.log.info(
            "%s: cgroup %s limits: memory %s MB, %s CPU, %s tasks",
            name, mode, mem // 2**20 if mem else "no limit", cpus or "no limit", self.tasks_limit,
        )

    def make_preexec_fn(self, name):
        setuid = super().make_preexec_fn(name)
        procs = [os.path.join(d, "cgroup.procs") for d in getattr(self, "_cgroups", [])]
        nproc = self.tasks_limit if not procs else None

        def preexec():
            # Still root here (after fork, before exec): join the student's cgroups, then drop root.
            for p in procs:
                with open(p, "w") as f:
                    f.write(str(os.getpid()))
            if nproc:
                resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
            setuid()

        return preexec

    def cgroup_pids(self):
        """Every process in the student's cgroups (the server and its kernels)."""
        pids = set()
        for d in getattr(self, "_cgroups", None) or student_cgroups(self.user.name):
            try:
                with open(os.path.join(d, "cgroup.procs")) as f:
                    pids.update(int(line) for line in f if line.strip())
            except OSError:
                pass
        return pids

    # ---- environment ----------------------------------------------------------------------
    def get_env(self):
        env = super().get_env()
        home = pwd.getpwnam(self.user.name).pw_dir
        env["NNHUB_REPO"] = self.repo
        env["JUPYTER_PATH"] = os.path.join(self.repo, "jupyter")  # the kernel "TypeScript (course)"
        env["NNLIB_EXPERIMENT_LOG"] = os.path.join(home, "course", "homework", "experiments.jsonl")
        env["PATH"] = "/usr/local/bin:/usr/bin:/bin"
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        for k in ("PYTHONPATH", "PYTHONHOME", "PYENV_VERSION", "NODE_OPTIONS"):
            env.pop(k, None)
        return env

    # ---- start / stop ---------------------------------------------------------------------
    async def start(self):
        try:
            uid = pwd.getpwnam(self.user.name).pw_uid
        except KeyError:
            raise RuntimeError(f"{self.user.name} has no Unix user: create it with `node scripts/hub.mjs add-students {self.user.name}`") from None
        if uid < 1000:
            # Never a server as root or a system account (e.g. a "root" login through the dummy authenticator).
            raise RuntimeError(f"{self.user.name} is a system account (uid {uid} < 1000): students need ordinary Unix users")
        self.cmd = [self.python, os.path.join(self.repo, "hub", "singleuser.py")]
        self._prepare_cgroups()
        return await super().start()

    async def stop(self, now=False):
        await super().stop(now=now)
        # Kernels the server left behind (a killed server cannot shut them down) are in the
        # student's cgroup: end them, then remove the cgroup.
        for _ in range(20):
            pids = self.cgroup_pids()
            if not pids:
                break
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            await asyncio.sleep(0.1)
        for d in getattr(self, "_cgroups", None) or student_cgroups(self.user.name):
            try:
                os.rmdir(d)
            except OSError:
                pass
