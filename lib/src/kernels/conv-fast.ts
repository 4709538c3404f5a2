/**
 * Convolution and max pooling for the `"fast"` and `"wasm"` backends: the same numbers as the
 * readable kernels of `conv.ts` (which the `"reference"` backend runs), with less memory traffic.
 *
 * At the course's sizes a CNN does little arithmetic (notebook 06's net: ≈ 1 MFLOP per sample and
 * step) and the time goes to moving numbers: `conv2dForward` builds the patches of the whole batch
 * (n·P × K, P = outH·outW output positions, K = kH·kW·inC) in a new array, multiplies, then adds the
 * bias and applies the activation in further passes over new matrices. Here:
 *
 * - the batch is cut into CHUNKS of a few images (`chunkImages`), so that a chunk's patches are still
 *   in the CPU cache when the product reads them, and Z is finished (bias, ReLU) right after its
 *   product, chunk by chunk;
 * - everything that stays inside the layer — patches, dZ, dPatches, a chunk's dW — lives in
 *   `Scratch` buffers the layer keeps and reuses from batch to batch; only what is handed to the
 *   caller (Y, dX) is a new matrix each call, so a result is never overwritten later;
 * - the products run on the backend's kernels through `gemm` (kernels/backend.ts), strided, so no
 *   transposed copies are made;
 * - the element-wise loops have no data-dependent branches (ReLU, its mask, the max of a 2 × 2
 *   window): whether a number is positive is a coin toss the CPU cannot predict, and a mispredicted
 *   branch costs several times the arithmetic.
 *
 * Forward, for each chunk c of images (its rows r of Z are that chunk's output positions):
 *
 *   cols_c = im2col(X_c)                         (c·P × K; kept for backward when training)
 *   Z_c    = cols_c · Wᵀ + b                     (c·P × F, written straight into Y)
 *   Y_c    = relu(Z_c)  (or Z_c for "linear")
 *
 * Backward, for each chunk (cols_c as kept, or im2col again from X after an inference forward):
 *
 *   dZ_c  = dY_c ⊙ [Y_c > 0]  (relu; dY_c itself for "linear"), and db += its column sums
 *   dW   += (cols_cᵀ · dZ_c)ᵀ                    (K × F product, added to the F × K dW)
 *   dX_c  = col2im(dZ_c · W)                     (skipped with needInput = false)
 *
 * The sums are those of `conv2dForward`/`conv2dBackward`, grouped differently (dW is summed chunk
 * by chunk): the tests require agreement within 1e-12 relative (test/conv-fast.test.ts). Only
 * non-finite numbers are treated differently: a NaN or −∞ pre-activation gives NaN where the
 * reference's ReLU gives 0, and a NaN inside a 2 × 2 pooling window may change which entry wins —
 * by then the weights or inputs have overflowed anyway.
 */
import { Matrix } from "../core/matrix";
import { FusedActivation, reluNoBranch } from "./activation";
import { BackendName, gemm } from "./backend";
import { ConvGeometry, im2col } from "./conv";

/** Numbers of patches per chunk to aim for: 32,768 Float64 = 256 KiB, about an L2 cache. */
export const CHUNK_NUMBERS = 32768;

/** Images per chunk for this geometry: as many as fit `CHUNK_NUMBERS` patch numbers, at least one. */
export function chunkImages(g: ConvGeometry): number {
  const perImage = g.outH * g.outW * g.kH * g.kW * g.inC;
  return Math.max(1, Math.floor(CHUNK_NUMBERS / perImage));
}

/**
 * Named Float64 buffers a layer reuses from call to call (grown when a batch needs more).
 * `get(name, size)` returns a view of exactly `size` numbers; its contents are whatever the last
 * user left there.
 */
export class Scratch {
  private readonly buffers = new Map<string, Float64Array>();

  /** A view of `size` numbers of the buffer `name`. */
  get(name: string, size: number): Float64Array {
    let b = this.buffers.get(name);
    if (b === undefined || b.length < size) {
      b = new Float64Array(Math.max(size, b === undefined ? 0 : Math.ceil(b.length * 1.5)));
      this.buffers.set(name, b);
    }
    return b.length === size ? b : b.subarray(0, size);
  }
}

/** True when no window reaches into padding (then the loops below need no bounds checks). */
function unpadded(g: ConvGeometry): boolean {
  return g.padTop === 0 && g.padBottom === 0 && g.padLeft === 0 && g.padRight === 0;
}

