/**
 * Matrices as pictures: an annotated heatmap (confusion matrix, weight matrix), a greyscale
 * image (e.g. an MNIST digit) and a grid of titled images.
 */

import { type Annotation, type Figure, type FigureOptions, type Trace, resolveFigureName } from "./figure";
import { type MatrixLike, toRows } from "./input";
import { DIVERGING_SCALE, GREY_SCALE, SEQUENTIAL_SCALE, axis, baseConfig, baseLayout } from "./style";
import { t } from "../core/i18n";

/** Options of `heatmap`. */
export interface HeatmapOptions extends FigureOptions {
  /** The matrix; row 0 is drawn at the top, like a printed matrix. */
  z: MatrixLike;
  /** Column labels (default 0, 1, ...), e.g. predicted classes. */
  xLabels?: ReadonlyArray<string | number>;
  /** Row labels (default 0, 1, ...), e.g. true classes. */
  yLabels?: ReadonlyArray<string | number>;
  xLabel?: string;
  yLabel?: string;
  /** Write each value in its cell (default: true up to 400 cells). */
  annotate?: boolean;
  /** Decimals of the cell texts (default: integers as they are, others with 2). */
  digits?: number;
  /**
   * `"sequential"` (white → blue, for counts; the default when all values are ≥ 0) or
   * `"diverging"` (blue → white → red centred on 0, for weights; the default otherwise).
   */
  scale?: "sequential" | "diverging";
}

