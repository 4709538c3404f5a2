import { describe, expect, it, test } from "vitest";
import { gradientDescent1D, gradientDescent2D, optimizerPath2D } from "../../lib/src/lecture/descent";
import { SGD } from "../../lib/src/training/optimizers";
import { contourPlot } from "../../lib/src/plot/surfaces";

const square = (x: number) => x * x;
const dSquare = (x: number) => 2 * x;

describe("gradientDescent1D on f(x) = x²", () => {
  it("η = 0.1: the k-th iterate is x₀·(1 − 2η)^k", () => {
    const x0 = 5;
    const run = gradientDescent1D(square, dSquare, { x0, learningRate: 0.1, steps: 50 });
    expect(run.diverged).toBe(false);
    expect(run.path).toHaveLength(51);
    expect(run.values).toHaveLength(51);
    for (const k of [0, 1, 2, 3, 10, 25, 50]) {
      const expected = x0 * 0.8 ** k;
      expect(Math.abs(run.path[k] - expected)).toBeLessThanOrEqual(1e-14 * Math.abs(x0));
      expect(run.values[k]).toBeCloseTo(expected * expected, 12);
    }
    // Bit for bit the update x − η·2x, which in exact arithmetic is 0.8·x.
    expect(run.path.slice(0, 4)).toEqual([5, 4, 3.2, 3.2 - 0.1 * (2 * 3.2)]);
  });

  it("η = 1.0 oscillates between x₀ and −x₀ forever", () => {
    const run = gradientDescent1D(square, dSquare, { x0: 3, learningRate: 1.0, steps: 1000 });
    expect(run.diverged).toBe(false);
    expect(run.path).toHaveLength(1001);
    run.path.forEach((x, k) => expect(x).toBe(k % 2 === 0 ? 3 : -3));
    expect(new Set(run.values)).toEqual(new Set([9]));
  });

  it("η = 1.1 diverges: flag set, stopped early, only finite points within the bound", () => {
    const run = gradientDescent1D(square, dSquare, { x0: 1, learningRate: 1.1, steps: 1000 });
    expect(run.diverged).toBe(true);
    // x_k = (−1.2)^k, f = 1.44^k > 1e6 first at k = 38.
    expect(run.stoppedAt).toBe(38);
    expect(run.path).toHaveLength(38);
    expect(run.reason).toMatch(/\|f\| = .* exceeded the bound 1000000 at step 38; lower the learning rate/);
    for (const v of [...run.path, ...run.values]) expect(Number.isFinite(v)).toBe(true);
    expect(Math.max(...run.values)).toBeLessThanOrEqual(1e6);
    // Each step overshoots further: |x| grows by 1.2.
    expect(Math.abs(run.path[10] / run.path[9])).toBeCloseTo(1.2, 12);
  });

  it("a function that overflows to Infinity stops as diverged, without NaN", () => {
    const run = gradientDescent1D((x) => Math.exp(x * x), (x) => 2 * x * Math.exp(x * x), { x0: 2, learningRate: 0.5, steps: 10, bound: Infinity });
    expect(run.diverged).toBe(true);
    expect(run.reason).toMatch(/became Infinity|gradient/);
    for (const v of [...run.path, ...run.values]) expect(Number.isFinite(v)).toBe(true);
  });

  it("the numerical derivative gives the analytic path to 1e-6", () => {
    const f = (x: number) => x ** 4 - 3 * x ** 2 + x;
    const df = (x: number) => 4 * x ** 3 - 6 * x + 1;
    const options = { x0: 2, learningRate: 0.02, steps: 100 };
    const analytic = gradientDescent1D(f, df, options);
    const numeric = gradientDescent1D(f, options);
    expect(numeric.path).toHaveLength(analytic.path.length);
    numeric.path.forEach((x, k) => expect(Math.abs(x - analytic.path[k])).toBeLessThan(1e-6));
  });

  it("0 steps returns the start", () => {
    expect(gradientDescent1D(square, dSquare, { x0: 2, learningRate: 0.1, steps: 0 })).toEqual({
      path: [2],
      values: [4],
      diverged: false,
    });
  });
});

