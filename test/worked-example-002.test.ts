/**
 * Lecture 002's worked example (a sigmoid network with target 0), reproduced by the library.
 *
 * The slide gives the input a⁰ = (1, 1, 0), the first hidden neuron's weights (0.2, 0.1, 0.12) with
 * b = 0 (so z¹ = 0.3, a¹ = σ(0.3) = 0.5744), the weight w = 0.2 from that neuron to the output, the
 * output's weighted sum z² = 0.374 and the cost C = ½(a² − 0)². It does not give the rest of the
 * network, so we build the smallest one consistent with all of its numbers: one hidden neuron and
 * an output bias b² = 0.374 − 0.2·σ(0.3) ≈ 0.259115 (notebook 04 says so). The numbers checked:
 *   a² = σ(0.374) = 0.5924, C = 0.1755, ∂C/∂w = 0.0822 (slide: 0.08), w' = 0.1918 (slide: 0.192),
 *   one layer deeper: ∂C/∂w⁰₀₀ = 0.0070 (slide: 0.006), w⁰₀₀' = 0.1993 (slide: 0.19).
 * Rounding as the outline states (4 decimals); the exact values are also asserted to 1e-12 against
 * closed forms.
 */
import { describe, expect, test } from "vitest";
import { sigmoid } from "../lib/src/functions/activations";
import { Dense } from "../lib/src/layers";
import { getLoss } from "../lib/src/functions/losses";
import { Matrix } from "../lib/src/core/matrix";
import { SGD } from "../lib/src/training/optimizers";

const s = (z: number) => 1 / (1 + Math.exp(-z));
const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

function lectureNet() {
  const hidden = new Dense(1, { inputDim: 3, activation: "sigmoid" });
  hidden.setWeights([[[0.2, 0.1, 0.12]], [[0]]]);
  const output = new Dense(1, { inputDim: 1, activation: "sigmoid" });
  output.setWeights([[[0.2]], [[0.374 - 0.2 * s(0.3)]]]);
  return { hidden, output };
}

describe("lecture 002: one backpropagation step in a sigmoid network, target 0", () => {
  const a0 = Matrix.from([[1, 1, 0]]);
  const target = Matrix.from([[0]]);
  const loss = getLoss("quadratic"); // C = ½(a − y)²

  test("forward: z¹ = 0.3, a¹ = 0.5744, z² = 0.374, a² = 0.5924, C = 0.1755", () => {
    const { hidden, output } = lectureNet();
    const a1 = hidden.forward(a0);
    expect(a1.get(0, 0)).toBeCloseTo(s(0.3), 12);
    expect(round4(a1.get(0, 0))).toBe(0.5744);
    const a2 = output.forward(a1);
    expect(a2.get(0, 0)).toBeCloseTo(s(0.374), 12);
    expect(round4(a2.get(0, 0))).toBe(0.5924);
    expect(round4(loss.forward(a2, target))).toBe(0.1755);
  });

  test("backward and one SGD step (η = 0.1): ∂C/∂w = 0.0822, w' = 0.1918; one deeper: 0.2 → 0.1993", () => {
    const { hidden, output } = lectureNet();
    const a2 = output.forward(hidden.forward(a0));
    const dA1 = output.backward(loss.backward(a2, target));
    hidden.backward(dA1);

    // Output weight: ∂C/∂w = (a² − 0)·σ′(z²)·a¹
    const dw = output.dW.get(0, 0);
    expect(dw).toBeCloseTo(s(0.374) * s(0.374) * (1 - s(0.374)) * s(0.3), 12);
    expect(round4(dw)).toBe(0.0822);
    // One layer deeper: ∂C/∂w⁰₀₀ = (a² − 0)·σ′(z²)·w·σ′(z¹)·a⁰₀
    const dw0 = hidden.dW.get(0, 0);
    expect(dw0).toBeCloseTo(s(0.374) * s(0.374) * (1 - s(0.374)) * 0.2 * sigmoid.df(0.3) * 1, 12);
    expect(round4(dw0)).toBe(0.007);

    new SGD({ learningRate: 0.1 }).step([...hidden.params(), ...output.params()]);
    expect(round4(output.W.get(0, 0))).toBe(0.1918);
    expect(round4(hidden.W.get(0, 0))).toBe(0.1993);
    // The slide rounds ∂C/∂w to 0.08 and gets 0.2 − 0.1·0.08 = 0.192.
    expect(Math.round(dw * 100) / 100).toBe(0.08);
  });
});
