// The right answers of notebooks 07 and 09 are accepted, and the hints name the typical slip
// (the solution copies of the notebooks prove the same end to end; these run in a second).
import { describe, expect, it } from "vitest";
import { Matrix } from "../../lib/src/core/matrix";
import { judge } from "../../lib/src/exercises";
import { hebbianWeights, hopfieldEnergy, hopfieldRecall, flipBits, hammingDistance, patternFromText } from "../../lib/src/lecture/hopfield";
import { rnnUnroll } from "../../lib/src/lecture/rnn";

describe("07", () => {
  it("accepts the right answers", () => {
    expect(judge("07.1", "activation").ok).toBe(true);
    expect(judge("07.2", { glorotLimit: (i: number, o: number) => Math.sqrt(6 / (i + o)), heStd: (i: number) => Math.sqrt(2 / i) }).ok).toBe(true);
    expect(judge("07.3", "with BatchNorm").ok).toBe(true);
    const W = Matrix.from([[0.5, -0.02], [0, 3]]);
    expect(judge("07.4", { l1Grad: W.map((w) => 0.01 * Math.sign(w)), l2Grad: W.map((w) => 0.02 * w), harder: "L1" }).ok).toBe(true);
    expect(judge("07.6", 8).ok).toBe(true);
    expect(judge("07.7", "validation").ok).toBe(true);
  });
  it("names the slips", () => {
    expect(judge("07.2", { glorotLimit: (i: number, o: number) => Math.sqrt(2 / (i + o)), heStd: (i: number) => Math.sqrt(2 / i) }).hint).toMatch(/BOUND/);
    expect(judge("07.5", (v: number[]) => v.indexOf(Math.max(...v))).hint).toMatch(/counted from 0/);
    expect(judge("07.6", 1000 / 128).hint).toMatch(/whole number/);
  });
});

describe("09", () => {
  it("accepts the right answers", () => {
    const P = Matrix.from([[1, -1, 1, -1], [1, 1, -1, -1]]);
    expect(judge("09.1", hebbianWeights(P)).ok).toBe(true);
    expect(judge("09.2", (W: Matrix, s: Matrix) => hopfieldEnergy(W, s)).ok).toBe(true);
    const L = { T: ["#####", "..#..", "..#..", "..#..", "..#.."], X: ["#...#", ".#.#.", "..#..", ".#.#.", "#...#"], L: ["#....", "#....", "#....", "#....", "#####"], O: [".###.", "#...#", "#...#", "#...#", ".###."] };
    const X4 = Matrix.from(Object.values(L).map((p) => Array.from(patternFromText(p).data)));
    const W4 = hebbianWeights(X4);
    const n = [0, 1, 2, 3].filter((p) => hammingDistance(hopfieldRecall(W4, flipBits(X4.row(p), 5, 1)).state, X4.row(p)) === 0).length;
    expect(n).toBe(2);
    expect(judge("09.3", n).ok).toBe(true);
    expect(judge("09.4", rnnUnroll({ W: Matrix.from([[1]]), U: Matrix.from([[0.5]]), b: Matrix.from([[0]]) }, Matrix.columnVector([1, 0, 0, 0, 0])).get(4, 0)).ok).toBe(true);
    expect(judge("09.5", { houses: "feed-forward", translation: "RNN", memory: "Hopfield", photos: "CNN", upsampling: "deconvolutional" }).ok).toBe(true);
  });
  it("names the slips", () => {
    const P = Matrix.from([[1, -1, 1, -1], [1, 1, -1, -1]]);
    expect(judge("09.1", P.transpose().matmul(P)).hint).toMatch(/diagonal/);
    expect(judge("09.1", P.matmul(P.transpose())).hint).toMatch(/N × N/);
  });
});
