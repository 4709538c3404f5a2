#!/usr/bin/env node
// @ts-check
// The notebook execution test.
//
//   node scripts/run-notebooks.mjs [NOTEBOOK...]   # default: notebooks/*.ipynb
//
// For every notebook: the committed file is checked (kernelspec `tslab`, no outputs, no
// execution counts, every cell has a unique `id`), then it is executed from a fresh tslab
// kernel through nbclient (scripts/run-notebooks.py, Debian's python) with a per-cell timeout,
// and fails on any `error` output, `stderr` stream output or execute_reply status `error`.
// The executed copy is written to test-output/notebooks/ (git-ignored), never over the
// committed notebook, and must be under 10 MB.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { isMain, setupOrExit } from "./lib/cli.mjs";
import { cellLabel, checkSource, listNotebooks } from "./lib/notebook.mjs";
import { proseNumberCheck } from "./lib/prose-numbers.mjs";
import { jobsFrom, slots } from "./lib/slots.mjs";
import { REPO, findPython, jupyterEnv } from "./setup.mjs";

/**
 * Where a run stopped (run-notebooks.py): `cell` is the 1-based code cell (0: the kernel did not
 * start), `first_line` its first line, `stderr` what it printed there.
 * @typedef {{ cell: number, index: number, id: string | null, first_line: string, reason: string, stderr?: string }} RunFailure
 */
/**
 * One notebook's run, as run-notebooks.py reports it; `output` is the executed copy (null when
 * nothing was written).
 * @typedef {{ path: string, ok: boolean, seconds: number, cells: number, executed: number, output: string | null, failure: RunFailure | null }} RunResult
 */
/**
 * @typedef {object} RunOptions
 * @property {string} [outDir] where the executed copies go
 * @property {number} [timeout] seconds per cell
 * @property {string} [python] the interpreter with nbclient (default: setup's findPython)
 * @property {boolean} [quiet] keep the runner's progress lines off stderr
 * @property {Record<string, string>} [env] added to the kernels' environment
 */

export const OUTPUT_DIR = join(REPO, "test-output");
export const MAX_EXECUTED_BYTES = 10 * 1024 * 1024;
export const CELL_TIMEOUT_SECONDS = Number(process.env.NOTEBOOK_CELL_TIMEOUT ?? 300);

/**
 * The environment of kernels the tests start: `jupyterEnv()`, plus `NNLIB_EXPERIMENT_LOG` pointing
 * into `outDir` (emptied first), so that notebook 08 never appends test runs to a student's own
 * `notebooks/homework/experiments.jsonl`, and `NNLIB_CHECK_STRICT=1`, so that an exercise check
 * that rejects an answer writes to stderr and fails the run (student copies run with it off).
 * @param {string} outDir
 * @returns {Record<string, string | undefined>}
 */
export function testKernelEnv(outDir) {
  mkdirSync(outDir, { recursive: true });
  const log = join(outDir, "homework-experiments.jsonl");
  rmSync(log, { force: true });
  // Committed notebooks hold the solutions: a wrong `check(…)` there is a failure (stderr).
  return { ...jupyterEnv(), NNLIB_EXPERIMENT_LOG: log, NNLIB_CHECK_STRICT: "1" };
}

/** @type {string | undefined} */
let foundPython;

/**
 * The python with Jupyter Notebook, nbclient and nbconvert (setup's `findPython`, which starts a
 * python to import them: asked once per process, the stages call this often).
 * @returns {string | undefined}
 */
export function jupyterPython() {
  foundPython ??= findPython()?.python;
  return foundPython;
}

/**
 * How many notebooks run at once in this process (each in its own runner process and kernel):
 * `NOTEBOOK_JOBS`, default 2 — a notebook is mostly one core's work and the course's machines
 * have 2 cores.
 */
export const NOTEBOOK_JOBS = jobsFrom(process.env.NOTEBOOK_JOBS, 2);

/** The kernels this process runs at once: shared by every `executeNotebooks` call (stages may overlap). */
const kernelSlots = slots(NOTEBOOK_JOBS);

/**
 * Executes notebooks through nbclient. Resolves to one result per notebook, in the order of
 * `paths`: `{ path, ok, cells, executed, seconds, output, failure }` (see run-notebooks.py).
 * Each notebook gets its own runner process and a fresh kernel; up to `NOTEBOOK_JOBS` run at
 * once across all calls in this process, taken from one queue in the order asked for (so a
 * long notebook never holds up the others, as a fixed split of the list did).
 * @param {string[]} paths
 * @param {RunOptions} [options]
 * @returns {Promise<RunResult[]>}
 */
