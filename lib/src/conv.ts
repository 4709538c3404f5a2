/**
 * Two-dimensional convolution and pooling, as deep learning uses them (lecture 003).
 *
 * "Convolution" in a CNN is, strictly, CROSS-CORRELATION: the kernel slides over the image and at
 * each position the products of overlapping numbers are summed, WITHOUT flipping the kernel
 * (mathematical convolution flips it first; for a learned kernel the difference does not matter):
 *
 *   out[i][j] = Σ_{u,v} in[i·s + u − p][j·s + v − p] · k[u][v]        (zero outside the image)
 *
 * Output size along one axis, for input size n, kernel size k, padding p on each side, stride s:
 *
 *   out = ⌊(n + 2p − k) / s⌋ + 1
 *
 * e.g. a 28 × 28 digit and a 3 × 3 kernel: "valid" (p = 0) gives 26 × 26, "same" (p = 1) 28 × 28,
 * stride 2 with p = 0 gives 13 × 13.
 *
 * Padding: `"valid"` (none), `"same"` (TensorFlow/Keras: out = ⌈n / s⌉, the zeros split as evenly as
 * possible, the odd one at the bottom/right), or a number p (p zeros on every side).
 *
 * Images in a batch (the layers' layout): one image per ROW of a `Matrix`, its h·w·c numbers in
 * HWC order — row 0 of the image left to right, then row 1, …, with the c channels of each pixel
 * next to each other. A 28 × 28 greyscale digit is the 784 numbers of `loadDigits` as they are;
 * pixel (y, x), channel ch of sample i is `X.data[i·h·w·c + (y·w + x)·c + ch]`.
 *
 * For greyscale pictures (`number[][]`, row 0 on top) use `convolve2d(image, kernel)` and `pool2d`.
 */
import { gemm, getBackend } from "./fast/backend";
import { Matrix } from "./matrix";

/** The kernels for the convolution products: the library's fast ones ("reference" means the readable loops of `Dense`; convolution always uses a blocked kernel). */
function convBackend(): "fast" | "wasm" {
  return getBackend() === "wasm" ? "wasm" : "fast";
}

/** `"valid"` (no padding), `"same"` (output ⌈n/s⌉, as Keras) or p zeros on every side. */
export type Padding = "valid" | "same" | number;

/** The shape of one image: [height, width, channels]. */
export type ImageShape = [number, number, number];

/**
 * Output size along one axis: ⌊(n + 2p − k)/s⌋ + 1 for input size n, kernel size k, stride s and
 * padding p on each side. Throws when the kernel is larger than the padded input.
 *
 * ```ts
 * convOutputSize(28, 3);          // 26
 * convOutputSize(28, 3, 1, 1);    // 28
 * convOutputSize(28, 3, 2);       // 13
 * ```
 */
export function convOutputSize(n: number, k: number, stride = 1, padding = 0): number {
  const who = "convOutputSize";
  checkInt(who, "n (input size)", n, 1);
  checkInt(who, "k (kernel size)", k, 1);
  checkInt(who, "stride", stride, 1);
  checkInt(who, "padding", padding, 0);
  if (k > n + 2 * padding) {
    throw new Error(
      `${who}: the kernel (${k}) is larger than the padded input (${n} + 2·${padding} = ${n + 2 * padding}). ` +
        `Hint: use more padding, a smaller kernel or a larger input.`,
    );
  }
  return Math.floor((n + 2 * padding - k) / stride) + 1;
}

/** TensorFlow's "same" padding along one axis: [before, after] with out = ⌈n/s⌉. */
export function samePadding(n: number, k: number, stride = 1): [number, number] {
  const out = Math.ceil(n / stride);
  const total = Math.max((out - 1) * stride + k - n, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** Everything a 2-D sliding window needs: input, kernel, strides, padding and output sizes. */
export interface ConvGeometry {
  inH: number;
  inW: number;
  inC: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
  outH: number;
  outW: number;
}

function checkInt(who: string, what: string, v: number, min: number): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw new Error(
      `${who}: ${what} must be ${min === 0 ? "a whole number ≥ 0" : "a positive integer"}, got ${String(v)}.` +
        (what.startsWith("stride") ? ` Hint: a stride is a step in whole pixels, e.g. 1 or 2.` : ""),
    );
  }
}

