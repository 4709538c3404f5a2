import { describe, expect, test } from "vitest";
import { softmax } from "../../lib/src/functions/activations";
import { checkGradient } from "../../lib/src/lecture/gradcheck";
import {
  binaryCrossentropy,
  categoricalCrossentropy,
  EPSILON,
  getLoss,
  hinge,
  huber,
  logCosh,
  Loss,
  LOSS_NAMES,
  meanAbsoluteError,
  meanSquaredError,
  quadratic,
  sparseCategoricalCrossentropy,
  squaredHinge,
} from "../../lib/src/functions/losses";
import { Matrix } from "../../lib/src/core/matrix";
import { Random } from "../../lib/src/core/random";

const M = (rows: number[][]) => Matrix.from(rows);
const sig = (z: number) => 1 / (1 + Math.exp(-z));

function near(actual: number, expected: number, tol = 1e-14): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}
function nearMatrix(actual: Matrix, expected: number[][], tol = 1e-14): void {
  expect(actual.shape).toEqual([expected.length, expected[0].length]);
  expected.forEach((row, i) => row.forEach((v, j) => near(actual.get(i, j), v, tol)));
}

// A regression batch: n = 2 samples, k = 3 outputs; errors e = ŷ − y = [[−0.5, 0, −0.5], [1, 2, 0]].
const regPred = M([[1, 2, 0], [3, 5, -1]]);
const regTrue = M([[1.5, 2, 0.5], [2, 3, -1]]);

describe("the lecture's quadratic cost (004)", () => {
  test("one sample, ŷ = 1.84, y = 1: E = ½(1.84 − 1)² = 0.3528, ∂E/∂ŷ = 0.84", () => {
    const loss = getLoss("quadratic");
    near(loss.forward(M([[1.84]]), M([[1]])), 0.3528);
    near(loss.backward(M([[1.84]]), M([[1]])).get(0, 0), 0.84);
  });

  test("lecture 002: output 0.5924 with target 0 → C = ½·0.5924² ≈ 0.1755", () => {
    expect(quadratic().forward(M([[sig(0.374)]]), M([[0]])).toFixed(4)).toBe("0.1755");
  });

  test("sums over outputs, averages over samples, times ½", () => {
    // Σe² = 0.25 + 0 + 0.25 + 1 + 4 + 0 = 5.5;  C = 5.5 / (2·2)
    near(quadratic().forward(regPred, regTrue), 1.375);
    nearMatrix(quadratic().backward(regPred, regTrue), [[-0.25, 0, -0.25], [0.5, 1, 0]]); // e/n
  });
});

