/**
 * Regression tests of issue 13: bugs of the old fast path of Dense and of BatchNorm after images.
 */
import { describe, expect, test } from "vitest";
import { BatchNorm, Conv2D, Dense, Flatten } from "../../lib/src/layers";
import { ActivationOp } from "../../lib/src/layers/activation";
import { Matrix } from "../../lib/src/core/matrix";
import { Sequential } from "../../lib/src/training/model";
import { Random } from "../../lib/src/core/random";

function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const r = new Random(seed);
  return Matrix.from(Array.from({ length: rows }, () => Array.from({ length: cols }, () => r.normal())));
}

/** dX of a big Dense computed with the reference formulas from its weights. */
function referenceBackward(W: Matrix, b: Matrix, X: Matrix, dY: Matrix) {
  const Z = X.matmul(W.transpose()).addRowVector(b);
  const dZ = dY.map((g, i, j) => (Z.get(i, j) > 0 ? g : 0));
  return { dX: dZ.matmul(W), dW: dZ.transpose().matmul(X), db: dZ.sum(0) };
}

function maxDiff(a: Matrix, b: Matrix): number {
  expect(a.shape).toEqual(b.shape);
  let m = 0;
  for (let k = 0; k < a.data.length; k++) m = Math.max(m, Math.abs(a.data[k] - b.data[k]));
  return m;
}

describe("Dense: forward/backward as notebook 04 teaches, at any size", () => {
  // 4 × 784 × 64 = 200,704 multiply-adds: above the size where fast kernels take over.
  test("forward(X) (training = false) then backward(dY) gives the gradients of that forward", () => {
    const layer = new Dense(64, { inputDim: 784, activation: "relu", seed: 1 });
    const X = randomMatrix(4, 784, 2);
    const dY = randomMatrix(4, 64, 3);
    layer.forward(X);
    const dX = layer.backward(dY);
    const ref = referenceBackward(layer.W, layer.b, X, dY);
    expect(maxDiff(dX, ref.dX)).toBeLessThan(1e-12);
    expect(maxDiff(layer.dW, ref.dW)).toBeLessThan(1e-12);
    expect(maxDiff(layer.db, ref.db)).toBeLessThan(1e-12);
  });

  test("backward follows the LAST forward, not an earlier training one", () => {
    const layer = new Dense(64, { inputDim: 784, activation: "relu", seed: 1 });
    const X1 = randomMatrix(4, 784, 4);
    const X2 = randomMatrix(4, 784, 5);
    const dY = randomMatrix(4, 64, 6);
    layer.forward(X1, true);
    layer.forward(X2);
    const dX = layer.backward(dY);
    expect(maxDiff(dX, referenceBackward(layer.W, layer.b, X2, dY).dX)).toBeLessThan(1e-12);
  });

  test("outputs handed to the user are theirs: a second forward does not overwrite the first", () => {
    const layer = new Dense(64, { inputDim: 784, activation: "relu", seed: 1 });
    const X1 = randomMatrix(4, 784, 7);
    const X2 = randomMatrix(4, 784, 8);
    const Y1 = layer.forward(X1, true);
    const copy = Y1.clone();
    const Y2 = layer.forward(X2, true);
    expect(Y2).not.toBe(Y1);
    expect(maxDiff(Y1, copy)).toBe(0);
    const dX1 = layer.backward(randomMatrix(4, 64, 9));
    const dX1copy = dX1.clone();
    layer.forward(X1, true);
    const dX2 = layer.backward(randomMatrix(4, 64, 10));
    expect(dX2).not.toBe(dX1);
    expect(maxDiff(dX1, dX1copy)).toBe(0);
  });
});

