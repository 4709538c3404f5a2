#!/usr/bin/env node
// Slide figures: every figure shown in the notebooks, as SVG, PNG and PDF.
//
//   npm run figures [-- OPTIONS]
//   node scripts/figures.mjs [--notebook 04] [--width 1600] [--height 900] [--scale 1]
//                            [--theme light|dark] [--out figures] [--executed DIR]
//
// Each notebook (default: every notebooks/*.ipynb; `--notebook 04` picks the ones whose file
// name starts with "04", repeatable) is executed from a fresh kernel through the notebook runner
// (scripts/run-notebooks.mjs; the executed copy goes to test-output/figures-run/). `--executed
// DIR` skips that and reads already executed copies from DIR (e.g. test-output/notebooks after
// `npm run test:notebooks`). Every figure output — a display bundle with plotly JSON and
// metadata `nnlib.name`, or the `image/svg+xml` computation graph — is written to
// `<out>/<notebook>/<name>.{svg,png,pdf}`, with `<out>/<notebook>/manifest.json`, and
// `<out>/index.html` is a gallery of everything in `<out>`.
//
// Slide-ready: the figure's own layout is copied and overridden for the export only (size,
// "DejaVu Sans" at projector sizes, thicker lines, theme colours); the notebook is untouched.
// plotly.js (node_modules/plotly.js-dist-min) draws it in headless Chromium (Debian's
// /usr/bin/chromium via playwright-core, SwiftShader WebGL for 3-D scenes); SVG and PNG come
// from Plotly.toImage, the PDF from page.pdf() of a page holding just the SVG.
//
// Deterministic: Math.random is re-seeded in the page before every figure (plotly draws its
// random clip-path/uid strings from it), every trace gets a fixed `uid`, every element's
// attributes are sorted (plotly's attribute order varies from run to run), every `id` in the
// SVG is renamed to `<name>-<k>` in order of appearance (references follow), and the PDF dates
// are fixed. A second run writes byte-identical SVGs.
//
// Exit code 1 if any notebook or figure failed; the others are still written.

import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./chromium.mjs";
import { REPO, setup } from "./setup.mjs";

export const FIGURES_DIR = join(REPO, "figures");
export const RUN_DIR = join(REPO, "test-output", "figures-run");
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";
export const SVG_MIME = "image/svg+xml";
export const FONT_FAMILY = "DejaVu Sans";
export const DEFAULTS = Object.freeze({ width: 1600, height: 900, scale: 1, theme: "light", formats: ["svg", "png", "pdf"] });

const require = createRequire(import.meta.url);
export const PLOTLY_PATH = require.resolve("plotly.js-dist-min/plotly.min.js");

/** The course's base font size (lib/src/plot/style.ts): explicit sizes are scaled from it. */
const COURSE_FONT_SIZE = 13;

export const THEMES = {
  light: { paper: "#FFFFFF", text: "#222222", grid: "#DDDDDD", zero: "#999999", line: "#444444", legend: "rgba(255,255,255,0.85)" },
  dark: { paper: "#1E1E1E", text: "#EEEEEE", grid: "#444444", zero: "#888888", line: "#BBBBBB", legend: "rgba(30,30,30,0.85)" },
};
/** Colours that would vanish on a dark background, replaced there by the theme's text colour. */
const DARK_ON_DARK = new Set(["#000000", "#000", "black", "#222222", "#222", "#444444", "#333333"]);

/** A file-name-safe slug. */
export function slug(text) {
  const s = String(text).toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "");
  return s || "figure";
}

function sourceText(source) {
  return Array.isArray(source) ? source.join("") : String(source ?? "");
}

/**
 * The figures of an executed notebook, in output order:
 * `{ name, file, cell, id, firstLine, kind: "plotly" | "svg", spec? , svg? }`.
 * `cell` counts code cells from 1 (like the notebook runner). Names are made unique (`-2`, …).
 */
