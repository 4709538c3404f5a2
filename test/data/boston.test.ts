import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { BOSTON_FEATURES, loadBostonHousing } from "../../lib/src/data/boston";
import { dataDir } from "../../lib/src/data/csv";
import { Standardizer, standardize } from "../../lib/src/data/standardizer";
import { frameToMatrix } from "../../lib/src/data/tables";

/** The CSV read independently of the library: 506 arrays of 14 numbers. */
function rawCsv(): { header: string[]; rows: number[][] } {
  const lines = fs.readFileSync(path.join(dataDir(), "boston_housing.csv"), "utf8").trim().split("\n");
  return { header: lines[0].split(","), rows: lines.slice(1).map((line) => line.split(",").map(Number)) };
}

const column = (rows: number[][], j: number) => rows.map((r) => r[j]);
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const popStd = (v: number[]) => {
  const m = mean(v);
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
};

describe("loadBostonHousing", () => {
  const boston = loadBostonHousing();

  it("has 506 rows of 13 features and MEDV, split 404 / 102", () => {
    const { header, rows } = rawCsv();
    expect(header).toEqual([...BOSTON_FEATURES, "MEDV"]);
    expect(rows).toHaveLength(506);
    expect(boston.featureNames).toEqual(["CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX", "PTRATIO", "B", "LSTAT"]);
    expect(boston.targetName).toBe("MEDV");
    expect(boston.train.x.shape).toEqual([404, 13]);
    expect(boston.train.y.shape).toEqual([404, 1]);
    expect(boston.test.x.shape).toEqual([102, 13]);
    expect(boston.test.y.shape).toEqual([102, 1]);
  });

  it("reproduces Keras' split (seed 113): first targets and first training row", () => {
    expect(Array.from(boston.train.y.data.slice(0, 5))).toEqual([15.2, 42.3, 50.0, 21.1, 17.7]);
    expect(Array.from(boston.test.y.data.slice(0, 5))).toEqual([7.2, 18.8, 19.0, 27.0, 22.2]);
    // Keras' train_data[0]
    expect(Array.from(boston.train.x.row(0).data)).toEqual([1.23247, 0, 8.14, 0, 0.538, 6.142, 91.7, 3.9769, 4, 307, 21, 396.9, 18.72]);
  });

  it("uses disjoint train and test rows that together cover all 506", () => {
    const train = new Set(boston.train.rows);
    const test = new Set(boston.test.rows);
    expect(train.size).toBe(404);
    expect(test.size).toBe(102);
    expect([...test].filter((r) => train.has(r))).toEqual([]);
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(Array.from({ length: 506 }, (_, i) => i));
  });

  it("returns each CSV row unchanged, targets raw in $1000s", () => {
    const { rows } = rawCsv();
    boston.test.rows.forEach((r, i) => {
      expect(Array.from(boston.test.x.row(i).data)).toEqual(rows[r].slice(0, 13));
      expect(boston.test.y.get(i, 0)).toBe(rows[r][13]);
    });
    const allY = [...boston.train.y.data, ...boston.test.y.data];
    expect(Math.min(...allY)).toBe(5);
    expect(Math.max(...allY)).toBe(50);
  });

  it("standardises with the TRAINING mean and population std, also for the test set", () => {
    const { rows } = rawCsv();
    const trainRows = boston.train.rows.map((r) => rows[r]);
    const { train, test, scaler } = standardize(boston.train.x, boston.test.x, { names: boston.featureNames });
    for (let j = 0; j < 13; j++) {
      const zTrain = Array.from(train.col(j).data);
      expect(Math.abs(mean(zTrain))).toBeLessThan(1e-12);
      expect(Math.abs(popStd(zTrain) - 1)).toBeLessThan(1e-12);
      // independent statistics of the raw training column
      const m = mean(column(trainRows, j));
      const s = popStd(column(trainRows, j));
      expect(scaler.mean[j]).toBeCloseTo(m, 10);
      expect(scaler.std[j]).toBeCloseTo(s, 10);
      boston.test.rows.forEach((r, i) => {
        expect(test.get(i, j)).toBeCloseTo((rows[r][j] - m) / s, 12);
      });
    }
    // the test set has its own statistics, which must NOT have been used
    const zTest0 = Array.from(test.col(0).data);
    expect(Math.abs(mean(zTest0))).toBeGreaterThan(1e-3);
    expect(scaler.inverseTransform(test).allClose(boston.test.x, 1e-9)).toBe(true);
  });

  it("matches numpy's train_data.std(axis=0) for CRIM (population std, ddof 0)", () => {
    const scaler = new Standardizer().fit(boston.train.x);
    // numpy on Keras' train_data: mean 3.74511057, std 9.22929073 (ddof 0); the sample std would be 9.2407
    expect(scaler.mean[0]).toBeCloseTo(3.74511057, 7);
    expect(scaler.std[0]).toBeCloseTo(9.22929073, 7);
  });

  // Loading danfojs (with TensorFlow.js) takes seconds on a busy machine: not a speed test.
  it("returns DataFrames on request, the same numbers as the matrices", { timeout: 60_000 }, () => {
    const withFrames = loadBostonHousing({ frames: true });
    expect(withFrames.frame.shape).toEqual([506, 14]);
    expect(withFrames.trainFrame.shape).toEqual([404, 14]);
    expect(withFrames.testFrame.shape).toEqual([102, 14]);
    expect(withFrames.testFrame.index.slice(0, 3)).toEqual(boston.test.rows.slice(0, 3));
    expect(frameToMatrix(withFrames.trainFrame, boston.featureNames).allClose(boston.train.x, 0)).toBe(true);
    expect(frameToMatrix(withFrames.testFrame, ["MEDV"]).allClose(boston.test.y, 0)).toBe(true);
    expect(boston.frame).toBeUndefined();
  });
});
