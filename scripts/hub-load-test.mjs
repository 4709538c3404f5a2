#!/usr/bin/env node
// Load test of the course hub: N simulated students at the same time.
//
//   node scripts/hub-load-test.mjs [--students 10] [--notebook notebooks/01-neuron.ipynb]
//        [--auth pam|dummy] [--memory 1536] [--cpus 1] [--cell-timeout 900] [--report hub/load-test-report]
//
// As root. It creates N Unix users (nnload01 …, group nnload, random passwords), starts the hub
// (scripts/hub.mjs, a fresh state directory, a free port), the admin creates the hub users
// through the REST API with the admin token, then every student at once: logs in with name and
// password (POST /hub/api/users/<name>/tokens), starts their server, opens a tslab kernel through
// the kernel API and runs every code cell of the notebook over the websocket. Measured per
// student: server start time, kernel start time, run time, peak memory of the student's cgroup
// (server + kernel) and peak RSS of their processes, failures (an error or any stderr, as the
// notebook test). Then isolation: each student's kernel tries to read the next student's
// notebook, experiment log and home; each student's token asks for the next student's files
// through the hub. Everything is stopped and the users deleted at the end (no process left).
// Writes <report>.md and <report>.json when --report is given. Exit code 0 when every student
// ran the notebook without failure and every isolation check held.

import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Kernel, api, cgroupMemoryMb, codeCells, createHubUsers, ensureWebSocket, login, startServer, userCpuSeconds, userPids, userRssMb } from "./hub-client.mjs";
import { addStudent, freePort, removeGroupIfEmpty, removeStudent, startHub } from "./hub.mjs";
import { REPO } from "./setup.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (v, d = 1) => (Number.isFinite(v) ? Number(v.toFixed(d)) : null);

/** TypeScript run in a student's kernel: append a line to their own experiment log. */
const OWN_LOG = `{
  const fs = require("fs"); const path = require("path");
  const log = process.env.NNLIB_EXPERIMENT_LOG as string;
  fs.mkdirSync(path.dirname(log), { recursive: true });
  fs.appendFileSync(log, JSON.stringify({ name: "load-test", user: require("os").userInfo().username }) + "\\n");
  console.log(JSON.stringify({ log, mode: (fs.statSync(log).mode & 0o777).toString(8), lines: fs.readFileSync(log, "utf8").trim().split("\\n").length }));
}`;

/** TypeScript run in a student's kernel: try to read another student's files. */
const PROBE = (home) => `{
  const fs = require("fs");
  const tryIt = (what: string, f: () => unknown) => { try { f(); return { what, readable: true }; } catch (e: any) { return { what, readable: false, code: e.code }; } };
  console.log(JSON.stringify([
    tryIt("notebook", () => fs.readFileSync(${JSON.stringify(`${home}/course/01-neuron.ipynb`)})),
    tryIt("experiment log", () => fs.readFileSync(${JSON.stringify(`${home}/course/homework/experiments.jsonl`)})),
    tryIt("home listing", () => fs.readdirSync(${JSON.stringify(home)})),
  ]));
}`;

function lastJson(text) {
  const line = text.trim().split("\n").reverse().find((l) => l.startsWith("{") || l.startsWith("["));
  return line ? JSON.parse(line) : undefined;
}

/**
 * Runs the load test; returns the result object (also written as the report). Options:
 * students, notebook, auth, prefix, memory, cpus, cellTimeout, idle, cullEvery, report, quiet,
 * afterRun(hub, students) — a hook the hub test uses (e.g. to watch the idle culler).
 */
