#!/usr/bin/env node
// @ts-check
// The browser edition's test (issue 24): the JupyterLite site built by `npm run lite`, served on
// 127.0.0.1 by lite/serve.mjs, driven in headless Chromium with every request to anywhere else
// refused (and counted: the site must need nothing from outside).
//
//   node test/stages/lite-test.mjs [NOTEBOOK...]   # default: 01-neuron, 06-cnn-filters (LITE_NOTEBOOKS)
//       --no-build   use the site/ already built
//
// Counted checks:
//   build      `npm run lite` builds site/ (lite/'s packages installed first when missing);
//   first cell the student copy of 01 opens from the file browser's contents and its first code
//              cell runs on the `tslab` kernel (the seconds from opening the page are printed);
//   per notebook, its solution copy (the code the notebook stage ran) put into the browser's
//   storage, opened and run cell by cell:
//     1. every code cell ran; no error output, no stderr stream;
//     2. as many figures as the notebook stage's executed copy (test-output/notebooks/), each drawn
//        by plotly (an svg with traces); as many live plots, each updated in place (one output
//        whose traces have more than one epoch);
//     3. as many exercise verdicts (`✓ …` lines) as the executed copy, all ✓;
//   edit      an edit of the student copy, saved, is there after the page is reloaded;
//   download  the notebook menu's Download gives an .ipynb that the grader accepts
//             (scripts/grade.mjs on notebook 08, --train-limit 300: exit 0 or 1, not 2 = invalid);
//   offline   no request left the static server.
// Screenshots: screenshots/lite-<notebook>.png. LITE_TIMING=1 prints each notebook's seconds.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import { basename, join } from "node:path";
import { launchChromium } from "../../scripts/chromium.mjs";
import { isMain } from "../../scripts/lib/cli.mjs";
import { PLOTLY_MIME, readNotebook } from "../../scripts/lib/notebook.mjs";
import { releaseNotebook } from "../../scripts/release.mjs";
import { REPO } from "../../scripts/setup.mjs";
import { buildSite } from "../../lite/build.mjs";
import { serveSite } from "../../lite/serve.mjs";

/**
 * The notebooks npm test runs in JupyterLite: 01 (the first a student opens: exercises, 30 figures)
 * and 06 (the heaviest: convolutions on the WebAssembly kernels, a CNN trained with the live plot).
 * 04 ran here too until npm test neared its 15 minutes; `npm run test:lite -- notebooks/04-backprop.ipynb`
 * runs it (its dense digit training is 06's dense head; Node runs it in the notebook stage).
 */
export const LITE_NOTEBOOKS = ["01-neuron.ipynb", "06-cnn-filters.ipynb"];
const EXECUTED_DIR = join(REPO, "test-output", "notebooks");
const SCREENSHOTS = join(REPO, "screenshots");
const NOTEBOOK_TIMEOUT_MS = Number(process.env.LITE_NOTEBOOK_TIMEOUT ?? 900) * 1000;
const VERDICT = /^[✓✗] \S+ — /;
/** Notebooks run at once, each in its own tab (`LITE_JOBS`, default 2: the machines have 2 cores). */
const LITE_JOBS = Math.max(1, Number(process.env.LITE_JOBS ?? 2) || 2);

