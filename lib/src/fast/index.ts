/** The fast path: backend switch, blocked and WebAssembly kernels (see backend.ts). */
export { BACKENDS, fastMatmul, gemm, getBackend, setBackend } from "./backend";
export type { BackendName } from "./backend";
export { FAST_MIN_WORK, FastDense } from "./dense";
export { gemmNN, gemmNT, gemmStrided, gemmTN } from "./kernels";
export { setWasmModule, THREAD_MIN_WORK, wasmGemm, WasmGemm } from "./wasm";
export { getThreads, setThreads, splitBlocks } from "./threads";
