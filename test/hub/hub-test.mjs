#!/usr/bin/env node
// `npm run test:hub`: the course hub end to end (as root, Debian; JupyterHub is installed by the
// set-up when missing). Three parts, each with its own hub on a free port and its own Unix users,
// everything stopped and deleted at the end:
//
// 1. Three students (dummy authentication, one password) log in through the REST API, start
//    their servers and run notebook 01 at the same time (scripts/hub-load-test.mjs with
//    --students 3); isolation: no student reads another's notebook, experiment log or home, or
//    reaches another's server with their token.
// 2. One student (PAM authentication): the course copy (a student's edit survives a course
//    update, a changed notebook is offered in course-updates/, a deleted one comes back) and the
//    limits (the student's cgroup has the memory limit; a kernel allocating past it is killed by
//    the OOM killer while the server lives on).
// 3. The same student on a hub with a 20 s idle timeout: the idle culler stops the idle server.
// Prints one line per check and "N passed, N failed"; exit 0 when all passed.

import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kernel, api, createHubUsers, ensureWebSocket, login, startServer, userPids } from "../../scripts/hub-client.mjs";
import { runLoadTest, summarize } from "../../scripts/hub-load-test.mjs";
import { addStudent, freePort, removeGroupIfEmpty, removeStudent, startHub } from "../../scripts/hub.mjs";

