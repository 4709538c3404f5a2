/**
 * Notebook 04's exercise checks accept the right answers (computed here independently, mostly with
 * the library's layers) and name the typical mistakes in their hints without giving the answer.
 */
import { describe, expect, it } from "vitest";
import { Matrix } from "../../lib/src/core/matrix";
import { Dense } from "../../lib/src/layers";
import { getLoss } from "../../lib/src/functions/losses";
import { numericalGradient } from "../../lib/src/lecture/gradcheck";
import { judge } from "../../lib/src/exercises";

const s = (z: number) => 1 / (1 + Math.exp(-z));

/** ∂E/∂W₁ of lecture 004's net (W₁ = [[1, 3], [−2, 4]], W₂ = (0.5, 0.3), t = 1) by the library's layers. */
function libraryDW1(input: number[], activation: "relu" | "sigmoid"): Matrix {
  const h = new Dense(2, { inputDim: 2, useBias: false, activation });
  h.setWeights([[[1, 3], [-2, 4]]]);
  const o = new Dense(1, { useBias: false });
  o.setWeights([[[0.5, 0.3]]]);
  const E = getLoss("quadratic");
  const out = o.forward(h.forward(Matrix.from([input]), true), true);
  h.backward(o.backward(E.backward(out, Matrix.from([[1]]))));
  return h.dW.clone();
}

describe("notebook 04 exercises", () => {
  it("04.1 accepts the sigmoid network's ∂E/∂W₁ and names the ReLU answer", () => {
    expect(judge("04.1", libraryDW1([0.5, 0.7], "sigmoid")).ok).toBe(true);
    const v = judge("04.1", libraryDW1([0.5, 0.7], "relu"));
    expect(v.ok).toBe(false);
    expect(v.hint).toMatch(/ReLU/);
  });

  it("04.2 accepts η = 1/‖L₂‖² (which is the lecture's 0.1)", () => {
    expect(judge("04.2", 0.1).ok).toBe(true);
    expect(judge("04.2", 0.084).hint).toMatch(/\(O − t\)/);
    expect(judge("04.2", 0.2).hint).not.toMatch(/0\.1/);
  });

  it("04.3 accepts the central-difference gradient and flags a W₂ gradient", () => {
    const h = new Dense(2, { inputDim: 2, useBias: false, activation: "relu" });
    h.setWeights([[[1, 3], [-2, 4]]]);
    const o = new Dense(1, { useBias: false });
    o.setWeights([[[0.5, 0.3]]]);
    const E = getLoss("quadratic");
    const I = Matrix.from([[0.5, 0.7]]), t = Matrix.from([[1]]);
    expect(judge("04.3", numericalGradient(() => E.forward(o.forward(h.forward(I)), t), h.W)).ok).toBe(true);
    expect(judge("04.3", Matrix.from([[2.184, 1.512]])).hint).toMatch(/W₂/);
  });

  it("04.5 accepts BP2 written with Matrix operations and names the failing input", () => {
    const bp2 = (d: Matrix, W: Matrix, z: Matrix) => d.matmul(W).multiply(z.map((v) => s(v) * (1 - s(v))));
    expect(judge("04.5", bp2).ok).toBe(true);
    expect(judge("04.5", (d: Matrix, W: Matrix) => d.matmul(W)).hint).toMatch(/derivative is missing/);
    expect(judge("04.5", (d: Matrix, W: Matrix) => d.matmul(W).scale(2)).hint).toMatch(/for input/);
  });

  it("04.6 accepts the masked gradient and names the slide's δ-sign mask", () => {
    expect(judge("04.6", libraryDW1([3, 0.4], "relu")).ok).toBe(true);
    expect(judge("04.6", Matrix.from([[1.65, 0.22], [0.99, 0.132]])).hint).toMatch(/pre-activation/);
  });

  it("04.7 accepts the corrected Δw and says 'sign' for the lecture's rule", () => {
    const yh = s(0.5), yo = s(0.8 * yh);
    const dw = (0 - yo) * yo * (1 - yo) * 0.8 * yh * (1 - yh);
    expect(judge("04.7", dw).ok).toBe(true);
    expect(judge("04.7", -dw).hint).toMatch(/sign/);
  });

  it("04.8 accepts a tanh layer and names a backward that forgets tanh′", () => {
    let Y: Matrix | undefined;
    const layer = {
      forward: (X: Matrix) => (Y = X.map(Math.tanh)),
      backward: (dY: Matrix) => dY.multiply((Y as Matrix).map((y) => 1 - y * y)),
      params: () => [],
    };
    expect(judge("04.8", layer).ok).toBe(true);
    expect(judge("04.8", { ...layer, backward: (dY: Matrix) => dY }).hint).toMatch(/unchanged/);
    expect(judge("04.8", 3).ok).toBe(false);
  });

  it("04.9 accepts the library's ∂C/∂W⁽⁰⁾ of lecture 002's 3-2-1 net and names a missing σ′", () => {
    const h = new Dense(2, { inputDim: 3, activation: "sigmoid", useBias: false });
    h.setWeights([[[0.2, 0.1, 0.12], [0.1, 0.1, 0.1]]]);
    const o = new Dense(1, { inputDim: 2, activation: "sigmoid", useBias: false });
    o.setWeights([[[0.2, (0.374 - 0.2 * s(0.3)) / s(0.2)]]]);
    const out = o.forward(h.forward(Matrix.from([[1, 1, 0]]), true), true);
    const dA1 = o.backward(getLoss("quadratic").backward(out, Matrix.from([[0]])));
    h.backward(dA1);
    expect(judge("04.9", h.dW).ok).toBe(true);
    expect(judge("04.9", dA1.transpose().matmul(Matrix.from([[1, 1, 0]]))).hint).toMatch(/σ′/);
  });
});