/**
 * The patches of images [i0, i0 + count) of X into `dst` (count·P × K), as `im2col`. Without
 * padding the loops run window row by window row — for output row oy and kernel row ky, the kW·inC
 * numbers under each window are one contiguous run of input row oy·s + ky — with no bounds checks.
 */
function patchesOf(X: Matrix, g: ConvGeometry, i0: number, count: number, dst: Float64Array): void {
  const { inW, inC, kH, kW, strideH, strideW, outH, outW } = g;
  const inSize = g.inH * inW * inC;
  const K = kH * kW * inC;
  const PK = outH * outW * K;
  const src = X.data;
  if (!unpadded(g)) {
    for (let i = 0; i < count; i++) im2col(src, (i0 + i) * inSize, g, dst, i * PK);
    return;
  }
  const run = kW * inC, rowStride = inW * inC, step = strideW * inC;
  for (let i = 0; i < count; i++) {
    const so = (i0 + i) * inSize, d0 = i * PK;
    for (let oy = 0; oy < outH; oy++) {
      for (let ky = 0; ky < kH; ky++) {
        let s = so + (oy * strideH + ky) * rowStride;
        let d = d0 + oy * outW * K + ky * run;
        if (run === 3) {
          // 3 × 3 kernels on one channel (every greyscale CNN's first layer): the run written out
          for (let ox = 0; ox < outW; ox++, s += step, d += K) {
            dst[d] = src[s];
            dst[d + 1] = src[s + 1];
            dst[d + 2] = src[s + 2];
          }
        } else {
          for (let ox = 0; ox < outW; ox++, s += step, d += K) {
            let t = 0;
            for (; t + 4 <= run; t += 4) { // 4 at a time: the loop's own work is a good part of a copy
              dst[d + t] = src[s + t];
              dst[d + t + 1] = src[s + t + 1];
              dst[d + t + 2] = src[s + t + 2];
              dst[d + t + 3] = src[s + t + 3];
            }
            for (; t < run; t++) dst[d + t] = src[s + t];
          }
        }
      }
    }
  }
}

/**
 * col2im for images [i0, i0 + count): adds every patch row of `cols` (count·P rows of K numbers,
 * `ld` apart) back onto the pixels it came from in `dst` (n × inH·inW·inC), as `col2im`.
 */
function addPatchesBack(cols: Float64Array, ld: number, g: ConvGeometry, i0: number, count: number, dst: Float64Array): void {
  const { inH, inW, inC, kH, kW, strideH, strideW, padTop, padLeft, outH, outW } = g;
  const inSize = inH * inW * inC;
  const P = outH * outW;
  const run = kW * inC, rowStride = inW * inC, step = strideW * inC;
  if (unpadded(g)) {
    // Window row by window row: for output row oy and kernel row ky, a run of kW·inC pixels per window.
    for (let i = 0; i < count; i++) {
      const xo = (i0 + i) * inSize, c0 = i * P * ld;
      for (let oy = 0; oy < outH; oy++) {
        for (let ky = 0; ky < kH; ky++) {
          let s = xo + (oy * strideH + ky) * rowStride;
          let q = c0 + oy * outW * ld + ky * run;
          for (let ox = 0; ox < outW; ox++, s += step, q += ld) {
            let t = 0;
            for (; t + 4 <= run; t += 4) {
              dst[s + t] += cols[q + t];
              dst[s + t + 1] += cols[q + t + 1];
              dst[s + t + 2] += cols[q + t + 2];
              dst[s + t + 3] += cols[q + t + 3];
            }
            for (; t < run; t++) dst[s + t] += cols[q + t];
          }
        }
      }
    }
    return;
  }
  // With padding: entry by entry, skipping the window positions outside the image (as col2im).
  for (let i = 0; i < count; i++) {
    const xo = (i0 + i) * inSize;
    for (let oy = 0, r = i * P; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++, r++) {
        let c = r * ld;
        for (let ky = 0; ky < kH; ky++) {
          const y = oy * strideH - padTop + ky;
          for (let kx = 0; kx < kW; kx++, c += inC) {
            const x = ox * strideW - padLeft + kx;
            if (y < 0 || y >= inH || x < 0 || x >= inW) continue;
            const d = xo + (y * inW + x) * inC;
            for (let ch = 0; ch < inC; ch++) dst[d + ch] += cols[c + ch];
          }
        }
      }
    }
  }
}