export function collectFigures(nb) {
  const figures = [];
  const used = new Map();
  let codeCell = 0;
  for (const cell of nb.cells ?? []) {
    if (cell.cell_type !== "code") continue;
    codeCell += 1;
    const text = sourceText(cell.source);
    const firstLine = (text.split("\n").find((l) => l.trim() !== "") ?? "(empty cell)").trim().slice(0, 120);
    for (const output of cell.outputs ?? []) {
      const name = output.metadata?.nnlib?.name;
      const data = output.data ?? {};
      if (typeof name !== "string") continue;
      let figure;
      if (data[PLOTLY_MIME] !== undefined) figure = { kind: "plotly", spec: data[PLOTLY_MIME] };
      else if (data[SVG_MIME] !== undefined) figure = { kind: "svg", svg: sourceText(data[SVG_MIME]) };
      else continue; // tables and other non-figure displays
      const base = slug(name);
      const n = (used.get(base) ?? 0) + 1;
      used.set(base, n);
      figures.push({ name, file: n === 1 ? base : `${base}-${n}`, cell: codeCell, id: cell.id ?? null, firstLine, ...figure });
    }
  }
  return figures;
}

function isObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Scales every explicit font size below `node` by `factor` and sets the family. */
function restyleFonts(node, factor, family) {
  if (Array.isArray(node)) return node.forEach((n) => restyleFonts(n, factor, family));
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (/font$/i.test(key) && isObject(value)) {
      if (typeof value.size === "number") value.size = Math.round(value.size * factor * 10) / 10;
      value.family = family;
    }
    restyleFonts(value, factor, family);
  }
}

/** Replaces colours that disappear on a dark background (keys ending in "color"). */
function recolorForDark(node, text) {
  if (Array.isArray(node)) return node.forEach((n) => recolorForDark(n, text));
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (/color$/i.test(key) && typeof value === "string" && DARK_ON_DARK.has(value.trim().toLowerCase())) node[key] = text;
    else recolorForDark(value, text);
  }
}

function styleAxis(axis, theme, sizes) {
  axis.tickfont = { ...(axis.tickfont ?? {}), size: sizes.tick, family: FONT_FAMILY };
  if (isObject(axis.title)) axis.title.font = { ...(axis.title.font ?? {}), size: sizes.base, family: FONT_FAMILY };
  axis.gridcolor = theme.grid;
  axis.zerolinecolor = theme.zero;
  axis.linecolor = theme.line;
  axis.linewidth = sizes.axisLine;
  axis.gridwidth = sizes.gridLine;
  axis.tickcolor = theme.line;
}

/**
 * The slide version of a plotly spec `{ data, layout, config }` (a deep copy; the input is not
 * changed): `width` × `height` px, fonts in DejaVu Sans scaled for a projector, thicker lines and
 * bigger markers, theme colours, a fixed `uid` per trace, a static plot.
 */
