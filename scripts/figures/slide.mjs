// @ts-check
// Slide style for a plotly figure: the figure's own spec is copied and its layout overridden for
// the export only (the notebook is untouched) — the slide size, "DejaVu Sans" at projector sizes
// (22 px text, 30 px titles, every explicit font size scaled alike), lines twice as thick,
// bigger markers, the theme's colours, a fixed `uid` per trace and a static plot.

import { DEFAULTS, THEMES } from "./options.mjs";

/** @typedef {import("./collect.mjs").PlotlySpec} PlotlySpec */
/** @typedef {import("./options.mjs").ExportOptions} ExportOptions */
/** @typedef {import("./options.mjs").ResolvedOptions} ResolvedOptions */

/** The export's font: installed by the set-up with Chromium (fonts-dejavu-core). */
export const FONT_FAMILY = "DejaVu Sans";

/** The course's base font size (lib/src/plot/style.ts): explicit sizes are scaled from it. */
const COURSE_FONT_SIZE = 13;

/** Colours that would vanish on a dark background, replaced there by the theme's text colour. */
const DARK_ON_DARK = new Set(["#000000", "#000", "black", "#222222", "#222", "#444444", "#333333"]);

/**
 * A plain JSON object (not an array, not null).
 * @param {unknown} v
 * @returns {v is Record<string, any>}
 */
function isObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Scales every explicit font size below `node` by `factor` and sets the family.
 * @param {unknown} node
 * @param {number} factor
 * @param {string} family
 * @returns {void}
 */
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

/**
 * Replaces colours that disappear on a dark background (keys ending in "color").
 * @param {unknown} node
 * @param {string} text the theme's text colour
 * @returns {void}
 */
function recolorForDark(node, text) {
  if (Array.isArray(node)) return node.forEach((n) => recolorForDark(n, text));
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (/color$/i.test(key) && typeof value === "string" && DARK_ON_DARK.has(value.trim().toLowerCase())) node[key] = text;
    else recolorForDark(value, text);
  }
}

/** @typedef {{ base: number, tick: number, title: number, axisLine: number, gridLine: number }} Sizes */

/**
 * An axis in the slide style (fonts, line widths, the theme's colours), changed in place.
 * @param {Record<string, any>} axis
 * @param {typeof THEMES[keyof typeof THEMES]} theme
 * @param {Sizes} sizes
 */
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
 * @param {PlotlySpec} spec
 * @param {ExportOptions} [options] only `width`, `height` and `theme` matter here
 * @returns {Required<PlotlySpec> & { data: Record<string, any>[], layout: Record<string, any> }}
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

