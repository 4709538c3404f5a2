import { describe, expect, test } from "vitest";
import { modelFromJSON, modelToJSON } from "../../lib/src/training/serialization";
import { checkGradient } from "../../lib/src/lecture/gradcheck";
import { BatchNorm, BatchNormalization, Dense, Dropout, Layer, layerFromConfig } from "../../lib/src/layers";
import { Matrix } from "../../lib/src/core/matrix";
import { Sequential } from "../../lib/src/training/model";
import { SGD } from "../../lib/src/training/optimizers";
import { l1, l1l2, l2 } from "../../lib/src/functions/regularizers";
import { Random } from "../../lib/src/core/random";

/** E = Σ Y ⊙ G (so ∂E/∂Y = G) in the given mode; checks dX and every parameter's gradient. */
function checkLayer(layer: Layer, X: Matrix, training: boolean, tolerance = 1e-6): void {
  const Y = layer.forward(X, training);
  const G = Matrix.uniform(Y.rows, Y.cols, new Random(7), -1, 1);
  const dX = layer.backward(G).clone();
  const grads = layer.params().map((p) => p.grad.clone());
  const E = () => layer.forward(X, training).multiply(G).sum();
  expect(checkGradient(E, X, dX, { tolerance }).maxRelativeError, `${layer.name} dX`).toBeLessThan(tolerance);
  layer.params().forEach((p, k) => {
    expect(checkGradient(E, p.value, grads[k], { tolerance }).maxRelativeError, p.name).toBeLessThan(tolerance);
  });
}

describe("BatchNorm", () => {
  test("training: every feature has batch mean 0 and variance σ²/(σ²+ε) before γ, β; then y = γx̂ + β", () => {
    const bn = new BatchNorm({ inputDim: 3 });
    const X = Matrix.normal(50, 3, new Random(1), 5, 3);
    bn.setWeights([[[2, 1, 0.5]], [[1, 0, -1]]]);
    const Y = bn.forward(X, true);
    const mean = X.mean(0);
    const variance = X.map((v, _i, j) => (v - mean.data[j]) ** 2).mean(0);
    for (let j = 0; j < 3; j++) {
      const col = Y.col(j);
      const g = [2, 1, 0.5][j];
      const b = [1, 0, -1][j];
      expect(col.mean()).toBeCloseTo(b, 10);
      const v = col.map((y) => (y - b) ** 2).mean();
      expect(v).toBeCloseTo((g * g * variance.data[j]) / (variance.data[j] + 1e-3), 10);
    }
  });

  test("moving statistics: momentum 0.99 update in training; inference uses them; Keras defaults", () => {
    const bn = new BatchNorm({ inputDim: 2 });
    expect([bn.momentum, bn.epsilon]).toEqual([0.99, 1e-3]);
    expect(bn.movingMean.toArray()).toEqual([[0, 0]]);
    expect(bn.movingVariance.toArray()).toEqual([[1, 1]]);
    const X = Matrix.from([[1, 10], [3, 20]]); // means 2, 15; biased variances 1, 25
    bn.forward(X, true);
    expect(bn.movingMean.data[0]).toBeCloseTo(0.01 * 2, 14);
    expect(bn.movingMean.data[1]).toBeCloseTo(0.01 * 15, 14);
    expect(bn.movingVariance.data[0]).toBeCloseTo(0.99 + 0.01 * 1, 14);
    expect(bn.movingVariance.data[1]).toBeCloseTo(0.99 + 0.01 * 25, 14);
    const before = bn.movingMean.clone();
    const Yinf = bn.forward(X, false);
    expect(bn.movingMean.toArray()).toEqual(before.toArray()); // inference does not update
    expect(Yinf.get(0, 1)).toBeCloseTo((10 - bn.movingMean.data[1]) / Math.sqrt(bn.movingVariance.data[1] + 1e-3), 12);
    // after many batches from the same distribution the moving statistics approach the batch ones
    const bn2 = new BatchNorm({ inputDim: 1, momentum: 0.9 });
    const rng = new Random(3);
    for (let k = 0; k < 300; k++) bn2.forward(Matrix.normal(64, 1, rng, 4, 2), true);
    expect(bn2.movingMean.data[0]).toBeCloseTo(4, 0);
    expect(bn2.movingVariance.data[0] / 4).toBeCloseTo(1, 0);
  });

  test("gradient check of γ, β and the input in training mode (and in inference mode)", () => {
    const X = Matrix.normal(6, 4, new Random(2), 1, 2);
    const bn = new BatchNorm({ inputDim: 4, momentum: 0.5 });
    bn.setWeights([Matrix.uniform(1, 4, new Random(5), 0.5, 2), Matrix.uniform(1, 4, new Random(6), -1, 1)]);
    checkLayer(bn, X, true, 1e-5);
    checkLayer(bn, X, false);
  });

  test("params are γ and β only; config holds the moving statistics; BatchNormalization is the Keras alias", () => {
    const bn = new BatchNormalization({ inputDim: 3 });
    expect(bn.className).toBe("BatchNormalization");
    expect(bn.params().map((p) => p.name.split("/")[1])).toEqual(["gamma", "beta"]);
    expect(bn.countParams()).toBe(6);
    bn.forward(Matrix.normal(8, 3, new Random(1), 2, 1), true);
    const copy = layerFromConfig(bn.getConfig()) as BatchNorm;
    expect(copy.movingMean.toArray()).toEqual(bn.movingMean.toArray());
    expect(copy.movingVariance.toArray()).toEqual(bn.movingVariance.toArray());
  });
});