describe("Dense fuses + b with f and db with f′, and reuses its dZ buffer: the same numbers as the separate loops", () => {
  // The reference: Z = X·Wᵀ + b, A = f(Z), dZ = dY ⊙ f′(Z) (softmax: its row Jacobian), db = Σᵢ dZ[i, :],
  // dW = dZᵀ·X, dX = dZ·W — written with Matrix's own loops, in the same order of additions.
  const sigm = (z: number) => 1 / (1 + Math.exp(-z));
  for (const activation of ["relu", "sigmoid", "linear", "softmax"] as const) {
    for (const useBias of [true, false]) {
      test(`${activation}, useBias ${useBias}: outputs, dW, db, dX bit for bit over batches of 5, 5, 3 rows`, () => {
        const layer = new Dense(6, { inputDim: 4, activation, useBias, seed: 3 });
        if (useBias) layer.setWeights([layer.W, Matrix.from([[0.3, -0.2, 0.1, 0, -0.4, 0.5]])]);
        const held: { Y: Matrix; dX: Matrix; Ycopy: Matrix; dXcopy: Matrix }[] = [];
        for (const [rows, seed] of [[5, 21], [5, 22], [3, 23]]) {
          const X = randomMatrix(rows, 4, seed), dY = randomMatrix(rows, 6, seed + 10);
          const Z = useBias ? X.matmul(layer.W.transpose()).addRowVector(layer.b) : X.matmul(layer.W.transpose());
          let A: Matrix, dZ: Matrix;
          if (activation === "softmax") {
            A = Z.map((_, i, j) => { let m = -Infinity; for (let c = 0; c < 6; c++) m = Math.max(m, Z.get(i, c)); let s = 0; for (let c = 0; c < 6; c++) s += Math.exp(Z.get(i, c) - m); return Math.exp(Z.get(i, j) - m) / s; });
            dZ = dY.map((_, i, j) => { let dot = 0; for (let c = 0; c < 6; c++) dot += dY.get(i, c) * A.get(i, c); return A.get(i, j) * (dY.get(i, j) - dot); });
          } else if (activation === "relu") {
            A = Z.map((z) => (z > 0 ? z : 0));
            dZ = dY.map((g, i, j) => (Z.get(i, j) > 0 ? g : 0));
          } else if (activation === "sigmoid") {
            A = Z.map(sigm);
            dZ = dY.map((g, i, j) => g * (sigm(Z.get(i, j)) * (1 - sigm(Z.get(i, j)))));
          } else {
            A = Z;
            dZ = dY;
          }
          const Y = layer.forward(X, true);
          const dX = layer.backward(dY);
          const close = activation === "softmax" || activation === "sigmoid" ? 1e-15 : 0; // softmax/σ: the library's own stable formulas
          expect(maxDiff(Y, A)).toBeLessThanOrEqual(close);
          expect(maxDiff(layer.dW, dZ.transpose().matmul(X))).toBeLessThanOrEqual(close);
          if (useBias) expect(maxDiff(layer.db, dZ.sum(0))).toBeLessThanOrEqual(close);
          expect(maxDiff(dX, dZ.matmul(layer.W))).toBeLessThanOrEqual(close);
          held.push({ Y, dX, Ycopy: Y.clone(), dXcopy: dX.clone() });
        }
        // results handed out earlier are untouched by the later calls (the dZ buffer is never one of them)
        for (const h of held) {
          expect(maxDiff(h.Y, h.Ycopy)).toBe(0);
          expect(maxDiff(h.dX, h.dXcopy)).toBe(0);
        }
      });
    }
  }
});

describe("ReLU without branches gives the branch's values, also for ±Infinity and NaN", () => {
  test("forward relu(v) = v > 0 ? v : 0 and backward g·[a > 0], entry by entry, with and without a bias", () => {
    const vals = [2.5, -3, 0, -0, Infinity, -Infinity, NaN, 1e-300, -1e-300, 7];
    const n = vals.length;
    for (const withBias of [false, true]) {
      const op = new ActivationOp("relu");
      const Z = new Matrix(2, n, Float64Array.from([...vals, ...vals.map((v) => -v)]));
      const expectedZ = Z.data.slice();
      const b = withBias ? new Matrix(1, n, Float64Array.from(vals.map((_, j) => (j % 3) * 0.5))) : undefined;
      if (b) for (let q = 0; q < expectedZ.length; q++) expectedZ[q] += b.data[q % n];
      const A = op.forward(Z, true, b);
      Array.from(A.data).forEach((a, q) => expect(Object.is(a, expectedZ[q] > 0 ? expectedZ[q] : 0)).toBe(true));
      const G = new Matrix(2, n, Float64Array.from([...vals.map((v) => -v), ...vals]));
      const dZ = op.backward(G);
      Array.from(dZ.data).forEach((d, q) => {
        const want = A.data[q] > 0 ? G.data[q] : 0;
        expect(Object.is(d, want) || (d === 0 && want === 0)).toBe(true); // a −0 of g where a > 0 may come out +0
      });
    }
  });
});

