import { describe, expect, it } from "vitest";
import {
  barChart,
  contourPlot,
  heatmap,
  histogram,
  image,
  imageGrid,
  learningCurves,
  lineChart,
  linspace,
  overlay,
  scatterPlot,
  slugify,
  surfacePlot,
  validateFigureName,
} from "../../lib/src/plot";

describe("figure names", () => {
  it("derives a slug from the title", () => {
    expect(lineChart({ title: "Sigmoid and its Derivative!", series: { y: [1, 2] } }).name).toBe(
      "sigmoid-and-its-derivative",
    );
    expect(slugify("Fonction d'activation: élu")).toBe("fonction-d-activation-elu");
  });
  it("rejects bad names, naming the value", () => {
    expect(() => validateFigureName("Bad Name", "lineChart")).toThrow(/lineChart: invalid figure name "Bad Name"/);
    expect(() => lineChart({ name: "../etc", series: { y: [1] } })).toThrow(/"\.\.\/etc"/);
    expect(() => lineChart({ series: { y: [1] } })).toThrow(/lineChart: the figure needs a name/);
    expect(() => lineChart({ title: "σ(·)", series: { y: [1] } })).toThrow(/cannot derive a figure name/);
  });
  it("is JSON-serialisable and deterministic", () => {
    const make = () => contourPlot({ name: "bowl", z: (x, y) => x * x + y * y, path: [[1, 1], [0.5, 0.5]] });
    expect(JSON.parse(JSON.stringify(make()))).toEqual(make());
  });
});

describe("learningCurves", () => {
  const history = { history: { loss: [1, 0.5, 0.3], val_loss: [1.1, 0.7, 0.8], accuracy: [0.5, 0.8, 0.9] }, epoch: [0, 1, 2] };
  it("draws the training and the validation curve of one quantity, per epoch from 1", () => {
    const fig = learningCurves(history);
    expect(fig.name).toBe("learning-curves-loss");
    expect(fig.data.map((t) => [t.name, t.x, t.y])).toEqual([
      ["training loss", [1, 2, 3], [1, 0.5, 0.3]],
      ["validation loss", [1, 2, 3], [1.1, 0.7, 0.8]],
    ]);
    expect((fig.layout.xaxis as { title: { text: string } }).title.text).toBe("epoch");
    const acc = learningCurves(history, { metric: "accuracy", name: "acc" });
    expect([acc.name, acc.data.length, acc.data[0].name]).toEqual(["acc", 1, "training accuracy"]);
  });
  it("names what the history has when the metric is missing, and rejects what is not a history", () => {
    expect(() => learningCurves(history, { metric: "mae" })).toThrow(/learningCurves: the history has no "mae"; it has "loss", "val_loss", "accuracy"\. Hint: .*metrics: \["accuracy"\]/);
    expect(() => learningCurves([1, 2] as unknown as { history: Record<string, number[]> })).toThrow(/expected the History that fit returns, got an array of length 2/);
  });
});

describe("lineChart", () => {
  it("draws one trace per series with the shared x", () => {
    const x = linspace(-1, 1, 5);
    const fig = lineChart({ name: "two", x, series: [{ name: "a", y: x.map((v) => v * 2) }, { name: "b", y: x, dash: "dash" }] });
    expect(fig.data).toHaveLength(2);
    expect(fig.data[0]!.x).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(fig.data[0]!.y).toEqual([-2, -1, 0, 1, 2]);
    expect(fig.data[1]!.name).toBe("b");
    expect((fig.data[0]!.line as { color: string }).color).not.toBe((fig.data[1]!.line as { color: string }).color);
  });
  it("defaults x to 0..n-1 and supports log-y", () => {
    const fig = lineChart({ name: "log", series: { y: Float64Array.from([1, 10, 100]) }, logY: true });
    expect(fig.data[0]!.x).toEqual([0, 1, 2]);
    expect((fig.layout.yaxis as { type: string }).type).toBe("log");
    expect(() => lineChart({ name: "log", series: { y: [1, 0] }, logY: true })).toThrow(/log-y axis needs values > 0/);
  });
  it("rejects empty, NaN and mismatched data with the builder's name", () => {
    expect(() => lineChart({ name: "e", series: { y: [] } })).toThrow(/lineChart: "series\[0\]\.y" is empty/);
    expect(() => lineChart({ name: "n", series: { y: [1, NaN] } })).toThrow(/lineChart: "series\[0\]\.y"\[1\] is NaN/);
    expect(() => lineChart({ name: "m", x: [1, 2, 3], series: { y: [1, 2] } })).toThrow(
      /lineChart: "x" has 3 values but "series\[0\]\.y" has 2/,
    );
  });
});

