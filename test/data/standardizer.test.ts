import { describe, expect, it } from "vitest";
import { Matrix } from "../../lib/src/core/matrix";
import { Standardizer, standardize } from "../../lib/src/data/standardizer";

describe("Standardizer", () => {
  const train = Matrix.from([
    [1, 10],
    [2, 20],
    [3, 60],
  ]);

  it("uses the population std (ddof 0) and the training statistics for new data", () => {
    const scaler = new Standardizer().fit(train);
    expect(scaler.mean).toEqual([2, 30]);
    expect(scaler.std[0]).toBeCloseTo(Math.sqrt(2 / 3), 15);
    expect(scaler.std[1]).toBeCloseTo(Math.sqrt((400 + 100 + 900) / 3), 12);
    const z = scaler.transform(Matrix.from([[2, 30], [4, 30]]));
    expect(z.get(0, 0)).toBe(0);
    expect(z.get(1, 0)).toBeCloseTo(2 / Math.sqrt(2 / 3), 12);
    expect(scaler.inverseTransform(z).allClose(Matrix.from([[2, 30], [4, 30]]), 1e-12)).toBe(true);
  });

  it("standardize() fits on train only", () => {
    const test = Matrix.from([[10, 0]]);
    const { train: zTrain, test: zTest, scaler } = standardize(train, test);
    expect(zTrain.allClose(scaler.transform(train), 0)).toBe(true);
    expect(zTest.get(0, 0)).toBeCloseTo((10 - 2) / Math.sqrt(2 / 3), 12);
  });

  it("refuses a constant column, naming it, unless asked to only centre it", () => {
    const constant = Matrix.from([
      [1, 5],
      [2, 5],
    ]);
    expect(() => new Standardizer({ names: ["RM", "CHAS"] }).fit(constant)).toThrow(
      /column 1 \("CHAS"\) has the same value \(5\) in all 2 training rows, so its std is 0.*onZeroStd: "unitScale"/,
    );
    const scaler = new Standardizer({ onZeroStd: "unitScale" }).fit(constant);
    expect(scaler.std).toEqual([0.5, 1]);
    expect(scaler.transform(constant).col(1).toArray()).toEqual([[0], [0]]);
  });

  it("explains misuse: not fitted, wrong width, bad saved state", () => {
    expect(() => new Standardizer().transform(train)).toThrow(/not fitted yet\. Hint: call fit\(xTrain\) first/);
    const scaler = new Standardizer().fit(train);
    expect(() => scaler.transform(Matrix.from([[1, 2, 3]]))).toThrow(/x is 1×3 but the standardizer was fitted on 2 columns/);
    expect(() => Standardizer.fromState({ mean: [0], std: [0] })).toThrow(/column 0 has mean 0 and std 0/);
    const copy = Standardizer.fromState(scaler.getState());
    expect(copy.transform(train).allClose(scaler.transform(train), 0)).toBe(true);
  });
});
