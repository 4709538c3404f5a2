/**
 * The three matrix products behind every layer, on the kernels chosen by `setBackend`:
 *
 *   matmul(A, B)   = A·B        (Dense backward: dX = dZ·W)
 *   matmulNT(A, B) = A·Bᵀ       (Dense forward:  Z = X·Wᵀ)
 *   matmulTN(A, B) = Aᵀ·B       (Dense backward: dW = dZᵀ·X)
 *
 * Backends:
 * - `"reference"`: the readable loops the lectures explain (`referenceMatmul` in core/matrix.ts, with
 *   an explicit `transpose()` for the Bᵀ and Aᵀ forms);
 * - `"fast"`: register-blocked JavaScript kernels (kernels/gemm-js.ts), Float64, reading A and B
 *   through strides (no transposed copies);
 * - `"wasm"`: the WebAssembly SIMD kernel (kernels/kernels.wat), Float64 (f64x2).
 *
 * All three compute the same numbers up to rounding (sums in a different grouping; the tests allow
 * 1e-12 relative). The default is `"wasm"` when lib/dist/kernels/kernels.wasm has been built
 * (`npm run build`), else `"fast"`; the environment variable NNLIB_BACKEND overrides it.
 * Small products — fewer than `FAST_MIN_WORK` multiply-adds, which includes every worked example
 * of the lectures — always run the reference loops, whatever the backend. `Matrix.matmul`, the
 * method the notebooks call, follows the same rule (this module installs its fast path).
 *
 * Every product returns a NEW matrix: results handed to a caller are never overwritten later.
 *
 * The backend is read here and in the other kernels only: convolution.ts (convolution and pooling
 * for the layers) and updates.ts (the optimizers' RMSprop and Adam updates) choose between their
 * readable and fast loops with `getBackend()`; layers/ and training/ never do.
 */
import { Matrix, referenceMatmul, setProductKernel, shapeOf } from "../core/matrix";
import { gemmStrided } from "./gemm-js";
import { platform } from "../platform";
import { wasmKernels } from "./wasm";

export type BackendName = "reference" | "fast" | "wasm";
export const BACKENDS: readonly BackendName[] = ["reference", "fast", "wasm"];

/**
 * Below this many multiply-adds (m·n·k) a product runs the reference loops. The kernels compute the
 * same sums in the same order (k ascending, one multiply and one add each, no fused multiply-add),
 * so the choice changes only the speed: measured on the course's machine the wasm kernel is
 * already faster at 4×4×4 and 2–4× faster at 8×8×8 (1–2 µs of set-up per call against the loops'
 * allocations and transposed copies); at 16×128×13, the first layer of notebook 05b, it is 10×
 * faster. 512 (8×8×8) keeps the lectures' worked examples (2×2, 3-2-1, 2-2-1 nets) on the loops.
 */
export const FAST_MIN_WORK = 512;

let current: BackendName | undefined;

/** Chooses the kernels (see the module comment). Throws for "wasm" when the module is not built. */
export function setBackend(name: BackendName): void {
  if (!BACKENDS.includes(name)) {
    throw new Error(`setBackend: expected "reference", "fast" or "wasm", got ${JSON.stringify(name)}.`);
  }
  if (name === "wasm" && wasmKernels() === null) {
    throw new Error(`setBackend("wasm"): lib/dist/kernels/kernels.wasm is missing or cannot run here. Hint: npm run build.`);
  }
  current = name;
}

/** The kernels in use. */
export function getBackend(): BackendName {
  if (current === undefined) {
    const env = platform().env("NNLIB_BACKEND") as BackendName | undefined;
    if (env !== undefined && BACKENDS.includes(env)) setBackend(env);
    else current = wasmKernels() !== null ? "wasm" : "fast";
  }
  return current as BackendName;
}

/**
 * C (m × n) = A·B with A(i, k) = a[i·ars + k·aks], B(k, j) = b[k·bks + j·bjs], written into c,
 * on the fast kernels of `backend` ("reference" is treated as "fast": the Matrix-level products
 * below take the reference path themselves).
 */
export function gemm(
  backend: BackendName,
  m: number, n: number, K: number,
  a: Float64Array, ars: number, aks: number,
  b: Float64Array, bks: number, bjs: number,
  c: Float64Array,
): void {
  const w = backend === "wasm" ? wasmKernels() : null;
  if (w !== null) w.gemm(m, n, K, a, ars, aks, b, bks, bjs, c);
  else gemmStrided(m, n, K, a, ars, aks, b, bks, bjs, c);
}

/** The backend for a product of m·n·k multiply-adds: "reference" for small ones. */
function backendFor(m: number, n: number, k: number, backend: BackendName): BackendName {
  return m * n * k < FAST_MIN_WORK ? "reference" : backend;
}

function mismatch(what: string, A: Matrix, B: Matrix, rule: string): Error {
  return new Error(`${what}: shapes ${shapeOf(A)} and ${shapeOf(B)} do not fit (${rule}).`);
}

/** A·B (A m × k, B k × n). */
export function matmul(A: Matrix, B: Matrix, backend: BackendName = getBackend()): Matrix {
  if (A.cols !== B.rows) throw mismatch("matmul", A, B, "A.cols must equal B.rows");
  const m = A.rows, k = A.cols, n = B.cols;
  const be = backendFor(m, n, k, backend);
  if (be === "reference") return referenceMatmul(A, B);
  const C = new Matrix(m, n);
  gemm(be, m, n, k, A.data, k, 1, B.data, n, 1, C.data);
  return C;
}

/** A·Bᵀ (A m × k, B n × k): Dense's Z = X·Wᵀ. */
export function matmulNT(A: Matrix, B: Matrix, backend: BackendName = getBackend()): Matrix {
  if (A.cols !== B.cols) throw mismatch("matmulNT (A·Bᵀ)", A, B, "A.cols must equal B.cols");
  const m = A.rows, k = A.cols, n = B.rows;
  const be = backendFor(m, n, k, backend);
  if (be === "reference") return referenceMatmul(A, B.transpose());
  const C = new Matrix(m, n);
  gemm(be, m, n, k, A.data, k, 1, B.data, 1, k, C.data);
  return C;
}

/**
 * Aᵀ·B (A k × m, B k × n): Dense's dW = dZᵀ·X. With `out` (m × n) the product is written into it
 * (a layer's gradient buffer) instead of a new matrix.
 */
export function matmulTN(A: Matrix, B: Matrix, backend: BackendName = getBackend(), out?: Matrix): Matrix {
  if (A.rows !== B.rows) throw mismatch("matmulTN (Aᵀ·B)", A, B, "A.rows must equal B.rows");
  const k = A.rows, m = A.cols, n = B.cols;
  if (out !== undefined && (out.rows !== m || out.cols !== n)) throw new Error(`matmulTN: out must be ${m}×${n}, got ${shapeOf(out)}.`);
  const be = backendFor(m, n, k, backend);
  if (be === "reference") {
    const C = referenceMatmul(A.transpose(), B);
    if (out === undefined) return C;
    out.data.set(C.data);
    return out;
  }
  const C = out ?? new Matrix(m, n);
  gemm(be, m, n, k, A.data, 1, m, B.data, n, 1, C.data);
  return C;
}

// Matrix.matmul (the method the notebooks call) runs large products on the same kernels.
setProductKernel((m, n, k, a, b, c) => {
  const be = getBackend();
  if (be === "reference" || m * n * k < FAST_MIN_WORK) return false;
  gemm(be, m, n, k, a, k, 1, b, n, 1, c);
  return true;
});
