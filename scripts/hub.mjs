#!/usr/bin/env node
// `npm run hub`: the course served to a class by JupyterHub (Debian's jupyterhub 3.0 and
// configurable-http-proxy, installed by `node scripts/setup.mjs --hub`). See hub/README.md.
//
//   npm run hub                                  # PAM login, http://127.0.0.1:8000
//   npm run hub -- --ip 0.0.0.0 --port 443 --ssl-cert cert.pem --ssl-key key.pem
//   npm run hub -- --memory 1536 --cpus 1 --idle 3600 --admins teacher
//   node scripts/hub.mjs add-students alice bob      # Unix users in group nncourse, passwords printed
//   node scripts/hub.mjs add-students --csv class.csv  # lines "name,password" (or just "name")
//   node scripts/hub.mjs remove-students alice bob   # deletes the users and their homes
//   node scripts/hub.mjs student-course              # only (re)make release/student/ (the image build does)
//
// Students get the STUDENT copies of the notebooks (release/student/, made at every start):
// the committed notebooks hold the exercise solutions.
//
// Runs as root: every student's server runs as that student's Unix user. State (database, cookie
// secret, the admin API token of the service "course-admin", the log) goes to hub/state/
// (git-ignored) or --state DIR. Other scripts import startHub(), addStudent(), removeStudent().

import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { listNotebooks } from "./lib/notebook.mjs";
import { release } from "./release.mjs";
import { JUPYTERHUB, REPO, jupyterEnv, setup } from "./setup.mjs";

export const HUB_DIR = join(REPO, "hub");
export const DEFAULT_STATE = join(HUB_DIR, "state");
export const DEFAULT_GROUP = "nncourse";
export const HUB_DEFAULTS = { ip: "127.0.0.1", port: 8000, auth: "pam", memory: 1536, cpus: 1, tasks: 256, idle: 3600, cullEvery: 300, group: DEFAULT_GROUP };
const NAME_RE = /^[a-z_][a-z0-9_-]{0,30}$/;

const USAGE = `usage:
  npm run hub [-- --ip 127.0.0.1 --port 8000 --auth pam|dummy --password P --memory MB --cpus N
                  --idle SECONDS --cull-every SECONDS --admins a,b --group nncourse --state DIR
                  --ssl-cert FILE --ssl-key FILE]
  node scripts/hub.mjs add-students NAME… [--csv FILE] [--group nncourse]
  node scripts/hub.mjs remove-students NAME… [--keep-home]`;

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

