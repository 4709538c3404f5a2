/**
 * Convolution and pooling on greyscale pictures, as lecture 003 draws them: `convolve2d(image,
 * kernel)` and `pool2d(image)` on `number[][]` (row 0 on top), `channelImages` to look at the
 * channels of a layer's output, and `outputSizeTable` for ⌊(n + 2p − k)/s⌋ + 1.
 *
 * They run the same kernels as the layers (kernels/conv.ts) on a batch of one image.
 */
import { Matrix } from "../core/matrix";
import { checkPadding, conv2dForward, convGeometry, convOutputSize, pair, Padding, PoolMode, pool2dForward, samePadding, shapeText } from "../kernels/conv";

/** A greyscale picture (or a kernel): rows of numbers, row 0 on top; or a `Matrix`. */
export type PixelGrid = ReadonlyArray<ReadonlyArray<number>> | Matrix;

function gridToFlat(who: string, what: string, g: PixelGrid): { h: number; w: number; data: Float64Array } {
  if (g instanceof Matrix) return { h: g.rows, w: g.cols, data: g.data };
  if (!Array.isArray(g) || g.length === 0 || !Array.isArray(g[0]) || g[0].length === 0) {
    throw new Error(`${who}: ${what} must be a non-empty list of rows of numbers (or a Matrix), got ${Array.isArray(g) ? "an empty or flat array" : typeof g}.`);
  }
  const h = g.length, w = g[0].length;
  const data = new Float64Array(h * w);
  g.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== w) {
      throw new Error(`${who}: ${what} must be rectangular: row 0 has ${w} numbers, row ${i} has ${Array.isArray(row) ? row.length : "none"}.`);
    }
    row.forEach((v, j) => {
      if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${who}: ${what}[${i}][${j}] must be a finite number, got ${String(v)}.`);
      data[i * w + j] = v;
    });
  });
  return { h, w, data };
}

function flatToRows(data: ArrayLike<number>, h: number, w: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < h; i++) out.push(Array.prototype.slice.call(data, i * w, (i + 1) * w) as number[]);
  return out;
}

/** Options of `convolve2d`. */
export interface Convolve2DOptions {
  /** `"valid"` (default: the output shrinks by k − 1), `"same"` (output ⌈n/s⌉) or p zeros on every side. */
  padding?: Padding;
  /** Step of the window in pixels, one number or [down, across]; default 1. */
  stride?: number | [number, number];
}

/**
 * Applies a kernel to a greyscale image the way a CNN does (cross-correlation, zeros outside the
 * image): out[i][j] = Σ_{u,v} image[i·s + u − p][j·s + v − p] · kernel[u][v].
 * The output is ⌊(n + 2p − k)/s⌋ + 1 in each direction.
 *
 * ```ts
 * convolve2d([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 0], [0, -1]]);   // [[-4, -4], [-4, -4]]
 * convolve2d(digit, FILTERS.laplacian, { padding: "same" });          // same size as the digit
 * ```
 */
export function convolve2d(image: PixelGrid, kernel: PixelGrid, options: Convolve2DOptions = {}): number[][] {
  const who = "convolve2d";
  const img = gridToFlat(who, "image", image);
  const ker = gridToFlat(who, "kernel", kernel);
  const g = convGeometry(who, [img.h, img.w, 1], [ker.h, ker.w], pair(who, "stride", options.stride ?? 1), checkPadding(who, options.padding ?? "valid"));
  const X = new Matrix(1, img.h * img.w, img.data);
  const W = new Matrix(1, ker.h * ker.w, ker.data);
  const { Z } = conv2dForward(X, W, undefined, g);
  return flatToRows(Z.data, g.outH, g.outW);
}

/** Options of `pool2d`. */
export interface Pool2DOptions {
  /** Window size, one number or [height, width]; default 2. */
  poolSize?: number | [number, number];
  /** Step of the window; default: the window size (windows do not overlap). */
  stride?: number | [number, number];
  /** `"valid"` (default) or `"same"`. */
  padding?: "valid" | "same";
  /** `"max"` (default) or `"average"`. */
  mode?: PoolMode;
}

/**
 * Max (or average) pooling of a greyscale image: each output pixel is the max (mean) of a window.
 *
 * ```ts
 * pool2d([[1, 2, 0, 0], [3, 4, 0, 1], [0, 0, 5, 6], [0, 0, 7, 8]]);   // [[4, 1], [0, 8]]
 * ```
 */
export function pool2d(image: PixelGrid, options: Pool2DOptions = {}): number[][] {
  const who = "pool2d";
  const img = gridToFlat(who, "image", image);
  const size = pair(who, "poolSize", options.poolSize ?? 2);
  const stride = pair(who, "stride", options.stride ?? size);
  const padding = options.padding ?? "valid";
  if (padding !== "valid" && padding !== "same") throw new Error(`${who}: padding must be "valid" or "same", got ${JSON.stringify(padding)}.`);
  const mode = options.mode ?? "max";
  if (mode !== "max" && mode !== "average") throw new Error(`${who}: mode must be "max" or "average", got ${JSON.stringify(mode)}.`);
  const g = convGeometry(who, [img.h, img.w, 1], size, stride, padding);
  const Y = pool2dForward(new Matrix(1, img.h * img.w, img.data), g, mode);
  return flatToRows(Y.data, g.outH, g.outW);
}

/**
 * The channels of one image of a batch as separate greyscale pictures, e.g. the feature maps of a
 * `Conv2D` layer for one digit: `channelImages(conv.forward(x), conv.outputShape, 0)`.
 *
 * @param X a batch, one HWC image per row (or the numbers of one image)
 * @param shape [height, width, channels]
 * @param row which image of the batch (default 0)
 * @returns `channels` pictures of height × width
 */
export function channelImages(X: Matrix | ArrayLike<number>, shape: readonly number[], row = 0): number[][][] {
  const who = "channelImages";
  if (!Array.isArray(shape) || shape.length !== 3) throw new Error(`${who}: shape must be [height, width, channels], got ${JSON.stringify(shape)}.`);
  const [h, w, c] = shape;
  const size = h * w * c;
  let data: ArrayLike<number>;
  let offset = 0;
  if (X instanceof Matrix) {
    if (X.cols !== size) {
      throw new Error(`${who}: the batch has ${X.cols} numbers per row, but shape ${shapeText(shape)} needs ${size}. Hint: pass the layer's outputShape.`);
    }
    if (!Number.isInteger(row) || row < 0 || row >= X.rows) throw new Error(`${who}: row must be 0…${X.rows - 1}, got ${row}.`);
    data = X.data;
    offset = row * size;
  } else {
    if (X === null || typeof X !== "object" || X.length !== size) throw new Error(`${who}: expected ${size} numbers for shape ${shapeText(shape)}.`);
    data = X;
  }
  const out: number[][][] = [];
  for (let ch = 0; ch < c; ch++) {
    const img: number[][] = [];
    for (let y = 0; y < h; y++) {
      const r: number[] = new Array(w);
      for (let x = 0; x < w; x++) r[x] = data[offset + (y * w + x) * c + ch];
      img.push(r);
    }
    out.push(img);
  }
  return out;
}