export function executeNotebooks(paths, { outDir = join(OUTPUT_DIR, "notebooks"), timeout = CELL_TIMEOUT_SECONDS, python, quiet = false, env = {} } = {}) {
  if (paths.length === 0) return Promise.resolve([]);
  const py = python ?? jupyterPython();
  if (!py) return Promise.reject(new Error("no python with nbclient: run node scripts/setup.mjs"));
  // Once per call: it empties the experiment log, which a notebook of this call may be writing.
  const kernelEnv = { ...testKernelEnv(outDir), ...env };
  return Promise.all(paths.map((path) => kernelSlots.run(() => runOne(py, path, outDir, timeout, kernelEnv, quiet))));
}

/**
 * One runner process (scripts/run-notebooks.py) on one notebook.
 * @param {string} py
 * @param {string} path
 * @param {string} outDir
 * @param {number} timeout
 * @param {Record<string, string | undefined>} kernelEnv
 * @param {boolean} quiet
 * @returns {Promise<RunResult>}
 */
function runOne(py, path, outDir, timeout, kernelEnv, quiet) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(py, [join(REPO, "scripts", "run-notebooks.py"), "--out-dir", outDir, "--timeout", String(timeout), path], {
      cwd: REPO,
      env: kernelEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    /** @type {RunResult[]} */
    const results = [];
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      let newline;
      while ((newline = stdout.indexOf("\n")) >= 0) {
        const line = stdout.slice(0, newline);
        stdout = stdout.slice(newline + 1);
        if (line.startsWith("RESULT ")) results.push(JSON.parse(line.slice(7)));
      }
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      if (!quiet) process.stderr.write(chunk);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (results.length !== 1) {
        reject(new Error(`run-notebooks.py exited with ${code} without a result for ${path}:\n${stderr.slice(-4000)}`));
      } else {
        resolvePromise(results[0]);
      }
    });
  });
}

/**
 * A readable multi-line description of a failed execution.
 * @param {RunResult} result
 * @returns {string}
 */
export function describeFailure(result) {
  const f = result.failure;
  if (!f) return `${relative(REPO, resolve(REPO, result.path))}: ok`;
  const lines = [
    `${relative(REPO, resolve(REPO, result.path))}: ${cellLabel(f.cell, f.id)}: ${f.reason}`,
    `    first line: ${f.first_line}`,
  ];
  const text = (f.stderr ?? "").trim();
  if (text) lines.push(...text.split("\n").slice(0, 40).map((l) => `    | ${l}`));
  return lines.join("\n");
}

/**
 * The whole notebook test on `paths`: source checks, execution, size of the executed copy.
 * Returns `{ passed, failed, failures: string[], results }`; every notebook counts three checks,
 * and a fourth when it ran: the numbers its markdown quotes are in its outputs (lib/prose-numbers.mjs).
 * @param {string[]} paths
 * @param {RunOptions} [options]
 * @returns {Promise<{ passed: number, failed: number, failures: string[], results: RunResult[] }>}
 */
export async function notebookTest(paths, options = {}) {
  let passed = 0;
  /** @type {string[]} */
  const failures = [];
  const toRun = [];
  for (const path of paths) {
    const problems = checkSource(path);
    if (problems.length === 0) passed++;
    else failures.push(`${relative(REPO, path)}: committed file: ${problems.join("; ")}`);
    toRun.push(path);
  }
  // NOTEBOOK_JOBS kernels side by side (executeNotebooks); results in the order of `paths`.
  const results = await executeNotebooks(toRun, options);
  for (const result of results) {
    const name = relative(REPO, resolve(REPO, result.path));
    if (result.ok) passed++;
    else failures.push(describeFailure(result));
    const size = result.output && existsSync(result.output) ? statSync(result.output).size : 0;
    if (size > 0 && size < MAX_EXECUTED_BYTES) passed++;
    else failures.push(`${name}: executed notebook is ${(size / 1e6).toFixed(1)} MB (limit ${MAX_EXECUTED_BYTES / 1e6} MB)`);
    const prose = result.ok && result.output ? proseNumberCheck(result.output) : null;
    if (prose?.length === 0) passed++;
    else if (prose) failures.push(`${name}: numbers in markdown that no output shows (test/stages/prose-numbers.json allowlists the others):\n${prose.map((p) => `    ${p}`).join("\n")}`);
    if (!options.quiet) {
      console.log(`  ${result.ok ? "ok  " : "FAIL"} ${name} (${result.executed}/${result.cells} cells, ${result.seconds} s, ${(size / 1e6).toFixed(2)} MB)`);
    }
  }
  return { passed, failed: failures.length, failures, results };
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2);
  setupOrExit();
  const paths = args.length > 0 ? args.map((p) => resolve(p)) : listNotebooks();
  console.log(`notebooks: ${paths.length} to run${paths.length ? `: ${paths.map((p) => basename(p)).join(", ")}` : ""}`);
  const { passed, failed, failures } = await notebookTest(paths);
  for (const f of failures) console.log(`FAIL ${f}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