export function slideSpec(spec, { width = DEFAULTS.width, height = DEFAULTS.height, theme: themeName = DEFAULTS.theme } = {}) {
  const theme = THEMES[themeName];
  if (!theme) throw new Error(`unknown theme ${JSON.stringify(themeName)} (light or dark)`);
  const data = structuredClone(spec.data ?? []);
  const layout = structuredClone(spec.layout ?? {});
  const unit = Math.min(height / 900, width / 1600); // 1 at 1600 × 900
  const sizes = {
    base: Math.round(22 * unit),
    tick: Math.round(19 * unit),
    title: Math.round(30 * unit),
    axisLine: Math.max(1, Math.round(2 * unit)),
    gridLine: Math.max(1, Math.round(1.5 * unit * 2) / 2),
  };
  const factor = sizes.base / COURSE_FONT_SIZE;
  const lineFactor = 2 * unit;

  restyleFonts(layout, factor, FONT_FAMILY);
  restyleFonts(data, factor, FONT_FAMILY);
  if (themeName === "dark") {
    recolorForDark(layout, theme.text);
    recolorForDark(data, theme.text);
    if (Array.isArray(layout.colorway)) layout.colorway = layout.colorway.map((c) => (DARK_ON_DARK.has(String(c).toLowerCase()) ? theme.text : c));
  }

  layout.width = width;
  layout.height = height;
  layout.autosize = false;
  layout.paper_bgcolor = theme.paper;
  layout.plot_bgcolor = theme.paper;
  layout.font = { ...(layout.font ?? {}), family: FONT_FAMILY, size: sizes.base, color: theme.text };
  if (isObject(layout.title)) layout.title.font = { ...(layout.title.font ?? {}), family: FONT_FAMILY, size: sizes.title };
  if (isObject(layout.margin)) {
    for (const side of ["l", "r", "t", "b", "pad"]) {
      if (typeof layout.margin[side] === "number") layout.margin[side] = Math.round(layout.margin[side] * factor * 0.8);
    }
  }
  layout.legend = { ...(layout.legend ?? {}), bgcolor: theme.legend, font: { ...(layout.legend?.font ?? {}), family: FONT_FAMILY, size: sizes.tick } };
  for (const [key, value] of Object.entries(layout)) {
    if (/^[xy]axis\d*$/.test(key) && isObject(value)) styleAxis(value, theme, sizes);
    if (/^scene\d*$/.test(key) && isObject(value)) {
      for (const k of ["xaxis", "yaxis", "zaxis"]) {
        value[k] = value[k] ?? {};
        styleAxis(value[k], theme, { ...sizes, tick: Math.round(sizes.tick * 0.8) });
        value[k].backgroundcolor = theme.paper;
      }
      value.bgcolor = theme.paper;
    }
  }
  // 2-D subplots that rely on plotly's default axes still get the slide style.
  const usedAxes = new Set();
  for (const trace of data) {
    if (["scatter", "scattergl", "bar", "heatmap", "contour", "histogram", "box"].includes(trace.type ?? "scatter")) {
      usedAxes.add(`xaxis${(trace.xaxis ?? "x").slice(1)}`);
      usedAxes.add(`yaxis${(trace.yaxis ?? "y").slice(1)}`);
    }
  }
  for (const key of usedAxes) {
    if (!isObject(layout[key])) {
      layout[key] = {};
      styleAxis(layout[key], theme, sizes);
    }
  }

  data.forEach((trace, i) => {
    trace.uid = `trace-${i}`;
    const type = trace.type ?? "scatter";
    const lineTrace = ["scatter", "scattergl", "scatter3d", "scatterpolar"].includes(type);
    if (isObject(trace.line) || (lineTrace && String(trace.mode ?? "lines").includes("lines"))) {
      trace.line = { ...(trace.line ?? {}) };
      trace.line.width = Math.round((typeof trace.line.width === "number" ? trace.line.width : 2) * lineFactor * 10) / 10;
    }
    if (lineTrace && isObject(trace.marker) && typeof trace.marker.size === "number") {
      trace.marker.size = Math.round(trace.marker.size * factor * 0.8 * 10) / 10;
    } else if (lineTrace && String(trace.mode ?? "").includes("markers")) {
      trace.marker = { ...(trace.marker ?? {}), size: Math.round(6 * factor * 0.8) };
    }
    if ((trace.texttemplate !== undefined || trace.text !== undefined) && trace.textfont?.size === undefined) {
      trace.textfont = { ...(trace.textfont ?? {}), family: FONT_FAMILY, size: sizes.tick };
    }
    if (isObject(trace.colorbar) || ["heatmap", "contour", "surface"].includes(type)) {
      trace.colorbar = { ...(trace.colorbar ?? {}) };
      trace.colorbar.tickfont = { ...(trace.colorbar.tickfont ?? {}), family: FONT_FAMILY, size: sizes.tick, color: theme.text };
      if (typeof trace.colorbar.thickness === "number") trace.colorbar.thickness = Math.round(trace.colorbar.thickness * unit * 1.5);
      else trace.colorbar.thickness = Math.round(30 * unit);
    }
  });
  return { data, layout, config: { staticPlot: true, displayModeBar: false, responsive: false } };
}

/**
 * Makes an SVG reproducible: every `id="…"` is renamed `<prefix>-<k>` in order of first
 * appearance and every reference (`url(#…)`, `href="#…"`) follows. Random ids (plotly's
 * `clip<uid>…`) are thereby gone even if the page's randomness were not seeded.
 */
export function normalizeSvg(svg, prefix) {
  const ids = [];
  const seen = new Set();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) {
    if (!seen.has(m[1])) {
      seen.add(m[1]);
      ids.push(m[1]);
    }
  }
  const map = new Map(ids.map((id, k) => [id, `${prefix}-${k + 1}`]));
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  if (map.size === 0) return svg;
  const alternatives = ids.slice().sort((a, b) => b.length - a.length).map(escape).join("|");
  return svg
    .replace(new RegExp(`(\\sid=")(${alternatives})(")`, "g"), (_, a, id, b) => `${a}${map.get(id)}${b}`)
    .replace(new RegExp(`(url\\(['"]?#)(${alternatives})(['"]?\\))`, "g"), (_, a, id, b) => `${a}${map.get(id)}${b}`)
    .replace(new RegExp(`((?:xlink:)?href="#)(${alternatives})(")`, "g"), (_, a, id, b) => `${a}${map.get(id)}${b}`);
}