/** `3` → `[3, 3]`; `[3, 5]` stays; anything else is an error naming `what`. */
export function pair(who: string, what: string, v: number | readonly number[]): [number, number] {
  const p: number[] = typeof v === "number" ? [v, v] : Array.isArray(v) ? [...v] : [];
  if (p.length !== 2) {
    throw new Error(`${who}: ${what} must be a number or [height, width], got ${JSON.stringify(v)}. Hint: e.g. 3 or [3, 3].`);
  }
  checkInt(who, `${what} ${JSON.stringify(v)}`, p[0], 1);
  checkInt(who, `${what} ${JSON.stringify(v)}`, p[1], 1);
  return [p[0], p[1]];
}

/** Checks `padding` and returns it (numbers must be whole and ≥ 0). */
export function checkPadding(who: string, padding: Padding): Padding {
  if (padding === "valid" || padding === "same") return padding;
  if (typeof padding === "number" && Number.isInteger(padding) && padding >= 0) return padding;
  throw new Error(`${who}: padding must be "valid", "same" or a whole number ≥ 0, got ${JSON.stringify(padding)}.`);
}

/** Shape as text: [28, 28, 1] → "28×28×1". */
export function shapeText(shape: readonly number[]): string {
  return shape.join("×");
}

/**
 * The geometry of sliding a kH × kW window with the given strides and padding over an
 * inH × inW × inC image. Throws (naming `who`, the shapes and a hint) when the window does not fit.
 */
export function convGeometry(
  who: string,
  inputShape: readonly number[],
  kernelSize: [number, number],
  strides: [number, number],
  padding: Padding,
): ConvGeometry {
  const [inH, inW, inC] = inputShape;
  const [kH, kW] = kernelSize;
  const [strideH, strideW] = strides;
  let padTop = 0, padBottom = 0, padLeft = 0, padRight = 0;
  if (padding === "same") {
    [padTop, padBottom] = samePadding(inH, kH, strideH);
    [padLeft, padRight] = samePadding(inW, kW, strideW);
  } else if (typeof padding === "number") {
    padTop = padBottom = padLeft = padRight = padding;
  }
  const ph = inH + padTop + padBottom, pw = inW + padLeft + padRight;
  if (kH > ph || kW > pw) {
    throw new Error(
      `${who}: the ${kH}×${kW} window does not fit the ${inH}×${inW}×${inC} input with padding ${JSON.stringify(padding)} ` +
        `(padded size ${ph}×${pw}). Hint: use padding "same", a smaller kernel/pool size, or fewer pooling steps before this layer.`,
    );
  }
  return {
    inH, inW, inC, kH, kW, strideH, strideW, padTop, padBottom, padLeft, padRight,
    outH: Math.floor((ph - kH) / strideH) + 1,
    outW: Math.floor((pw - kW) / strideW) + 1,
  };
}

/**
 * im2col for one image: writes the (outH·outW) × (kH·kW·inC) matrix whose row r = oy·outW + ox
 * holds the input patch under the window at output position (oy, ox), in (ky, kx, channel)
 * order, zeros where the window overlaps the padding. Then convolution is one matrix product:
 * patches · Wᵀ, W = filters × (kH·kW·inC).
 */
export function im2col(src: Float64Array, srcOffset: number, g: ConvGeometry, dst: Float64Array, dstOffset: number): void {
  const { inH, inW, inC, kH, kW, strideH, strideW, padTop, padLeft, outH, outW } = g;
  const K = kH * kW * inC;
  const rowLen = kW * inC;
  let d = dstOffset;
  for (let oy = 0; oy < outH; oy++) {
    const y0 = oy * strideH - padTop;
    for (let ox = 0; ox < outW; ox++) {
      const x0 = ox * strideW - padLeft;
      if (y0 >= 0 && x0 >= 0 && y0 + kH <= inH && x0 + kW <= inW) {
        // The whole window is inside: copy kH runs of kW·inC contiguous numbers.
        for (let ky = 0; ky < kH; ky++) {
          let s = srcOffset + ((y0 + ky) * inW + x0) * inC;
          for (let t = 0; t < rowLen; t++) dst[d++] = src[s++];
        }
      } else {
        for (let ky = 0; ky < kH; ky++) {
          const y = y0 + ky;
          for (let kx = 0; kx < kW; kx++) {
            const x = x0 + kx;
            if (y < 0 || y >= inH || x < 0 || x >= inW) {
              for (let ch = 0; ch < inC; ch++) dst[d++] = 0;
            } else {
              let s = srcOffset + (y * inW + x) * inC;
              for (let ch = 0; ch < inC; ch++) dst[d++] = src[s++];
            }
          }
        }
      }
    }
  }
  if (d !== dstOffset + outH * outW * K) throw new Error("im2col: internal size mismatch");
}

