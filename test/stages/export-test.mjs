// @ts-check
// The HTML export test: a notebook saved with its outputs and exported with nbconvert must show
// its plots in a browser that has no network (a student offline, or a page mailed to someone).
//
//   node test/stages/export-test.mjs [EXECUTED_NOTEBOOK...]   # default: test-output/notebooks/*.ipynb
//
// Takes the executed copies the notebook stage wrote (test-output/notebooks/), exports each with
// `python3 -m nbconvert --to html` (Debian's nbconvert, the project's Jupyter env) into
// test-output/html/, opens the HTML file in headless Chromium with every request that is not a
// local file refused, and checks (each a counted check):
//   1. nbconvert exported it;
//   2. the HTML is under 10 MB;
//   3. every plot output of the notebook is a rendered plotly plot in the page (same count as the
//      outputs with an nnlib figure; each with `.main-svg` and a trace drawn) — plotly.js comes
//      from the notebook's own outputs, not from a CDN;
//   4. no uncaught JavaScript error in the page.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { TRACE_SELECTOR, launchChromium } from "./browser-test.mjs";
import { isMain } from "../../scripts/lib/cli.mjs";
import { PLOTLY_MIME, listNotebooks, readNotebook, sourceText, writeNotebook } from "../../scripts/lib/notebook.mjs";
import { jupyterPython } from "../../scripts/run-notebooks.mjs";
import { jobsFrom, slots } from "../../scripts/lib/slots.mjs";
import { REPO, jupyterEnv } from "../../scripts/setup.mjs";

export const EXECUTED_DIR = join(REPO, "test-output", "notebooks");
export const HTML_DIR = join(REPO, "test-output", "html");
export const MAX_HTML_BYTES = 10 * 1024 * 1024;
/**
 * How many notebooks are exported, and how many pages checked, at once (`EXPORT_JOBS`, default
 * 2): nbconvert and the page are each one core's work. Shared by all calls in this process.
 */
export const EXPORT_JOBS = jobsFrom(process.env.EXPORT_JOBS, 2);
const convertSlots = slots(EXPORT_JOBS);
const pageSlots = slots(EXPORT_JOBS);

/** @typedef {import("../../scripts/lib/checks.mjs").StageResult} StageResult */

/**
 * Executed notebooks in `dir` (the notebook stage's output), sorted by name.
 * @param {string} [dir]
 */
export function listExecuted(dir = EXECUTED_DIR) {
  return listNotebooks(dir);
}

/**
 * Number of nnlib figures in a notebook's outputs (as the browser test counts them).
 * @param {import("../../scripts/lib/notebook.mjs").Notebook} nb
 */
export function countPlotOutputs(nb) {
  let n = 0;
  for (const cell of nb.cells ?? []) {
    for (const output of cell.outputs ?? []) {
      const data = output.data ?? {};
      const marked = (sourceText(data["text/html"]).match(/class="nnlib-figure"/g) ?? []).length;
      if (marked > 0) n += marked;
      else if (data[PLOTLY_MIME] !== undefined) n += 1;
    }
  }
  return n;
}

/**
 * Runs in the page: the nnlib figures and whether plotly drew each.
 * @param {string} traceSelector
 */
function pagePlots(traceSelector) {
  return [...document.querySelectorAll(".nnlib-figure")].map((el) => ({
    name: el.getAttribute("data-nnlib-figure") ?? el.id ?? "(unnamed)",
    rendered: el.classList.contains("js-plotly-plot") && el.querySelector(".main-svg") !== null && el.querySelectorAll(traceSelector).length > 0,
  }));
}

/**
 * Exports one executed notebook to HTML; resolves to `{ html, error }`.
 * @param {string} python
 * @param {string} path
 * @param {string} outDir
 * @returns {Promise<{ html: string, error: string | undefined }>}
 */