/** Students must be able to read the course (kernel, packages, notebooks, data) but not write it. */
export function checkCourseReadable() {
  const files = ["node_modules/tslab/bin/tslab", "jupyter/kernels/tslab/kernel.json", "release/student/01-neuron.ipynb", "lib/dist/index.js", "data/README.md", "hub/singleuser.py"];
  const r = sh("/usr/bin/setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "/bin/sh", "-c", files.map((f) => `test -r '${join(REPO, f)}' || echo '${f}'`).join("; ")]);
  const unreadable = r.stdout.trim().split("\n").filter(Boolean);
  if (unreadable.length > 0) {
    const e = new Error(
      `students cannot read the course at ${REPO} (${unreadable.join(", ")}): every folder on the way must be ` +
        `world-executable and the files world-readable (e.g. clone it to /srv/nn-course, not under /root), or run chmod -R o+rX on it`,
    );
    e.userMessage = true;
    throw e;
  }
}

/** Creates (or updates) the Unix user of a student: group `group`, home 0700, the password. */
export function addStudent(name, password, { group = DEFAULT_GROUP } = {}) {
  if (!NAME_RE.test(name)) throw new Error(`student name ${JSON.stringify(name)}: expected a Unix user name (a-z, 0-9, _ or -, at most 31 characters, not starting with a digit)`);
  if (sh("getent", ["group", group]).status !== 0) {
    const r = sh("groupadd", ["--system", group]);
    if (r.status !== 0) throw new Error(`groupadd ${group}: ${r.stderr.trim()}`);
  }
  if (sh("id", ["-u", name]).status !== 0) {
    const r = sh("useradd", ["--create-home", "--shell", "/bin/bash", "--user-group", "--groups", group, "-K", "UMASK=0077", name]);
    if (r.status !== 0) throw new Error(`useradd ${name}: ${r.stderr.trim()}`);
  } else {
    const r = sh("usermod", ["--append", "--groups", group, name]);
    if (r.status !== 0) throw new Error(`usermod ${name}: ${r.stderr.trim()}`);
  }
  const home = sh("getent", ["passwd", name]).stdout.split(":")[5];
  chmodSync(home, 0o700); // other students cannot list or read anything in it
  const r = sh("chpasswd", [], { input: `${name}:${password}\n` });
  if (r.status !== 0) throw new Error(`chpasswd ${name}: ${r.stderr.trim()}`);
  return { name, home };
}

/** Deletes a student's Unix user (and home unless keepHome). */
export function removeStudent(name, { keepHome = false } = {}) {
  if (sh("id", ["-u", name]).status !== 0) return false;
  const r = sh("userdel", keepHome ? [name] : ["--remove", name]);
  if (r.status !== 0 && !/mail spool/.test(r.stderr)) throw new Error(`userdel ${name}: ${r.stderr.trim()}`);
  return true;
}

/** Deletes a course group when no user is left in it (the tests' groups). */
export function removeGroupIfEmpty(group) {
  const g = sh("getent", ["group", group]);
  if (g.status !== 0) return false;
  const members = g.stdout.trim().split(":")[3];
  if (members) return false;
  return sh("groupdel", [group]).status === 0;
}

/**
 * Starts JupyterHub with hub/jupyterhub_config.py. Options: HUB_DEFAULTS plus `state`, `password`
 * (dummy auth), `allowedUsers` (dummy auth), `admins`, `sslCert`, `sslKey`, `log` ("inherit" or a
 * file; default <state>/jupyterhub.log). Resolves when the hub answers, to
 * { url, api, adminToken, state, child, stop() }.
 */
export async function startHub(options = {}) {
  const o = { ...HUB_DEFAULTS, state: DEFAULT_STATE, ...options };
  mustBeRoot("the hub");
  setup({ hub: true });
  makeStudentCourse();
  checkCourseReadable();
  mkdirSync(o.state, { recursive: true, mode: 0o700 });
  chmodSync(o.state, 0o700);
  const tokenFile = join(o.state, "admin-token");
  if (!existsSync(tokenFile)) writeFileSync(tokenFile, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600 });
  const adminToken = readFileSync(tokenFile, "utf8").trim();
  const env = {
    ...jupyterEnv(),
    // the hub's own Jupyter files: in its state directory, not the repository's jupyter/
    JUPYTER_CONFIG_DIR: join(o.state, "config"),
    JUPYTER_RUNTIME_DIR: join(o.state, "runtime"),
    JUPYTER_DATA_DIR: join(o.state, "data"),
    NNHUB_REPO: REPO,
    NNHUB_COURSE: STUDENT_COURSE,
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
    NNHUB_IDLE_SECONDS: String(o.idle),
    NNHUB_CULL_EVERY: String(o.cullEvery),
    PATH: `/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin`,
  };
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
  const host = o.ip === "0.0.0.0" ? "127.0.0.1" : o.ip;
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
  return { url, api: `${url}/hub/api`, adminToken, state: o.state, logFile, child, stop, exit };
}

function parseServeArgs(argv) {
  const o = { admins: [] };
  const map = { "--ip": "ip", "--port": "port", "--auth": "auth", "--password": "password", "--memory": "memory", "--cpus": "cpus", "--tasks": "tasks", "--idle": "idle", "--cull-every": "cullEvery", "--group": "group", "--state": "state", "--ssl-cert": "sslCert", "--ssl-key": "sslKey" };
  const numeric = new Set(["port", "memory", "cpus", "tasks", "idle", "cullEvery"]);
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
    } else o[key] = key === "state" ? resolve(value) : value;
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
        ? `  login: any allowed user name, password ${o.password} (dummy authenticator: tests only)\n`
        : `  login: Unix users of group ${o2.group} with their password (node scripts/hub.mjs add-students …)\n`) +
      `  limits per student: ${o2.memory} MB, ${o2.cpus} CPU, ${o2.tasks} tasks; idle servers stopped after ${o2.idle} s\n` +
      `  admin API token (service course-admin): ${join(hub.state, "admin-token")}\n  Press Ctrl-C to stop.\n${line}\n`,
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

function students(argv, remove) {
  mustBeRoot(remove ? "remove-students" : "add-students");
  let group = DEFAULT_GROUP;
  let keepHome = false;
  const entries = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--group") group = argv[++i];
    else if (a === "--keep-home") keepHome = true;
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
      if (remove) console.log(`${name}: ${removeStudent(name, { keepHome }) ? "removed" : "no such user"}`);
      else {
        const pw = password || randomBytes(9).toString("base64url");
        const s = addStudent(name, pw, { group });
        console.log(`${name},${password ? "(from the CSV)" : pw},${s.home}`);
      }
    } catch (e) {
      failed++;
      console.error(`${name}: ${e.message}`);
    }
  }
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, ...rest] = process.argv.slice(2);
  const run = async () => {
    if (command === "student-course") return console.log(`student course: ${makeStudentCourse().length} files in ${STUDENT_COURSE}`);
    if (command === "add-students") return students(rest, false);
    if (command === "remove-students") return students(rest, true);
    if (command === "serve") return serve(rest);
    return serve(process.argv.slice(2));
  };
  run().catch((e) => {
    console.error(`hub: ${e.userMessage ? "" : "FAILED: "}${e.message}`);
    process.exit(1);
  });
}