/** col2im, the adjoint of `im2col`: ADDS each patch row back onto the image positions it came from. */
export function col2im(cols: Float64Array, colsOffset: number, g: ConvGeometry, dst: Float64Array, dstOffset: number): void {
  const { inH, inW, inC, kH, kW, strideH, strideW, padTop, padLeft, outH, outW } = g;
  let c = colsOffset;
  for (let oy = 0; oy < outH; oy++) {
    const y0 = oy * strideH - padTop;
    for (let ox = 0; ox < outW; ox++) {
      const x0 = ox * strideW - padLeft;
      for (let ky = 0; ky < kH; ky++) {
        const y = y0 + ky;
        for (let kx = 0; kx < kW; kx++) {
          const x = x0 + kx;
          if (y < 0 || y >= inH || x < 0 || x >= inW) {
            c += inC;
          } else {
            let s = dstOffset + (y * inW + x) * inC;
            for (let ch = 0; ch < inC; ch++) dst[s++] += cols[c++];
          }
        }
      }
    }
  }
}

/**
 * Convolution (cross-correlation) of a batch: X is n × (inH·inW·inC) in HWC order, W is
 * filters × (kH·kW·inC) (row f = kernel f in (ky, kx, channel) order), b is 1 × filters or
 * undefined. Returns Z (n × outH·outW·filters, HWC) and the patches for the backward pass.
 *
 *   patches = im2col(X)            ((n·outH·outW) × (kH·kW·inC))
 *   Z       = patches · Wᵀ + b     ((n·outH·outW) × filters — the same numbers as n × outH·outW·filters)
 *
 * The product runs on the library's fast matrix kernels (`fast/`: blocked JavaScript or WebAssembly
 * SIMD), reading the patches and W in place — no allocation per pixel.
 */
export function conv2dForward(X: Matrix, W: Matrix, b: Matrix | undefined, g: ConvGeometry): { Z: Matrix; patches: Matrix } {
  const n = X.rows;
  const P = g.outH * g.outW;
  const K = g.kH * g.kW * g.inC;
  const F = W.rows;
  if (W.cols !== K) throw new Error(`conv2dForward: W must be ${F}×${K} (filters × kH·kW·inC), got ${W.rows}×${W.cols}.`);
  const inSize = g.inH * g.inW * g.inC;
  const cols = new Float64Array(n * P * K);
  for (let i = 0; i < n; i++) im2col(X.data, i * inSize, g, cols, i * P * K);
  const z = new Float64Array(n * P * F);
  const rowsTotal = n * P;
  // Z = patches · Wᵀ: patches(r, k) = cols[r·K + k], Wᵀ(k, f) = W[f·K + k]; on the library's fast kernels.
  gemm(convBackend(), rowsTotal, F, K, cols, K, 1, W.data, 1, K, z);
  if (b !== undefined) {
    const bd = b.data;
    for (let r = 0, o = 0; r < rowsTotal; r++) for (let f = 0; f < F; f++) z[o++] += bd[f];
  }
  return { Z: new Matrix(n, P * F, z), patches: new Matrix(rowsTotal, K, cols) };
}

/**
 * Backward pass of `conv2dForward`, given dZ = ∂E/∂Z (n × outH·outW·filters):
 *
 *   dZ'      = dZ seen as (n·outH·outW) × filters
 *   dW       = dZ'ᵀ · patches          (filters × kH·kW·inC; summed over samples and positions)
 *   db       = column sums of dZ'      (1 × filters)
 *   dPatches = dZ' · W                 ((n·outH·outW) × kH·kW·inC)
 *   dX       = col2im(dPatches)        (n × inH·inW·inC: every patch entry added back where it came from)
 *
 * The three products run on the library's fast matrix kernels, reading dZ, the patches and W in
 * place (no transposed copies). `needInput: false` skips dX (returned as undefined).
 */
export function conv2dBackward(
  dZ: Matrix,
  patches: Matrix,
  W: Matrix,
  g: ConvGeometry,
  needInput = true,
): { dX: Matrix | undefined; dW: Matrix; db: Matrix } {
  const n = dZ.rows;
  const P = g.outH * g.outW;
  const F = W.rows;
  const K = W.cols;
  const dz = dZ.data;
  const rowsTotal = n * P;
  const backend = convBackend();
  // dW = dZ'ᵀ · patches: dZ'ᵀ(f, r) = dz[r·F + f], patches(r, k) = p[r·K + k].
  const dW = new Matrix(F, K);
  gemm(backend, F, K, rowsTotal, dz, 1, F, patches.data, K, 1, dW.data);
  const db = new Matrix(1, F);
  const dbd = db.data;
  for (let r = 0, o = 0; r < rowsTotal; r++) for (let f = 0; f < F; f++) dbd[f] += dz[o++];
  let dX: Matrix | undefined;
  if (needInput) {
    // dPatches = dZ' · W, then every patch row is added back where it came from (col2im).
    const dPatches = new Float64Array(rowsTotal * K);
    gemm(backend, rowsTotal, K, F, dz, F, 1, W.data, K, 1, dPatches);
    const inSize = g.inH * g.inW * g.inC;
    dX = new Matrix(n, inSize);
    for (let i = 0; i < n; i++) col2im(dPatches, i * P * K, g, dX.data, i * inSize);
  }
  return { dX, dW, db };
}

