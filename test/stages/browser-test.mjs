// The browser test: every notebook run in classic Jupyter Notebook in headless Chromium, the
// way a student sees it, and its plots checked in the page.
//
//   node test/stages/browser-test.mjs [NOTEBOOK...]   # default: notebooks/*.ipynb
//
// One Notebook server (127.0.0.1, free port, known token, the project's Jupyter env) and one
// Chromium for all notebooks, BROWSER_JOBS (2) notebooks at a time, each in its own page; the
// server is shut down at the end, also on failure. For each notebook: shut down any earlier
// session of it, open it (the page starts a fresh kernel), clear outputs, run all cells, wait
// until every code cell has run and the kernel is idle, then check (each a counted check):
//   0. the kernel is fresh (its id was not running before the notebook was opened);
//   1. every code cell ran (within the time limit);
//   2. no stderr or error output areas;
//   3. every plot output is a rendered plotly plot: the number of plot outputs (outputs with
//      plotly JSON, or `class="nnlib-figure"` divs in their HTML) equals the number of rendered
//      plots, each a `.js-plotly-plot` with a `.main-svg` and at least one trace element (SVG
//      trace, heatmap image, or the WebGL canvas of a 3-D plot);
//   4. (when the notebook has one) every live plot — `[data-nnlib-live]` — shows more than one
//      epoch: `data-nnlib-epochs` (set by nnlib's LivePlot) > 1 and a trace with > 1 point;
//   5. no uncaught JavaScript error in the page.
// BROWSER_TIMING=1 prints the seconds of each phase of each notebook.
// A full-page screenshot goes to screenshots/<notebook>.png. The browser cannot save the
// notebook: requests that would write it are blocked, so committed notebooks stay clean.

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { basename, join, relative, resolve } from "node:path";
import { isMain, setupOrExit } from "../../scripts/lib/cli.mjs";
import { PLOTLY_MIME, cellLabel, checkVerdicts } from "../../scripts/lib/notebook.mjs";
import { jupyterPython, testKernelEnv } from "../../scripts/run-notebooks.mjs";
import { jobsFrom, slots } from "../../scripts/lib/slots.mjs";
import { launchChromium as launchBrowser } from "../../scripts/chromium.mjs";
import { REPO } from "../../scripts/setup.mjs";

export const SCREENSHOT_DIR = join(REPO, "screenshots");
const CELL_TIMEOUT_MS = Number(process.env.NOTEBOOK_CELL_TIMEOUT ?? 300) * 1000;
/**
 * How many notebooks run at once in the browser (`BROWSER_JOBS`, default 2): each in its own page,
 * with its own kernel, on one server and one Chromium. A notebook is mostly its kernel's work,
 * one core; the course's machines have 2.
 */
export const BROWSER_JOBS = jobsFrom(process.env.BROWSER_JOBS, 2);
const TIMING = process.env.BROWSER_TIMING === "1";

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

/**
 * Starts classic Jupyter Notebook serving the whole repo. Returns `{ url, token, stop() }`.
 * `env` is added to the kernels' environment (the Russian edition's server: NNLIB_LANG=ru).
 */
