/**
 * The exercises of notebook 04-backprop: each `defineExercise` holds the checker of one exercise.
 * The expected answers are computed here, out of the student's notebook.
 *
 * The lecture-004 network (I = (0.5, 0.7), W₁ = [[1, 3], [−2, 4]], W₂ = (0.5, 0.3), t = 1,
 * E = ½(O − t)², η = 0.1) is the set-up of most of them.
 */
import { Matrix } from "../core/matrix";
import { defineExercise, Verdict } from "./check";
import { expectFunction, expectMatrix, expectNumber } from "./matchers";

const sigma = (z: number): number => 1 / (1 + Math.exp(-z));
const W1 = Matrix.from([[1, 3], [-2, 4]]);
const W2 = Matrix.from([[0.5, 0.3]]);

/**
 * ∂E/∂W₁ of the lecture-004 net for input `input` (a row), hidden activation `act` (f, f′),
 * linear output, E = ½(O − 1)²:  δ = (O − t)·W₂ ⊙ f′(z),  ∂E/∂W₁ = δᵀ·I (outer product).
 */
function lectureNetDW1(input: number[], f: (z: number) => number, df: (z: number) => number): Matrix {
  const I = Matrix.from([input]);
  const z = I.matmul(W1.transpose());
  const a = z.map(f);
  const O = a.matmul(W2.transpose()).get(0, 0);
  const delta = W2.scale(O - 1).multiply(z.map(df));
  return delta.transpose().matmul(I);
}

// 04.1 — the worked example with a sigmoid hidden layer.
const sigmoidDW1 = lectureNetDW1([0.5, 0.7], sigma, (z) => sigma(z) * (1 - sigma(z)));
const reluDW1AtLectureInput = lectureNetDW1([0.5, 0.7], (z) => Math.max(0, z), (z) => (z > 0 ? 1 : 0));
defineExercise({
  id: "04.1",
  title: "∂E/∂W₁ of lecture 004's net with a sigmoid hidden layer",
  check: (answer) => {
    if (answer instanceof Matrix && answer.rows === 2 && answer.cols === 2 && reluDW1AtLectureInput.allClose(answer, 1e-9)) {
      return { ok: false, hint: "this is the ReLU network's gradient: with a sigmoid, a = σ(z) and the factor f′(z) = σ(z)(1 − σ(z)) enters BP2 — both change." };
    }
    return expectMatrix(sigmoidDW1, 1e-6)(answer);
  },
  wrongExamples: [
    reluDW1AtLectureInput,
    sigmoidDW1.transpose(),
    sigmoidDW1.scale(-1),
    Matrix.from([[0.21, 0.1764]]),
    undefined,
  ],
});

// 04.2 — the learning rate that takes O to exactly 1 when only W₂ is updated.
// O' = (W₂ − η(O − t)L₂)·L₂ = O − η(O − t)‖L₂‖² = t  ⇔  η = 1/‖L₂‖² = 1/(2.6² + 1.8²).
const etaExact = 1 / (2.6 * 2.6 + 1.8 * 1.8);
defineExercise({
  id: "04.2",
  title: "the learning rate that makes O = 1 after one update of W₂ alone",
  check: (answer) => {
    if (typeof answer === "number" && Math.abs(answer - 0.84 * etaExact) < 1e-9) {
      return { ok: false, hint: "you multiplied by (O − t) once too often: write O' as a function of η and solve O' = t." };
    }
    return expectNumber(etaExact, 1e-9)(answer);
  },
  wrongExamples: [0, 0.84 * etaExact, 2 * etaExact, 1 / 2.6, "0.1", undefined],
});

// 04.3 — the numerical gradient of E with respect to W₁ (lecture 004's ReLU net).
defineExercise({
  id: "04.3",
  title: "the numerical gradient ∂E/∂W₁ of lecture 004's net (central differences)",
  check: (answer) => {
    const v = expectMatrix(reluDW1AtLectureInput, 1e-6)(answer);
    if (v.ok) return v;
    if (answer instanceof Matrix && answer.rows === 1 && answer.cols === 2) {
      return { ok: false, hint: "that is a gradient with respect to W₂ (1 × 2); perturb the entries of the hidden layer's W (2 × 2)." };
    }
    return v;
  },
  wrongExamples: [Matrix.from([[2.184, 1.512]]), reluDW1AtLectureInput.transpose(), Matrix.zeros(2, 2), 0.21],
});

