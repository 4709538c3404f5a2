import { describe, expect, test } from "vitest";
import {
  constant, getInitializer, glorotNormal, glorotUniform, heNormal, heUniform, INITIALIZER_NAMES, lecunNormal, lecunUniform,
  ones, randomNormal, randomUniform, zeros,
} from "../../lib/src/functions/initializers";
import { Dense } from "../../lib/src/layers";
import { Matrix } from "../../lib/src/core/matrix";
import { Random } from "../../lib/src/core/random";

function stats(m: Matrix): { mean: number; variance: number; min: number; max: number } {
  const mean = m.mean();
  const variance = m.map((v) => (v - mean) ** 2).mean();
  return { mean, variance, min: Math.min(...m.data), max: Math.max(...m.data) };
}

describe("initializers: sample mean and variance of a large draw match Keras' formulas", () => {
  const fanIn = 300;
  const fanOut = 100;
  const cases = [
    { init: glorotUniform, variance: 2 / (fanIn + fanOut), limit: Math.sqrt(6 / (fanIn + fanOut)) },
    { init: glorotNormal, variance: 2 / (fanIn + fanOut), limit: (2 * Math.sqrt(2 / (fanIn + fanOut))) / 0.87962566103423978 },
    { init: heUniform, variance: 2 / fanIn, limit: Math.sqrt(6 / fanIn) },
    { init: heNormal, variance: 2 / fanIn, limit: (2 * Math.sqrt(2 / fanIn)) / 0.87962566103423978 },
    { init: lecunUniform, variance: 1 / fanIn, limit: Math.sqrt(3 / fanIn) },
    { init: lecunNormal, variance: 1 / fanIn, limit: (2 * Math.sqrt(1 / fanIn)) / 0.87962566103423978 },
  ];
  for (const c of cases) {
    test(`${c.init.name}: variance ≈ ${c.variance.toExponential(3)}, |w| ≤ ${c.limit.toFixed(4)}`, () => {
      const W = c.init.create(fanOut, fanIn, new Random(1)); // 30,000 draws, W is fanOut × fanIn
      expect(W.shape).toEqual([fanOut, fanIn]);
      const s = stats(W);
      expect(Math.abs(s.mean)).toBeLessThan(4 * Math.sqrt(c.variance / W.size));
      expect(s.variance / c.variance).toBeGreaterThan(0.97);
      expect(s.variance / c.variance).toBeLessThan(1.03);
      expect(s.max).toBeLessThanOrEqual(c.limit + 1e-12);
      expect(s.min).toBeGreaterThanOrEqual(-c.limit - 1e-12);
    });
  }

  test("random_uniform U(−0.05, 0.05) and random_normal N(0, 0.05²) by default; options change them", () => {
    const u = stats(randomUniform().create(200, 200, new Random(2)));
    expect(u.variance / (0.1 ** 2 / 12)).toBeCloseTo(1, 1);
    expect(u.max).toBeLessThan(0.05);
    const n = stats(randomNormal().create(200, 200, new Random(3)));
    expect(n.variance / 0.0025).toBeCloseTo(1, 1);
    const wide = stats(randomNormal({ mean: 1, stddev: 2 }).create(200, 200, new Random(4)));
    expect(wide.mean).toBeCloseTo(1, 1);
    expect(wide.variance / 4).toBeCloseTo(1, 1);
    const u2 = stats(randomUniform({ minval: 0, maxval: 3 }).create(200, 200, new Random(5)));
    expect(u2.mean).toBeCloseTo(1.5, 1);
    expect(u2.variance / 0.75).toBeCloseTo(1, 1);
  });

  test("zeros, ones, constant", () => {
    expect(zeros.create(2, 2, new Random(0)).toArray()).toEqual([[0, 0], [0, 0]]);
    expect(ones.create(1, 3, new Random(0)).toArray()).toEqual([[1, 1, 1]]);
    expect(constant(0.5).create(2, 1, new Random(0)).toArray()).toEqual([[0.5], [0.5]]);
    expect(() => constant(NaN)).toThrow(/finite/);
  });

  test("every name is registered, seeded: same seed ⇒ same numbers", () => {
    expect(INITIALIZER_NAMES).toEqual([
      "zeros", "ones", "constant", "random_uniform", "random_normal",
      "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal",
    ]);
    for (const name of INITIALIZER_NAMES) {
      const init = getInitializer(name);
      expect(init.name).toBe(name);
      expect(init.create(4, 5, new Random(9)).toArray()).toEqual(init.create(4, 5, new Random(9)).toArray());
    }
  });

  test("glorot_uniform keeps the exact numbers it gave before (limit √(6/(fanIn+fanOut)))", () => {
    const rng = new Random(11);
    const limit = Math.sqrt(6 / 7);
    const expected = Array.from({ length: 12 }, () => rng.uniform(-limit, limit));
    expect(Array.from(glorotUniform.create(3, 4, new Random(11)).data)).toEqual(expected);
  });

  test("Dense takes kernelInitializer by name or object, seeded", () => {
    const a = new Dense(50, { inputDim: 400, kernelInitializer: "he_uniform", seed: 3 });
    const b = new Dense(50, { inputDim: 400, kernelInitializer: heUniform, seed: 3 });
    expect(a.W.toArray()).toEqual(b.W.toArray());
    expect(stats(a.W).variance / (2 / 400)).toBeCloseTo(1, 1);
    expect(a.getConfig().kernelInitializer).toBe("he_uniform");
  });
});
