#!/usr/bin/env node
// The homework grader (notebook 08).
//
//   npm run grade                 # the student's workspace copy of 08-homework.ipynb
//   npm run grade -- <submission> [--target 0.95] [--timeout 600] [--memory 2048] [--max-params 1000000]
//                                  [--as USER] [--folder DIR]
//
// <submission> is a configuration file (JSON; comments, unquoted keys and trailing commas allowed)
// or the student's notebook: the configuration is read from the code cell with id "config"
// (`const config: HomeworkConfig = { … }`) by a small parser — no cell of the notebook is run
// (see lib/src/grader/submission.ts for why a parser and not `vm`). The submission file is only
// read, never written. Only a regular file is read: never a symbolic link, a device or a FIFO, nor
// a file whose real path leads out of the folder it was handed in (--folder, default its own
// folder); its size is checked before it is read, and messages never quote more of it than the
// field they are about (lib/src/grader/submission.ts).
//
// --as USER (as root): grade as that unprivileged user — the way to grade a class (see
// docs/instructors.md). The library and the digits are loaded first; then the grader drops root
// and reads the submission as USER, and the training process drops root after loading the
// digits, before it trains. A submission can then never make the grader read what USER cannot.
//
// The configuration is validated, its shapes traced through the layers and its parameters, time and
// memory estimated BEFORE any training (too many parameters or too much memory: exit 2; an estimated
// time above the limit is only a note, as the wall-clock limit decides); then a separate
// Node process (scripts/grade-worker.mjs, forked with --max-old-space-size=<memory>) retrains the
// baseline and the submission on the 7,000 training digits with the grader's fixed seed and scores
// both on the 1,000 held-out digits, which no notebook can load. The submission's training is
// killed after --timeout seconds.
//
// Exit codes: 0 pass (held-out accuracy ≥ target), 1 fail (below the target, too slow, out of
// memory, training diverged to NaN/Infinity), 2 invalid submission (unreadable, invalid fields,
// too many parameters), with the reason.
// --train-limit N trains on the first N training digits only (for the grader's own tests).
//
// A folder instead of a file grades every submission in it (scripts/grade-batch.mjs):
//   npm run grade -- submissions/ --jobs 4   → submissions-grades/gradebook.csv + feedback/

import { fork, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gradeBatch, isBatch } from "./grade-batch.mjs";

import { HOMEWORK_NOTEBOOK, defaultSubmission } from "./lib/workspace.mjs";
import { REPO } from "./setup.mjs";
const DIST = join(REPO, "lib", "dist");
export const GRADER_SEED = 2024;
export const DEFAULTS = { target: 0.95, timeout: 600, memory: 2048, maxParams: 1_000_000 };
export const EXIT = { pass: 0, fail: 1, invalid: 2 };
const TRAINING_DIGITS = 7000; // loadDigits("train"): what the worker trains on without --train-limit

const USAGE =
  "usage: npm run grade [-- <config.json | notebook.ipynb>] [--target 0.95] [--timeout 600] [--memory 2048] [--max-params 1000000] [--as USER]\n" +
  "  Without a file it grades your workspace copy of 08-homework.ipynb (the notebook `npm start` opens; in the hub ~/course).\n" +
  "  A folder grades every submission in it (instructors: docs/instructors.md; --jobs N, --out DIR, --as nngrader).";

/**
 * The user and group ids of a Unix user, for --as; throws a clear error for a missing user or root.
 * @param {string} name
 */
export function graderIdentity(name) {
  const r = spawnSync("getent", ["passwd", name], { encoding: "utf8" });
  const f = r.status === 0 ? r.stdout.trim().split(":") : [];
  if (f.length < 7) throw new Error(`--as ${name}: no such user. Make the grading user first: useradd --system --no-create-home --shell /usr/sbin/nologin ${name} (node scripts/hub.mjs collect makes "nngrader" itself)`);
  const [uid, gid] = [Number(f[2]), Number(f[3])];
  if (uid === 0) throw new Error(`--as ${name}: that is root; grade as an unprivileged user such as nngrader`);
  return { name, uid, gid };
}

/** Becomes `who` for good (supplementary groups, group, user), or throws. */
export function dropPrivileges(who) {
  process.initgroups(who.name, who.gid);
  process.setgid(who.gid);
  process.setuid(who.uid);
  if (process.getuid() !== who.uid || process.geteuid() !== who.uid) throw new Error(`could not become ${who.name}`);
}

