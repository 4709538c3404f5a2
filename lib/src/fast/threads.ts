/**
 * Worker threads for the WebAssembly kernel: a big product C = A·B is split by COLUMN BLOCKS of C,
 * one share per thread, all on the same shared WebAssembly memory (lib/src/fast/matmul.wat imports
 * it). The calling thread computes the first share itself while the workers compute the others.
 *
 * Every number of C is computed by exactly one thread, with the same sequence of operations as
 * without threads, so the result is bit-for-bit the same whatever the thread count (the tests
 * check it): threads change the speed, never the numbers.
 *
 * Synchronisation is two counters in a SharedArrayBuffer (`Atomics.wait`/`Atomics.notify`):
 * the caller writes each worker's job (kernel and arguments), bumps the generation and wakes the
 * workers; each worker runs its job, marks it done and counts itself in. Workers are `unref()`ed,
 * so they never keep a script, a test or a notebook kernel alive.
 *
 * `setThreads(n)` chooses the count (1 = no workers); the default is the number of CPU cores, at
 * most 4, or the environment variable NNLIB_THREADS.
 */
import * as os from "os";
import { Worker } from "worker_threads";

/** Which exported kernel a job runs: 0 = `gemm` (f64x2), 1 = `gemm_f32` (f32x4). */
export type GemmKernel = 0 | 1;

/** The 12 arguments of the kernels `gemm` and `gemm_f32` (see matmul.wat), in order. */
export type GemmArgs = [number, number, number, number, number, number, number, number, number, number, number, number];

/** Per worker slot in the control array: state, kernel, 12 arguments, spare. */
const SLOT = 16;
const HEADER = 4; // [0] generation, [1] workers done
const STATE_IDLE = 0, STATE_JOB = 1, STATE_DONE = 2;
/** A worker that has not answered after this long is given up on (its share is computed here). */
const DEADLINE_MS = 60_000;

// The worker's whole program (run with `eval`: no file to resolve, inside tslab or vitest alike).
const WORKER_SOURCE = `
"use strict";
const { workerData } = require("worker_threads");
const { module, memory, control, slot } = workerData;
const exports_ = new WebAssembly.Instance(module, { env: { memory } }).exports;
const kernels = [exports_.gemm, exports_.gemm_f32];
const ctl = new Int32Array(control);
const base = ${HEADER} + slot * ${SLOT};
let seen = 0;
for (;;) {
  Atomics.wait(ctl, 0, seen);
  seen = Atomics.load(ctl, 0);
  if (seen < 0) break;
  if (Atomics.load(ctl, base) === ${STATE_JOB}) {
    kernels[ctl[base + 1]](ctl[base + 2], ctl[base + 3], ctl[base + 4], ctl[base + 5], ctl[base + 6], ctl[base + 7],
      ctl[base + 8], ctl[base + 9], ctl[base + 10], ctl[base + 11], ctl[base + 12], ctl[base + 13]);
    Atomics.store(ctl, base, ${STATE_DONE});
  }
  Atomics.add(ctl, 1, 1);
  Atomics.notify(ctl, 1);
}
`;

/** Threads that run kernels of one WebAssembly module on its shared memory. */
export class GemmPool {
  /** Worker threads (the caller is one more thread). */
  readonly workers: number;
  private readonly threads: Worker[] = [];
  private readonly ctl: Int32Array;
  private generation = 0;
  private broken = false;

