#!/usr/bin/env node
// `npm run hub`: the course served to a class by JupyterHub (Debian's jupyterhub 3.0 and
// configurable-http-proxy, installed by `node scripts/setup.mjs --hub`). See hub/README.md.
//
//   npm run hub                                  # PAM login, http://127.0.0.1:8000
//   npm run hub -- --ip 0.0.0.0 --port 443 --ssl-cert cert.pem --ssl-key key.pem
//   npm run hub -- --memory 1536 --cpus 1 --idle 3600 --admins teacher
//   node scripts/hub.mjs add-students alice bob      # Unix users in group nncourse, passwords printed, 2 GB homes
//   node scripts/hub.mjs add-students --csv class.csv  # lines "name,password" (or just "name")
//   node scripts/hub.mjs remove-students alice bob   # deletes the users, their homes, hub users and tokens
//   node scripts/hub.mjs collect submissions/        # every student's ~/course/08-homework.ipynb, read as them
//   node scripts/hub.mjs student-course              # only (re)make release/student/ (the image build does)
//   node scripts/hub.mjs student-tree DIR            # only (re)make the student tree in DIR
//
// Students are served from the STUDENT TREE (scripts/lib/student-tree.mjs, remade at every start
// in /var/lib/nncourse/student-tree or --student-tree DIR): the student copies of the notebooks,
// the packages, the library without the grader, the digits without the grader's held-out ones.
// The clone itself must be closed to them (chmod 700): the hub checks it at every start, as an
// unprivileged user, and refuses to serve otherwise.
//
// Runs as root: every student's server runs as that student's Unix user. State (database, cookie
// secret, the admin API token of the service "course-admin" — a new one at every start —, the
// log) goes to hub/state/ (git-ignored) or --state DIR. Other scripts import startHub(),
// addStudent(), removeStudent().

import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { totalmem } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_DISK_MB, HOME_IMAGES, diskQuotaUnsupported, makeHomeImage, mountHomes, removeHomeImage } from "./lib/home-images.mjs";
import { listNotebooks } from "./lib/notebook.mjs";
import { DEFAULT_STUDENT_TREE, checkStudentAccess, makeStudentTree, studentTreeProblems } from "./lib/student-tree.mjs";
import { release } from "./release.mjs";
import { JUPYTERHUB, REPO, jupyterEnv, setup } from "./setup.mjs";

export const HUB_DIR = join(REPO, "hub");
export const DEFAULT_STATE = join(HUB_DIR, "state");
export const DEFAULT_GROUP = "nncourse";
/** The grading user (`collect` makes it; `npm run grade -- … --as nngrader`). */
export const GRADER_USER = "nngrader";
/** Memory of the whole class (the parent cgroup), MB: the machine's less 1 GB or 10 % for the system and the hub, whichever is more. */
export const DEFAULT_CLASS_MEMORY = Math.floor(totalmem() / 2 ** 20 - Math.max(1024, totalmem() / 2 ** 20 / 10));
export const HUB_DEFAULTS = {
  ip: "127.0.0.1", port: 8000, auth: "pam", memory: 1536, cpus: 1, tasks: 256, idle: 3600, cullEvery: 300, group: DEFAULT_GROUP,
  classMemory: DEFAULT_CLASS_MEMORY, shm: 64, tmp: 512, tokenHours: 24, studentTree: DEFAULT_STUDENT_TREE,
};
const NAME_RE = /^[a-z_][a-z0-9_-]{0,30}$/;
const PYTHON = "/usr/bin/python3";

const USAGE = `usage:
  npm run hub [-- --ip 127.0.0.1 --port 8000 --auth pam|dummy --password P --memory MB --cpus N
                  --class-memory MB --shm MB --tmp MB --idle SECONDS --cull-every SECONDS
                  --token-hours H --admins a,b --group nncourse --state DIR --student-tree DIR
                  --ssl-cert FILE --ssl-key FILE]
  node scripts/hub.mjs add-students NAME… [--csv FILE] [--group nncourse] [--disk MB (2048; 0: no quota)]
  node scripts/hub.mjs remove-students NAME… [--keep-home] [--state DIR]
  node scripts/hub.mjs collect OUT [--group nncourse] [--file course/08-homework.ipynb]
  node scripts/hub.mjs student-course | student-tree DIR`;

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

function sh(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", ...options });
  if (r.error) throw new Error(`${cmd} ${args.join(" ")}: ${r.error.message}`);
  return r;
}

