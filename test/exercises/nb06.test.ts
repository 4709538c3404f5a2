import { describe, expect, it } from "vitest";
import { judge } from "../../lib/src/exercises";
import { convolve2d } from "../../lib/src/lecture/pictures";
import { LECTURE_DIGIT } from "../../lib/src/data/images";
import { FILTER_NAMES, FILTERS } from "../../lib/src/lecture/filters";

describe("notebook 06's checks accept the solutions", () => {
  it("06.1: the Laplacian at the top-left corner is 0.2", () => {
    expect(judge("06.1", 0.2).ok).toBe(true);
    expect(judge("06.1", convolve2d(LECTURE_DIGIT, FILTERS.laplacian, { padding: 1 })[0][0]).hint).toMatch(/padding/);
  });
  it("06.2: shapes and parameters of the 32 × 32 × 3 model", () => {
    const ok = { shapes: [[28, 28, 16], [14, 14, 16], [14, 14, 32], [7, 7, 32]], params: [1216, 0, 4640, 0] };
    expect(judge("06.2", ok).ok).toBe(true);
    expect(judge("06.2", { ...ok, params: [1200, 0, 4608, 0] }).hint).toMatch(/biases/);
  });
  it("06.3: Sobel magnitude and 'vertical'", () => {
    const gx = convolve2d(LECTURE_DIGIT, [[1, 0, -1], [2, 0, -2], [1, 0, -1]], { padding: "same" });
    const gy = convolve2d(LECTURE_DIGIT, [[1, 2, 1], [0, 0, 0], [-1, -2, -1]], { padding: "same" });
    const magnitude = gx.map((r, i) => r.map((v, j) => Math.sqrt(v * v + gy[i][j] * gy[i][j])));
    expect(judge("06.3", { magnitude, gxFinds: "vertical" }).ok).toBe(true);
  });
  it("06.4: 0.5 × the sum of each kernel", () => {
    const flat = Array.from({ length: 10 }, () => Array(10).fill(0.5));
    expect(judge("06.4", FILTER_NAMES.map((n) => convolve2d(flat, FILTERS[n])[4][4])).ok).toBe(true);
  });
  it("06.5: a nested-loop strided convolution is accepted", () => {
    const conv = (image: number[][], kernel: number[][], s: number) => {
      const out: number[][] = [];
      for (let i = 0; i * s + kernel.length <= image.length; i++) {
        const row: number[] = [];
        for (let j = 0; j * s + kernel[0].length <= image[0].length; j++) {
          let sum = 0;
          for (let u = 0; u < kernel.length; u++) for (let v = 0; v < kernel[0].length; v++) sum += image[i * s + u][j * s + v] * kernel[u][v];
          row.push(sum);
        }
        out.push(row);
      }
      return out;
    };
    expect(judge("06.5", conv).ok).toBe(true);
    expect(judge("06.5", (im: number[][], k: number[][]) => convolve2d(im, k)).hint).toMatch(/size/);
  });
});