/** Figures and verdict lines of a notebook's outputs (nbformat JSON), counted as the browser stage counts them. */
/** @param {any[]} cells nbformat cells */
export function countOutputs(cells) {
  let figures = 0;
  const verdicts = [];
  const problems = [];
  let notRun = 0;
  /** Points of each live plot's longest trace. */
  const live = [];
  for (const cell of cells) {
    if (cell.cell_type !== "code") continue;
    const source = Array.isArray(cell.source) ? cell.source.join("") : String(cell.source);
    if (source.trim() !== "" && cell.execution_count == null) notRun += 1;
    for (const output of cell.outputs ?? []) {
      if (output.output_type === "error") problems.push(`${output.ename}: ${output.evalue}`);
      if (output.output_type === "stream" && output.name === "stderr") problems.push(`stderr: ${[output.text].flat().join("").slice(0, 500)}`);
      if (output.output_type === "stream" && output.name === "stdout") {
        for (const line of [output.text].flat().join("").split("\n")) if (VERDICT.test(line)) verdicts.push(line);
      }
      const figure = output.data?.[PLOTLY_MIME];
      if (figure !== undefined) {
        figures += 1;
        // A live plot (nnlib's LivePlot) must have been updated in place: more than one epoch drawn.
        if (output.metadata?.nnlib?.live === true) {
          const points = Math.max(0, ...(figure.data ?? []).map((/** @type {any} */ t) => (t.x ?? t.y ?? []).length ?? 0));
          live.push(points);
        }
      }
    }
  }
  return { figures, verdicts, problems, notRun, live };
}

/** Waits until the page's JupyterLab has started and listed the contents. */
/** @param {import("playwright-core").Page} page */
async function waitForLab(page) {
  await page.waitForFunction(() => /** @type {any} */ (window).jupyterapp?.shell !== undefined && document.querySelector(".jp-DirListing-item") !== null, null, { timeout: 180_000 });
}

/**
 * In the page: opens `path`, waits for its tslab kernel, runs `run` ("all" or the first code cell)
 * and returns the notebook's cells as nbformat JSON, plus what the page shows of its figures.
 */
/**
 * @param {import("playwright-core").Page} page
 * @param {string} path
 * @param {"all" | "first"} run
 * @param {number} timeoutMs
 * @returns {Promise<{ kernelName: string | null, seconds: number, cellSeconds: Record<string, number>, cells: any[], plots: { drawn: boolean }[] }>}
 */
async function openAndRun(page, path, run, timeoutMs) {
  return page.evaluate(
    async ({ path, run, timeoutMs }) => {
      const app = /** @type {any} */ (window).jupyterapp;
      const widget = await app.commands.execute("docmanager:open", { path, factory: "Notebook" });
      await widget.context.ready;
      await widget.sessionContext.ready;
      app.shell.activateById(widget.id);
      const notebook = widget.content;
      const kernelName = widget.sessionContext.session?.kernel?.name ?? null;
      const started = performance.now();
      // Not awaited: the loop below watches the cells finish one by one.
      if (run === "all") {
        void app.commands.execute("notebook:run-all-cells");
      } else {
        notebook.activeCellIndex = notebook.widgets.findIndex((/** @type {any} */ c) => c.model.type === "code");
        void app.commands.execute("notebook:run-cell");
      }
      await new Promise((r) => setTimeout(r, 200));
      // Wait until every cell asked to run has an execution count and the kernel is idle.
      const deadline = performance.now() + timeoutMs;
      const pending = () =>
        notebook.widgets.filter((/** @type {any} */ c, /** @type {number} */ i) => c.model.type === "code" && c.model.sharedModel.getSource().trim() !== "" && (run === "all" || i === notebook.activeCellIndex) && c.model.executionCount == null).length;
      // Each cell's seconds: from the previous cell's end (or the start) to its own (polled every 100 ms).
      /** @type {Record<string, number>} */
      const cellSeconds = {};
      let last = started;
      const done = new Set();
      const note = () => {
        notebook.widgets.forEach((/** @type {any} */ c, /** @type {number} */ i) => {
          if (c.model.type !== "code" || done.has(i) || c.model.executionCount == null) return;
          done.add(i);
          const now = performance.now();
          cellSeconds[c.model.id] = Math.round((now - last) / 100) / 10;
          last = now;
        });
      };
      while ((pending() > 0 || widget.sessionContext.session?.kernel?.status !== "idle") && performance.now() < deadline) {
        note();
        await new Promise((r) => setTimeout(r, 100));
      }
      note();
      const seconds = (performance.now() - started) / 1000;
      const plots = [...widget.node.querySelectorAll(".nnlib-plotly")].map((el) => ({
        drawn: el.classList.contains("js-plotly-plot") && el.querySelector(".main-svg") !== null && el.querySelectorAll(".scatterlayer .trace, .heatmaplayer image, .barlayer .trace, image, canvas, .surface").length > 0,
      }));
      return { kernelName, seconds, cellSeconds, cells: notebook.model.toJSON().cells, plots };
    },
    { path, run, timeoutMs },
  );
}

