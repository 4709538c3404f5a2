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
import { matmul, matmulNT, matmulTN } from "./backend";
import { Matrix } from "../core/matrix";
import { describeGot } from "../core/errors";

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
      `${who}: ${what} must be ${min === 0 ? "a whole number ≥ 0" : "a positive integer"}, got ${describeGot(v)}.` +
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
 * The product runs on the kernels chosen by `setBackend` (kernels/backend.ts), like `Dense`'s.
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
  const rowsTotal = n * P;
  const patches = new Matrix(rowsTotal, K, cols);
  // Z = patches · Wᵀ ((n·P) × F), the same numbers as n × P·F in HWC order.
  const z = matmulNT(patches, W).data;
  if (b !== undefined) {
    const bd = b.data;
    for (let r = 0, o = 0; r < rowsTotal; r++) for (let f = 0; f < F; f++) z[o++] += bd[f];
  }
  return { Z: new Matrix(n, P * F, z), patches };
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
 * The products run on the kernels chosen by `setBackend`. `needInput: false` skips dX (returned
 * as undefined).
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
  const dZr = new Matrix(rowsTotal, F, dz); // dZ' (the same numbers)
  const dW = matmulTN(dZr, patches);
  const db = new Matrix(1, F);
  const dbd = db.data;
  for (let r = 0, o = 0; r < rowsTotal; r++) for (let f = 0; f < F; f++) dbd[f] += dz[o++];
  let dX: Matrix | undefined;
  if (needInput) {
    // dPatches = dZ' · W, then every patch row is added back where it came from (col2im).
    const dPatches = matmul(dZr, W).data;
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
