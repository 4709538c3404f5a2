/**
 * The WebAssembly SIMD kernel (lib/src/kernels/matmul.wat, built to lib/dist/kernels/matmul.wasm by
 * `npm run build`): loading it and calling it on Float64Arrays.
 *
 * The kernel works on the module's own memory, so every call copies A and B in and C out
 * (`Float64Array.set`, a memcpy); that costs a few percent at the sizes of the course.
 */
import { existsSync, readFileSync } from "fs";
import { join } from "path";

type GemmExport = (
  mb: number, nb: number, K: number,
  a: number, ars: number, aks: number,
  b: number, bks: number, bjs: number,
  c: number, ldc: number, bp: number,
) => void;

/** The memory's limit in 64 KiB pages (1 GiB); matmul.wat declares the same. */
const MAX_PAGES = 16384;

/** The loaded kernel and its memory. */
export class WasmGemm {
  private readonly memory: WebAssembly.Memory;
  private readonly kernel: GemmExport;
  private view: Float64Array;

  /** @param bytes the compiled module (matmul.wasm) */
  constructor(bytes: Uint8Array) {
    const module = new WebAssembly.Module(bytes);
    this.memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES });
    const instance = new WebAssembly.Instance(module, { env: { memory: this.memory } });
    this.kernel = instance.exports.gemm as GemmExport;
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

  /** Grows the memory to hold `elements` Float64 numbers. */
  private ensure(elements: number): void {
    const bytes = elements * 8;
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / 65536));
    if (this.view.buffer !== this.memory.buffer) this.view = new Float64Array(this.memory.buffer);
  }
}

let loaded: WasmGemm | null | undefined;

/**
 * The kernel from lib/dist/kernels/matmul.wasm (next to the compiled module, or from lib/src via
 * ../../dist), or null when it has not been built or this Node cannot run WebAssembly SIMD.
 */
export function wasmGemm(): WasmGemm | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  for (const path of [join(__dirname, "matmul.wasm"), join(__dirname, "..", "..", "dist", "kernels", "matmul.wasm")]) {
    if (!existsSync(path)) continue;
    try {
      loaded = new WasmGemm(readFileSync(path));
    } catch {
      loaded = null;
    }
    break;
  }
  return loaded;
}

/** Uses the module compiled from `bytes` (the tests compile matmul.wat in memory). */
export function setWasmModule(bytes: Uint8Array): WasmGemm {
  loaded = new WasmGemm(bytes);
  return loaded;
}
