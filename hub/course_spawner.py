"""The course's spawner: JupyterHub's LocalProcessSpawner with per-student limits and a copy of
the course in every student's home, served from the student tree (scripts/lib/student-tree.mjs).

* Every student is a Unix user; their server runs with their uid (LocalProcessSpawner), in their
  home directory (created mode 0700 by `scripts/hub.mjs add-students`, so no other student can
  read it).
* The server is started through `<student tree>/hub/singleuser.py`, which runs as the student:
  it copies the course's notebooks (the tree's student copies) into ~/course (only files that do not exist yet, so a course update never
  overwrites a student's edits; a changed notebook is offered in ~/course/course-updates/),
  links ~/node_modules to the tree's packages (for `import … from "nnlib"`) and execs
  `jupyterhub-singleuser` with the tree's kernel on JUPYTER_PATH. Nothing of the instructor's
  clone is on any of these paths.
* Limits (`Spawner.mem_limit`, `Spawner.cpu_limit`, `tasks_limit`) are enforced with a cgroup per
  student, which the server and all its kernels join before they drop root: cgroup v1
  (memory.limit_in_bytes, cpu.cfs_quota_us, pids.max) or cgroup v2 (memory.max, cpu.max,
  pids.max). The kernel's OOM killer ends the biggest process of a student over the limit (a
  kernel: Jupyter shows "kernel died" and restarts it); the CPU quota throttles. Without a
  writable cgroup file system the limits are NOT enforced (logged as a warning at every start);
  only the number of processes is then capped with RLIMIT_NPROC. The parent cgroup of all
  students ("nncourse") gets `class_memory`: the whole class together never takes the memory the
  machine itself needs.
* Private temporary file systems (`private_tmp`): the server starts in a mount namespace of its
  own, where /dev/shm (`shm_mb`) and /tmp (`tmp_mb`, also mounted on /var/tmp and /run/lock) are
  fresh tmpfs that only this student's processes see. Their pages count in the student's memory
  cgroup, and they vanish with the student's last process — a server stop frees them (before,
  files left in the machine's /dev/shm outlived the server and its memory limit). On stop, files
  the student left in the machine's own /tmp, /var/tmp and /dev/shm (none, when private_tmp is
  on) are deleted too.
* The home: when the student has a disk image (`home_images`/<name>.img, made by `add-students`:
  the disk quota), it must be mounted on the home before the server starts.
"""
import asyncio
import ctypes
import ctypes.util
import os
import pwd
import resource
import shutil
import signal

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Bool, Integer, Unicode

CGROUP_ROOT = "/sys/fs/cgroup"
PARENT = "nncourse"
SHARED_TMP = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock")

# Loaded here, in the hub, never in a forked child (the preexec function must not dlopen).
_libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
CLONE_NEWNS = 0x00020000
MS_NOSUID, MS_NODEV, MS_BIND, MS_REC, MS_SLAVE = 0x2, 0x4, 0x1000, 0x4000, 0x80000


def _mount(source, target, fstype, flags, data=None):
    enc = lambda v: v.encode() if v is not None else None  # noqa: E731
    if _libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount {target}: {os.strerror(err)}")


def private_tmp_namespace(shm_mb, tmp_mb):
    """In the calling process (a child before exec, still root): a mount namespace of its own in
    which /dev/shm and /tmp (and /var/tmp, /run/lock) are new tmpfs of shm_mb and tmp_mb MB. Mounts
    of the machine still reach it (slave), none of its own leave it; it ends with its last process."""
    if _libc.unshare(CLONE_NEWNS) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"unshare(CLONE_NEWNS): {os.strerror(err)}")
    _mount(None, "/", None, MS_REC | MS_SLAVE)
    _mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, f"size={shm_mb}m,mode=1777")
    _mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, f"size={tmp_mb}m,mode=1777")
    for d in ("/var/tmp", "/run/lock"):
        if os.path.isdir(d):
            _mount("/tmp", d, None, MS_BIND)


