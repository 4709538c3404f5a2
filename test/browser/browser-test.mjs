// The browser test: every notebook run in classic Jupyter Notebook in headless Chromium, the
// way a student sees it, and its plots checked in the page.
//
//   node test/browser/browser-test.mjs [NOTEBOOK...]   # default: notebooks/*.ipynb
//
// One Notebook server (127.0.0.1, free port, known token, the project's Jupyter env) and one
// Chromium for all notebooks; the server is shut down at the end, also on failure. For each
// notebook: open it, restart the kernel, clear outputs, run all cells, wait until every code
// cell has run and the kernel is idle, then check (each a counted check):
//   1. every code cell ran (within the time limit);
//   2. no stderr or error output areas;
//   3. every plot output is a rendered plotly plot: the number of plot outputs (outputs with
//      plotly JSON, or `class="nnlib-figure"` divs in their HTML) equals the number of rendered
//      plots, each a `.js-plotly-plot` with a `.main-svg` and at least one trace element (SVG
//      trace, heatmap image, or the WebGL canvas of a 3-D plot);
//   4. (when the notebook has one) every live plot — `[data-nnlib-live]` — shows more than one
//      epoch: `data-nnlib-epochs` (set by nnlib's LivePlot) > 1 and a trace with > 1 point;
//   5. no uncaught JavaScript error in the page.
// A full-page screenshot goes to screenshots/<notebook>.png. The browser cannot save the
// notebook: requests that would write it are blocked, so committed notebooks stay clean.

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { basename, join, relative, resolve } from "node:path";
import { isMain, setupOrExit } from "../../scripts/lib/cli.mjs";
import { PLOTLY_MIME, cellLabel } from "../../scripts/lib/notebook.mjs";
import { testKernelEnv } from "../../scripts/run-notebooks.mjs";
import { launchChromium as launchBrowser } from "../../scripts/chromium.mjs";
import { REPO, findPython } from "../../scripts/setup.mjs";