export async function startNotebookServer({ python, env = {} } = {}) {
  const py = python ?? jupyterPython();
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
  const child = spawn(py, args, { cwd: REPO, env: { ...testKernelEnv(join(REPO, "test-output", "browser")), ...env }, stdio: ["ignore", "pipe", "pipe"] });
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
 * Shuts down the server's sessions (and so their kernels) of one notebook and returns the ids of
 * the kernels still running, so that the kernel the page is about to start can be told fresh.
 * @param {{ url: string, token: string }} server
 * @param {string} rel the notebook's path relative to the server's root
 * @returns {Promise<Set<string>>}
 */
async function clearSessions(server, rel) {
  const api = (/** @type {string} */ path, /** @type {RequestInit} */ init = {}) => fetch(`${server.url}/api/${path}?token=${server.token}`, init);
  /**
   * A list from the REST API. Notebook 6 can answer 500 while a kernel of the other notebook
   * running beside this one is being shut down (it lists a kernel that is gone): asked again.
   * @param {string} path
   */
  const list = async (path) => {
    let last = "";
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await api(path);
      const body = await response.text();
      try {
        const value = JSON.parse(body);
        if (response.ok && Array.isArray(value)) return value;
      } catch { /* not JSON: reported below */ }
      last = `HTTP ${response.status}: ${body.slice(0, 200)}`;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`GET /api/${path} gave no list 5 times; the last answer: ${last}`);
  };
  for (const session of await list("sessions")) {
    if ((session.path ?? session.notebook?.path) === rel) await api(`sessions/${session.id}`, { method: "DELETE" });
  }
  return new Set((await list("kernels")).map((k) => k.id));
}

/**
 * Runs one notebook in the page and returns `{ checks: [{ name, ok, detail }], seconds, screenshot }`.
 * The kernel is the one the page starts when it opens the notebook (any earlier session of the
 * notebook is shut down first): a fresh kernel, which is checked (its id is new).
 */
async function runNotebookInBrowser(context, server, path, screenshotDir, renderWaitMs, verdict) {
  const started = Date.now();
  const rel = relative(REPO, path).split("\\").join("/");
  const checks = [];
  const pageErrors = [];
  const phases = [];
  let mark = started;
  const phase = (name) => {
    const now = Date.now();
    phases.push(`${name} ${((now - mark) / 1000).toFixed(1)}`);
    mark = now;
  };
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
    const before = await clearSessions(server, rel);
    await page.goto(`${server.url}/notebooks/${rel.split("/").map(encodeURIComponent).join("/")}?token=${server.token}`, { waitUntil: "load", timeout: 120000 });
    await page.waitForFunction(() => window.Jupyter?.notebook?._fully_loaded === true && window.Jupyter.notebook.kernel, null, { timeout: 120000, polling: 100 });
    await page.evaluate(() => window.Jupyter.notebook.set_autosave_interval(0));
    phase("open");
    // The kernel the page started, once it is up; then run everything.
    await page.waitForFunction(() => window.Jupyter.notebook.kernel.is_connected() && document.querySelector("#kernel_indicator_icon")?.classList.contains("kernel_idle_icon"), null, { timeout: 120000, polling: 100 });
    const kernelId = await page.evaluate(() => window.Jupyter.notebook.kernel.id);
    checks.push({ name: "a fresh kernel", ok: typeof kernelId === "string" && !before.has(kernelId), detail: `kernel ${kernelId} was already running before the notebook was opened` });
    phase("kernel");
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
    phase("run");
    // Give the plot scripts time to draw (they poll until plotly.js is there).
    let report = await page.evaluate(pageReport, REPORT_ARGS);
    for (const deadline = Date.now() + renderWaitMs; Date.now() < deadline; ) {
      if (report.plots.length >= report.plotOutputs && report.plots.every((p) => p.rendered)) break;
      await sleep(500);
      report = await page.evaluate(pageReport, REPORT_ARGS);
    }
    await sleep(300);
    report = await page.evaluate(pageReport, REPORT_ARGS);
    phase("render");

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
    if (verdict) {
      // The exercise checks' verdicts as the page shows them (stdout: lenient checks print ✗ there).
      const cells = await page.evaluate(() =>
        window.Jupyter.notebook.get_cells().filter((c) => c.cell_type === "code").map((c) => ({
          cell_type: "code",
          source: c.get_text(),
          outputs: c.output_area.outputs.filter((o) => o.output_type === "stream").map((o) => ({ output_type: "stream", text: o.text })),
        })),
      );
      const verdicts = checkVerdicts({ cells });
      const wrong = verdicts.filter((v) => v.mark !== verdict);
      if (verdicts.length) checks.push({ name: `every check prints ${verdict} (${verdicts.length})`, ok: wrong.length === 0, detail: wrong.map((v) => `${v.id}: ${v.mark ?? "no verdict printed"}`).join("; ") });
    }
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
      phase("screenshot");
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
    if (TIMING) console.log(`  [timing] ${rel}: ${phases.join(", ")} s`);
  }
}