describe("regression losses: hand-computed on the same batch", () => {
  test("mse = mean of all squared errors", () => {
    near(getLoss("mse").forward(regPred, regTrue), 5.5 / 6);
    nearMatrix(meanSquaredError().backward(regPred, regTrue), [[-1 / 6, 0, -1 / 6], [2 / 6, 4 / 6, 0]]); // 2e/(nk)
  });

  test("mae = mean of all absolute errors; gradient sign(e)/(nk), 0 where e = 0", () => {
    near(getLoss("mae").forward(regPred, regTrue), 4 / 6);
    nearMatrix(meanAbsoluteError().backward(regPred, regTrue), [[-1 / 6, 0, -1 / 6], [1 / 6, 1 / 6, 0]]);
  });

  test("huber, δ = 1: ½e² inside, δ|e| − ½δ² outside", () => {
    // ½·0.25, 0, ½·0.25, ½·1, 1·2 − ½, 0  → 2.25
    near(getLoss("huber").forward(regPred, regTrue), 2.25 / 6);
    nearMatrix(huber().backward(regPred, regTrue), [[-0.5 / 6, 0, -0.5 / 6], [1 / 6, 1 / 6, 0]]);
  });

  test("huber, δ = 1.5", () => {
    // 0.125, 0, 0.125, 0.5, 1.5·2 − ½·2.25 = 1.875, 0 → 2.625
    near(huber({ delta: 1.5 }).forward(regPred, regTrue), 2.625 / 6);
    nearMatrix(huber({ delta: 1.5 }).backward(regPred, regTrue), [[-0.5 / 6, 0, -0.5 / 6], [1 / 6, 1.5 / 6, 0]]);
    expect(() => huber({ delta: 0 })).toThrow(/huber: delta must be a positive number, got 0/);
  });

  test("Keras' documented huber example: 0.155", () => {
    near(huber().forward(M([[0.6, 0.4], [0.4, 0.6]]), M([[0, 1], [0, 0]])), 0.155);
  });

  test("log_cosh = mean of ln cosh(e); gradient tanh(e)/(nk)", () => {
    const expected = (2 * Math.log(Math.cosh(0.5)) + Math.log(Math.cosh(1)) + Math.log(Math.cosh(2))) / 6;
    near(getLoss("log_cosh").forward(regPred, regTrue), expected);
    nearMatrix(logCosh().backward(regPred, regTrue), [
      [Math.tanh(-0.5) / 6, 0, Math.tanh(-0.5) / 6],
      [Math.tanh(1) / 6, Math.tanh(2) / 6, 0],
    ]);
  });

  test("log_cosh does not overflow for errors of ±1000", () => {
    near(logCosh().forward(M([[1000, -1000]]), M([[0, 0]])), 1000 - Math.LN2, 1e-12);
  });
});

describe("hinge", () => {
  const pred = M([[0.3, -2], [0.5, 1.5]]);
  // max(0, 1 − yŷ): 0.7, 0 (1 − 2 < 0), 1.5, 0  → 2.2 / 4
  test("labels in {−1, 1}", () => {
    const y = M([[1, -1], [-1, 1]]);
    near(getLoss("hinge").forward(pred, y), 0.55);
    nearMatrix(hinge().backward(pred, y), [[-0.25, 0], [0.25, 0]]); // −y/(nk) where the margin is violated
  });

  test("labels in {0, 1} are converted to {−1, 1} like Keras", () => {
    const y01 = M([[1, 0], [0, 1]]);
    near(hinge().forward(pred, y01), 0.55);
    nearMatrix(hinge().backward(pred, y01), [[-0.25, 0], [0.25, 0]]);
  });

  test("other labels are an error", () => {
    expect(() => hinge().forward(pred, M([[1, 0], [-1, 1]]))).toThrow(
      /hinge: yTrue\[1\]\[0\] = -1, but hinge labels must all be −1 or 1/,
    );
    expect(() => hinge().forward(pred, M([[0.5, 1], [1, 1]]))).toThrow(/hinge: yTrue\[0\]\[0\] = 0.5/);
  });
});

describe("squared hinge (lecture 003's list)", () => {
  const pred = M([[0.3, -2], [0.5, 1.5]]);
  // max(0, 1 − yŷ)²: 0.49, 0, 2.25, 0 → 2.74 / 4; gradient −2y·max(0, 1 − yŷ)/(nk): −2·0.7/4, 0, 2·1.5/4, 0
  test("labels in {−1, 1} and in {0, 1} (converted)", () => {
    near(getLoss("squared_hinge").forward(pred, M([[1, -1], [-1, 1]])), 0.685);
    nearMatrix(squaredHinge().backward(pred, M([[1, -1], [-1, 1]])), [[-0.35, 0], [0.75, 0]]);
    near(squaredHinge().forward(pred, M([[1, 0], [0, 1]])), 0.685);
    expect(() => squaredHinge().forward(pred, M([[0.5, 1], [1, 1]]))).toThrow(/squared_hinge: yTrue\[0\]\[0\] = 0.5/);
    expect(squaredHinge().getConfig()).toEqual({ name: "squared_hinge" });
  });
});

