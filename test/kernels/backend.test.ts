/**
 * The kernels behind the layers (lib/src/kernels) against the reference loops.
 *
 * Tolerance: every fast product must equal `Matrix.matmul` within 1e-12 · max(1, max|C|) — the
 * kernels are Float64 like the reference and only group the same sums differently (in practice
 * they agree to the last bit). Training through `fit` on the fast backends must give the same
 * weights as the reference backend within 1e-9 after several Adam steps.
 *
 * The WebAssembly kernels are compiled here from lib/src/kernels/kernels.wat (wabt, in memory), so the
 * test checks the source in the repository, built or not.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compileWat } from "../../lib/scripts/build-wasm.mjs";
import { BackendName, FAST_MIN_WORK, getBackend, matmul, matmulNT, matmulTN, setBackend, setWasmModule, WasmKernels } from "../../lib/src/kernels";
import { gemm } from "../../lib/src/kernels/backend";
import { gemmNN, gemmNT, gemmTN } from "../../lib/src/kernels/gemm-js";
import { conv2dBackward, conv2dForward, convGeometry } from "../../lib/src/kernels/conv";
import { Conv2D } from "../../lib/src/layers";
import { Dense } from "../../lib/src/layers";
import { categoricalCrossentropy } from "../../lib/src/functions/losses";
import { Matrix, referenceMatmul } from "../../lib/src/core/matrix";
import { Sequential } from "../../lib/src/training/model";
import { Adam, Optimizer, RMSprop } from "../../lib/src/training/optimizers";
import type { Param } from "../../lib/src/layers/layer";
import { Random } from "../../lib/src/core/random";

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
let wasmModule: WasmKernels;
beforeAll(async () => {
  before = getBackend();
  wasmModule = setWasmModule(await compileWat());
});
afterAll(() => setBackend(before));

describe("fast kernels equal the reference matmul (1e-12 relative)", () => {
  const rng = new Random(7);
  for (const [m, k, n] of SHAPES) {
    test(`${m}×${k}×${n}: gemmNN, gemmNT, gemmTN and the wasm kernel`, () => {
      const A = Matrix.uniform(m, k, rng, -1, 1), B = Matrix.uniform(k, n, rng, -1, 1);
      const ref = referenceMatmul(A, B);
      const C = new Matrix(m, n);
      gemmNN(m, n, k, A.data, B.data, C.data);
      expectClose(C, ref);
      gemmNT(m, n, k, A.data, B.transpose().data, C.data);
      expectClose(C, ref);
      gemmTN(m, n, k, A.transpose().data, B.data, C.data);
      expectClose(C, ref);
      const c = new Float64Array(m * n);
      wasmModule.gemm(m, n, k, A.data, k, 1, B.data, n, 1, c);
      expectClose(new Matrix(m, n, c), ref);
      for (const be of ["fast", "wasm", "reference"] as const) {
        expectClose(matmul(A, B, be), ref);
        expectClose(matmulNT(A, B.transpose(), be), ref);
        expectClose(matmulTN(A.transpose(), B, be), ref);
      }
    });
  }

  test("every product returns a new matrix (results handed out are never overwritten)", () => {
    const A = Matrix.uniform(64, 784, rng, -1, 1), B = Matrix.uniform(128, 784, rng, -1, 1);
    for (const be of ["fast", "wasm", "reference"] as const) {
      const C1 = matmulNT(A, B, be), copy = C1.clone();
      const C2 = matmulNT(A, B, be);
      expect(C2).not.toBe(C1);
      expect(C2.data).not.toBe(C1.data);
      C2.data.fill(0);
      expectClose(C1, copy, 0);
    }
  });

  test("sparse inputs with zeros and a matrix with a NaN: NaN propagates like the reference", () => {
    const A = Matrix.from([[0, 1, 0, 2, 0], [0, 0, 0, 0, 0], [1, 2, 3, 4, 5], [0, 0, 1, 0, 0], [2, 0, 0, 0, 1]]);
    const B = Matrix.uniform(5, 6, new Random(1));
    const c = new Float64Array(30);
    wasmModule.gemm(5, 6, 5, A.data, 5, 1, B.data, 6, 1, c);
    expectClose(new Matrix(5, 6, c), referenceMatmul(A, B));
    B.set(0, 0, NaN);
    const d = new Float64Array(30);
    gemmNN(5, 6, 5, A.data, B.data, d);
    expect(Number.isNaN(d[2 * 6])).toBe(true);
    wasmModule.gemm(5, 6, 5, A.data, 5, 1, B.data, 6, 1, d);
    expect(Number.isNaN(d[2 * 6])).toBe(true);
  });

  test("shape mismatch and unknown backend are refused with a clear message", () => {
    expect(() => matmul(Matrix.zeros(2, 3), Matrix.zeros(2, 3))).toThrow(/matmul: shapes 2×3 and 2×3 do not fit/);
    expect(() => matmulNT(Matrix.zeros(2, 3), Matrix.zeros(3, 2))).toThrow(/A·Bᵀ.*A.cols must equal B.cols/);
    expect(() => matmulTN(Matrix.zeros(2, 3), Matrix.zeros(3, 2))).toThrow(/Aᵀ·B.*A.rows must equal B.rows/);
    expect(() => setBackend("gpu" as BackendName)).toThrow(/"reference", "fast" or "wasm"/);
  });
});

describe("Dense and Conv2D on every backend", () => {
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

  test("Dense: the same forward and backward on every backend (1e-12)", () => {
    const layer = new Dense(64, { inputDim: 784, activation: "tanh", seed: 1 });
    const X = x.sliceRows(0, 32), dY = Matrix.uniform(32, 64, new Random(4), -1, 1);
    const run = (be: BackendName) => {
      setBackend(be);
      const Y = layer.forward(X, true);
      const dX = layer.backward(dY);
      return [Y, dX, layer.dW.clone(), layer.db.clone()];
    };
    const ref = run("reference");
    for (const be of ["fast", "wasm"] as const) run(be).forEach((m, i) => expectClose(m, ref[i]));
  });

  test("convolution honours the backend: forward and backward equal on reference, fast and wasm (1e-12)", () => {
    const g = convGeometry("test", [28, 28, 1], [3, 3], [1, 1], "valid");
    const X = x.sliceRows(0, 8), W = Matrix.uniform(8, 9, new Random(5), -1, 1), b = Matrix.uniform(1, 8, new Random(6), -1, 1);
    const run = (be: BackendName) => {
      setBackend(be);
      const { Z, patches } = conv2dForward(X, W, b, g);
      const dZ = Z.map((v) => Math.tanh(v));
      const { dX, dW, db } = conv2dBackward(dZ, patches, W, g);
      return [Z, dX as Matrix, dW, db];
    };
    const ref = run("reference");
    for (const be of ["fast", "wasm"] as const) run(be).forEach((m, i) => expectClose(m, ref[i]));
    // a whole layer too
    const conv = new Conv2D(4, 3, { inputShape: [28, 28, 1], activation: "relu", seed: 2 });
    setBackend("reference");
    const Yref = conv.forward(X, true);
    setBackend("wasm");
    expectClose(conv.forward(X, true), Yref);
  });

  test("the kernels give the reference loops' numbers bit for bit (same sums, same order), so the threshold only changes speed", () => {
    const rng2 = new Random(11);
    for (const [m, k, n] of [[2, 2, 2], [4, 4, 4], [8, 8, 8], [16, 13, 128], [16, 64, 1], [5, 7, 3], [33, 17, 10]] as [number, number, number][]) {
      const A = Matrix.uniform(m, k, rng2, -1, 1), B = Matrix.uniform(k, n, rng2, -1, 1);
      for (let q = 0; q < A.data.length; q += 3) A.data[q] = 0; // zeros: the reference loops skip them
      const ref = referenceMatmul(A, B);
      const Bt = B.transpose(), At = A.transpose();
      for (const be of ["fast", "wasm"] as const) {
        const c = new Float64Array(m * n);
        gemm(be, m, n, k, A.data, k, 1, B.data, n, 1, c);
        expect(Array.from(c)).toEqual(Array.from(ref.data));
        gemm(be, m, n, k, A.data, k, 1, Bt.data, 1, k, c);
        expect(Array.from(c)).toEqual(Array.from(ref.data));
        gemm(be, m, n, k, At.data, 1, m, B.data, n, 1, c);
        expect(Array.from(c)).toEqual(Array.from(ref.data));
      }
    }
  });

  test("RMSprop and Adam updates on the wasm backend give the JavaScript loops' numbers bit for bit", () => {
    const run = (backend: BackendName, make: () => Optimizer) => {
      setBackend(backend);
      const rng2 = new Random(5);
      const params: Param[] = [1, 255, 256, 257, 1000].map((n, i) => ({
        name: `p${i}`, value: Matrix.uniform(1, n, rng2, -1, 1), grad: new Matrix(1, n),
      }));
      const opt = make();
      for (let step = 0; step < 6; step++) {
        for (const p of params) for (let k = 0; k < p.grad.data.length; k++) p.grad.data[k] = rng2.normal() * (step + 1);
        opt.step(params);
      }
      return { weights: params.map((p) => Array.from(p.value.data)), state: JSON.stringify(opt.getState?.(params)) };
    };
    for (const make of [() => new RMSprop({ learningRate: 0.01 }), () => new Adam({ learningRate: 0.01 })]) {
      const js = run("reference", make), wasm = run("wasm", make);
      expect(wasm.weights).toEqual(js.weights);
      expect(wasm.state).toBe(js.state);
    }
  });

  test("Matrix.matmul, the method the notebooks call, gives referenceMatmul's numbers on every backend (also 0·∞)", () => {
    const rng2 = new Random(12);
    const A = Matrix.uniform(32, 784, rng2, -1, 1), B = Matrix.uniform(784, 32, rng2, -1, 1);
    for (let q = 0; q < A.data.length; q += 2) A.data[q] = 0;
    const Binf = B.clone();
    Binf.data[5] = Infinity; // row 0: A[i][0] = 0 meets ∞ → NaN in every row, as the loops give
    for (const Bx of [B, Binf]) {
      const ref = Array.from(referenceMatmul(A, Bx).data);
      for (const be of ["reference", "fast", "wasm"] as const) {
        setBackend(be);
        expect(Array.from(A.matmul(Bx).data)).toEqual(ref);
      }
    }
    expect(Number.isNaN(referenceMatmul(A, Binf).get(0, 5))).toBe(true);
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
