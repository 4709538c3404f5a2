import { describe, expect, test } from "vitest";
import { Matrix } from "../../lib/src/core/matrix";
import { accuracy, getMetric, meanAbsoluteError, meanSquaredError, MetricName } from "../../lib/src/functions/metrics";

const M = (a: number[][]) => Matrix.from(a);

describe("accuracy", () => {
  test("one output column: ŷ > 0.5 counts as class 1", () => {
    const yPred = M([[0.9], [0.2], [0.5], [0.51], [0.1]]);
    const yTrue = M([[1], [1], [0], [1], [1]]);
    // correct: 0.9→1 ✓, 0.2→0 ✗, 0.5→0 ✓ (not above 0.5), 0.51→1 ✓, 0.1→0 ✗
    expect(accuracy(yPred, yTrue)).toBeCloseTo(3 / 5, 15);
  });

  test("several columns, one-hot targets: argmax against argmax", () => {
    const yPred = M([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0.2, 0.2, 0.6], [0.3, 0.4, 0.3]]);
    const yTrue = M([[0, 1, 0], [0, 0, 1], [0, 0, 1], [1, 0, 0]]);
    expect(accuracy(yPred, yTrue)).toBe(0.5);
  });

  test("several columns, integer labels (sparse): argmax against the label", () => {
    const yPred = M([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0.2, 0.2, 0.6]]);
    expect(accuracy(yPred, M([[1], [0], [0]]))).toBeCloseTo(2 / 3, 15);
  });

  test("clear errors for mismatched rows, non-0/1 labels, out-of-range labels, odd shapes", () => {
    expect(() => accuracy(M([[1], [0]]), M([[1]]))).toThrow(/yPred has 2 rows but yTrue has 1/);
    expect(() => accuracy(M([[0.3]]), M([[2.5]]))).toThrow(/labels must be 0 or 1, got 2.5 in row 0.*"mae"/);
    expect(() => accuracy(M([[0.3, 0.7]]), M([[2]]))).toThrow(/integer labels must be 0…1 .* got 2 in row 0/);
    expect(() => accuracy(M([[0.3, 0.7, 0]]), M([[0, 1]]))).toThrow(/cannot compare predictions 1×3 with targets 1×2/);
  });
});

describe("regression metrics", () => {
  test("mae and mse over all entries", () => {
    const yPred = M([[1, 2], [3, 4]]);
    const yTrue = M([[0, 2], [5, 3]]);
    expect(meanAbsoluteError(yPred, yTrue)).toBe((1 + 0 + 2 + 1) / 4);
    expect(meanSquaredError(yPred, yTrue)).toBe((1 + 0 + 4 + 1) / 4);
    expect(() => meanSquaredError(yPred, M([[1, 2]]))).toThrow(/yPred is 2×2 but yTrue is 1×2/);
  });
});

describe("getMetric", () => {
  test("names, Keras aliases, objects, unknown names", () => {
    expect(getMetric("accuracy").name).toBe("accuracy");
    expect(getMetric("acc" as MetricName).name).toBe("accuracy");
    expect(getMetric("mean_absolute_error" as MetricName).name).toBe("mae");
    expect(getMetric("mse").compute(M([[2]]), M([[0]]))).toBe(4);
    const custom = { name: "max_err", compute: (p: Matrix, t: Matrix) => p.subtract(t).maxAbs() };
    expect(getMetric(custom)).toBe(custom);
    expect(() => getMetric("f1" as MetricName)).toThrow(/unknown metric "f1"\. Known names: accuracy, mae, mse/);
  });
});