describe("binary cross-entropy", () => {
  const p = M([[0.9, 0.2], [0.3, 0.6]]);
  const y = M([[1, 0], [0, 1]]);

  test("from probabilities: −mean[y ln p + (1 − y) ln(1 − p)]", () => {
    near(getLoss("binary_crossentropy").forward(p, y), -(Math.log(0.9) + Math.log(0.8) + Math.log(0.7) + Math.log(0.6)) / 4);
    // (p − y)/(p(1 − p))/(nk)
    nearMatrix(binaryCrossentropy().backward(p, y), [
      [-0.1 / (0.9 * 0.1) / 4, 0.2 / (0.2 * 0.8) / 4],
      [0.3 / (0.3 * 0.7) / 4, -0.4 / (0.6 * 0.4) / 4],
    ]);
  });

  test("Keras' documented example: per sample [0.916, 0.714], mean 0.815", () => {
    const loss = binaryCrossentropy().forward(M([[0.6, 0.4], [0.4, 0.6]]), M([[0, 1], [0, 0]]));
    near(loss, (-(2 * Math.log(0.4)) / 2 + -(Math.log(0.6) + Math.log(0.4)) / 2) / 2);
    expect(loss.toFixed(3)).toBe("0.815");
  });

  test("from logits equals the probability version at σ(z); gradient (σ(z) − y)/(nk)", () => {
    const z = M([[2, -1], [0.5, 3]]);
    const loss = binaryCrossentropy({ fromLogits: true });
    near(loss.forward(z, y), binaryCrossentropy().forward(z.map(sig), y));
    near(loss.forward(z, y), -(Math.log(sig(2)) + Math.log(1 - sig(-1)) + Math.log(1 - sig(0.5)) + Math.log(sig(3))) / 4);
    nearMatrix(loss.backward(z, y), [[(sig(2) - 1) / 4, sig(-1) / 4], [sig(0.5) / 4, (sig(3) - 1) / 4]]);
  });

  test("logits ±1000 do not overflow", () => {
    const loss = binaryCrossentropy({ fromLogits: true });
    const z = M([[1000, -1000, 1000, -1000]]);
    near(loss.forward(z, M([[1, 0, 0, 1]])), (0 + 0 + 1000 + 1000) / 4);
    nearMatrix(loss.backward(z, M([[1, 0, 0, 1]])), [[0, 0, 0.25, -0.25]]);
  });

  test("probabilities 0 and 1 are clipped to [ε, 1 − ε] (finite loss, zero gradient where clipped)", () => {
    expect(EPSILON).toBe(1e-7);
    const p01 = M([[0, 1]]);
    near(binaryCrossentropy().forward(p01, M([[1, 0]])), -Math.log(1e-7), 1e-9);
    nearMatrix(binaryCrossentropy().backward(p01, M([[1, 0]])), [[0, 0]]);
    near(binaryCrossentropy().forward(p01, M([[0, 1]])), -Math.log(1 - 1e-7), 1e-15);
  });

  test("probabilities outside [0, 1] suggest fromLogits", () => {
    expect(() => binaryCrossentropy().forward(M([[2.5]]), M([[1]]))).toThrow(
      /binary_crossentropy: yPred\[0\]\[0\] = 2.5 is not a probability in \[0, 1\].*fromLogits: true/,
    );
  });
});

