// @ts-check
// The JupyterLab 4 rendering test: every executed notebook's saved outputs rendered by JupyterLab
// 4's own output code in headless Chromium, offline, as a student with JupyterLab 4 or Notebook 7
// sees them.
//
//   node test/stages/lab-test.mjs [EXECUTED_NOTEBOOK...]   # default: test-output/notebooks/*.ipynb
//
// The front end (test/lab/src/lab-render.js) is @jupyterlab/outputarea and @jupyterlab/rendermime
// 4.6 with the standard renderers, and jupyterlab-plotly's mime renderer for the plotly MIME type,
// bundled by esbuild into test-output/lab/. Its npm packages live in test/lab/ (own package.json
// and lock file): this stage installs them there (`npm ci`, once), so that the students' `npm ci`
// does not carry a test-only front end.
//
// Each notebook is rendered in two ways (MODES), each page offline (every request that is not
// a local file is refused), with its outputs trusted (as after running the cells):
//   lab           no plotly extension: the figures' HTML fallback draws them with the plotly.js
//                 embedded in the notebook's first figure (the course's plotly.js 3);
//   lab+plotly    jupyterlab-plotly 5.24.1's renderer with its own plotly.js, 2.35 (plotly.py 5's
//                 extension; VS Code's notebook renderer also bundles plotly.js 2.x).
// So every figure is drawn with plotly.js 3 and with 2.35. `LAB_MODES=all` adds lab+plotly3, the
// same renderer on plotly.js 3 (as plotly.py 6's extension bundles it): the renderer's code is the
// same, so npm test leaves it out.
// Checks (each counted), per notebook and way:
//   1. the outputs render (no exception, no "Javascript Error" output from a renderer);
//   2. every figure draws: as many drawn plotly plots (`.main-svg` and a trace) as the notebook
//      has figure outputs (counted as the export stage counts them), each rendered by the plotly
//      extension when it is there;
//   3. every figure's JSON is valid for that way's plotly.js (3, or 2.35), by `Plotly.validate`:
//      an attribute one version does not know is silently dropped, so the figure would look
//      different there;
//   4. every live training plot shows its final state: all its epochs drawn and its progress line
//      ("epoch N/N · … · done") visible in the output;
//   5. every autograd graph's SVG shows (nodes with a size);
//   6. no uncaught JavaScript error in the page.
// And a self-test: test/stages/fixtures/lab/classic-only.ipynb, whose figures classic Notebook draws but
// JupyterLab 4 cannot, must fail checks 2 to 6 in each way.
// LAB_SCREENSHOTS=1 saves a full-page screenshot of each page in test-output/lab/screenshots/.

import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { TRACE_SELECTOR, launchChromium } from "./browser-test.mjs";
import { EXECUTED_DIR, countPlotOutputs, listExecuted } from "./export-test.mjs";
import { isMain } from "../../scripts/lib/cli.mjs";
import { PLOTLY_MIME, readNotebook, sourceText } from "../../scripts/lib/notebook.mjs";
import { jobsFrom, slots } from "../../scripts/lib/slots.mjs";
import { REPO, ensureNodeModules } from "../../scripts/setup.mjs";

/** The test front end's own npm package (package.json, package-lock.json, src/). */
export const LAB_DIR = join(REPO, "test", "lab");
/** Where the bundle, its page and the plotly.js files go. */
export const BUNDLE_DIR = join(REPO, "test-output", "lab");
export const FIXTURE = join(REPO, "test", "stages", "fixtures", "lab", "classic-only.ipynb");
/** Pages rendered at once (`LAB_JOBS`, default 2: the course's machines have 2 cores). */
export const LAB_JOBS = jobsFrom(process.env.LAB_JOBS, 2);
const pageSlots = slots(LAB_JOBS);

/**
 * The ways a notebook is rendered: without the plotly extension, and with jupyterlab-plotly's
 * renderer. `plotlyFile` is the plotly.js the figures are validated with, and the one the
 * extension draws with (without the extension the notebook's own embedded plotly.js draws).
 * @typedef {{ name: string, label: string, plotlyExtension: boolean, plotlyFile: string }} Mode
 * @type {Mode[]}
 */