describe("gradientDescent2D", () => {
  const bowl = (x: number, y: number) => (x - 1) ** 2 + 4 * (y + 2) ** 2;
  const bowlGrad = (x: number, y: number): [number, number] => [2 * (x - 1), 8 * (y + 2)];

  it("converges to the minimum of a quadratic bowl", () => {
    const run = gradientDescent2D(bowl, bowlGrad, { start: [-3, 2], learningRate: 0.1, steps: 200 });
    expect(run.diverged).toBe(false);
    const [x, y] = run.path[run.path.length - 1];
    expect(x).toBeCloseTo(1, 10);
    expect(y).toBeCloseTo(-2, 10);
    expect(run.values[run.values.length - 1]).toBeLessThan(1e-20);
    for (let k = 1; k < run.values.length; k++) expect(run.values[k]).toBeLessThanOrEqual(run.values[k - 1]);
  });

  it("diverges along the steep direction when η > 2/8", () => {
    const run = gradientDescent2D(bowl, bowlGrad, { start: [-3, 2], learningRate: 0.3, steps: 500 });
    expect(run.diverged).toBe(true);
    expect(run.stoppedAt).toBeLessThan(500);
    for (const [x, y] of run.path) expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
  });

  it("Rosenbrock with a small rate decreases monotonically for the first steps", () => {
    const rosenbrock = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    const grad = (x: number, y: number): [number, number] => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)];
    const run = gradientDescent2D(rosenbrock, grad, { start: [-1.5, 2], learningRate: 0.0005, steps: 200 });
    expect(run.diverged).toBe(false);
    for (let k = 1; k <= 200; k++) expect(run.values[k]).toBeLessThan(run.values[k - 1]);
    expect(run.values[200]).toBeLessThan(run.values[0] / 2);
  });

  it("the numerical gradient gives the analytic path to 1e-6", () => {
    const rosenbrock = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    const grad = (x: number, y: number): [number, number] => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)];
    const options = { start: [-1.2, 1] as const, learningRate: 0.001, steps: 300 };
    const analytic = gradientDescent2D(rosenbrock, grad, options);
    const numeric = gradientDescent2D(rosenbrock, options);
    expect(numeric.path).toHaveLength(analytic.path.length);
    numeric.path.forEach(([x, y], k) => {
      expect(Math.abs(x - analytic.path[k][0])).toBeLessThan(1e-6);
      expect(Math.abs(y - analytic.path[k][1])).toBeLessThan(1e-6);
    });
  });

  it("its path goes straight into contourPlot", () => {
    const run = gradientDescent2D(bowl, bowlGrad, { start: [-3, 2], learningRate: 0.1, steps: 10 });
    const fig = contourPlot({ name: "bowl", z: bowl, xRange: [-4, 4], yRange: [-4, 4], path: run.path, pathName: "η = 0.1" });
    const trace = fig.data[1] as unknown as { x: number[]; y: number[] };
    expect(trace.x).toEqual(run.path.map((p) => p[0]));
    expect(trace.y).toEqual(run.path.map((p) => p[1]));
  });
});

describe("bad arguments", () => {
  for (const learningRate of [0, -0.1, NaN, Infinity]) {
    it(`learningRate ${learningRate} is rejected with a hint`, () => {
      expect(() => gradientDescent1D(square, dSquare, { x0: 1, learningRate, steps: 5 })).toThrow(
        new RegExp(`gradientDescent1D: learningRate must be a positive finite number, got ${learningRate}\\. Hint`),
      );
      expect(() => gradientDescent2D((x, y) => x * y, { start: [1, 1], learningRate, steps: 5 })).toThrow(
        /gradientDescent2D: learningRate must be a positive finite number/,
      );
    });
  }

  it("steps, start and grad shape", () => {
    expect(() => gradientDescent1D(square, { x0: 1, learningRate: 0.1, steps: 2.5 })).toThrow(/steps must be a whole number ≥ 0, got 2\.5/);
    expect(() => gradientDescent1D(square, { x0: NaN, learningRate: 0.1, steps: 2 })).toThrow(/the start must be finite/);
    expect(() =>
      gradientDescent2D((x, y) => x + y, () => [1], { start: [0, 0], learningRate: 0.1, steps: 2 }),
    ).toThrow(/grad\(0, 0\) returned \[1\]; it must return \[∂f\/∂x, ∂f\/∂y\]/);
  });
});

describe("optimizerPath2D", () => {
  const bowl = (x: number, y: number) => x * x + 10 * y * y;
  const bowlGrad = (x: number, y: number): [number, number] => [2 * x, 20 * y];

  test("with plain SGD it is exactly gradient descent", () => {
    const viaOptimizer = optimizerPath2D(bowl, bowlGrad, new SGD({ learningRate: 0.05 }), { start: [-2, 1], steps: 15 });
    const plain = gradientDescent2D(bowl, bowlGrad, { start: [-2, 1], learningRate: 0.05, steps: 15 });
    expect(viaOptimizer.path).toEqual(plain.path);
    expect(viaOptimizer.values).toEqual(plain.values);
  });

  test("momentum follows v ← μv − η·g, p ← p + v (two steps by hand)", () => {
    const run = optimizerPath2D(bowl, bowlGrad, new SGD({ learningRate: 0.01, momentum: 0.9 }), { start: [1, 1], steps: 2 });
    // step 1: g = (2, 20), v = (−0.02, −0.2), p = (0.98, 0.8)
    // step 2: g = (1.96, 16), v = 0.9·v − 0.01·g = (−0.0376, −0.34), p = (0.9424, 0.46)
    expect(run.path[1][0]).toBeCloseTo(0.98, 12);
    expect(run.path[1][1]).toBeCloseTo(0.8, 12);
    expect(run.path[2][0]).toBeCloseTo(0.9424, 12);
    expect(run.path[2][1]).toBeCloseTo(0.46, 12);
  });

  test("uses the numerical gradient when none is given, and stops on divergence", () => {
    const numeric = optimizerPath2D(bowl, undefined, new SGD({ learningRate: 0.05 }), { start: [-2, 1], steps: 10 });
    const exact = optimizerPath2D(bowl, bowlGrad, new SGD({ learningRate: 0.05 }), { start: [-2, 1], steps: 10 });
    numeric.path.forEach((p, k) => {
      expect(p[0]).toBeCloseTo(exact.path[k][0], 6);
      expect(p[1]).toBeCloseTo(exact.path[k][1], 6);
    });
    const wild = optimizerPath2D(bowl, bowlGrad, new SGD({ learningRate: 0.2 }), { start: [-2, 1], steps: 50, bound: 100 });
    expect(wild.diverged).toBe(true);
    expect(wild.path.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y))).toBe(true);
  });

  test("rejects something that is not an optimizer", () => {
    expect(() => optimizerPath2D(bowl, bowlGrad, {} as never, { start: [0, 0], steps: 1 })).toThrow(/optimizerPath2D: call it as/);
  });
});