// 04.5 — BP2 as a function, for a sigmoid layer.
/** BP2: δˡ = (δˡ⁺¹·Wˡ⁺¹) ⊙ σ′(zˡ), one sample per row. */
function bp2Reference(deltaNext: Matrix, Wnext: Matrix, z: Matrix): Matrix {
  return deltaNext.matmul(Wnext).multiply(z.map((v) => sigma(v) * (1 - sigma(v))));
}
const bp2Cases: unknown[][] = [
  [Matrix.from([[0.84]]), Matrix.from([[0.5, 0.3]]), Matrix.from([[2.6, 1.8]])],
  [Matrix.from([[0.1, -0.2], [0.3, 0.05]]), Matrix.from([[1, -1, 0.5], [2, 0.25, -0.5]]), Matrix.from([[0.3, -1, 2], [0, 0.5, -0.2]])],
];
defineExercise({
  id: "04.5",
  title: "BP2 for a sigmoid layer: bp2(δ of the next layer, W of the next layer, z of this layer)",
  check: expectFunction(bp2Reference as (...args: never[]) => unknown, bp2Cases, 1e-12),
  wrongExamples: [
    (d: Matrix, W: Matrix) => d.matmul(W),
    (d: Matrix, W: Matrix, z: Matrix) => d.matmul(W).multiply(z.map(sigma)),
    (d: Matrix, W: Matrix, z: Matrix) => d.matmul(W).multiply(z.map((v) => 1 - sigma(v) * sigma(v))),
    5,
  ],
});

// 04.6 — the ReLU condition is on the pre-activation (E13).
const dW1Dead = lectureNetDW1([3, 0.4], (z) => Math.max(0, z), (z) => (z > 0 ? 1 : 0));
const dW1SlideRule = (() => {
  // the slide's condition "∀i: δ₂[i] > 0": the mask taken from δ instead of from z
  const I = Matrix.from([[3, 0.4]]);
  const z = I.matmul(W1.transpose());
  const O = z.map((v) => Math.max(0, v)).matmul(W2.transpose()).get(0, 0);
  const delta = W2.scale(O - 1);
  return delta.map((d) => (d > 0 ? d : 0)).transpose().matmul(I);
})();
defineExercise({
  id: "04.6",
  title: "∂E/∂W₁ of lecture 004's ReLU net for the input I = (3, 0.4)",
  check: (answer): Verdict => {
    if (answer instanceof Matrix && answer.rows === 2 && answer.cols === 2 && dW1SlideRule.allClose(answer, 1e-9)) {
      return { ok: false, hint: "you masked with the sign of δ₂ (the slide's «∀i: δ₂[i] > 0»): ReLU′ is taken at each hidden neuron's pre-activation L₂⁽ⁱⁿ⁾ — compute it for this input." };
    }
    return expectMatrix(dW1Dead, 1e-9)(answer);
  },
  wrongExamples: [dW1SlideRule, dW1Dead.transpose(), Matrix.from([[3, 0.4]]), undefined],
});

// 04.7 — lecture 000's correction rule with the sign fixed (E1).
// 1-1-1 sigmoid net, x = 1, w_h = 0.5, w_o = 0.8, target d = 0, η = 1.
const e1 = (() => {
  const x = 1, wh = 0.5, wo = 0.8, d = 0;
  const yh = sigma(wh * x), yo = sigma(wo * yh);
  const eo = d - yo;
  const eh = eo * yo * (1 - yo) * wo; // the corrected eᵢ = Σₖ eₖ φ′(Sₖ) wᵢₖ
  return eh * yh * (1 - yh) * x; // Δw_h = η·eₕ·φ′(Sₕ)·x with η = 1
})();
defineExercise({
  id: "04.7",
  title: "Δw of the hidden weight by lecture 000's rule with the sign corrected (d = 0, η = 1)",
  check: expectNumber(e1, 1e-9),
  wrongExamples: [-e1, 0, 2 * e1, e1 / 0.8],
});