function mustBeRoot(what) {
  if (process.getuid?.() !== 0) {
    const e = new Error(`${what} needs root: every student's server runs as that student's Unix user. Run: sudo npm run hub`);
    e.userMessage = true;
    throw e;
  }
}

/** Where the students' copy of the course is made: `release/student/` (git-ignored), read by hub/singleuser.py. */
export const STUDENT_COURSE = join(REPO, "release", "student");

/**
 * Makes the course the students get: the student copy of every notebook (solutions replaced by
 * their stubs, outputs cleared: `scripts/release.mjs`) plus the notebooks' markdown files
 * (LECTURES.md, the map to the lectures), in `dir`, world-readable. The committed notebooks hold
 * the solutions, so a class is never served from `notebooks/` itself. Throws when a notebook's
 * markers are unbalanced (nothing half-made is served).
 * @param {string} [dir]
 * @returns {string[]} the file names in `dir`
 */
export function makeStudentCourse(dir = STUDENT_COURSE) {
  const out = join(dir, "..");
  rmSync(dir, { recursive: true, force: true });
  const { written, failures } = release(listNotebooks(), out);
  if (failures.length > 0) throw new Error(`the student copies could not be made:\n  ${failures.join("\n  ")}`);
  rmSync(join(out, "solution"), { recursive: true, force: true }); // the hub never needs the solutions
  for (const name of readdirSync(join(REPO, "notebooks"))) {
    if (name.endsWith(".md")) copyFileSync(join(REPO, "notebooks", name), join(dir, name));
  }
  chmodSync(out, 0o755);
  chmodSync(dir, 0o755);
  const names = readdirSync(dir).sort();
  for (const name of names) chmodSync(join(dir, name), 0o644);
  if (written.length === 0) throw new Error("no notebooks in notebooks/: nothing to serve");
  return names;
}

/** An error the CLI prints as it is (no "FAILED:" and no stack). */
function userError(message) {
  const e = new Error(message);
  e.userMessage = true;
  return e;
}

/**
 * Students must read the student tree (kernel, packages, notebooks, data) and nothing else of the
 * course: checked as a real unprivileged user (nobody, with the class's group). Throws with what
 * is readable (and how to close it) or unreadable.
 */
export function checkCourseReadable({ tree, state, group }) {
  const { unreadable, readable } = checkStudentAccess({ tree, state, group });
  if (readable.length > 0) {
    throw userError(
      `students could read what they must not (checked as user nobody in group ${group}):\n` +
        readable.map(([p, what]) => `  ${p} — ${what}`).join("\n") +
        `\nThey are served only the student tree (${tree}); close ${readable.some(([p]) => p === state || p.startsWith(`${state}/`)) ? "these folders" : "the clone"} to them and start again, e.g.:\n` +
        `  chmod 700 ${[...new Set(readable.map(([p]) => closingFolder(p, state)))].join(" ")}`,
    );
  }
  if (unreadable.length > 0) {
    throw userError(
      `students cannot read what they need (checked as user nobody in group ${group}):\n` +
        unreadable.map(([p, what]) => `  ${p} — ${what}`).join("\n") +
        `\nEvery folder on the way must be world-executable and the files world-readable (the student tree ${tree} is made so; Node.js must be installed system-wide, not under /root).`,
    );
  }
}

/** The folder to close (chmod 700) so that a student cannot read `path`: the clone, the state, or a git folder outside the clone. */
function closingFolder(path, state) {
  if (path === state || path.startsWith(`${state}/`)) return state;
  if (path.startsWith(`${REPO}/`)) return REPO;
  return path.endsWith("/HEAD") ? path.slice(0, -"/HEAD".length) : path;
}

/** The Unix users of a group: [{ name, uid, home }] (members of the group and users whose primary group it is). */
export function groupMembers(group) {
  const g = sh("getent", ["group", group]);
  if (g.status !== 0) return [];
  const [, , gid, members] = g.stdout.trim().split(":");
  const names = new Set((members ?? "").split(",").filter(Boolean));
  for (const line of sh("getent", ["passwd"]).stdout.split("\n")) {
    const f = line.split(":");
    if (f[3] === gid) names.add(f[0]);
  }
  return [...names].sort().map(passwdEntry).filter(Boolean);
}

