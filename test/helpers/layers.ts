/** Shared by the layer tests: a layer's gradients against central differences. */
import { expect } from "vitest";
import { Matrix } from "../../lib/src/core/matrix";
import { Random } from "../../lib/src/core/random";
import type { Layer } from "../../lib/src/layers";
import { checkGradient } from "../../lib/src/lecture/gradcheck";

/**
 * Gradient check of a layer: E = Σ (Y ⊙ G) for a fixed random G, so ∂E/∂Y = G.
 * Checks dX (the returned gradient) and every parameter's grad against central differences.
 */
export function checkLayer(layer: Layer, X: Matrix, tolerance = 1e-6): void {
  const rng = new Random(7);
  const Y = layer.forward(X);
  const G = Matrix.uniform(Y.rows, Y.cols, rng, -1, 1);
  const E = () => layer.forward(X).multiply(G).sum();
  const dX = layer.backward(G).clone();
  const grads = layer.params().map((p) => p.grad.clone());
  const rx = checkGradient(E, X, dX, { tolerance });
  expect(rx.maxRelativeError, `${layer.name} dX`).toBeLessThan(tolerance);
  layer.params().forEach((p, k) => {
    const r = checkGradient(E, p.value, grads[k], { tolerance });
    expect(r.maxRelativeError, `${layer.name} ${p.name}`).toBeLessThan(tolerance);
  });
}
