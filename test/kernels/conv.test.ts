import { describe, expect, test } from "vitest";
import {
  col2im, conv2dBackward, conv2dForward, convGeometry, convOutputSize, im2col, pool2dBackward, pool2dForward, samePadding,
} from "../../lib/src/kernels/conv";
import { channelImages, convolve2d, outputSizeTable, pool2d } from "../../lib/src/lecture/pictures";
import { checkGradient } from "../../lib/src/lecture/gradcheck";
import { Matrix } from "../../lib/src/core/matrix";
import { Random } from "../../lib/src/core/random";

/** Straightforward reference: cross-correlation with zero padding, one channel, by definition. */
function naive(img: number[][], k: number[][], pad: number, stride: number): number[][] {
  const h = img.length, w = img[0].length, kh = k.length, kw = k[0].length;
  const oh = Math.floor((h + 2 * pad - kh) / stride) + 1, ow = Math.floor((w + 2 * pad - kw) / stride) + 1;
  const out: number[][] = [];
  for (let i = 0; i < oh; i++) {
    const row: number[] = [];
    for (let j = 0; j < ow; j++) {
      let s = 0;
      for (let u = 0; u < kh; u++) for (let v = 0; v < kw; v++) {
        const y = i * stride + u - pad, x = j * stride + v - pad;
        if (y >= 0 && y < h && x >= 0 && x < w) s += img[y][x] * k[u][v];
      }
      row.push(s);
    }
    out.push(row);
  }
  return out;
}

function randomGrid(h: number, w: number, rng: Random): number[][] {
  return Array.from({ length: h }, () => Array.from({ length: w }, () => rng.uniform(-1, 1)));
}

describe("output size ⌊(n + 2p − k)/s⌋ + 1", () => {
  test("worked values", () => {
    expect(convOutputSize(28, 3)).toBe(26);
    expect(convOutputSize(28, 3, 1, 1)).toBe(28);
    expect(convOutputSize(28, 3, 2)).toBe(13);
    expect(convOutputSize(14, 3)).toBe(12);
    expect(convOutputSize(7, 3, 2, 1)).toBe(4);
    expect(convOutputSize(5, 5)).toBe(1);
  });
  test("kernel larger than the padded input, non-integer stride: clear errors", () => {
    expect(() => convOutputSize(3, 5)).toThrow(/kernel \(5\) is larger than the padded input \(3 \+ 2·0 = 3\).*Hint/);
    expect(() => convOutputSize(28, 3, 1.5)).toThrow(/stride must be a positive integer, got 1.5.*whole pixels/);
    expect(() => convOutputSize(28, 3, 1, -1)).toThrow(/padding/);
  });
  test('"same" padding gives ⌈n/s⌉ like TensorFlow', () => {
    expect(samePadding(28, 3, 1)).toEqual([1, 1]);
    expect(samePadding(28, 4, 1)).toEqual([1, 2]);
    expect(samePadding(28, 3, 2)).toEqual([0, 1]);
    for (const n of [5, 6, 7, 28]) for (const k of [1, 2, 3, 5]) for (const s of [1, 2, 3]) {
      const g = convGeometry("t", [n, n, 1], [k, k], [s, s], "same");
      expect(g.outH).toBe(Math.ceil(n / s));
    }
  });
  test("outputSizeTable", () => {
    const t = outputSizeTable({ n: [28], k: [3, 5], s: [1, 2], padding: ["valid", "same", 1] });
    expect(t).toHaveLength(12);
    expect(t[0]).toEqual({ n: 28, k: 3, s: 1, padding: "valid", p: "0", out: 26 });
    expect(t.find((r) => r.k === 5 && r.s === 2 && r.padding === "same")).toMatchObject({ out: 14, p: "1+2" });
  });
});