export const ALL_MODES = [
  { name: "lab", label: "JupyterLab 4 without the plotly extension (the HTML fallback, plotly.js 3)", plotlyExtension: false, plotlyFile: "plotly-3.min.js" },
  { name: "lab+plotly", label: "JupyterLab 4 with jupyterlab-plotly 5.24 and plotly.js 2.35", plotlyExtension: true, plotlyFile: "plotly-2.min.js" },
  { name: "lab+plotly3", label: "JupyterLab 4 with jupyterlab-plotly and the course's plotly.js 3", plotlyExtension: true, plotlyFile: "plotly-3.min.js" },
];
/** The ways npm test renders (`LAB_MODES=all`: every way of ALL_MODES). */
export const MODES = process.env.LAB_MODES === "all" ? ALL_MODES : ALL_MODES.slice(0, 2);

/** @typedef {import("../../scripts/lib/checks.mjs").StageResult} StageResult */
/** @typedef {import("../../scripts/lib/notebook.mjs").Notebook} Notebook */

/**
 * What a notebook's outputs promise, per code cell (numbered among code cells from 1): its
 * figures in order (name, live plot state from the HTML markers) and its autograd graphs.
 * @typedef {{ cell: number, name: string, live: boolean, epochs?: number, total?: number, caption?: string, json?: { data: unknown[], layout: object } }} ExpectedFigure
 * @param {Notebook} nb
 * @returns {{ figures: ExpectedFigure[], graphs: number, plotOutputs: number }}
 */
export function expectedOutputs(nb) {
  /** @type {ExpectedFigure[]} */
  const figures = [];
  let graphs = 0;
  let number = 0;
  for (const cell of nb.cells ?? []) {
    if (cell.cell_type !== "code") continue;
    number += 1;
    for (const output of cell.outputs ?? []) {
      const data = output.data ?? {};
      const html = sourceText(data["text/html"]);
      if (/class="nnlib-graph"/.test(html)) graphs += 1;
      const divs = [...html.matchAll(/<div ([^>]*class="nnlib-figure"[^>]*)>/g)].map((m) => m[1]);
      const json = data[PLOTLY_MIME];
      if (divs.length === 0 && json === undefined) continue;
      for (const attributes of divs.length > 0 ? divs : [""]) {
        const attr = (/** @type {string} */ name) => attributes.match(new RegExp(`${name}="([^"]*)"`))?.[1];
        const live = attr("data-nnlib-live") === "1";
        /** @type {ExpectedFigure} */
        const figure = { cell: number, name: attr("data-nnlib-figure") ?? output.metadata?.nnlib?.name ?? "(unnamed)", live };
        if (json !== undefined) figure.json = json;
        if (live) {
          figure.epochs = Number(attr("data-nnlib-epochs"));
          figure.total = Number(attr("data-nnlib-epochs-total"));
          const caption = sourceText(data["text/plain"]).trim();
          if (caption !== "") figure.caption = caption;
        }
        figures.push(figure);
      }
    }
  }
  return { figures, graphs, plotOutputs: countPlotOutputs(nb) };
}

/**
 * The notebook as a Jupyter server hands it to JupyterLab: nbformat's `reads` joins every
 * multi-line string of the file (a cell's source, a stream's text, each non-JSON MIME value) into
 * one string (`rejoin_lines` in nbformat/v4/rwbase.py). JupyterLab's renderers expect that form
 * (`String(["a", "b"])` would be `"a,b"`). Returns a new notebook; `nb` is left as it is.
 * @param {Notebook} nb
 * @returns {Notebook}
 */
export function rejoinLines(nb) {
  const join = (/** @type {unknown} */ v) => (Array.isArray(v) && v.every((l) => typeof l === "string") ? v.join("") : v);
  const isJson = (/** @type {string} */ mime) => mime === "application/json" || /^application\/.+\+json$/.test(mime);
  return {
    ...nb,
    cells: (nb.cells ?? []).map((cell) => ({
      ...cell,
      source: /** @type {string} */ (join(cell.source)),
      ...(cell.outputs === undefined
        ? {}
        : {
            outputs: cell.outputs.map((output) => {
              if (output.data !== undefined) {
                return { ...output, data: Object.fromEntries(Object.entries(output.data).map(([mime, v]) => [mime, isJson(mime) ? v : join(v)])) };
              }
              return output.text === undefined ? output : { ...output, text: /** @type {string} */ (join(output.text)) };
            }),
          }),
    })),
  };
}