/** Text of a heatmap cell: integers as they are, other numbers with `digits` decimals. */
export function formatCell(v: number, digits?: number): string {
  if (digits !== undefined) return v.toFixed(digits);
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/**
 * Heatmap of a matrix with its numbers written in the cells, e.g. a confusion matrix
 * (`xLabel: "predicted"`, `yLabel: "true"`) or a layer's weight matrix.
 */
export function heatmap(options: HeatmapOptions): Figure {
  const builder = "heatmap";
  const name = resolveFigureName(options, builder);
  const z = toRows(options.z, builder, "z");
  const rows = z.length;
  const cols = z[0]!.length;
  const xLabels = labels(options.xLabels, cols, builder, "xLabels");
  const yLabels = labels(options.yLabels, rows, builder, "yLabels");
  const flat = z.flat();
  const lo = Math.min(...flat);
  const hi = Math.max(...flat);
  const diverging = (options.scale ?? (lo < 0 ? "diverging" : "sequential")) === "diverging";
  const bound = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  const [zmin, zmax] = diverging ? [-bound, bound] : [Math.min(lo, 0), hi > Math.min(lo, 0) ? hi : Math.min(lo, 0) + 1];
  const data: Trace[] = [
    {
      type: "heatmap",
      name: "values",
      x: xLabels,
      y: yLabels,
      z,
      zmin,
      zmax,
      colorscale: diverging ? DIVERGING_SCALE : SEQUENTIAL_SCALE,
      xgap: 1,
      ygap: 1,
      colorbar: { thickness: 15 },
      hovertemplate: "row %{y}, column %{x}: %{z}<extra></extra>",
    },
  ];
  const layout = baseLayout(options, Math.min(700, Math.max(300, 60 + rows * 45)));
  layout.xaxis = axis(options.xLabel, { type: "category", showgrid: false, zeroline: false, side: "bottom" });
  layout.yaxis = axis(options.yLabel, { type: "category", showgrid: false, zeroline: false, autorange: "reversed" });
  if (options.annotate ?? rows * cols <= 400) {
    const annotations: Annotation[] = [];
    z.forEach((row, i) =>
      row.forEach((v, j) => {
        // Dark cells get white text.
        const t = (v - zmin) / (zmax - zmin);
        const dark = diverging ? Math.abs(t - 0.5) > 0.3 : t > 0.55;
        annotations.push({
          text: formatCell(v, options.digits),
          x: xLabels[j]!,
          y: yLabels[i]!,
          xref: "x",
          yref: "y",
          showarrow: false,
          font: { color: dark ? "#FFFFFF" : "#222222" },
        });
      }),
    );
    layout.annotations = annotations;
  }
  return { name, data, layout, config: baseConfig() };
}

function labels(given: ReadonlyArray<string | number> | undefined, n: number, builder: string, what: string): string[] {
  if (given === undefined) return Array.from({ length: n }, (_, i) => String(i));
  if (!Array.isArray(given) || given.length !== n) {
    throw new Error(
      t`${builder}: "${what}" has ${Array.isArray(given) ? given.length : "no"} entries but the matrix needs ${n}. Hint: one label per ${what === "xLabels" ? "column" : "row"}.`,
    );
  }
  const out = given.map(String);
  if (new Set(out).size !== out.length) {
    throw new Error(t`${builder}: "${what}" has duplicate entries ${JSON.stringify(out)}; labels must be distinct.`);
  }
  return out;
}

/** Options of `image`. */
export interface ImageOptions extends FigureOptions {
  /** Pixel intensities, row 0 at the top. */
  pixels: MatrixLike;
  /** Intensity shown black and white; default [0, 1], or [0, max] if pixels go above 1 (e.g. 0–255). */
  range?: [number, number];
}

function greyRange(rows: number[][], range: [number, number] | undefined): [number, number] {
  if (range !== undefined) return range;
  const flat = rows.flat();
  const lo = Math.min(0, ...flat);
  const hi = Math.max(...flat);
  return [lo, hi > 1 ? hi : 1];
}

function imageTrace(rows: number[][], range: [number, number], axisSuffix: string, label: string): Trace {
  return {
    type: "heatmap",
    name: label,
    z: rows,
    zmin: range[0],
    zmax: range[1],
    colorscale: GREY_SCALE,
    showscale: false,
    xaxis: `x${axisSuffix}`,
    yaxis: `y${axisSuffix}`,
    hovertemplate: "row %{y}, column %{x}: %{z}<extra></extra>",
  };
}

function imageAxes(anchor: string, domain: [number, number], extra: Record<string, unknown>): Record<string, unknown> {
  return { visible: false, showgrid: false, zeroline: false, anchor, domain, constrain: "domain", ...extra };
}

/** A greyscale image of a matrix (black = low, white = high), row 0 on top, square pixels, no axes. */
export function image(options: ImageOptions): Figure {
  const builder = "image";
  const name = resolveFigureName(options, builder);
  const rows = toRows(options.pixels, builder, "pixels");
  const range = greyRange(rows, options.range);
  const layout = baseLayout(options, 320);
  layout.xaxis = imageAxes("y", [0, 1], {});
  layout.yaxis = imageAxes("x", [0, 1], { autorange: "reversed", scaleanchor: "x", scaleratio: 1 });
  return { name, data: [imageTrace(rows, range, "", "image")], layout, config: baseConfig() };
}

/** Options of `imageGrid`. */
export interface ImageGridOptions extends FigureOptions {
  /** The images, drawn left to right, top to bottom. */
  images: ReadonlyArray<MatrixLike>;
  /** One title per image, e.g. `"label 7 · predicted 1"`. */
  titles?: ReadonlyArray<string>;
  /** Images per row (default: up to 5). */
  columns?: number;
  /**
   * Shared intensity range, as in `image`; or `"each"`: every image from its own minimum (black)
   * to its own maximum (white) — for filter outputs, whose values can be negative or above 1.
   */
  range?: [number, number] | "each";
  /** Height of one row of images in pixels (default 150). */
  cellHeight?: number;
  /**
   * Round the pixel values sent to the notebook to this many significant digits (default: as they
   * are). 3 keeps large pictures small (a 128 × 85 photo: ~60 KB of JSON instead of ~200 KB) at no visible cost.
   */
  digits?: number;
}

/** A grid of greyscale images (subplots), each with an optional title above it. */
export function imageGrid(options: ImageGridOptions): Figure {
  const builder = "imageGrid";
  const name = resolveFigureName(options, builder);
  if (!Array.isArray(options.images) || options.images.length === 0) {
    throw new Error(t`${builder}: "images" must be a non-empty list of matrices.`);
  }
  const digits = options.digits;
  if (digits !== undefined && (!Number.isInteger(digits) || digits < 1 || digits > 17)) {
    throw new Error(t`${builder}: "digits" must be a whole number 1…17 (significant digits), got ${digits}.`);
  }
  const all = options.images.map((m, k) => {
    const rows = toRows(m, builder, `images[${k}]`);
    return digits === undefined ? rows : rows.map((r) => r.map((v) => Number(v.toPrecision(digits))));
  });
  const n = all.length;
  if (options.titles !== undefined && options.titles.length !== n) {
    throw new Error(t`${builder}: "titles" has ${options.titles.length} entries but there are ${n} images.`);
  }
  const columns = options.columns ?? Math.min(n, 5);
  if (!Number.isInteger(columns) || columns < 1) {
    throw new Error(t`${builder}: "columns" must be a positive integer, got ${columns}.`);
  }
  const gridRows = Math.ceil(n / columns);
  const each = options.range === "each";
  const range = each ? ([0, 1] as [number, number]) : ((options.range as [number, number] | undefined) ?? greyRange(all.flat(), undefined));
  const gapX = 0.04;
  const gapY = options.titles !== undefined ? 0.16 / Math.max(1, gridRows) + 0.04 : 0.04;
  const cellW = (1 - gapX * (columns - 1)) / columns;
  const cellH = (1 - gapY * (gridRows - 1)) / gridRows;
  const titleRoom = options.title !== undefined ? 50 : 10;
  const layout = baseLayout(options, titleRoom + gridRows * (options.cellHeight ?? 150) + (options.titles ? gridRows * 20 : 0));
  layout.margin = { l: 10, r: 10, t: titleRoom + (options.titles ? 20 : 0), b: 10 };
  const data: Trace[] = [];
  const annotations: Annotation[] = [];
  all.forEach((rows, k) => {
    const r = Math.floor(k / columns);
    const c = k % columns;
    const suffix = k === 0 ? "" : String(k + 1);
    const x0 = c * (cellW + gapX);
    const y1 = 1 - r * (cellH + gapY);
    data.push(imageTrace(rows, each ? ownRange(rows) : range, suffix, options.titles?.[k] ?? `image ${k}`));
    // Clamped to [0, 1]: the last row's or column's edge can come out as -5.6e-17 or 1.0000000000000002,
    // which plotly.js rejects as a domain (Plotly.validate: "set to an invalid value").
    layout[`xaxis${suffix}`] = imageAxes(`y${suffix}`, [x0, Math.min(1, x0 + cellW)], {});
    layout[`yaxis${suffix}`] = imageAxes(`x${suffix}`, [Math.max(0, y1 - cellH), y1], {
      autorange: "reversed",
      scaleanchor: `x${suffix}`,
      scaleratio: 1,
    });
    if (options.titles !== undefined) {
      annotations.push({
        text: options.titles[k]!,
        x: x0 + cellW / 2,
        y: y1,
        xref: "paper",
        yref: "paper",
        xanchor: "center",
        yanchor: "bottom",
        showarrow: false,
        font: { size: 12 },
      });
    }
  });
  if (annotations.length > 0) layout.annotations = annotations;
  return { name, data, layout, config: baseConfig() };
}

/** [min, max] of one image (max = min + 1 for a flat image). */
function ownRange(rows: number[][]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const r of rows) for (const v of r) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi > lo ? [lo, hi] : [lo, lo + 1];
}