/**
 * The number of columns to give a product's result on `backend`: the wasm kernel computes whole
 * 4 × 4 blocks and hands back rows of a multiple of 4 in one copy, but a narrower result row by
 * row (a view per row: slow for the tens of thousands of rows of a conv layer), so there the
 * result gets zero columns up to a multiple of 4 (from zero rows or columns added to W).
 */
function paddedWidth(backend: BackendName, n: number): number {
  return backend === "wasm" ? Math.ceil(n / 4) * 4 : n;
}

/**
 * z (rows × F) += b, then ReLU, in place, with `reluNoBranch` (kernels/activation.ts): the sign of v
 * is a coin toss the CPU cannot predict, so ReLU has no branch here. For every finite v it is
 * exactly `v > 0 ? v : 0`; NaN and −∞ give NaN where the reference gives 0 (no clean-up pass here).
 */
function finish(z: Float64Array, rows: number, F: number, bias: Float64Array | undefined, relu: boolean): void {
  if (bias !== undefined && relu && F % 4 === 0) {
    // 4 filters at a time (8 and 16 in notebook 06): the same arithmetic, less loop overhead
    for (let r = 0, q = 0; r < rows; r++) {
      for (let f = 0; f < F; f += 4, q += 4) {
        z[q] = reluNoBranch(z[q] + bias[f]);
        z[q + 1] = reluNoBranch(z[q + 1] + bias[f + 1]);
        z[q + 2] = reluNoBranch(z[q + 2] + bias[f + 2]);
        z[q + 3] = reluNoBranch(z[q + 3] + bias[f + 3]);
      }
    }
  } else if (bias !== undefined && relu) {
    for (let r = 0, q = 0; r < rows; r++) {
      for (let f = 0; f < F; f++, q++) z[q] = reluNoBranch(z[q] + bias[f]);
    }
  } else if (bias !== undefined) {
    for (let r = 0, q = 0; r < rows; r++) for (let f = 0; f < F; f++, q++) z[q] += bias[f];
  } else if (relu) {
    for (let q = 0; q < rows * F; q++) z[q] = reluNoBranch(z[q]);
  }
}

/**
 * Forward pass (see the module comment): Y = act(conv(X, W) + b), a new n × (outH·outW·F) matrix
 * in HWC order. With `keepPatches` (training) the patches of the whole batch are kept in
 * `scratch` ("patches") for `conv2dBackwardFast`; otherwise only one chunk's worth of memory is used.
 */
export function conv2dForwardFast(
  X: Matrix,
  W: Matrix,
  b: Matrix | undefined,
  g: ConvGeometry,
  act: FusedActivation,
  backend: BackendName,
  scratch: Scratch,
  keepPatches: boolean,
): Matrix {
  const n = X.rows;
  const P = g.outH * g.outW;
  const K = g.kH * g.kW * g.inC;
  const F = W.rows;
  if (W.cols !== K) throw new Error(`conv2dForwardFast: W must be ${F}×${K} (filters × kH·kW·inC), got ${W.rows}×${W.cols}.`);
  const Y = new Matrix(n, P * F);
  const y = Y.data, w = W.data;
  const bias = b === undefined ? undefined : b.data;
  const relu = act === "relu";
  const F4 = paddedWidth(backend, F);
  let w4: Float64Array | undefined;
  if (F4 !== F) {
    w4 = scratch.get("W4", F4 * K);
    w4.fill(0);
    w4.set(w);
  }
  const step = chunkImages(g);
  const all = keepPatches ? scratch.get("patches", n * P * K) : undefined;
  for (let i0 = 0; i0 < n; i0 += step) {
    const count = Math.min(step, n - i0);
    const rows = count * P;
    const cols = all !== undefined ? all.subarray(i0 * P * K, (i0 + count) * P * K) : scratch.get("chunk", rows * K);
    patchesOf(X, g, i0, count, cols);
    const z = y.subarray(i0 * P * F, (i0 + count) * P * F);
    if (F4 === F) gemm(backend, rows, F, K, cols, K, 1, w, 1, K, z); // Z_c = cols_c · Wᵀ
    else {
      // Z_c with F4 columns (W4 = W and zero rows), then its first F columns into Y.
      const z4 = scratch.get("z4", rows * F4);
      gemm(backend, rows, F4, K, cols, K, 1, w4 as Float64Array, 1, K, z4);
      for (let r = 0, q = 0, p = 0; r < rows; r++, p += F4 - F) for (let f = 0; f < F; f++, q++, p++) z[q] = z4[p];
    }
    finish(z, rows, F, bias, relu);
  }
  return Y;
}