/** A user's passwd entry { name, uid, gid, home }, or undefined. */
function passwdEntry(name) {
  const r = sh("getent", ["passwd", name]);
  if (r.status !== 0) return undefined;
  const f = r.stdout.trim().split(":");
  return { name: f[0], uid: Number(f[2]), gid: Number(f[3]), home: f[5] };
}

/** Whether a Unix user is in a group (as a member or by its primary group). */
function inGroup(name, group) {
  return groupMembers(group).some((u) => u.name === name);
}

/**
 * Creates (or updates) the Unix user of a student: group `group`, home 0700 on a disk image of
 * `diskMb` MB (the disk quota; 0: none), the password. An existing account that is not a student
 * of the group (a member of staff, a system account) is refused, never changed.
 */
export function addStudent(name, password, { group = DEFAULT_GROUP, diskMb = DEFAULT_DISK_MB } = {}) {
  if (!NAME_RE.test(name)) throw new Error(`student name ${JSON.stringify(name)}: expected a Unix user name (a-z, 0-9, _ or -, at most 31 characters, not starting with a digit)`);
  if (!Number.isInteger(diskMb) || diskMb < 0 || (diskMb > 0 && diskMb < 64)) throw new Error(`--disk ${diskMb}: expected a size in MB, at least 64 (or 0 for no quota)`);
  const existing = passwdEntry(name);
  if (existing && (existing.uid < 1000 || !inGroup(name, group))) {
    throw new Error(
      `${name} is an existing account (uid ${existing.uid}) that is not a student of group ${group}: it is left unchanged (no new password, no group). ` +
        `Choose another name; or, if it really is a student's account, add it to the group first: usermod --append --groups ${group} ${name}`,
    );
  }
  if (sh("getent", ["group", group]).status !== 0) {
    const r = sh("groupadd", ["--system", group]);
    if (r.status !== 0) throw new Error(`groupadd ${group}: ${r.stderr.trim()}`);
  }
  if (!existing) {
    const r = sh("useradd", ["--create-home", "--shell", "/bin/bash", "--user-group", "--groups", group, "-K", "UMASK=0077", name]);
    if (r.status !== 0) throw new Error(`useradd ${name}: ${r.stderr.trim()}`);
  }
  const user = passwdEntry(name);
  if (diskMb > 0) {
    const why = diskQuotaUnsupported();
    if (why) throw new Error(`no disk quota can be given here (${why}); add the student with --disk 0 to go without`);
    makeHomeImage({ name, home: user.home, uid: user.uid, gid: user.gid, sizeMb: diskMb });
  }
  chmodSync(user.home, 0o700); // other students cannot list or read anything in it
  const r = sh("chpasswd", [], { input: `${name}:${password}\n` });
  if (r.status !== 0) throw new Error(`chpasswd ${name}: ${r.stderr.trim()}`);
  return { name, home: user.home };
}

/** The API of a running hub with this state ({ url, token }), or undefined. */
function runningHub(state) {
  try {
    const { api } = JSON.parse(readFileSync(join(state, "hub.json"), "utf8"));
    return { api, token: readFileSync(join(state, "admin-token"), "utf8").trim() };
  } catch {
    return undefined;
  }
}

/**
 * Deletes a student's hub user and with it their tokens and server: through the REST API of the
 * running hub with this state, or, when no hub runs, from its database (hub/hub_db.py, JupyterHub's
 * own ORM). Returns what was done, as a sentence.
 */
export async function removeHubUser(name, { state = DEFAULT_STATE } = {}) {
  const hub = runningHub(state);
  if (hub) {
    try {
      for (let attempt = 0; ; attempt++) {
        const r = await fetch(`${hub.api}/users/${encodeURIComponent(name)}`, { method: "DELETE", headers: { Authorization: `token ${hub.token}` }, signal: AbortSignal.timeout(60_000) });
        if (r.status === 204) return "hub user and tokens deleted (REST API)";
        if (r.status === 404) return "no hub user";
        if (r.status === 400 && attempt < 20) { // "in the process of stopping"
          await new Promise((res) => setTimeout(res, 500));
          continue;
        }
        throw new Error(`DELETE /hub/api/users/${name}: HTTP ${r.status} ${(await r.text()).slice(0, 200)}`);
      }
    } catch (e) {
      if (!/ECONNREFUSED|fetch failed/.test(`${e.message} ${e.cause?.code ?? ""}`)) throw e;
      // no hub answers: the database is free
    }
  }
  const db = join(state, "jupyterhub.sqlite");
  if (!existsSync(db)) return "no hub database";
  const r = sh(PYTHON, [join(HUB_DIR, "hub_db.py"), db, "delete-users", name], { env: { ...jupyterEnv(), PATH: "/usr/bin:/bin" } });
  if (r.status !== 0) throw new Error(`hub_db.py delete-users ${name}: ${(r.stderr || r.stdout).trim()}`);
  return /deleted/.test(r.stdout) ? "hub user and tokens deleted (database)" : "no hub user";
}

