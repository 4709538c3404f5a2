#!/usr/bin/env node
// @ts-check
// `npm test`: every test of the course, stopping at the first failing stage. Stages 1–5 run one
// after the other; then two lanes side by side: 6, 9 and 8 (lane 1), 6b, 7 and 7b (lane 2, each
// stage's output printed as one block when it ends).
//
//   1. setup        scripts/setup.mjs with Chromium (installs what is missing)
//   2. vitest       npx vitest run (test/**/*.test.ts: the library, laid out as lib/src, and the scripts), one
//                   worker per core (at least 2)
//   3. typecheck    npm run typecheck, started with vitest (its output shown here)
//   4. workspace    `npm start` end to end (test/scripts/workspace-e2e.mjs): the student's
//                   workspace served by the real server, no solution in any notebook it lists,
//                   nothing above it reachable, an edit kept across a restart; --solutions
//   4b. own-jupyter the set-up and `npm start` as a student: not root, with Jupyter in a venv on
//                   PATH, and with none (the install commands); test/stages/own-jupyter-test.mjs
//   5. notebooks    every notebooks/*.ipynb executed from a fresh tslab kernel through nbclient,
//                   and the harness self-test on test/stages/fixtures/notebooks (one queue, 2 at a time)
//   6. browser      the Russian edition's student copies (release/ru/student/, NNLIB_LANG=ru,
//                   lenient checks: every check ✗) run in Jupyter Notebook in headless Chromium,
//                   plots checked, screenshots in screenshots/, and the harness self-test (2 at a
//                   time); the Russian solution copies parse; the English edition ran in stage 5,
//                   its plots are checked in stage 7
//   6b. lite        the browser edition: `npm run lite` builds site/ (JupyterLite + the TypeScript
//                   kernel), served on 127.0.0.1; notebooks 01 and 06 run in it in headless
//                   Chromium against the notebook stage's outputs; an edit survives a reload; the
//                   downloaded .ipynb is graded; nothing requested from outside (test/stages/lite-test.mjs)
//   7. export       every executed notebook exported to HTML by nbconvert, opened offline in
//                   Chromium, plots checked (test/stages/export-test.mjs)
//   7b. lab         every executed notebook's outputs rendered by JupyterLab 4's output code
//                   (with and without the plotly extension; plotly.js 3 and 2.35), offline in
//                   Chromium, and its self-test on a notebook JupyterLab 4 cannot show
//                   (test/stages/lab-test.mjs; installs test/lab/node_modules on first use)
//   8. figures      slide figures of one executed notebook exported twice and checked; the same
//                   notebook's Russian edition exported once (npm run figures -- --lang ru)
//   9. release      student/solution copies: markers gone; student copies run (or their Russian
//                   translation ran in stage 6); solution copies run, or are proven to be the
//                   committed program that stage 5 ran strictly
//
// The last line is `N passed, N failed` (vitest tests + notebook checks + browser checks).
// Options: --no-browser skips stages 6, 6b, 7, 7b and 8 (quick local runs; CI runs everything);
// --skip=vitest,typecheck skips the stages named (a later stage that needs an earlier one's
// output then uses what test-output/ holds, or fails).

import { AsyncLocalStorage } from "node:async_hooks";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, join, resolve } from "node:path";
import { merge, tally } from "./lib/checks.mjs";
import { REPO, setup } from "./setup.mjs";

/** @typedef {import("./lib/checks.mjs").StageOutcome} StageOutcome */

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(`usage: npm test [-- --no-browser] [-- --skip=STAGE,STAGE]

Sets up, then runs every test of the course in stages, stopping at the first that fails:
setup, vitest, typecheck, workspace, own-jupyter, notebooks, browser, lite, export, lab,
figures, release.
  --no-browser      skip the stages that need Chromium (browser, lite, export, lab, figures)
  --skip=a,b        skip the stages named
The last line is "N passed, N failed". What each stage does: docs/maintainers.md.`);
  process.exit(0);
}
const withBrowser = !args.includes("--no-browser");
/** Stages named by `--skip=a,b` are not run (for measuring or re-running later stages; CI skips none). */
const skipped = new Set(args.filter((a) => a.startsWith("--skip=")).flatMap((a) => a.slice(7).split(",")));
const totals = { passed: 0, failed: 0 };
/** @type {{ name: string, seconds: number, cpu: number, ok: boolean, note?: string }[]} */
const timings = [];
const startedAt = Date.now();

