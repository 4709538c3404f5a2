/**
 * Every optimizer of lecture 001/004 against its update rule, worked out here INDEPENDENTLY:
 * plain scalar code per weight, per step (the Keras 3 formulas, including where ε sits), never
 * calling the implementation.
 */
import { modelFromJSON, modelToJSON } from "../../../lib/src/training/serialization";
import { describe, expect, test } from "vitest";
import { Dense, Param } from "../../../lib/src/layers";
import { Matrix } from "../../../lib/src/core/matrix";
import { Sequential } from "../../../lib/src/training/model";
import { Random } from "../../../lib/src/core/random";
import {
  Adadelta, Adagrad, Adam, Adamax, getOptimizer, Lion, Nadam, Optimizer, OPTIMIZER_NAMES, RMSprop, SGD,
} from "../../../lib/src/training/optimizers";

/** Start value of the 1×3 test parameter and the gradients of 4 successive steps. */
const W0 = [0.5, -1.0, 2.0];
const GRADS = [
  [0.2, -0.5, 1.0],
  [0.1, 0.3, -0.4],
  [-0.3, 0.2, 0.5],
  [0.05, -0.1, 0.0],
];

function param(name: string, value: number[]): Param {
  return { name, value: Matrix.from([value]), grad: Matrix.zeros(1, value.length) };
}

/** Runs `opt` on a fresh parameter through GRADS; returns the weights after every step. */
function run(opt: Optimizer, grads = GRADS, w0 = W0): number[][] {
  const p = param("p", w0);
  const out: number[][] = [];
  for (const g of grads) {
    p.grad.data.set(g);
    opt.step([p]);
    out.push(Array.from(p.value.data));
  }
  return out;
}

/** The reference: for each weight separately, `stepper(w, g, t, slot)` returns the new w (slot keeps that weight's state). */
function reference(
  stepper: (w: number, g: number, t: number, s: Record<string, number>) => number,
  init: () => Record<string, number> = () => ({}),
  grads = GRADS,
  w0 = W0,
): number[][] {
  const w = [...w0];
  const slots = w0.map(() => init());
  return grads.map((g, i) => {
    for (let k = 0; k < w.length; k++) w[k] = stepper(w[k], g[k], i + 1, slots[k]);
    return [...w];
  });
}

function expectClose(actual: number[][], expected: number[][], digits = 12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => row.forEach((v, k) => expect(v, `step ${i + 1}, weight ${k}`).toBeCloseTo(expected[i][k], digits)));
}

describe("SGD", () => {
  test("plain: w ← w − η·g", () => {
    expectClose(run(new SGD({ learningRate: 0.1 })), reference((w, g) => w - 0.1 * g));
  });

  test("momentum: v ← μv − ηg; w ← w + v", () => {
    const expected = reference((w, g, _t, s) => {
      s.v = 0.9 * s.v - 0.1 * g;
      return w + s.v;
    }, () => ({ v: 0 }));
    expectClose(run(new SGD({ learningRate: 0.1, momentum: 0.9 })), expected);
  });

  test("Nesterov: v ← μv − ηg; w ← w + μv − ηg", () => {
    const expected = reference((w, g, _t, s) => {
      s.v = 0.8 * s.v - 0.05 * g;
      return w + 0.8 * s.v - 0.05 * g;
    }, () => ({ v: 0 }));
    expectClose(run(new SGD({ learningRate: 0.05, momentum: 0.8, nesterov: true })), expected);
  });

  test("hand-checked numbers: momentum 0.9, η 0.1, g = 1 three times", () => {
    // v: −0.1, −0.19, −0.271 → w: 1 − 0.1 = 0.9, 0.71, 0.439
    const out = run(new SGD({ learningRate: 0.1, momentum: 0.9 }), [[1], [1], [1]], [1]);
    expectClose(out, [[0.9], [0.71], [0.439]]);
  });

  test("momentum 0 is exactly plain SGD (and nesterov without momentum too)", () => {
    const plain = run(new SGD({ learningRate: 0.3 }));
    expect(run(new SGD({ learningRate: 0.3, momentum: 0 }))).toEqual(plain);
    expect(run(new SGD({ learningRate: 0.3, momentum: 0, nesterov: true }))).toEqual(plain);
  });
});

