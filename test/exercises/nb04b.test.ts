import { describe, expect, it } from "vitest";
import { Matrix } from "../../lib/src/core/matrix";
import { judge } from "../../lib/src/exercises";
import { categoricalCrossentropy, meanSquaredError } from "../../lib/src/functions/losses";

describe("notebook 04b's exercise checks accept the right answers and name the usual mistakes", () => {
  it("41.1 the MSE gradient equals the library's backward", () => {
    expect(judge("41.1", (p: Matrix, t: Matrix) => meanSquaredError().backward(p, t)).ok).toBe(true);
    expect(judge("41.1", (p: Matrix, t: Matrix) => p.subtract(t).scale(1 / (p.rows * p.cols))).hint).toMatch(/factor 2/);
    expect(judge("41.1", (p: Matrix, t: Matrix) => p.subtract(t).scale(2 / p.rows)).hint).toMatch(/n·k/);
  });
  it("41.2 BCE = 0.414932…, and the bracket-less slide named", () => {
    const bce = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4)) / 3;
    expect(bce).toBeCloseTo(0.414932, 6);
    expect(judge("41.2", bce).ok).toBe(true);
    expect(judge("41.2", -(Math.log(0.9) - Math.log(0.8) - Math.log(0.4)) / 3).hint).toMatch(/brackets/);
    expect(judge("41.2", bce * 3).hint).toMatch(/mean/);
  });
  it("41.3 the loss, not the metric", () => {
    expect(judge("41.3", "MSE").ok).toBe(true);
  });
  it("41.4 softmax + CE: p − y equals the library's gradient", () => {
    const z = Matrix.from([[2, 1, -1]]), y = Matrix.from([[0, 1, 0]]);
    const g = categoricalCrossentropy({ fromLogits: true }).backward(z, y);
    expect(judge("41.4", g).ok).toBe(true);
    expect(judge("41.4", g.scale(-1)).hint).toMatch(/sign/);
  });
  it("41.5 η/N, rounded decimals accepted", () => {
    expect(judge("41.5", 0.1 / 404).ok).toBe(true);
    expect(judge("41.5", 0.0002475).ok).toBe(true);
    expect(judge("41.5", 40.4).hint).toMatch(/wrong way round/);
  });
});