describe("convolve2d", () => {
  test("a hand-computed example (no kernel flip: cross-correlation)", () => {
    expect(convolve2d([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 0], [0, -1]])).toEqual([[-4, -4], [-4, -4]]);
    expect(convolve2d([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[0, 1], [0, 0]])).toEqual([[2, 3], [5, 6]]);
    // 2×2 of ones with padding 1 → sums of the 2×2 neighbourhoods
    expect(convolve2d([[1, 1], [1, 1]], [[1, 1], [1, 1]], { padding: 1 })).toEqual([[1, 2, 1], [2, 4, 2], [1, 2, 1]]);
  });
  test("matches the definition for random images, kernels, paddings and strides", () => {
    const rng = new Random(3);
    for (let t = 0; t < 40; t++) {
      const h = 3 + Math.floor(rng.uniform(0, 8)), w = 3 + Math.floor(rng.uniform(0, 8));
      const kh = 1 + Math.floor(rng.uniform(0, 3)), kw = 1 + Math.floor(rng.uniform(0, 3));
      const pad = Math.floor(rng.uniform(0, 3)), stride = 1 + Math.floor(rng.uniform(0, 3));
      const img = randomGrid(h, w, rng), k = randomGrid(kh, kw, rng);
      const got = convolve2d(img, k, { padding: pad, stride });
      const want = naive(img, k, pad, stride);
      expect(got.length).toBe(want.length);
      got.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 12)));
    }
  });
  test('"same" keeps the size; stride 2 halves it', () => {
    const img = randomGrid(14, 12, new Random(1));
    const k = [[0, 1, 0], [1, -4, 1], [0, 1, 0]];
    const same = convolve2d(img, k, { padding: "same" });
    expect([same.length, same[0].length]).toEqual([14, 12]);
    expect(same).toEqual(naive(img, k, 1, 1));
    const s2 = convolve2d(img, k, { stride: 2 });
    expect([s2.length, s2[0].length]).toEqual([6, 5]);
  });
  test("errors name the function, the shapes and a hint", () => {
    expect(() => convolve2d([[1, 2], [3, 4]], [[1, 1, 1], [1, 1, 1], [1, 1, 1]])).toThrow(
      /convolve2d: the 3×3 window does not fit the 2×2×1 input with padding "valid" \(padded size 2×2\)\. Hint/,
    );
    expect(() => convolve2d([[1, 2], [3]], [[1]])).toThrow(/rectangular/);
    expect(() => convolve2d([[1, 2], [3, 4]], [[1]], { stride: 0.5 })).toThrow(/stride/);
    expect(() => convolve2d([[1, 2], [3, 4]], [[1]], { padding: "full" as never })).toThrow(/padding must be "valid", "same"/);
  });
});

describe("pooling", () => {
  test("max and average pooling by hand", () => {
    const img = [[1, 2, 0, 0], [3, 4, 0, 1], [0, 0, 5, 6], [0, 0, 7, 8]];
    expect(pool2d(img)).toEqual([[4, 1], [0, 8]]);
    expect(pool2d(img, { mode: "average" })).toEqual([[2.5, 0.25], [0, 6.5]]);
    expect(pool2d(img, { poolSize: 3, stride: 1 })).toEqual([[5, 6], [7, 8]]);
    // "same" on an odd size keeps the last partial window; padding never wins the max nor counts in the mean
    expect(pool2d([[-1, -2, -3]], { poolSize: [1, 2], padding: "same" })).toEqual([[-1, -3]]);
    expect(pool2d([[1, 2, 3]], { poolSize: [1, 2], padding: "same", mode: "average" })).toEqual([[1.5, 3]]);
  });
  test("window larger than the image: an error", () => {
    expect(() => pool2d([[1, 2]], { poolSize: 2 })).toThrow(/pool2d: the 2×2 window does not fit the 1×2×1 input/);
  });
});