// 04.8 — a layer of one's own: tanh as a Layer.
defineExercise({
  id: "04.8",
  title: "a tanh layer implementing the Layer interface (forward and backward)",
  check: (answer): Verdict => {
    if (answer === null || typeof answer !== "object") return { ok: false, hint: "pass an instance of your layer, e.g. check(\"04.8\", new MyTanh())." };
    const layer = answer as { forward?: unknown; backward?: unknown; params?: unknown };
    if (typeof layer.forward !== "function" || typeof layer.backward !== "function") {
      return { ok: false, hint: "your object has no forward or no backward method." };
    }
    const X = Matrix.from([[0.5, -1, 2], [0, 0.3, -0.7]]);
    const dY = Matrix.from([[1, 0.5, -2], [0.25, -1, 3]]);
    let Y: unknown, dX: unknown;
    try {
      Y = (layer.forward as (x: Matrix, t?: boolean) => unknown).call(answer, X.clone(), true);
      dX = (layer.backward as (d: Matrix) => unknown).call(answer, dY.clone());
    } catch (e) {
      return { ok: false, hint: `your layer threw: ${(e as Error).message}` };
    }
    const f = expectMatrix(X.map(Math.tanh), 1e-12)(Y);
    if (!f.ok) return { ok: false, hint: `forward: ${f.hint}` };
    const b = expectMatrix(dY.multiply(X.map((v) => 1 - Math.tanh(v) ** 2)), 1e-12)(dX);
    if (!b.ok) {
      if (dX instanceof Matrix && dX.allClose(dY, 1e-12)) return { ok: false, hint: "backward returns dY unchanged: multiply by tanh′(x) = 1 − tanh²(x), entry by entry." };
      return { ok: false, hint: `backward: ${b.hint}` };
    }
    if (typeof layer.params !== "function" || !Array.isArray((layer.params as () => unknown).call(answer))) {
      return { ok: false, hint: "params() must return an array (empty: tanh has no weights)." };
    }
    return { ok: true };
  },
  wrongExamples: [
    { forward: (x: Matrix) => x.map(Math.tanh), backward: (d: Matrix) => d, params: () => [] },
    { forward: (x: Matrix) => x, backward: (d: Matrix) => d, params: () => [] },
    5,
  ],
});

// 04.9 — lecture 002's 3-2-1 network (notebook 04, §5): ∂C/∂W⁽⁰⁾ for all six input weights.
// a⁰ = (1, 1, 0), W⁽⁰⁾ = [[0.2, 0.1, 0.12], [0.1, 0.1, 0.1]] (row 1 invented), W⁽¹⁾ = (0.2, w₀₁) with
// w₀₁ = (0.374 − 0.2·σ(0.3))/σ(0.2), sigmoid everywhere, b = 0, C = ½(0 − a²)².
const net002 = (() => {
  const a0 = Matrix.from([[1, 1, 0]]);
  const W0 = Matrix.from([[0.2, 0.1, 0.12], [0.1, 0.1, 0.1]]);
  const z1 = a0.matmul(W0.transpose());
  const a1 = z1.map(sigma);
  const w01 = (0.374 - 0.2 * sigma(0.3)) / sigma(0.2);
  const W1n = Matrix.from([[0.2, w01]]);
  const a2 = sigma(a1.matmul(W1n.transpose()).get(0, 0));
  const dz2 = a2 * a2 * (1 - a2); // ∂C/∂z² = (a² − 0)·σ′(z²)
  const dA1 = W1n.scale(dz2); // ∂C/∂a¹
  const right = dA1.multiply(a1.map((a) => a * (1 - a))).transpose().matmul(a0);
  const noSigmaPrime = dA1.transpose().matmul(a0);
  const onlyNeuron0 = right.map((v, i) => (i === 0 ? v : 0));
  return { right, noSigmaPrime, onlyNeuron0 };
})();
defineExercise({
  id: "04.9",
  title: "∂C/∂W⁽⁰⁾ (2 × 3) of lecture 002's 3-2-1 network",
  check: (answer): Verdict => {
    if (answer instanceof Matrix && answer.rows === 2 && answer.cols === 3) {
      if (net002.noSigmaPrime.allClose(answer, 1e-9)) {
        return { ok: false, hint: "the hidden neurons are sigmoids too: between ∂C/∂a¹ and ∂C/∂z¹ comes the factor σ′(z¹) = a¹(1 − a¹)." };
      }
      if (net002.onlyNeuron0.allClose(answer, 1e-9)) {
        return { ok: false, hint: "row 1 is zero: the invented hidden neuron 1 also feeds the output (through w⁽¹⁾₀₁), so its weights get a gradient too." };
      }
    }
    return expectMatrix(net002.right, 1e-9)(answer);
  },
  wrongExamples: [net002.noSigmaPrime, net002.onlyNeuron0, net002.right.transpose(), Matrix.zeros(2, 3)],
});
