import { describe, expect, it } from "vitest";
import { Matrix } from "../../lib/src/core/matrix";
import { rnnStep, rnnUnroll } from "../../lib/src/lecture/rnn";

const cell = { W: Matrix.from([[0.5], [-1]]), U: Matrix.from([[0.1, 0.2], [0, 0.3]]), b: Matrix.columnVector([0, 0.1]) };

describe("rnnUnroll", () => {
  it("h_t = tanh(W x_t + U h_{t-1} + b), by hand for three steps", () => {
    const H = rnnUnroll(cell, Matrix.from([[1], [0], [-1]]));
    const t = Math.tanh;
    const h1 = [t(0.5), t(-1 + 0.1)];
    const h2 = [t(0.1 * h1[0] + 0.2 * h1[1]), t(0.3 * h1[1] + 0.1)];
    const h3 = [t(-0.5 + 0.1 * h2[0] + 0.2 * h2[1]), t(1 + 0.3 * h2[1] + 0.1)];
    expect(H.toArray()).toEqual([h1, h2, h3]);
    expect(H.get(0, 0)).toBeCloseTo(0.46211715726, 10);
    expect(H.get(1, 1)).toBeCloseTo(-0.11438651927, 10);
    expect(H.get(2, 1)).toBeCloseTo(0.78782963123, 10);
  });
  it("rnnStep equals one row of the unrolled states", () => {
    const h1 = rnnStep(cell, Matrix.from([[1]]), Matrix.zeros(2, 1));
    expect(h1.transpose().allClose(rnnUnroll(cell, Matrix.from([[1]])), 0)).toBe(true);
  });
  it("names wrong shapes", () => {
    expect(() => rnnUnroll(cell, Matrix.from([[1, 2]]))).toThrow(/T × 1 Matrix/);
    expect(() => rnnStep({ ...cell, b: Matrix.rowVector([0, 0]) }, Matrix.from([[1]]), Matrix.zeros(2, 1))).toThrow(/2 × 1 column/);
  });
});