/** The computation graph's SVG (Graphviz) with the export font. */
export function graphSvg(svg) {
  const start = svg.indexOf("<svg");
  const body = start >= 0 ? svg.slice(start) : svg;
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n${body.replace(/font-family="[^"]*"/g, `font-family="${FONT_FAMILY}"`).trim()}\n`;
}

/**
 * Chromium writes the time into a PDF's /CreationDate and /ModDate: replaced by a fixed date of
 * the same length, so the xref offsets stay valid and a second run gives the same bytes.
 */
export function fixPdfDates(buffer) {
  const text = buffer.toString("latin1").replace(/\/(CreationDate|ModDate) \(D:(\d{14})([^)]*)\)/g, (_, key, digits, zone) => `/${key} (D:20000101000000${zone.replace(/\d/g, "0")})`);
  return Buffer.from(text, "latin1");
}

/** PNG width and height from its IHDR chunk (undefined if not a PNG). */
export function pngSize(buffer) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buffer.length < 24 || !buffer.subarray(0, 8).equals(signature)) return undefined;
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

/** Chromium for the export: hinting off and the GPU blocklist ignored, so output is the same everywhere. */
export function launchExportBrowser() {
  return launchChromium(["--ignore-gpu-blocklist", "--font-render-hinting=none"]);
}

// Runs in the page: draws one figure with a seeded Math.random and returns its SVG and PNG.
async function pageRender({ spec, width, height, scale, seed, formats }) {
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
    await window.Plotly.newPlot(div, spec.data, spec.layout, spec.config);
    const out = {};
    if (formats.includes("svg") || formats.includes("pdf")) {
      const raw = await window.Plotly.toImage(div, { format: "svg", width, height, scale: 1, imageDataOnly: true });
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
      out.png = await window.Plotly.toImage(div, { format: "png", width, height, scale, imageDataOnly: true });
    }
    out.traces = div.querySelectorAll(".trace, .hm, .gl-container canvas").length;
    return out;
  } finally {
    window.Plotly.purge(div);
    div.remove();
  }
}

function stringHash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/**
 * An exporter: one browser, one page for plotly and one for PDFs/graphs. Call `exportFigure`
 * for each figure, then `close()`.
 */