describe("Adagrad", () => {
  test("accumulator ← accumulator + g²; w ← w − η·g/√(accumulator + ε), accumulator from 0.1", () => {
    const expected = reference((w, g, _t, s) => {
      s.a = s.a + g * g;
      return w - (0.1 * g) / Math.sqrt(s.a + 1e-7);
    }, () => ({ a: 0.1 }));
    expectClose(run(new Adagrad({ learningRate: 0.1 })), expected);
  });

  test("initialAccumulatorValue and epsilon are used", () => {
    const expected = reference((w, g, _t, s) => {
      s.a = s.a + g * g;
      return w - (0.5 * g) / Math.sqrt(s.a + 0.01);
    }, () => ({ a: 0 }));
    expectClose(run(new Adagrad({ learningRate: 0.5, initialAccumulatorValue: 0, epsilon: 0.01 })), expected);
  });
});

describe("RMSprop", () => {
  test("accumulator ← ρ·acc + (1 − ρ)·g²; w ← w − η·g/√(acc + ε)", () => {
    const expected = reference((w, g, _t, s) => {
      s.a = 0.9 * s.a + 0.1 * g * g;
      return w - (0.01 * g) / Math.sqrt(s.a + 1e-7);
    }, () => ({ a: 0 }));
    expectClose(run(new RMSprop({ learningRate: 0.01 })), expected);
  });

  test("hand-checked first step: |Δw| = η/√(1 − ρ) ≈ 3.16·η (ε negligible)", () => {
    const out = run(new RMSprop({ learningRate: 0.001 }), [[2]], [0]);
    expect(out[0][0]).toBeCloseTo(-0.001 * 2 / Math.sqrt(0.1 * 4 + 1e-7), 15);
    expect(out[0][0]).toBeCloseTo(-0.001 / Math.sqrt(0.1), 6);
  });

  test("momentum: v ← μv + η·g/√(acc + ε); w ← w − v", () => {
    const expected = reference((w, g, _t, s) => {
      s.a = 0.8 * s.a + 0.2 * g * g;
      s.v = 0.5 * s.v + (0.01 * g) / Math.sqrt(s.a + 1e-7);
      return w - s.v;
    }, () => ({ a: 0, v: 0 }));
    expectClose(run(new RMSprop({ learningRate: 0.01, rho: 0.8, momentum: 0.5 })), expected);
  });

  test("centered: ḡ ← ρḡ + (1 − ρ)g; w ← w − η·g/√(acc − ḡ² + ε)", () => {
    const expected = reference((w, g, _t, s) => {
      s.a = 0.9 * s.a + 0.1 * g * g;
      s.m = 0.9 * s.m + 0.1 * g;
      return w - (0.01 * g) / Math.sqrt(s.a - s.m * s.m + 1e-3);
    }, () => ({ a: 0, m: 0 }));
    expectClose(run(new RMSprop({ learningRate: 0.01, centered: true, epsilon: 1e-3 })), expected);
  });
});