/** The notebooks written as scripts for the pages, by path (each written once per process). */
const notebookScripts = new Map();

/**
 * The notebook, as the Jupyter server hands it over (`rejoinLines`), written to
 * test-output/lab/notebooks/ as a script that sets `window.__labNotebook`; its file name relative
 * to the page.
 * @param {string} path
 * @param {Notebook} nb
 * @returns {string}
 */
function notebookScriptFor(path, nb) {
  let name = notebookScripts.get(path);
  if (name === undefined) {
    name = `notebooks/${notebookScripts.size}-${basename(path, ".ipynb")}.js`;
    mkdirSync(join(BUNDLE_DIR, "notebooks"), { recursive: true });
    writeFileSync(join(BUNDLE_DIR, name), `window.__labNotebook = ${JSON.stringify(rejoinLines(nb))};\n`);
    notebookScripts.set(path, name);
  }
  return name;
}

/**
 * The test front end's packages in test/lab/node_modules (`npm ci` there when missing or older
 * than its lock file). Returns what was done, for the log.
 */
export function ensureLabPackages() {
  return ensureNodeModules(LAB_DIR, "@jupyterlab/outputarea", "lab-test");
}

/**
 * Bundles test/lab/src/lab-render.js with esbuild into BUNDLE_DIR, with its page (index.html) and
 * the two plotly.js files the extension modes load. Returns the page's file URL.
 * @returns {Promise<string>}
 */
export async function buildLabBundle() {
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const labRequire = createRequire(join(LAB_DIR, "package.json"));
  const rootRequire = createRequire(join(REPO, "package.json"));
  /** @type {any} */
  const esbuild = await import(pathToFileURL(labRequire.resolve("esbuild")).href);
  await esbuild.build({
    entryPoints: [join(LAB_DIR, "src", "lab-render.js")],
    bundle: true,
    format: "iife",
    minify: process.env.LAB_MINIFY !== "0", // LAB_MINIFY=0: readable names in a CPU profile
    outfile: join(BUNDLE_DIR, "lab-render.js"),
    logLevel: "warning",
    // JupyterLab's packages import their icons as SVG text and CSS with webpack's `~package` form.
    loader: { ".svg": "text", ".woff": "dataurl", ".woff2": "dataurl", ".ttf": "dataurl", ".png": "dataurl", ".gif": "dataurl" },
    define: { "process.env.NODE_ENV": '"production"' },
    plugins: [
      {
        name: "lab-render",
        setup(/** @type {any} */ build) {
          build.onResolve({ filter: /^~/ }, (/** @type {any} */ args) => build.resolve(args.path.slice(1), { kind: args.kind, resolveDir: args.resolveDir }));
          // jupyterlab-plotly's `import("plotly.js/dist/plotly")`: the plotly.js the page loaded.
          build.onResolve({ filter: /^plotly\.js\/dist\/plotly$/ }, () => ({ path: join(LAB_DIR, "src", "plotly-shim.cjs") }));
        },
      },
    ],
  });
  copyFileSync(labRequire.resolve("plotly.js-dist-min-2/plotly.min.js"), join(BUNDLE_DIR, "plotly-2.min.js"));
  copyFileSync(rootRequire.resolve("plotly.js-dist-min/plotly.min.js"), join(BUNDLE_DIR, "plotly-3.min.js"));
  const page = join(BUNDLE_DIR, "index.html");
  writeFileSync(
    page,
    `<!doctype html>\n<html><head><meta charset="utf-8"><title>JupyterLab 4 outputs</title>\n<link rel="stylesheet" href="lab-render.css">\n<script src="lab-render.js"></script>\n</head><body></body></html>\n`,
  );
  return pathToFileURL(page).href;
}

