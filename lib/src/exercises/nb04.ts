/**
 * The exercises of notebook 04-backprop: each `defineExercise` holds the checker of one exercise.
 * The expected answers are computed here, out of the student's notebook.
 *
 * The lecture-004 network (I = (0.5, 0.7), W₁ = [[1, 3], [−2, 4]], W₂ = (0.5, 0.3), t = 1,
 * E = ½(O − t)², η = 0.1) is the set-up of most of them.
 */
import { Matrix } from "../core/matrix";
import { defineExercise, Verdict, wrong } from "./check";
import { derivativeSlips } from "./derivative-slips";
import { describe, expectFunction, expectMatrix, expectNumber } from "./matchers";

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
const dsigma = (z: number): number => sigma(z) * (1 - sigma(z));
const sigmoidDW1 = lectureNetDW1([0.5, 0.7], sigma, dsigma);
const reluDW1AtLectureInput = lectureNetDW1([0.5, 0.7], (z) => Math.max(0, z), (z) => (z > 0 ? 1 : 0));
/** 04.1's answer with each slip of σ′ (derivative-slips.ts) in its place. */
const sigmoidSlips41 = derivativeSlips("sigmoid").map((s) => ({ ...s, answer: lectureNetDW1([0.5, 0.7], sigma, s.df) }));
const slip41 = (name: string) => sigmoidSlips41.find((s) => s.name === name)!.answer;
defineExercise({
  id: "04.1",
  title: "∂E/∂W₁ of lecture 004's net with a sigmoid hidden layer",
  check: expectMatrix(sigmoidDW1, 1e-6, {
    mistakes: [
      { answer: reluDW1AtLectureInput, hint: "this is the ReLU network's gradient: with a sigmoid, a = σ(z) and the factor f′(z) = σ(z)(1 − σ(z)) enters BP2 — both change." },
      ...sigmoidSlips41,
    ],
  }),
  wrongExamples: [
    wrong(reluDW1AtLectureInput, /ReLU network's gradient/),
    wrong(slip41("no f′"), /derivative is missing.*σ′\(z\) = σ\(z\)\(1 − σ\(z\)\)/),
    wrong(slip41("f′ on z"), /z\(1 − z\), the same formula on the pre-activation/),
    wrong(slip41("f itself"), /activation σ\(z\) itself/),
    wrong(sigmoidDW1.transpose(), /transpose of the expected one/),
    wrong(sigmoidDW1.scale(-1), /wrong sign/),
    wrong(Matrix.from([[0.21, 0.1764]]), /1 × 2/),
    wrong(-0.2772, /expected a Matrix, got -0\.2772/),
    wrong(undefined, /forget to return/),
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
  wrongExamples: [0, wrong(0.84 * etaExact, /once too often/), 2 * etaExact, 1 / 2.6, wrong("0.1", /the string '0\.1'.*without quotes/), undefined],
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
    if (answer !== null && typeof answer === "object" && "maxRelativeError" in answer) {
      return { ok: false, hint: "that is checkGradient's report (ok, maxRelativeError, …); pass the matrix numericalGradient returns." };
    }
    return v;
  },
  wrongExamples: [
    wrong(Matrix.from([[2.184, 1.512]]), /W₂/),
    wrong(reluDW1AtLectureInput.transpose(), /transpose of the expected one/),
    Matrix.zeros(2, 2),
    wrong({ ok: true, maxRelativeError: 1e-9, maxAbsoluteError: 1e-10 }, /checkGradient's report/),
    wrong(0.21, /expected a Matrix, got 0\.21/),
  ],
});

// 04.5 — BP2 as a function, for a sigmoid layer.
/** BP2: δˡ = (δˡ⁺¹·Wˡ⁺¹) ⊙ σ′(zˡ), one sample per row. */
function bp2Reference(deltaNext: Matrix, Wnext: Matrix, z: Matrix): Matrix {
  return deltaNext.matmul(Wnext).multiply(z.map(dsigma));
}
const bp2Cases: unknown[][] = [
  [Matrix.from([[0.84]]), Matrix.from([[0.5, 0.3]]), Matrix.from([[2.6, 1.8]])],
  [Matrix.from([[0.1, -0.2], [0.3, 0.05]]), Matrix.from([[1, -1, 0.5], [2, 0.25, -0.5]]), Matrix.from([[0.3, -1, 2], [0, 0.5, -0.2]])],
];
defineExercise({
  id: "04.5",
  title: "BP2 for a sigmoid layer: bp2(δ of the next layer, W of the next layer, z of this layer)",
  check: expectFunction(bp2Reference as (...args: never[]) => unknown, bp2Cases, 1e-12, {
    mistakes: derivativeSlips("sigmoid").map((s) => ({
      reference: ((d: Matrix, W: Matrix, z: Matrix) => d.matmul(W).multiply(z.map(s.df))) as (...args: never[]) => unknown,
      hint: s.hint,
    })),
  }),
  wrongExamples: [
    wrong((d: Matrix, W: Matrix) => d.matmul(W), /derivative is missing/),
    wrong((d: Matrix, W: Matrix, z: Matrix) => d.matmul(W).multiply(z.map(sigma)), /activation σ\(z\) itself/),
    wrong((d: Matrix, W: Matrix, z: Matrix) => d.matmul(W).multiply(z.map((v) => 1 - sigma(v) * sigma(v))), /tanh's derivative/),
    wrong((d: Matrix, W: Matrix, z: Matrix) => d.matmul(W).multiply(z.map((v) => v * (1 - v))), /pre-activation z/),
    wrong((d: Matrix, W: Matrix, z: Matrix) => d.matmul(W.transpose()).multiply(z.map(dsigma)), /threw.*transposed/),
    wrong(5, /expected a function, got 5/),
  ],
});

// 04.6 — the ReLU condition is on the pre-activation (E13).
// At I = (3, 0.4): L₂⁽ⁱⁿ⁾ = I·W₁ᵀ = (4.2, −4.4), O = 2.1, δ₂ = (O − t)·W₂ = (0.55, 0.33). Both entries of
// δ₂ and of I are positive, so a mask taken from δ₂'s sign (the slide's «∀i: δ₂[i] > 0») or from the
// input's sign keeps both neurons, exactly as no mask at all does: the three mistakes give one and
// the same matrix, and its hint names all three instead of blaming one.
const relu = (z: number): number => Math.max(0, z);
const step = (z: number): number => (z > 0 ? 1 : 0);
const dW1Dead = lectureNetDW1([3, 0.4], relu, step);
const dW1NoMask = lectureNetDW1([3, 0.4], relu, () => 1);
const dW1Mask = (mask: (z: number) => number, hidden: (z: number) => number): Matrix => {
  const I = Matrix.from([[3, 0.4]]);
  const z = I.matmul(W1.transpose());
  const O = z.map(hidden).matmul(W2.transpose()).get(0, 0);
  return W2.scale(O - 1).multiply(z.map(mask)).transpose().matmul(I);
};
const dW1SlideRule = (() => {
  // the slide's condition "∀i: δ₂[i] > 0": the mask taken from δ instead of from z
  const I = Matrix.from([[3, 0.4]]);
  const O = I.matmul(W1.transpose()).map(relu).matmul(W2.transpose()).get(0, 0);
  const delta = W2.scale(O - 1);
  return delta.map((d) => (d > 0 ? d : 0)).transpose().matmul(I);
})();
const dW1InputSign = (() => {
  // the mask taken from the input's sign: neuron j kept while I[j] > 0
  const I = Matrix.from([[3, 0.4]]);
  const O = I.matmul(W1.transpose()).map(relu).matmul(W2.transpose()).get(0, 0);
  return W2.scale(O - 1).multiply(I.map(step)).transpose().matmul(I);
})();
defineExercise({
  id: "04.6",
  title: "∂E/∂W₁ of lecture 004's ReLU net for the input I = (3, 0.4)",
  check: expectMatrix(dW1Dead, 1e-9, {
    mistakes: [
      {
        answer: dW1NoMask,
        hint: "both hidden neurons get a gradient, as if both were on. That is what you get with no ReLU′ mask at all, and also with a mask " +
          "taken from δ₂'s sign (the slide's «∀i: δ₂[i] > 0») or from the input's sign — for this input those keep every neuron. " +
          "ReLU′ is taken at each hidden neuron's pre-activation L₂⁽ⁱⁿ⁾ = I·W₁ᵀ: compute it for this input.",
      },
      { answer: dW1Mask((z) => 1 - step(z), relu), hint: "the mask is the wrong way round: ReLU′(z) is 1 where the pre-activation z > 0 and 0 where z ≤ 0." },
      { answer: dW1Mask(step, (z) => z), hint: "the mask is right but O is not: the forward pass applies ReLU too, so a neuron that is off adds nothing to O." },
    ],
  }),
  wrongExamples: [
    wrong(dW1NoMask, /no ReLU′ mask at all.*δ₂'s sign.*input's sign/),
    wrong(dW1SlideRule, /no ReLU′ mask at all.*δ₂'s sign.*input's sign/),
    wrong(dW1InputSign, /no ReLU′ mask at all.*δ₂'s sign.*input's sign/),
    wrong(dW1Mask((z) => 1 - step(z), relu), /wrong way round/),
    wrong(dW1Mask(step, (z) => z), /forward pass applies ReLU too/),
    wrong(dW1Dead.transpose(), /transpose of the expected one/),
    wrong(Matrix.from([[3, 0.4]]), /1 × 2/),
    undefined,
  ],
});

// 04.7 — lecture 000's correction rule with the sign fixed (E1).
// 1-1-1 sigmoid net, x = 1, w_h = 0.5, w_o = 0.8, target d = 0, η = 1.
/** Δw_h of lecture 000's rule with `hidden` in place of φ′(S_h) and `out` in place of φ′(S_o). */
function deltaWh(hidden: (S: number) => number, out?: number): number {
  const x = 1, wh = 0.5, wo = 0.8, d = 0;
  const yh = sigma(wh * x), yo = sigma(wo * yh);
  const eo = d - yo;
  const eh = eo * (out ?? yo * (1 - yo)) * wo; // the corrected eᵢ = Σₖ eₖ φ′(Sₖ) wᵢₖ
  return eh * hidden(wh * x) * x; // Δw_h = η·eₕ·φ′(Sₕ)·x with η = 1
}
const e1 = deltaWh(dsigma);
defineExercise({
  id: "04.7",
  title: "Δw of the hidden weight by lecture 000's rule with the sign corrected (d = 0, η = 1)",
  check: expectNumber(e1, 1e-9, {
    mistakes: [
      { answer: deltaWh(() => 1), hint: "the hidden neuron's derivative is missing: Δw_h = η·e_h·φ′(S_h)·x, with φ′(S_h) = y_h(1 − y_h)." },
      { answer: deltaWh(dsigma, 1), hint: "the output neuron's derivative is missing: e_h = e_o·φ′(S_o)·w_o, with φ′(S_o) = y_o(1 − y_o)." },
      ...derivativeSlips("sigmoid").filter((s) => s.name !== "no f′").map((s) => ({ answer: deltaWh(s.df), hint: s.hint })),
    ],
  }),
  wrongExamples: [
    wrong(-e1, /sign/),
    0,
    2 * e1,
    e1 / 0.8,
    wrong(deltaWh(() => 1), /hidden neuron's derivative is missing/),
    wrong(deltaWh(dsigma, 1), /output neuron's derivative is missing/),
    wrong(NaN, /NaN/),
  ],
});

// 04.8 — a layer of one's own: tanh as a Layer.
const X48 = Matrix.from([[0.5, -1, 2], [0, 0.3, -0.7]]);
const dY48 = Matrix.from([[1, 0.5, -2], [0.25, -1, 3]]);
const tanhPrime = (v: number): number => 1 - Math.tanh(v) ** 2;
/** A parameter-free layer whose forward is tanh and whose backward is `backward(dY, X)`. */
const tanhLayer = (backward: (dY: Matrix, X: Matrix) => Matrix) => {
  let X: Matrix | undefined;
  return { forward: (x: Matrix) => ((X = x), x.map(Math.tanh)), backward: (d: Matrix) => backward(d, X as Matrix), params: () => [] };
};
defineExercise({
  id: "04.8",
  title: "a tanh layer implementing the Layer interface (forward and backward)",
  check: (answer): Verdict => {
    if (answer === null || typeof answer !== "object") return { ok: false, hint: `pass an instance of your layer, e.g. check("04.8", new MyTanh()); got ${describe(answer)}.` };
    const layer = answer as { forward?: unknown; backward?: unknown; params?: unknown };
    if (typeof layer.forward !== "function" || typeof layer.backward !== "function") {
      return { ok: false, hint: "your object has no forward or no backward method." };
    }
    let Y: unknown, dX: unknown;
    try {
      Y = (layer.forward as (x: Matrix, t?: boolean) => unknown).call(answer, X48.clone(), true);
      dX = (layer.backward as (d: Matrix) => unknown).call(answer, dY48.clone());
    } catch (e) {
      return { ok: false, hint: `your layer threw: ${(e as Error).message}` };
    }
    const f = expectMatrix(X48.map(Math.tanh), 1e-12)(Y);
    if (!f.ok) return { ok: false, hint: `forward: ${f.hint}` };
    if (dX instanceof Matrix && dX.allClose(dY48, 1e-12)) return { ok: false, hint: "backward returns dY unchanged: multiply by tanh′(x) = 1 − tanh²(x), entry by entry." };
    const b = expectMatrix(dY48.multiply(X48.map(tanhPrime)), 1e-12, {
      mistakes: [
        { answer: X48.map(tanhPrime), hint: "it returns tanh′(x) alone: the chain rule multiplies it by dY, the gradient arriving from the layer above, entry by entry." },
        ...derivativeSlips("tanh").map((s) => ({ answer: dY48.multiply(X48.map(s.df)), hint: s.hint })),
      ],
    })(dX);
    if (!b.ok) return { ok: false, hint: `backward: ${b.hint}` };
    if (typeof layer.params !== "function" || !Array.isArray((layer.params as () => unknown).call(answer))) {
      return { ok: false, hint: "params() must return an array (empty: tanh has no weights)." };
    }
    return { ok: true };
  },
  wrongExamples: [
    wrong(tanhLayer((d) => d), /dY unchanged/),
    wrong(tanhLayer((d, X) => d.multiply(X.map(Math.tanh))), /backward: you multiplied by tanh\(z\), the activation itself/),
    wrong(tanhLayer((_d, X) => X.map(tanhPrime)), /backward: it returns tanh′\(x\) alone: the chain rule multiplies it by dY/),
    wrong(tanhLayer((d, X) => d.multiply(X.map((v) => 1 - Math.tanh(Math.tanh(v)) ** 2))), /backward: you applied tanh twice/),
    wrong(tanhLayer((d, X) => d.multiply(X.map((v) => 1 - Math.tanh(v)))), /backward: 1 − tanh\(z\) misses the square/),
    wrong(tanhLayer((d, X) => d.multiply(X.map((v) => 1 - v * v))), /backward: 1 − z² squares the input/),
    wrong({ forward: (x: Matrix) => x, backward: (d: Matrix) => d, params: () => [] }, /^forward:/),
    wrong(5, /new MyTanh\(\)\); got 5/),
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
  /** ∂C/∂W⁽⁰⁾ with `hidden` in place of σ′(z¹) and `out` in place of σ′(z²) = a²(1 − a²). */
  const gradient = (hidden: (z: number) => number, out = a2 * (1 - a2)): Matrix => {
    const dz2 = a2 * out; // ∂C/∂z² = (a² − 0)·σ′(z²)
    const dA1 = W1n.scale(dz2); // ∂C/∂a¹
    return dA1.multiply(z1.map(hidden)).transpose().matmul(a0);
  };
  const right = gradient(dsigma);
  const noSigmaPrime = gradient(() => 1);
  const noOutputSigmaPrime = gradient(dsigma, 1);
  const onlyNeuron0 = right.map((v, i) => (i === 0 ? v : 0));
  const slips = derivativeSlips("sigmoid").map((s) => ({ ...s, answer: gradient(s.df) }));
  return { right, noSigmaPrime, noOutputSigmaPrime, onlyNeuron0, slips };
})();
defineExercise({
  id: "04.9",
  title: "∂C/∂W⁽⁰⁾ (2 × 3) of lecture 002's 3-2-1 network",
  check: expectMatrix(net002.right, 1e-9, {
    mistakes: [
      { answer: net002.noSigmaPrime, hint: "the hidden neurons are sigmoids too: between ∂C/∂a¹ and ∂C/∂z¹ comes the factor σ′(z¹) = a¹(1 − a¹)." },
      { answer: net002.noOutputSigmaPrime, hint: "the output neuron is a sigmoid too: ∂C/∂z² = (a² − y)·σ′(z²), with σ′(z²) = a²(1 − a²)." },
      { answer: net002.onlyNeuron0, hint: "row 1 is zero: the invented hidden neuron 1 also feeds the output (through w⁽¹⁾₀₁), so its weights get a gradient too." },
      ...net002.slips,
    ],
  }),
  wrongExamples: [
    wrong(net002.noSigmaPrime, /hidden neurons are sigmoids too/),
    wrong(net002.noOutputSigmaPrime, /output neuron is a sigmoid too/),
    wrong(net002.slips.find((s) => s.name === "f′ on z")!.answer, /pre-activation z/),
    wrong(net002.onlyNeuron0, /row 1 is zero/),
    wrong(net002.right.transpose(), /transpose of the expected shape/),
    wrong(net002.right.scale(-1), /wrong sign/),
    Matrix.zeros(2, 3),
  ],
});