describe("Adam", () => {
  const adamRef = (eta: number, b1: number, b2: number, eps: number, correct: boolean, amsgrad = false) =>
    reference((w, g, t, s) => {
      s.m = b1 * s.m + (1 - b1) * g;
      s.v = b2 * s.v + (1 - b2) * g * g;
      s.vmax = Math.max(s.vmax, s.v);
      const v = amsgrad ? s.vmax : s.v;
      // Keras: α = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ); w ← w − α·m/(√v + ε)
      const alpha = correct ? (eta * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t) : eta;
      return w - (alpha * s.m) / (Math.sqrt(v) + eps);
    }, () => ({ m: 0, v: 0, vmax: 0 }));

  test("m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; w ← w − η·√(1 − β₂ᵗ)/(1 − β₁ᵗ)·m/(√v + ε)", () => {
    expectClose(run(new Adam({ learningRate: 0.01 })), adamRef(0.01, 0.9, 0.999, 1e-7, true));
    expectClose(run(new Adam({ learningRate: 0.1, beta1: 0.5, beta2: 0.75, epsilon: 1e-3 })), adamRef(0.1, 0.5, 0.75, 1e-3, true));
  });

  test("equals η·m̂/(√v̂ + ε̂) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), ε̂ = ε/√(1 − β₂ᵗ)", () => {
    const eps = 1e-3;
    const expected = reference((w, g, t, s) => {
      s.m = 0.9 * s.m + 0.1 * g;
      s.v = 0.999 * s.v + 0.001 * g * g;
      const mHat = s.m / (1 - 0.9 ** t), vHat = s.v / (1 - 0.999 ** t);
      return w - (0.01 * mHat) / (Math.sqrt(vHat) + eps / Math.sqrt(1 - 0.999 ** t));
    }, () => ({ m: 0, v: 0 }));
    expectClose(run(new Adam({ learningRate: 0.01, epsilon: eps })), expected);
  });

  test("amsgrad uses the largest v so far", () => {
    expectClose(run(new Adam({ learningRate: 0.01, amsgrad: true })), adamRef(0.01, 0.9, 0.999, 1e-7, true, true));
  });

  test("biasCorrection: false is lecture 001's form w ← w − η·m/(√v + ε)", () => {
    expectClose(run(new Adam({ learningRate: 0.01, biasCorrection: false })), adamRef(0.01, 0.9, 0.999, 1e-7, false));
  });

  test("with bias correction the first step moves every weight by ≈ η·sign(g); without, by η·(1 − β₁)/√(1 − β₂) ≈ 3.16·η", () => {
    const eta = 0.001, g = [0.2, -0.5, 1.0];
    const corrected = run(new Adam(), [g])[0];
    const uncorrected = run(new Adam({ biasCorrection: false }), [g])[0];
    for (let k = 0; k < 3; k++) {
      const d = corrected[k] - W0[k];
      expect(d).toBeCloseTo(-eta * Math.sign(g[k]), 7); // ε̂ = ε/√(1 − β₂) shaves ~1e-5 of it
      const du = uncorrected[k] - W0[k];
      expect(du).toBeCloseTo((-eta * Math.sign(g[k]) * 0.1) / Math.sqrt(0.001), 6);
      expect(Math.abs(du) / Math.abs(d)).toBeGreaterThan(3); // the uncorrected start is too LARGE
    }
  });

  test("with a constant gradient the uncorrected steps stay too large while v warms up", () => {
    const grads = Array.from({ length: 50 }, () => [1]);
    const c = run(new Adam(), grads, [0]);
    const u = run(new Adam({ biasCorrection: false }), grads, [0]);
    const stepC = c[49][0] - c[48][0], stepU = u[49][0] - u[48][0];
    expect(stepC).toBeCloseTo(-0.001, 6); // corrected: exactly η per step for a constant gradient
    expect(stepU / stepC).toBeGreaterThan(4); // (1 − 0.9⁵⁰)/√(1 − 0.999⁵⁰) ≈ 4.5
  });
});

describe("Adadelta", () => {
  test("E[g²] ← ρE[g²] + (1 − ρ)g²; Δw = −√(E[Δw²] + ε)/√(E[g²] + ε)·g; E[Δw²] ← ρE[Δw²] + (1 − ρ)Δw²; w ← w + η·Δw", () => {
    const ref = (eta: number, rho: number, eps: number) =>
      reference((w, g, _t, s) => {
        s.a = rho * s.a + (1 - rho) * g * g;
        const dw = (-Math.sqrt(s.d + eps) / Math.sqrt(s.a + eps)) * g;
        s.d = rho * s.d + (1 - rho) * dw * dw;
        return w + eta * dw;
      }, () => ({ a: 0, d: 0 }));
    expectClose(run(new Adadelta()), ref(0.001, 0.95, 1e-7), 15);
    expectClose(run(new Adadelta({ learningRate: 1, rho: 0.9, epsilon: 1e-2 })), ref(1, 0.9, 1e-2));
  });
});

