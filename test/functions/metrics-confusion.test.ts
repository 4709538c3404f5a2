import { describe, expect, it } from "vitest";
import { Matrix } from "../../lib/src/core/matrix";
import { accuracy, confusionMatrix, perClassAccuracy } from "../../lib/src/functions/metrics";

const rows = (m: Matrix) => m.toArray();

describe("confusionMatrix (rows = true class, columns = predicted)", () => {
  it("counts a hand-made example given as label arrays", () => {
    // true:      0 0 0 1 1 2 2 2 2
    // predicted: 0 0 1 1 2 2 2 0 2
    const yTrue = [0, 0, 0, 1, 1, 2, 2, 2, 2];
    const yPred = [0, 0, 1, 1, 2, 2, 2, 0, 2];
    expect(rows(confusionMatrix(yPred, yTrue))).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [1, 0, 3],
    ]);
  });

  it("reads probabilities / logits by argmax and one-hot or integer targets, as accuracy does", () => {
    const probs = Matrix.from([
      [0.7, 0.2, 0.1], // 0
      [0.1, 0.8, 0.1], // 1
      [0.5, 0.3, 0.2], // 0
      [0.2, 0.2, 0.6], // 2
    ]);
    const logits = Matrix.from([
      [900, -1000, 3], // 0
      [-5, 2, 1], // 1
      [10, 9, 8], // 0
      [0, 0, 1000], // 2
    ]);
    const oneHot = Matrix.from([
      [1, 0, 0],
      [0, 1, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    const labels = Matrix.columnVector([0, 1, 1, 2]);
    const expected = [
      [1, 0, 0],
      [1, 1, 0],
      [0, 0, 1],
    ];
    for (const p of [probs, logits]) {
      expect(rows(confusionMatrix(p, oneHot))).toEqual(expected);
      expect(rows(confusionMatrix(p, labels))).toEqual(expected);
      expect(rows(confusionMatrix(p, [0, 1, 1, 2]))).toEqual(expected);
      const cm = confusionMatrix(p, oneHot);
      const diag = cm.get(0, 0) + cm.get(1, 1) + cm.get(2, 2);
      expect(diag / 4).toBe(accuracy(p, oneHot));
    }
  });

  it("reads one sigmoid column with 0/1 labels as two classes (> 0.5 is class 1)", () => {
    const p = Matrix.columnVector([0.9, 0.2, 0.6, 0.4, 0.5]);
    const y = Matrix.columnVector([1, 0, 0, 1, 0]);
    expect(rows(confusionMatrix(p, y))).toEqual([
      [2, 1],
      [1, 1],
    ]);
  });

  it("numClasses pads missing classes; a label beyond it is an error", () => {
    expect(rows(confusionMatrix([0, 1], [0, 1], 4))).toEqual([
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(() => confusionMatrix([0, 5], [0, 1], 3)).toThrow(/found class 5, but there are only 3 classes \(0…2\).*numClasses ≥ 6/);
  });

  it("names the bad input", () => {
    expect(() => confusionMatrix([0, 1, 1], [0, 1])).toThrow(/yPred has 3 samples but yTrue has 2/);
    expect(() => confusionMatrix(Matrix.zeros(2, 3), Matrix.zeros(2, 4))).toThrow(/yPred has 3 classes \(columns\) but yTrue has 4/);
    expect(() => confusionMatrix([0, -1], [0, 1])).toThrow(/yPred holds the label -1 in row 1/);
    expect(() => confusionMatrix([0, 1.5], [0, 1])).toThrow(/1\.5 in row 1: neither an integer class label nor a probability/);
    expect(() => confusionMatrix(Matrix.from([[NaN, 1]]), [0])).toThrow(/yPred\[0\]\[0\] is NaN/);
    expect(() => confusionMatrix([0], [0], 0)).toThrow(/numClasses must be a positive integer, got 0/);
  });
});

describe("perClassAccuracy (recall of each class)", () => {
  it("divides the diagonal by the row sums", () => {
    const cm = confusionMatrix([0, 0, 1, 1, 2, 2, 2, 0, 2], [0, 0, 0, 1, 1, 2, 2, 2, 2]);
    expect(perClassAccuracy(cm)).toEqual([2 / 3, 1 / 2, 3 / 4]);
  });

  it("gives NaN for a class without samples (no accuracy to report) and rejects non-square or negative input", () => {
    const acc = perClassAccuracy(confusionMatrix([0, 1], [0, 0], 3));
    expect(acc[0]).toBe(0.5);
    expect(acc[1]).toBeNaN();
    expect(acc[2]).toBeNaN();
    expect(() => perClassAccuracy(Matrix.zeros(2, 3))).toThrow(/square confusion matrix \(k × k\), got 2×3/);
    expect(() => perClassAccuracy(Matrix.from([[1, -1], [0, 1]]))).toThrow(/cm\[0\]\[1\] is -1/);
  });
});
