// @ts-check
// Drawing the figures: plotly.js (node_modules/plotly.js-dist-min) in headless Chromium (Debian's
// /usr/bin/chromium via playwright-core, SwiftShader WebGL for 3-D scenes). SVG and PNG come from
// Plotly.toImage, the PDF from page.pdf() of a page holding just the SVG; the computation graph
// (an SVG already) is centred on a slide for its PNG and PDF. `exportNotebook` writes every
// figure of one executed notebook with its manifest.json.
//
// Deterministic: Math.random is re-seeded in the page before every figure (plotly draws its
// random clip-path/uid strings from it), every element's attributes are sorted (plotly's
// attribute order varies from run to run), then normalize.mjs renames the SVG ids and fixes the
// PDF dates.

import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";
import { launchChromium } from "../chromium.mjs";
import { errorMessage } from "../lib/cli.mjs";
import { cellLabel, readNotebook } from "../lib/notebook.mjs";
import { collectFigures } from "./collect.mjs";
import { fixPdfDates, graphSvg, normalizeSvg } from "./normalize.mjs";
import { DEFAULTS, FORMATS, THEMES, checkOptions } from "./options.mjs";
import { FONT_FAMILY, slideSpec } from "./slide.mjs";

/** @typedef {import("./collect.mjs").Figure} Figure */
/** @typedef {import("./options.mjs").ExportOptions} ExportOptions */
/** @typedef {import("./options.mjs").ResolvedOptions} ResolvedOptions */
/** @typedef {import("./options.mjs").Format} Format */

/**
 * One browser with a page for plotly and one for PDFs and the graph: `exportFigure` for each
 * figure, then `close()`.
 * @typedef {object} Exporter
 * @property {ResolvedOptions} options
 * @property {(figure: Figure, dir: string) => Promise<{ files: Partial<Record<Format, string>>, traces: number }>} exportFigure
 *   writes `<dir>/<figure.file>.{svg,png,pdf}` (the formats asked for); throws on failure
 * @property {() => Promise<void>} close
 */

/**
 * A figure's line in `<notebook>/manifest.json` (the gallery reads it).
 * @typedef {object} ManifestEntry
 * @property {string} name
 * @property {string} file
 * @property {"plotly" | "svg"} kind
 * @property {number} cell
 * @property {string | null} id
 * @property {string | null} title
 * @property {number} traces
 * @property {Format[]} formats
 */

/**
 * `<out>/<notebook>/manifest.json`.
 * @typedef {{ notebook: string, options: { width: number, height: number, scale: number, theme: string }, figures: ManifestEntry[] }} Manifest
 */

const require = createRequire(import.meta.url);
export const PLOTLY_PATH = require.resolve("plotly.js-dist-min/plotly.min.js");

/**
 * @param {unknown} error
 * @returns {string} its message's first line
 */
function firstMessageLine(error) {
  return errorMessage(error).split("\n")[0];
}

/**
 * Chromium for the export: hinting off and the GPU blocklist ignored, so output is the same everywhere.
 * @returns {Promise<import("playwright-core").Browser>}
 */
export function launchExportBrowser() {
  return launchChromium(["--ignore-gpu-blocklist", "--font-render-hinting=none"]);
}

/**
 * Runs in the page: draws one figure with a seeded Math.random and returns its SVG and PNG
 * (base64), and how many trace elements plotly drew.
 * @param {{ spec: { data: object[], layout: object, config: object }, width: number, height: number, scale: number, seed: number, formats: Format[] }} args
 * @returns {Promise<{ svg?: string, png?: string, traces: number }>}
 */