/**
 * Deletes a student: their hub user and tokens (see removeHubUser), processes, home image and
 * Unix user (and home unless keepHome). Returns false when there was no such Unix user.
 */
export async function removeStudent(name, { keepHome = false, state = DEFAULT_STATE } = {}) {
  const hubUser = await removeHubUser(name, { state }).catch((e) => `hub user NOT deleted: ${e.message}`);
  const user = passwdEntry(name);
  if (!user) return { removed: false, hubUser };
  if (user.uid < 1000) throw new Error(`${name} is a system account (uid ${user.uid}), not a student: not removed`);
  sh("pkill", ["-KILL", "-u", String(user.uid)]);
  for (let i = 0; i < 40 && sh("pgrep", ["-u", String(user.uid)]).status === 0; i++) sh("sleep", ["0.1"]);
  if (!keepHome) removeHomeImage(name, user.home);
  else if (sh("mountpoint", ["-q", user.home]).status === 0) sh("umount", [user.home]);
  const r = sh("userdel", keepHome ? [name] : ["--remove", name]);
  if (r.status !== 0 && !/mail spool/.test(r.stderr)) throw new Error(`userdel ${name}: ${r.stderr.trim()}`);
  return { removed: true, hubUser };
}

/** Makes the grading user (a system user with no home and no login) when it does not exist; returns its entry. */
export function ensureGraderUser(name = GRADER_USER) {
  if (!passwdEntry(name)) {
    const r = sh("useradd", ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", name]);
    if (r.status !== 0) throw new Error(`useradd ${name}: ${r.stderr.trim()}`);
  }
  return passwdEntry(name);
}

/**
 * Reads a file as a Unix user (a child process with that user's ids and no other group): only a
 * regular file, never through a symbolic link at its end (O_NOFOLLOW), at most maxBytes. Returns
 * { data } or { problem }.
 */
export function readAsUser(user, file, maxBytes = 16 * 2 ** 20) {
  const reader = `
    const fs = require("fs");
    const [file, max] = [process.argv[1], Number(process.argv[2])];
    let fd;
    try { fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK); }
    catch (e) { process.exit(e.code === "ENOENT" ? 3 : e.code === "ELOOP" ? 4 : 7); }
    const st = fs.fstatSync(fd);
    if (!st.isFile()) process.exit(5);
    if (st.size > max) process.exit(6);
    const buf = Buffer.alloc(st.size);
    let n = 0;
    while (n < st.size) { const got = fs.readSync(fd, buf, n, st.size - n, null); if (!got) break; n += got; }
    process.stdout.write(buf.subarray(0, n));`;
  const r = spawnSync(process.execPath, ["-e", reader, file, String(maxBytes)], { uid: user.uid, gid: user.gid, cwd: "/", env: { PATH: "/usr/bin:/bin" }, maxBuffer: maxBytes + 1024 });
  const problems = { 3: "missing", 4: "a symbolic link: not collected", 5: "not a regular file: not collected", 6: `larger than ${maxBytes / 2 ** 20} MB: not collected`, 7: "not readable by its student" };
  if (r.status === 0) return { data: r.stdout };
  return { problem: problems[r.status] ?? `not read (${r.error?.message ?? `exit ${r.status}`})` };
}

/**
 * Collects every student's homework into `out/<student>/<basename of file>`: each file is read
 * AS its student (readAsUser), so a student's link to a file only root can read gives nothing.
 * `out` and the copies belong to root and the grading user's group (0750 / 0640), ready for
 * `npm run grade -- OUT --as nngrader`. Returns [{ name, status }].
 */
export function collect(out, { group = DEFAULT_GROUP, file = "course/08-homework.ipynb", grader = GRADER_USER } = {}) {
  const g = ensureGraderUser(grader);
  mkdirSync(out, { recursive: true, mode: 0o750 });
  chownSync(out, 0, g.gid);
  chmodSync(out, 0o750);
  if (spawnSync("test", ["-r", out], { uid: g.uid, gid: g.gid }).status !== 0) {
    throw userError(`the grading user ${grader} cannot reach ${out} (a folder on the way is closed to it): collect into a folder it can reach, e.g. /var/lib/nncourse/submissions`);
  }
  const results = [];
  for (const s of groupMembers(group)) {
    if (s.uid < 1000) continue;
    const got = readAsUser(s, join(s.home, file));
    if (got.problem) {
      results.push({ name: s.name, status: `${file} ${got.problem}` });
      continue;
    }
    const dir = join(out, s.name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { mode: 0o750 });
    chownSync(dir, 0, g.gid);
    const target = join(dir, file.split("/").pop());
    writeFileSync(target, got.data, { mode: 0o640, flag: "wx" });
    chownSync(target, 0, g.gid);
    results.push({ name: s.name, status: `collected (${(got.data.length / 1024).toFixed(1)} kB)` });
  }
  return results;
}

/** Deletes a course group when no user is left in it (the tests' groups). */
export function removeGroupIfEmpty(group) {
  const g = sh("getent", ["group", group]);
  if (g.status !== 0) return false;
  const members = g.stdout.trim().split(":")[3];
  if (members) return false;
  return sh("groupdel", [group]).status === 0;
}

/** Whether a server can get private /dev/shm and /tmp (a mount namespace with its own tmpfs), or why not. */
export function privateTmpUnsupported() {
  const r = sh("unshare", ["--mount", "--propagation", "slave", "/bin/sh", "-c", "mount -t tmpfs -o size=1m tmpfs /dev/shm && mount -t tmpfs -o size=1m tmpfs /tmp"]);
  return r.status === 0 ? undefined : (r.stderr.trim().split("\n")[0] || `unshare exit ${r.status}`);
}

/**
 * Starts JupyterHub with hub/jupyterhub_config.py. Options: HUB_DEFAULTS plus `state`, `password`
 * (dummy auth), `allowedUsers` (dummy auth), `admins`, `sslCert`, `sslKey`, `log` ("inherit" or a
 * file; default <state>/jupyterhub.log), `loginLimits` ({ user, address, window, lockout }: the
 * tests' shorter ones). Before it starts: the student copies and the student tree are made, what
 * a student can read is checked (it refuses to start when they could read the solutions, the
 * grader, its held-out digits or the state), the homes' disk images are mounted, and the admin
 * token is replaced by a new one (the old one is revoked). Resolves when the hub answers, to
 * { url, api, adminToken, state, notes, child, stop() }; `notes` are sentences for the
 * instructor (limits that could not be enforced, students without a disk quota).
 */
export async function startHub(options = {}) {
  const o = { ...HUB_DEFAULTS, state: DEFAULT_STATE, ...options };
  mustBeRoot("the hub");
  setup({ hub: true });
  makeStudentCourse();
  const tree = resolve(o.studentTree);
  if (/^\/(tmp|var\/tmp|dev\/shm|run\/lock)(\/|$)/.test(tree)) throw userError(`--student-tree ${tree}: not under /tmp, /var/tmp, /dev/shm or /run/lock, which every student's server gets a private one of (the default is ${DEFAULT_STUDENT_TREE})`);
  makeStudentTree(tree);
  const treeProblems = studentTreeProblems(tree);
  if (treeProblems.length) throw new Error(`the student tree is not as it must be:\n  ${treeProblems.join("\n  ")}`);
  mkdirSync(o.state, { recursive: true, mode: 0o700 });
  chmodSync(o.state, 0o700);
  checkCourseReadable({ tree, state: o.state, group: o.group });
  const notes = [];

  // A new admin token at every start; the old ones are revoked in the database.
  const tokenFile = join(o.state, "admin-token");
  rmSync(tokenFile, { force: true });
  writeFileSync(tokenFile, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  const adminToken = readFileSync(tokenFile, "utf8").trim();
  rmSync(join(o.state, "hub.json"), { force: true });
  const db = join(o.state, "jupyterhub.sqlite");
  if (existsSync(db)) {
    const r = sh(PYTHON, [join(HUB_DIR, "hub_db.py"), db, "revoke-service-tokens", "course-admin"], { env: { ...jupyterEnv(), PATH: "/usr/bin:/bin" } });
    if (r.status !== 0) throw new Error(`cannot revoke the old admin token: ${(r.stderr || r.stdout).trim()}`);
  }

  // Disk quotas: every student's home image mounted.
  const noQuota = diskQuotaUnsupported();
  const students = groupMembers(o.group).filter((u) => u.uid >= 1000);
  if (noQuota) notes.push(`disk quotas: NOT enforced (${noQuota}); students can fill the disk`);
  else {
    const q = mountHomes(students);
    for (const f of q.failed) notes.push(`disk quota: cannot mount a home image: ${f}`);
    if (q.without.length) notes.push(`disk quotas: ${q.without.length} student(s) have NONE (home not on an image, e.g. added with --disk 0 or before quotas): ${q.without.join(", ")}; add-students NAME again puts their home on a ${DEFAULT_DISK_MB} MB image`);
    if (q.sizeMb > q.freeMb) notes.push(`disk quotas: the students' images can grow to ${Math.round(q.sizeMb)} MB in all, more than the ${Math.round(q.freeMb)} MB free in ${HOME_IMAGES}`);
  }
  const noPrivateTmp = privateTmpUnsupported();
  if (noPrivateTmp) notes.push(`/dev/shm and /tmp: NOT private per student (${noPrivateTmp}); files left there are deleted when a server stops, but count in no one's memory limit until then`);

  const env = {
    ...jupyterEnv(),
    // the hub's own Jupyter files: in its state directory, not the repository's jupyter/
    JUPYTER_CONFIG_DIR: join(o.state, "config"),
    JUPYTER_RUNTIME_DIR: join(o.state, "runtime"),
    JUPYTER_DATA_DIR: join(o.state, "data"),
    NNHUB_REPO: REPO,
    NNHUB_STUDENT_TREE: tree,
    NNHUB_STATE: o.state,
    NNHUB_IP: o.ip,
    NNHUB_PORT: String(o.port),
    NNHUB_HUB_PORT: String(o.hubPort ?? (await freePort())),
    NNHUB_PROXY_API_PORT: String(o.proxyApiPort ?? (await freePort())),
    NNHUB_AUTH: o.auth,
    NNHUB_GROUP: o.group,
    NNHUB_ADMINS: (o.admins ?? []).join(","),
    NNHUB_ADMIN_TOKEN: adminToken,
    NNHUB_MEM_MB: String(o.memory),
    NNHUB_CPUS: String(o.cpus),
    NNHUB_TASKS: String(o.tasks),
    NNHUB_CLASS_MEM_MB: String(o.classMemory),
    NNHUB_PRIVATE_TMP: noPrivateTmp ? "0" : "1",
    NNHUB_SHM_MB: String(o.shm),
    NNHUB_TMP_MB: String(o.tmp),
    NNHUB_HOME_IMAGES: HOME_IMAGES,
    NNHUB_TOKEN_MAX_HOURS: String(o.tokenHours),
    NNHUB_IDLE_SECONDS: String(o.idle),
    NNHUB_CULL_EVERY: String(o.cullEvery),
    PATH: `/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin`,
  };
  const limits = o.loginLimits ?? {};
  for (const [k, v] of [["USER_LIMIT", limits.user], ["ADDRESS_LIMIT", limits.address], ["WINDOW", limits.window], ["LOCKOUT", limits.lockout]]) {
    if (v !== undefined) env[`NNHUB_LOGIN_${k}`] = String(v);
  }
  if (o.password) env.NNHUB_DUMMY_PASSWORD = o.password;
  if (o.allowedUsers) env.NNHUB_ALLOWED_USERS = o.allowedUsers.join(",");
  if (o.sslCert) Object.assign(env, { NNHUB_SSL_CERT: resolve(o.sslCert), NNHUB_SSL_KEY: resolve(o.sslKey) });
  const logFile = o.log === "inherit" ? undefined : (o.log ?? join(o.state, "jupyterhub.log"));
  const fd = logFile ? openSync(logFile, "a") : undefined;
  const child = spawn(JUPYTERHUB, ["-f", join(HUB_DIR, "jupyterhub_config.py")], {
    cwd: o.state,
    env,
    detached: true, // own process group: stop() reaches the hub and its proxy
    stdio: fd === undefined ? ["ignore", "inherit", "inherit"] : ["ignore", fd, fd],
  });
  if (fd !== undefined) closeSync(fd);
  const scheme = o.sslCert ? "https" : "http";
  const host = o.ip === "0.0.0.0" ? "127.0.0.1" : o.ip === "::" ? "[::1]" : o.ip.includes(":") ? `[${o.ip}]` : o.ip;
  const url = `${scheme}://${host}:${o.port}`;
  let exited = null;
  const exit = new Promise((res) => child.on("exit", (code, signal) => res((exited = { code, signal }))));
  const stop = async () => {
    if (exited) return exited;
    try { process.kill(-child.pid, "SIGTERM"); } catch { /* gone */ }
    const timer = setTimeout(() => { try { process.kill(-child.pid, "SIGKILL"); } catch { /* gone */ } }, 30000);
    const r = await exit;
    clearTimeout(timer);
    return r;
  };
  const deadline = Date.now() + 90_000;
  // First the hub itself, then through the proxy (asking the proxy before the hub has added its
  // route only makes the proxy log errors).
  const probes = [`http://127.0.0.1:${env.NNHUB_HUB_PORT}/hub/api/`, `${url}/hub/api/`];
  for (;;) {
    if (exited) throw new Error(`jupyterhub exited (${exited.code ?? exited.signal}) before answering${logFile ? `; see ${logFile}` : ""}`);
    try {
      const r = await fetch(probes[0], { signal: AbortSignal.timeout(5000) });
      if (r.ok && probes.length === 1) break;
      if (r.ok) probes.shift();
    } catch { /* not yet */ }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`jupyterhub did not answer at ${url} within 90 s${logFile ? `; see ${logFile}` : ""}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  // For remove-students while the hub runs (the state is root's: 0700).
  writeFileSync(join(o.state, "hub.json"), `${JSON.stringify({ api: `http://127.0.0.1:${env.NNHUB_HUB_PORT}/hub/api`, pid: child.pid })}\n`, { mode: 0o600 });
  exit.then(() => rmSync(join(o.state, "hub.json"), { force: true }));
  return { url, api: `${url}/hub/api`, adminToken, state: o.state, tree, notes, logFile, child, stop, exit };
}

function parseServeArgs(argv) {
  const o = { admins: [] };
  const map = {
    "--ip": "ip", "--port": "port", "--auth": "auth", "--password": "password", "--memory": "memory", "--cpus": "cpus", "--tasks": "tasks",
    "--class-memory": "classMemory", "--shm": "shm", "--tmp": "tmp", "--token-hours": "tokenHours", "--idle": "idle", "--cull-every": "cullEvery",
    "--group": "group", "--state": "state", "--student-tree": "studentTree", "--ssl-cert": "sslCert", "--ssl-key": "sslKey",
  };
  const numeric = new Set(["port", "memory", "cpus", "tasks", "classMemory", "shm", "tmp", "tokenHours", "idle", "cullEvery"]);
  for (let i = 0; i < argv.length; i++) {
    let [flag, value] = argv[i].includes("=") ? argv[i].split(/=(.*)/s) : [argv[i], undefined];
    if (flag === "--help" || flag === "-h") { console.log(USAGE); process.exit(0); }
    if (flag === "--admins") { o.admins = (value ?? argv[++i]).split(",").filter(Boolean); continue; }
    const key = map[flag];
    if (!key) throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
    value = value ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (numeric.has(key)) {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} ${value}: expected a number ≥ 0`);
      o[key] = n;
    } else o[key] = key === "state" || key === "studentTree" ? resolve(value) : value;
  }
  if (o.auth === "dummy" && !o.password) o.password = randomBytes(9).toString("base64url");
  if ((o.sslCert === undefined) !== (o.sslKey === undefined)) throw new Error("--ssl-cert and --ssl-key go together");
  return o;
}