describe("categorical cross-entropy", () => {
  const p = M([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]]);
  const y = M([[1, 0, 0], [0, 0, 1]]);

  test("from probabilities: −(1/n) Σ Σ y ln p", () => {
    near(getLoss("categorical_crossentropy").forward(p, y), -(Math.log(0.7) + Math.log(0.6)) / 2);
  });

  test("Keras' documented example: per sample [0.10536, 0.11653, 0.06188]", () => {
    const b = M([[0.9, 0.05, 0.05], [0.05, 0.89, 0.06], [0.05, 0.01, 0.94]]);
    const loss = categoricalCrossentropy().forward(b, Matrix.identity(3));
    near(loss, (0.10536 + 0.11653 + 0.06188) / 3, 1e-5);
  });

  test("rows are rescaled to sum to 1 first, as Keras does", () => {
    near(categoricalCrossentropy().forward(M([[0.35, 0.1, 0.05]]), M([[1, 0, 0]])), -Math.log(0.7));
  });

  test("from logits equals cross-entropy of the softmax probabilities; gradient (S − Y)/n", () => {
    const z = M([[2, -1, 0.5], [0, 1, 3]]);
    const loss = categoricalCrossentropy({ fromLogits: true });
    const S = softmax(z);
    near(loss.forward(z, y), categoricalCrossentropy().forward(S, y));
    near(loss.forward(z, y), -(Math.log(S.get(0, 0)) + Math.log(S.get(1, 2))) / 2);
    expect(loss.backward(z, y).allClose(S.subtract(y).scale(1 / 2), 1e-15)).toBe(true);
  });

  test("logits ±1000 do not overflow", () => {
    const loss = categoricalCrossentropy({ fromLogits: true });
    const z = M([[1000, -1000, 0], [1000, -1000, 0]]);
    const yy = M([[1, 0, 0], [0, 1, 0]]);
    near(loss.forward(z, yy), (0 + 2000) / 2);
    nearMatrix(loss.backward(z, yy), [[0, 0, 0], [0.5, -0.5, 0]]);
  });

  test("integer labels get a hint towards sparse_categorical_crossentropy", () => {
    expect(() => categoricalCrossentropy().forward(p, M([[0], [2]]))).toThrow(
      /categorical_crossentropy: yPred is 2×3 but yTrue is 2×1.*labels as integers\? use sparse_categorical_crossentropy/,
    );
  });
});

describe("sparse categorical cross-entropy", () => {
  const p = M([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]]);
  const labels = M([[0], [2]]);
  const oneHot = M([[1, 0, 0], [0, 0, 1]]);

  test("equals categorical cross-entropy with one-hot labels, value and gradient", () => {
    near(getLoss("sparse_categorical_crossentropy").forward(p, labels), -(Math.log(0.7) + Math.log(0.6)) / 2);
    const z = M([[2, -1, 0.5], [0, 1, 3]]);
    for (const fromLogits of [false, true]) {
      const x = fromLogits ? z : p;
      const sparse = sparseCategoricalCrossentropy({ fromLogits });
      const dense = categoricalCrossentropy({ fromLogits });
      near(sparse.forward(x, labels), dense.forward(x, oneHot));
      expect(sparse.backward(x, labels).allClose(dense.backward(x, oneHot), 1e-14)).toBe(true);
    }
  });

  test("Keras' documented example: labels [1, 2] → per sample [0.0513, 2.303] (the 0 is clipped)", () => {
    const loss = sparseCategoricalCrossentropy().forward(M([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), M([[1], [2]]));
    near(loss, (-Math.log(0.95) + Math.log(1 + 1e-7) - Math.log(0.1)) / 2, 1e-12);
    expect(loss.toFixed(4)).toBe((0.0513 / 2 + 2.3026 / 2).toFixed(4));
  });

  test("logits ±1000 do not overflow", () => {
    const loss = sparseCategoricalCrossentropy({ fromLogits: true });
    near(loss.forward(M([[1000, -1000, 0]]), M([[1]])), 2000);
    nearMatrix(loss.backward(M([[1000, -1000, 0]]), M([[1]])), [[1, -1, 0]]);
  });

  test("labels are validated: shape, integer, range", () => {
    const loss = sparseCategoricalCrossentropy();
    expect(() => loss.forward(p, oneHot)).toThrow(
      /sparse_categorical_crossentropy: yPred is 2×3 but yTrue is 2×3; yTrue must be 2×1.*one-hot labels\? use categorical_crossentropy/,
    );
    expect(() => loss.forward(p, M([[0, 2]]))).toThrow(/make them a column with Matrix.columnVector/);
    expect(() => loss.forward(p, M([[0], [3]]))).toThrow(/label yTrue\[1\]\[0\] = 3 is not a class index 0…2/);
    expect(() => loss.forward(p, M([[0.5], [1]]))).toThrow(/label yTrue\[0\]\[0\] = 0.5 is not a class index/);
    expect(() => loss.forward(p, M([[-1], [1]]))).toThrow(/label yTrue\[0\]\[0\] = -1/);
  });
});

