import { describe, expect, test } from "vitest";
import { Random } from "../../lib/src/core/random";

const draw = (rng: Random, n: number, f: (r: Random) => number): number[] =>
  Array.from({ length: n }, () => f(rng));

describe("Random", () => {
  test("the first uniform() numbers of seed 42 are pinned (a change to the generator is caught)", () => {
    // mulberry32 with seed 42; these literals must never change, or every notebook's numbers do.
    const rng = new Random(42);
    expect(draw(rng, 4, (r) => r.uniform())).toEqual([
      0.6011037519201636, 0.44829055899754167, 0.8524657934904099, 0.6697340414393693,
    ]);
    const raw = new Random(42);
    expect([raw.nextUint32(), raw.nextUint32()]).toEqual([2581720956, 1925393290]);
    expect(2581720956 / 2 ** 32).toBe(0.6011037519201636);
  });

  test("the same seed gives the same stream, for every kind of draw", () => {
    const a = new Random(123), b = new Random(123);
    const mixed = (r: Random) => [r.uniform(), r.normal(), r.int(10), r.uniform(-5, 5), r.normal(2, 3)];
    for (let k = 0; k < 50; k++) expect(mixed(a)).toEqual(mixed(b));
    expect(new Random(9).permutation(20)).toEqual(new Random(9).permutation(20));
  });

  test("different seeds give different streams", () => {
    const a = draw(new Random(1), 10, (r) => r.uniform());
    const b = draw(new Random(2), 10, (r) => r.uniform());
    expect(a).not.toEqual(b);
    expect(a.filter((v, k) => v === b[k])).toHaveLength(0);
  });

  test("uniform stays in [low, high) and has the right mean", () => {
    const rng = new Random(7);
    const xs = draw(rng, 20000, (r) => r.uniform(-2, 6));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...xs)).toBeLessThan(6);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 2)).toBeLessThan(0.05); // sd of the mean: 8/√12/√20000 ≈ 0.016
    expect(() => rng.uniform(1, 1)).toThrow(/need low < high, got low = 1, high = 1/);
  });

  test("100k normals have mean ≈ 0 and std ≈ 1; mean/std parameters shift and scale", () => {
    const n = 100_000;
    const xs = draw(new Random(2024), n, (r) => r.normal());
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const std = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
    // standard error of the mean is 1/√n ≈ 0.0032, of the std ≈ 0.0022
    expect(Math.abs(mean)).toBeLessThan(0.015);
    expect(Math.abs(std - 1)).toBeLessThan(0.01);
    // about 68.3 % within one std, 95.4 % within two
    expect(xs.filter((x) => Math.abs(x) < 1).length / n).toBeCloseTo(0.6827, 2);
    expect(xs.filter((x) => Math.abs(x) < 2).length / n).toBeCloseTo(0.9545, 2);

    const ys = draw(new Random(2024), n, (r) => r.normal(5, 2));
    xs.slice(0, 100).forEach((x, k) => expect(ys[k]).toBeCloseTo(5 + 2 * x, 12));
    expect(() => new Random(1).normal(0, -1)).toThrow(/standard deviation must be finite and ≥ 0/);
  });

  test("int(n) covers 0…n−1 evenly", () => {
    const rng = new Random(3);
    const counts = new Array<number>(6).fill(0);
    for (let k = 0; k < 60000; k++) counts[rng.int(6)]++;
    counts.forEach((c) => expect(Math.abs(c - 10000)).toBeLessThan(400));
    expect(() => rng.int(0)).toThrow(/positive integer/);
    expect(() => rng.int(2.5)).toThrow(/positive integer/);
  });

  test("permutation is a permutation of 0…n−1, and not the identity", () => {
    const p = new Random(11).permutation(100);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(new Random(1).permutation(0)).toEqual([]);
    expect(new Random(1).permutation(1)).toEqual([0]);
  });

  test("shuffle works in place and keeps every item", () => {
    const items = ["a", "b", "c", "d", "e", "f"];
    const out = new Random(5).shuffle(items);
    expect(out).toBe(items);
    expect([...items].sort()).toEqual(["a", "b", "c", "d", "e", "f"]);
  });

  test("every position is equally likely after a shuffle (Fisher–Yates is unbiased)", () => {
    const rng = new Random(99);
    const firstCounts = [0, 0, 0, 0];
    for (let k = 0; k < 40000; k++) firstCounts[rng.permutation(4)[0]]++;
    firstCounts.forEach((c) => expect(Math.abs(c - 10000)).toBeLessThan(400));
  });

  test("the seed must be an integer; it is remembered", () => {
    expect(() => new Random(1.5)).toThrow(/seed must be an integer, got 1.5/);
    expect(new Random(17).seed).toBe(17);
    // negative seeds work and differ from positive ones
    expect(new Random(-1).uniform()).not.toBe(new Random(1).uniform());
  });
});
