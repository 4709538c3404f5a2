/**
 * `nnlib/kernels`: the speed layer under the library. `setBackend` chooses which kernels run the
 * matrix products, the convolutions and the optimizers' updates — `"reference"` (the readable loops
 * the lectures explain), `"fast"` (blocked JavaScript) or `"wasm"` (WebAssembly SIMD) — and every
 * backend gives the same numbers (see backend.ts). Notebooks do not need this entry point; the
 * bench and the tests do.
 */
export { BACKENDS, FAST_MIN_WORK, getBackend, matmul, matmulNT, matmulTN, setBackend } from "./backend";
export type { BackendName } from "./backend";
export { setWasmModule, wasmKernels, WasmKernels } from "./wasm";