export const SCREENSHOT_DIR = join(REPO, "screenshots");
const CELL_TIMEOUT_MS = Number(process.env.NOTEBOOK_CELL_TIMEOUT ?? 300) * 1000;

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Starts classic Jupyter Notebook serving the whole repo. Returns `{ url, token, stop() }`. */
export async function startNotebookServer({ python } = {}) {
  const py = python ?? findPython()?.python;
  if (!py) throw new Error("no python with Jupyter Notebook: run node scripts/setup.mjs");
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const args = [
    "-m", "notebook",
    "--no-browser",
    "--ip=127.0.0.1",
    `--port=${port}`,
    "--port-retries=0",
    `--notebook-dir=${REPO}`,
    `--NotebookApp.token=${token}`,
    "--NotebookApp.password=",
  ];
  if (process.getuid?.() === 0) args.push("--allow-root");
  // Kernels inherit the server's environment: notebook 08's experiment log goes to test-output/browser/.
  const child = spawn(py, args, { cwd: REPO, env: testKernelEnv(join(REPO, "test-output", "browser")), stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (c) => (log += c));
  child.stderr.on("data", (c) => (log += c));
  let exited = false;
  const exitPromise = new Promise((r) => child.on("exit", () => { exited = true; r(); }));
  const killOnExit = () => { if (!exited) child.kill("SIGKILL"); };
  process.on("exit", killOnExit);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.off("exit", killOnExit);
    if (exited) return;
    child.kill("SIGTERM");
    await Promise.race([exitPromise, sleep(15000)]);
    if (!exited) {
      child.kill("SIGKILL");
      await exitPromise;
    }
  };
  const deadline = Date.now() + 90000;
  for (;;) {
    if (exited) throw new Error(`Jupyter Notebook exited at start-up:\n${log.slice(-3000)}`);
    try {
      const response = await fetch(`${url}/api/status?token=${token}`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Jupyter Notebook did not answer within 90 s:\n${log.slice(-3000)}`);
    }
    await sleep(250);
  }
  return { url, token, port, stop, log: () => log };
}

/** Chromium for the tests (scripts/chromium.mjs), without QUIC or GPU compositing. */
export function launchChromium() {
  return launchBrowser(["--disable-quic", "--disable-gpu-compositing"]);
}

// Runs in the page: the state of the run.
function pageRunState() {
  const nb = window.Jupyter.notebook;
  const cells = nb.get_cells().filter((c) => c.cell_type === "code");
  const running = cells.filter((c) => c.input_prompt_number === "*" || c.element.hasClass("running")).length;
  const idle = document.querySelector("#kernel_indicator_icon")?.classList.contains("kernel_idle_icon") ?? false;
  return { running, idle, total: cells.length };
}

/** What counts as a drawn trace inside a plotly plot: SVG traces, heatmap images, the WebGL canvas of a 3-D plot. */
export const TRACE_SELECTOR = ".scatterlayer .trace, .barlayer .trace, .boxlayer .trace, .heatmaplayer .hm, .contourlayer .contour, .pielayer .trace, .gl-container canvas, .imagelayer .im";
const REPORT_ARGS = { traceSelector: TRACE_SELECTOR, plotlyMime: PLOTLY_MIME };

// Runs in the page: everything the checks need.
function pageReport({ traceSelector, plotlyMime }) {
  const nb = window.Jupyter.notebook;
  const cells = nb.get_cells().filter((c) => c.cell_type === "code");
  const firstLine = (c) => (c.get_text().split("\n").find((l) => l.trim() !== "") ?? "(empty cell)").trim().slice(0, 200);
  const notRun = [];
  const problems = [];
  let plotOutputs = 0;
  cells.forEach((cell, i) => {
    const where = { cell: i + 1, id: cell.id ?? cell.metadata?.id ?? null, firstLine: firstLine(cell) };
    const empty = cell.get_text().trim() === "";
    if (!empty && typeof cell.input_prompt_number !== "number") notRun.push({ ...where, prompt: String(cell.input_prompt_number) });
    for (const output of cell.output_area.outputs) {
      if (output.output_type === "error") {
        problems.push({ ...where, kind: "error output", text: `${output.ename}: ${output.evalue}` });
      } else if (output.output_type === "stream" && output.name === "stderr") {
        problems.push({ ...where, kind: "stderr output", text: String(output.text) });
      }
      const data = output.data ?? {};
      const html = String(data["text/html"] ?? "");
      const marked = (html.match(/class="nnlib-figure"/g) ?? []).length;
      if (marked > 0) plotOutputs += marked;
      else if (data[plotlyMime] !== undefined) plotOutputs += 1;
    }
    const domProblems = cell.element[0].querySelectorAll(".output_stderr, .output_error");
    if (domProblems.length > 0 && !problems.some((p) => p.cell === i + 1)) {
      problems.push({ ...where, kind: "stderr/error output area", text: domProblems[0].textContent.slice(0, 2000) });
    }
  });
  const plots = [...document.querySelectorAll(".output_area .js-plotly-plot, .output_area .nnlib-figure")].map((el) => {
    const traces = el.querySelectorAll(traceSelector).length;
    const data = Array.isArray(el.data) ? el.data : [];
    const points = data.map((t) => {
      const series = t.x ?? t.y ?? t.z ?? [];
      return series && typeof series.length === "number" ? series.length : 0;
    });
    return {
      name: el.getAttribute("data-nnlib-figure") ?? el.id ?? "(unnamed)",
      live: el.hasAttribute("data-nnlib-live"),
      epochs: el.hasAttribute("data-nnlib-epochs") ? Number(el.getAttribute("data-nnlib-epochs")) : null,
      rendered: el.classList.contains("js-plotly-plot") && el.querySelector(".main-svg") !== null && traces > 0,
      traces,
      maxPoints: points.length ? Math.max(...points) : 0,
    };
  });
  return { cells: cells.length, notRun, problems, plotOutputs, plots };
}

const SCREENSHOT_CSS = `
  html, body { height: auto !important; overflow: visible !important; }
  #site { height: auto !important; overflow: visible !important; display: block !important; }
  #header { position: static !important; }
`;

/**
 * Runs one notebook in the page and returns `{ checks: [{ name, ok, detail }], seconds, screenshot }`.
 */
async function runNotebookInBrowser(context, server, path, screenshotDir, renderWaitMs) {
  const started = Date.now();
  const rel = relative(REPO, path).split("\\").join("/");
  const checks = [];
  const pageErrors = [];
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(String(error?.stack ?? error).slice(0, 1000)));
  // Never let the browser write the notebook (autosave, checkpoints): committed files stay clean.
  await page.route("**/api/contents/**", (route) => {
    const method = route.request().method();
    if (method === "GET") return route.continue();
    return route.fulfill({ status: 403, body: "the browser test never saves notebooks" });
  });
  const screenshot = join(screenshotDir, `${basename(path, ".ipynb")}.png`);
  try {
    await page.goto(`${server.url}/notebooks/${rel.split("/").map(encodeURIComponent).join("/")}?token=${server.token}`, { waitUntil: "load", timeout: 120000 });
    await page.waitForFunction(() => window.Jupyter?.notebook?._fully_loaded === true && window.Jupyter.notebook.kernel, null, { timeout: 120000, polling: 200 });
    await page.evaluate(() => window.Jupyter.notebook.set_autosave_interval(0));
    // A fresh kernel, then run everything.
    await page.evaluate(() => window.Jupyter.notebook.restart_kernel({ confirm: false }));
    await page.waitForFunction(() => window.Jupyter.notebook.kernel.is_connected() && document.querySelector("#kernel_indicator_icon")?.classList.contains("kernel_idle_icon"), null, { timeout: 120000, polling: 200 });
    const total = await page.evaluate(() => {
      window.Jupyter.notebook.clear_all_output();
      window.Jupyter.notebook.execute_all_cells();
      return window.Jupyter.notebook.get_cells().filter((c) => c.cell_type === "code").length;
    });
    const limit = Math.min(Math.max(total, 1) * CELL_TIMEOUT_MS, 30 * 60 * 1000);
    let finished = false;
    let stableSince = 0;
    for (const deadline = Date.now() + limit; Date.now() < deadline; ) {
      const state = await page.evaluate(pageRunState);
      if (state.running === 0 && state.idle) {
        if (stableSince === 0) stableSince = Date.now();
        else if (Date.now() - stableSince > 1000) { finished = true; break; }
      } else {
        stableSince = 0;
      }
      await sleep(250);
    }
    // Give the plot scripts time to draw (they poll until plotly.js is there).
    let report = await page.evaluate(pageReport, REPORT_ARGS);
    for (const deadline = Date.now() + renderWaitMs; Date.now() < deadline; ) {
      if (report.plots.length >= report.plotOutputs && report.plots.every((p) => p.rendered)) break;
      await sleep(500);
      report = await page.evaluate(pageReport, REPORT_ARGS);
    }
    await sleep(300);
    report = await page.evaluate(pageReport, REPORT_ARGS);

    const ran = finished && report.notRun.length === 0;
    checks.push({
      name: "every cell ran",
      ok: ran,
      detail: !finished
        ? `still running after ${Math.round(limit / 1000)} s`
        : report.notRun.length === 0
          ? ""
          : `${report.notRun.length} code cell${report.notRun.length === 1 ? "" : "s"} did not run, from ${cellLabel(report.notRun[0].cell, report.notRun[0].id)}: ${report.notRun[0].firstLine}`,
    });
    checks.push({
      name: "no stderr or error output",
      ok: report.problems.length === 0,
      detail: report.problems
        .map((p) => `${cellLabel(p.cell, p.id)}: ${p.kind}\n    first line: ${p.firstLine}\n${p.text.trim().split("\n").slice(0, 30).map((l) => `    | ${l}`).join("\n")}`)
        .join("\n"),
    });
    const rendered = report.plots.filter((p) => p.rendered).length;
    const unrendered = report.plots.filter((p) => !p.rendered).map((p) => p.name);
    checks.push({
      name: "every plot rendered",
      ok: rendered === report.plotOutputs && unrendered.length === 0,
      detail: `${report.plotOutputs} plot outputs, ${rendered} rendered plots${unrendered.length ? `; not rendered: ${unrendered.join(", ")}` : ""}`,
    });
    const live = report.plots.filter((p) => p.live);
    if (live.length > 0) {
      // nnlib's LivePlot says how many epochs it has drawn (data-nnlib-epochs); else count points.
      const short = live.filter((p) => !(p.rendered && p.maxPoints > 1 && (p.epochs === null || p.epochs > 1)));
      checks.push({
        name: "live plot shows more than one epoch",
        ok: short.length === 0,
        detail: live.map((p) => `${p.name}: ${p.epochs === null ? "" : `${p.epochs} epochs, `}${p.maxPoints} points${p.rendered ? "" : ", not rendered"}`).join("; "),
      });
    }
    checks.push({ name: "no JavaScript errors in the page", ok: pageErrors.length === 0, detail: pageErrors.join("\n") });
    return { rel, checks, seconds: (Date.now() - started) / 1000, plots: report.plots.length, report };
  } catch (error) {
    checks.push({ name: "notebook opened and ran in the browser", ok: false, detail: String(error?.message ?? error).slice(0, 3000) });
    return { rel, checks, seconds: (Date.now() - started) / 1000, plots: 0 };
  } finally {
    try {
      mkdirSync(screenshotDir, { recursive: true });
      await page.addStyleTag({ content: SCREENSHOT_CSS });
      await sleep(300);
      await page.screenshot({ path: screenshot, fullPage: true, timeout: 60000 });
    } catch (error) {
      console.error(`  (no screenshot of ${rel}: ${error.message})`);
    }
    try {
      // Shut the kernel down so the next notebook starts from a quiet machine.
      await page.evaluate(() => window.Jupyter?.notebook?.session?.delete());
    } catch {
      // page gone
    }
    await page.close();
  }
}

/**
 * The browser test on `paths`. Returns `{ passed, failed, failures: string[], results }`.
 * Options: `screenshotDir`, `quiet`, `renderWaitMs` (how long plots may take to draw after the run).
 * (JSDoc for the callers' type-check; this file itself is not `@ts-check`ed: most of it runs in the page.)
 * @param {string[]} paths
 * @param {{ screenshotDir?: string, quiet?: boolean, renderWaitMs?: number }} [options]
 * @returns {Promise<import("../../scripts/lib/checks.mjs").StageResult & { results: { rel: string, checks: import("../../scripts/lib/checks.mjs").Check[], seconds: number, plots: number }[] }>}
 */
export async function browserTest(paths, { screenshotDir = SCREENSHOT_DIR, quiet = false, renderWaitMs = 30000 } = {}) {
  const results = [];
  if (paths.length === 0) return { passed: 0, failed: 0, failures: [], results };
  const server = await startNotebookServer();
  let browser;
  try {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    for (const path of paths) {
      const result = await runNotebookInBrowser(context, server, path, screenshotDir, renderWaitMs);
      results.push(result);
      if (!quiet) {
        const ok = result.checks.every((c) => c.ok);
        console.log(`  ${ok ? "ok  " : "FAIL"} ${result.rel} (${result.plots} plot${result.plots === 1 ? "" : "s"}, ${result.seconds.toFixed(1)} s)`);
      }
    }
    await context.close();
  } finally {
    if (browser) await browser.close().catch(() => {});
    await server.stop();
  }
  let passed = 0;
  const failures = [];
  for (const result of results) {
    for (const check of result.checks) {
      if (check.ok) passed++;
      else failures.push(`${result.rel}: ${check.name}: ${check.detail}`);
    }
  }
  return { passed, failed: failures.length, failures, results };
}

if (isMain(import.meta.url)) {
  setupOrExit({ browser: true });
  const { listNotebooks } = await import("../../scripts/lib/notebook.mjs");
  const args = process.argv.slice(2);
  const paths = args.length > 0 ? args.map((p) => resolve(p)) : listNotebooks();
  console.log(`browser: ${paths.length} notebooks`);
  const { passed, failed, failures } = await browserTest(paths);
  for (const f of failures) console.log(`FAIL ${f}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
