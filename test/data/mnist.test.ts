import { describe, expect, it } from "vitest";
import {
  digitImage,
  loadDigits,
  MNIST_CLASS_COUNTS,
  MNIST_SPLIT_SEED,
  MNIST_SPLIT_SIZES,
  type DigitSplit,
} from "../../lib/src/data/mnist";
import { loadHeldOutDigits } from "../../lib/src/grader/heldout";
import { mnistPartIndices, mnistSplitQuotas } from "../../lib/src/data/mnist-source";
import * as nnlib from "../../lib/src/index";
import { Matrix } from "../../lib/src/core/matrix";

function classCounts(labels: number[]): number[] {
  const c = new Array<number>(10).fill(0);
  for (const l of labels) c[l]++;
  return c;
}

describe("MNIST split (seed 1998, identical on every machine)", () => {
  it("pins the first indices of every part", () => {
    expect(MNIST_SPLIT_SEED).toBe(1998);
    expect(mnistPartIndices("train").slice(0, 5)).toEqual([8606, 9322, 6159, 448, 4647]);
    expect(mnistPartIndices("test").slice(0, 5)).toEqual([6620, 6840, 1322, 489, 8597]);
    expect(mnistPartIndices("heldout").slice(0, 5)).toEqual([1084, 4642, 2453, 2904, 5838]);
  });

  it("has 7,000 / 2,000 / 1,000 digits, disjoint, covering all 10,000", () => {
    const parts = (["train", "test", "heldout"] as const).map((p) => mnistPartIndices(p));
    expect(parts.map((p) => p.length)).toEqual([7000, 2000, 1000]);
    expect(MNIST_SPLIT_SIZES).toEqual({ train: 7000, test: 2000, heldout: 1000 });
    const all = new Set(parts.flat());
    expect(all.size).toBe(10000);
    expect(Math.min(...all)).toBe(0);
    expect(Math.max(...all)).toBe(9999);
  });

  it("gives every digit the same share (70 / 20 / 10 %, largest remainder) in each part", () => {
    const q = mnistSplitQuotas();
    expect(MNIST_CLASS_COUNTS).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    expect(q.train).toEqual([701, 789, 694, 723, 686, 604, 709, 749, 661, 684]);
    expect(q.test).toEqual([200, 225, 198, 206, 196, 173, 203, 214, 189, 196]);
    expect(q.heldout).toEqual([100, 113, 99, 103, 98, 86, 102, 107, 94, 98]);
    MNIST_CLASS_COUNTS.forEach((n, d) => {
      expect(Math.abs(q.test[d] - 0.2 * n)).toBeLessThan(1);
      expect(Math.abs(q.heldout[d] - 0.1 * n)).toBeLessThan(1);
    });
  });
});