describe("Dropout", () => {
  test("training keeps about 1 − rate of the inputs, scaled by 1/(1 − rate); expected value unchanged", () => {
    const d = new Dropout(0.3, { seed: 1 });
    const X = Matrix.full(200, 100, 2);
    const Y = d.forward(X, true);
    const kept = Y.data.filter((v) => v !== 0);
    expect(kept.length / Y.size).toBeGreaterThan(0.69);
    expect(kept.length / Y.size).toBeLessThan(0.71);
    for (const v of kept) expect(v).toBeCloseTo(2 / 0.7, 12);
    expect(Y.mean()).toBeCloseTo(2, 1);
  });

  test("identity in inference; a new mask per training batch; same seed ⇒ same masks", () => {
    const X = Matrix.uniform(5, 8, new Random(0));
    const d = new Dropout(0.5, { seed: 4 });
    expect(d.forward(X, false)).toBe(X);
    expect(d.forward(X).toArray()).toEqual(X.toArray()); // default: inference
    const a = d.forward(X, true).toArray();
    const b = d.forward(X, true).toArray();
    expect(a).not.toEqual(b);
    const again = new Dropout(0.5, { seed: 4 });
    expect(again.forward(X, true).toArray()).toEqual(a);
    expect(() => new Dropout(1)).toThrow(/rate must be a number in \[0, 1\)/);
  });

  test("backward uses the mask of the forward (gradient check with the mask fixed)", () => {
    const d = new Dropout(0.4, { seed: 2 });
    const X = Matrix.uniform(4, 6, new Random(1), -1, 1);
    d.forward(X, true);
    const M = (d.mask as Matrix).clone();
    const G = Matrix.uniform(4, 6, new Random(3), -1, 1);
    const dX = d.backward(G);
    // with the mask fixed, the layer is X ↦ X ⊙ M
    const r = checkGradient(() => X.multiply(M).multiply(G).sum(), X, dX);
    expect(r.ok).toBe(true);
    expect(dX.toArray()).toEqual(G.multiply(M).toArray());
    for (let k = 0; k < M.size; k++) expect(M.data[k] === 0 || Math.abs(M.data[k] - 1 / 0.6) < 1e-12).toBe(true);
    d.forward(X, false);
    expect(d.backward(G)).toBe(G);
  });
});

