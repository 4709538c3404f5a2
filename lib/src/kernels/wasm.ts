/**
 * The WebAssembly SIMD kernels (lib/src/kernels/kernels.wat, built to lib/dist/kernels/kernels.wasm
 * by `npm run build`): loading the module and calling it on Float64Arrays. It holds the matrix
 * product (`gemm`) and the optimizers' RMSprop and Adam updates (two square roots and divisions per
 * SIMD instruction; with the copies in and out about 30 % quicker than the JavaScript loops).
 *
 * The kernels work on the module's own memory, so every call copies its arrays in and out
 * (`Float64Array.set`, a memcpy); that costs a few percent at the sizes of the course.
 */
import { platform } from "../platform";

type RmspropExport = (w: number, g: number, a: number, pairs: number, eta: number, rho: number, c: number, eps: number) => void;
type AdamExport = (
  w: number, g: number, m: number, v: number, pairs: number,
  alpha: number, b1: number, c1: number, b2: number, c2: number, eps: number,
) => void;

type GemmExport = (
  mb: number, nb: number, K: number,
  a: number, ars: number, aks: number,
  b: number, bks: number, bjs: number,
  c: number, ldc: number, bp: number,
) => void;

/** The memory's limit in 64 KiB pages (1 GiB); kernels.wat declares the same. */
const MAX_PAGES = 16384;

/** The loaded module (the product and the optimizer updates) and its memory. */
export class WasmKernels {
  private readonly memory: WebAssembly.Memory;
  private readonly kernel: GemmExport;
  private readonly rmspropKernel: RmspropExport;
  private readonly adamKernel: AdamExport;
  private view: Float64Array;

  /** @param bytes the compiled module (kernels.wasm) */
  constructor(bytes: Uint8Array) {
    const module = new WebAssembly.Module(bytes);
    this.memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES });
    const instance = new WebAssembly.Instance(module, { env: { memory: this.memory } });
    this.kernel = instance.exports.gemm as GemmExport;
    this.rmspropKernel = instance.exports.rmsprop as RmspropExport;
    this.adamKernel = instance.exports.adam as AdamExport;
    this.view = new Float64Array(this.memory.buffer);
  }

  /**
   * C (m × n, row-major, overwritten) = A·B with A(i, k) = a[i·ars + k·aks] and
   * B(k, j) = b[k·bks + j·bjs] (strides in elements) — the same contract as `gemmStrided`.
   *
   * Memory layout, in elements: the packed panel of B (4·K numbers), then A, B and C. The kernel
   * covers whole 4 × 4 blocks, so the padded rows and columns read past the end of A and B (room
   * is left; their results are dropped). Pointers and strides go to wasm in bytes.
   */
  gemm(
    m: number, n: number, K: number,
    a: Float64Array, ars: number, aks: number,
    b: Float64Array, bks: number, bjs: number,
    c: Float64Array,
  ): void {
    if (m === 0 || n === 0) return;
    if (K === 0) {
      c.fill(0, 0, m * n);
      return;
    }
    const mb = Math.ceil(m / 4), nb = Math.ceil(n / 4), ldc = nb * 4;
    const pad = 4 * (K + m + n) + 16;
    const offA = 4 * K, offB = offA + a.length + pad, offC = offB + b.length + pad;
    this.ensure(offC + mb * 4 * ldc);
    const v = this.view;
    v.set(a, offA);
    v.set(b, offB);
    this.kernel(mb, nb, K, 8 * offA, 8 * ars, 8 * aks, 8 * offB, 8 * bks, 8 * bjs, 8 * offC, 8 * ldc, 0);
    if (ldc === n) c.set(v.subarray(offC, offC + m * n));
    else if (n >= 64) for (let i = 0; i < m; i++) c.set(v.subarray(offC + i * ldc, offC + i * ldc + n), i * n);
    else {
      // Narrow C (e.g. a 10-unit output layer): a plain loop beats one subarray object per row.
      for (let i = 0, q = 0, s = offC; i < m; i++, s += ldc) for (let j = 0; j < n; j++, q++) c[q] = v[s + j];
    }
  }

  /**
   * RMSprop's update of one parameter, in place (see `rmspropUpdate` in kernels/updates.ts):
   * a ← ρ·a + ((1 − ρ)·g)·g, w ← w − (η·g)/√(a + ε), two entries per SIMD operation.
   */
  rmsprop(w: Float64Array, g: Float64Array, a: Float64Array, eta: number, rho: number, eps: number): void {
    const n = w.length, stride = n + (n & 1) + 2; // 16-byte aligned arrays, room for an odd last lane
    this.ensure(3 * stride);
    const v = this.view;
    v.set(w, 0);
    v.set(g, stride);
    v.set(a, 2 * stride);
    this.rmspropKernel(0, 8 * stride, 16 * stride, (n + 1) >> 1, eta, rho, 1 - rho, eps);
    w.set(v.subarray(0, n));
    a.set(v.subarray(2 * stride, 2 * stride + n));
  }

  /**
   * Adam's update of one parameter, in place (see `adamUpdate` in kernels/updates.ts): m ← β₁·m + (1 − β₁)·g,
   * v ← β₂·v + ((1 − β₂)·g)·g, w ← w − (α·m)/(√v + ε), two entries per SIMD operation.
   */
  adam(w: Float64Array, g: Float64Array, m: Float64Array, vv: Float64Array, alpha: number, b1: number, b2: number, eps: number): void {
    const n = w.length, stride = n + (n & 1) + 2;
    this.ensure(4 * stride);
    const v = this.view;
    v.set(w, 0);
    v.set(g, stride);
    v.set(m, 2 * stride);
    v.set(vv, 3 * stride);
    this.adamKernel(0, 8 * stride, 16 * stride, 24 * stride, (n + 1) >> 1, alpha, b1, 1 - b1, b2, 1 - b2, eps);
    w.set(v.subarray(0, n));
    m.set(v.subarray(2 * stride, 2 * stride + n));
    vv.set(v.subarray(3 * stride, 3 * stride + n));
  }

  /** Grows the memory to hold `elements` Float64 numbers. */
  private ensure(elements: number): void {
    const bytes = elements * 8;
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / 65536));
    if (this.view.buffer !== this.memory.buffer) this.view = new Float64Array(this.memory.buffer);
  }
}

let loaded: WasmKernels | null | undefined;

/**
 * The module from lib/dist/kernels/kernels.wasm (next to the compiled module, or from lib/src via
 * ../../dist), or null when it has not been built or this Node cannot run WebAssembly SIMD.
 */
export function wasmKernels(): WasmKernels | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  const bytes = platform().wasmKernel();
  if (bytes === undefined) return loaded;
  try {
    loaded = new WasmKernels(bytes);
  } catch {
    loaded = null;
  }
  return loaded;
}

/** Uses the module compiled from `bytes` (the tests compile kernels.wat in memory). */
export function setWasmModule(bytes: Uint8Array): WasmKernels {
  loaded = new WasmKernels(bytes);
  return loaded;
}