/**
 * Backward pass of `conv2dForwardFast` (see the module comment), given dY = ∂E/∂Y of the last
 * forward of X (Y its output, needed for ReLU's mask). Writes dW (F × K numbers) and db (F) into
 * the given arrays, overwriting them, and returns dX (a new n × inH·inW·inC matrix), or undefined
 * with `needInput = false`. `patchesKept`: the forward ran with `keepPatches`.
 */
export function conv2dBackwardFast(
  dY: Matrix,
  X: Matrix,
  Y: Matrix,
  W: Matrix,
  g: ConvGeometry,
  act: FusedActivation,
  backend: BackendName,
  scratch: Scratch,
  patchesKept: boolean,
  dW: Float64Array,
  db: Float64Array | undefined,
  needInput = true,
): Matrix | undefined {
  const n = X.rows;
  const P = g.outH * g.outW;
  const K = g.kH * g.kW * g.inC;
  const F = W.rows;
  const dy = dY.data, y = Y.data, w = W.data;
  const relu = act === "relu";
  // dPatches get K4 columns (W with zero columns) when the wasm kernel wants a multiple of 4.
  const K4 = paddedWidth(backend, K);
  let wk = w;
  if (needInput && K4 !== K) {
    wk = scratch.get("Wk", F * K4);
    wk.fill(0);
    for (let f = 0; f < F; f++) wk.set(w.subarray(f * K, (f + 1) * K), f * K4);
  }
  const dX = needInput ? new Matrix(n, g.inH * g.inW * g.inC) : undefined;
  const step = chunkImages(g);
  const all = patchesKept ? scratch.get("patches", n * P * K) : undefined;
  dW.fill(0);
  if (db !== undefined) db.fill(0);
  for (let i0 = 0; i0 < n; i0 += step) {
    const count = Math.min(step, n - i0);
    const rows = count * P;
    const lo = i0 * P * F, hi = (i0 + count) * P * F;
    // dZ_c = dY_c ⊙ f′(Z_c): for ReLU, f′ = 1 where the output is positive (z > 0 ⇔ relu(z) > 0).
    // dZ_c and db in one pass over dY_c and Y_c.
    let dz: Float64Array;
    if (relu) {
      dz = scratch.get("dz", rows * F);
      if (db !== undefined && F % 4 === 0) {
        for (let r = 0, q = 0, s = lo; r < rows; r++) {
          for (let f = 0; f < F; f += 4, q += 4, s += 4) {
            const v0 = dy[s] * +(y[s] > 0), v1 = dy[s + 1] * +(y[s + 1] > 0), v2 = dy[s + 2] * +(y[s + 2] > 0), v3 = dy[s + 3] * +(y[s + 3] > 0);
            dz[q] = v0;
            dz[q + 1] = v1;
            dz[q + 2] = v2;
            dz[q + 3] = v3;
            db[f] += v0;
            db[f + 1] += v1;
            db[f + 2] += v2;
            db[f + 3] += v3;
          }
        }
      } else if (db !== undefined) {
        for (let r = 0, q = 0, s = lo; r < rows; r++) {
          for (let f = 0; f < F; f++, q++, s++) {
            const v = dy[s] * +(y[s] > 0); // branch-free, as in `finish`
            dz[q] = v;
            db[f] += v;
          }
        }
      } else {
        for (let q = 0, s = lo; s < hi; q++, s++) dz[q] = dy[s] * +(y[s] > 0);
      }
    } else {
      dz = dy.subarray(lo, hi);
      if (db !== undefined) for (let r = 0, q = 0; r < rows; r++) for (let f = 0; f < F; f++, q++) db[f] += dz[q];
    }
    let cols: Float64Array;
    if (all !== undefined) cols = all.subarray(i0 * P * K, (i0 + count) * P * K);
    else {
      cols = scratch.get("chunk", rows * K);
      patchesOf(X, g, i0, count, cols);
    }
    // dWᵀ_c = cols_cᵀ · dZ_c (K × F; this orientation packs the narrow dZ_c, which is faster than
    // dZ_cᵀ · cols_c), added to dW transposed: A(i, k) = cols[k·K + i], B(k, j) = dz[k·F + j].
    const part = scratch.get("dWt", K * F);
    gemm(backend, K, F, rows, cols, 1, K, dz, F, 1, part);
    for (let f = 0, q = 0; f < F; f++) for (let k = 0; k < K; k++, q++) dW[q] += part[k * F + f];
    if (dX !== undefined) {
      // dPatches_c = dZ_c · W, then every patch row is added back where it came from.
      const dcols = scratch.get("dcols", rows * K4);
      gemm(backend, rows, K4, F, dz, F, 1, wk, K4, 1, dcols);
      addPatchesBack(dcols, K4, g, i0, count, dX.data);
    }
  }
  return dX;
}