async function pageRender({ spec, width, height, scale, seed, formats }) {
  const Plotly = /** @type {any} */ (window).Plotly;
  let state = seed >>> 0;
  Math.random = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const div = document.createElement("div");
  div.style.width = `${width}px`;
  div.style.height = `${height}px`;
  document.body.appendChild(div);
  try {
    await Plotly.newPlot(div, spec.data, spec.layout, spec.config);
    /** @type {{ svg?: string, png?: string, traces: number }} */
    const out = { traces: 0 };
    if (formats.includes("svg") || formats.includes("pdf")) {
      const raw = await Plotly.toImage(div, { format: "svg", width, height, scale: 1, imageDataOnly: true });
      // plotly sets some attributes in a varying order (e.g. the root's style and viewBox):
      // every element's attributes are sorted by name, then the document is serialized again.
      const doc = new DOMParser().parseFromString(raw, "image/svg+xml");
      for (const el of doc.querySelectorAll("*")) {
        const attrs = [...el.attributes].map((a) => ({ ns: a.namespaceURI, name: a.name, value: a.value }));
        attrs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const a of attrs) el.removeAttribute(a.name);
        for (const a of attrs) el.setAttributeNS(a.ns, a.name, a.value);
      }
      out.svg = new XMLSerializer().serializeToString(doc);
    }
    if (formats.includes("png")) {
      out.png = await Plotly.toImage(div, { format: "png", width, height, scale, imageDataOnly: true });
    }
    out.traces = div.querySelectorAll(".trace, .hm, .gl-container canvas").length;
    return out;
  } finally {
    Plotly.purge(div);
    div.remove();
  }
}

/**
 * FNV-1a of a string: the seed of a figure's Math.random, from its file name.
 * @param {string} text
 * @returns {number}
 */
function stringHash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/**
 * An exporter: one browser, one page for plotly and one for PDFs/graphs. Call `exportFigure`
 * for each figure, then `close()`. Throws on bad options (checkOptions).
 * @param {ExportOptions} [options]
 * @returns {Promise<Exporter>}
 */
export async function createExporter(options = {}) {
  /** @type {ResolvedOptions} */
  const opts = { ...DEFAULTS, ...options };
  checkOptions(opts);
  const browser = await launchExportBrowser();
  const context = await browser.newContext({ viewport: { width: opts.width, height: opts.height }, deviceScaleFactor: opts.scale });
  const plotPage = await context.newPage();
  /** @type {string[]} */
  const pageErrors = [];
  plotPage.on("pageerror", (e) => pageErrors.push(String(e)));
  await plotPage.setContent(`<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0;font-family:'${FONT_FAMILY}'"></body></html>`);
  await plotPage.addScriptTag({ path: PLOTLY_PATH });
  const sheetPage = await context.newPage();
  const background = THEMES[opts.theme].paper;

  /**
   * A page of the slide size holding `svg`; with `fit`, centred and scaled to fit.
   * @param {string} svg
   * @param {boolean} fit
   */
  async function showSheet(svg, fit) {
    const filter = fit && opts.theme === "dark" ? "filter:invert(1) hue-rotate(180deg);" : "";
    const holder = fit
      ? `display:flex;align-items:center;justify-content:center;padding:${Math.round(opts.height * 0.04)}px;box-sizing:border-box;background:#FFFFFF;${filter}`
      : "";
    const inner = fit ? svg.replace(/<svg\b/, '<svg style="max-width:100%;max-height:100%;width:100%;height:100%"') : svg;
    await sheetPage.setContent(
      `<!DOCTYPE html><html><head><meta charset="utf-8"><style>@page{size:${opts.width}px ${opts.height}px;margin:0}html,body{margin:0;padding:0;background:${background}}#sheet{width:${opts.width}px;height:${opts.height}px;overflow:hidden;${holder}}#sheet>svg{display:block}</style></head><body><div id="sheet">${inner.replace(/^<\?xml[^>]*>\s*/, "")}</div></body></html>`,
    );
  }

  async function pdf() {
    return fixPdfDates(await sheetPage.pdf({ width: `${opts.width}px`, height: `${opts.height}px`, printBackground: true, margin: { top: "0", right: "0", bottom: "0", left: "0" }, pageRanges: "1" }));
  }

  /** @type {Exporter["exportFigure"]} */
  async function exportFigure(figure, dir) {
    mkdirSync(dir, { recursive: true });
    /** @type {Partial<Record<Format, string>>} */
    const files = {};
    const target = (/** @type {Format} */ ext) => join(dir, `${figure.file}.${ext}`);
    pageErrors.length = 0;
    let traces = 0;
    if (figure.kind === "plotly") {
      const spec = slideSpec(figure.spec, opts);
      const out = await plotPage.evaluate(pageRender, {
        spec,
        width: opts.width,
        height: opts.height,
        scale: opts.scale,
        seed: stringHash(figure.file),
        formats: opts.formats,
      });
      if (pageErrors.length) throw new Error(`JavaScript error in the page: ${pageErrors[0]}`);
      traces = out.traces;
      if (out.svg !== undefined) {
        const svg = normalizeSvg(out.svg, figure.file);
        if (opts.formats.includes("svg")) writeFileSync((files.svg = target("svg")), svg);
        if (opts.formats.includes("pdf")) {
          await showSheet(svg, false);
          writeFileSync((files.pdf = target("pdf")), await pdf());
        }
      }
      if (out.png !== undefined) writeFileSync((files.png = target("png")), Buffer.from(out.png, "base64"));
    } else {
      const svg = graphSvg(figure.svg);
      if (!/<svg[\s>]/.test(svg)) throw new Error("the image/svg+xml output holds no <svg> element");
      if (opts.formats.includes("svg")) writeFileSync((files.svg = target("svg")), svg);
      if (opts.formats.includes("png") || opts.formats.includes("pdf")) await showSheet(svg, true);
      if (opts.formats.includes("png")) {
        writeFileSync((files.png = target("png")), await sheetPage.locator("#sheet").screenshot({ animations: "disabled" }));
      }
      if (opts.formats.includes("pdf")) writeFileSync((files.pdf = target("pdf")), await pdf());
      traces = (svg.match(/class="node"/g) ?? []).length;
    }
    return { files, traces };
  }

  return {
    options: opts,
    exportFigure,
    close: () => browser.close(),
  };
}

