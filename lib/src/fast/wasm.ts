/**
 * The WebAssembly SIMD kernel (lib/src/fast/matmul.wat, built to lib/dist/fast/matmul.wasm by
 * `npm run build`): loading it and calling it on Float64Arrays.
 *
 * The kernel works on a shared WebAssembly memory, so every call copies A and B in and C out
 * (`Float64Array.set`, a memcpy); that costs a few percent at the sizes of the course. Products of
 * at least `THREAD_MIN_WORK` multiply-adds are split by column blocks over worker threads
 * (lib/src/fast/threads.ts, `setThreads`), with bit-for-bit the same result.
 */
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { GemmArgs, GemmKernel, GemmPool, getThreads, splitBlocks } from "./threads";

type GemmExport = (...args: GemmArgs) => void;

/** Products smaller than this (m·n·k multiply-adds) stay on one thread: waking workers costs more. */
export const THREAD_MIN_WORK = 1 << 22;
/** The shared memory's limit in 64 KiB pages (1 GiB); matmul.wat declares the same. */
const MAX_PAGES = 16384;

/** The loaded kernel and its memory. */
export class WasmGemm {
  private readonly module: WebAssembly.Module;
  private readonly memory: WebAssembly.Memory;
  private readonly kernels: [GemmExport, GemmExport];
  private view: Float64Array;
  private view32: Float32Array;
  private pool: GemmPool | undefined;
  private poolDisabled = false;

  /** @param bytes the compiled module (matmul.wasm) */
  constructor(bytes: Uint8Array) {
    this.module = new WebAssembly.Module(bytes);
    this.memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    const instance = new WebAssembly.Instance(this.module, { env: { memory: this.memory } });
    this.kernels = [instance.exports.gemm as GemmExport, instance.exports.gemm_f32 as GemmExport];
    this.view = new Float64Array(this.memory.buffer);
    this.view32 = new Float32Array(this.memory.buffer);
  }

  /**
   * C (m × n, row-major, overwritten) = A·B with A(i, k) = a[i·ars + k·aks] and
   * B(k, j) = b[k·bks + j·bjs] (strides in elements) — the same contract as `gemmStrided`.
   * `threads` (default `getThreads()`) only changes the speed.
   */
  gemm(
    m: number, n: number, K: number,
    a: Float64Array, ars: number, aks: number,
    b: Float64Array, bks: number, bjs: number,
    c: Float64Array,
    threads = getThreads(),
  ): void {
    if (m === 0 || n === 0) return;
    if (K === 0) {
      c.fill(0, 0, m * n);
      return;
    }
    const mb = Math.ceil(m / 4), nb = Math.ceil(n / 4), ldc = nb * 4;
    const ranges = this.ranges(m, n, K, nb, threads);
    // One panel (4 columns of B, 4·K numbers) per thread, then A, B and C. The padded rows and
    // columns read past the end of A and B: leave room (their results are dropped).
    const pad = 4 * (K + m + n) + 16;
    const offA = 4 * K * ranges.length, offB = offA + a.length + pad, offC = offB + b.length + pad;
    this.ensure(offC + mb * 4 * ldc);
    const v = this.view;
    v.set(a, offA);
    v.set(b, offB);
    const jobs = ranges.map(([j0, j1], t): GemmArgs => [
      mb, j1 - j0, K, 8 * offA, 8 * ars, 8 * aks, 8 * offB + 32 * j0 * bjs, 8 * bks, 8 * bjs, 8 * offC + 32 * j0, 8 * ldc, 32 * K * t,
    ]);
    this.runJobs(0, jobs);
    if (ldc === n) c.set(v.subarray(offC, offC + m * n));
    else for (let i = 0; i < m; i++) c.set(v.subarray(offC + i * ldc, offC + i * ldc + n), i * n);
  }