export async function runLoadTest(options = {}) {
  const o = { students: 10, notebook: join(REPO, "notebooks", "01-neuron.ipynb"), auth: "pam", prefix: "nnload", memory: 1536, cpus: 1, cellTimeout: 900, idle: 0, cullEvery: 300, ...options };
  const say = (m) => { if (!o.quiet) console.log(`load-test: ${m}`); };
  if (process.getuid?.() !== 0) throw new Error("the load test creates Unix users and runs the hub: run it as root");
  const cells = codeCells(o.notebook);
  const names = Array.from({ length: o.students }, (_, i) => `${o.prefix}${String(i + 1).padStart(2, "0")}`);
  const shared = randomBytes(12).toString("base64url");
  const passwords = Object.fromEntries(names.map((n) => [n, o.auth === "dummy" ? shared : randomBytes(12).toString("base64url")]));
  const started = new Date();
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryMb: Math.round(totalmem() / 2 ** 20), loadAverageAtStart: loadavg().map((v) => round(v, 2)), node: process.version };
  const students = names.map((name) => ({ name, failures: [], peakCgroupMb: 0, peakRssMb: 0 }));
  const byName = Object.fromEntries(students.map((s) => [s.name, s]));
  const isolation = [];
  const state = mkdtempSync(join(tmpdir(), "nnhub-load-"));
  // The student tree (what students are served from) in a world-readable scratch folder, not under
  // /tmp (every server gets a private one).
  mkdirSync("/var/lib/nncourse", { recursive: true, mode: 0o755 });
  const treeParent = mkdtempSync("/var/lib/nncourse/load-test-tree-");
  chmodSync(treeParent, 0o755);
  const studentTree = o.studentTree ?? join(treeParent, "tree");
  let hub;
  let sampler;
  const kernels = {};
  const tokens = {};
  const homes = {};
  // Ctrl-C or a kill: stop the hub and delete the users before leaving.
  const abort = async (signal) => {
    console.log(`load-test: ${signal}: stopping the hub and deleting the test users …`);
    if (sampler) clearInterval(sampler);
    if (hub) await hub.stop();
    for (let i = 0; i < 40 && names.some((n) => userPids(n).length > 0); i++) await sleep(250);
    for (const n of names) { try { await removeStudent(n, { state }); } catch { /* still busy */ } }
    removeGroupIfEmpty(o.prefix);
    rmSync(state, { recursive: true, force: true });
    rmSync(treeParent, { recursive: true, force: true });
    process.exit(130);
  };
  process.once("SIGINT", abort);
  process.once("SIGTERM", abort);
  try {
    say(`creating ${names.length} Unix users (${names[0]} … ${names.at(-1)}, group ${o.prefix})`);
    for (const n of names) homes[n] = addStudent(n, passwords[n], { group: o.prefix }).home;
    const port = await freePort();
    say(`starting the hub on 127.0.0.1:${port} (${o.auth} authentication, ${o.memory} MB and ${o.cpus} CPU per student)`);
    hub = await startHub({ port, auth: o.auth, group: o.prefix, password: o.auth === "dummy" ? shared : undefined, state, studentTree, memory: o.memory, cpus: o.cpus, idle: o.idle, cullEvery: o.cullEvery });
    await createHubUsers(hub, names);

    sampler = setInterval(() => {
      for (const s of students) {
        const cg = cgroupMemoryMb(s.name);
        if (cg) {
          s.peakCgroupMb = Math.max(s.peakCgroupMb, cg.peak ?? cg.usage);
          s.cgroupLimitMb = round(cg.limit, 0);
        }
        s.peakRssMb = Math.max(s.peakRssMb, userRssMb(s.name));
      }
    }, 1000);

    say(`${names.length} students log in, start their servers and run ${relative(REPO, o.notebook)} (${cells.length} code cells) at the same time …`);
    const t0 = Date.now();
    await Promise.all(students.map(async (s) => {
      const step = (what) => (s.step = what);
      try {
        step("login");
        let t = Date.now();
        tokens[s.name] = await login(hub, s.name, passwords[s.name]);
        s.loginSeconds = round((Date.now() - t) / 1000, 2);
        step("server start");
        s.serverStartSeconds = round(await startServer(hub, s.name, tokens[s.name]), 1);
        step("kernel start");
        t = Date.now();
        const k = (kernels[s.name] = await Kernel.start(hub, s.name, tokens[s.name]));
        await k.ready();
        s.kernelStartSeconds = round((Date.now() - t) / 1000, 1);
        step("notebook");
        t = Date.now();
        s.cellsRun = 0;
        for (const [i, c] of cells.entries()) {
          const r = await k.execute(c.code, o.cellTimeout * 1000);
          s.cellsRun++;
          const bad = [...r.errors, ...(r.stderr.trim() ? [`stderr: ${r.stderr.trim().slice(0, 300)}`] : [])];
          if (bad.length) {
            s.failures.push(`code cell ${i + 1} (${c.id}): ${bad.join("; ")}`);
            break;
          }
        }
        s.runSeconds = round((Date.now() - t) / 1000, 1);
        s.cpuSeconds = round(userCpuSeconds(s.name), 1); // server + kernel, from login to the last cell
        step("own experiment log");
        const own = await k.execute(OWN_LOG, 120_000);
        s.ownLog = lastJson(own.stdout);
        if (own.errors.length || !s.ownLog) s.failures.push(`own experiment log: ${own.errors.join("; ") || own.stderr}`);
        s.totalSeconds = round((Date.now() - t0) / 1000, 1);
        step("done");
      } catch (e) {
        s.failures.push(`${s.step}: ${e.message}`);
      }
    }));
    const wallSeconds = (Date.now() - t0) / 1000;
    say(`all students finished in ${wallSeconds.toFixed(0)} s; checking isolation …`);

    // Isolation: student i against student i+1.
    await Promise.all(students.map(async (s, i) => {
      const other = students[(i + 1) % students.length];
      if (other === s) return;
      const k = kernels[s.name];
      if (k) {
        try {
          const r = await k.execute(PROBE(homes[other.name]), 120_000);
          for (const p of lastJson(r.stdout) ?? []) isolation.push({ from: s.name, to: other.name, check: `kernel reads ${other.name}'s ${p.what}`, ok: !p.readable, detail: p.readable ? "READABLE" : p.code });
        } catch (e) {
          isolation.push({ from: s.name, to: other.name, check: "kernel probe", ok: false, detail: e.message });
        }
      }
      if (tokens[s.name]) {
        for (const path of ["api/contents/01-neuron.ipynb", "api/contents/homework/experiments.jsonl", "api/kernels"]) {
          const r = await api(`${hub.url}/user/${other.name}/${path}`, { token: tokens[s.name], ok: [302, 401, 403, 404] }).catch((e) => ({ status: e.message }));
          isolation.push({ from: s.name, to: other.name, check: `${s.name}'s token GET /user/${other.name}/${path}`, ok: r.status === 403 || r.status === 401 || r.status === 302, detail: `HTTP ${r.status}` });
        }
        const r = await api(`${hub.api}/users/${other.name}`, { token: tokens[s.name], ok: [403, 404] });
        isolation.push({ from: s.name, to: other.name, check: `${s.name}'s token GET /hub/api/users/${other.name}`, ok: r.status === 403 || r.status === 404, detail: `HTTP ${r.status}` });
      }
      const mode = (statSync(homes[other.name]).mode & 0o777).toString(8);
      isolation.push({ from: s.name, to: other.name, check: `${other.name}'s home is 0700`, ok: mode === "700", detail: mode });
    }));
    // Each student's log is their own: distinct paths, in their home, readable by them only.
    const logs = students.map((s) => s.ownLog?.log).filter(Boolean);
    isolation.push({ check: "every student has their own experiment log (NNLIB_EXPERIMENT_LOG)", ok: logs.length === students.length && new Set(logs).size === logs.length && students.every((s) => s.ownLog?.log?.startsWith(`${homes[s.name]}/`) && s.ownLog.mode === "600"), detail: students.map((s) => `${s.name}: ${s.ownLog?.log ?? "—"} (${s.ownLog?.mode ?? "?"})`).join("; ") });
    for (const s of students) for (const f of isolation.filter((c) => c.from === s.name && !c.ok)) s.failures.push(`isolation: ${f.check}: ${f.detail}`);

    if (o.afterRun) await o.afterRun({ hub, students, tokens, kernels, homes, say });

    clearInterval(sampler);
    sampler = undefined;
    for (const k of Object.values(kernels)) await k.shutdown();
    const result = { date: started.toISOString(), machine, options: { students: o.students, notebook: relative(REPO, o.notebook), auth: o.auth, memoryMb: o.memory, cpus: o.cpus, cellTimeoutSeconds: o.cellTimeout }, wallSeconds: round(wallSeconds, 1), students, isolation };
    return result;
  } finally {
    if (sampler) clearInterval(sampler);
    for (const k of Object.values(kernels)) k.ws?.close?.();
    if (hub) {
      say("stopping the hub (and every student's server) …");
      await hub.stop();
    }
    for (let i = 0; i < 40 && names.some((n) => userPids(n).length > 0); i++) await sleep(250);
    const left = names.flatMap((n) => userPids(n).map((p) => `${n}:${p}`));
    if (left.length) console.log(`load-test: processes left behind by the students: ${left.join(", ")}`);
    for (const n of names) await removeStudent(n, { state }).catch((e) => console.log(`load-test: ${n}: ${e.message}`));
    removeGroupIfEmpty(o.prefix);
    const failed = students.some((s) => s.failures.length > 0) || isolation.some((c) => !c.ok) || left.length > 0;
    if (failed || o.keepState) say(`the hub's state and log are kept in ${state} (jupyterhub.log)`);
    else rmSync(state, { recursive: true, force: true });
    rmSync(treeParent, { recursive: true, force: true });
    process.removeListener("SIGINT", abort);
    process.removeListener("SIGTERM", abort);
    if (options.onCleanup) options.onCleanup({ left });
  }
}