describe("L1 and L2 weight penalties", () => {
  test("penalty values: λΣw², λΣ|w|, both", () => {
    const W = Matrix.from([[1, -2], [0.5, 0]]);
    expect(l2(0.1).penalty(W)).toBeCloseTo(0.1 * (1 + 4 + 0.25), 14);
    expect(l1(0.1).penalty(W)).toBeCloseTo(0.1 * 3.5, 14);
    expect(l1l2({ l1: 0.1, l2: 0.01 }).penalty(W)).toBeCloseTo(0.35 + 0.0525, 14);
    expect(l2(0.1).gradient(W).toArray()).toEqual([[0.2, -0.4], [0.1, 0]]);
    expect(l1(0.1).gradient(W).toArray()).toEqual([[0.1, -0.1], [0.1, 0]]);
    expect(() => l2(-1)).toThrow(/≥ 0/);
  });

  test("Dense with kernelRegularizer: gradient check of loss + penalty", () => {
    for (const reg of [l2(0.05), l1(0.05), l1l2({ l1: 0.02, l2: 0.03 })]) {
      const d = new Dense(3, { inputDim: 4, activation: "tanh", kernelRegularizer: reg, seed: 1 });
      const X = Matrix.uniform(5, 4, new Random(2), -1, 1);
      const G = Matrix.uniform(5, 3, new Random(3), -1, 1);
      d.forward(X, true);
      d.backward(G);
      const dW = d.dW.clone();
      const E = () => d.forward(X, true).multiply(G).sum() + d.regularizationLoss();
      expect(d.regularizationLoss()).toBeCloseTo(reg.penalty(d.W), 14);
      expect(checkGradient(E, d.W, dW, { tolerance: 1e-6 }).maxRelativeError).toBeLessThan(1e-6);
    }
  });

  test("the model's logged loss includes the penalty (fit, evaluate, val_loss), as in Keras", () => {
    const x = Matrix.uniform(20, 3, new Random(1), -1, 1);
    const y = Matrix.uniform(20, 1, new Random(2), -1, 1);
    const make = (lambda: number) => {
      const m = new Sequential([new Dense(4, { inputDim: 3, activation: "relu", kernelRegularizer: l2(lambda) }), new Dense(1, { kernelRegularizer: l2(lambda) })], { seed: 3 });
      m.compile({ optimizer: new SGD({ learningRate: 1e-300 }), loss: "mse" });
      return m;
    };
    const plain = make(0);
    const reg = make(0.1);
    const penalty = reg.layers.reduce((s, l) => s + 0.1 * (l as Dense).W.map((w) => w * w).sum(), 0);
    expect(reg.regularizationLoss()).toBeCloseTo(penalty, 12);
    expect(reg.evaluate(x, y).loss).toBeCloseTo(plain.evaluate(x, y).loss + penalty, 12);
    const h = reg.fit(x, y, { epochs: 1, batchSize: 20, validationData: [x, y] }); // learning rate 1e-300: w − ηg rounds to w, the weights stay
    expect(h.history.loss[0]).toBeCloseTo(plain.evaluate(x, y).loss + penalty, 12);
    expect(h.history.val_loss[0]).toBeCloseTo(plain.evaluate(x, y).loss + penalty, 12);
  });

  test("a strong L2 penalty shrinks the weights", () => {
    const x = Matrix.uniform(40, 5, new Random(1), -1, 1);
    const y = Matrix.uniform(40, 1, new Random(2), -1, 1);
    const norm = (lambda: number) => {
      const m = new Sequential([new Dense(16, { inputDim: 5, activation: "relu", kernelRegularizer: l2(lambda) }), new Dense(1)], { seed: 1 });
      m.compile({ optimizer: new SGD({ learningRate: 0.05 }), loss: "mse" });
      m.fit(x, y, { epochs: 50, batchSize: 8 });
      return (m.layers[0] as Dense).W.map((w) => w * w).sum();
    };
    expect(norm(0.1)).toBeLessThan(0.5 * norm(0));
  });
});