describe("every loss and option passes a gradient check", () => {
  const rng = new Random(12);
  const n = 4, k = 3;
  const away = (m: Matrix, from: (v: number) => boolean, nudge: number) => m.map((v) => (from(v) ? v + nudge : v));

  const regression = () => {
    const yTrue = Matrix.normal(n, k, rng);
    // keep every error |e| away from 0 (MAE's kink) and from δ (Huber's change of formula)
    const yPred = yTrue.add(Matrix.uniform(n, k, rng, 0.1, 1.6).map((v, i, j) => ((i + j) % 2 ? v : -v)));
    return { yPred, yTrue };
  };
  const probabilities = () => ({ yPred: Matrix.uniform(n, k, rng, 0.05, 0.95) }); // rows need not sum to 1
  const oneHot = (labels: number[]) => Matrix.zeros(labels.length, k).map((_, i, j) => (labels[i] === j ? 1 : 0));
  const labels = [0, 2, 1, 2];

  const cases: [string, Loss, Matrix, Matrix][] = [];
  for (const [name, loss] of [
    ["mse", meanSquaredError()],
    ["mae", meanAbsoluteError()],
    ["quadratic", quadratic()],
    ["huber δ=1", huber()],
    ["huber δ=0.4", huber({ delta: 0.4 })],
    ["log_cosh", logCosh()],
  ] as const) {
    const { yPred, yTrue } = regression();
    cases.push([name, loss, away(yPred, (v) => Math.abs(v) < 1e-3, 0.01), yTrue]);
  }
  {
    const yTrue = oneHot(labels).map((v) => 2 * v - 1);
    const yPred = away(Matrix.normal(n, k, rng, 0, 1.5), (v) => Math.abs(Math.abs(v) - 1) < 1e-3, 0.01);
    cases.push(["hinge ±1", hinge(), yPred, yTrue]);
    cases.push(["hinge 0/1", hinge(), yPred, oneHot(labels)]);
    cases.push(["squared_hinge ±1", squaredHinge(), yPred, yTrue]);
  }
  {
    const yTrue = Matrix.uniform(n, k, rng).map((v) => (v < 0.5 ? 0 : 1));
    cases.push(["binary_crossentropy", binaryCrossentropy(), probabilities().yPred, yTrue]);
    cases.push(["binary_crossentropy soft targets", binaryCrossentropy(), probabilities().yPred, Matrix.uniform(n, k, rng)]);
    cases.push(["binary_crossentropy fromLogits", binaryCrossentropy({ fromLogits: true }), Matrix.normal(n, k, rng, 0, 3), yTrue]);
  }
  cases.push(["categorical_crossentropy", categoricalCrossentropy(), probabilities().yPred, oneHot(labels)]);
  cases.push(["categorical_crossentropy softmax output", categoricalCrossentropy(), softmax(Matrix.normal(n, k, rng)), oneHot(labels)]);
  cases.push([
    "categorical_crossentropy smoothed labels",
    categoricalCrossentropy(),
    probabilities().yPred,
    oneHot(labels).map((v) => 0.9 * v + 0.1 / k),
  ]);
  cases.push(["categorical_crossentropy fromLogits", categoricalCrossentropy({ fromLogits: true }), Matrix.normal(n, k, rng, 0, 3), oneHot(labels)]);
  cases.push(["sparse_categorical_crossentropy", sparseCategoricalCrossentropy(), probabilities().yPred, Matrix.columnVector(labels)]);
  cases.push([
    "sparse_categorical_crossentropy fromLogits",
    sparseCategoricalCrossentropy({ fromLogits: true }),
    Matrix.normal(n, k, rng, 0, 3),
    Matrix.columnVector(labels),
  ]);

  test.each(cases)("%s", (_name, loss, yPred, yTrue) => {
    const r = checkGradient(() => loss.forward(yPred, yTrue), yPred, loss.backward(yPred, yTrue));
    expect(r.ok, JSON.stringify(r)).toBe(true);
  });

  test("the check is not vacuous: a gradient missing the 1/n fails", () => {
    const [, loss, yPred, yTrue] = cases[0];
    const wrong = loss.backward(yPred, yTrue).scale(n);
    expect(checkGradient(() => loss.forward(yPred, yTrue), yPred, wrong).ok).toBe(false);
  });
});