/** Summary numbers of a result. */
export function summarize(r) {
  const ok = r.students.filter((s) => s.failures.length === 0);
  const vals = (k) => r.students.map((s) => s[k]).filter((v) => Number.isFinite(v));
  const stat = (k) => { const v = vals(k); return v.length ? { min: round(Math.min(...v)), mean: round(v.reduce((a, b) => a + b, 0) / v.length), max: round(Math.max(...v)) } : null; };
  return {
    passed: ok.length === r.students.length && r.isolation.every((c) => c.ok),
    studentsOk: ok.length,
    isolationChecks: r.isolation.length,
    isolationFailures: r.isolation.filter((c) => !c.ok).length,
    serverStartSeconds: stat("serverStartSeconds"),
    kernelStartSeconds: stat("kernelStartSeconds"),
    runSeconds: stat("runSeconds"),
    cpuSeconds: stat("cpuSeconds"),
    peakCgroupMb: stat("peakCgroupMb"),
    peakRssMb: stat("peakRssMb"),
  };
}

export function markdownReport(r) {
  const s = summarize(r);
  const f = (v) => (v == null ? "—" : String(v));
  const rows = r.students.map((x) => `| ${x.name} | ${f(x.loginSeconds)} | ${f(x.serverStartSeconds)} | ${f(x.kernelStartSeconds)} | ${f(x.runSeconds)} | ${f(x.totalSeconds)} | ${f(x.cpuSeconds)} | ${f(round(x.peakCgroupMb, 0))} | ${f(round(x.peakRssMb, 0))} | ${x.cellsRun ?? 0} | ${x.failures.length ? x.failures.join("<br>").replace(/\|/g, "\\|") : "none"} |`);
  const iso = r.isolation.filter((c) => c.from === r.students[0]?.name || !c.from).map((c) => `| ${c.check} | ${c.ok ? "held" : "**FAILED**"} | ${String(c.detail).replace(/\|/g, "\\|")} |`);
  return `# Hub load test — ${r.students.length} students, ${r.options.notebook}

${s.passed ? "**PASSED**" : "**FAILED**"}: ${s.studentsOk}/${r.students.length} students ran every code cell without an error or stderr output; ${s.isolationChecks - s.isolationFailures}/${s.isolationChecks} isolation checks held.

Run ${r.date} by \`node scripts/hub-load-test.mjs --students ${r.students.length}\` (as root) on ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryMb} MB RAM, load average ${r.machine.loadAverageAtStart.join(" / ")} at the start (the machine is shared), Node ${r.machine.node}, Debian's JupyterHub 3.0 with ${r.options.auth === "pam" ? "PAM authentication (Unix users and passwords)" : "the dummy authenticator"}; per student a cgroup limit of ${r.options.memoryMb} MB and ${r.options.cpus} CPU. All students started at the same moment; the wall time until the last one finished was ${r.wallSeconds} s.

Columns: login = POST /hub/api/users/<name>/tokens with name and password; server start = POST …/server until the hub reports it ready; kernel start = POST /user/<name>/api/kernels until the tslab kernel answers kernel_info; run = every code cell of the notebook over the kernel websocket, one after the other; total = from the common start to this student's end; CPU = CPU seconds of the student's server and kernel from the start to the last cell (/proc/<pid>/stat); memory = peak of the student's memory cgroup (memory.max_usage_in_bytes: the server, the kernel and the page cache they caused) and the peak of the summed RSS of their processes, sampled every second.

| student | login s | server start s | kernel start s | run s | total s | CPU s | peak cgroup MB | peak RSS MB | cells run | failures |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
${rows.join("\n")}

| | min | mean | max |
| --- | ---: | ---: | ---: |
${["serverStartSeconds", "kernelStartSeconds", "runSeconds", "cpuSeconds", "peakCgroupMb", "peakRssMb"].map((k) => `| ${k} | ${f(s[k]?.min)} | ${f(s[k]?.mean)} | ${f(s[k]?.max)} |`).join("\n")}

## Isolation

Every student was checked against the next one (${r.students[0]?.name} → ${r.students[1]?.name}, …, ${r.students.at(-1)?.name} → ${r.students[0]?.name}); the checks of the first student, and the check over all logs:

| check | result | detail |
| --- | --- | --- |
${iso.join("\n")}

${s.isolationFailures === 0 ? `All ${s.isolationChecks} checks held for every pair (the JSON report lists each one).` : `${s.isolationFailures} checks FAILED (see the JSON report).`}

## Memory per active student

An active student (server + a tslab kernel that has run ${r.options.notebook}) peaked at ${f(s.peakCgroupMb?.mean)} MB on average and ${f(s.peakCgroupMb?.max)} MB at most (cgroup), ${f(s.peakRssMb?.mean)} / ${f(s.peakRssMb?.max)} MB as RSS. See hub/README.md for the sizing arithmetic built on these numbers.
`;
}