describe("scatterPlot", () => {
  it("groups points by label, sorted, one trace per class", () => {
    const fig = scatterPlot({ name: "xor", x: [0, 0, 1, 1], y: [0, 1, 0, 1], labels: [0, 1, 1, 0], labelNames: { 1: "true" } });
    expect(fig.data.map((t) => t.name)).toEqual(["0", "true"]);
    expect(fig.data[0]!.x).toEqual([0, 1]);
    expect(fig.data[0]!.y).toEqual([0, 1]);
    expect(fig.data[1]!.x).toEqual([0, 1]);
    expect(fig.data[1]!.y).toEqual([1, 0]);
    expect(() => scatterPlot({ name: "s", x: [1], y: [1, 2] })).toThrow(/scatterPlot: "x" has 1 values but "y" has 2/);
    expect(() => scatterPlot({ name: "s", x: [1], y: [1], labels: [1, 2] })).toThrow(/"labels" has 2/);
  });
});

describe("barChart and histogram", () => {
  it("bar values and categories", () => {
    const fig = barChart({ name: "bars", categories: ["a", "b"], values: [3, 4] });
    expect(fig.data[0]!.x).toEqual(["a", "b"]);
    expect(fig.data[0]!.y).toEqual([3, 4]);
    expect(() => barChart({ name: "bars", categories: ["a"], values: [3, 4] })).toThrow(/barChart: "values" has 2/);
  });
  it("histogram uses explicit shared bins", () => {
    const fig = histogram({ name: "h", values: [{ name: "a", values: [0, 1] }, { name: "b", values: [2, 4] }], bins: 4 });
    expect(fig.data).toHaveLength(2);
    const bins = fig.data[1]!.xbins as { start: number; size: number };
    expect(bins.start).toBe(0);
    expect(bins.size).toBe(1);
    expect(() => histogram({ name: "h", values: [1, Infinity] })).toThrow(/histogram: "values"\[1\] is Infinity/);
  });
});

describe("surfaces", () => {
  const f = (x: number, y: number) => x * x - 2 * y;
  it("surface z equals f on the grid (z[i][j] = f(x[j], y[i]))", () => {
    const fig = surfacePlot({ name: "saddle", z: f, xRange: [-1, 1], yRange: [0, 2], steps: 5 });
    const t = fig.data[0]!;
    const x = t.x as number[];
    const y = t.y as number[];
    const z = t.z as number[][];
    expect(t.type).toBe("surface");
    expect(x).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(y).toEqual([0, 0.5, 1, 1.5, 2]);
    for (const [i, j] of [[0, 0], [1, 3], [4, 4], [2, 1]] as const) expect(z[i]![j]).toBe(f(x[j]!, y[i]!));
  });
  it("contour with a path over it", () => {
    const fig = contourPlot({ name: "descent", z: f, steps: 11, path: [[1, 1], { x: 0.5, y: 0.2 }, [0, 0]] });
    const z = fig.data[0]!.z as number[][];
    const x = fig.data[0]!.x as number[];
    const y = fig.data[0]!.y as number[];
    expect(z[3]![7]).toBeCloseTo(f(x[7]!, y[3]!), 12);
    expect(fig.data[1]!.x).toEqual([1, 0.5, 0]);
    expect(fig.data[1]!.y).toEqual([1, 0.2, 0]);
    expect(fig.data[1]!.mode).toBe("lines+markers");
  });
  it("accepts a matrix and checks x/y against its shape", () => {
    const fig = surfacePlot({ name: "m", z: { toArray: () => [[1, 2, 3], [4, 5, 6]] } });
    expect(fig.data[0]!.x).toEqual([0, 1, 2]);
    expect(fig.data[0]!.y).toEqual([0, 1]);
    expect(() => surfacePlot({ name: "m", z: [[1, 2, 3], [4, 5, 6]], x: [0, 1] })).toThrow(
      /surfacePlot: "z" is 2x3 .* "x" has 2 values/,
    );
    expect(() => contourPlot({ name: "bad", z: (x) => Math.log(x), xRange: [-1, 1] })).toThrow(/contourPlot: z\(-1, -2\) returned NaN/);
    expect(() => contourPlot({ name: "bad", z: f, path: [[0, NaN]] })).toThrow(/contourPlot: "path"\[0\]/);
  });
});