/** The solution copy of `name` (the code the notebook stage runs, without the release markers). */
/** @param {string} name */
function solutionCopy(name) {
  return releaseNotebook(readNotebook(join(REPO, "notebooks", name))).solution;
}

/**
 * @param {string[]} notebooks names in notebooks/
 * @param {{ build?: boolean }} [options]
 * @returns {Promise<{ passed: number, failed: number, failures: string[], note: string, timings: Record<string, number> }>}
 */
export async function liteTest(notebooks = LITE_NOTEBOOKS, { build = true } = {}) {
  let passed = 0;
  /** @type {string[]} */
  const failures = [];
  /** @type {Record<string, number>} */
  const timings = {};
  const check = (/** @type {boolean} */ ok, /** @type {string} */ what) => {
    if (ok) passed += 1;
    else failures.push(what);
    return ok;
  };
  // Timings move with the machine's load: every line says the load average (1 min) it was taken at.
  const log = (/** @type {string} */ line) => console.log(`lite-test: ${line} (load ${loadavg()[0].toFixed(1)})`);

  if (build) {
    const started = Date.now();
    try {
      await buildSite();
      check(true, "");
    } catch (error) {
      check(false, `npm run lite failed: ${error instanceof Error ? error.message : String(error)}`);
      return { passed, failed: failures.length, failures, note: "build failed", timings };
    }
    timings.build = (Date.now() - started) / 1000;
  }
  /** @type {string[]} */
  const refused = [];
  const server = await serveSite();
  const browser = await launchChromium();
  try {
    // Service workers blocked so that every request of the page and its workers meets the route below.
    // Every tab in a context of its own: tabs of one site in one context share a renderer
    // process, and so one main thread, which would make two notebooks run one after the other.
    const newContext = async () => {
      const context = await browser.newContext({ acceptDownloads: true, serviceWorkers: "block", viewport: { width: 1400, height: 1000 } });
      await context.route("**/*", (route) => {
        const url = route.request().url();
        if (url.startsWith(server.url) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
        refused.push(url);
        return route.abort("blockedbyclient");
      });
      return context;
    };
    const context = await newContext();
    const page = await context.newPage();
    /** @type {string[]} */
    const pageErrors = [];
    let phase = "opening the site";
    const onPageError = (/** @type {any} */ e) => {
      // Blocking service workers (above) makes JupyterLite's registration promise reject without a
      // reason, once per page load: that one, and only that one, is expected.
      // (Playwright turns that `undefined` into an Error whose message is "undefined", without a stack.)
      if (e === undefined || e === null || (e?.message === "undefined" && !/\n\s+at /.test(String(e?.stack ?? "")))) return;
      pageErrors.push(`while ${phase}: ${String(e?.stack || e?.message || e?.name || e).slice(0, 500)}`);
    };
    page.on("pageerror", onPageError);

    // The student's first minutes: open the site, open 01 from the contents, run its first cell.
    const opened = Date.now();
    await page.goto(`${server.url}lab/index.html`);
    await waitForLab(page);
    phase = "running the first cell of 01";
    const first = await openAndRun(page, "01-neuron.ipynb", "first", 300_000);
    timings.firstCell = (Date.now() - opened) / 1000;
    const firstCounts = countOutputs(first.cells);
    check(first.kernelName === "tslab", `01-neuron.ipynb (student copy) opened with kernel ${first.kernelName}, expected tslab`);
    check(firstCounts.problems.length === 0 && first.cells.some((/** @type {any} */ c) => c.cell_type === "code" && c.execution_count === 1),
      `01-neuron.ipynb (student copy): the first code cell did not run cleanly: ${firstCounts.problems.join("; ")}`);
    log(`page opened → first cell of 01 executed: ${timings.firstCell.toFixed(1)} s`);
    await page.evaluate(async () => {
      const widget = /** @type {any} */ (window).jupyterapp.shell.currentWidget;
      await widget?.sessionContext?.shutdown();
      widget?.dispose();
    });

    /** Runs the solution copy of `name` in `page` and checks it. */
    const runSolution = async (/** @type {import("playwright-core").Page} */ page, /** @type {string} */ name) => {
      const executedPath = join(EXECUTED_DIR, name);
      if (!check(existsSync(executedPath), `${name}: no executed copy ${executedPath}; run the notebook stage first (node scripts/run-notebooks.mjs notebooks/${name})`)) return;
      const expected = countOutputs(JSON.parse(readFileSync(executedPath, "utf8")).cells);
      const path = `solution-${name}`;
      await page.evaluate(async (/** @type {{ path: string, content: any }} */ { path, content }) => {
        await /** @type {any} */ (window).jupyterapp.serviceManager.contents.save(path, { type: "notebook", format: "json", content });
      }, { path, content: solutionCopy(name) });
      phase = `running ${name}`;
      const run = await openAndRun(page, path, "all", NOTEBOOK_TIMEOUT_MS);
      timings[name] = run.seconds;
      const got = countOutputs(run.cells);
      check(got.notRun === 0, `${name}: ${got.notRun} code cells did not run (within ${NOTEBOOK_TIMEOUT_MS / 1000} s)`);
      check(got.problems.length === 0, `${name}: kernel errors or stderr: ${got.problems.slice(0, 3).join(" | ")}`);
      check(got.figures === expected.figures, `${name}: ${got.figures} figures in the browser, ${expected.figures} in the notebook stage's executed copy`);
      const drawn = run.plots.filter((/** @type {{ drawn: boolean }} */ p) => p.drawn).length;
      check(run.plots.length === got.figures && drawn === got.figures, `${name}: ${drawn} of ${got.figures} figures drawn by plotly (${run.plots.length} plot outputs in the page)`);
      check(got.live.length === expected.live.length && got.live.every((points) => points > 1),
        `${name}: live plots updated in place: ${got.live.length} with ${got.live.join(", ")} points (the executed copy: ${expected.live.length})`);
      check(got.verdicts.length === expected.verdicts.length && got.verdicts.every((v) => v.startsWith("✓")),
        `${name}: verdicts in the browser: ${got.verdicts.length} (${got.verdicts.filter((v) => !v.startsWith("✓")).join("; ")}), in the executed copy: ${expected.verdicts.length}`);
      const slowest = Object.entries(run.cellSeconds).sort((a, b) => b[1] - a[1])[0];
      if (slowest !== undefined) timings[`${name} ${slowest[0]}`] = slowest[1];
      log(`${name}: ${run.seconds.toFixed(1)} s, ${got.figures} figures, ${got.verdicts.length} verdicts, ${got.problems.length} problems; slowest cell ${slowest?.[0]}: ${slowest?.[1]} s`);
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `lite-${basename(name, ".ipynb")}.png`) });
      // Its kernel shut down (a worker with the digits in memory), the tab closed without a save dialog.
      phase = `closing ${name}`;
      await page.evaluate(async () => {
        const widget = /** @type {any} */ (window).jupyterapp.shell.currentWidget;
        await widget?.sessionContext?.shutdown();
        widget?.dispose();
      });
    };

    // LITE_JOBS notebooks at a time (default 2, the machine's cores), each in a tab (and a browser
    // context, so a storage) of its own. Longest (06) first.
    phase = "opening tabs for the notebooks";
    const queue = [...notebooks].sort((a, b) => (b.startsWith("06") ? 1 : 0) - (a.startsWith("06") ? 1 : 0));
    const jobs = await Promise.all(
      Array.from({ length: Math.min(LITE_JOBS, queue.length) }, async () => {
        const jobContext = await newContext();
        const jobPage = await jobContext.newPage();
        jobPage.on("pageerror", onPageError);
        await jobPage.goto(`${server.url}lab/index.html`);
        await waitForLab(jobPage);
        return { jobContext, jobPage };
      }),
    );
    await Promise.all(jobs.map(async ({ jobPage }) => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) await runSolution(jobPage, name);
    }));
    for (const { jobContext } of jobs) await jobContext.close();

    // A student's edit is kept by the browser's storage across a reload.
    phase = "editing 02 and reloading";
    const marker = `// edited in the browser ${Date.now()}`;
    await page.evaluate(async ({ marker }) => {
      const app = /** @type {any} */ (window).jupyterapp;
      const widget = await app.commands.execute("docmanager:open", { path: "02-matrices.ipynb", factory: "Notebook" });
      await widget.context.ready;
      const cell = widget.content.model.cells.get(widget.content.widgets.findIndex((/** @type {any} */ c) => c.model.type === "code"));
      cell.sharedModel.setSource(`${marker}\n${cell.sharedModel.getSource()}`);
      await widget.context.save();
    }, { marker });
    await page.reload();
    await waitForLab(page);
    const kept = await page.evaluate(async () => {
      const model = await /** @type {any} */ (window).jupyterapp.serviceManager.contents.get("02-matrices.ipynb", { content: true });
      return model.content.cells.find((/** @type {any} */ c) => c.cell_type === "code")?.source ?? "";
    });
    check(String(kept).startsWith(marker), `an edit of 02-matrices.ipynb was not kept across a reload (first code cell now starts: ${String(kept).slice(0, 80)})`);

    // The notebook menu's Download gives the .ipynb to hand in; the grader accepts it.
    phase = "downloading 08";
    const downloadDir = join(REPO, "test-output", "lite");
    rmSync(downloadDir, { recursive: true, force: true });
    mkdirSync(downloadDir, { recursive: true });
    await page.evaluate(async () => {
      const widget = await /** @type {any} */ (window).jupyterapp.commands.execute("docmanager:open", { path: "08-homework.ipynb", factory: "Notebook" });
      await widget.context.ready;
      /** @type {any} */ (window).jupyterapp.shell.activateById(widget.id);
    });
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), page.evaluate(() => /** @type {any} */ (window).jupyterapp.commands.execute("docmanager:download"))]);
    const saved = join(downloadDir, download.suggestedFilename());
    await download.saveAs(saved);
    const grade = spawnSync(process.execPath, [join(REPO, "scripts", "grade.mjs"), saved, "--train-limit", "300", "--timeout", "300"], { encoding: "utf8" });
    check(download.suggestedFilename() === "08-homework.ipynb" && (grade.status === 0 || grade.status === 1),
      `the downloaded ${download.suggestedFilename()} was not accepted by the grader (exit ${grade.status}): ${(grade.stdout + grade.stderr).slice(-600)}`);
    log(`download: ${download.suggestedFilename()} graded, exit ${grade.status}: ${grade.stdout.trim().split("\n").slice(-1)[0] ?? ""}`);

    check(pageErrors.length === 0, `uncaught errors in the page: ${pageErrors.slice(0, 3).join(" | ")}`);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
  check(refused.length === 0, `requests outside the site (refused): ${[...new Set(refused)].slice(0, 5).join(", ")}`);
  const note = `${notebooks.length} notebooks in JupyterLite, first cell ${timings.firstCell?.toFixed(1)} s`;
  return { passed, failed: failures.length, failures, note, timings };
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith("--")).map((a) => basename(a));
  const result = await liteTest(names.length > 0 ? names : LITE_NOTEBOOKS, { build: !args.includes("--no-build") });
  for (const f of result.failures) console.log(`FAIL ${f}`);
  if (process.env.LITE_TIMING === "1") console.log(JSON.stringify(result.timings));
  console.log(`${result.passed} passed, ${result.failed} failed`);
  process.exit(result.failed === 0 ? 0 : 1);
}
