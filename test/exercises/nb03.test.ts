import { describe, expect, it } from "vitest";
import { judge } from "../../lib/src/exercises";

describe("notebook 03's exercise checks accept the right answers and name the usual mistakes", () => {
  it("03.1 ∇(x²y + sin y)", () => {
    expect(judge("03.1", (x: number, y: number) => [2 * x * y, x * x + Math.cos(y)]).ok).toBe(true);
    expect(judge("03.1", (x: number, y: number) => [x * x + Math.cos(y), 2 * x * y]).hint).toMatch(/swapped/);
    expect(judge("03.1", (x: number) => [2 * x]).hint).toMatch(/two numbers/);
  });
  it("03.2 ∂tanh(wx + b)/∂w = 1.2694…", () => {
    const t = Math.tanh(0.7);
    expect(judge("03.2", (1 - t * t) * 2).ok).toBe(true);
    expect(judge("03.2", 1 - t * t).hint).toMatch(/∂z\/∂w/);
    expect(judge("03.2", 1.2694792).ok).toBe(true);
  });
  it("03.3 / 03.3b learning rates on x²", () => {
    expect(judge("03.3", 0.5).ok).toBe(true);
    expect(judge("03.3", 1).hint).toMatch(/−x/);
    expect(judge("03.3b", " Oscillates ").ok).toBe(true);
  });
  it("03.4 the ravine's bound, with an experiment's value just below it", () => {
    expect(judge("03.4", 0.1).ok).toBe(true);
    expect(judge("03.4", 0.0995).ok).toBe(true);
    expect(judge("03.4", 1).hint).toMatch(/flat direction/);
    expect(judge("03.4", 0.05).hint).toMatch(/overshoot/);
    expect(judge("03.4", 0.05).hint).not.toMatch(/0\.1/);
  });
  it("03.5 the stated product x^{2x}·ln x (E19), and the tower's derivative named", () => {
    const right = (x: number) => x ** (2 * x) * (2 * (Math.log(x) + 1) * Math.log(x) + 1 / x);
    const tower = (x: number) => x ** (2 * x * Math.log(x)) * 2 * Math.log(x) * (Math.log(x) + 2);
    expect(judge("03.5", right).ok).toBe(true);
    expect(judge("03.5", tower).hint).toMatch(/x\^\(2x·ln x\)/);
  });
});

describe("03.6 gradient descent written by the student", () => {
  it("accepts the loop and names a step uphill", async () => {
    const { Matrix } = await import("../../lib/src/core/matrix");
    type M = InstanceType<typeof Matrix>;
    const descend = (sign: number) => (grad: (p: M) => M, p0: M, eta: number, steps: number): M[] => {
      const path = [p0];
      let p = p0;
      for (let k = 0; k < steps; k++) path.push((p = p.subtract(grad(p).scale(sign * eta))));
      return path;
    };
    expect(judge("03.6", descend(1)).ok).toBe(true);
    expect(judge("03.6", descend(-1)).hint).toMatch(/uphill/);
  });
});