/**
 * Stages that run side by side (the two lanes after the notebook stage) would mix their output.
 * A stage run with `{ buffered: true }` writes into its own buffer, printed as one block when it
 * ends (or when the run stops); the other lane streams. (Output of a child process that inherits
 * the terminal is not caught.)
 * @typedef {{ chunks: string[], direct: boolean }} OutputBuffer
 * @type {AsyncLocalStorage<OutputBuffer>}
 */
const buffers = new AsyncLocalStorage();
/** @type {Set<OutputBuffer>} the buffers of the stages running now */
const openBuffers = new Set();
/** @type {(typeof process.stdout.write)[]} */
const directWrites = [process.stdout.write.bind(process.stdout), process.stderr.write.bind(process.stderr)];
for (const [k, stream] of [process.stdout, process.stderr].entries()) {
  const direct = directWrites[k];
  stream.write = /** @type {typeof stream.write} */ ((/** @type {any} */ chunk, /** @type {any[]} */ ...rest) => {
    const store = buffers.getStore();
    if (!store || store.direct) return direct(chunk, ...rest);
    store.chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString());
    const callback = rest.find((r) => typeof r === "function");
    if (callback) callback();
    return true;
  });
}
/**
 * Prints a stage's buffered output now (what it writes after that goes out directly).
 * @param {OutputBuffer} store
 */