export async function createExporter(options = {}) {
  const opts = { ...DEFAULTS, ...options };
  if (!THEMES[opts.theme]) throw new Error(`--theme must be light or dark, got ${JSON.stringify(opts.theme)}`);
  for (const k of ["width", "height", "scale"]) {
    if (!(Number.isFinite(opts[k]) && opts[k] > 0)) throw new Error(`--${k} must be a positive number, got ${opts[k]}`);
  }
  const browser = await launchExportBrowser();
  const context = await browser.newContext({ viewport: { width: opts.width, height: opts.height }, deviceScaleFactor: opts.scale });
  const plotPage = await context.newPage();
  const pageErrors = [];
  plotPage.on("pageerror", (e) => pageErrors.push(String(e)));
  await plotPage.setContent(`<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0;font-family:'${FONT_FAMILY}'"></body></html>`);
  await plotPage.addScriptTag({ path: PLOTLY_PATH });
  const sheetPage = await context.newPage();
  const background = THEMES[opts.theme].paper;

  /** A page of the slide size holding `svg`, centred and scaled to fit. */
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

  /**
   * Writes `<dir>/<figure.file>.{svg,png,pdf}`. Returns `{ files, traces }`; throws on failure.
   */
  async function exportFigure(figure, dir) {
    mkdirSync(dir, { recursive: true });
    const files = {};
    const target = (ext) => join(dir, `${figure.file}.${ext}`);
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
 */
export async function exportNotebook(exporter, executedPath, outDir, { onProgress = () => {}, notebookName } = {}) {
  const nbName = notebookName ?? basename(executedPath);
  const stem = nbName.replace(/\.ipynb$/, "");
  const nb = JSON.parse(readFileSync(executedPath, "utf8"));
  const figures = collectFigures(nb);
  const dir = join(outDir, stem);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const entries = [];
  const failures = [];
  for (const [k, figure] of figures.entries()) {
    const started = Date.now();
    const head = `  ${stem}: figure ${k + 1}/${figures.length} ${figure.file} (code cell ${figure.cell})`;
    try {
      const { files, traces } = await exporter.exportFigure(figure, dir);
      entries.push({
        name: figure.name,
        file: figure.file,
        kind: figure.kind,
        cell: figure.cell,
        id: figure.id,
        title: figure.kind === "plotly" ? (figure.spec.layout?.title?.text ?? null) : null,
        traces: figure.kind === "plotly" ? (figure.spec.data ?? []).length : traces,
        formats: DEFAULTS.formats.filter((f) => files[f] !== undefined),
      });
      onProgress(`${head} ${DEFAULTS.formats.filter((f) => files[f] !== undefined).join(" ")} ok (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (error) {
      const message = `${nbName}: code cell ${figure.cell}${figure.id ? ` (id ${figure.id})` : ""}: figure ${figure.name}: ${String(error?.message ?? error).split("\n")[0]}`;
      failures.push(message);
      onProgress(`${head} FAILED: ${String(error?.message ?? error).split("\n")[0]}`);
    }
  }
  const manifest = {
    notebook: nbName,
    options: { width: exporter.options.width, height: exporter.options.height, scale: exporter.options.scale, theme: exporter.options.theme },
    figures: entries,
  };
  writeFileSync(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return { notebook: nbName, figures: entries, failures };
}

function escapeHtml(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Writes `<outDir>/index.html`: every notebook folder with a manifest.json. Returns its path. */
export function writeGallery(outDir) {
  const sections = [];
  let total = 0;
  const dirs = existsSync(outDir) ? readdirSync(outDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];
  for (const stem of dirs) {
    const manifestPath = join(outDir, stem, "manifest.json");
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    total += manifest.figures.length;
    const o = manifest.options;
    const cards = manifest.figures.map((f) => {
      const preview = f.formats.includes("png") ? "png" : f.formats[0];
      const links = f.formats.map((ext) => `<a href="${escapeHtml(`${stem}/${f.file}.${ext}`)}">${ext.toUpperCase()}</a>`).join(" · ");
      return `<figure><a href="${escapeHtml(`${stem}/${f.file}.${preview}`)}"><img loading="lazy" src="${escapeHtml(`${stem}/${f.file}.${preview}`)}" alt="${escapeHtml(f.name)}"></a><figcaption><b>${escapeHtml(f.file)}</b>${f.title ? ` — ${escapeHtml(f.title)}` : ""}<br>code cell ${f.cell}${f.id ? ` (id ${escapeHtml(f.id)})` : ""} · ${links}</figcaption></figure>`;
    });
    sections.push(`<section><h2>${escapeHtml(manifest.notebook)}</h2><p class="meta">${manifest.figures.length} figure${manifest.figures.length === 1 ? "" : "s"} · ${o.width}×${o.height} px, scale ${o.scale}, ${o.theme} theme</p>\n<div class="grid">\n${cards.join("\n")}\n</div></section>`);
  }
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Slide figures</title>
<style>
body{font-family:"DejaVu Sans",sans-serif;margin:24px;background:#f4f4f4;color:#222}
h1{margin:0 0 4px}.meta{color:#666;margin:0 0 12px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:16px}
figure{margin:0;background:#fff;border:1px solid #ddd;padding:8px}
figure img{width:100%;aspect-ratio:16/9;object-fit:contain;background:#fff;display:block}
figcaption{font-size:13px;margin-top:6px;line-height:1.4}
</style></head><body>
<h1>Slide figures</h1><p class="meta">${total} figures, written by <code>npm run figures</code></p>
${sections.join("\n")}
</body></html>
`;
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, "index.html");
  writeFileSync(path, html);
  return path;
}

/** Parses the command line. Throws with a usage message on a bad option. */
export function parseArgs(argv) {
  const opts = { ...DEFAULTS, notebooks: [], out: FIGURES_DIR, executed: undefined };
  const value = (i, name) => {
    if (i + 1 >= argv.length) throw new Error(`${name} needs a value`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let inline;
    if (arg.startsWith("--") && arg.includes("=")) [arg, inline] = [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)];
    const take = () => (inline !== undefined ? inline : value(i++, arg));
    switch (arg) {
      case "--notebook":
        opts.notebooks.push(...take().split(",").filter(Boolean));
        break;
      case "--width":
      case "--height":
      case "--scale":
        opts[arg.slice(2)] = Number(take());
        break;
      case "--theme":
        opts.theme = take();
        break;
      case "--out":
        opts.out = resolve(take());
        break;
      case "--executed":
        opts.executed = resolve(take());
        break;
      case "--formats":
        opts.formats = take().split(",").filter(Boolean);
        break;
      case "--help":
      case "-h":
        opts.help = true;
        break;
      default:
        throw new Error(`unknown option ${arg}`);
    }
  }
  if (!THEMES[opts.theme]) throw new Error(`--theme must be light or dark, got ${JSON.stringify(opts.theme)}`);
  for (const f of opts.formats) if (!DEFAULTS.formats.includes(f)) throw new Error(`--formats: unknown format ${f} (svg, png, pdf)`);
  return opts;
}

const USAGE = `usage: npm run figures -- [--notebook 04]... [--width 1600] [--height 900] [--scale 1]
                             [--theme light|dark] [--out figures] [--executed DIR] [--formats svg,png,pdf]`;

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`figures: ${error.message}\n${USAGE}`);
    process.exit(2);
  }
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  const { listNotebooks, executeNotebooks, describeFailure } = await import("./run-notebooks.mjs");
  try {
    setup({ browser: true });
  } catch (error) {
    console.error(`setup: FAILED: ${error.message}`);
    process.exit(1);
  }
  let paths = listNotebooks();
  if (opts.notebooks.length > 0) {
    paths = paths.filter((p) => opts.notebooks.some((n) => basename(p).startsWith(n)));
    if (paths.length === 0) {
      console.error(`figures: no notebook in notebooks/ starts with ${opts.notebooks.join(" or ")}`);
      process.exit(2);
    }
  }
  console.log(`figures: ${paths.length} notebook${paths.length === 1 ? "" : "s"} → ${relative(REPO, opts.out) || "."}/ (${opts.width}×${opts.height} px, scale ${opts.scale}, ${opts.theme}; ${opts.formats.join(", ")})`);
  const exporter = await createExporter(opts);
  const failures = [];
  const timings = [];
  let count = 0;
  try {
    for (const path of paths) {
      const name = basename(path);
      let executed;
      let runSeconds = 0;
      if (opts.executed) {
        executed = join(opts.executed, name);
        if (!existsSync(executed)) {
          failures.push(`${name}: no executed copy in ${relative(REPO, opts.executed)}`);
          console.log(`  ${name}: FAILED: no executed copy in ${relative(REPO, opts.executed)}`);
          continue;
        }
      } else {
        console.log(`  ${name}: executing from a fresh kernel ...`);
        const [result] = await executeNotebooks([path], { outDir: RUN_DIR, quiet: true });
        runSeconds = result.seconds;
        if (!result.ok) {
          failures.push(`${describeFailure(result)}\n    (figures of the cells before it are still exported)`);
          console.log(`  ${name}: execution FAILED at code cell ${result.failure?.cell}; exporting what it showed before that`);
        } else {
          console.log(`  ${name}: executed (${result.executed}/${result.cells} cells, ${result.seconds} s)`);
        }
        if (!result.output || !existsSync(result.output)) continue;
        executed = result.output;
      }
      const started = Date.now();
      const report = await exportNotebook(exporter, executed, opts.out, { onProgress: (line) => console.log(line), notebookName: name });
      const exportSeconds = (Date.now() - started) / 1000;
      count += report.figures.length;
      failures.push(...report.failures);
      timings.push({ name, figures: report.figures.length, runSeconds, exportSeconds });
    }
  } finally {
    await exporter.close();
  }
  const gallery = writeGallery(opts.out);
  console.log("\nfigures: per notebook");
  for (const t of timings) {
    console.log(`  ${t.name.padEnd(24)} ${String(t.figures).padStart(3)} figures   run ${t.runSeconds.toFixed(1).padStart(6)} s   export ${t.exportSeconds.toFixed(1).padStart(6)} s`);
  }
  for (const f of failures) console.log(`FAIL ${f}`);
  console.log(`figures: ${count} written, ${failures.length} failed; gallery ${relative(REPO, gallery)}`);
  process.exit(failures.length === 0 ? 0 : 1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