describe("Adamax", () => {
  test("m ← β₁m + (1 − β₁)g; u ← max(β₂u, |g|); w ← w − η·m/((1 − β₁ᵗ)(u + ε))", () => {
    const ref = (eta: number, b1: number, b2: number, eps: number) =>
      reference((w, g, t, s) => {
        s.m = b1 * s.m + (1 - b1) * g;
        s.u = Math.max(b2 * s.u, Math.abs(g));
        return w - (eta * s.m) / ((1 - b1 ** t) * (s.u + eps));
      }, () => ({ m: 0, u: 0 }));
    expectClose(run(new Adamax({ learningRate: 0.01 })), ref(0.01, 0.9, 0.999, 1e-7));
    expectClose(run(new Adamax({ learningRate: 0.1, beta1: 0.5, beta2: 0.6, epsilon: 0.01 })), ref(0.1, 0.5, 0.6, 0.01));
  });
});

describe("Nadam (Keras 3 form, momentum schedule μₜ = β₁(1 − ½·0.96ᵗ))", () => {
  test("matches the formula step by step", () => {
    const eta = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-7;
    const mu = (t: number) => b1 * (1 - 0.5 * 0.96 ** t);
    const prod = (t: number) => {
      let p = 1;
      for (let i = 1; i <= t; i++) p *= mu(i);
      return p;
    };
    const expected = reference((w, g, t, s) => {
      s.m = b1 * s.m + (1 - b1) * g;
      s.v = b2 * s.v + (1 - b2) * g * g;
      const mHat = (mu(t + 1) * s.m) / (1 - prod(t + 1)) + ((1 - mu(t)) * g) / (1 - prod(t));
      const vHat = s.v / (1 - b2 ** t);
      return w - (eta * mHat) / (Math.sqrt(vHat) + eps);
    }, () => ({ m: 0, v: 0 }));
    expectClose(run(new Nadam({ learningRate: eta })), expected);
  });

  test("hand-checked first step: μ₁ = 0.9·0.52 = 0.468, μ₂ = 0.9·(1 − 0.5·0.9216) = 0.48528", () => {
    const opt = new Nadam();
    expect(opt.momentumAt(1)).toBeCloseTo(0.468, 15);
    expect(opt.momentumAt(2)).toBeCloseTo(0.48528, 15);
    // m = 0.1g, v̂ = g², m̂ = μ₂·0.1g/(1 − μ₁μ₂) + (1 − μ₁)g/(1 − μ₁) = g·(0.048528/(1 − 0.22711104) + 1)
    const g = 0.5, mHat = g * (0.048528 / (1 - 0.468 * 0.48528) + 1);
    const out = run(opt, [[g]], [0]);
    expect(out[0][0]).toBeCloseTo(-0.001 * mHat / (g + 1e-7), 14);
  });
});

describe("Lion", () => {
  test("c = β₁m + (1 − β₁)g; w ← w − η·sign(c); m ← β₂m + (1 − β₂)g (Keras 3), sign(0) = 0", () => {
    const b1 = 0.8, b2 = 0.95, eta = 0.05;
    expectClose(
      run(new Lion({ learningRate: eta, beta1: b1, beta2: b2 })),
      reference((w, g, _t, s) => {
        const c = b1 * s.m + (1 - b1) * g;
        s.m = b2 * s.m + (1 - b2) * g;
        return w - eta * Math.sign(c);
      }, () => ({ m: 0 })),
      15,
    );
  });

  test("every weight moves by exactly η (or not at all), whatever the gradient's size", () => {
    const out = run(new Lion({ learningRate: 0.25 }), [[1e-9, -1e6, 0]], [1, 1, 1]);
    expect(out[0]).toEqual([0.75, 1.25, 1]);
  });
});

