import { describe, expect, test } from "vitest";
import { Dense } from "../../lib/src/layers";
import { Matrix } from "../../lib/src/core/matrix";
import { Sequential } from "../../lib/src/training/model";
import { SGD } from "../../lib/src/training/optimizers";
import { Random } from "../../lib/src/core/random";
import { gridSearch, gridSettings, HyperParams, randomSearch, randomSettings } from "../../lib/src/training/tuning";

const x = Matrix.uniform(60, 2, new Random(1), -1, 1);
const target = Matrix.columnVector(Array.from({ length: 60 }, (_, i) => 2 * x.get(i, 0) - x.get(i, 1)));

function build(p: HyperParams): Sequential {
  const m = new Sequential([new Dense(p.units as number, { inputDim: 2, activation: "tanh" }), new Dense(1)], { seed: 1 });
  m.compile({ optimizer: new SGD({ learningRate: p.learningRate as number }), loss: "mse", metrics: ["mae"] });
  return m;
}

describe("hyper-parameter search", () => {
  test("gridSettings: every combination, last name fastest", () => {
    expect(gridSettings({ a: [1, 2], b: ["x", "y", "z"] })).toEqual([
      { a: 1, b: "x" }, { a: 1, b: "y" }, { a: 1, b: "z" }, { a: 2, b: "x" }, { a: 2, b: "y" }, { a: 2, b: "z" },
    ]);
    expect(() => gridSettings({ a: [] })).toThrow(/no values/);
  });

  test("randomSettings: seeded, inside the ranges, log-uniform and integer ranges", () => {
    const space = { lr: { min: 1e-4, max: 1e-1, log: true }, units: { min: 4, max: 64, integer: true }, act: ["relu", "tanh"] };
    const a = randomSettings(space, 200, 3);
    expect(a).toEqual(randomSettings(space, 200, 3));
    for (const s of a) {
      expect(s.lr as number).toBeGreaterThanOrEqual(1e-4);
      expect(s.lr as number).toBeLessThanOrEqual(1e-1);
      expect(Number.isInteger(s.units)).toBe(true);
      expect(["relu", "tanh"]).toContain(s.act);
    }
    // log-uniform: about a third of the draws in each decade
    const lowDecade = a.filter((s) => (s.lr as number) < 1e-3).length / a.length;
    expect(lowDecade).toBeGreaterThan(0.2);
    expect(lowDecade).toBeLessThan(0.47);
    expect(() => randomSettings({ lr: { min: 0, max: 1, log: true } }, 2)).toThrow(/min must be > 0/);
  });

  // loads danfojs (with TensorFlow.js): seconds on a busy machine, not a speed test.

  test("gridSearch ranks the runs by the best validation value; the table lists them best first", { timeout: 60_000 }, () => {
    const result = gridSearch({ learningRate: [0.001, 0.1], units: [2, 8] }, build, x, target, {
      epochs: 15, batchSize: 10, validationSplit: 0.25, monitor: "val_mae",
    });
    expect(result.direction).toBe("min");
    expect(result.runs.length).toBe(4);
    expect(result.runs.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    for (let k = 1; k < 4; k++) expect(result.runs[k].best).toBeGreaterThanOrEqual(result.runs[k - 1].best);
    const r = result.best;
    expect(r.best).toBe(Math.min(...r.history.val_mae));
    expect(r.history.val_mae[r.bestEpoch - 1]).toBe(r.best);
    expect(r.params.learningRate).toBe(0.1); // the tiny rate barely moves in 15 epochs
    const df = result.toFrame();
    expect(df.columns).toEqual(["rank", "learningRate", "units", "best val_mae", "epoch", "seconds"]);
    expect(df.shape).toEqual([4, 6]);
    expect((df.values as number[][])[0][3]).toBe(r.best);
  });

  test("randomSearch: n runs with settings from the seed; unknown monitors are explained", () => {
    const result = randomSearch({ learningRate: { min: 0.01, max: 0.2, log: true }, units: [4] }, 3, build, x, target, {
      epochs: 3, batchSize: 20, monitor: "val_loss", seed: 2,
    });
    expect(result.runs.length).toBe(3);
    expect(result.runs.map((r) => r.params).sort((a, b) => (a.learningRate as number) - (b.learningRate as number)))
      .toEqual(randomSettings({ learningRate: { min: 0.01, max: 0.2, log: true }, units: [4] }, 3, 2).sort((a, b) => (a.learningRate as number) - (b.learningRate as number)));
    expect(() => gridSearch({ learningRate: [0.1], units: [2] }, build, x, target, { epochs: 1, monitor: "val_accuracy" })).toThrow(/"val_accuracy" was not logged/);
  });
});
