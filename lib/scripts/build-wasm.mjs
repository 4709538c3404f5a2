#!/usr/bin/env node
// Builds nnlib's WebAssembly kernels FROM SOURCE: lib/src/kernels/kernels.wat → lib/dist/kernels/kernels.wasm,
// with the npm package `wabt` (wat2wasm compiled to JavaScript; no native tool, no download).
// Run by `npm run build` (lib/package.json) after tsc. `compileWat()` is also used by the tests,
// which compile the same source in memory.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const LIB = join(dirname(fileURLToPath(import.meta.url)), "..");
export const WAT_PATH = join(LIB, "src", "kernels", "kernels.wat");
export const WASM_PATH = join(LIB, "dist", "kernels", "kernels.wasm");

/** The .wat text compiled to wasm bytes (SIMD enabled). */
export async function compileWat(source = readFileSync(WAT_PATH, "utf8")) {
  const wabt = await (await import("wabt")).default();
  const features = { simd: true };
  const mod = wabt.parseWat("kernels.wat", source, features);
  try {
    mod.validate(features);
    return Uint8Array.from(mod.toBinary({}).buffer);
  } finally {
    mod.destroy();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bytes = await compileWat();
  mkdirSync(dirname(WASM_PATH), { recursive: true });
  writeFileSync(WASM_PATH, bytes);
  console.log(`build-wasm: ${WAT_PATH.slice(LIB.length + 1)} → ${WASM_PATH.slice(LIB.length + 1)} (${bytes.length} bytes)`);
}