/** One row of `outputSizeTable`. */
export interface OutputSizeRow {
  /** Input size n. */
  n: number;
  /** Kernel size k. */
  k: number;
  /** Stride s. */
  s: number;
  /** Padding: "valid", "same" or p. */
  padding: Padding;
  /** Padding per side actually used (for "same": before + after, as "p₁+p₂"). */
  p: string;
  /** Output size. */
  out: number;
}

/**
 * Output sizes for every combination of the given input sizes, kernel sizes, strides and
 * paddings (for a table: `console.table(outputSizeTable({ n: [28], k: [3, 5], s: [1, 2], padding: ["valid", "same"] }))`).
 */
export function outputSizeTable(options: { n: number[]; k: number[]; s?: number[]; padding?: Padding[] }): OutputSizeRow[] {
  const rows: OutputSizeRow[] = [];
  for (const n of options.n) {
    for (const k of options.k) {
      for (const s of options.s ?? [1]) {
        for (const padding of options.padding ?? ["valid"]) {
          const g = convGeometry("outputSizeTable", [n, n, 1], [k, k], [s, s], checkPadding("outputSizeTable", padding));
          const p = g.padTop === g.padBottom ? String(g.padTop) : `${g.padTop}+${g.padBottom}`;
          rows.push({ n, k, s, padding, p, out: g.outH });
        }
      }
    }
  }
  return rows;
}