/**
 * One Jupyter Notebook server and one Chromium for many notebooks (started side by side), and
 * the slots that let `jobs` notebooks run at once. `close()` stops both.
 * @param {{ jobs?: number }} [options]
 */
/**
 * A Notebook server and Chromium for running notebooks. Options: `jobs` (pages at once), `env`
 * (added to the kernels' environment), `share` (another session whose Chromium and queue this one
 * uses: two servers — e.g. an English and a Russian one — with one browser and one limit).
 * @param {{ jobs?: number, env?: Record<string, string>, share?: { browser: any, slots: any } }} [options]
 */
export async function openBrowserSession({ jobs = BROWSER_JOBS, env = {}, share = undefined } = {}) {
  const [server, browser] = await Promise.allSettled([startNotebookServer({ env }), share ? Promise.resolve(share.browser) : launchChromium()]);
  if (server.status === "rejected" || browser.status === "rejected") {
    if (server.status === "fulfilled") await server.value.stop();
    if (browser.status === "fulfilled" && !share) await browser.value.close().catch(() => {});
    throw server.status === "rejected" ? server.reason : /** @type {PromiseRejectedResult} */ (browser).reason;
  }
  // One context (the pages share Jupyter's static files in its cache), a page per notebook.
  const context = await browser.value.newContext({ viewport: { width: 1280, height: 900 } });
  return {
    server: server.value,
    browser: browser.value,
    context,
    slots: share ? share.slots : slots(jobs),
    async close() {
      await context.close().catch(() => {});
      if (!share) await browser.value.close().catch(() => {});
      await server.value.stop();
    },
  };
}

/** @typedef {Awaited<ReturnType<typeof openBrowserSession>>} BrowserSession */

/**
 * The browser test on `paths`. Returns `{ passed, failed, failures: string[], results }`
 * (results in the order of `paths`).
 * Options: `session` (from `openBrowserSession`, shared by callers that run side by side; else
 * one is opened and closed here), `screenshotDir`, `quiet`, `renderWaitMs` (how long plots may
 * take to draw after the run).
 * (JSDoc for the callers' type-check; this file itself is not `@ts-check`ed: most of it runs in the page.)
 * @param {string[]} paths
 * @param {{ session?: BrowserSession, screenshotDir?: string, quiet?: boolean, renderWaitMs?: number, verdict?: "✓" | "✗" }} [options]
 *   `verdict`: every exercise check of each notebook must print it (lenient student copies: ✗)
 * @returns {Promise<import("../../scripts/lib/checks.mjs").StageResult & { results: { rel: string, checks: import("../../scripts/lib/checks.mjs").Check[], seconds: number, plots: number }[] }>}
 */
export async function browserTest(paths, { session, screenshotDir = SCREENSHOT_DIR, quiet = false, renderWaitMs = 30000, verdict = undefined } = {}) {
  if (paths.length === 0) return { passed: 0, failed: 0, failures: [], results: [] };
  const own = session ?? (await openBrowserSession());
  let results;
  try {
    results = await Promise.all(
      paths.map((path) =>
        own.slots.run(async () => {
          const result = await runNotebookInBrowser(own.context, own.server, path, screenshotDir, renderWaitMs, verdict);
          if (!quiet) {
            const ok = result.checks.every((c) => c.ok);
            console.log(`  ${ok ? "ok  " : "FAIL"} ${result.rel} (${result.plots} plot${result.plots === 1 ? "" : "s"}, ${result.seconds.toFixed(1)} s)`);
          }
          return result;
        }),
      ),
    );
  } finally {
    if (!session) await own.close();
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
