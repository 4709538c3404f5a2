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

/**
 * Executes notebooks through nbclient. Resolves to one result per notebook:
 * `{ path, ok, cells, executed, seconds, output, failure }` (see run-notebooks.py).
 * @param {string[]} paths
 * @param {RunOptions} [options]
 * @returns {Promise<RunResult[]>}
 */
export function executeNotebooks(paths, { outDir = join(OUTPUT_DIR, "notebooks"), timeout = CELL_TIMEOUT_SECONDS, python, quiet = false, env = {} } = {}) {
  if (paths.length === 0) return Promise.resolve([]);
  const py = python ?? findPython()?.python;
  if (!py) return Promise.reject(new Error("no python with nbclient: run node scripts/setup.mjs"));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(py, [join(REPO, "scripts", "run-notebooks.py"), "--out-dir", outDir, "--timeout", String(timeout), ...paths], {
      cwd: REPO,
      env: { ...testKernelEnv(outDir), ...env },
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
      if (results.length !== paths.length) {
        reject(new Error(`run-notebooks.py exited with ${code} after ${results.length}/${paths.length} notebooks:\n${stderr.slice(-4000)}`));
      } else {
        resolvePromise(results);
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
  // Two kernels side by side (each notebook is mostly one core's work): alternate notebooks go to
  // two runner processes, and the results come back in the original order.
  const halves = [toRun.filter((_, i) => i % 2 === 0), toRun.filter((_, i) => i % 2 === 1)];
  const [even, odd] = await Promise.all(halves.map((h) => executeNotebooks(h, options)));
  const results = toRun.map((_, i) => (i % 2 === 0 ? even[i / 2] : odd[(i - 1) / 2]));
  for (const result of results) {
    const name = relative(REPO, resolve(REPO, result.path));
    if (result.ok) passed++;
    else failures.push(describeFailure(result));
    const size = result.output && existsSync(result.output) ? statSync(result.output).size : 0;
    if (size > 0 && size < MAX_EXECUTED_BYTES) passed++;
    else failures.push(`${name}: executed notebook is ${(size / 1e6).toFixed(1)} MB (limit ${MAX_EXECUTED_BYTES / 1e6} MB)`);
    const prose = result.ok && result.output ? proseNumberCheck(result.output) : null;
    if (prose?.length === 0) passed++;
    else if (prose) failures.push(`${name}: numbers in markdown that no output shows (test/notebooks/prose-numbers.json allowlists the others):\n${prose.map((p) => `    ${p}`).join("\n")}`);
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