ensureWebSocket();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? ` — ${detail}` : ""}`);
}

if (process.getuid?.() !== 0) {
  console.log("test:hub: needs root (it creates Unix users and runs the hub)");
  process.exit(1);
}
const t0 = Date.now();

// ---- 1. three students at once ---------------------------------------------------------------
console.log("test:hub: 1. three students run notebook 01 at the same time (dummy authentication)");
let leftover = [];
try {
  const r = await runLoadTest({ students: 3, auth: "dummy", prefix: "nnhubt", quiet: false, onCleanup: ({ left }) => (leftover = left) });
  const s = summarize(r);
  for (const x of r.students) check(`${x.name} logged in, started a server and ran notebook 01 (${x.cellsRun} cells)`, x.failures.length === 0, x.failures.join("; ") || `server ${x.serverStartSeconds} s, run ${x.runSeconds} s, peak ${Math.round(x.peakCgroupMb)} MB`);
  check(`isolation: ${s.isolationChecks - s.isolationFailures}/${s.isolationChecks} checks held`, s.isolationFailures === 0, r.isolation.filter((c) => !c.ok).map((c) => `${c.check}: ${c.detail}`).join("; "));
  check("no process of the students left after the hub stopped", leftover.length === 0, leftover.join(", "));
} catch (e) {
  check("part 1 ran", false, e.stack ?? e.message);
}

// ---- 2. course copy, limits, culling ---------------------------------------------------------
console.log("test:hub: 2. course updates and the memory limit (PAM authentication)");
const name = "nnhubt-one";
const password = randomBytes(12).toString("base64url");
const state = mkdtempSync(join(tmpdir(), "nnhub-test-"));
let hub;
try {
  const { home } = addStudent(name, password, { group: "nnhubt" });
  const memory = 512;
  hub = await startHub({ port: await freePort(), auth: "pam", group: "nnhubt", state, memory, cpus: 1, idle: 0 });
  await createHubUsers(hub, [name]);
  const token = await login(hub, name, password);
  const admin = { token: hub.adminToken };
  await startServer(hub, name, token);
  const course = join(home, "course");
  check("first start copied the course into ~/course", existsSync(join(course, "01-neuron.ipynb")) && existsSync(join(course, "08-homework.ipynb")) && existsSync(join(course, "LECTURES.md")));
  const copied02 = readFileSync(join(course, "02-matrices.ipynb"), "utf8");
  check("the students get the student copies: no solution, the stubs in their place", !copied02.includes("SOLUTION") && copied02.includes("// TODO: your code here"));
  check("~/course is the student's, 0700", statSync(course).uid === statSync(home).uid && (statSync(course).mode & 0o777) === 0o700);
  const limit = Number(readFileSync(`/sys/fs/cgroup/memory/nncourse/${name}/memory.limit_in_bytes`, "utf8"));
  check(`the student's memory cgroup has the limit (${memory} MB)`, limit === memory * 2 ** 20, `${limit} bytes`);
  const inCgroup = readFileSync(`/sys/fs/cgroup/memory/nncourse/${name}/cgroup.procs`, "utf8").trim().split("\n").map(Number);
  check("the student's server runs in that cgroup", userPids(name).length > 0 && userPids(name).every((p) => inCgroup.includes(p)), `${userPids(name).join(",")} in [${inCgroup.join(",")}]`);

  // A kernel allocating past the limit is ended by the OOM killer; the server lives on.
  const k = await Kernel.start(hub, name, token);
  await k.ready();
  const oomBefore = Number(/oom_kill (\d+)/.exec(readFileSync(`/sys/fs/cgroup/memory/nncourse/${name}/memory.oom_control`, "utf8"))?.[1] ?? 0);
  const grab = k.execute(`{ const keep: Buffer[] = []; for (let i = 0; i < 64; i++) keep.push(Buffer.alloc(32 * 2 ** 20, 1)); console.log("allocated", keep.length * 32, "MB"); }`, 120_000).catch((e) => ({ errors: [e.message], stdout: "" }));
  const outcome = await Promise.race([grab, sleep(150_000).then(() => ({ timeout: true }))]);
  const oomAfter = Number(/oom_kill (\d+)/.exec(readFileSync(`/sys/fs/cgroup/memory/nncourse/${name}/memory.oom_control`, "utf8"))?.[1] ?? 0);
  check("a kernel allocating 2 GB past the 512 MB limit is killed by the OOM killer", oomAfter > oomBefore && !/allocated 2048 MB/.test(outcome.stdout ?? ""), `oom_kill ${oomBefore} → ${oomAfter}; the client saw: ${outcome.timeout ? "no reply in 150 s" : (outcome.errors ?? []).join("; ")}`);
  k.ws.close();
  const status = await api(`${hub.url}/user/${name}/api/status`, { token, ok: [502, 503] });
  check("the student's server still answers after the kernel was killed", status.status === 200, `HTTP ${status.status}`);

  // Course update: stop the server, edit a notebook, pretend the course changed another, delete a third.
  await api(`${hub.api}/users/${name}/server`, { ...admin, method: "DELETE", ok: [202, 204] });
  for (let i = 0; i < 120 && (await api(`${hub.api}/users/${name}`, admin)).json.servers?.[""]; i++) await sleep(500);
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

} catch (e) {
  check("part 2 ran", false, e.stack ?? e.message);
} finally {
  if (hub) await hub.stop();
  hub = undefined;
}

// ---- 3. idle culling -------------------------------------------------------------------------
// A hub whose culler stops servers idle for 20 s (checked every 5 s): the student starts a
// server and does nothing. (The server reports activity to the hub every 5 minutes, so the
// culler sees "idle since the start"; a real class uses --idle 3600.)
console.log("test:hub: 3. idle culling");
try {
  hub = await startHub({ port: await freePort(), auth: "pam", group: "nnhubt", state, memory: 512, cpus: 1, idle: 20, cullEvery: 5 });
  await createHubUsers(hub, [name]);
  const token = await login(hub, name, password);
  const admin = { token: hub.adminToken };
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
  removeStudent(name);
  removeGroupIfEmpty("nnhubt");
  if (failed === 0) rmSync(state, { recursive: true, force: true });
  else console.log(`test:hub: the second hub's state and log are kept in ${state}`);
}

console.log(`test:hub: ${passed} passed, ${failed} failed (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
process.exit(failed ? 1 : 0);
