/**
 * 2-D charts: line chart, learning curves, scatter plot (with groups), bar chart, histogram.
 *
 * Each builder returns a plain `Figure`; nothing is drawn until you pass it to `show`.
 */

import { describeValue } from "../core/errors";
import { type Figure, type FigureOptions, type Trace, resolveFigureName } from "./figure";
import { type NumberList, checkSameLength, toNumbers } from "./input";
import { axis, baseConfig, baseLayout, paletteColor } from "./style";

/** One line of a line chart. */
export interface LineSeries {
  /** The values. */
  y: NumberList;
  /** x positions; defaults to the chart's `x`, else 0, 1, 2, ... */
  x?: NumberList;
  /** Legend entry. */
  name?: string;
  /** CSS colour; defaults to the palette colour of the series' position. */
  color?: string;
  dash?: "solid" | "dash" | "dot" | "dashdot";
  /** Draw a marker at every point (default false). */
  markers?: boolean;
}

/** Options of `lineChart`. */
export interface LineChartOptions extends FigureOptions {
  /** One series or several. */
  series: LineSeries | LineSeries[];
  /** x positions shared by all series that have no `x` of their own. */
  x?: NumberList;
  xLabel?: string;
  yLabel?: string;
  /** Logarithmic y axis (all values must then be > 0). */
  logY?: boolean;
}

/**
 * Line chart of one or more series.
 *
 * @example
 * const xs = linspace(-6, 6, 121);
 * show(lineChart({
 *   name: "sigmoid-derivative", title: "Sigmoid and its derivative", x: xs,
 *   series: [{ name: "σ(x)", y: xs.map(sigmoid) }, { name: "σ'(x)", y: xs.map(sigmoidPrime), dash: "dash" }],
 * }));
 */
export function lineChart(options: LineChartOptions): Figure {
  const builder = "lineChart";
  const name = resolveFigureName(options, builder);
  const seriesList = Array.isArray(options.series) ? options.series : [options.series];
  if (seriesList.length === 0) {
    throw new Error(`${builder}: "series" is empty. Hint: pass { series: [{ y: [...] }] }.`);
  }
  const sharedX = options.x === undefined ? undefined : toNumbers(options.x, builder, "x");
  const data: Trace[] = seriesList.map((s, i) => {
    const what = `series[${i}]`;
    if (s === null || typeof s !== "object") {
      throw new Error(`${builder}: "${what}" must be an object like { y: [...] }, got ${String(s)}.`);
    }
    const y = toNumbers(s.y, builder, `${what}.y`);
    if (options.logY === true) {
      const bad = y.findIndex((v) => v <= 0);
      if (bad >= 0) {
        throw new Error(
          `${builder}: "${what}.y"[${bad}] is ${y[bad]}, but a log-y axis needs values > 0. Hint: drop logY or the non-positive values.`,
        );
      }
    }
    let x: number[];
    if (s.x !== undefined) {
      x = toNumbers(s.x, builder, `${what}.x`);
      checkSameLength(builder, `${what}.x`, x, `${what}.y`, y);
    } else if (sharedX !== undefined) {
      x = sharedX;
      checkSameLength(builder, "x", x, `${what}.y`, y);
    } else {
      x = y.map((_, k) => k);
    }
    const color = s.color ?? paletteColor(i);
    return {
      type: "scatter",
      mode: s.markers === true ? "lines+markers" : "lines",
      name: s.name ?? `series ${i + 1}`,
      x,
      y,
      line: { color, width: 2, dash: s.dash ?? "solid" },
      marker: { color, size: 6 },
      showlegend: seriesList.length > 1 || s.name !== undefined,
    };
  });
  const layout = baseLayout(options, 400);
  layout.xaxis = axis(options.xLabel);
  layout.yaxis = axis(options.yLabel, options.logY === true ? { type: "log" } : {});
  return { name, data, layout, config: baseConfig() };
}

/** What `learningCurves` reads: the `History` that `fit` returns (or anything with its `history` record). */
export interface HistoryLike {
  /** Per logged quantity (`loss`, `val_loss`, `accuracy`, …) one number per epoch. */
  readonly history: Readonly<Record<string, readonly number[]>>;
  /** The epochs' indices from 0; default 0, 1, 2, … */
  readonly epoch?: readonly number[];
}

/** Options of `learningCurves`. */
export interface LearningCurvesOptions extends FigureOptions {
  /** The quantity to draw: `"loss"` (default) or a metric compiled into the model, e.g. `"accuracy"`. */
  metric?: string;
  /** Logarithmic y axis (a loss over many epochs). */
  logY?: boolean;
}

