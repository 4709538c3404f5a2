/**
 * Functions of two variables: 3-D surface and contour plots (e.g. loss surfaces), with an
 * optional path (e.g. gradient-descent steps) drawn over the contour.
 */

import { type Figure, type FigureOptions, type Trace, resolveFigureName } from "./figure";
import { type MatrixLike, type NumberList, linspace, toNumbers, toRows } from "./input";
import { SURFACE_SCALE, axis, baseConfig, baseLayout } from "./style";
import { t } from "../core/i18n";

/** A function of two variables, e.g. a loss as a function of two weights. */
export type SurfaceFunction = (x: number, y: number) => number;

/**
 * Where the z values come from: a function sampled on a grid, or a matrix whose row `i` is at
 * `y[i]` and column `j` at `x[j]` (plotly's convention).
 */
export interface GridOptions {
  /** `f(x, y)`, or a matrix of z values (rows = y, columns = x). */
  z: SurfaceFunction | MatrixLike;
  /** Grid x values. Default: `linspace(xRange, steps)` for a function, 0..cols-1 for a matrix. */
  x?: NumberList;
  /** Grid y values. Default: `linspace(yRange, steps)` for a function, 0..rows-1 for a matrix. */
  y?: NumberList;
  /** Default [-2, 2]. */
  xRange?: [number, number];
  /** Default [-2, 2]. */
  yRange?: [number, number];
  /** Grid points per axis when sampling a function (default 41). */
  steps?: number;
}

/** A sampled grid: `z[i][j]` is the value at `(x[j], y[i])`. */
export interface Grid {
  x: number[];
  y: number[];
  z: number[][];
}

/**
 * Samples `options.z` on a grid (or checks a given matrix against `x`/`y`).
 * Throws if `f` returns NaN or ±Infinity anywhere, naming the point.
 */
export function sampleGrid(options: GridOptions, builder = "sampleGrid"): Grid {
  if (typeof options.z === "function") {
    const f = options.z;
    const steps = options.steps ?? 41;
    const x =
      options.x !== undefined ? toNumbers(options.x, builder, "x") : linspace(...(options.xRange ?? [-2, 2]), steps);
    const y =
      options.y !== undefined ? toNumbers(options.y, builder, "y") : linspace(...(options.yRange ?? [-2, 2]), steps);
    const z = y.map((yi) =>
      x.map((xj) => {
        const v = f(xj, yi);
        if (typeof v !== "number" || !Number.isFinite(v)) {
          throw new Error(
            t`${builder}: z(${xj}, ${yi}) returned ${String(v)}, not a finite number. Hint: shrink xRange/yRange to where the function is defined.`,
          );
        }
        return v;
      }),
    );
    return { x, y, z };
  }
  const z = toRows(options.z, builder, "z");
  const rows = z.length;
  const cols = z[0]!.length;
  const x = options.x !== undefined ? toNumbers(options.x, builder, "x") : z[0]!.map((_, j) => j);
  const y = options.y !== undefined ? toNumbers(options.y, builder, "y") : z.map((_, i) => i);
  if (x.length !== cols || y.length !== rows) {
    throw new Error(
      t`${builder}: "z" is ${rows}x${cols} (rows x columns) but "x" has ${x.length} values and "y" has ${y.length}. Hint: z[i][j] is the value at (x[j], y[i]), so x needs ${cols} values and y needs ${rows}.`,
    );
  }
  return { x, y, z };
}

/** Options of `surfacePlot`. */
export interface SurfaceOptions extends FigureOptions, GridOptions {
  xLabel?: string;
  yLabel?: string;
  zLabel?: string;
  /**
   * Points `[x, y]` (e.g. `gradientDescent2D(...).path`) drawn ON the surface, at height f(x, y).
   * Needs `z` to be a function.
   */
  path?: ReadonlyArray<PathPoint>;
  /** Legend entry of the path (default "path"). */
  pathName?: string;
}

/** 3-D surface of `z = f(x, y)` (or of a matrix). Drag to rotate it in the notebook. */
export function surfacePlot(options: SurfaceOptions): Figure {
  const builder = "surfacePlot";
  const name = resolveFigureName(options, builder);
  const grid = sampleGrid(options, builder);
  const data: Trace[] = [
    {
      type: "surface",
      name: options.zLabel ?? "z",
      x: grid.x,
      y: grid.y,
      z: grid.z,
      colorscale: SURFACE_SCALE,
      showscale: true,
      colorbar: { thickness: 15, len: 0.7 },
      contours: { z: { show: true, usecolormap: true, project: { z: true } } },
    },
  ];
  if (options.path !== undefined) {
    const f = options.z;
    if (typeof f !== "function") {
      throw new Error(t`${builder}: "path" needs "z" as a function f(x, y), to place the points at height f(x, y).`);
    }
    const pts = toPathPoints(options.path, builder);
    data.push({
      type: "scatter3d",
      mode: "lines+markers",
      name: options.pathName ?? "path",
      x: pts.x,
      y: pts.y,
      z: pts.x.map((x, i) => f(x, pts.y[i])),
      line: { color: "#D55E00", width: 5 },
      marker: { color: "#D55E00", size: 3 },
      showlegend: true,
    });
  }
  const layout = baseLayout(options, 520);
  layout.margin = { l: 0, r: 0, t: options.title !== undefined ? 50 : 10, b: 0 };
  const sceneAxis = (title: string) => ({
    title: { text: title },
    backgroundcolor: "#FFFFFF",
    gridcolor: "#DDDDDD",
    zerolinecolor: "#999999",
    showbackground: true,
  });
  layout.scene = {
    xaxis: sceneAxis(options.xLabel ?? "x"),
    yaxis: sceneAxis(options.yLabel ?? "y"),
    zaxis: sceneAxis(options.zLabel ?? "z"),
    camera: { eye: { x: 1.6, y: -1.6, z: 1.1 } },
    aspectmode: "cube",
  };
  return { name, data, layout, config: baseConfig() };
}