/** Every optimizer, with non-default settings where they have any, for the shared tests below. */
const ALL: [string, () => Optimizer][] = [
  ["sgd", () => new SGD({ learningRate: 0.1 })],
  ["sgd momentum", () => new SGD({ learningRate: 0.1, momentum: 0.9 })],
  ["sgd nesterov", () => new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true })],
  ["adagrad", () => new Adagrad({ learningRate: 0.1 })],
  ["rmsprop centered momentum", () => new RMSprop({ learningRate: 0.01, momentum: 0.5, centered: true })],
  ["adam", () => new Adam({ learningRate: 0.01 })],
  ["adam amsgrad", () => new Adam({ learningRate: 0.01, amsgrad: true })],
  ["adadelta", () => new Adadelta({ learningRate: 1 })],
  ["adamax", () => new Adamax({ learningRate: 0.01 })],
  ["nadam", () => new Nadam({ learningRate: 0.01 })],
  ["lion", () => new Lion({ learningRate: 0.01 })],
];

describe("per-parameter state", () => {
  test.each(ALL)("%s: two parameters keep separate state (same as two separate optimizers)", (_name, make) => {
    const gp = GRADS, gq = GRADS.map((g) => g.map((x) => -2 * x + 0.1));
    const together = make();
    const p = param("p", W0), q = param("q", [1, 2, 3]);
    for (let i = 0; i < gp.length; i++) {
      p.grad.data.set(gp[i]);
      q.grad.data.set(gq[i]);
      together.step([p, q]);
    }
    expect(Array.from(p.value.data)).toEqual(run(make(), gp, W0)[3]);
    expect(Array.from(q.value.data)).toEqual(run(make(), gq, [1, 2, 3])[3]);
  });
});