function parseArgs(argv) {
  const o = { report: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes("=") ? argv[i].split(/=(.*)/s) : [argv[i], undefined];
    const value = () => inline ?? argv[++i];
    if (flag === "--students") o.students = Number(value());
    else if (flag === "--notebook") o.notebook = resolve(value());
    else if (flag === "--auth") o.auth = value();
    else if (flag === "--memory") o.memory = Number(value());
    else if (flag === "--cpus") o.cpus = Number(value());
    else if (flag === "--cell-timeout") o.cellTimeout = Number(value());
    else if (flag === "--report") o.report = resolve(value());
    else if (flag === "--help" || flag === "-h") {
      console.log("usage: node scripts/hub-load-test.mjs [--students 10] [--notebook FILE] [--auth pam|dummy] [--memory MB] [--cpus N] [--cell-timeout S] [--report hub/load-test-report]");
      process.exit(0);
    } else throw new Error(`unknown option ${argv[i]}`);
  }
  if (o.students !== undefined && !(Number.isInteger(o.students) && o.students >= 1 && o.students <= 99)) throw new Error("--students: a whole number from 1 to 99");
  return o;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureWebSocket();
  const o = parseArgs(process.argv.slice(2));
  runLoadTest(o)
    .then((r) => {
      const s = summarize(r);
      if (o.report) {
        writeFileSync(`${o.report}.json`, `${JSON.stringify({ summary: s, ...r }, null, 1)}\n`);
        writeFileSync(`${o.report}.md`, markdownReport(r));
        console.log(`load-test: report in ${relative(process.cwd(), o.report)}.md and .json`);
      }
      for (const x of r.students) console.log(`load-test: ${x.name}: server ${x.serverStartSeconds ?? "—"} s, kernel ${x.kernelStartSeconds ?? "—"} s, run ${x.runSeconds ?? "—"} s, peak ${round(x.peakCgroupMb, 0)} MB (cgroup) / ${round(x.peakRssMb, 0)} MB (RSS)${x.failures.length ? `, FAILED: ${x.failures.join("; ")}` : ""}`);
      console.log(`load-test: ${s.passed ? "PASSED" : "FAILED"}: ${s.studentsOk}/${r.students.length} students ran the notebook, ${s.isolationChecks - s.isolationFailures}/${s.isolationChecks} isolation checks held`);
      process.exit(s.passed ? 0 : 1);
    })
    .catch((e) => {
      console.log(`load-test: FAILED: ${e.stack ?? e.message}`);
      process.exit(1);
    });
}