/** Options of `sideBySide`. */
export interface SideBySideOptions extends FigureOptions {
  /** The input image (left). */
  input: MatrixLike;
  /** The output image(s), right of the input, e.g. the result of `convolve2d(input, kernel)`. */
  output: MatrixLike | ReadonlyArray<MatrixLike>;
  /** One title per image, input first (default "input", "output"). */
  titles?: ReadonlyArray<string>;
  /**
   * Grey levels: `"each"` (default: every image from its own minimum to its own maximum, so an edge
   * map with negative values is visible) or one shared [black, white] range.
   */
  range?: [number, number] | "each";
  /** Height of the images in pixels (default 220). */
  cellHeight?: number;
  /** Significant digits of the pixel values sent to the notebook (default 3; see `imageGrid`). */
  digits?: number;
}

/**
 * An input image and what a filter made of it, next to each other (one row, no axes):
 *
 * ```ts
 * show(sideBySide({ input: photo, output: convolve2d(photo, FILTERS.sharpen, { padding: "same" }),
 *                   titles: ["photo", "sharpen"], name: "photo-sharpen" }));
 * ```
 */
export function sideBySide(options: SideBySideOptions): Figure {
  const outputs = isImageList(options.output) ? (options.output as ReadonlyArray<MatrixLike>) : [options.output as MatrixLike];
  const images = [options.input, ...outputs];
  const titles = options.titles ?? (outputs.length === 1 ? ["input", "output"] : ["input", ...outputs.map((_, k) => `output ${k + 1}`)]);
  return imageGrid({
    ...options,
    name: resolveFigureName(options, "sideBySide"),
    images,
    titles,
    columns: images.length,
    range: options.range ?? "each",
    cellHeight: options.cellHeight ?? 220,
    digits: options.digits ?? 3,
  });
}

/** True for a list of images (each a list of rows, or a Matrix), false for one image (rows of numbers). */
function isImageList(v: unknown): boolean {
  if (!Array.isArray(v) || v.length === 0) return false;
  const first = v[0] as unknown;
  return !(Array.isArray(first) && (first.length === 0 || typeof first[0] === "number"));
}