describe("getState / setState", () => {
  /** A 2×2 and a 1×2 parameter with gradients that depend on the step. */
  function twoParams(): Param[] {
    return [
      { name: "dense/W", value: Matrix.from([[0.1, -0.2], [0.3, 0.4]]), grad: Matrix.zeros(2, 2) },
      { name: "dense/b", value: Matrix.from([[0.5, -0.5]]), grad: Matrix.zeros(1, 2) },
    ];
  }
  function setGrads(params: Param[], step: number): void {
    params.forEach((p, j) => p.grad.data.forEach((_, k) => (p.grad.data[k] = Math.sin(1 + step * 3 + k + 5 * j))));
  }

  test.each(ALL)("%s: steps, save, restore into a fresh optimizer on a copy, next steps identical", (_name, make) => {
    const a = make(), pa = twoParams();
    for (let s = 0; s < 3; s++) {
      setGrads(pa, s);
      a.step(pa);
    }
    const saved = JSON.parse(JSON.stringify(a.getState!(pa)));
    const b = make();
    const pb = pa.map((p) => ({ name: p.name, value: p.value.clone(), grad: Matrix.zeros(p.value.rows, p.value.cols) }));
    b.setState!(pb, saved);
    expect(b.iterations).toBe(3);
    expect(b.getState!(pb)).toEqual(saved);
    for (let s = 3; s < 6; s++) {
      setGrads(pa, s);
      setGrads(pb, s);
      a.step(pa);
      b.step(pb);
    }
    pa.forEach((p, j) => expect(Array.from(pb[j].value.data)).toEqual(Array.from(p.value.data)));
    // a fresh optimizer WITHOUT the state would have continued differently (except plain SGD)
    if (_name !== "sgd") {
      const c = make(), pc = twoParams();
      for (let s = 3; s < 6; s++) {
        setGrads(pc, s);
        c.step(pc);
      }
      expect(Array.from(pc[0].value.data)).not.toEqual(Array.from(pa[0].value.data));
    }
  });

  test.each(ALL)("%s: a model saved with modelToJSON and loaded with modelFromJSON trains on identically", (_name, make) => {
    const rng = new Random(1);
    const x = Matrix.uniform(20, 2, rng, -1, 1), y = Matrix.uniform(20, 1, rng, -1, 1);
    const m = new Sequential([new Dense(3, { inputDim: 2, activation: "tanh" }), new Dense(1)], { seed: 2 });
    m.compile({ optimizer: make(), loss: "mse" });
    m.fit(x, y, { epochs: 3, batchSize: 5 });
    const copy = modelFromJSON(JSON.stringify(modelToJSON(m)));
    expect(copy.optimizer!.getConfig()).toEqual(m.optimizer!.getConfig());
    m.fit(x, y, { epochs: 2, batchSize: 5 });
    copy.fit(x, y, { epochs: 2, batchSize: 5 });
    expect(copy.getWeights().map((w) => Array.from(w.data))).toEqual(m.getWeights().map((w) => Array.from(w.data)));
  });

  test("the state is plain JSON keyed by parameter order, with the step count and learning rate", () => {
    const opt = new Adam({ learningRate: 0.01 });
    const [W, b] = twoParams();
    setGrads([W, b], 0);
    opt.step([W]); // b not updated yet
    const state = opt.getState([W, b]) as { name: string; iterations: number; learningRate: number; params: unknown[] };
    expect(state.name).toBe("adam");
    expect(state.iterations).toBe(1);
    expect(state.learningRate).toBe(0.01);
    expect(state.params[1]).toBeNull();
    const w = state.params[0] as { m: number[]; v: number[] };
    expect(w.m).toHaveLength(4);
    expect(w.m[0]).toBeCloseTo(0.1 * W.grad.data[0], 15);
    expect(w.v[0]).toBeCloseTo(0.001 * W.grad.data[0] ** 2, 15);
  });

  test("a learning rate changed by a schedule is restored too", () => {
    const a = new SGD({ learningRate: 0.1, momentum: 0.9 });
    a.learningRate = 0.025;
    const b = new SGD({ learningRate: 0.1, momentum: 0.9 });
    b.setState(twoParams(), a.getState(twoParams()));
    expect(b.learningRate).toBe(0.025);
  });

  test("mismatches are clear errors", () => {
    const a = new Adam(), p = twoParams();
    setGrads(p, 0);
    a.step(p);
    const state = a.getState(p);
    expect(() => new RMSprop().setState(p, state)).toThrow(/saved by optimizer "adam", this one is "rmsprop"/);
    expect(() => new Adam().setState(p.slice(0, 1), state)).toThrow(/the state has 2 parameter\(s\), got 1/);
    const wrongShape = [p[1], p[0]];
    expect(() => new Adam().setState(wrongShape, state)).toThrow(/parameter 0 \(dense\/b\): m must be an array of 2 numbers/);
    expect(() => new Adam().setState(p, { weights: [] })).toThrow(/expected \{ name, iterations, learningRate, params/);
  });
});

describe("settings, defaults and errors", () => {
  test("Keras defaults", () => {
    expect(new SGD().getConfig()).toEqual({ name: "sgd", learningRate: 0.01 });
    expect(new SGD({ momentum: 0.9 }).getConfig()).toEqual({ name: "sgd", learningRate: 0.01, momentum: 0.9, nesterov: false });
    expect(new Adagrad().getConfig()).toEqual({ name: "adagrad", learningRate: 0.001, initialAccumulatorValue: 0.1, epsilon: 1e-7 });
    expect(new RMSprop().getConfig()).toEqual({ name: "rmsprop", learningRate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false });
    expect(new Adam().getConfig()).toEqual({
      name: "adam", learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: false, biasCorrection: true,
    });
    expect(new Adadelta().getConfig()).toEqual({ name: "adadelta", learningRate: 0.001, rho: 0.95, epsilon: 1e-7 });
    expect(new Adamax().getConfig()).toEqual({ name: "adamax", learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    expect(new Nadam().getConfig()).toEqual({ name: "nadam", learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    expect(new Lion().getConfig()).toEqual({ name: "lion", learningRate: 0.001, beta1: 0.9, beta2: 0.99 });
  });

  test("getOptimizer knows every Keras name and gives the defaults", () => {
    expect([...OPTIMIZER_NAMES].sort()).toEqual(["adadelta", "adagrad", "adam", "adamax", "lion", "nadam", "rmsprop", "sgd"]);
    const classes = { sgd: SGD, adagrad: Adagrad, rmsprop: RMSprop, adam: Adam, adadelta: Adadelta, adamax: Adamax, nadam: Nadam, lion: Lion };
    for (const name of OPTIMIZER_NAMES) {
      const opt = getOptimizer(name);
      expect(opt).toBeInstanceOf(classes[name]);
      expect(opt.name).toBe(name);
      expect(opt.learningRate).toBe(name === "sgd" ? 0.01 : 0.001);
    }
    expect(getOptimizer("Adam" as "adam")).toBeInstanceOf(Adam);
    expect(() => getOptimizer("adamw" as "adam")).toThrow(/unknown optimizer "adamw"\. Known names: sgd, adagrad, rmsprop, adam, adadelta, adamax, nadam/);
  });

  test.each([
    ["SGD momentum 1", () => new SGD({ momentum: 1 }), /SGD: momentum must be a number in \[0, 1\), got 1\. Hint/],
    ["SGD momentum −0.1", () => new SGD({ momentum: -0.1 }), /momentum must be a number in \[0, 1\), got -0.1/],
    ["SGD nesterov 'yes'", () => new SGD({ nesterov: "yes" as unknown as boolean }), /nesterov must be true or false, got the string 'yes'/],
    ["RMSprop rho 1", () => new RMSprop({ rho: 1 }), /RMSprop: rho must be a number in \[0, 1\), got 1\. Hint/],
    ["RMSprop rho NaN", () => new RMSprop({ rho: NaN }), /rho must be a number in \[0, 1\), got NaN/],
    ["RMSprop momentum 1.5", () => new RMSprop({ momentum: 1.5 }), /RMSprop: momentum must be a number in \[0, 1\)/],
    ["Adam beta1 1", () => new Adam({ beta1: 1 }), /Adam: beta1 must be a number in \[0, 1\), got 1/],
    ["Adam beta2 −1", () => new Adam({ beta2: -1 }), /Adam: beta2 must be a number in \[0, 1\), got -1/],
    ["Adam epsilon 0", () => new Adam({ epsilon: 0 }), /Adam: epsilon must be a finite number > 0, got 0\. Hint/],
    ["Adam learning rate 0", () => new Adam({ learningRate: 0 }), /learning rate must be a finite number > 0, got 0\..*Hint/],
    ["Adam learning rate Infinity", () => new Adam({ learningRate: Infinity }), /learning rate must be a finite number > 0, got Infinity/],
    ["Adagrad initialAccumulatorValue −1", () => new Adagrad({ initialAccumulatorValue: -1 }), /initialAccumulatorValue must be a finite number ≥ 0, got -1/],
    ["Adagrad epsilon −1e-7", () => new Adagrad({ epsilon: -1e-7 }), /epsilon must be a finite number > 0/],
    ["Adadelta rho 1.2", () => new Adadelta({ rho: 1.2 }), /Adadelta: rho must be a number in \[0, 1\)/],
    ["Adamax beta2 1", () => new Adamax({ beta2: 1 }), /Adamax: beta2 must be a number in \[0, 1\)/],
    ["Nadam beta1 2", () => new Nadam({ beta1: 2 }), /Nadam: beta1 must be a number in \[0, 1\)/],
    ["Lion beta2 1", () => new Lion({ beta2: 1 }), /Lion: beta2 must be a number in \[0, 1\)/],
    ["Keras 2's lr", () => new Adam({ lr: 0.1 } as unknown as object), /Adam: unknown option "lr"; the options are .*Did you mean learningRate\?/],
    ["Python's beta_1", () => new Nadam({ beta_1: 0.9 } as unknown as object), /Nadam: unknown option "beta_1".*Did you mean beta1\?/],
  ] as [string, () => unknown, RegExp][])("%s → clear error", (_label, make, message) => {
    expect(make).toThrow(message);
  });

  test("setting a bad learning rate later is refused and keeps the old one", () => {
    const opt = new Nadam();
    expect(() => { opt.learningRate = -1; }).toThrow(/nadam: the learning rate must be a finite number > 0, got -1/);
    expect(opt.learningRate).toBe(0.001);
  });
});