async function serve(argv) {
  const o = parseServeArgs(argv);
  console.log("hub: starting JupyterHub (Ctrl-C stops it and every student's server) …");
  const hub = await startHub({ ...o, log: "inherit" });
  const line = "=".repeat(64);
  const o2 = { ...HUB_DEFAULTS, ...o };
  console.log(
    `\n${line}\n  The course is served at ${hub.url.replace("127.0.0.1", o2.ip === "0.0.0.0" ? "<this machine>" : "127.0.0.1")}/\n` +
      (o2.auth === "dummy"
        ? `  login: students of group ${o2.group}, password ${o.password} (dummy authenticator: tests only)\n`
        : `  login: Unix users of group ${o2.group} with their password (node scripts/hub.mjs add-students …)\n`) +
      `  limits per student: ${o2.memory} MB, ${o2.cpus} CPU, ${o2.tasks} tasks, /dev/shm ${o2.shm} MB, /tmp ${o2.tmp} MB; the class together ${o2.classMemory || "no limit on"} MB\n` +
      `  idle servers stopped after ${o2.idle} s; API tokens live at most ${o2.tokenHours} h\n` +
      `  students are served from ${hub.tree} (no solutions, no grader, no held-out digits)\n` +
      hub.notes.map((n) => `  NOTE: ${n}\n`).join("") +
      `  admin API token (service course-admin, new at every start): ${join(hub.state, "admin-token")}\n  Press Ctrl-C to stop.\n${line}\n`,
  );
  let stopping = false;
  for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(s, async () => {
      if (stopping) return;
      stopping = true;
      console.log(`\nhub: ${s}: stopping JupyterHub and the students' servers …`);
      await hub.stop();
    });
  }
  const r = await hub.exit;
  console.log(`hub: stopped${r.signal ? ` (${r.signal})` : r.code ? ` (exit ${r.code})` : ""}`);
  process.exit(stopping ? 0 : r.code ?? 1);
}