describe("loadDigits", () => {
  it("loads train and test with the documented shapes, ranges and class counts", () => {
    const q = mnistSplitQuotas();
    for (const split of ["train", "test"] as const) {
      const d = loadDigits(split);
      const n = MNIST_SPLIT_SIZES[split];
      expect(d.split).toBe(split);
      expect(d.x.shape).toEqual([n, 784]);
      expect(d.y.shape).toEqual([n, 10]);
      expect(d.labels).toHaveLength(n);
      expect(d.indices).toEqual(mnistPartIndices(split));
      expect(classCounts(d.labels)).toEqual(q[split]);
      let min = Infinity, max = -Infinity;
      for (const v of d.x.data) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      expect([min, max]).toEqual([0, 1]);
      // one-hot rows agree with the labels; labels agree with the source file order (index → digit)
      const offsets = MNIST_CLASS_COUNTS.map((_, k) => MNIST_CLASS_COUNTS.slice(0, k).reduce((s, v) => s + v, 0));
      for (let i = 0; i < n; i += 97) {
        const row = Array.from(d.y.row(i).data);
        expect(row.reduce((s, v) => s + v, 0)).toBe(1);
        expect(row[d.labels[i]]).toBe(1);
        const digit = offsets.filter((o) => o <= d.indices[i]).length - 1;
        expect(d.labels[i]).toBe(digit);
      }
    }
  });

  it("pins a few pixels and labels of the first training digit", () => {
    const d = loadDigits("train", { limit: 3 });
    expect(d.labels).toEqual([8, 9, 6]);
    const ink = Array.from(d.x.row(0).data).filter((v) => v > 0).length;
    expect(ink).toBeGreaterThan(50);
    expect(ink).toBeLessThan(400);
    // corners are background
    expect([d.x.get(0, 0), d.x.get(0, 27), d.x.get(0, 756), d.x.get(0, 783)]).toEqual([0, 0, 0, 0]);
  });

  it("limit takes the first rows of the fixed order; oneHot: false gives n × 1 integer labels", () => {
    const all = loadDigits("test");
    const some = loadDigits("test", { limit: 10, oneHot: false });
    expect(some.x.shape).toEqual([10, 784]);
    expect(some.y.shape).toEqual([10, 1]);
    expect(Array.from(some.y.data)).toEqual(all.labels.slice(0, 10));
    expect(some.x.allClose(all.x.sliceRows(0, 10), 0)).toBe(true);
    expect(new Set(loadDigits("train", { limit: 1000 }).labels).size).toBe(10);
    expect(loadDigits("test", { limit: 5000 }).x.rows).toBe(2000);
  });

  it("returns fresh matrices: changing one result does not change the next", () => {
    const a = loadDigits("test", { limit: 2 });
    a.x.data.fill(7);
    expect(loadDigits("test", { limit: 2 }).x.get(0, 0)).toBe(0);
  });

  it("images: 28 × 28 arrays equal to digitImage of the rows", () => {
    const d = loadDigits("train", { limit: 4, images: true });
    expect(d.images).toHaveLength(4);
    const img = d.images![2];
    expect(img).toHaveLength(28);
    expect(img.every((r) => r.length === 28)).toBe(true);
    expect(digitImage(d.x, 2)).toEqual(img);
    expect(img[5][7]).toBe(d.x.get(2, 5 * 28 + 7));
    expect(digitImage(d.x.row(2).data)).toEqual(img);
  });

  it("refuses the held-out part, unknown splits and bad options with clear errors", () => {
    expect(() => loadDigits("heldout" as DigitSplit)).toThrow(/reserved for the homework grader/);
    expect(() => loadDigits("validation" as DigitSplit)).toThrow(/split must be "train" \(7,000 digits\) or "test" \(2,000\), got "validation"/);
    expect(() => loadDigits("train", { limit: 0 })).toThrow(/limit must be a positive integer \(at most 7000 for "train"\), got 0/);
    expect(() => loadDigits("train", { limit: 2.5 })).toThrow(/got 2\.5/);
    expect(() => digitImage(Matrix.zeros(784, 3))).toThrow(/784 columns.*got 784×3.*transposed/);
    expect(() => digitImage(Matrix.zeros(2, 784), 2)).toThrow(/row must be an integer 0…1 \(x has 2 images\), got 2/);
    expect(() => digitImage([1, 2, 3])).toThrow(/got 3 numbers/);
  });
});

describe("loadHeldOutDigits (grader only)", () => {
  it("loads the 1,000 held-out digits, disjoint from train and test, 10 % of every digit", () => {
    const h = loadHeldOutDigits();
    expect(h.split).toBe("heldout");
    expect(h.x.shape).toEqual([1000, 784]);
    expect(classCounts(h.labels)).toEqual(mnistSplitQuotas().heldout);
    const seen = new Set([...loadDigits("train").indices, ...loadDigits("test").indices]);
    expect(h.indices.some((i) => seen.has(i))).toBe(false);
  });

  it("is not exported from the nnlib index", () => {
    expect("loadHeldOutDigits" in nnlib).toBe(false);
    expect("loadDigitPart" in nnlib).toBe(false);
  });
});
