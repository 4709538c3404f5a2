/**
 * The optimizers' element-wise updates that have a fast twin, on the kernels `setBackend` chose:
 * RMSprop's and Adam's plain forms (no momentum, centring or AMSGrad), which every training of the
 * course runs once per parameter and step. The optimizers (training/optimizers/) call these and
 * never look at the backend themselves.
 *
 * On the "wasm" backend a parameter of at least `WASM_UPDATE_MIN` entries is updated by the
 * WebAssembly SIMD loops of kernels.wat — the same operations in the same order as the JavaScript
 * loops below, so the same numbers bit for bit (test/kernels/backend.test.ts), about 30 % quicker
 * including the copies in and out of wasm memory. Smaller ones (biases) stay in JavaScript, where
 * the call would cost more than it saves.
 */
import { getBackend } from "./backend";
import { wasmKernels, WasmKernels } from "./wasm";

/** Parameters with at least this many entries use the wasm loops on the "wasm" backend. */
export const WASM_UPDATE_MIN = 256;

/** The wasm module for an update of `n` entries, or null (the JavaScript loop). */
function wasmFor(n: number): WasmKernels | null {
  return n >= WASM_UPDATE_MIN && getBackend() === "wasm" ? wasmKernels() : null;
}

/**
 * RMSprop's plain update of one parameter, in place (`RMSprop` in training/optimizers/rmsprop.ts):
 *
 *   a ← ρ·a + (1 − ρ)·g²
 *   w ← w − η·g/√(a + ε)
 */
export function rmspropUpdate(w: Float64Array, g: Float64Array, a: Float64Array, eta: number, rho: number, eps: number): void {
  const wasm = wasmFor(w.length);
  if (wasm !== null) {
    wasm.rmsprop(w, g, a, eta, rho, eps);
    return;
  }
  const c = 1 - rho;
  for (let k = 0, n = w.length; k < n; k++) {
    const gk = g[k], ak = rho * a[k] + c * gk * gk;
    a[k] = ak;
    w[k] -= (eta * gk) / Math.sqrt(ak + eps);
  }
}

/**
 * Adam's update of one parameter without AMSGrad, in place (`Adam` in training/optimizers/adam.ts),
 * with the step size α of step t already worked out (α = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ), or η without
 * bias correction):
 *
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   w ← w − α·m/(√v + ε)
 */
export function adamUpdate(
  w: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, alpha: number, b1: number, b2: number, eps: number,
): void {
  const wasm = wasmFor(w.length);
  if (wasm !== null) {
    wasm.adam(w, g, m, v, alpha, b1, b2, eps);
    return;
  }
  const c1 = 1 - b1, c2 = 1 - b2;
  for (let k = 0, n = w.length; k < n; k++) {
    const gk = g[k], mk = b1 * m[k] + c1 * gk, vk = b2 * v[k] + c2 * gk * gk;
    m[k] = mk;
    v[k] = vk;
    w[k] -= (alpha * mk) / (Math.sqrt(vk) + eps);
  }
}