describe("training vs inference mode in Sequential", () => {
  const x = Matrix.uniform(30, 4, new Random(1), -1, 1);
  const y = Matrix.uniform(30, 2, new Random(2), -1, 1);
  const build = () => {
    const m = new Sequential([
      new Dense(8, { inputDim: 4, activation: "relu" }),
      new BatchNorm({ momentum: 0.9 }),
      new Dropout(0.5, { seed: 3 }),
      new Dense(2),
    ], { seed: 1 });
    m.compile({ optimizer: new SGD({ learningRate: 0.05 }), loss: "mse" });
    return m;
  };

  test("fit passes training = true to every layer, predict and evaluate pass false", () => {
    const m = build();
    const seen: boolean[] = [];
    for (const l of m.layers) {
      const f = l.forward.bind(l);
      (l as { forward: Layer["forward"] }).forward = (X: Matrix, training?: boolean) => {
        seen.push(training === true);
        return f(X, training);
      };
    }
    m.fit(x, y, { epochs: 1, batchSize: 30 });
    // first the loss before training, in inference mode (fit's divergence check), then the training step
    expect(seen).toEqual([false, false, false, false, true, true, true, true]);
    seen.length = 0;
    m.predict(x);
    m.evaluate(x, y);
    expect(seen.every((t) => !t)).toBe(true);
  });

  test("predict twice gives identical outputs with Dropout and BatchNorm; training forwards differ", () => {
    const m = build();
    m.fit(x, y, { epochs: 3, batchSize: 10 });
    expect(m.predict(x).toArray()).toEqual(m.predict(x).toArray());
    expect(m.evaluate(x, y).loss).toBe(m.evaluate(x, y).loss);
    expect(m.forward(x, true).toArray()).not.toEqual(m.forward(x, true).toArray());
  });

  test("save/load round-trips Dropout, BatchNorm (moving statistics) and regularizers", () => {
    const m = new Sequential([
      new Dense(8, { inputDim: 4, activation: "relu", kernelRegularizer: l2(1e-3) }),
      new BatchNormalization({ momentum: 0.8 }),
      new Dropout(0.25, { seed: 5 }),
      new BatchNorm(),
      new Dense(2, { kernelRegularizer: l1(1e-4) }),
    ], { seed: 2 });
    m.compile({ optimizer: new SGD({ learningRate: 0.05 }), loss: "mse" });
    m.fit(x, y, { epochs: 2, batchSize: 10 });
    const copy = modelFromJSON(JSON.stringify(modelToJSON(m)));
    expect(copy.layers.map((l) => l.className)).toEqual(["Dense", "BatchNormalization", "Dropout", "BatchNorm", "Dense"]);
    expect(copy.predict(x).toArray()).toEqual(m.predict(x).toArray());
    expect(copy.regularizationLoss()).toBe(m.regularizationLoss());
    expect((copy.layers[2] as Dropout).rate).toBe(0.25);
    expect((copy.layers[1] as BatchNorm).momentum).toBe(0.8);
    expect((copy.layers[0] as Dense).kernelRegularizer?.l2).toBe(1e-3);
  });

  test("a Dropout without a seed is seeded from the model: same model seed ⇒ same training", () => {
    const run = () => {
      const m = new Sequential([new Dense(8, { inputDim: 4, activation: "relu" }), new Dropout(0.5), new Dense(2)], { seed: 7 });
      m.compile({ optimizer: new SGD({ learningRate: 0.05 }), loss: "mse" });
      return m.fit(x, y, { epochs: 3, batchSize: 10 }).history.loss;
    };
    expect(run()).toEqual(run());
  });
});