function parseArgs(argv) {
  const o = { ...DEFAULTS, trainLimit: 0, file: undefined, as: undefined, folder: undefined };
  const numeric = { "--target": "target", "--timeout": "timeout", "--memory": "memory", "--max-params": "maxParams", "--train-limit": "trainLimit" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    if (flag in numeric) {
      const v = Number(inline ?? argv[++i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`${flag} needs a number ≥ 0`);
      o[numeric[flag]] = v;
    } else if (flag === "--as" || flag === "--folder") {
      const v = inline ?? argv[++i];
      if (!v) throw new Error(`${flag} needs a value`);
      o[flag.slice(2)] = v;
    } else if (a === "--help" || a === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (a.startsWith("--")) throw new Error(`unknown option ${a}`);
    else if (o.file === undefined) o.file = a;
    else throw new Error(`one submission at a time (got ${o.file} and ${a})`);
  }
  if (o.file === undefined) o.file = defaultSubmissionOrExit();
  if (!(o.target > 0 && o.target <= 1)) throw new Error("--target must be a fraction in (0, 1], e.g. 0.95");
  if (o.as !== undefined) {
    if (process.getuid?.() !== 0) throw new Error("--as needs root (it drops root to grade as that user); without root, you already grade as yourself");
    o.identity = graderIdentity(o.as);
  }
  if (o.folder !== undefined && !statSync(o.folder, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`--folder ${o.folder}: not a folder`);
  return o;
}

/**
 * No file given: the student's own 08-homework.ipynb in their workspace (the one `npm start`
 * serves; in the hub ~/course), never the committed baseline notebooks/08-homework.ipynb.
 */
function defaultSubmissionOrExit() {
  const d = defaultSubmission(REPO);
  if (!d.exists) {
    console.log(
      `grade: no submission given, and your workspace has no ${HOMEWORK_NOTEBOOK} (looked for ${d.file}).\n` +
        "  Run `npm start` once: it makes your workspace with your own copies of the notebooks.\n" +
        "  Or name the file to grade: npm run grade -- path/to/08-homework.ipynb",
    );
    process.exit(EXIT.invalid);
  }
  console.log(`grade: grading your workspace copy ${d.file}`);
  if (d.unchanged) console.log(`grade: (it is still the course's baseline: edit its "config" cell to improve it)`);
  return d.file;
}

function loadLibrary() {
  // homework/estimate.js: a build older than the convolutional configurations lacks it (and would fail on `layers`).
  if (!["homework/index.js", "homework/estimate.js", "grader/index.js"].every((f) => existsSync(join(DIST, f)))) {
    console.log("grade: lib/dist has no homework module yet — building the library (npm run build) …");
    const r = spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "build"], { cwd: REPO, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    if (r.status !== 0) {
      console.log(`${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n").slice(-20).join("\n"));
      console.log("grade: the library build failed; run `npm run build` and look at its errors.");
      process.exit(EXIT.fail);
    }
  }
  const require = createRequire(import.meta.url);
  return { ...require(join(DIST, "index.js")), ...require(join(DIST, "homework", "index.js")), ...require(join(DIST, "grader", "index.js")) };
}

const pct = (v) => (Number.isFinite(v) ? `${(100 * v).toFixed(1)} %` : "—");
const thousands = (n) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
const approx = (n) => (n < 10 ? n.toFixed(1) : thousands(n));

async function main() {
  if (isBatch(process.argv.slice(2))) process.exit(await gradeBatch(process.argv.slice(2)));
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.log(`grade: ${e.message}\n${USAGE}`);
    process.exit(EXIT.invalid);
  }
  const nn = loadLibrary();
  const file = resolve(opts.file);
  if (file === join(REPO, "notebooks", HOMEWORK_NOTEBOOK)) {
    console.log(`grade: note: this is the course's committed ${HOMEWORK_NOTEBOOK} (the baseline), not your copy; \`npm run grade\` alone grades your workspace copy.`);
  }
  console.log(`Homework grader — submission ${relative(process.cwd(), file) || file}`);

  // The training process starts first (it loads the library and, when asked to train, the digits
  // before it drops root), so that this process can drop root before it reads the submission.
  const child = fork(join(REPO, "scripts", "grade-worker.mjs"), [], {
    execArgv: [`--max-old-space-size=${Math.round(opts.memory)}`],
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
  child.stdout.on("data", () => {});
  const exited = new Promise((res) => child.on("exit", (code, signal) => res({ code, signal })));
  // After --as, this process may not signal the training process while that one is still root
  // (loading the digits): it is told to stop through its IPC channel instead, and does so before
  // it trains.
  child.on("error", () => {});
  const stopWorker = () => {
    if (!child.kill("SIGKILL") && child.connected) child.disconnect();
  };
  const invalid = (lines) => {
    stopWorker();
    console.log("RESULT: INVALID SUBMISSION (exit code 2)");
    for (const l of lines) console.log(`  ${nn.capQuoted(l)}`);
    process.exit(EXIT.invalid);
  };
  if (opts.identity) dropPrivileges(opts.identity);
  else if (process.getuid?.() === 0 && !process.env.NNGRADE_BATCH) console.log("  note                 grading as root: grade a class as an unprivileged user with --as nngrader (docs/instructors.md)");

  // 1. Read (never run, never write) and validate, before any training.
  let sub;
  try {
    sub = nn.readSubmission(file, { folder: opts.folder === undefined ? undefined : resolve(opts.folder) });
  } catch (e) {
    const lines = [e instanceof nn.SubmissionError ? e.message : `cannot read the submission: ${e.message}`];
    if (opts.identity && /\(EACCES\)/.test(lines[0])) lines.push(`${opts.identity.name} may not read it: give the grading user the folder (node scripts/hub.mjs collect does), every folder on the way included.`);
    invalid(lines);
  }
  const problems = nn.validateConfig(sub.config);
  if (problems.length > 0) invalid(problems.map((p) => p.message));
  const config = nn.resolveConfig(sub.config);
  // The limits before any training: parameters exactly; memory and time from the shapes traced through the layers.
  const estimate = nn.estimateConfig(config, { samples: opts.trainLimit || TRAINING_DIGITS });
  const params = estimate.params;
  const broken = nn.limitProblems(estimate, opts);
  if (broken.length > 0) invalid(broken);
  const changes = nn.formatDiff(nn.diffConfigs(nn.BASELINE_CONFIG, { ...config, seed: nn.BASELINE_CONFIG.seed }));
  console.log(`  read from            ${sub.kind === "notebook" ? `the notebook's cell "${nn.CONFIG_CELL_ID}" (parsed, not run)` : "the JSON configuration"}`);
  console.log(`  network              ${nn.describeArchitecture(config)}, ${thousands(params)} parameters (limit ${thousands(opts.maxParams)})`);
  console.log(
    `  estimate             about ${approx(estimate.seconds)} s of training (${(estimate.macsPerSample / 1e6).toFixed(2)} million multiply-adds per digit and pass); ` +
      `memory about ${thousands(estimate.networkMB)} MB for the network, ${thousands(estimate.memoryMB)} MB in all (limits ${opts.timeout} s, ${thousands(opts.memory)} MB)`,
  );
  const slow = nn.timeWarning(estimate, opts);
  if (slow) console.log(`  note                 ${slow}`);
  console.log(`  changes vs baseline  ${nn.capQuoted(changes, 2000)}`);
  if (opts.identity) console.log(`  graded as            ${opts.identity.name} (uid ${opts.identity.uid}), not root`);

  // 2. Train in the separate process with a memory limit and a wall-clock limit.
  const messages = {};
  let timedOut = false;
  let timer;
  const startTimer = (seconds) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      stopWorker();
    }, seconds * 1000);
  };
  startTimer(opts.timeout + 120); // data loading and the baseline (a few seconds) are not the submission's time
  child.on("message", (m) => {
    messages[m.type] = m;
    if (m.type === "start") startTimer(opts.timeout);
  });
  child.send({ config, seed: GRADER_SEED, trainLimit: opts.trainLimit || undefined, identity: opts.identity });
  const { code, signal } = await exited;
  clearTimeout(timer);

  const start = messages.start;
  const base = messages.baseline;
  console.log(
    `  training             ${start ? thousands(start.trainSamples) : "?"} training digits, seed ${GRADER_SEED} (fixed by the grader), ` +
      `${config.epochs} epochs, batch ${config.batchSize}; time limit ${opts.timeout} s, memory limit ${opts.memory} MB`,
  );
  console.log(`  baseline accuracy    ${base ? pct(base.accuracy) : "—"} on the held-out digits (the notebook's baseline, same seed)`);
  const fail = (why) => {
    console.log(`RESULT: FAIL (exit code 1) — ${why}`);
    process.exit(EXIT.fail);
  };
  if (opts.identity && start && start.uid !== opts.identity.uid) fail(`the training process did not drop root (uid ${start.uid}); not graded.`);
  if (timedOut) fail(`too slow: training did not finish within ${opts.timeout} s. Use fewer epochs, fewer or smaller layers, or a larger batch.`);
  if (messages.diverged) {
    const d = messages.diverged;
    fail(`training diverged after ${d.epochs} finished epoch(s): the loss or a weight became NaN/Infinity (${d.error.split(". ")[0]}). Use a smaller learning rate.`);
  }
  if (messages.error) fail(`training failed: ${messages.error.error}`);
  const r = messages.result;
  if (!r) {
    if (/heap out of memory|Allocation failed/i.test(stderr)) fail(`out of memory: training needed more than ${opts.memory} MB. Use smaller layers or batches.`);
    fail(`the training process ended without a result (exit code ${code}, signal ${signal}). ${stderr.trim().split("\n").slice(-3).join(" ")}`);
  }
  console.log(`  training time        ${r.seconds.toFixed(1)} s`);
  console.log(`  held-out accuracy    ${pct(r.accuracy)} on ${start.heldOutSamples} digits no notebook has seen`);
  console.log(`  per-class accuracy   ${r.perClass.map((a, d) => `${d}: ${pct(a)}`).join("  ")}`);
  console.log(`  target               ${pct(opts.target)}`);
  if (r.accuracy >= opts.target) {
    console.log(`RESULT: PASS (exit code 0) — ${pct(r.accuracy)} ≥ ${pct(opts.target)}`);
    process.exit(EXIT.pass);
  }
  fail(`${pct(r.accuracy)} is below the target ${pct(opts.target)}.${r.reason ? ` ${r.reason}` : ""}`);
}

main().catch((e) => {
  console.log(`grade: internal error: ${e.stack ?? e}`);
  process.exit(EXIT.fail);
});