describe("heatmap and images", () => {
  it("annotations equal the matrix entries", () => {
    const m = [[50, 2, 0], [3, 41, 6]];
    const fig = heatmap({ name: "confusion", z: m, xLabels: ["a", "b", "c"], yLabels: ["a", "b"], xLabel: "predicted", yLabel: "true" });
    const ann = fig.layout.annotations!;
    expect(ann).toHaveLength(6);
    for (const a of ann) {
      const i = ["a", "b"].indexOf(a.y as string);
      const j = ["a", "b", "c"].indexOf(a.x as string);
      expect(Number(a.text)).toBe(m[i]![j]);
    }
    expect(fig.data[0]!.z).toEqual(m);
    expect((fig.layout.yaxis as { autorange: string }).autorange).toBe("reversed");
  });
  it("formats weights with 2 decimals on a diverging scale centred on 0", () => {
    const fig = heatmap({ name: "weights", z: { toArray: () => [[0.5, -1.25]] } });
    expect(fig.layout.annotations!.map((a) => a.text)).toEqual(["0.50", "-1.25"]);
    expect(fig.data[0]!.zmin).toBe(-1.25);
    expect(fig.data[0]!.zmax).toBe(1.25);
  });
  it("rejects ragged matrices and wrong label counts", () => {
    expect(() => heatmap({ name: "r", z: [[1, 2], [3]] })).toThrow(/heatmap: "z" is ragged: row 1 has 1 values but row 0 has 2/);
    expect(() => heatmap({ name: "r", z: [] })).toThrow(/heatmap: "z" has no rows/);
    expect(() => heatmap({ name: "r", z: [[1, 2]], xLabels: ["a"] })).toThrow(/"xLabels" has 1 entries but the matrix needs 2/);
    expect(() => heatmap({ name: "r", z: [[1, NaN]] })).toThrow(/"z"\[0\]\[1\] is NaN/);
  });
  it("greyscale image: y reversed, square pixels, no axes", () => {
    const fig = image({ name: "digit", pixels: [[0, 255], [128, 0]] });
    expect(fig.data[0]!.zmax).toBe(255);
    expect(fig.layout.yaxis).toMatchObject({ autorange: "reversed", scaleanchor: "x", visible: false });
    expect(fig.layout.xaxis).toMatchObject({ visible: false });
  });
  it("image grid: one subplot per image with its title", () => {
    const imgs = Array.from({ length: 7 }, (_, k) => [[k, 0], [0, k]]);
    const titles = imgs.map((_, k) => `digit ${k}`);
    const fig = imageGrid({ name: "digits", images: imgs, titles, columns: 4 });
    expect(fig.data).toHaveLength(7);
    expect(fig.data.map((t) => t.xaxis)).toEqual(["x", "x2", "x3", "x4", "x5", "x6", "x7"]);
    expect(fig.data[6]!.z).toEqual(imgs[6]);
    expect(fig.layout.annotations!.map((a) => a.text)).toEqual(titles);
    expect(fig.layout.yaxis7).toMatchObject({ autorange: "reversed", scaleanchor: "x7" });
    const d5 = (fig.layout.xaxis5 as { domain: number[] }).domain;
    const d1 = (fig.layout.xaxis as { domain: number[] }).domain;
    expect(d5).toEqual(d1); // image 5 starts the second row
    expect(() => imageGrid({ name: "g", images: imgs, titles: ["one"] })).toThrow(/"titles" has 1 entries but there are 7 images/);
  });
  it("image grid: every axis domain lies in [0, 1], the last row's too (plotly.js rejects -5.6e-17)", () => {
    // 15 titled images in 3 rows of 5 (notebook 04's misclassified digits): 1 - 2 (h + g) - h was -5.55e-17.
    const imgs = Array.from({ length: 15 }, () => [[0, 1], [1, 0]]);
    const fig = imageGrid({ name: "grid", images: imgs, titles: imgs.map((_, k) => `image ${k}`) });
    const domains = Object.entries(fig.layout)
      .filter(([key]) => /^[xy]axis\d*$/.test(key))
      .map(([key, value]) => [key, (value as { domain: [number, number] }).domain] as const);
    expect(domains).toHaveLength(30);
    for (const [key, [lo, hi]] of domains) {
      expect(lo, key).toBeGreaterThanOrEqual(0);
      expect(hi, key).toBeLessThanOrEqual(1);
      expect(hi - lo, key).toBeGreaterThan(0.1);
    }
    expect(Math.min(...domains.filter(([k]) => k.startsWith("y")).map(([, d]) => d[0]))).toBe(0);
  });
});

describe("overlay", () => {
  it("adds the traces of another figure without touching the inputs", () => {
    const base = contourPlot({ name: "boundary", z: (x, y) => x + y, steps: 3 });
    const points = scatterPlot({ name: "pts", x: [0], y: [0], labels: [1] });
    const both = overlay(base, points);
    expect(both.name).toBe("boundary");
    expect(both.data.map((t) => t.type)).toEqual(["contour", "scatter"]);
    expect(base.data).toHaveLength(1);
  });
});

describe("surfacePlot with a path", () => {
  it("draws the points on the surface, at height f(x, y)", () => {
    const f = (x: number, y: number) => x * x + 10 * y * y;
    const fig = surfacePlot({ name: "bowl-path", z: f, path: [[1, 1], [0.5, -0.2], [0, 0]], pathName: "descent" });
    const path = fig.data[1];
    expect(path.type).toBe("scatter3d");
    expect(path.name).toBe("descent");
    expect(path.x).toEqual([1, 0.5, 0]);
    expect(path.y).toEqual([1, -0.2, 0]);
    expect(path.z).toEqual([f(1, 1), f(0.5, -0.2), f(0, 0)]);
    expect(path.z).toEqual([11, 0.65, 0]);
  });

  it("needs z as a function to place the path", () => {
    expect(() => surfacePlot({ name: "grid-path", z: [[1, 2], [3, 4]], path: [[0, 0]] })).toThrow(/"path" needs "z" as a function/);
  });
});