function flushBuffered(store) {
  openBuffers.delete(store);
  if (store.direct) return;
  store.direct = true;
  directWrites[0](store.chunks.join(""));
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

/**
 * CPU seconds used so far by this process and the children it has waited for (with theirs):
 * /proc/self/stat utime + stime + cutime + cstime. NaN where there is no /proc. The summary shows
 * each stage's, next to its wall time: unlike the wall time it hardly moves with the machine's load.
 */
function cpuSeconds() {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").replace(/^.*\) /s, "").split(" ");
    // After "pid (comm) ": state is field 3, so utime..cstime (fields 14-17) are at 11-14.
    return fields.slice(11, 15).reduce((sum, f) => sum + Number(f), 0) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

/** @param {string} text */
function banner(text) {
  console.log(`\n=== ${text} ${"=".repeat(Math.max(0, 70 - text.length))}`);
}

/** @type {import("node:child_process").ChildProcess[]} */
const background = [];

/**
 * Starts a command in the background with its output kept (for a stage that runs alongside
 * another one and reports later); `finish` ends it if it is still running.
 * @param {string} cmd
 * @param {string[]} args
 * @returns {Promise<{ status: number | null, output: string }>}
 */
function startInBackground(cmd, args) {
  const child = spawn(cmd, args, { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  background.push(child);
  let output = "";
  child.stdout?.on("data", (c) => (output += c));
  child.stderr?.on("data", (c) => (output += c));
  return new Promise((resolveRun) => {
    child.on("error", (e) => resolveRun({ status: null, output: `${output}${e.message}\n` }));
    child.on("close", (status) => resolveRun({ status, output }));
  });
}

/** @param {string} [failedStage] the stage that failed, if one did */
function finish(failedStage) {
  for (const store of [...openBuffers]) flushBuffered(store);
  for (const child of background) if (child.exitCode === null && child.signalCode === null) child.kill();
  banner("summary");
  for (const t of timings) {
    const cpu = Number.isNaN(t.cpu) ? "" : `${t.cpu.toFixed(0).padStart(5)} CPU-s  `;
    console.log(`  ${t.ok ? "ok  " : "FAIL"} ${t.name.padEnd(10)} ${t.seconds.toFixed(1).padStart(7)} s  ${cpu}${t.note ?? ""}`);
  }
  // Stages that ran side by side: their wall times overlap and their CPU seconds are the lanes' together.
  const wall = (Date.now() - startedAt) / 1000;
  const cpu = cpuSeconds();
  console.log(`  total      ${wall.toFixed(1).padStart(7)} s  ${Number.isNaN(cpu) ? "" : `${cpu.toFixed(0).padStart(5)} CPU-s`}  (wall time from the start; lanes overlap)`);
  if (failedStage) console.log(`\nnpm test: FAILED at stage "${failedStage}" (later stages not run)`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  process.exit(failedStage ? 1 : 0);
}

/**
 * Runs one stage: `fn` returns `{ passed, failed, failures?, note? }` or throws. `buffered`: its
 * output is printed as one block when it ends (it runs beside another lane); `lane`: the stages'
 * CPU seconds are both lanes' (noted in the summary).
 * @param {string} name
 * @param {() => StageOutcome | Promise<StageOutcome>} fn
 * @param {{ buffered?: boolean, lane?: string }} [options]
 */
async function stage(name, fn, { buffered = false, lane } = {}) {
  if (buffered) {
    /** @type {OutputBuffer} */
    const store = { chunks: [], direct: false };
    openBuffers.add(store);
    try {
      await buffers.run(store, () => stage(name, fn, { lane }));
    } finally {
      flushBuffered(store);
    }
    return;
  }
  if (skipped.has(name)) {
    banner(`${name} (skipped: --skip)`);
    return;
  }
  banner(name);
  const started = Date.now();
  const cpuStarted = cpuSeconds();
  let result;
  try {
    result = await fn();
  } catch (error) {
    const e = /** @type {{ userMessage?: boolean, message?: string, stack?: string } | undefined} */ (error);
    result = { passed: 0, failed: 1, failures: [e?.userMessage ? String(e.message) : String(e?.stack ?? error)] };
  }
  const seconds = (Date.now() - started) / 1000;
  totals.passed += result.passed;
  totals.failed += result.failed;
  const ok = result.failed === 0;
  timings.push({ name, seconds, cpu: cpuSeconds() - cpuStarted, ok, note: lane ? `${result.note ?? ""} [${lane}; CPU of both lanes]`.trim() : result.note });
  if (result.failures?.length) {
    console.log(`\n${name}: ${result.failures.length} failure${result.failures.length === 1 ? "" : "s"}:`);
    for (const f of result.failures) console.log(`FAIL ${f}`);
  }
  console.log(`${name}: ${ok ? "ok" : "FAILED"} (${result.passed} passed, ${result.failed} failed, ${seconds.toFixed(1)} s)`);
  if (!ok) finish(name);
}

await stage("setup", () => {
  setup({ browser: withBrowser });
  return { passed: 0, failed: 0 };
});

// The type-check (tsc: one core, ~10 s) runs while vitest runs; its stage reports it after.
const typecheckRun = skipped.has("typecheck") ? Promise.resolve({ status: 0, output: "" }) : startInBackground(npm, ["run", "typecheck"]);

await stage("vitest", () => {
  const report = join(REPO, "test-output", "vitest.json");
  mkdirSync(join(REPO, "test-output"), { recursive: true });
  rmSync(report, { force: true });
  // vitest's default is one worker per core less one: one on the course's 2-core machines.
  const workers = Math.max(2, availableParallelism());
  const r = spawnSync(npx, ["vitest", "run", `--maxWorkers=${workers}`, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], {
    cwd: REPO,
    stdio: "inherit",
  });
  if (!existsSync(report)) {
    return { passed: 0, failed: 1, failures: [`vitest exited with ${r.status ?? r.signal} and wrote no report`] };
  }
  /** @type {{ numPassedTests?: number, numFailedTests?: number, numTotalTests?: number, testResults?: { name: string, status: string, message?: string, assertionResults?: { status: string, fullName: string }[] }[] }} */
  const json = JSON.parse(readFileSync(report, "utf8")); // vitest's JSON reporter
  const passed = json.numPassedTests ?? 0;
  let failed = json.numFailedTests ?? 0;
  const failures = [];
  for (const file of json.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status === "failed") failures.push(`${file.name.replace(`${REPO}/`, "")}: ${t.fullName}`);
    }
    if (file.status === "failed" && !(file.assertionResults ?? []).some((t) => t.status === "failed")) {
      failed++;
      failures.push(`${file.name.replace(`${REPO}/`, "")}: ${String(file.message ?? "suite failed").split("\n")[0]}`);
    }
  }
  if (r.status !== 0 && failed === 0) {
    failed = 1;
    failures.push(`vitest exited with ${r.status ?? r.signal}`);
  }
  return { passed, failed, failures, note: `${json.numTotalTests ?? 0} tests in ${(json.testResults ?? []).length} files` };
});

await stage("typecheck", async () => {
  const r = await typecheckRun;
  process.stdout.write(r.output);
  return r.status === 0 ? { passed: 0, failed: 0, note: "ran alongside vitest" } : { passed: 0, failed: 1, failures: ["npm run typecheck: type errors (see above)"] };
});

// What a student gets from `npm start` (three short starts of the real server, two at once).
await stage("workspace", async () => {
  const { workspaceTest } = await import("../test/scripts/workspace-e2e.mjs");
  return workspaceTest();
});

// The set-up on a student's machine: not root, their own Jupyter, or none.
await stage("own-jupyter", async () => {
  const { ownJupyterTest } = await import("../test/stages/own-jupyter-test.mjs");
  console.log("the set-up and npm start as a student (not root): Jupyter in a venv on PATH, then none ...");
  return await ownJupyterTest();
});

const { listNotebooks } = await import("./lib/notebook.mjs");
const { notebookTest } = await import("./run-notebooks.mjs");
const notebooks = listNotebooks();

/** The notebook stage's passing runs, by path: the release stage reads the solution copies' verdicts from them. */
/** @type {Map<string, import("./run-notebooks.mjs").RunResult>} */
const notebookRuns = new Map();

await stage("notebooks", async () => {
  const { notebookSelfTest } = await import("../test/stages/self-test.mjs");
  console.log(`notebooks/: ${notebooks.length} notebook${notebooks.length === 1 ? "" : "s"}${notebooks.length ? `: ${notebooks.map((p) => basename(p)).join(", ")}` : " (nothing to run)"}`);
  console.log("and the harness self-test on test/stages/fixtures/notebooks, in the same queue (NOTEBOOK_JOBS kernels at a time) ...");
  // The fixtures queue after the notebooks: they fill the gap the last long notebook leaves.
  const [real, self] = await Promise.all([notebookTest(notebooks), notebookSelfTest()]);
  console.log(`harness self-test: ${self.passed} passed, ${self.failed} failed`);
  for (const r of real.results) if (r.ok) notebookRuns.set(resolve(REPO, r.path), r);
  return { ...merge(self, real), note: `${notebooks.length} notebooks + fixtures` };
});

// After the notebook stage the rest runs in two lanes side by side (the machines are 2 cores):
// browser → release → figures, and lite → export → lab, about as long as each other (the lanes
// slow each other down: a clean clone's browser stage took 244 s alone, ~495 s beside lite). The
// second lane prints each stage as one block when it ends.

/** The notebooks whose Russian student copy ran clean in the browser stage, every check ✗ (the release stage reads it). */
/** @type {Set<string>} */
const translatedStudentRuns = new Set();

const browserStage = async () => {
  const { browserSelfTest } = await import("../test/stages/self-test.mjs");
  const { BROWSER_JOBS, browserTest, openBrowserSession } = await import("../test/stages/browser-test.mjs");
  const { translatedCopiesParse } = await import("../test/stages/figures-release-test.mjs");
  // The Russian edition as a student gets it runs here: the student copies (stubs, lenient checks:
  // every check must print ✗, with its Russian hint). The English solution copies ran in the
  // notebook stage (their plots are checked in the export and lab stages); the English student
  // copies are these same programs with other texts, so the release stage does not run them again.
  // A translation missing from the catalogues stops it.
  const { release } = await import("./release.mjs");
  const { written, failures } = release(notebooks, join(REPO, "release"), { language: "ru" });
  if (failures.length) return tally(failures.map((f) => ({ name: `the Russian edition: ${f}`, ok: false, detail: "npm run i18n -- check lists what is missing" })));
  const students = written.map((w) => w.student);
  // The Russian solution-only cells do not run here: that they still parse is checked (and 03's
  // whole Russian solution copy runs in the figures stage).
  const parsed = translatedCopiesParse(written.map((w) => w.solution));
  console.log(`the Russian solution copies: every code cell parses (${parsed.passed} notebooks)${parsed.failed ? ` — ${parsed.failed} FAILED` : ""}`);
  console.log(`the Russian edition's student copies (release/ru/student/, NNLIB_LANG=ru, lenient checks): ${students.length} notebook${students.length === 1 ? "" : "s"} in the browser (screenshots in screenshots/)`);
  console.log(`and the harness self-test on test/stages/fixtures/notebooks, in the same queue (${BROWSER_JOBS} at a time, one Chromium) ...`);
  const session = await openBrowserSession();
  const ru = await openBrowserSession({ env: { NNLIB_LANG: "ru", NNLIB_CHECK_STRICT: "0" }, share: session });
  try {
    // The longest notebooks (by the notebook stage's times) first, so that none starts last
    // and runs alone; the fixtures (short) after them.
    const seconds = (/** @type {string} */ p) => notebookRuns.get(join(REPO, "notebooks", basename(p)))?.seconds ?? 0;
    const order = [...students].sort((a, b) => seconds(b) - seconds(a));
    const realPromise = browserTest(order, { session: ru, verdict: "✗" });
    const [realSorted, self] = await Promise.all([realPromise, browserSelfTest({ session })]);
    console.log(`harness self-test: ${self.passed} passed, ${self.failed} failed`);
    for (const r of realSorted.results) if (r.checks.every((c) => c.ok)) translatedStudentRuns.add(basename(r.rel));
    return { ...merge(self, realSorted, parsed), note: `${students.length} Russian student copies + fixtures` };
  } finally {
    await ru.close();
    await session.close();
  }
};

const liteStage = async () => {
  const { LITE_NOTEBOOKS, liteTest } = await import("../test/stages/lite-test.mjs");
  const chosen = LITE_NOTEBOOKS.filter((name) => notebooks.some((n) => basename(n) === name));
  console.log(`site/ built by npm run lite; ${chosen.join(", ")} run in JupyterLite in Chromium ...`);
  return await liteTest(chosen);
};

// Saved notebooks exported to HTML with nbconvert show their plots offline (needs the executed
// copies of the notebook stage and Chromium).
const exportStage = async () => {
  const { exportSelfTest, exportTest, listExecuted } = await import("../test/stages/export-test.mjs");
  const executed = listExecuted().filter((p) => notebooks.some((n) => basename(n) === basename(p)));
  console.log(`test-output/notebooks/: ${executed.length} executed notebooks to HTML (test-output/html/), opened offline`);
  console.log("and the harness self-test: a notebook without its embedded plotly.js must fail offline ...");
  const [real, self] = await Promise.all([exportTest(executed), exportSelfTest(executed)]);
  console.log(`harness self-test: ${self.passed} passed, ${self.failed} failed`);
  const missing = notebooks.length - executed.length;
  const gap = missing > 0 ? { passed: 0, failed: 1, failures: [`${missing} notebooks have no executed copy in test-output/notebooks/`] } : { passed: 0, failed: 0 };
  return { ...merge(self, real, gap), note: `${executed.length} notebooks, nbconvert --to html` };
};

// The executed notebooks' outputs in JupyterLab 4 / Notebook 7 (and plotly.js 2.35, VS Code's).
const jupyterLabStage = async () => {
  const { listExecuted } = await import("../test/stages/export-test.mjs");
  const { MODES, labStage } = await import("../test/stages/lab-test.mjs");
  const executed = listExecuted().filter((p) => notebooks.some((n) => basename(n) === basename(p)));
  console.log(`test-output/notebooks/: ${executed.length} executed notebooks rendered by JupyterLab 4's output code, ${MODES.length} ways (${MODES.map((m) => m.name).join(", ")}), offline`);
  console.log("and the harness self-test: test/stages/fixtures/lab/classic-only.ipynb must fail, in the same queue ...");
  const { real, self } = await labStage(executed);
  console.log(`harness self-test: ${self.passed} passed, ${self.failed} failed`);
  const missing = notebooks.length - executed.length;
  const gap = missing > 0 ? { passed: 0, failed: 1, failures: [`${missing} notebooks have no executed copy in test-output/notebooks/`] } : { passed: 0, failed: 0 };
  return { ...merge(self, real, gap), note: `${executed.length} notebooks × ${MODES.length} + fixture` };
};

// Instructor tools: slide figures from an executed notebook (needs Chromium), then (lane 1) the
// student/solution copies (test/stages/figures-release-test.mjs).
const figuresStage = async () => {
  const { figuresTest, russianFiguresTest, FIGURE_NOTEBOOK } = await import("../test/stages/figures-release-test.mjs");
  console.log(`figures of test-output/notebooks/${FIGURE_NOTEBOOK} exported twice (test-output/figures-test/), and of its Russian edition once ...`);
  const [english, russian] = await Promise.all([figuresTest(), russianFiguresTest()]);
  return { ...merge(english, russian), note: `${FIGURE_NOTEBOOK}, en and ru` };
};

const releaseStage = async () => {
  const { releaseTest } = await import("../test/stages/figures-release-test.mjs");
  return { ...(await releaseTest({ executed: notebookRuns, translatedStudentRuns })), note: "fixture + notebooks with solutions" };
};

await Promise.all([
  (async () => {
    if (withBrowser) await stage("browser", browserStage, { lane: "lane 1" });
    await stage("release", releaseStage, withBrowser ? { lane: "lane 1" } : {});
    if (withBrowser) await stage("figures", figuresStage, { lane: "lane 1" });
  })(),
  (async () => {
    if (!withBrowser) return;
    for (const [name, fn] of /** @type {const} */ ([["lite", liteStage], ["export", exportStage], ["lab", jupyterLabStage]])) {
      await stage(name, fn, { buffered: true, lane: "lane 2" });
    }
  })(),
]);

finish();
