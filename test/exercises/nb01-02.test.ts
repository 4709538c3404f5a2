import { describe, expect, it } from "vitest";
import { Matrix } from "../../lib/src/core/matrix";
import { judge } from "../../lib/src/exercises";
import { sigmoid } from "../../lib/src/functions/activations";
import { XOR_2_HIDDEN_SUCCESSES } from "../../lib/src/exercises/nb01";
import { trainXorNet } from "../../lib/src/lecture/xor";

const central = (f: (x: number) => number, z: number, h: number) => (f(z + h) - f(z - h)) / (2 * h);

describe("notebook 01 exercises accept the model answers", () => {
  it("01.1", () => {
    expect(judge("01.1", { z: 2.5, a: sigmoid.f(2.5) }).ok).toBe(true);
    expect(judge("01.1", { z: 2.5, a: 2.5 }).hint).toMatch(/apply the activation/);
  });
  it("01.2: any NAND neuron, and AND is named", () => {
    expect(judge("01.2", { w: [-1, -1], b: 1.5 }).ok).toBe(true);
    expect(judge("01.2", { w: [-2, -3], b: 4 }).ok).toBe(true);
    expect(judge("01.2", { w: [1, 1], b: -1.5 }).hint).toMatch(/AND/);
  });
  it("01.3: the hint counts, never names", () => {
    expect(judge("01.3", { canDie: ["relu", "hard_sigmoid", "thresholded_relu"], derivative: central }).ok).toBe(true);
    const h = judge("01.3", { canDie: ["relu"], derivative: central }).hint ?? "";
    expect(h).toMatch(/2 more/);
    expect(h).not.toMatch(/hard_sigmoid|thresholded/);
  });
  it("01.4: the stored counts are what trainXorNet gives for seeds 0..9", () => {
    for (const activation of ["tanh", "relu"] as const) {
      let ok = 0;
      for (let seed = 0; seed < 10; seed++) if (trainXorNet({ hidden: 2, activation, seed }).accuracy === 1) ok++;
      expect(ok).toBe(XOR_2_HIDDEN_SUCCESSES[activation]);
    }
  });
  it("01.4: the counts of successful seeds", () => {
    expect(judge("01.4", { tanh: 6, relu: 1 }).ok).toBe(true);
    expect(judge("01.4", { tanh: 5, relu: 1 }).hint).toMatch(/too low/);
  });
});

describe("notebook 02 exercises accept the model answers", () => {
  it("02.2: Wᵀ·x, and the untransposed product is named", () => {
    expect(judge("02.2", (W: Matrix, x: Matrix) => W.transpose().matmul(x)).ok).toBe(true);
    expect(judge("02.2", (W: Matrix, x: Matrix) => x.transpose().matmul(W).transpose()).ok).toBe(true);
    expect(judge("02.2", (W: Matrix, x: Matrix) => W.matmul(x)).hint).toMatch(/ROWS are the inputs/);
  });
  it("02.3: 79,510; weights only is named", () => {
    expect(judge("02.3", 79510).ok).toBe(true);
    expect(judge("02.3", 79400).hint).toMatch(/bias/);
  });
  it("02.4", () => {
    expect(judge("02.4", { outputAtI: 1.84, changed: [1, 0], x: [1, 0], y: [-1, 0] }).ok).toBe(true);
  });
});
