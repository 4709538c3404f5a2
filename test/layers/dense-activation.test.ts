import { describe, expect, test } from "vitest";
import { ActivationName } from "../../lib/src/functions/activations";
import { checkGradient } from "../../lib/src/lecture/gradcheck";
import { getInitializer, glorotUniform, heNormal, zeros } from "../../lib/src/functions/initializers";
import { Activation, Dense, Layer } from "../../lib/src/layers";
import { Matrix } from "../../lib/src/core/matrix";
import { Random } from "../../lib/src/core/random";
import { checkLayer } from "../helpers/layers";


const ELEMENTWISE: ActivationName[] = ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "softplus", "softsign", "exponential"];

describe("Dense", () => {
  test("W is units × inputs, b is 1 × units; forward is X·Wᵀ + b (lecture layout)", () => {
    const d = new Dense(2, { inputDim: 3 });
    d.build(3, new Random(0));
    expect(d.W.shape).toEqual([2, 3]);
    expect(d.b.shape).toEqual([1, 2]);
    d.setWeights([[[1, 2, 3], [4, 5, 6]], [[0.5, -1]]]);
    const Y = d.forward(Matrix.from([[1, 0, -1], [2, 1, 0]]));
    expect(Y.toArray()).toEqual([[1 - 3 + 0.5, 4 - 6 - 1], [2 + 2 + 0.5, 8 + 5 - 1]]);
  });

  test("backward: dW = dYᵀ·X, db = column sums of dY, dX = dY·W", () => {
    const d = new Dense(2, { inputDim: 2, seed: 3 });
    d.setWeights([[[1, 3], [-2, 4]], [[0, 0]]]);
    const X = Matrix.from([[0.5, 0.7], [1, -1]]);
    d.forward(X);
    const dY = Matrix.from([[1, 2], [3, -1]]);
    const dX = d.backward(dY);
    expect(d.dW.toArray()).toEqual([[1 * 0.5 + 3 * 1, 1 * 0.7 + 3 * -1], [2 * 0.5 - 1 * 1, 2 * 0.7 + 1]]);
    expect(d.db.toArray()).toEqual([[4, 1]]);
    expect(dX.toArray()).toEqual([[1 - 4, 3 + 8], [3 + 2, 9 - 4]]);
  });

  test.each(ELEMENTWISE)("gradient check of W, b and dX with activation %s", (activation) => {
    const X = Matrix.uniform(5, 4, new Random(1), -1.5, 1.5);
    checkLayer(new Dense(3, { inputDim: 4, activation, seed: 11 }), X);
  });

  test("gradient check with softmax activation and without bias", () => {
    const X = Matrix.uniform(4, 3, new Random(2), -2, 2);
    checkLayer(new Dense(5, { inputDim: 3, activation: "softmax", seed: 5 }), X);
    checkLayer(new Dense(2, { inputDim: 3, useBias: false, activation: "tanh", seed: 5 }), X);
  });

  test("params() returns the same Param objects after training steps; setWeights copies in place", () => {
    const d = new Dense(2, { inputDim: 2, seed: 1 });
    const [pW, pb] = d.params();
    const Wref = pW.value;
    d.setWeights([[[1, 2], [3, 4]], [[5, 6]]]);
    d.forward(Matrix.from([[1, 1]]));
    d.backward(Matrix.from([[1, 1]]));
    expect(d.params()[0]).toBe(pW);
    expect(d.params()[1]).toBe(pb);
    expect(d.W).toBe(Wref);
    expect(d.W.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(d.getWeights()[0]).not.toBe(Wref); // a copy
    expect(d.countParams()).toBe(6);
  });

  test("same seed ⇒ same initial weights; different seeds differ", () => {
    const a = new Dense(3, { inputDim: 4, seed: 42 }).getWeights()[0];
    const b = new Dense(3, { inputDim: 4, seed: 42 }).getWeights()[0];
    const c = new Dense(3, { inputDim: 4, seed: 43 }).getWeights()[0];
    expect(a.toArray()).toEqual(b.toArray());
    expect(a.allClose(c)).toBe(false);
  });

  test("wrong input width: error names the layer, the expected width and the batch shape", () => {
    const d = new Dense(4, { inputDim: 13, name: "dense_1" });
    d.build(13, new Random(0));
    expect(() => d.forward(Matrix.zeros(32, 12))).toThrow(/dense_1 expects 13 inputs per sample, got a 32×12 batch.*Hint/);
    expect(() => d.forward(Matrix.zeros(13, 5))).toThrow(/transposed/);
  });

  test("setWeights checks shapes and hints at the Keras (transposed) layout", () => {
    const d = new Dense(3, { inputDim: 2, seed: 0, name: "d" });
    expect(() => d.setWeights([Matrix.zeros(2, 3), Matrix.zeros(1, 3)])).toThrow(/d\/W has shape 3×2, got 2×3.*transpose/);
    expect(() => d.setWeights([Matrix.zeros(3, 2)])).toThrow(/expected 2 matrices/);
    expect(() => d.setWeights([Matrix.zeros(3, 2), Matrix.zeros(1, 2)])).toThrow(/d\/b has shape 1×3, got 1×2/);
  });

  test("bad constructor arguments and unbuilt access give clear errors", () => {
    expect(() => new Dense(0)).toThrow(/units must be a positive integer, got 0/);
    expect(() => new Dense(2.5)).toThrow(/units must be a positive integer, got 2.5/);
    expect(() => new Dense(2, { inputDim: -1 })).toThrow(/inputDim must be a positive integer/);
    expect(() => new Dense(2, { activation: "relux" as ActivationName })).toThrow(/relux/);
    expect(() => new Dense(2, { name: "x" }).W).toThrow(/x\.W: the layer is not built yet.*inputDim/);
    expect(() => new Dense(2, { name: "y" }).backward(Matrix.zeros(1, 2))).toThrow(/y\.backward: call forward first/);
  });

  test("a layer used on its own builds on first forward from its seed (default 0)", () => {
    const a = new Dense(2);
    const Y = a.forward(Matrix.from([[1, 2, 3]]));
    expect(Y.shape).toEqual([1, 2]);
    expect(a.inputDim).toBe(3);
    const b = new Dense(2);
    b.forward(Matrix.from([[0, 0, 0]]));
    expect(b.W.toArray()).toEqual(a.W.toArray());
  });

  test("config is JSON and names are Keras-style and unique", () => {
    const d = new Dense(8, { inputDim: 4, activation: "relu", useBias: false, kernelInitializer: "he_normal", seed: 9 });
    const c = d.getConfig();
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
    expect(c).toMatchObject({ className: "Dense", units: 8, activation: "relu", useBias: false, kernelInitializer: "he_normal", inputDim: 4, seed: 9 });
    expect(d.config).toEqual(c);
    const n1 = new Dense(1).name, n2 = new Dense(1).name;
    expect(n1).toMatch(/^dense(_\d+)?$/);
    expect(n2).not.toBe(n1);
  });
});

describe("Activation layer", () => {
  test.each([...ELEMENTWISE, "softmax" as const])("gradient check of dX for %s", (name) => {
    const X = Matrix.uniform(4, 5, new Random(3), -2, 2);
    checkLayer(new Activation(name), X);
  });

  test("softmax rows sum to 1 and the layer has no parameters", () => {
    const a = new Activation("softmax", { inputDim: 3 });
    const Y = a.forward(Matrix.from([[1, 2, 3], [0, 0, 0]]));
    expect(Y.sum(1).toArray()).toEqual([[expect.closeTo(1, 12)], [expect.closeTo(1, 12)]]);
    expect(Y.get(1, 0)).toBeCloseTo(1 / 3, 12);
    expect(a.params()).toEqual([]);
    expect(a.countParams()).toBe(0);
    expect(a.outputDim).toBe(3);
    expect(a.getConfig()).toEqual({ className: "Activation", name: a.name, activation: "softmax", inputDim: 3 });
  });

  test("relu forward/backward by hand", () => {
    const a = new Activation("relu");
    expect(a.forward(Matrix.from([[-1, 2]])).toArray()).toEqual([[0, 2]]);
    expect(a.backward(Matrix.from([[5, 7]])).toArray()).toEqual([[0, 7]]);
  });
});

describe("initializers", () => {
  test("zeros", () => {
    expect(zeros.create(2, 3, new Random(0)).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
  });

  test("glorot_uniform stays within ±√(6/(fanIn+fanOut)) and has the uniform variance limit²/3", () => {
    const W = glorotUniform.create(200, 300, new Random(1));
    const limit = Math.sqrt(6 / 500);
    expect(W.maxAbs()).toBeLessThanOrEqual(limit);
    const variance = W.map((w) => w * w).mean();
    expect(variance).toBeGreaterThan(0.97 * (limit * limit) / 3);
    expect(variance).toBeLessThan(1.03 * (limit * limit) / 3);
  });

  test("he_normal: truncated at 2σ, variance 2/fanIn", () => {
    const fanIn = 50;
    const W = heNormal.create(400, fanIn, new Random(2));
    const std = Math.sqrt(2 / fanIn) / 0.87962566103423978;
    expect(W.maxAbs()).toBeLessThanOrEqual(2 * std);
    const variance = W.map((w) => w * w).mean();
    expect(variance).toBeGreaterThan(0.95 * (2 / fanIn));
    expect(variance).toBeLessThan(1.05 * (2 / fanIn));
  });

  test("getInitializer by name, same seed ⇒ same numbers, unknown names listed", () => {
    expect(getInitializer("glorot_uniform")).toBe(glorotUniform);
    expect(getInitializer(heNormal)).toBe(heNormal);
    expect(glorotUniform.create(3, 3, new Random(5)).toArray()).toEqual(glorotUniform.create(3, 3, new Random(5)).toArray());
    expect(() => getInitializer("twos" as "zeros")).toThrow(/unknown initializer "twos".*"zeros", "ones".*"glorot_uniform".*"he_normal"/);
  });
});

describe("setWeights on a layer that is not built yet", () => {
  test("builds a Dense from inputDim, or from the width of W, and keeps the given weights", () => {
    const withDim = new Dense(2, { inputDim: 2, useBias: false });
    withDim.setWeights([Matrix.from([[1, 3], [-2, 4]])]);
    expect(withDim.forward(Matrix.from([[0.5, 0.7]])).toArray()[0][0]).toBeCloseTo(2.6, 12);
    const inferred = new Dense(1, { useBias: false });
    inferred.setWeights([[[0.5, 0.3]]]);
    expect(inferred.inputDim).toBe(2);
    expect(inferred.forward(Matrix.from([[2.6, 1.8]])).get(0, 0)).toBeCloseTo(1.84, 12);
  });
});
