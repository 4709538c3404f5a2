/**
 * Which kernels the library uses for the heavy work of `Dense` (and `fastMatmul`):
 *
 * - `"reference"`: the readable loops of `Matrix.matmul` that the lectures explain;
 * - `"fast"`: register-blocked JavaScript kernels (lib/src/fast/kernels.ts), Float64;
 * - `"wasm"`: the WebAssembly SIMD kernel (lib/src/fast/matmul.wat), Float64 (f64x2).
 *
 * All three compute the same numbers up to rounding (sums in a different grouping; the tests
 * allow 1e-12 relative). The default is `"wasm"` when lib/dist/fast/matmul.wasm has been built
 * (`npm run build`), else `"fast"`; the environment variable NNLIB_BACKEND overrides it.
 * Small products (the lectures' worked examples: fewer than `FAST_MIN_WORK` multiply-adds per
 * layer) always take the reference path, whatever the backend.
 */
import { Matrix, shapeOf } from "../matrix";
import { gemmStrided } from "./kernels";
import { wasmGemm } from "./wasm";

export type BackendName = "reference" | "fast" | "wasm";
export const BACKENDS: readonly BackendName[] = ["reference", "fast", "wasm"];

let current: BackendName | undefined;

/** Chooses the kernels (see the module comment). Throws for "wasm" when the module is not built. */
export function setBackend(name: BackendName): void {
  if (!BACKENDS.includes(name)) {
    throw new Error(`setBackend: expected "reference", "fast" or "wasm", got ${JSON.stringify(name)}.`);
  }
  if (name === "wasm" && wasmGemm() === null) {
    throw new Error(`setBackend("wasm"): lib/dist/fast/matmul.wasm is missing or cannot run here. Hint: npm run build.`);
  }
  current = name;
}

/** The kernels in use. */
export function getBackend(): BackendName {
  if (current === undefined) {
    const env = process.env.NNLIB_BACKEND as BackendName | undefined;
    if (env !== undefined && BACKENDS.includes(env)) setBackend(env);
    else current = wasmGemm() !== null ? "wasm" : "fast";
  }
  return current as BackendName;
}

/**
 * C (m × n) = A·B with A(i, k) = a[i·ars + k·aks], B(k, j) = b[k·bks + j·bjs], on the fast
 * kernels of `backend` ("reference" is treated as "fast": callers take the reference path themselves).
 */
export function gemm(
  backend: BackendName,
  m: number, n: number, K: number,
  a: Float64Array, ars: number, aks: number,
  b: Float64Array, bks: number, bjs: number,
  c: Float64Array,
): void {
  const w = backend === "wasm" ? wasmGemm() : null;
  if (w !== null) w.gemm(m, n, K, a, ars, aks, b, bks, bjs, c);
  else gemmStrided(m, n, K, a, ars, aks, b, bks, bjs, c);
}

/** A·B on the given backend's kernels (default: the current one). "reference" is `A.matmul(B)`. */
export function fastMatmul(A: Matrix, B: Matrix, backend: BackendName = getBackend()): Matrix {
  if (A.cols !== B.rows) throw new Error(`fastMatmul: shapes ${shapeOf(A)} and ${shapeOf(B)} do not fit (A.cols must equal B.rows).`);
  if (backend === "reference") return A.matmul(B);
  const C = new Matrix(A.rows, B.cols);
  gemm(backend, A.rows, B.cols, A.cols, A.data, A.cols, 1, B.data, B.cols, 1, C.data);
  return C;
}
