import { describe, expect, it } from "vitest";
import { Matrix } from "../../lib/src/core/matrix";
import { flipBits, hammingDistance, hebbianWeights, hopfieldEnergy, hopfieldRecall, patternFromText, patternImage } from "../../lib/src/lecture/hopfield";

const T = ["#####", "..#..", "..#..", "..#..", "..#.."];
const X = ["#...#", ".#.#.", "..#..", ".#.#.", "#...#"];
const L = ["#....", "#....", "#....", "#....", "#####"];
const letters = () => Matrix.from([T, X, L].map((p) => Array.from(patternFromText(p).data)));

describe("hebbianWeights", () => {
  it("W = (1/N) Σ ξᵀξ with a zero diagonal, by hand for two 4-neuron patterns", () => {
    const W = hebbianWeights(Matrix.from([[1, -1, 1, -1], [1, 1, -1, -1]]));
    // w01 = (1·(−1) + 1·1)/4 = 0, w03 = (1·(−1) + 1·(−1))/4 = −0.5, w12 = (−1·1 + 1·(−1))/4 = −0.5
    expect(W.toArray()).toEqual([[0, 0, 0, -0.5], [0, 0, -0.5, 0], [0, -0.5, 0, 0], [-0.5, 0, 0, 0]]);
  });
  it("is symmetric for the letters, and rejects 0/1 patterns with a hint", () => {
    const W = hebbianWeights(letters());
    expect(W.allClose(W.transpose(), 0)).toBe(true);
    expect(W.get(0, 4)).toBeCloseTo(1 / 25, 15); // top-left and top-right corners: (+1)(+1) in T and X, (+1)(−1) in L → (1 + 1 − 1)/25
    expect(() => hebbianWeights(Matrix.from([[1, 0]]))).toThrow(/entry \(0, 1\) is 0.*2x − 1/);
  });
});

describe("hopfieldEnergy and hopfieldRecall", () => {
  it("E = −½ s W sᵀ: −1 for a stored 4-neuron pattern", () => {
    const P = Matrix.from([[1, -1, 1, -1], [1, 1, -1, -1]]);
    expect(hopfieldEnergy(hebbianWeights(P), P.row(0))).toBe(-1);
  });
  it("every stored letter is a fixed point; a copy with 3 flipped pixels is recalled", () => {
    const P = letters();
    const W = hebbianWeights(P);
    for (let p = 0; p < 3; p++) {
      const still = hopfieldRecall(W, P.row(p));
      expect(still.sweeps).toBe(1);
      expect(still.converged).toBe(true);
      const noisy = flipBits(P.row(p), 3, 1);
      expect(hammingDistance(noisy, P.row(p))).toBe(3);
      const r = hopfieldRecall(W, noisy);
      expect(hammingDistance(r.state, P.row(p))).toBe(0);
      for (let k = 1; k < r.energies.length; k++) expect(r.energies[k]).toBeLessThanOrEqual(r.energies[k - 1] + 1e-12);
    }
  });
  it("a 4-neuron example by hand: one wrong bit is corrected in one sweep, E from 0 to −1.5", () => {
    const W = hebbianWeights(Matrix.from([[1, -1, 1, -1]]));
    const r = hopfieldRecall(W, Matrix.rowVector([1, -1, 1, 1]));
    expect(Array.from(r.state.data)).toEqual([1, -1, 1, -1]);
    expect(Math.abs(r.energies[0])).toBe(0);
    expect(r.energies[r.energies.length - 1]).toBe(-1.5); // −½ · 12 ordered pairs · ¼
    expect(r.sweeps).toBe(2); // the second sweep changes nothing
  });
  it("names a wrong state shape", () => {
    const W = hebbianWeights(letters());
    expect(() => hopfieldRecall(W, Matrix.columnVector(new Array(25).fill(1)))).toThrow(/1 × 25 row vector/);
  });
});

describe("pictures", () => {
  it("patternFromText, and patternImage draws +1 black (0) on white (1)", () => {
    const s = patternFromText(["#.", ".#"]);
    expect(Array.from(s.data)).toEqual([1, -1, -1, 1]);
    expect(patternImage(s, 2).toArray()).toEqual([[0, 1], [1, 0]]);
    expect(() => patternFromText(["##", "#"])).toThrow(/row 1 has 1 characters/);
  });
});
