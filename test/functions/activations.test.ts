import { describe, expect, test } from "vitest";
import {
  ACTIVATION_NAMES,
  ActivationFn,
  elu,
  exponential,
  getActivation,
  hardSigmoid,
  hardSigmoidKeras2,
  leakyRelu,
  linear,
  relu,
  selu,
  SELU_ALPHA,
  SELU_SCALE,
  sigmoid,
  softmax,
  softmaxBackward,
  softplus,
  softsign,
  tanh,
  thresholdedRelu,
} from "../../lib/src/functions/activations";
import { checkGradient } from "../../lib/src/lecture/gradcheck";
import { Matrix } from "../../lib/src/core/matrix";
import { Random } from "../../lib/src/core/random";

/** |actual − expected| ≤ tol (absolute), with a readable failure. */
function near(actual: number, expected: number, tol = 1e-15): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}

describe("values at hand-computed points", () => {
  test("sigmoid: lecture 002's σ(0.3) = 0.5744 and closed forms", () => {
    near(sigmoid.f(0.3), 0.574442516811659);
    expect(sigmoid.f(0.3).toFixed(4)).toBe("0.5744");
    expect(sigmoid.f(0)).toBe(0.5);
    near(sigmoid.f(1), 1 / (1 + Math.exp(-1)));
    near(sigmoid.f(-1), 0.2689414213699951);
    near(sigmoid.df(0), 0.25);
    near(sigmoid.df(0.3), 0.574442516811659 * (1 - 0.574442516811659));
    // lecture 002's output σ(0.374) = 0.5924
    expect(sigmoid.f(0.374).toFixed(4)).toBe("0.5924");
  });

  test("tanh", () => {
    near(tanh.f(1), (Math.E - 1 / Math.E) / (Math.E + 1 / Math.E));
    near(tanh.f(1), 0.7615941559557649);
    near(tanh.f(-1), -0.7615941559557649);
    near(tanh.df(1), 1 - 0.7615941559557649 ** 2);
    expect(tanh.df(0)).toBe(1);
    // tanh(z) = 2σ(2z) − 1
    near(tanh.f(0.8), 2 * sigmoid.f(1.6) - 1);
  });

  test("relu and leaky relu", () => {
    expect([relu.f(1), relu.f(-1), relu.f(2.5), relu.f(0)]).toEqual([1, 0, 2.5, 0]);
    expect([relu.df(1), relu.df(-1)]).toEqual([1, 0]);
    const lr = leakyRelu();
    expect([lr.f(1), lr.f(-1), lr.df(3), lr.df(-3)]).toEqual([1, -0.2, 1, 0.2]);
    expect(leakyRelu(0.01).f(-5)).toBeCloseTo(-0.05, 15);
  });

  test("elu: α(eᶻ − 1) below 0", () => {
    const e = elu();
    expect(e.f(1)).toBe(1);
    near(e.f(-1), Math.exp(-1) - 1);
    near(e.f(-1), -0.6321205588285577);
    near(e.df(-1), Math.exp(-1));
    const e2 = elu(2);
    near(e2.f(-1), 2 * (Math.exp(-1) - 1));
    near(e2.df(-1), 2 * Math.exp(-1));
    near(e.f(-50), -1); // tends to −α
  });

  test("selu with Keras' constants", () => {
    near(SELU_SCALE, 1.0507009873554805);
    near(SELU_ALPHA, 1.6732632423543772);
    near(selu.f(1), 1.0507009873554805);
    near(selu.f(-1), 1.0507009873554805 * 1.6732632423543772 * (Math.exp(-1) - 1));
    near(selu.f(-1), -1.1113307378125625);
    near(selu.df(1), SELU_SCALE);
    near(selu.df(-1), SELU_SCALE * SELU_ALPHA * Math.exp(-1));
  });

  test("softplus, softsign", () => {
    near(softplus.f(0), Math.LN2);
    near(softplus.f(1), Math.log(1 + Math.E));
    near(softplus.f(-2), Math.log(1 + Math.exp(-2)));
    near(softplus.df(1), sigmoid.f(1));
    expect([softsign.f(1), softsign.f(-3), softsign.f(0)]).toEqual([0.5, -0.75, 0]);
    expect([softsign.df(1), softsign.df(-3)]).toEqual([0.25, 1 / 16]);
  });

  test("hard sigmoid: Keras 3's relu6(z + 3)/6, and Keras 2's clip(0.2z + 0.5, 0, 1)", () => {
    expect(hardSigmoid.name).toBe("hard_sigmoid");
    expect(hardSigmoid.f(0)).toBe(0.5);
    near(hardSigmoid.f(1), 4 / 6);
    expect([hardSigmoid.f(-3), hardSigmoid.f(3), hardSigmoid.f(-10), hardSigmoid.f(10)]).toEqual([0, 1, 0, 1]);
    expect([hardSigmoid.df(1), hardSigmoid.df(-4), hardSigmoid.df(4)]).toEqual([1 / 6, 0, 0]);
    expect(getActivation("hard_sigmoid")).toBe(hardSigmoid);

    near(hardSigmoidKeras2.f(1), 0.7);
    expect([hardSigmoidKeras2.f(-2.5), hardSigmoidKeras2.f(2.5), hardSigmoidKeras2.f(2.7)]).toEqual([0, 1, 1]);
    expect([hardSigmoidKeras2.df(0), hardSigmoidKeras2.df(2.7)]).toEqual([0.2, 0]);
  });

  test("exponential, thresholded relu, linear", () => {
    expect(exponential.f(1)).toBe(Math.E);
    expect(exponential.df(2)).toBe(Math.exp(2));
    const t = thresholdedRelu();
    expect([t.f(1.5), t.f(1), t.f(0.5), t.f(-2)]).toEqual([1.5, 0, 0, 0]);
    expect([t.df(1.5), t.df(0.5)]).toEqual([1, 0]);
    expect(thresholdedRelu(0.2).f(0.5)).toBe(0.5);
    expect([linear.f(-3.5), linear.df(-3.5)]).toEqual([-3.5, 1]);
  });
});