/**
 * Max pooling of a batch (HWC rows) with the argmax of every window: the same numbers and indices
 * as `pool2dForward(X, g, "max", argmax)` — the first largest entry of a window wins, padded
 * positions never count — computed pixel by pixel with the channels in the inner loop.
 *
 * 2 × 2 windows without padding (notebook 06's `MaxPool2D(2)`) are a tournament without branches —
 * the larger of the top pair, the larger of the bottom pair, the larger of those two, each choice
 * an index computed from [a > b] and the value loaded at that index — because which of four
 * numbers is largest is as unpredictable for the CPU as a sign. It picks the same entry as the
 * reference's scan for all inputs but NaN.
 */
export function maxPoolForwardFast(X: Matrix, g: ConvGeometry, argmax: Int32Array): Matrix {
  const { inH, inW, inC, kH, kW, strideH, strideW, padTop, padLeft, outH, outW } = g;
  const n = X.rows;
  const inSize = inH * inW * inC;
  const outSize = outH * outW * inC;
  if (argmax.length < n * outSize) throw new Error(`maxPoolForwardFast: argmax must hold ${n * outSize} indices, got ${argmax.length}.`);
  const Y = new Matrix(n, outSize);
  const x = X.data, y = Y.data;
  if (kH === 2 && kW === 2 && unpadded(g)) {
    const down = inW * inC; // from a pixel to the one below it
    for (let i = 0, o = 0; i < n; i++) {
      const xo = i * inSize;
      for (let oy = 0; oy < outH; oy++) {
        for (let ox = 0; ox < outW; ox++) {
          const k0 = (oy * strideH * inW + ox * strideW) * inC; // top-left pixel, channel 0, within the sample
          for (let ch = 0; ch < inC; ch++, o++) {
            const top = xo + k0 + ch, bottom = top + down;
            const s01 = +(x[top + inC] > x[top]);          // top pair: left (0) or right (1)
            const s23 = +(x[bottom + inC] > x[bottom]);    // bottom pair
            const a = top + s01 * inC, b = bottom + s23 * inC;
            const t = +(x[b] > x[a]);                      // bottom wins only when strictly larger
            const at = a + t * (b - a);
            y[o] = x[at];
            argmax[o] = at - xo;
          }
        }
      }
    }
    return Y;
  }
  for (let i = 0; i < n; i++) {
    const xo = i * inSize;
    let o = i * outSize;
    for (let oy = 0; oy < outH; oy++) {
      const y0 = Math.max(oy * strideH - padTop, 0), y1 = Math.min(oy * strideH - padTop + kH, inH);
      for (let ox = 0; ox < outW; ox++, o += inC) {
        const x0 = Math.max(ox * strideW - padLeft, 0), x1 = Math.min(ox * strideW - padLeft + kW, inW);
        // The window's first pixel starts every channel's max; the others replace it when strictly larger.
        const first = (y0 * inW + x0) * inC;
        for (let ch = 0; ch < inC; ch++) {
          y[o + ch] = x[xo + first + ch];
          argmax[o + ch] = first + ch;
        }
        for (let yy = y0; yy < y1; yy++) {
          for (let xx = yy === y0 ? x0 + 1 : x0; xx < x1; xx++) {
            const k = (yy * inW + xx) * inC;
            for (let ch = 0; ch < inC; ch++) {
              const v = x[xo + k + ch];
              if (v > y[o + ch]) {
                y[o + ch] = v;
                argmax[o + ch] = k + ch;
              }
            }
          }
        }
      }
    }
  }
  return Y;
}