async function students(argv, remove) {
  mustBeRoot(remove ? "remove-students" : "add-students");
  let group = DEFAULT_GROUP;
  let keepHome = false;
  let diskMb = DEFAULT_DISK_MB;
  let state = DEFAULT_STATE;
  const entries = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--group") group = argv[++i];
    else if (a === "--keep-home") keepHome = true;
    else if (a === "--disk") diskMb = Number(argv[++i]);
    else if (a === "--state") state = resolve(argv[++i]);
    else if (a === "--csv") {
      for (const line of readFileSync(argv[++i], "utf8").split(/\r?\n/)) {
        const [name, password] = line.split(",").map((s) => s?.trim());
        if (name && !name.startsWith("#") && name !== "name") entries.push({ name, password });
      }
    } else if (a.startsWith("--")) throw new Error(`unknown option ${a}\n${USAGE}`);
    else entries.push({ name: a });
  }
  if (entries.length === 0) throw new Error(`no students given\n${USAGE}`);
  let failed = 0;
  for (const { name, password } of entries) {
    try {
      if (remove) {
        const r = await removeStudent(name, { keepHome, state });
        console.log(`${name}: ${r.removed ? "Unix user removed" : "no such Unix user"}; ${r.hubUser}`);
        if (/NOT deleted/.test(r.hubUser)) failed++;
      } else {
        const pw = password || randomBytes(9).toString("base64url");
        const s = addStudent(name, pw, { group, diskMb });
        console.log(`${name},${password ? "(from the CSV)" : pw},${s.home}`);
      }
    } catch (e) {
      failed++;
      console.error(`${name}: ${e.message}`);
    }
  }
  process.exit(failed ? 1 : 0);
}