function exportHtml(python, path, outDir) {
  const html = join(outDir, `${basename(path, ".ipynb")}.html`);
  return new Promise((resolveExport) => {
    const child = spawn(python, ["-m", "nbconvert", "--to", "html", "--output-dir", outDir, path], { cwd: REPO, env: jupyterEnv(), stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", (e) => resolveExport({ html, error: `nbconvert did not start: ${e.message}` }));
    child.on("close", (code, signal) => {
      if (code !== 0 || !existsSync(html)) resolveExport({ html, error: `nbconvert exited with ${code ?? signal}: ${stderr.trim().split("\n").slice(-5).join(" | ")}` });
      else resolveExport({ html, error: undefined });
    });
  });
}

/**
 * The export test on executed notebooks. Returns `{ passed, failed, failures: string[] }`.
 * Options: `outDir` for the HTML files, `renderWaitMs` (how long the plots may take to draw).
 * @param {string[]} paths
 * @param {{ outDir?: string, quiet?: boolean, renderWaitMs?: number }} [options]
 * @returns {Promise<StageResult>}
 */
export async function exportTest(paths, { outDir = HTML_DIR, quiet = false, renderWaitMs = 30000 } = {}) {
  /** @type {string[]} */
  const failures = [];
  let passed = 0;
  /** @type {(rel: string, name: string, ok: boolean, detail: string | undefined) => boolean} */
  const check = (rel, name, ok, detail) => {
    if (ok) passed++;
    else failures.push(`${rel}: ${name}: ${detail}`);
    return ok;
  };
  if (paths.length === 0) return { passed, failed: 0, failures };
  const py = jupyterPython();
  if (!py) throw new Error("no python with Jupyter: run node scripts/setup.mjs");
  mkdirSync(outDir, { recursive: true });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
    // Offline: only the file itself and what it embeds may load.
    await context.route("**/*", (route) => (route.request().url().startsWith("file:") ? route.continue() : route.abort()));
    // Each notebook: export (EXPORT_JOBS at a time), then its page (EXPORT_JOBS at a time), so
    // that one notebook's export overlaps another's page. Checks are counted in the order of `paths`.
    /** @type {(path: string) => Promise<(() => void)>} */
    const one = async (path) => {
      const rel = relative(REPO, path);
      let seconds = 0;
      /** @type {[string, boolean, string | undefined][]} */
      const results = [];
      const report = () => {
        for (const [name, ok, detail] of results) check(rel, name, ok, detail);
        if (!quiet && results.length > 1) {
          const ok = results.every(([, k]) => k);
          console.log(`  ${ok ? "ok  " : "FAIL"} ${rel} → ${relative(REPO, join(outDir, `${basename(path, ".ipynb")}.html`))} (${summary}, page ${seconds.toFixed(1)} s)`);
        }
      };
      let summary = "";
      const { html, error } = await convertSlots.run(() => exportHtml(py, path, outDir));
      results.push(["nbconvert --to html", error === undefined, error]);
      if (error !== undefined) return report;
      const bytes = statSync(html).size;
      results.push(["HTML size", bytes < MAX_HTML_BYTES, `${(bytes / 1e6).toFixed(2)} MB, the limit is ${MAX_HTML_BYTES / 1024 / 1024} MB`]);
      const expected = countPlotOutputs(readNotebook(path));
      summary = `${expected} plot${expected === 1 ? "" : "s"}, ${(bytes / 1e6).toFixed(2)} MB`;
      await pageSlots.run(async () => {
        const started = Date.now();
        const page = await context.newPage();
        /** @type {string[]} */
        const pageErrors = [];
        page.on("pageerror", (e) => pageErrors.push(String(e?.message ?? e).slice(0, 500)));
        try {
          await page.goto(pathToFileURL(html).href, { waitUntil: "load", timeout: 120000 });
          let plots = await page.evaluate(pagePlots, TRACE_SELECTOR);
          const deadline = Date.now() + renderWaitMs;
          while (Date.now() < deadline && (plots.length < expected || plots.some((p) => !p.rendered))) {
            await page.waitForTimeout(250);
            plots = await page.evaluate(pagePlots, TRACE_SELECTOR);
          }
          const notDrawn = plots.filter((p) => !p.rendered).map((p) => p.name);
          results.push([
            "plots rendered in the exported HTML",
            expected > 0 ? plots.length === expected && notDrawn.length === 0 : plots.length === 0,
            `${expected} plot outputs in the notebook, ${plots.length} figures in the page, not drawn: ${notDrawn.slice(0, 10).join(", ") || "none"}`,
          ]);
          results.push(["no JavaScript error", pageErrors.length === 0, pageErrors.join(" | ")]);
        } finally {
          await page.close();
          seconds = (Date.now() - started) / 1000;
        }
      });
      return report;
    };
    const reports = await Promise.all(paths.map(one));
    for (const report of reports) report();
    await context.close();
  } finally {
    await browser.close().catch(() => {});
  }
  return { passed, failed: failures.length, failures };
}

/**
 * The export test must be able to fail: an executed notebook whose outputs lost the embedded
 * plotly.js (as if it had been loaded from a CDN) must fail the "plots rendered" check offline.
 * Returns `{ passed, failed, failures }` (one check).
 * @param {string[]} [executed]
 * @returns {Promise<StageResult>}
 */
export async function exportSelfTest(executed = listExecuted()) {
  const source = executed.find((p) => readFileSync(p, "utf8").includes("data-nnlib-plotly"));
  if (source === undefined) return { passed: 0, failed: 1, failures: ["export self-test: no executed notebook with an embedded plotly.js in test-output/notebooks/"] };
  const nb = readNotebook(source);
  for (const cell of nb.cells ?? []) {
    for (const output of cell.outputs ?? []) {
      const data = output.data;
      if (data?.["text/html"] === undefined) continue;
      data["text/html"] = sourceText(data["text/html"]).replace(/<script data-nnlib-plotly="1">[\s\S]*?<\/script>/g, "");
    }
  }
  const dir = join(REPO, "test-output", "html-self-test");
  mkdirSync(dir, { recursive: true });
  const broken = join(dir, "without-plotly.ipynb");
  writeNotebook(broken, nb);
  const r = await exportTest([broken], { outDir: dir, quiet: true, renderWaitMs: 3000 });
  const caught = r.failures.length === 1 && r.failures[0].includes("plots rendered in the exported HTML");
  return caught
    ? { passed: 1, failed: 0, failures: [] }
    : { passed: 0, failed: 1, failures: [`export self-test: a notebook without plotly.js should fail only the plot check, got: ${r.failures.join(" | ") || "no failure"}`] };
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2);
  const paths = args.length > 0 ? args.map((p) => resolve(p)) : listExecuted();
  if (paths.length === 0) {
    console.log("no executed notebooks in test-output/notebooks/: run `npm run test:notebooks` first");
    process.exit(1);
  }
  const { passed, failed, failures } = await exportTest(paths);
  for (const f of failures) console.log(`FAIL ${f}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
