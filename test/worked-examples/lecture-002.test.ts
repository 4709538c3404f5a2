/**
 * Lecture 002's worked example (a sigmoid network with target 0), rebuilt as the slide draws it and
 * reproduced by the library (notebook 04, §5).
 *
 * The slide draws a 3-2-1 network with b = 0 and gives the input a⁰ = (1, 1, 0), the first hidden
 * neuron's weights (0.2, 0.1, 0.12) (so z¹₀ = 0.3, a¹₀ = σ(0.3) = 0.5744), the weight w⁽¹⁾₀₀ = 0.2
 * from that neuron to the output, the output's weighted sum z² = 0.374 and the cost C = ½(0 − a²)².
 * It does not give the second hidden neuron: notebook 04 invents its weights (0.1, 0.1, 0.1) and
 * chooses its output weight w⁽¹⁾₀₁ = (0.374 − 0.2·σ(0.3))/σ(0.2) so that z² = 0.374, every bias 0.
 * The numbers checked (4 decimals), against the slide's (2 decimals, with its slips):
 *   a² = σ(0.374) = 0.5924 (0,59), C = 0.1755 (0,17 — a slip for 0.18), σ′(0.374) = 0.2415 (0,24),
 *   ∂C/∂z² = 0.1430 (0,14), ∂C/∂w⁽¹⁾₀₀ = 0.0822 (0,08), w' = 0.1918 (0,192 from the rounded 0.08),
 *   ∂C/∂a¹₀ = 0.0286 (0,028), σ′(0.3) = 0.2445 (0,24), ∂C/∂w⁽⁰⁾₀₀ = 0.0070 (0,006 — a slip for 0.007),
 *   w⁽⁰⁾₀₀' = 0.1993 (0,19 — a slip for 0.20).
 * The exact values are also asserted to 1e-12 against closed forms.
 */
import { describe, expect, test } from "vitest";
import { sigmoid } from "../../lib/src/functions/activations";
import { Dense } from "../../lib/src/layers";
import { getLoss } from "../../lib/src/functions/losses";
import { Matrix } from "../../lib/src/core/matrix";
import { SGD } from "../../lib/src/training/optimizers";

const s = (z: number) => 1 / (1 + Math.exp(-z));
const round4 = (v: number) => Math.round(v * 1e4) / 1e4;
const round2 = (v: number) => Math.round(v * 1e2) / 1e2;
/** The invented output weight of hidden neuron 1, chosen so that z² = 0.374. */
const w01 = (0.374 - 0.2 * s(0.3)) / s(0.2);

function lectureNet() {
  const hidden = new Dense(2, { inputDim: 3, activation: "sigmoid", useBias: false });
  hidden.setWeights([[[0.2, 0.1, 0.12], [0.1, 0.1, 0.1]]]);
  const output = new Dense(1, { inputDim: 2, activation: "sigmoid", useBias: false });
  output.setWeights([[[0.2, w01]]]);
  return { hidden, output };
}

describe("lecture 002: one backpropagation step in a 3-2-1 sigmoid network, b = 0, target 0", () => {
  const a0 = Matrix.from([[1, 1, 0]]);
  const target = Matrix.from([[0]]);
  const loss = getLoss("quadratic"); // C = ½(a − y)²

  test("forward: z¹₀ = 0.3, a¹₀ = 0.5744, z² = 0.374, a² = 0.5924, C = 0.1755 (the slide's 0.17 is a slip for 0.18)", () => {
    const { hidden, output } = lectureNet();
    const a1 = hidden.forward(a0, true);
    expect(a1.get(0, 0)).toBeCloseTo(s(0.3), 12);
    expect(round4(a1.get(0, 0))).toBe(0.5744);
    const a2 = output.forward(a1, true);
    expect(a2.get(0, 0)).toBeCloseTo(s(0.374), 12);
    expect(round4(a2.get(0, 0))).toBe(0.5924);
    const C = loss.forward(a2, target);
    expect(round4(C)).toBe(0.1755);
    expect(round2(C)).toBe(0.18);
    expect(round2(0.59 ** 2)).toBe(0.35); // the slide's «0,34»
  });

  test("the chain's factors: σ′(0.374) = 0.2415, ∂C/∂z² = 0.1430, ∂C/∂a¹₀ = 0.0286, σ′(0.3) = 0.2445", () => {
    const a2 = s(0.374);
    expect(round4(sigmoid.df(0.374))).toBe(0.2415);
    expect(round4(a2 * sigmoid.df(0.374))).toBe(0.143);
    expect(round4(a2 * sigmoid.df(0.374) * 0.2)).toBe(0.0286);
    expect(round4(sigmoid.df(0.3))).toBe(0.2445);
  });

  test("backward and one SGD step (η = 0.1): ∂C/∂w = 0.0822, w' = 0.1918; one deeper: 0.0070, 0.2 → 0.1993", () => {
    const { hidden, output } = lectureNet();
    const a2 = output.forward(hidden.forward(a0, true), true);
    hidden.backward(output.backward(loss.backward(a2, target)));

    // Output weight: ∂C/∂w⁽¹⁾₀₀ = (a² − 0)·σ′(z²)·a¹₀
    const dw = output.dW.get(0, 0);
    expect(dw).toBeCloseTo(s(0.374) * s(0.374) * (1 - s(0.374)) * s(0.3), 12);
    expect(round4(dw)).toBe(0.0822);
    // One layer deeper: ∂C/∂w⁽⁰⁾₀₀ = (a² − 0)·σ′(z²)·w⁽¹⁾₀₀·σ′(z¹₀)·a⁰₀ — the invented neuron does not enter
    const dw0 = hidden.dW.get(0, 0);
    expect(dw0).toBeCloseTo(s(0.374) * s(0.374) * (1 - s(0.374)) * 0.2 * sigmoid.df(0.3) * 1, 12);
    expect(round4(dw0)).toBe(0.007);
    expect(Math.round((0.028 * 0.24) * 1e3) / 1e3).toBe(0.007); // the slide's «0,006» is truncated

    new SGD({ learningRate: 0.1 }).step([...hidden.params(), ...output.params()]);
    expect(round4(output.W.get(0, 0))).toBe(0.1918);
    expect(round4(hidden.W.get(0, 0))).toBe(0.1993);
    expect(round2(hidden.W.get(0, 0))).toBe(0.2); // the slide's «0,19» is a slip
    // The slide rounds ∂C/∂w to 0.08 and gets 0.2 − 0.1·0.08 = 0.192.
    expect(Math.round(dw * 100) / 100).toBe(0.08);
  });

  test("the slide's weight lists W⁽⁰⁾ = [2, 3, 23, 11, 1, 2], W⁽¹⁾ = [4, 2] give z² ≈ 6, not 0.374", () => {
    const hidden = new Dense(2, { inputDim: 3, activation: "sigmoid", useBias: false });
    hidden.setWeights([[[2, 23, 1], [3, 11, 2]]]);
    const output = new Dense(1, { inputDim: 2, useBias: false });
    output.setWeights([[[4, 2]]]);
    const z2 = output.forward(hidden.forward(a0)).get(0, 0);
    expect(z2).toBeGreaterThan(3);
    expect(round4(z2)).toBe(6);
  });
});