function collectCommand(argv) {
  mustBeRoot("collect");
  let out;
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--group") o.group = argv[++i];
    else if (a === "--file") o.file = argv[++i];
    else if (a.startsWith("--")) throw new Error(`unknown option ${a}\n${USAGE}`);
    else if (out === undefined) out = resolve(a);
    else throw new Error(`one folder at a time\n${USAGE}`);
  }
  if (!out) throw new Error(`collect: give the folder to collect into\n${USAGE}`);
  const results = collect(out, o);
  for (const r of results) console.log(`${r.name}: ${r.status}`);
  const got = results.filter((r) => r.status.startsWith("collected")).length;
  console.log(`collect: ${got} of ${results.length} student(s) in ${out} (readable by root and ${GRADER_USER}); grade them with:\n  npm run grade -- ${out} --jobs 2 --as ${GRADER_USER}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, ...rest] = process.argv.slice(2);
  const run = async () => {
    if (command === "student-course") return console.log(`student course: ${makeStudentCourse().length} files in ${STUDENT_COURSE}`);
    if (command === "student-tree") {
      mustBeRoot("student-tree");
      makeStudentCourse();
      const r = makeStudentTree(resolve(rest[0] ?? DEFAULT_STUDENT_TREE));
      return console.log(`student tree: ${r.dir} (${r.blanked} held-out digits blank)`);
    }
    if (command === "add-students") return students(rest, false);
    if (command === "remove-students") return students(rest, true);
    if (command === "collect") return collectCommand(rest);
    if (command === "serve") return serve(rest);
    return serve(process.argv.slice(2));
  };
  run().catch((e) => {
    console.error(`hub: ${e.userMessage ? "" : "FAILED: "}${e.message}`);
    process.exit(1);
  });
}