/**
 * Learning curves: one quantity of a training run per epoch, on the training data and — when `fit`
 * had validation data — on the validation data, the picture in which over-fitting shows (the
 * validation curve turns up while the training curve keeps going down). Keras users draw
 * `history.history` the same way.
 *
 * @example
 * const history = model.fit(x, y, { epochs: 20, validationSplit: 0.2 });
 * show(learningCurves(history));                                   // loss and val_loss
 * show(learningCurves(history, { metric: "accuracy" }));           // accuracy and val_accuracy
 */
export function learningCurves(history: HistoryLike, options: LearningCurvesOptions = {}): Figure {
  const builder = "learningCurves";
  if (history === null || typeof history !== "object" || history.history === null || typeof history.history !== "object") {
    throw new Error(`${builder}: expected the History that fit returns, got ${describeValue(history)}. Hint: const history = model.fit(x, y, { epochs: 10 });`);
  }
  const metric = options.metric ?? "loss";
  const train = history.history[metric];
  if (train === undefined) {
    throw new Error(
      `${builder}: the history has no "${metric}"; it has ${Object.keys(history.history).map((k) => `"${k}"`).join(", ") || "nothing"}. ` +
        `Hint: a metric is recorded when the model is compiled with it, e.g. metrics: ["accuracy"].`,
    );
  }
  const validation = history.history[`val_${metric}`];
  const epochs = history.epoch !== undefined && history.epoch.length === train.length ? history.epoch.map((e) => e + 1) : train.map((_, k) => k + 1);
  const series: LineSeries[] = [{ name: `training ${metric}`, y: train, markers: true }];
  if (validation !== undefined) series.push({ name: `validation ${metric}`, y: validation, dash: "dash", markers: true });
  return lineChart({
    ...options,
    title: options.title ?? `Learning curves: ${metric}`,
    x: epochs,
    series,
    xLabel: "epoch",
    yLabel: metric,
  });
}

/** Options of `scatterPlot`. */
export interface ScatterOptions extends FigureOptions {
  x: NumberList;
  y: NumberList;
  /** A class label per point; points are grouped (one colour and legend entry per label). */
  labels?: ReadonlyArray<string | number>;
  /** Legend text per label, e.g. `{ 0: "false", 1: "true" }`. */
  labelNames?: Record<string, string>;
  xLabel?: string;
  yLabel?: string;
  /** Marker size in pixels (default 9). */
  markerSize?: number;
}

const GROUP_SYMBOLS = ["circle", "x", "diamond", "square", "triangle-up", "cross", "star", "triangle-down"];

/**
 * Scatter plot of points `(x[i], y[i])`, optionally grouped by `labels` (one colour and marker
 * symbol per class, sorted by label). Overlay it on a `contourPlot` of a classifier's output to
 * show a decision boundary: `overlay(contourPlot({...}), scatterPlot({...}))`.
 */
export function scatterPlot(options: ScatterOptions): Figure {
  const builder = "scatterPlot";
  const name = resolveFigureName(options, builder);
  const x = toNumbers(options.x, builder, "x");
  const y = toNumbers(options.y, builder, "y");
  checkSameLength(builder, "x", x, "y", y);
  const size = options.markerSize ?? 9;
  const data: Trace[] = [];
  if (options.labels === undefined) {
    data.push({
      type: "scatter",
      mode: "markers",
      name: "points",
      x,
      y,
      marker: { color: paletteColor(0), size, line: { color: "#FFFFFF", width: 1 } },
      showlegend: false,
    });
  } else {
    const labels = Array.from(options.labels);
    checkSameLength(builder, "labels", labels, "x", x);
    const groups = [...new Set(labels)].sort((a, b) =>
      typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b)),
    );
    groups.forEach((label, g) => {
      const idx = labels.flatMap((l, i) => (l === label ? [i] : []));
      data.push({
        type: "scatter",
        mode: "markers",
        name: options.labelNames?.[String(label)] ?? String(label),
        x: idx.map((i) => x[i]!),
        y: idx.map((i) => y[i]!),
        marker: {
          color: paletteColor(g),
          size,
          symbol: GROUP_SYMBOLS[g % GROUP_SYMBOLS.length],
          line: { color: "#FFFFFF", width: 1 },
        },
        showlegend: true,
      });
    });
  }
  const layout = baseLayout(options, 420);
  layout.xaxis = axis(options.xLabel);
  layout.yaxis = axis(options.yLabel);
  return { name, data, layout, config: baseConfig() };
}