  /**
   * The same product in Float32 (f32x4, 4 × 8 micro-kernel): twice the numbers per vector, about
   * 1e-7 relative rounding instead of 1e-16. Only the benchmark uses it; nnlib trains in Float64.
   */
  gemmF32(
    m: number, n: number, K: number,
    a: Float32Array, ars: number, aks: number,
    b: Float32Array, bks: number, bjs: number,
    c: Float32Array,
    threads = getThreads(),
  ): void {
    if (m === 0 || n === 0) return;
    if (K === 0) {
      c.fill(0, 0, m * n);
      return;
    }
    const mb = Math.ceil(m / 4), nb = Math.ceil(n / 8), ldc = nb * 8;
    const ranges = this.ranges(m, n, K, nb, threads);
    const pad = 8 * (K + m + n) + 32;
    const offA = 8 * K * ranges.length, offB = offA + a.length + pad, offC = offB + b.length + pad;
    this.ensure(Math.ceil((offC + mb * 4 * ldc) / 2));
    const v = this.view32;
    v.set(a, offA);
    v.set(b, offB);
    const jobs = ranges.map(([j0, j1], t): GemmArgs => [
      mb, j1 - j0, K, 4 * offA, 4 * ars, 4 * aks, 4 * offB + 32 * j0 * bjs, 4 * bks, 4 * bjs, 4 * offC + 32 * j0, 4 * ldc, 32 * K * t,
    ]);
    this.runJobs(1, jobs);
    if (ldc === n) c.set(v.subarray(offC, offC + m * n));
    else for (let i = 0; i < m; i++) c.set(v.subarray(offC + i * ldc, offC + i * ldc + n), i * n);
  }

  /** Worker threads running now (0 before the first big product, or when threads are off). */
  get workerCount(): number {
    return this.pool?.workers ?? 0;
  }

  /** Stops the worker threads (they are started again by the next big product). */
  closeThreads(): void {
    this.pool?.close();
    this.pool = undefined;
  }

  /** For the tests: the workers end as if they had crashed (the next product must still be right). */
  async crashWorkersForTest(): Promise<void> {
    await this.pool?.terminateWorkers();
  }

  /** Column-block ranges, one per thread that gets work (one range below THREAD_MIN_WORK). */
  private ranges(m: number, n: number, K: number, blocks: number, threads: number): [number, number][] {
    if (threads <= 1 || this.poolDisabled || m * n * K < THREAD_MIN_WORK) return [[0, blocks]];
    return splitBlocks(blocks, threads, 2);
  }

  /** Runs jobs[0] here and the others on the pool (started or resized on demand). */
  private runJobs(kernel: GemmKernel, jobs: GemmArgs[]): void {
    const run = this.kernels[kernel];
    if (jobs.length === 1) {
      run(...jobs[0]!);
      return;
    }
    if (this.pool !== undefined && !this.pool.usable) {
      // A worker crashed since the last product: compute alone from now on.
      this.closeThreads();
      this.poolDisabled = true;
      for (const job of jobs) run(...job);
      return;
    }
    if (this.pool !== undefined && this.pool.workers < jobs.length - 1) this.closeThreads(); // more threads asked for
    if (this.pool === undefined) {
      try {
        this.pool = new GemmPool(this.module, this.memory, jobs.length - 1);
      } catch {
        // No worker threads here: compute alone from now on.
        this.poolDisabled = true;
        for (const job of jobs) run(...job);
        return;
      }
    }
    this.pool.run(kernel, jobs, (args) => run(...args));
    if (!this.pool.usable) {
      this.pool = undefined;
      this.poolDisabled = true;
    }
  }

  /** Grows the memory to hold `elements` Float64 numbers. */
  private ensure(elements: number): void {
    const bytes = elements * 8;
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / 65536));
    if (this.view.buffer !== this.memory.buffer) {
      this.view = new Float64Array(this.memory.buffer);
      this.view32 = new Float32Array(this.memory.buffer);
    }
  }
}

let loaded: WasmGemm | null | undefined;

/**
 * The kernel from lib/dist/fast/matmul.wasm (next to the compiled module, or from lib/src via
 * ../../dist), or null when it has not been built or this Node cannot run WebAssembly SIMD.
 */
export function wasmGemm(): WasmGemm | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  for (const path of [join(__dirname, "matmul.wasm"), join(__dirname, "..", "..", "dist", "fast", "matmul.wasm")]) {
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
  loaded?.closeThreads();
  loaded = new WasmGemm(bytes);
  return loaded;
}