describe("BatchNorm after Conv2D normalises per channel (Keras axis −1, PyTorch BatchNorm2d)", () => {
  function convNet() {
    return new Sequential([new Conv2D(3, 3, { inputShape: [5, 5, 1], seed: 1 }), new BatchNorm({ momentum: 0.5 }), new Flatten(), new Dense(2, { seed: 2 })], { seed: 3 });
  }

  test("3 γ and 3 β for a 3 × 3 × 3 output, not 27", () => {
    const m = convNet();
    m.build(25);
    const bn = m.layers[1] as BatchNorm;
    expect(bn.gamma.shape).toEqual([1, 3]);
    expect(bn.countParams()).toBe(6);
  });

  test("each channel's outputs over batch AND positions have mean β = 0 and variance ≈ 1 in training", () => {
    const m = convNet();
    const X = randomMatrix(6, 25, 11).map((v, i, j) => v * 3 + j * 0.1 + 2);
    m.build(25);
    const Z = m.layers[0].forward(X, true);
    const Y = m.layers[1].forward(Z, true);
    for (let c = 0; c < 3; c++) {
      const vals: number[] = [];
      for (let i = 0; i < Y.rows; i++) for (let p = c; p < Y.cols; p += 3) vals.push(Y.get(i, p));
      const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
      const variance = vals.reduce((a, b) => a + (b - mean) ** 2, 0) / vals.length;
      expect(Math.abs(mean)).toBeLessThan(1e-12);
      // x̂ = (x − μ)/√(σ² + ε), ε = 1e-3: variance σ²/(σ² + ε)
      expect(variance).toBeGreaterThan(0.99);
      expect(variance).toBeLessThanOrEqual(1);
    }
  });

  test("per-channel backward matches the numerical gradient", () => {
    const bn = new BatchNorm();
    bn.setInputShape([2, 2, 2]);
    bn.build(8, new Random(0));
    bn.setWeights([[[1.5, -0.5]], [[0.1, 0.2]], [[0, 0]], [[1, 1]]]);
    const X = randomMatrix(3, 8, 12);
    const G = randomMatrix(3, 8, 13);
    const loss = (x: Matrix) => {
      const Y = bn.forward(x, true);
      let s = 0;
      for (let k = 0; k < Y.data.length; k++) s += Y.data[k] * G.data[k];
      return s;
    };
    loss(X);
    const dX = bn.backward(G);
    const h = 1e-6;
    for (let k = 0; k < X.data.length; k++) {
      const xp = X.clone(); xp.data[k] += h;
      const xm = X.clone(); xm.data[k] -= h;
      expect(Math.abs((loss(xp) - loss(xm)) / (2 * h) - dX.data[k])).toBeLessThan(1e-6);
    }
  });
});

describe("BatchNorm weights as Keras: [γ, β, moving mean, moving variance]", () => {
  test("getWeights gives four arrays and setWeights accepts them", () => {
    const bn = new BatchNorm({ inputDim: 2 });
    bn.build(2, new Random(0));
    expect(bn.getWeights().map((w) => w.toArray())).toEqual([[[1, 1]], [[0, 0]], [[0, 0]], [[1, 1]]]);
    bn.setWeights([[[2, 3]], [[0.5, -0.5]], [[10, 20]], [[4, 9]]]);
    expect(bn.movingMean.toArray()).toEqual([[10, 20]]);
    expect(bn.movingVariance.toArray()).toEqual([[4, 9]]);
    // inference: y = γ·(x − mean)/√(var + ε) + β
    const y = bn.forward(Matrix.from([[12, 23]]));
    expect(y.get(0, 0)).toBeCloseTo((2 * 2) / Math.sqrt(4 + 1e-3) + 0.5, 12);
    expect(y.get(0, 1)).toBeCloseTo((3 * 3) / Math.sqrt(9 + 1e-3) - 0.5, 12);
    expect(bn.params().length).toBe(2);
  });

  test("setWeights with two arrays (γ, β) still works; a wrong count names the four", () => {
    const bn = new BatchNorm({ inputDim: 2 });
    bn.build(2, new Random(0));
    bn.setWeights([[[2, 3]], [[0.5, -0.5]]]);
    expect(bn.gamma.toArray()).toEqual([[2, 3]]);
    expect(() => bn.setWeights([[[2, 3]]])).toThrow(/moving mean/);
  });
});

describe("backward(dY, needInput = false): the first layer of a model skips dX", () => {
  test("Dense and Conv2D: the same parameter gradients, an empty dX", () => {
    const dense = new Dense(16, { inputDim: 784, activation: "relu", seed: 1 });
    const X = randomMatrix(4, 784, 20), dY = randomMatrix(4, 16, 21);
    dense.forward(X, true);
    dense.backward(dY);
    const dW = dense.dW.clone();
    dense.forward(X, true);
    const none = dense.backward(dY, false);
    expect(none.shape).toEqual([0, 784]);
    expect(maxDiff(dense.dW, dW)).toBe(0);
    const conv = new Conv2D(4, 3, { inputShape: [28, 28, 1], seed: 2 });
    const G = randomMatrix(4, 26 * 26 * 4, 22);
    conv.forward(X, true);
    const dX = conv.backward(G);
    const cW = conv.params()[0].grad.clone();
    conv.forward(X, true);
    expect(conv.backward(G, false).shape).toEqual([0, 784]);
    expect(dX.shape).toEqual([4, 784]);
    expect(maxDiff(conv.params()[0].grad, cW)).toBe(0);
  });
});