/**
 * Runs in the page: every figure of the rendered outputs, by cell, in page order, with what the
 * checks need; the autograd graphs; renderer errors.
 * @param {{ traceSelector: string, live: { cell: number, k: number }[] }} args
 */
function pageState({ traceSelector }) {
  const figures = [...document.querySelectorAll(".lab-cell .nnlib-figure, .lab-cell .jp-RenderedPlotly")].map((el) => {
    const section = /** @type {HTMLElement} */ (el.closest(".lab-cell"));
    const gd = /** @type {any} */ (el);
    const data = Array.isArray(gd.data) ? gd.data : [];
    const points = data.map((/** @type {any} */ t) => {
      const series = t.x ?? t.y ?? t.z ?? [];
      return series && typeof series.length === "number" ? series.length : 0;
    });
    return {
      cell: Number(section.dataset.cell),
      byExtension: el.classList.contains("jp-RenderedPlotly"),
      name: el.getAttribute("data-nnlib-figure"),
      rendered: el.classList.contains("js-plotly-plot") && el.querySelector(".main-svg") !== null && el.querySelectorAll(traceSelector).length > 0,
      maxPoints: points.length > 0 ? Math.max(...points) : 0,
      // The figure's drawn text (titles, labels, annotations): not the output's textContent, which
      // holds the 4.8 MB of plotly.js embedded in the first figure's script.
      text: [...el.querySelectorAll("svg text")].map((t) => t.textContent ?? "").join(" ").replace(/\s+/g, " "),
    };
  });
  const graphs = [...document.querySelectorAll(".lab-cell .nnlib-graph")].map((el) => {
    const svg = el.querySelector("svg");
    const nodes = svg ? [...svg.querySelectorAll("g.node")] : [];
    const sized = nodes.filter((n) => {
      const box = /** @type {SVGGraphicsElement} */ (n).getBBox();
      return box.width > 0 && box.height > 0;
    }).length;
    return { svg: svg !== null, nodes: nodes.length, sized, width: svg?.getBoundingClientRect().width ?? 0 };
  });
  const rendererErrors = [...document.querySelectorAll('.lab-cell [data-mime-type="application/vnd.jupyter.stderr"]')].map((el) => (el.textContent ?? "").slice(0, 300));
  return { figures, graphs, rendererErrors };
}

/**
 * Runs in the page (extension modes): `Plotly.validate` of each figure's JSON with the plotly.js
 * the extension uses; an entry per figure (its index among `specs`) with problems. Problems are
 * what that plotly.js would drop or refuse — an unknown attribute, a value out of its domain, a
 * trace made invisible — not its notes on attributes that are set but unused (a marker on a
 * lines-only trace, a grid colour with the grid off).
 * plotly.js 2.35 and 3.x throw in `validate` on a `legend` they do not coerce (the layout's
 * container when no trace shows a legend, a trace's `legend` when it has none): the figure is
 * validated without them, and the layout's `legend` by its keys against the schema.
 * @param {{ index: number, data: any[], layout: any }[]} specs
 */
function pageValidate(specs) {
  const Plotly = /** @type {any} */ (window).__labPlotly ?? /** @type {any} */ (window).Plotly;
  const problems = new Set(["schema", "object", "array", "value", "invisible"]);
  /**
   * Keys of `value` that the schema container `node` does not have (recursively), as messages.
   * @param {any} value
   * @param {any} node
   * @param {string} path
   * @returns {string[]}
   */
  function unknownKeys(value, node, path) {
    return Object.keys(value).flatMap((key) => {
      const child = node?.[key];
      if (child === undefined) return [`In layout, key ${path}.${key} is not part of the schema`];
      const nested = value[key];
      return nested !== null && typeof nested === "object" && !Array.isArray(nested) && child.valType === undefined ? unknownKeys(nested, child, `${path}.${key}`) : [];
    });
  }
  const legendSchema = Plotly.PlotSchema.get().layout.layoutAttributes.legend;
  return specs
    .map(({ index, data, layout }) => {
      let errors;
      try {
        const { legend, ...rest } = layout;
        const traces = data.map((/** @type {any} */ trace) => {
          const { legend: _legend, ...other } = trace;
          return other;
        });
        errors = (Plotly.validate(traces, rest) ?? []).filter((/** @type {any} */ e) => problems.has(e.code)).map((/** @type {any} */ e) => String(e.msg));
        if (legend !== undefined) errors.push(...unknownKeys(legend, legendSchema, "legend"));
      } catch (error) {
        errors = [`Plotly.validate threw: ${/** @type {Error} */ (error).message}`];
      }
      return { index, errors };
    })
    .filter((r) => r.errors.length > 0);
}