/** A point of a path over a contour plot. */
export type PathPoint = readonly [number, number] | { x: number; y: number };

/** Options of `contourPlot`. */
export interface ContourOptions extends FigureOptions, GridOptions {
  xLabel?: string;
  yLabel?: string;
  /** Legend/colour-bar label of the z values (default "z"). */
  zLabel?: string;
  /** Number of contour levels (default 20). */
  levels?: number;
  /** Points drawn over the contour as a line with markers, e.g. gradient-descent steps. */
  path?: ReadonlyArray<PathPoint>;
  /** Legend entry of the path (default "path"). */
  pathName?: string;
  /** Same scale on x and y, so circles look round (default false). */
  equalAspect?: boolean;
}

/**
 * Contour plot of `z = f(x, y)` (or a matrix), with an optional path drawn over it
 * (start marked with a circle, end with a star).
 */
export function contourPlot(options: ContourOptions): Figure {
  const builder = "contourPlot";
  const name = resolveFigureName(options, builder);
  const grid = sampleGrid(options, builder);
  let lo = Infinity;
  let hi = -Infinity;
  for (const row of grid.z) for (const v of row) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const levels = options.levels ?? 20;
  const data: Trace[] = [
    {
      type: "contour",
      name: options.zLabel ?? "z",
      x: grid.x,
      y: grid.y,
      z: grid.z,
      colorscale: SURFACE_SCALE,
      autocontour: false,
      contours: { start: lo, end: hi, size: hi > lo ? (hi - lo) / levels : 1, coloring: "fill", showlines: true },
      line: { color: "rgba(255,255,255,0.5)", width: 0.5 },
      colorbar: { thickness: 15, title: { text: options.zLabel ?? "z" } },
      showlegend: false,
    },
  ];
  if (options.path !== undefined) {
    const pts = toPathPoints(options.path, builder);
    const n = pts.x.length;
    data.push({
      type: "scatter",
      mode: "lines+markers",
      name: options.pathName ?? "path",
      x: pts.x,
      y: pts.y,
      line: { color: "#D55E00", width: 2 },
      marker: {
        color: "#D55E00",
        size: pts.x.map((_, i) => (i === 0 || i === n - 1 ? 12 : 6)),
        symbol: pts.x.map((_, i) => (i === 0 ? "circle-open" : i === n - 1 ? "star" : "circle")),
        line: { color: "#FFFFFF", width: 1 },
      },
      showlegend: true,
    });
  }
  const layout = baseLayout(options, 480);
  layout.xaxis = axis(options.xLabel ?? "x", {
    showgrid: false,
    zeroline: false,
    // With equal aspect, shrink the plot area rather than pad the x range with empty space.
    ...(options.equalAspect === true ? { constrain: "domain" } : {}),
  });
  layout.yaxis = axis(
    options.yLabel ?? "y",
    options.equalAspect === true ? { showgrid: false, zeroline: false, scaleanchor: "x" } : { showgrid: false, zeroline: false },
  );
  layout.legend = { x: 0, y: 1, bgcolor: "rgba(255,255,255,0.8)" };
  return { name, data, layout, config: baseConfig() };
}

function toPathPoints(path: ReadonlyArray<PathPoint>, builder: string): { x: number[]; y: number[] } {
  if (!Array.isArray(path) || path.length === 0) {
    throw new Error(t`${builder}: "path" must be a non-empty list of points like [[x0, y0], [x1, y1]].`);
  }
  const x: number[] = [];
  const y: number[] = [];
  path.forEach((p: PathPoint, i: number) => {
    const px = Array.isArray(p) ? p[0] : (p as { x: number }).x;
    const py = Array.isArray(p) ? p[1] : (p as { y: number }).y;
    if (typeof px !== "number" || typeof py !== "number" || !Number.isFinite(px) || !Number.isFinite(py)) {
      throw new Error(
        t`${builder}: "path"[${i}] is ${JSON.stringify(p)}, not a point with two finite numbers. Hint: a diverging descent produces NaN/Infinity; lower the learning rate.`,
      );
    }
    x.push(px);
    y.push(py);
  });
  return { x, y };
}
