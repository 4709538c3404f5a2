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
    this.product(0, m, n, K, a, ars, aks, b, bks, bjs, c, threads);
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
    this.product(1, m, n, K, a, ars, aks, b, bks, bjs, c, threads);
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

  /**
   * The body of `gemm` (kernel 0: f64, 4-column blocks) and `gemmF32` (kernel 1: f32, 8-column
   * blocks). Memory layout, in elements: one panel per thread (W·K numbers, W = block width), then
   * A, B and C; the kernel covers whole blocks, so the padded rows and columns read past the end
   * of A and B (leave room; their results are dropped). Pointers and strides go to wasm in bytes.
   */
  private product<T extends Float64Array | Float32Array>(
    kernel: GemmKernel,
    m: number, n: number, K: number,
    a: T, ars: number, aks: number,
    b: T, bks: number, bjs: number,
    c: T,
    threads: number,
  ): void {
    if (m === 0 || n === 0) return;
    if (K === 0) {
      c.fill(0, 0, m * n);
      return;
    }
    const W = kernel === 0 ? 4 : 8, E = kernel === 0 ? 8 : 4; // block width, bytes per number
    const mb = Math.ceil(m / 4), nb = Math.ceil(n / W), ldc = nb * W;
    const ranges = threads <= 1 || this.poolDisabled || m * n * K < THREAD_MIN_WORK ? [[0, nb] as [number, number]] : splitBlocks(nb, threads, 2);
    const pad = W * (K + m + n) + 4 * W;
    const offA = W * K * ranges.length, offB = offA + a.length + pad, offC = offB + b.length + pad;
    this.ensure(Math.ceil(((offC + mb * 4 * ldc) * E) / 8));
    const v = kernel === 0 ? this.view : this.view32;
    v.set(a, offA);
    v.set(b, offB);
    const jobs = ranges.map(([j0, j1], t): GemmArgs => [
      mb, j1 - j0, K, E * offA, E * ars, E * aks, E * (offB + W * j0 * bjs), E * bks, E * bjs, E * (offC + W * j0), E * ldc, E * W * K * t,
    ]);
    this.runJobs(kernel, jobs);
    if (ldc === n) c.set(v.subarray(offC, offC + m * n));
    else for (let i = 0; i < m; i++) c.set(v.subarray(offC + i * ldc, offC + i * ldc + n), i * n);
  }

  /** Runs jobs[0] here and the others on the worker pool, or all here when there is none. */
  private runJobs(kernel: GemmKernel, jobs: GemmArgs[]): void {
    const run = this.kernels[kernel];
    const pool = jobs.length > 1 ? this.poolFor(jobs.length - 1) : undefined;
    if (pool === undefined) {
      for (const job of jobs) run(...job);
      return;
    }
    pool.run(kernel, jobs, (args) => run(...args));
    if (!pool.usable) this.disableThreads(); // a worker missed its deadline
  }

  /**
   * A pool with at least `workers` workers: the current one, a bigger one, or none when a worker
   * crashed since the last product or this Node cannot start workers (threads are then off).
   */
  private poolFor(workers: number): GemmPool | undefined {
    if (this.pool !== undefined && !this.pool.usable) this.disableThreads();
    if (this.poolDisabled) return undefined;
    if (this.pool !== undefined && this.pool.workers < workers) this.closeThreads();
    if (this.pool === undefined) {
      try {
        this.pool = new GemmPool(this.module, this.memory, workers);
      } catch {
        this.disableThreads();
      }
    }
    return this.pool;
  }

  /** Stops the workers and computes on the calling thread from now on. */
  private disableThreads(): void {
    this.closeThreads();
    this.poolDisabled = true;
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