/**
 * Renders one executed notebook in one mode and returns its checks.
 * @param {PagePool} pages
 * @param {string} path
 * @param {Mode} mode
 * @param {{ renderWaitMs: number, screenshotDir?: string }} options
 * @returns {Promise<{ checks: import("../../scripts/lib/checks.mjs").Check[], summary: string, seconds: number }>}
 */
async function renderOne(pages, path, mode, { renderWaitMs, screenshotDir }) {
  const nb = readNotebook(path);
  const notebookScript = notebookScriptFor(path, nb);
  const expected = expectedOutputs(nb);
  /** @type {import("../../scripts/lib/checks.mjs").Check[]} */
  const checks = [];
  const started = Date.now();
  const { page, errors: pageErrors, release } = await pages.open(mode);
  try {
    /** @type {string | undefined} */
    let renderError;
    try {
      await page.evaluate(
        async ([script, plotlyExtension]) => {
          const w = /** @type {any} */ (window);
          await w.labRender.loadScript(script);
          w.labRender.render(w.__labNotebook, { plotlyExtension, trusted: true });
          return null;
        },
        /** @type {[string, boolean]} */ ([notebookScript, mode.plotlyExtension]),
      );
    } catch (error) {
      renderError = String(/** @type {Error} */ (error).message ?? error).slice(0, 500);
    }
    const args = { traceSelector: TRACE_SELECTOR, live: [] };
    // Until every figure has drawn (or the time is up), by a cheap test in the page (no layout,
    // nothing sent back); then the whole state once.
    await page
      .waitForFunction(
        ([count, selector]) => {
          const figures = [...document.querySelectorAll(".lab-cell .nnlib-figure, .lab-cell .jp-RenderedPlotly")];
          return figures.length >= count && figures.every((el) => el.classList.contains("js-plotly-plot") && el.querySelector(".main-svg") !== null && el.querySelector(selector) !== null);
        },
        /** @type {[number, string]} */ ([expected.figures.length, TRACE_SELECTOR]),
        { timeout: renderWaitMs, polling: 250 },
      )
      .catch(() => {}); // not all drawn: the checks say which
    await page.waitForTimeout(100); // late errors of the last figure
    const state = await page.evaluate(pageState, args);
    checks.push({
      name: "outputs rendered",
      ok: renderError === undefined && state.rendererErrors.length === 0,
      detail: renderError ?? `a renderer failed: ${state.rendererErrors.join(" | ")}`,
    });
    // The k-th figure of a cell in the page is the k-th figure output of that cell.
    /** @type {Map<number, typeof state.figures>} */
    const byCell = new Map();
    for (const f of state.figures) byCell.set(f.cell, [...(byCell.get(f.cell) ?? []), f]);
    /** @type {Map<number, number>} */
    const seen = new Map();
    const pairs = expected.figures.map((figure) => {
      const k = seen.get(figure.cell) ?? 0;
      seen.set(figure.cell, k + 1);
      return { figure, drawn: byCell.get(figure.cell)?.[k], where: `${figure.name} (code cell ${figure.cell})` };
    });
    const notDrawn = pairs.filter((p) => p.drawn !== undefined && !p.drawn.rendered).map((p) => p.where);
    const missing = pairs.filter((p) => p.drawn === undefined).map((p) => p.where);
    const notByExtension = mode.plotlyExtension ? pairs.filter((p) => p.drawn !== undefined && !p.drawn.byExtension).map((p) => p.where) : [];
    checks.push({
      name: "every figure draws",
      ok: state.figures.length === expected.plotOutputs && notDrawn.length === 0 && missing.length === 0 && notByExtension.length === 0,
      detail:
        `${expected.plotOutputs} figure outputs in the notebook, ${state.figures.length} figures in the page; not drawn: ${notDrawn.slice(0, 8).join(", ") || "none"}` +
        (missing.length > 0 ? `; not in the page: ${missing.slice(0, 8).join(", ")}` : "") +
        (notByExtension.length > 0 ? `; not rendered by the plotly extension: ${notByExtension.slice(0, 8).join(", ")}` : ""),
    });
    {
      // Without the extension: the plotly.js the notebook embeds (plotly.js 3), or, when it
      // embeds none (the fixture), the course's from its file.
      await page.evaluate(async (file) => {
        const w = /** @type {any} */ (window);
        if (w.__labPlotly === undefined && w.Plotly === undefined) await w.labRender.loadPlotly(file);
      }, mode.plotlyFile);
      const specs = expected.figures.flatMap((f, index) => (f.json !== undefined ? [{ index, data: f.json.data, layout: f.json.layout }] : []));
      const invalid = await page.evaluate(pageValidate, specs);
      checks.push({
        name: "figure JSON valid for this plotly.js",
        ok: invalid.length === 0,
        detail: invalid
          .slice(0, 5)
          .map((r) => `${expected.figures[r.index]?.name} (code cell ${expected.figures[r.index]?.cell}): ${r.errors.slice(0, 3).join("; ")}`)
          .join(" | "),
      });
    }
    const liveProblems = [];
    let liveCount = 0;
    for (const { figure, drawn, where } of pairs) {
      if (!figure.live) continue;
      liveCount += 1;
      const stoppedEarly = figure.caption?.includes("stopped early") ?? false;
      if (drawn === undefined) liveProblems.push(`${where}: not in the page`);
      else {
        if (!(figure.epochs !== undefined && figure.epochs > 0 && (figure.epochs === figure.total || stoppedEarly))) {
          liveProblems.push(`${where}: the saved output is not the final state (${figure.epochs} of ${figure.total} epochs drawn)`);
        }
        if (drawn.maxPoints !== figure.epochs) liveProblems.push(`${where}: ${drawn.maxPoints} points drawn, ${figure.epochs} epochs`);
        const caption = (figure.caption ?? "").replace(/\s+/g, " ");
        if (caption === "" || !drawn.text.includes(caption)) liveProblems.push(`${where}: the progress line "${caption}" is not shown`);
      }
    }
    if (liveCount > 0) checks.push({ name: "live plots show their final state", ok: liveProblems.length === 0, detail: liveProblems.slice(0, 5).join(" | ") });
    if (expected.graphs > 0) {
      const bad = state.graphs.filter((g) => !g.svg || g.nodes === 0 || g.sized < g.nodes || g.width === 0);
      checks.push({
        name: "autograd graphs show as SVG",
        ok: state.graphs.length === expected.graphs && bad.length === 0,
        detail: `${expected.graphs} graph outputs, ${state.graphs.length} in the page, ${bad.length} without a drawn SVG`,
      });
    }
    checks.push({ name: "no JavaScript error", ok: pageErrors.length === 0, detail: pageErrors.slice(0, 5).join(" | ") });
    if (screenshotDir !== undefined) {
      mkdirSync(screenshotDir, { recursive: true });
      await page.screenshot({ path: join(screenshotDir, `${basename(path, ".ipynb")}.${mode.name}.png`), fullPage: true });
    }
  } finally {
    await release();
  }
  const summary = `${expected.plotOutputs} figure${expected.plotOutputs === 1 ? "" : "s"}${expected.graphs > 0 ? `, ${expected.graphs} graph${expected.graphs === 1 ? "" : "s"}` : ""}`;
  return { checks, summary, seconds: (Date.now() - started) / 1000 };
}