/**
 * Exports every figure of one executed notebook to `<outDir>/<stem>/`. `onProgress(line)` gets
 * a line per figure. Returns `{ notebook, figures: [...manifest entries], failures: [...] }`
 * and writes `<outDir>/<stem>/manifest.json`. Earlier files of that notebook are removed.
 * @param {Exporter} exporter
 * @param {string} executedPath
 * @param {string} outDir
 * @param {{ onProgress?: (line: string) => void, notebookName?: string }} [options]
 * @returns {Promise<{ notebook: string, figures: ManifestEntry[], failures: string[] }>}
 */
export async function exportNotebook(exporter, executedPath, outDir, { onProgress = () => {}, notebookName } = {}) {
  const nbName = notebookName ?? basename(executedPath);
  const stem = nbName.replace(/\.ipynb$/, "");
  const figures = collectFigures(readNotebook(executedPath));
  const dir = join(outDir, stem);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  /** @type {ManifestEntry[]} */
  const entries = [];
  /** @type {string[]} */
  const failures = [];
  for (const [k, figure] of figures.entries()) {
    const started = Date.now();
    const head = `  ${stem}: figure ${k + 1}/${figures.length} ${figure.file} (code cell ${figure.cell})`;
    try {
      const { files, traces } = await exporter.exportFigure(figure, dir);
      const formats = FORMATS.filter((f) => files[f] !== undefined);
      entries.push({
        name: figure.name,
        file: figure.file,
        kind: figure.kind,
        cell: figure.cell,
        id: figure.id,
        title: figure.kind === "plotly" ? (figure.spec.layout?.title?.text ?? null) : null,
        traces: figure.kind === "plotly" ? (figure.spec.data ?? []).length : traces,
        formats,
      });
      onProgress(`${head} ${formats.join(" ")} ok (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (error) {
      failures.push(`${nbName}: ${cellLabel(figure.cell, figure.id)}: figure ${figure.name}: ${firstMessageLine(error)}`);
      onProgress(`${head} FAILED: ${firstMessageLine(error)}`);
    }
  }
  /** @type {Manifest} */
  const manifest = {
    notebook: nbName,
    options: { width: exporter.options.width, height: exporter.options.height, scale: exporter.options.scale, theme: exporter.options.theme },
    figures: entries,
  };
  writeFileSync(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return { notebook: nbName, figures: entries, failures };
}