describe("derivatives match central differences", () => {
  // Kinks: 0 (relu family), ±3 (hard sigmoid), ±2.5 (Keras 2 hard sigmoid), θ (thresholded relu).
  const points = [-4.2, -2.7, -1.9, -1.2, -0.7, -0.31, -0.05, 0.04, 0.3, 0.77, 1.3, 1.95, 2.6, 3.4, 4.1];

  const all: ActivationFn[] = [
    ...ACTIVATION_NAMES.map((n) => getActivation(n)),
    leakyRelu(0.05),
    elu(0.7),
    thresholdedRelu(0.5),
    hardSigmoidKeras2,
  ];

  test.each(all.map((a) => [a.name, a] as const))("%s", (_name, act) => {
    const z = Matrix.rowVector(points);
    const f = () => z.map((v) => act.f(v)).sum();
    const result = checkGradient(f, z, z.map((v) => act.df(v)));
    expect(result.ok, JSON.stringify(result)).toBe(true);
  });

  test("the check would catch a wrong derivative (tanh′ written as 1 − tanh)", () => {
    const z = Matrix.rowVector(points);
    const f = () => z.map(tanh.f).sum();
    expect(checkGradient(f, z, z.map((v) => 1 - Math.tanh(v))).ok).toBe(false);
  });
});

describe("kinks follow TensorFlow's convention", () => {
  test("derivatives at the non-differentiable points", () => {
    expect(relu.df(0)).toBe(0);
    expect(leakyRelu(0.3).df(0)).toBe(0.3);
    expect(elu().df(0)).toBe(1);
    expect(elu(2).df(0)).toBe(2);
    expect(selu.df(0)).toBe(SELU_SCALE);
    expect([hardSigmoid.df(-3), hardSigmoid.df(3)]).toEqual([0, 0]);
    expect([hardSigmoidKeras2.df(-2.5), hardSigmoidKeras2.df(2.5)]).toEqual([0.2, 0.2]);
    expect(thresholdedRelu().df(1)).toBe(0);
  });
});

describe("numerical stability at z = ±1000", () => {
  test("sigmoid and softplus stay finite and exact", () => {
    expect(sigmoid.f(1000)).toBe(1);
    expect(sigmoid.f(-1000)).toBe(0);
    expect(sigmoid.df(1000)).toBe(0);
    expect(sigmoid.df(-1000)).toBe(0);
    expect(softplus.f(1000)).toBe(1000);
    expect(softplus.f(-1000)).toBe(0);
    expect(softplus.df(-1000)).toBe(0);
    near(sigmoid.f(-30), Math.exp(-30) / (1 + Math.exp(-30)), 1e-28);
  });

  test("every bounded activation is finite at ±1000 (exponential overflows, as in Keras)", () => {
    for (const name of ACTIVATION_NAMES) {
      if (name === "exponential") continue;
      const act = getActivation(name);
      for (const z of [-1000, 1000]) {
        expect(Number.isFinite(act.f(z)), `${name}.f(${z})`).toBe(true);
        expect(Number.isFinite(act.df(z)), `${name}.df(${z})`).toBe(true);
      }
    }
    expect(exponential.f(1000)).toBe(Infinity);
  });
});