/**
 * A renderer of notebooks: `(path, mode, renderWaitMs) => checks`, LAB_JOBS pages at a time.
 * @typedef {(path: string, mode: Mode, renderWaitMs: number) => ReturnType<typeof renderOne>} Renderer
 */

/**
 * Pages for the renderer. Without the extension each notebook gets a fresh page, as a fresh
 * JupyterLab session: its figures must draw with the plotly.js the notebook itself embeds. With
 * the extension a page is used for one notebook after another (its outputs removed in between),
 * as one JupyterLab session with several notebooks: the extension's plotly.js is loaded once
 * per page, not once per notebook. `open` gives a page, the list its uncaught errors go to from
 * now on, and `release` to call when done with it.
 * @typedef {{ open: (mode: Mode) => Promise<{ page: import("playwright-core").Page, errors: string[], release: () => Promise<void> }>, close: () => Promise<void> }} PagePool
 * @param {import("playwright-core").BrowserContext} context
 * @param {string} pageUrl
 * @returns {PagePool}
 */
function pagePool(context, pageUrl) {
  /** @type {Map<string, { page: import("playwright-core").Page, sink: { errors: string[] } }[]>} */
  const idle = new Map();
  /** @type {import("playwright-core").Page[]} */
  const all = [];
  return {
    async open(mode) {
      const reuse = mode.plotlyExtension ? idle.get(mode.name)?.pop() : undefined;
      const entry = reuse ?? { page: await context.newPage(), sink: { errors: /** @type {string[]} */ ([]) } };
      const { page, sink } = entry;
      sink.errors = [];
      if (reuse === undefined) {
        all.push(page);
        page.on("pageerror", (e) => sink.errors.push(String(e?.message ?? e).slice(0, 300)));
        await page.goto(pageUrl, { waitUntil: "load", timeout: 120000 });
        // The extension's plotly.js (kept off window.Plotly, as in JupyterLab).
        if (mode.plotlyExtension) await page.evaluate((file) => /** @type {any} */ (window).labRender.loadPlotly(file), mode.plotlyFile);
      }
      return {
        page,
        errors: sink.errors,
        release: async () => {
          if (mode.plotlyExtension && !page.isClosed()) {
            await page.evaluate(() => /** @type {any} */ (window).labRender.clear());
            idle.set(mode.name, [...(idle.get(mode.name) ?? []), entry]);
          } else await page.close();
        },
      };
    },
    async close() {
      for (const page of all) if (!page.isClosed()) await page.close();
    },
  };
}

