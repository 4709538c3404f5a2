#!/usr/bin/env node
// The homework grader (notebook 08).
//
//   npm run grade                 # the student's workspace copy of 08-homework.ipynb
//   npm run grade -- <submission> [--target 0.95] [--timeout 600] [--memory 2048] [--max-params 1000000]
//
// <submission> is a configuration file (JSON; comments, unquoted keys and trailing commas allowed)
// or the student's notebook: the configuration is read from the code cell with id "config"
// (`const config: HomeworkConfig = { … }`) by a small parser — no cell of the notebook is run
// (see lib/src/grader/submission.ts for why a parser and not `vm`). The submission file is only
// read, never written.
//
// The configuration is validated and its parameters counted BEFORE any training; then a separate
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
import { existsSync } from "node:fs";
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

const USAGE =
  "usage: npm run grade [-- <config.json | notebook.ipynb>] [--target 0.95] [--timeout 600] [--memory 2048] [--max-params 1000000]\n" +
  "  Without a file it grades your workspace copy of 08-homework.ipynb (the notebook `npm start` opens; in the hub ~/course).\n" +
  "  A folder grades every submission in it (instructors: docs/instructors.md).";

function parseArgs(argv) {
  const o = { ...DEFAULTS, trainLimit: 0, file: undefined };
  const numeric = { "--target": "target", "--timeout": "timeout", "--memory": "memory", "--max-params": "maxParams", "--train-limit": "trainLimit" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    if (flag in numeric) {
      const v = Number(inline ?? argv[++i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`${flag} needs a number ≥ 0`);
      o[numeric[flag]] = v;
    } else if (a === "--help" || a === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (a.startsWith("--")) throw new Error(`unknown option ${a}`);
    else if (o.file === undefined) o.file = a;
    else throw new Error(`one submission at a time (got ${o.file} and ${a})`);
  }
  if (o.file === undefined) o.file = defaultSubmissionOrExit();
  if (!(o.target > 0 && o.target <= 1)) throw new Error("--target must be a fraction in (0, 1], e.g. 0.95");
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
  if (!existsSync(join(DIST, "homework", "index.js")) || !existsSync(join(DIST, "grader", "index.js"))) {
    console.log("grade: lib/dist has no homework module yet — building the library (npm run build) …");
    const r = spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "build"], { cwd: REPO, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    if (r.status !== 0) {
      console.log(`${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n").slice(-20).join("\n"));
      console.log("grade: the library build failed; run `npm run build` and look at its errors.");
      process.exit(EXIT.fail);
    }
  }
  const require = createRequire(import.meta.url);
  return { ...require(join(DIST, "index.js")), ...require(join(DIST, "grader", "index.js")) };
}

const pct = (v) => (Number.isFinite(v) ? `${(100 * v).toFixed(1)} %` : "—");
const thousands = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

function invalid(lines) {
  console.log("RESULT: INVALID SUBMISSION (exit code 2)");
  for (const l of lines) console.log(`  ${l}`);
  process.exit(EXIT.invalid);
}

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

  // 1. Read (never run, never write) and validate, before any training.
  let sub;
  try {
    sub = nn.readSubmission(file);
  } catch (e) {
    invalid([e instanceof nn.SubmissionError ? e.message : `cannot read the submission: ${e.message}`]);
  }
  const problems = nn.validateConfig(sub.config);
  if (problems.length > 0) invalid(problems.map((p) => p.message));
  const config = nn.resolveConfig(sub.config);
  const params = nn.countConfigParams(config);
  if (params > opts.maxParams) {
    invalid([`too large: the network has ${thousands(params)} parameters, the limit is ${thousands(opts.maxParams)}. Use fewer or smaller hidden layers.`]);
  }
  const changes = nn.formatDiff(nn.diffConfigs(nn.BASELINE_CONFIG, { ...config, seed: nn.BASELINE_CONFIG.seed }));
  console.log(`  read from            ${sub.kind === "notebook" ? `the notebook's cell "${nn.CONFIG_CELL_ID}" (parsed, not run)` : "the JSON configuration"}`);
  console.log(`  network              ${nn.describeArchitecture(config)}, ${thousands(params)} parameters (limit ${thousands(opts.maxParams)})`);
  console.log(`  changes vs baseline  ${changes}`);

  // 2. Train in a separate process with a memory limit and a wall-clock limit.
  const child = fork(join(REPO, "scripts", "grade-worker.mjs"), [], {
    execArgv: [`--max-old-space-size=${Math.round(opts.memory)}`],
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
  child.stdout.on("data", () => {});
  const messages = {};
  let timedOut = false;
  let timer;
  const startTimer = (seconds) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, seconds * 1000);
  };
  startTimer(opts.timeout + 120); // data loading and the baseline (a few seconds) are not the submission's time
  const exited = new Promise((res) => child.on("exit", (code, signal) => res({ code, signal })));
  child.on("message", (m) => {
    messages[m.type] = m;
    if (m.type === "start") startTimer(opts.timeout);
  });
  child.send({ config, seed: GRADER_SEED, trainLimit: opts.trainLimit || undefined });
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
  fail(`${pct(r.accuracy)} is below the target ${pct(opts.target)}.`);
}

main().catch((e) => {
  console.log(`grade: internal error: ${e.stack ?? e}`);
  process.exit(EXIT.fail);
});
