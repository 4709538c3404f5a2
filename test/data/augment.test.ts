import { describe, expect, test } from "vitest";
import { addNoise, augmentDigits, digitAugmenter, rotateImages, shiftImages } from "../../lib/src/data/augment";
import { loadDigits } from "../../lib/src/data/mnist";
import { Dense } from "../../lib/src/layers";
import { Matrix } from "../../lib/src/core/matrix";
import { Sequential } from "../../lib/src/training/model";
import { SGD } from "../../lib/src/training/optimizers";
import { Random } from "../../lib/src/core/random";

/** A 28 × 28 image (one row of 784) with pixel (r, c) = 1. */
function dot(r: number, c: number): Matrix {
  const m = Matrix.zeros(1, 784);
  m.data[r * 28 + c] = 1;
  return m;
}

describe("digit augmentation", () => {
  test("shift by 1 moves a known pixel; pixels moved in from outside are 0", () => {
    expect(shiftImages(dot(10, 12), 1, 0).data[10 * 28 + 13]).toBe(1);
    expect(shiftImages(dot(10, 12), 0, 1).data[11 * 28 + 12]).toBe(1);
    expect(shiftImages(dot(10, 12), -2, -3).data[7 * 28 + 10]).toBe(1);
    expect(shiftImages(dot(10, 12), 1, 0).sum()).toBe(1);
    expect(shiftImages(dot(10, 27), 1, 0).sum()).toBe(0); // pushed off the right edge
  });

  test("rotation by 0 is the identity; by 90° a pixel moves a quarter turn about the centre (13.5, 13.5)", () => {
    const digits = loadDigits("train", { limit: 5 });
    expect(rotateImages(digits.x, 0).toArray()).toEqual(digits.x.toArray());
    // counter-clockwise on screen: the top-centre-right pixel (row 0, col 14) goes to the left side
    const r = rotateImages(dot(0, 14), 90);
    expect(r.data[13 * 28 + 0]).toBeCloseTo(1, 10);
    expect(r.sum()).toBeCloseTo(1, 10);
    // a small rotation spreads a pixel bilinearly over its neighbours (sum stays ≈ 1 inside the image)
    expect(rotateImages(dot(10, 10), 5).sum()).toBeCloseTo(1, 1);
  });

  test("same seed ⇒ same output; values stay in [0, 1]; images change", () => {
    const x = loadDigits("train", { limit: 20 }).x;
    const opts = { shift: 2, rotation: 15, noise: 0.1, seed: 4 };
    const a = augmentDigits(x, opts);
    expect(a.toArray()).toEqual(augmentDigits(x, opts).toArray());
    expect(a.toArray()).not.toEqual(augmentDigits(x, { ...opts, seed: 5 }).toArray());
    expect(Math.min(...a.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a.data)).toBeLessThanOrEqual(1);
    const noisy = addNoise(x, 0.5, new Random(1));
    expect(Math.min(...noisy.data)).toBe(0);
    expect(Math.max(...noisy.data)).toBe(1);
    expect(augmentDigits(x).toArray()).toEqual(x.toArray()); // no options: unchanged
  });

  test("digitAugmenter continues one stream (new variants every call) and plugs into fit's augment option", () => {
    const x = loadDigits("train", { limit: 40 });
    const aug = digitAugmenter({ shift: 1, seed: 2 });
    expect(aug(x.x).toArray()).not.toEqual(aug(x.x).toArray());
    const seen: Matrix[] = [];
    const model = new Sequential([new Dense(10, { inputDim: 784 })], { seed: 1 });
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: "mse" });
    const a2 = digitAugmenter({ shift: 1, seed: 2 });
    model.fit(x.x, x.y, { epochs: 1, batchSize: 40, shuffle: false, augment: (b) => { const out = a2(b); seen.push(out); return out; } });
    expect(seen.length).toBe(1);
    expect(seen[0].toArray()).toEqual(digitAugmenter({ shift: 1, seed: 2 })(x.x).toArray());
    expect(() => model.fit(x.x, x.y, { augment: (b) => b.sliceRows(0, 1) })).toThrow(/augment must return a matrix of the batch's shape/);
    expect(() => shiftImages(Matrix.zeros(1, 10), 1, 0)).toThrow(/square image/);
  });
});
