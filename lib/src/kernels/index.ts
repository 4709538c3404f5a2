/** The kernels: the backend switch and the three products (backend.ts), convolution and pooling (conv.ts). */
export { BACKENDS, FAST_MIN_WORK, gemm, getBackend, matmul, matmulNT, matmulTN, setBackend } from "./backend";
export type { BackendName } from "./backend";
export { gemmNN, gemmNT, gemmStrided, gemmTN } from "./gemm-js";
export { setWasmModule, wasmGemm, WasmGemm } from "./wasm";