/**
 * Installs and bundles the front end, opens one offline Chromium, and runs `fn` with a renderer
 * on it; closes the browser after.
 * @template T
 * @param {(render: Renderer) => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function withRenderer(fn) {
  ensureLabPackages();
  const pageUrl = await buildLabBundle();
  const screenshotDir = process.env.LAB_SCREENSHOTS === "1" ? join(BUNDLE_DIR, "screenshots") : undefined;
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, offline: true });
    // Offline: the page, its bundle and plotly.js files are local files; anything else is refused.
    await context.route("**/*", (route) => (route.request().url().startsWith("file:") ? route.continue() : route.abort()));
    const pages = pagePool(context, pageUrl);
    const result = await fn((path, mode, renderWaitMs) => pageSlots.run(() => renderOne(pages, path, mode, { renderWaitMs, screenshotDir })));
    await pages.close();
    await context.close();
    return result;
  } finally {
    await browser.close().catch(() => {});
  }
}

/**
 * Every notebook in every mode with `render`: `{ passed, failed, failures }`, a failure line
 * `<path> [<mode>]: <check>: <detail>`.
 * @param {Renderer} render
 * @param {string[]} paths
 * @param {{ modes?: Mode[], quiet?: boolean, renderWaitMs?: number }} [options]
 * @returns {Promise<StageResult>}
 */
async function renderAll(render, paths, { modes = MODES, quiet = false, renderWaitMs = 30000 } = {}) {
  /** @type {string[]} */
  const failures = [];
  let passed = 0;
  const jobs = paths.flatMap((path) => modes.map((mode) => ({ path, mode })));
  const results = await Promise.all(
    jobs.map(({ path, mode }) =>
      render(path, mode, renderWaitMs).catch((error) => ({ checks: [{ name: "rendered", ok: false, detail: String(error?.message ?? error).slice(0, 500) }], summary: "", seconds: 0 })),
    ),
  );
  results.forEach((r, i) => {
    const { path, mode } = jobs[i];
    const rel = relative(REPO, path);
    for (const c of r.checks) {
      if (c.ok) passed++;
      else failures.push(`${rel} [${mode.name}]: ${c.name}: ${c.detail ?? ""}`);
    }
    if (!quiet) console.log(`  ${r.checks.every((c) => c.ok) ? "ok  " : "FAIL"} ${rel} [${mode.name}] (${r.summary}, ${r.seconds.toFixed(1)} s)`);
  });
  return { passed, failed: failures.length, failures };
}