describe("batched convolution with channels (im2col), against the definition and central differences", () => {
  const shapes: { inp: [number, number, number]; k: [number, number]; s: [number, number]; pad: "valid" | "same" | number; F: number }[] = [
    { inp: [5, 6, 2], k: [3, 3], s: [1, 1], pad: "valid", F: 3 },
    { inp: [5, 5, 3], k: [3, 2], s: [2, 1], pad: "same", F: 2 },
    { inp: [6, 4, 1], k: [2, 2], s: [2, 2], pad: 1, F: 4 },
  ];
  for (const c of shapes) {
    const label = `${c.inp.join("×")} * ${c.F}×${c.k.join("×")} stride ${c.s.join(",")} padding ${c.pad}`;
    test(`${label}: forward`, () => {
      const rng = new Random(11);
      const g = convGeometry("t", c.inp, c.k, c.s, c.pad);
      const [h, w, ch] = c.inp;
      const X = Matrix.uniform(2, h * w * ch, rng, -1, 1);
      const W = Matrix.uniform(c.F, c.k[0] * c.k[1] * ch, rng, -1, 1);
      const b = Matrix.uniform(1, c.F, rng, -1, 1);
      const { Z } = conv2dForward(X, W, b, g);
      expect([Z.rows, Z.cols]).toEqual([2, g.outH * g.outW * c.F]);
      for (let i = 0; i < 2; i++) for (let oy = 0; oy < g.outH; oy++) for (let ox = 0; ox < g.outW; ox++) for (let f = 0; f < c.F; f++) {
        let s = b.data[f];
        for (let u = 0; u < c.k[0]; u++) for (let v = 0; v < c.k[1]; v++) for (let q = 0; q < ch; q++) {
          const y = oy * c.s[0] + u - g.padTop, x = ox * c.s[1] + v - g.padLeft;
          if (y < 0 || y >= h || x < 0 || x >= w) continue;
          s += X.data[i * h * w * ch + (y * w + x) * ch + q] * W.data[f * W.cols + (u * c.k[1] + v) * ch + q];
        }
        expect(Z.data[i * Z.cols + (oy * g.outW + ox) * c.F + f]).toBeCloseTo(s, 12);
      }
    });
    test(`${label}: backward (dX, dW, db) passes the gradient check`, () => {
      const rng = new Random(12);
      const g = convGeometry("t", c.inp, c.k, c.s, c.pad);
      const [h, w, ch] = c.inp;
      const X = Matrix.uniform(2, h * w * ch, rng, -1, 1);
      const W = Matrix.uniform(c.F, c.k[0] * c.k[1] * ch, rng, -1, 1);
      const b = Matrix.uniform(1, c.F, rng, -1, 1);
      const G = Matrix.uniform(2, g.outH * g.outW * c.F, rng, -1, 1);
      const E = () => conv2dForward(X, W, b, g).Z.multiply(G).sum();
      const { patches } = conv2dForward(X, W, b, g);
      const { dX, dW, db } = conv2dBackward(G, patches, W, g);
      expect(checkGradient(E, X, dX as Matrix).ok).toBe(true);
      expect(checkGradient(E, W, dW).ok).toBe(true);
      expect(checkGradient(E, b, db).ok).toBe(true);
    });
  }
  test("col2im is the adjoint of im2col: <im2col(x), c> = <x, col2im(c)>", () => {
    const rng = new Random(5);
    const g = convGeometry("t", [5, 4, 2], [3, 3], [2, 1], "same");
    const K = 3 * 3 * 2, P = g.outH * g.outW;
    const x = Matrix.uniform(1, 40, rng, -1, 1).data;
    const c = Matrix.uniform(1, P * K, rng, -1, 1).data;
    const cols = new Float64Array(P * K);
    im2col(x, 0, g, cols, 0);
    const back = new Float64Array(40);
    col2im(c, 0, g, back, 0);
    let a = 0, bsum = 0;
    for (let k = 0; k < cols.length; k++) a += cols[k] * c[k];
    for (let k = 0; k < 40; k++) bsum += x[k] * back[k];
    expect(a).toBeCloseTo(bsum, 12);
  });
  test("pooling backward passes the gradient check (max: distinct values; average)", () => {
    const rng = new Random(9);
    for (const mode of ["max", "average"] as const) {
      for (const pad of ["valid", "same"] as const) {
        const g = convGeometry("t", [5, 5, 2], [2, 2], [2, 2], pad);
        const X = Matrix.uniform(2, 50, rng, -1, 1);
        const G = Matrix.uniform(2, g.outH * g.outW * 2, rng, -1, 1);
        const am = new Int32Array(G.size);
        pool2dForward(X, g, mode, am);
        const dX = pool2dBackward(G, g, mode, am);
        const E = () => pool2dForward(X, g, mode).multiply(G).sum();
        expect(checkGradient(E, X, dX).ok, `${mode} ${pad}`).toBe(true);
      }
    }
  });
});

describe("channelImages", () => {
  test("splits an HWC row into channel pictures", () => {
    const X = Matrix.from([[1, 10, 2, 20, 3, 30, 4, 40]]); // 2×2×2
    expect(channelImages(X, [2, 2, 2])).toEqual([[[1, 2], [3, 4]], [[10, 20], [30, 40]]]);
    expect(() => channelImages(X, [2, 2, 1])).toThrow(/8 numbers per row, but shape 2×2×1 needs 4/);
  });
});
