/**
 * The fast path (lib/src/fast) against the reference kernels.
 *
 * Tolerance: every fast product must equal `Matrix.matmul` within 1e-12 · max(1, max|C|) — the
 * kernels are Float64 like the reference and only group the same sums differently (in practice
 * they agree to the last bit); the Float32 kernel (benchmark only) within 1e-5·√k. Training through `fit` on the fast backends must give the same
 * weights as the reference backend within 1e-9 after several Adam steps.
 *
 * The WebAssembly kernel is compiled here from lib/src/fast/matmul.wat (wabt, in memory), so the
 * test checks the source in the repository, built or not.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compileWat } from "../lib/scripts/build-wasm.mjs";
import {
  BackendName, FAST_MIN_WORK, fastMatmul, gemmNN, gemmNT, gemmTN, getBackend, getThreads, setBackend, setThreads, setWasmModule, splitBlocks,
  THREAD_MIN_WORK, WasmGemm,
} from "../lib/src/fast";
import { Dense } from "../lib/src/layers";
import { categoricalCrossentropy } from "../lib/src/losses";
import { Matrix } from "../lib/src/matrix";
import { Sequential } from "../lib/src/model";
import { Adam } from "../lib/src/optimizers";
import { Random } from "../lib/src/random";

const TOL = 1e-12;
const SHAPES: [number, number, number][] = [[1, 1, 1], [3, 5, 2], [4, 4, 4], [5, 7, 3], [33, 17, 10], [32, 784, 128], [64, 128, 10], [37, 64, 61]];

function expectClose(actual: Matrix, expected: Matrix, tol = TOL): void {
  expect(actual.shape).toEqual(expected.shape);
  const scale = Math.max(1, expected.maxAbs());
  let worst = 0;
  for (let k = 0; k < expected.data.length; k++) worst = Math.max(worst, Math.abs(actual.data[k] - expected.data[k]));
  expect(worst).toBeLessThanOrEqual(tol * scale);
}

let before: BackendName;
let wasmModule: WasmGemm;
let wasmBytes: Uint8Array;
const setWasmModuleForF32 = () => wasmModule;
beforeAll(async () => {
  before = getBackend();
  wasmBytes = await compileWat();
  wasmModule = setWasmModule(wasmBytes);
});
afterAll(() => setBackend(before));

describe("fast kernels equal the reference matmul (1e-12 relative)", () => {
  const rng = new Random(7);
  for (const [m, k, n] of SHAPES) {
    test(`${m}×${k}×${n}: gemmNN, gemmNT, gemmTN and the wasm kernel`, () => {
      const A = Matrix.uniform(m, k, rng, -1, 1), B = Matrix.uniform(k, n, rng, -1, 1);
      const ref = A.matmul(B);
      const C = new Matrix(m, n);
      gemmNN(m, n, k, A.data, B.data, C.data);
      expectClose(C, ref);
      gemmNT(m, n, k, A.data, B.transpose().data, C.data);
      expectClose(C, ref);
      gemmTN(m, n, k, A.transpose().data, B.data, C.data);
      expectClose(C, ref);
      expectClose(fastMatmul(A, B, "fast"), ref);
      expectClose(fastMatmul(A, B, "wasm"), ref);
      expectClose(fastMatmul(A, B, "reference"), ref);
    });
  }

  test("the Float32 wasm kernel (benchmark only) agrees with the reference within 1e-5 relative", () => {
    const w = setWasmModuleForF32();
    for (const [m, k, n] of SHAPES) {
      const A = Matrix.uniform(m, k, rng, -1, 1), B = Matrix.uniform(k, n, rng, -1, 1);
      const ref = A.matmul(B);
      const c = new Float32Array(m * n);
      w.gemmF32(m, n, k, Float32Array.from(A.data), k, 1, Float32Array.from(B.data), n, 1, c);
      expectClose(new Matrix(m, n, Float64Array.from(c)), ref, 1e-5 * Math.sqrt(k));
    }
  });

  test("sparse inputs with zeros and a matrix with a NaN: NaN propagates like the reference", () => {
    const A = Matrix.from([[0, 1, 0, 2, 0], [0, 0, 0, 0, 0], [1, 2, 3, 4, 5], [0, 0, 1, 0, 0], [2, 0, 0, 0, 1]]);
    const B = Matrix.uniform(5, 6, new Random(1));
    expectClose(fastMatmul(A, B, "wasm"), A.matmul(B));
    B.set(0, 0, NaN);
    expect(Number.isNaN(fastMatmul(A, B, "fast").get(2, 0))).toBe(true);
    expect(Number.isNaN(fastMatmul(A, B, "wasm").get(2, 0))).toBe(true);
  });

  test("shape mismatch and unknown backend are refused with a clear message", () => {
    expect(() => fastMatmul(Matrix.zeros(2, 3), Matrix.zeros(2, 3))).toThrow(/2×3 and 2×3/);
    expect(() => setBackend("gpu" as BackendName)).toThrow(/"reference", "fast" or "wasm"/);
  });
});

describe("Dense on the fast path", () => {
  const { x, y } = (() => {
    const rng = new Random(3);
    const x = Matrix.uniform(96, 784, rng).map((v) => (v < 0.8 ? 0 : v)); // mostly zeros, like MNIST
    const y = new Matrix(96, 10);
    for (let i = 0; i < 96; i++) y.set(i, rng.int(10), 1);
    return { x, y };
  })();

  function train(backend: BackendName, activation: "relu" | "sigmoid" | "tanh", batchSize: number): Sequential {
    setBackend(backend);
    const model = new Sequential([new Dense(64, { inputDim: 784, activation }), new Dense(10)], { seed: 5 });
    model.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: categoricalCrossentropy({ fromLogits: true }), metrics: ["accuracy"] });
    model.fit(x, y, { epochs: 2, batchSize, seed: 1 });
    return model;
  }

  for (const activation of ["relu", "sigmoid", "tanh"] as const) {
    test(`fit (784-64-10 ${activation}, Adam, batch 32 and a last batch of 16): fast and wasm give the reference weights (1e-9)`, () => {
      const ref = train("reference", activation, 40).getWeights();
      for (const be of ["fast", "wasm"] as const) {
        const w = train(be, activation, 40).getWeights();
        w.forEach((m, i) => expectClose(m, ref[i], 1e-9));
      }
    });
  }

  test("predict returns fresh matrices; training reuses its buffers per batch size", () => {
    setBackend("wasm");
    const layer = new Dense(64, { inputDim: 784, activation: "relu", seed: 1 });
    const p1 = layer.forward(x.sliceRows(0, 32)), p2 = layer.forward(x.sliceRows(32, 64));
    expect(p1).not.toBe(p2);
    const t1 = layer.forward(x.sliceRows(0, 32), true), t2 = layer.forward(x.sliceRows(32, 64), true);
    expect(t1).toBe(t2);
    setBackend("reference");
    expectClose(p1, layer.forward(x.sliceRows(0, 32)));
  });

  test("small products (the lectures' worked examples) stay on the reference kernels", () => {
    expect(2 * 2 * 2).toBeLessThan(FAST_MIN_WORK);
    setBackend("wasm");
    const layer = new Dense(2, { inputDim: 2, useBias: false });
    layer.setWeights([[[1, 3], [-2, 4]]]);
    const onWasm = layer.forward(Matrix.from([[0.5, 0.7]])).toArray();
    setBackend("reference");
    expect(onWasm).toEqual(layer.forward(Matrix.from([[0.5, 0.7]])).toArray()); // bit for bit: the same code ran
    expect(Math.abs(onWasm[0][0] - 2.6)).toBeLessThan(1e-12);
  });
});

describe("worker threads for the wasm kernel: the same bits with 1, 2 or 3 threads", () => {
  const rng = new Random(11);
  // Large enough for THREAD_MIN_WORK (m·n·k ≥ 2^22), with ragged edges (n not a multiple of 4 or 8).
  const BIG: [number, number, number][] = [[64, 784, 128], [37, 1200, 131], [130, 260, 131], [256, 256, 256]];

  test("f64: bit-for-bit identical to one thread, and to the reference within 1e-12", () => {
    for (const [m, k, n] of BIG) {
      expect(m * n * k).toBeGreaterThanOrEqual(THREAD_MIN_WORK);
      const A = Matrix.uniform(m, k, rng, -1, 1), B = Matrix.uniform(k, n, rng, -1, 1);
      const one = new Float64Array(m * n), two = new Float64Array(m * n), three = new Float64Array(m * n);
      wasmModule.gemm(m, n, k, A.data, k, 1, B.data, n, 1, one, 1);
      wasmModule.gemm(m, n, k, A.data, k, 1, B.data, n, 1, two, 2);
      // Aᵀ·B layout (Dense's dW) on three threads
      const At = A.transpose();
      wasmModule.gemm(m, n, k, At.data, 1, m, B.data, n, 1, three, 3);
      expect(Buffer.from(two.buffer).equals(Buffer.from(one.buffer))).toBe(true);
      expect(Buffer.from(three.buffer).equals(Buffer.from(one.buffer))).toBe(true);
      expect(wasmModule.workerCount).toBe(2);
      expectClose(new Matrix(m, n, one), A.matmul(B));
    }
  });

  test("f32: bit-for-bit identical to one thread", () => {
    for (const [m, k, n] of BIG) {
      const a = Float32Array.from(Matrix.uniform(m, k, rng, -1, 1).data), b = Float32Array.from(Matrix.uniform(k, n, rng, -1, 1).data);
      const one = new Float32Array(m * n), two = new Float32Array(m * n);
      wasmModule.gemmF32(m, n, k, a, k, 1, b, n, 1, one, 1);
      wasmModule.gemmF32(m, n, k, a, k, 1, b, n, 1, two, 2);
      expect(Buffer.from(two.buffer).equals(Buffer.from(one.buffer))).toBe(true);
    }
  });

  test("training on two threads gives the same weights as on one", () => {
    const train = (threads: number) => {
      setThreads(threads);
      const data = new Random(3);
      const x = Matrix.uniform(256, 784, data, 0, 1);
      const y = Matrix.zeros(256, 10);
      for (let i = 0; i < 256; i++) y.set(i, i % 10, 1);
      const model = new Sequential([new Dense(128, { inputDim: 784, activation: "relu" }), new Dense(10)], { seed: 5 });
      model.compile({ optimizer: new Adam({ learningRate: 0.001 }), loss: categoricalCrossentropy({ fromLogits: true }) });
      setBackend("wasm");
      model.fit(x, y, { epochs: 2, batchSize: 128, shuffle: false, verbose: 0 });
      return model.getWeights().map((w) => Array.from(w.data));
    };
    const before = getThreads();
    try {
      wasmModule.closeThreads();
      const two = train(2);
      expect(wasmModule.workerCount).toBe(1); // the big products did run on a worker
      expect(two).toEqual(train(1));
    } finally {
      setThreads(before);
    }
  });

  test("splitBlocks: contiguous, covering, at least minBlocks each; setThreads checks its value", () => {
    expect(splitBlocks(64, 2, 2)).toEqual([[0, 32], [32, 64]]);
    expect(splitBlocks(33, 3, 2)).toEqual([[0, 11], [11, 22], [22, 33]]);
    expect(splitBlocks(3, 4, 2)).toEqual([[0, 3]]); // too little work for two threads
    expect(splitBlocks(5, 4, 2)).toEqual([[0, 2], [2, 5]]);
    expect(() => setThreads(0)).toThrow(/setThreads: expected a whole number from 1 to 64, got 0/);
    expect(() => setThreads(1.5)).toThrow(/got 1.5/);
  });

  test("a pool whose workers crashed: the caller computes every share itself, same result", async () => {
    const m = 64, k = 600, n = 128;
    expect(m * n * k).toBeGreaterThanOrEqual(THREAD_MIN_WORK);
    const A = Matrix.uniform(m, k, rng, -1, 1), B = Matrix.uniform(k, n, rng, -1, 1);
    const w = new WasmGemm(wasmBytes);
    const expected = new Float64Array(m * n);
    w.gemm(m, n, k, A.data, k, 1, B.data, n, 1, expected, 1);
    const c = new Float64Array(m * n);
    w.gemm(m, n, k, A.data, k, 1, B.data, n, 1, c, 2); // starts the pool
    expect(w.workerCount).toBe(1);
    expect(Buffer.from(c.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
    await w.crashWorkersForTest();
    await new Promise((r) => setTimeout(r, 50)); // the workers' "exit" events
    c.fill(0);
    w.gemm(m, n, k, A.data, k, 1, B.data, n, 1, c, 2);
    expect(Buffer.from(c.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
    expect(w.workerCount).toBe(0); // the crashed pool was dropped
    w.closeThreads();
  });
});