describe("getActivation and ACTIVATION_NAMES", () => {
  test("every element-wise name resolves to an activation of that name", () => {
    expect(ACTIVATION_NAMES).toHaveLength(12);
    expect(ACTIVATION_NAMES).not.toContain("softmax");
    for (const n of ACTIVATION_NAMES) expect(getActivation(n).name).toBe(n);
    expect(getActivation("relu")).toBe(relu);
  });

  test("named defaults use Keras' constants", () => {
    expect(getActivation("leaky_relu").f(-1)).toBeCloseTo(-0.2, 15);
    near(getActivation("elu").f(-1), Math.exp(-1) - 1);
    expect(getActivation("thresholded_relu").f(1)).toBe(0);
  });

  test("an ActivationFn is passed through", () => {
    const custom = leakyRelu(0.1);
    expect(getActivation(custom)).toBe(custom);
  });

  test("f and df work unbound (e.g. Z.map(act.f))", () => {
    const act = getActivation("sigmoid");
    const { f, df } = act;
    expect(Matrix.from([[0]]).map(f).get(0, 0)).toBe(0.5);
    expect(df(0)).toBe(0.25);
  });

  test("softmax is refused with a pointer to softmax()/softmaxBackward()", () => {
    expect(() => getActivation("softmax")).toThrow(/"softmax" is not element-wise/);
    expect(() => getActivation("softmax")).toThrow(/softmax\(Z\) and softmaxBackward\(S, dS\)/);
  });

  test("an unknown name lists the known ones and suggests a spelling", () => {
    const bad = (n: string) => () => getActivation(n as "relu");
    expect(bad("swish")).toThrow(/unknown activation "swish". Known names: sigmoid, tanh, relu, leaky_relu/);
    expect(bad("swish")).toThrow(/linear, softmax\.$/);
    expect(bad("ReLU")).toThrow(/Did you mean "relu"\?/);
    expect(bad("LeakyReLU")).toThrow(/Did you mean "leaky_relu"\?/);
  });

  test("parameters must be finite numbers", () => {
    expect(() => leakyRelu(NaN)).toThrow(/leakyRelu: alpha must be a finite number, got NaN/);
    expect(() => thresholdedRelu(Infinity)).toThrow(/theta/);
  });
});

describe("softmax", () => {
  test("hand-computed values; rows sum to 1", () => {
    const S = softmax(Matrix.from([[1, 2, 3], [0, 0, 0]]));
    const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
    const total = e[0] + e[1] + e[2];
    for (let j = 0; j < 3; j++) near(S.get(0, j), e[j] / total);
    near(S.get(0, 0), 0.09003057317038046);
    near(S.get(0, 2), 0.6652409557748219);
    for (let j = 0; j < 3; j++) near(S.get(1, j), 1 / 3);
    const rows = softmax(Matrix.normal(50, 7, new Random(4), 0, 5)).sum(1);
    rows.data.forEach((s) => near(s, 1, 1e-14));
  });

  test("logits ±1000 do not overflow and give the right answer", () => {
    const S = softmax(Matrix.from([[1000, -1000, 0], [1000, 1000, -1000], [-1000, -1000, -999]]));
    expect(S.findNonFinite()).toBeNull();
    expect(S.row(0).toArray()).toEqual([[1, 0, 0]]);
    expect(S.row(1).toArray()).toEqual([[0.5, 0.5, 0]]);
    near(S.get(2, 2), Math.E / (2 + Math.E));
    near(S.get(2, 0), 1 / (2 + Math.E));
  });

  test("adding a constant to a row changes nothing", () => {
    const Z = Matrix.from([[0.5, -1, 2]]);
    expect(softmax(Z.map((v) => v + 700)).allClose(softmax(Z), 1e-15)).toBe(true);
  });

  test("NaN logits are an error", () => {
    expect(() => softmax(Matrix.from([[1, NaN]]))).toThrow(/softmax: Z: entry \[0\]\[1\] is NaN/);
  });
});

describe("softmaxBackward", () => {
  test("matches a gradient check of L = Σ R ⊙ softmax(Z)", () => {
    const rng = new Random(8);
    const Z = Matrix.normal(4, 5, rng, 0, 2);
    const R = Matrix.normal(4, 5, rng);
    const f = () => softmax(Z).multiply(R).sum();
    const r = checkGradient(f, Z, softmaxBackward(softmax(Z), R));
    expect(r.ok, JSON.stringify(r)).toBe(true);
  });

  test("hand-computed: dZᵢ = Sᵢ(dSᵢ − Σⱼ dSⱼSⱼ)", () => {
    const S = Matrix.from([[0.2, 0.3, 0.5]]);
    const dS = Matrix.from([[1, 0, -1]]);
    const dot = 0.2 * 1 + 0 - 0.5; // −0.3
    const dZ = softmaxBackward(S, dS);
    near(dZ.get(0, 0), 0.2 * (1 - dot));
    near(dZ.get(0, 1), 0.3 * (0 - dot));
    near(dZ.get(0, 2), 0.5 * (-1 - dot));
    near(dZ.sum(), 0, 1e-16); // a gradient through softmax always sums to 0 per row
  });

  test("with cross-entropy on top it reduces to S − Y", () => {
    const Z = Matrix.from([[1, -2, 0.5], [3, 3, 0]]);
    const Y = Matrix.from([[0, 0, 1], [1, 0, 0]]);
    const S = softmax(Z);
    const dS = Y.divide(S).scale(-1); // ∂(−Σ y ln s)/∂s
    expect(softmaxBackward(S, dS).allClose(S.subtract(Y), 1e-15)).toBe(true);
  });

  test("shape mismatch names both shapes", () => {
    expect(() => softmaxBackward(Matrix.zeros(2, 3), Matrix.zeros(3, 2))).toThrow(
      /softmaxBackward: S is 2×3 but dS is 3×2/,
    );
  });
});
