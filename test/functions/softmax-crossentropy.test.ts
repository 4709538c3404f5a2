import { describe, expect, it } from "vitest";
import { softmax } from "../../lib/src/functions/activations";
import { Dense } from "../../lib/src/layers/dense";
import { categoricalCrossentropy, sparseCategoricalCrossentropy } from "../../lib/src/functions/losses";
import { Matrix } from "../../lib/src/core/matrix";
import { accuracy } from "../../lib/src/functions/metrics";
import { Sequential } from "../../lib/src/training/model";
import { SGD } from "../../lib/src/training/optimizers";

/** A model whose logits for x = [[1, 0], [0, 1], [1, 1]] are ±1000: the last Dense has no activation. */
function hugeLogitModel(): Sequential {
  const model = new Sequential([new Dense(3, { inputDim: 2, activation: "relu" }), new Dense(3)], { seed: 0 });
  model.setWeights([
    [[1, 0], [0, 1], [1, 1]],
    [[0, 0, 0]],
    [[1000, -1000, 0], [-1000, 1000, 0], [0, 0, -1000]],
    [[0, 0, 0]],
  ]);
  return model;
}
const X = Matrix.from([[1, 0], [0, 1], [1, 1]]);
// true classes 1, 0, 2: the first two are confidently WRONG (logit gaps of 2000)
const Y = Matrix.from([[0, 1, 0], [1, 0, 0], [0, 0, 1]]);
const LABELS = Matrix.columnVector([1, 0, 2]);

describe("fused softmax + cross-entropy (last Dense without activation, fromLogits: true)", () => {
  it("logits ±1000 through the whole model: finite loss, finite gradients", () => {
    const model = hugeLogitModel();
    const Z = model.forward(X, true);
    expect(Z.maxAbs()).toBe(2000);
    for (const [loss, y] of [[categoricalCrossentropy({ fromLogits: true }), Y], [sparseCategoricalCrossentropy({ fromLogits: true }), LABELS]] as const) {
      const L = loss.forward(Z, y);
      expect(Number.isFinite(L)).toBe(true);
      // logits rows [1000, −1000, −1000], [−1000, 1000, −1000], [0, 0, −2000]; ℓ = lse − z_true per row
      expect(L).toBeCloseTo((2000 + 2000 + 2000 + Math.LN2) / 3, 9);
      model.forward(X, true);
      model.backward(loss.backward(Z, y));
      for (const p of model.params()) expect(p.grad.findNonFinite()).toBeNull();
      expect(model.params()[2].grad.maxAbs()).toBeGreaterThan(0.1);
    }
  });

  it("its gradient is (softmax(z) − y)/n, per sample", () => {
    const Z = Matrix.from([[1000, -1000, 0], [2, 1, 0.5], [-3, 700, 699], [0, 0, 0]]);
    const Yh = Matrix.from([[0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0]]);
    const expected = softmax(Z).subtract(Yh).scale(1 / 4);
    // equal up to rounding (lse of logits near 700 has an ulp of 1e-13)
    expect(categoricalCrossentropy({ fromLogits: true }).backward(Z, Yh).allClose(expected, 1e-13)).toBe(true);
    const sparse = sparseCategoricalCrossentropy({ fromLogits: true }).backward(Z, Matrix.columnVector([1, 0, 2, 1]));
    expect(sparse.allClose(expected, 1e-13)).toBe(true);
  });

  it("softmax as a layer + cross-entropy on probabilities saturates: the loss is clipped and the gradient vanishes", () => {
    // Why the fused form is recommended: with softmax(±1000) a probability rounds to 0, the clip at
    // ε = 1e-7 takes over, and the wrong rows no longer push the weights at all.
    const Z = hugeLogitModel().forward(X, false);
    const P = softmax(Z);
    const unfused = categoricalCrossentropy();
    expect(unfused.forward(P, Y)).toBeCloseTo(-Math.log(1e-7), 9); // every row clipped at ε
    expect(unfused.backward(P, Y).row(0).maxAbs()).toBe(0);
    expect(categoricalCrossentropy({ fromLogits: true }).backward(Z, Y).row(0).maxAbs()).toBeCloseTo(1 / 3, 12);
  });

  it("a whole fit step with huge logits produces no NaN and moves the weights", () => {
    for (const [loss, y] of [["onehot", Y], ["sparse", LABELS]] as const) {
      const model = hugeLogitModel();
      model.compile({
        optimizer: new SGD({ learningRate: 0.001 }),
        loss: loss === "onehot" ? categoricalCrossentropy({ fromLogits: true }) : sparseCategoricalCrossentropy({ fromLogits: true }),
        metrics: ["accuracy"],
      });
      const before = model.getWeights()[2].clone();
      const h = model.fit(X, y, { epochs: 3, batchSize: 3, shuffle: false });
      for (const v of h.history.loss) expect(Number.isFinite(v)).toBe(true);
      expect(h.history.loss[2]).toBeLessThan(h.history.loss[0]);
      for (const w of model.getWeights()) expect(w.findNonFinite()).toBeNull();
      expect(model.getWeights()[2].allClose(before, 1e-6)).toBe(false);
    }
  });

  it("predict gives logits, predictProba gives softmax(logits); accuracy works on either", () => {
    const model = hugeLogitModel();
    const logits = model.predict(X);
    const proba = model.predictProba(X);
    expect(proba.allClose(softmax(logits), 0)).toBe(true);
    for (let i = 0; i < 3; i++) expect(proba.row(i).sum()).toBeCloseTo(1, 12);
    expect(accuracy(logits, Y)).toBe(accuracy(proba, Y));
    expect(accuracy(logits, LABELS)).toBe(0); // all three rows are wrong (the third is a tie 0/1 → class 0)
  });

  it("predictProba: unchanged for a softmax output, sigmoid for one logit, an error after relu", () => {
    const soft = new Sequential([new Dense(3, { inputDim: 2, activation: "softmax" })], { seed: 1 });
    expect(soft.predictProba(X).allClose(soft.predict(X), 0)).toBe(true);
    const one = new Sequential([new Dense(1, { inputDim: 2 })], { seed: 1 });
    one.setWeights([[[800, -800]], [[0]]]);
    const p = one.predictProba(X);
    expect(Array.from(p.data)).toEqual([1, 0, 0.5]);
    const relu = new Sequential([new Dense(3, { inputDim: 2, activation: "relu", name: "out" })], { seed: 1 });
    expect(() => relu.predictProba(X)).toThrow(/last layer out applies "relu", so its outputs are neither logits nor probabilities/);
  });
});