/**
 * The stage must be able to fail: the fixture test/stages/fixtures/lab/classic-only.ipynb (a figure drawn
 * through RequireJS, which JupyterLab 4 lacks; a trace type plotly.js 3 removed; an attribute only
 * plotly.js 3 knows; a live plot saved before its last epoch; a graph without nodes) must fail
 * exactly the expected checks in each mode. Returns `{ passed, failed, failures }` (one check per mode).
 * @param {Renderer} render
 * @returns {Promise<StageResult>}
 */
async function selfCheck(render) {
  const r = await renderAll(render, [FIXTURE], { quiet: true, renderWaitMs: 3000 });
  const rel = relative(REPO, FIXTURE);
  const all = ["every figure draws", "live plots show their final state", "autograd graphs show as SVG", "no JavaScript error"];
  /** @type {Record<string, string[]>} */
  const wanted = {
    lab: [all[0], "figure JSON valid for this plotly.js", ...all.slice(1)],
    "lab+plotly": [all[0], "figure JSON valid for this plotly.js", ...all.slice(1)],
    "lab+plotly3": [all[0], "figure JSON valid for this plotly.js", ...all.slice(1)],
  };
  const failures = [];
  let passed = 0;
  for (const mode of MODES) {
    const got = r.failures.filter((f) => f.startsWith(`${rel} [${mode.name}]: `)).map((f) => f.slice(`${rel} [${mode.name}]: `.length).split(":")[0]);
    const want = wanted[mode.name] ?? [];
    if (JSON.stringify(got) === JSON.stringify(want)) passed++;
    else failures.push(`lab self-test [${mode.name}]: the fixture should fail ${want.join(", ")}; it failed ${got.join(", ") || "nothing"} (${r.failures.join(" | ").slice(0, 1500)})`);
  }
  return { passed, failed: failures.length, failures };
}

/**
 * The rendering test on executed notebooks, in every mode (see the top of this file). Installs
 * and bundles the front end first. Returns `{ passed, failed, failures }`.
 * @param {string[]} paths
 * @param {{ modes?: Mode[], quiet?: boolean, renderWaitMs?: number }} [options]
 * @returns {Promise<StageResult>}
 */
export async function labTest(paths, options = {}) {
  if (paths.length === 0) return { passed: 0, failed: 0, failures: [] };
  return withRenderer((render) => renderAll(render, paths, options));
}

/**
 * The self-test alone (see `selfCheck`).
 * @returns {Promise<StageResult>}
 */
export async function labSelfTest() {
  return withRenderer(selfCheck);
}

/**
 * What `npm test` runs: the executed notebooks and the self-test, in one browser and one queue.
 * @param {string[]} paths
 * @returns {Promise<{ real: StageResult, self: StageResult }>}
 */
export async function labStage(paths) {
  return withRenderer(async (render) => {
    const [real, self] = await Promise.all([renderAll(render, paths), selfCheck(render)]);
    return { real, self };
  });
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2);
  const paths = args.length > 0 ? args.map((p) => resolve(p)) : listExecuted();
  if (paths.length === 0) {
    console.log(`no executed notebooks in ${relative(REPO, EXECUTED_DIR)}/: run \`npm run test:notebooks\` first`);
    process.exit(1);
  }
  const { real, self } = await labStage(paths);
  const failures = [...real.failures, ...self.failures];
  for (const f of failures) console.log(`FAIL ${f}`);
  console.log(`harness self-test: ${self.passed} passed, ${self.failed} failed`);
  console.log(`${real.passed + self.passed} passed, ${failures.length} failed`);
  process.exit(failures.length === 0 ? 0 : 1);
}