def remove_files_of(uid, folders=SHARED_TMP):
    """Deletes what the user `uid` owns at the top of each folder (never following a link). Returns the count."""
    removed = 0
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for e in entries:
            try:
                st = e.stat(follow_symlinks=False)
                if st.st_uid != uid:
                    continue
                if e.is_dir(follow_symlinks=False):
                    shutil.rmtree(e.path)  # symlink-safe on Linux (works on file descriptors)
                else:
                    os.unlink(e.path)
                removed += 1
            except OSError:
                pass
    return removed


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
    student_tree = Unicode(help="The student tree (release/student/, node_modules/, jupyter/, hub/singleuser.py): all a student gets of the course.").tag(config=True)
    python = Unicode("/usr/bin/python3", help="Debian's python3, which has jupyterhub-singleuser.").tag(config=True)
    tasks_limit = Integer(256, help="Most processes + threads of one student (pids cgroup).").tag(config=True)
    class_memory = Integer(0, help="Memory limit of all students together, in bytes (the parent cgroup); 0: none.").tag(config=True)
    private_tmp = Bool(True, help="A private /dev/shm and /tmp (tmpfs) per server, gone when it stops.").tag(config=True)
    shm_mb = Integer(64, help="Size of a student's private /dev/shm, MB.").tag(config=True)
    tmp_mb = Integer(512, help="Size of a student's private /tmp (and /var/tmp), MB.").tag(config=True)
    home_images = Unicode("/var/lib/nncourse/homes", help="Folder of the students' home images (disk quotas).").tag(config=True)

    # ---- limits ---------------------------------------------------------------------------
    def _limit_class(self, path, value):
        try:
            _write(path, value)
        except OSError as e:  # e.g. the class uses more than the new limit right now
            self.log.warning("cannot set the class's memory limit %s in %s: %s", value, path, e)

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
            self._limit_class(os.path.join(os.path.dirname(mem_dir), "memory.limit_in_bytes"), self.class_memory or -1)
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
            self._limit_class(os.path.join(parent, "memory.max"), self.class_memory or "max")
            d = self._cgroups[0]
            _write(os.path.join(d, "memory.max"), mem or "max")
            _write(os.path.join(d, "cpu.max"), f"{int(cpus * period)} {period}" if cpus else f"max {period}")
            _write(os.path.join(d, "pids.max"), self.tasks_limit or "max")
        self.log.info(
            "%s: cgroup %s limits: memory %s MB, %s CPU, %s tasks; the class together %s MB",
            name, mode, mem // 2**20 if mem else "no limit", cpus or "no limit", self.tasks_limit,
            self.class_memory // 2**20 if self.class_memory else "no limit",
        )

    def make_preexec_fn(self, name):
        setuid = super().make_preexec_fn(name)
        procs = [os.path.join(d, "cgroup.procs") for d in getattr(self, "_cgroups", [])]
        nproc = self.tasks_limit if not procs else None
        private = (self.shm_mb, self.tmp_mb) if self.private_tmp else None

        def preexec():
            # Still root here (after fork, before exec): join the student's cgroups, get private
            # temporary file systems, then drop root.
            for p in procs:
                with open(p, "w") as f:
                    f.write(str(os.getpid()))
            if private:
                private_tmp_namespace(*private)
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
        env["NNHUB_REPO"] = self.student_tree
        env["NNHUB_COURSE"] = os.path.join(self.student_tree, "release", "student")
        env["JUPYTER_PATH"] = os.path.join(self.student_tree, "jupyter")  # the kernel "TypeScript (course)"
        env["NNLIB_EXPERIMENT_LOG"] = os.path.join(home, "course", "homework", "experiments.jsonl")
        env["PATH"] = "/usr/local/bin:/usr/bin:/bin"
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        for k in ("PYTHONPATH", "PYTHONHOME", "PYENV_VERSION", "NODE_OPTIONS"):
            env.pop(k, None)
        return env

    # ---- start / stop ---------------------------------------------------------------------
    async def start(self):
        try:
            entry = pwd.getpwnam(self.user.name)
            uid = entry.pw_uid
        except KeyError:
            raise RuntimeError(f"{self.user.name} has no Unix user: create it with `node scripts/hub.mjs add-students {self.user.name}`") from None
        if uid < 1000:
            # Never a server as root or a system account (e.g. a "root" login through the dummy authenticator).
            raise RuntimeError(f"{self.user.name} is a system account (uid {uid} < 1000): students need ordinary Unix users")
        image = os.path.join(self.home_images, f"{self.user.name}.img")
        if os.path.exists(image) and not os.path.ismount(entry.pw_dir):
            # Without its image the home is the machine's disk, with no quota.
            raise RuntimeError(f"{self.user.name}'s home {entry.pw_dir} is not mounted from its disk image {image}: restart the hub (npm run hub mounts the homes)")
        if not self.private_tmp:
            self.log.warning("%s: no private /dev/shm and /tmp (private_tmp off): files left there are deleted when the server stops", self.user.name)
        self.cmd = [self.python, os.path.join(self.student_tree, "hub", "singleuser.py")]
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
        # What the student left in the machine's shared temporary folders (their private ones went
        # with their last process).
        try:
            uid = pwd.getpwnam(self.user.name).pw_uid
        except KeyError:
            return
        if uid < 1000:
            return  # never a system account's files (no server of theirs ever started)
        removed = remove_files_of(uid)
        if removed:
            self.log.info("%s: deleted %d file(s) of theirs in %s", self.user.name, removed, ", ".join(SHARED_TMP))