/** `"max"` or `"average"` pooling. */
export type PoolMode = "max" | "average";

/**
 * Pooling of a batch (HWC rows), channel by channel: the max (or mean) of every window. Padded
 * positions are ignored (never the max; not counted in the mean, as Keras does). For max pooling
 * `argmax` gets, per output number, the input index (within the sample) of the max, for backward.
 */
export function pool2dForward(X: Matrix, g: ConvGeometry, mode: PoolMode, argmax?: Int32Array): Matrix {
  const { inH, inW, inC, kH, kW, strideH, strideW, padTop, padLeft, outH, outW } = g;
  const n = X.rows;
  const inSize = inH * inW * inC;
  const outSize = outH * outW * inC;
  const Y = new Matrix(n, outSize);
  const x = X.data, y = Y.data;
  for (let i = 0; i < n; i++) {
    const xo = i * inSize;
    let o = i * outSize;
    for (let oy = 0; oy < outH; oy++) {
      const yStart = Math.max(oy * strideH - padTop, 0), yEnd = Math.min(oy * strideH - padTop + kH, inH);
      for (let ox = 0; ox < outW; ox++) {
        const xStart = Math.max(ox * strideW - padLeft, 0), xEnd = Math.min(ox * strideW - padLeft + kW, inW);
        for (let ch = 0; ch < inC; ch++, o++) {
          if (mode === "max") {
            let best = -Infinity, bestK = -1;
            for (let yy = yStart; yy < yEnd; yy++) {
              for (let xx = xStart; xx < xEnd; xx++) {
                const k = (yy * inW + xx) * inC + ch;
                const v = x[xo + k];
                if (v > best || bestK < 0) { best = v; bestK = k; }
              }
            }
            y[o] = best;
            if (argmax) argmax[o] = bestK;
          } else {
            let s = 0;
            for (let yy = yStart; yy < yEnd; yy++) for (let xx = xStart; xx < xEnd; xx++) s += x[xo + (yy * inW + xx) * inC + ch];
            y[o] = s / ((yEnd - yStart) * (xEnd - xStart));
          }
        }
      }
    }
  }
  return Y;
}

/**
 * Backward pass of pooling: max pooling sends each dY entry to the position of its window's max
 * (the other positions get 0); average pooling spreads it evenly over the window's positions.
 */
export function pool2dBackward(dY: Matrix, g: ConvGeometry, mode: PoolMode, argmax?: Int32Array): Matrix {
  const { inH, inW, inC, kH, kW, strideH, strideW, padTop, padLeft, outH, outW } = g;
  const n = dY.rows;
  const inSize = inH * inW * inC;
  const outSize = outH * outW * inC;
  const dX = new Matrix(n, inSize);
  const dx = dX.data, dy = dY.data;
  for (let i = 0; i < n; i++) {
    const xo = i * inSize;
    if (mode === "max") {
      const am = argmax as Int32Array;
      for (let o = i * outSize; o < (i + 1) * outSize; o++) dx[xo + am[o]] += dy[o];
      continue;
    }
    let o = i * outSize;
    for (let oy = 0; oy < outH; oy++) {
      const yStart = Math.max(oy * strideH - padTop, 0), yEnd = Math.min(oy * strideH - padTop + kH, inH);
      for (let ox = 0; ox < outW; ox++) {
        const xStart = Math.max(ox * strideW - padLeft, 0), xEnd = Math.min(ox * strideW - padLeft + kW, inW);
        const share = 1 / ((yEnd - yStart) * (xEnd - xStart));
        for (let ch = 0; ch < inC; ch++, o++) {
          const v = dy[o] * share;
          for (let yy = yStart; yy < yEnd; yy++) for (let xx = xStart; xx < xEnd; xx++) dx[xo + (yy * inW + xx) * inC + ch] += v;
        }
      }
    }
  }
  return dX;
}

// ─── greyscale pictures ──────────────────────────────────────────────────────────────────────

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
 * convolve2d(digit, KERNELS.laplacian, { padding: "same" });          // same size as the digit
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