/** One group of bars in a bar chart. */
export interface BarSeries {
  values: NumberList;
  name?: string;
  color?: string;
}

/** Options of `barChart`: give `values` (one series) or `series` (grouped bars). */
export interface BarChartOptions extends FigureOptions {
  /** Category of every bar, e.g. `["sigmoid", "tanh", "ReLU"]`. */
  categories: ReadonlyArray<string | number>;
  values?: NumberList;
  series?: BarSeries[];
  xLabel?: string;
  yLabel?: string;
  logY?: boolean;
}

/** Bar chart: one bar per category, or grouped bars with several `series`. */
export function barChart(options: BarChartOptions): Figure {
  const builder = "barChart";
  const name = resolveFigureName(options, builder);
  if (!Array.isArray(options.categories) || options.categories.length === 0) {
    throw new Error(`${builder}: "categories" must be a non-empty array, e.g. ["a", "b"].`);
  }
  const categories = options.categories.map(String);
  if ((options.values === undefined) === (options.series === undefined)) {
    throw new Error(`${builder}: pass exactly one of "values" (one series) or "series" (grouped bars).`);
  }
  const seriesList: BarSeries[] = options.series ?? [{ values: options.values! }];
  if (seriesList.length === 0) throw new Error(`${builder}: "series" is empty.`);
  const data: Trace[] = seriesList.map((s, i) => {
    const what = options.series === undefined ? "values" : `series[${i}].values`;
    const values = toNumbers(s.values, builder, what);
    checkSameLength(builder, what, values, "categories", categories);
    return {
      type: "bar",
      name: s.name ?? `series ${i + 1}`,
      x: categories,
      y: values,
      marker: { color: s.color ?? paletteColor(i) },
      showlegend: seriesList.length > 1,
    };
  });
  const layout = baseLayout(options, 400);
  layout.barmode = "group";
  layout.xaxis = axis(options.xLabel, { type: "category", showgrid: false });
  layout.yaxis = axis(options.yLabel, options.logY === true ? { type: "log" } : {});
  return { name, data, layout, config: baseConfig() };
}

/** Options of `histogram`. */
export interface HistogramOptions extends FigureOptions {
  /** The samples: one list, or several named lists drawn semi-transparent over each other. */
  values: NumberList | { name: string; values: NumberList }[];
  /** Number of equal-width bins over the range of all samples (default 30). */
  bins?: number;
  xLabel?: string;
  /** Default "count" (or "density" with `normalize`). */
  yLabel?: string;
  /** Show a probability density instead of counts. */
  normalize?: boolean;
}

/**
 * Histogram with explicit, shared bins (the same `bins` equal-width bins for every series),
 * e.g. of a layer's weights or activations.
 */
export function histogram(options: HistogramOptions): Figure {
  const builder = "histogram";
  const name = resolveFigureName(options, builder);
  const raw = options.values;
  const groups: { name: string; values: number[] }[] =
    Array.isArray(raw) && raw.length > 0 && typeof raw[0] === "object" && raw[0] !== null
      ? (raw as { name: string; values: NumberList }[]).map((g, i) => ({
          name: g.name,
          values: toNumbers(g.values, builder, `values[${i}].values`),
        }))
      : [{ name: "values", values: toNumbers(raw, builder, "values") }];
  const bins = options.bins ?? 30;
  if (!Number.isInteger(bins) || bins < 1) {
    throw new Error(`${builder}: "bins" must be a positive integer, got ${bins}.`);
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const g of groups) for (const v of g.values) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  if (lo === hi) (lo -= 0.5), (hi += 0.5);
  const size = (hi - lo) / bins;
  const data: Trace[] = groups.map((g, i) => ({
    type: "histogram",
    name: g.name,
    x: g.values,
    xbins: { start: lo, end: hi + size * 1e-9, size },
    autobinx: false,
    histnorm: options.normalize === true ? "probability density" : "",
    marker: { color: paletteColor(i), line: { color: "#FFFFFF", width: 0.5 } },
    opacity: groups.length > 1 ? 0.6 : 1,
    showlegend: groups.length > 1,
  }));
  const layout = baseLayout(options, 380);
  layout.barmode = "overlay";
  layout.bargap = 0.02;
  layout.xaxis = axis(options.xLabel);
  layout.yaxis = axis(options.yLabel ?? (options.normalize === true ? "density" : "count"));
  return { name, data, layout, config: baseConfig() };
}