  /**
   * @param module the compiled matmul.wasm
   * @param memory the shared memory the module is instantiated on
   * @param workers how many worker threads to start (≥ 1)
   */
  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, workers: number) {
    this.workers = workers;
    this.ctl = new Int32Array(new SharedArrayBuffer(4 * (HEADER + SLOT * workers)));
    for (let slot = 0; slot < workers; slot++) {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, control: this.ctl.buffer, slot } });
      w.unref();
      // A worker that fails or ends makes the pool unusable (noticed before the next product; one
      // that hangs, at the deadline); handling "error" keeps it from crashing the process.
      w.on("error", () => {
        this.broken = true;
      });
      w.on("exit", () => {
        this.broken = true;
      });
      this.threads.push(w);
    }
  }

  /** False once a worker failed or missed a deadline: the caller then computes alone. */
  get usable(): boolean {
    return !this.broken;
  }

  /**
   * Runs `jobs[0]` on the calling thread through `runHere` and `jobs[1…]` on the workers, and
   * returns when all are done. A job a worker did not finish in time is run here too, and the pool
   * is marked unusable.
   */
  run(kernel: GemmKernel, jobs: GemmArgs[], runHere: (args: GemmArgs) => void): void {
    if (jobs.length - 1 > this.workers) throw new Error(`GemmPool: ${jobs.length} jobs for ${this.workers} workers + 1.`);
    const ctl = this.ctl;
    for (let w = 0; w < this.workers; w++) {
      const base = HEADER + w * SLOT;
      const job = jobs[w + 1];
      if (job === undefined) {
        ctl[base] = STATE_IDLE;
        continue;
      }
      ctl[base + 1] = kernel;
      for (let i = 0; i < 12; i++) ctl[base + 2 + i] = job[i]!;
      ctl[base] = STATE_JOB;
    }
    Atomics.store(ctl, 1, 0);
    this.generation = (this.generation + 1) & 0x3fffffff;
    Atomics.store(ctl, 0, this.generation);
    Atomics.notify(ctl, 0);
    runHere(jobs[0]!);
    const deadline = Date.now() + DEADLINE_MS;
    for (;;) {
      const done = Atomics.load(ctl, 1);
      if (done >= this.workers) break;
      if (Date.now() > deadline || this.broken) {
        this.broken = true;
        break;
      }
      Atomics.wait(ctl, 1, done, 100);
    }
    if (this.broken) {
      // Compute here whatever a worker did not finish (same numbers), then stop using the pool.
      for (let w = 0; w < this.workers; w++) {
        const base = HEADER + w * SLOT;
        if (Atomics.load(ctl, base) === STATE_JOB) runHere(jobs[w + 1]!);
      }
      this.close();
    }
  }

  /** For the tests: ends the workers behind the pool's back, as a crash would. */
  async terminateWorkers(): Promise<void> {
    await Promise.all(this.threads.map((w) => w.terminate()));
  }

  /** Stops the workers. */
  close(): void {
    this.broken = true;
    Atomics.store(this.ctl, 0, -1);
    Atomics.notify(this.ctl, 0);
    for (const w of this.threads) void w.terminate();
  }
}

let threadCount: number | undefined;

/** The default thread count: NNLIB_THREADS, else the CPU cores, at most 4. */
function defaultThreads(): number {
  const env = Number(process.env.NNLIB_THREADS);
  if (Number.isInteger(env) && env >= 1) return Math.min(env, 64);
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(4, cores));
}

/**
 * How many threads the WebAssembly kernel may use for one big product (1 = only the calling
 * thread). Results do not depend on it.
 */
export function setThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new Error(`setThreads: expected a whole number from 1 to 64, got ${n}. Hint: setThreads(1) turns the worker threads off.`);
  }
  threadCount = n;
}

/** The thread count in use (see `setThreads`). */
export function getThreads(): number {
  if (threadCount === undefined) threadCount = defaultThreads();
  return threadCount;
}

/**
 * Splits `blocks` column blocks into at most `parts` contiguous ranges [start, end), none empty,
 * at least `minBlocks` blocks each (fewer ranges when there is not enough work).
 */
export function splitBlocks(blocks: number, parts: number, minBlocks = 1): [number, number][] {
  const count = Math.max(1, Math.min(parts, Math.floor(blocks / Math.max(1, minBlocks))));
  const ranges: [number, number][] = [];
  for (let t = 0; t < count; t++) {
    const start = Math.floor((t * blocks) / count), end = Math.floor(((t + 1) * blocks) / count);
    if (end > start) ranges.push([start, end]);
  }
  return ranges;
}
