import { describe, expect, test } from "vitest";
import { Dense } from "../../lib/src/layers";
import { Matrix } from "../../lib/src/core/matrix";
import { Sequential } from "../../lib/src/training/model";
import { SGD } from "../../lib/src/training/optimizers";
import { crossValidate } from "../../lib/src/training/cross-validation";

// y = 2x − 1 on 10 points: a linear model learns it, so validation error falls.
const xs = Array.from({ length: 10 }, (_, i) => [i / 10]);
const ys = xs.map(([v]) => [2 * v - 1]);
const build = (fold: number) => {
  const m = new Sequential([new Dense(1, { inputDim: 1 })], { seed: fold });
  m.compile({ optimizer: new SGD({ learningRate: 0.3 }), loss: "mse", metrics: ["mae"] });
  return m;
};

describe("crossValidate", () => {
  test("trains k fresh models, each validated on its own fold, and averages the curves", () => {
    const cv = crossValidate(build, xs, ys, { k: 5, epochs: 30, batchSize: 2 });
    expect(cv.folds).toHaveLength(5);
    expect(cv.mean.val_mae).toHaveLength(30);
    for (let e = 0; e < 30; e++) {
      const avg = cv.folds.reduce((s, h) => s + h.val_mae[e], 0) / 5;
      expect(cv.mean.val_mae[e]).toBeCloseTo(avg, 12);
    }
    expect(cv.mean.val_mae[29]).toBeLessThan(cv.mean.val_mae[0]);
    // Fold 1 validates on rows 2–3 exactly: the same fit by hand gives the same curve.
    const byHand = build(1).fit(
      Matrix.from(xs.filter((_, i) => i < 2 || i > 3)),
      Matrix.from(ys.filter((_, i) => i < 2 || i > 3)),
      { epochs: 30, batchSize: 2, seed: 1, validationData: [Matrix.from(xs.slice(2, 4)), Matrix.from(ys.slice(2, 4))] },
    );
    expect(cv.folds[1].val_mae).toEqual(byHand.history.val_mae);
  });

  test("bestEpoch finds the lowest averaged value, counted from 1", () => {
    const cv = crossValidate(build, xs, ys, { k: 2, epochs: 5, batchSize: 5 });
    cv.mean.fake = [5, 3, 1, 2, 4];
    expect(cv.bestEpoch("fake")).toBe(3);
    cv.mean.jitter = [5, 1, 4, 2, 2, 2, 2];
    expect(cv.bestEpoch("jitter")).toBe(2);
    expect(cv.bestEpoch("jitter", 3)).toBe(5);
    expect(() => cv.bestEpoch("val_acc")).toThrow(/"val_acc" was not logged; the logs have: loss, mae, val_loss, val_mae/);
  });

  test("rejects a bad k and mismatched x/y", () => {
    expect(() => crossValidate(build, xs, ys, { k: 1 })).toThrow(/k must be a whole number from 2 to 10/);
    expect(() => crossValidate(build, xs, ys.slice(0, 9))).toThrow(/x has 10 samples but y has 9/);
  });
});
