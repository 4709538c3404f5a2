// @ts-check
// The figures of an executed notebook: every display output that nnlib named
// (`metadata.nnlib.name`) and that holds a figure — plotly JSON, or the `image/svg+xml`
// computation graph of notebook 03. Tables and other named displays are skipped.

import { PLOTLY_MIME, codeCells, firstLine, sourceText } from "../lib/notebook.mjs";

/** @typedef {import("../lib/notebook.mjs").Notebook} Notebook */

export const SVG_MIME = "image/svg+xml";

/**
 * A plotly figure as nnlib writes it into a display bundle.
 * @typedef {object} PlotlySpec
 * @property {Record<string, any>[]} [data]
 * @property {Record<string, any>} [layout]
 * @property {Record<string, any>} [config]
 */

/**
 * Where a figure was shown and the file name it gets: `cell` counts code cells from 1 (like the
 * notebook runner), `file` is the name made file-safe and unique within the notebook.
 * @typedef {{ name: string, file: string, cell: number, id: string | null, firstLine: string }} FigureSource
 */
/** @typedef {FigureSource & { kind: "plotly", spec: PlotlySpec }} PlotlyFigure */
/** @typedef {FigureSource & { kind: "svg", svg: string }} SvgFigure */
/** @typedef {PlotlyFigure | SvgFigure} Figure */

/**
 * A file-name-safe form of a figure name. nnlib only writes valid names (lowercase letters,
 * digits and hyphens: `validateFigureName` in lib/src/plot/figure.ts), which this leaves as they
 * are; it guards the file system against a name written by other code. Not the library's
 * `slugify`, which makes a name from a title (and drops the dots this keeps).
 * @param {unknown} text
 * @returns {string}
 */
export function slug(text) {
  const s = String(text).toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "");
  return s || "figure";
}

/**
 * The figures of an executed notebook, in output order. Names are made unique (`-2`, …).
 * @param {Notebook} nb
 * @returns {Figure[]}
 */
export function collectFigures(nb) {
  /** @type {Figure[]} */
  const figures = [];
  /** @type {Map<string, number>} */
  const used = new Map();
  for (const { cell, number } of codeCells(nb)) {
    const where = { cell: number, id: cell.id ?? null, firstLine: firstLine(sourceText(cell.source)) };
    for (const output of cell.outputs ?? []) {
      const name = output.metadata?.nnlib?.name;
      const data = output.data ?? {};
      if (typeof name !== "string") continue;
      if (data[PLOTLY_MIME] === undefined && data[SVG_MIME] === undefined) continue; // tables and other non-figure displays
      const base = slug(name);
      const n = (used.get(base) ?? 0) + 1;
      used.set(base, n);
      const source = { name, file: n === 1 ? base : `${base}-${n}`, ...where };
      if (data[PLOTLY_MIME] !== undefined) figures.push({ ...source, kind: "plotly", spec: data[PLOTLY_MIME] });
      else figures.push({ ...source, kind: "svg", svg: sourceText(data[SVG_MIME]) });
    }
  }
  return figures;
}
