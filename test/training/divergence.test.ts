/**
 * Divergence without a NaN (lib/src/training/divergence.ts): fit warns once, on stderr, when the loss
 * blew up and stayed up or the network collapsed onto one class; not when it merely learns slowly.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Matrix } from "../../lib/src/core/matrix";
import { Random } from "../../lib/src/core/random";
import { Dense } from "../../lib/src/layers";
import { categoricalCrossentropy } from "../../lib/src/functions/losses";
import { SGD } from "../../lib/src/training/optimizers";
import { Sequential } from "../../lib/src/training/model";
import { detectDivergence, divergenceReason, mostPredictedClass } from "../../lib/src/training/divergence";
import { loadDigits } from "../../lib/src/data/mnist";

/** 400 samples of 4 well-separated classes in 20 dimensions (one-hot targets). */
function blobs(): { x: Matrix; y: Matrix } {
  const rng = new Random(7);
  const centres = Array.from({ length: 4 }, () => Array.from({ length: 20 }, () => rng.normal() * 2));
  const x: number[][] = [], y: number[][] = [];
  for (let i = 0; i < 400; i++) {
    const c = i % 4;
    x.push(centres[c].map((m) => m + rng.normal()));
    y.push([0, 1, 2, 3].map((k) => (k === c ? 1 : 0)));
  }
  return { x: Matrix.from(x), y: Matrix.from(y) };
}

function reluNet(learningRate: number, kernelInitializer: "he_normal" | "zeros" = "he_normal"): Sequential {
  const m = new Sequential([new Dense(32, { inputDim: 20, activation: "relu", kernelInitializer }), new Dense(4, { kernelInitializer })], { seed: 1 });
  m.compile({ optimizer: new SGD({ learningRate }), loss: categoricalCrossentropy({ fromLogits: true }), metrics: ["accuracy"] });
  return m;
}

let warnings: string[] = [];
beforeEach(() => {
  warnings = [];
  vi.spyOn(console, "warn").mockImplementation((...a: unknown[]) => void warnings.push(a.join(" ")));
});
afterEach(() => vi.restoreAllMocks());