describe("validation and lookup", () => {
  test("shape mismatch names the loss and both shapes, with a hint", () => {
    expect(() => getLoss("mse").forward(Matrix.zeros(2, 3), Matrix.zeros(3, 2))).toThrow(
      /^mse: yPred is 2×3 but yTrue is 3×2; they must have the same shape.*looks transposed/,
    );
    expect(() => getLoss("mae").forward(Matrix.zeros(4, 1), Matrix.zeros(5, 1))).toThrow(
      /mae: yPred is 4×1 but yTrue is 5×1.*number of samples \(rows\) differs/,
    );
    expect(() => getLoss("huber").backward(Matrix.zeros(3, 10), Matrix.zeros(3, 1))).toThrow(
      /huber: .*labels as integers\? use sparse_categorical_crossentropy/,
    );
  });

  test("NaN and Infinity name the loss and the entry, in forward and backward", () => {
    expect(() => getLoss("mse").forward(M([[1, 2], [3, NaN]]), M([[0, 0], [0, 0]]))).toThrow(
      /^mse: yPred\[1\]\[1\] is NaN.*diverged/,
    );
    expect(() => getLoss("quadratic").backward(M([[1, 2]]), M([[Infinity, 0]]))).toThrow(
      /^quadratic: yTrue\[0\]\[0\] is Infinity/,
    );
    expect(() => categoricalCrossentropy({ fromLogits: true }).forward(M([[1, -Infinity]]), M([[1, 0]]))).toThrow(
      /categorical_crossentropy: yPred\[0\]\[1\] is -Infinity/,
    );
    expect(() => sparseCategoricalCrossentropy().backward(M([[0.5, 0.5]]), M([[NaN]]))).toThrow(
      /sparse_categorical_crossentropy: yTrue\[0\]\[0\] is NaN/,
    );
  });

  test("an empty batch and non-matrices are rejected", () => {
    expect(() => getLoss("mse").forward(Matrix.zeros(0, 1), Matrix.zeros(0, 1))).toThrow(/mse: the batch is empty/);
    expect(() => getLoss("mse").forward([[1]] as unknown as Matrix, M([[1]]))).toThrow(/mse: yPred must be a Matrix/);
  });

  test("getLoss knows every name, passes Loss objects through, and lists names for unknown ones", () => {
    expect(LOSS_NAMES).toEqual([
      "mse", "mae", "quadratic", "binary_crossentropy", "categorical_crossentropy",
      "sparse_categorical_crossentropy", "huber", "log_cosh", "hinge", "squared_hinge",
    ]);
    for (const name of LOSS_NAMES) expect(getLoss(name).name).toBe(name);
    const custom = categoricalCrossentropy({ fromLogits: true });
    expect(getLoss(custom)).toBe(custom);
    expect(() => getLoss("kld" as "mse")).toThrow(/unknown loss "kld". Known names: mse, mae, quadratic, binary_crossentropy/);
    expect(() => getLoss("mean_squared_error" as "mse")).toThrow(/Did you mean "mse"\?/);
  });
});