describe("fit's divergence warning", () => {
  const data = blobs();

  it("SGD at η = 50 on a ReLU net (the student's run, 1,000 digits): accuracy at chance, no NaN, and one warning naming the loss, the one class and the learning rate", () => {
    const digits = loadDigits("train", { limit: 1000 });
    const m = new Sequential([new Dense(32, { inputDim: 784, activation: "relu", kernelInitializer: "he_normal" }), new Dense(10)], { seed: 1 });
    m.compile({ optimizer: new SGD({ learningRate: 50 }), loss: categoricalCrossentropy({ fromLogits: true }), metrics: ["accuracy"] });
    const h = m.fit(digits.x, digits.y, { epochs: 3, batchSize: 32, seed: 1 });
    expect(h.history.loss.every(Number.isFinite)).toBe(true);
    expect(h.history.accuracy.at(-1)).toBeLessThan(0.15);
    expect(warnings).toHaveLength(1);
    const d = h.divergence!;
    expect(d.peakLoss).toBeGreaterThan(100 * d.lossBefore);
    expect(d.oneClass?.share).toBeGreaterThanOrEqual(0.9);
    expect(warnings[0]).toBe(d.message);
    expect(warnings[0]).toMatch(/^Warning from fit: training is diverging, although no number became NaN\. The loss grew from 2\.\d+ before training to [\d.e+]+ in epoch 1 and is \d+(\.\d+)? after the last epoch\./);
    expect(warnings[0]).toMatch(new RegExp(`The network now predicts class ${d.oneClass!.label} for \\d+(\\.\\d)? % of the training samples checked`));
    expect(warnings[0]).toMatch(/The learning rate \(50\) is probably too high: try a smaller one, e\.g\. 5, and check that the inputs are scaled/);
  });

  it("blobs at η = 50: the loss blows up and stays up (no collapse needed); a loop of fits warns once", () => {
    const m = reluNet(50);
    const h = m.fit(data.x, data.y, { epochs: 3, batchSize: 32 });
    expect(h.divergence?.finalLoss).toBeGreaterThan(0.9 * h.divergence!.lossBefore);
    expect(warnings).toHaveLength(1);
    expect(m.fit(data.x, data.y, { epochs: 1, batchSize: 32 }).divergence).toBeDefined();
    expect(warnings).toHaveLength(1); // the same optimizer: no second warning
    reluNet(50).fit(data.x, data.y, { epochs: 3, batchSize: 32 });
    expect(warnings).toHaveLength(2);
  });

  it("a good learning rate and a slow one (all-zero weights) give no warning", () => {
    const good = reluNet(0.05).fit(data.x, data.y, { epochs: 3, batchSize: 32 });
    expect(good.history.accuracy.at(-1)).toBeGreaterThan(0.9);
    const zeros = reluNet(0.05, "zeros").fit(data.x, data.y, { epochs: 3, batchSize: 32 });
    expect(mostPredictedClass(reluNet(0.05, "zeros").predict(data.x))?.share).toBe(1); // all-zero weights: one class, but no spike
    expect(good.divergence).toBeUndefined();
    expect(zeros.divergence).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it("warn: false keeps the finding in history.divergence without printing it", () => {
    const h = reluNet(50).fit(data.x, data.y, { epochs: 3, batchSize: 32, warn: false });
    expect(h.divergence).toBeDefined();
    expect(warnings).toEqual([]);
    expect(() => reluNet(1).fit(data.x, data.y, { warn: "no" as unknown as boolean })).toThrow("fit: warn must be true or false, got the string 'no'.");
  });

  it("the rule: a spike training recovers from, and a lopsided data set, are not divergence", () => {
    const P = Matrix.from(Array.from({ length: 10 }, () => [5, 0]));
    const balanced = Matrix.from(Array.from({ length: 10 }, (_, i) => (i % 2 ? [0, 1] : [1, 0])));
    const lopsided = Matrix.from(Array.from({ length: 10 }, () => [1, 0]));
    expect(detectDivergence({ lossBefore: 2, epochLosses: [9, 1.5, 0.4], learningRate: 1 })).toBeUndefined();
    expect(detectDivergence({ lossBefore: 2, epochLosses: [9, 8, 7], learningRate: 1 })?.message).toMatch(/grew from 2 before training to 9 in epoch 1 and is 7 after the last epoch/);
    expect(detectDivergence({ lossBefore: 2, epochLosses: [2.5, 1.9], learningRate: 1, predictions: () => ({ P, Y: balanced }) })?.oneClass).toEqual({ label: 0, share: 1 });
    expect(detectDivergence({ lossBefore: 2, epochLosses: [2.5, 1.9], learningRate: 1, predictions: () => ({ P, Y: lopsided }) })).toBeUndefined();
    expect(detectDivergence({ lossBefore: 2, epochLosses: [2.1, 2], learningRate: 1, predictions: () => ({ P, Y: balanced }) })).toBeUndefined();
    expect(detectDivergence({ lossBefore: NaN, epochLosses: [9], learningRate: 1 })).toBeUndefined();
  });

  it("the grader's reason: one class on the held-out digits and/or the loss that grew", () => {
    const report = detectDivergence({ lossBefore: 2.3, epochLosses: [1022, 903.2, 947.6], learningRate: 1000 });
    expect(divergenceReason(report, { label: 0, share: 1 })).toBe(
      "Training collapsed to one class: the network answers 0 for 100.0 % of the held-out digits, whatever the digit, and the training loss grew from 2.3 before training to 1022 in epoch 1: the learning rate is probably too high. Try a smaller one.",
    );
    expect(divergenceReason(report, { label: 3, share: 0.3 })).toBe("The training loss grew from 2.3 before training to 1022 in epoch 1: the learning rate is probably too high. Try a smaller one.");
    expect(divergenceReason(undefined, { label: 7, share: 0.95 })).toBe(
      "Training collapsed to one class: the network answers 7 for 95.0 % of the held-out digits, whatever the digit (usually a learning rate too large for the optimizer, or weights that all start at the same value).",
    );
    expect(divergenceReason(undefined, { label: 7, share: 0.3 })).toBeUndefined();
  });
});
