/**
 * The exercises of notebook 04b-losses ("41.k": ids must be two digits, a dot and a number, so
 * 04b's exercises are numbered 41.1, 41.2, …). Each `defineExercise` holds the checker of one
 * exercise; the expected answers stay here, out of the student's notebook.
 *
 * - 41.1  the gradient of Keras' MSE, ∂L/∂ŷ = 2(ŷ − y)/(n·k), as a function of (yPred, yTrue)
 * - 41.2  binary cross-entropy of a batch of three predictions (lecture 003's formula, brackets fixed)
 * - 41.3  which of loss 'mse' and metric 'mae' changes the weights in lecture 004's Keras code
 * - 41.4  ∂ℓ/∂z of softmax + categorical cross-entropy for one sample
 * - 41.5  the learning rate for lecture 000's summed risk Q = Σ L that equals η = 0.1 on the mean (homework)
 */
import { Matrix } from "../core/matrix";
import { defineExercise, type Verdict } from "./check";
import { expectChoice, expectFunction, expectMatrix, expectNumber } from "./matchers";
import { t } from "../core/i18n";

const no = (hint: string): Verdict => ({ ok: false, hint });
const close = (a: number, b: number, tol: number): boolean => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

// ─── 41.1 ──────────────────────────────────────────────────────────────────────────────────────

/** ∂MSE/∂ŷ for the mean over all n·k entries (Keras' "mse"). */
const mseGradient = (yPred: Matrix, yTrue: Matrix): Matrix => yPred.subtract(yTrue).scale(2 / (yPred.rows * yPred.cols));
const cases411: Matrix[][] = [
  [Matrix.from([[1.84]]), Matrix.from([[1]])],
  [Matrix.columnVector([2.5, 0, 2, 8]), Matrix.columnVector([3, -0.5, 2, 7])],
  [Matrix.from([[1, 2], [3, 4], [0, -1]]), Matrix.from([[0, 2], [1, 1], [1, 1]])],
];

defineExercise({
  id: "41.1",
  title: t`the gradient of MSE (mean over all n·k entries), ∂L/∂ŷ, as a function of (yPred, yTrue)`,
  check: (answer) => {
    if (typeof answer === "function") {
      // Name the usual slips before the generic entry-by-entry hint.
      const scaled = (c: (p: Matrix) => number) => (p: Matrix, t: Matrix) => p.subtract(t).scale(c(p));
      const slips: [(p: Matrix, t: Matrix) => Matrix, string][] = [
        [scaled((p) => 2 / p.rows), t`for the 3 × 2 batch you divide by the number of samples only; Keras' mse is the mean over all n·k entries.`],
        [scaled((p) => 1 / (p.rows * p.cols)), t`off by a factor 2 everywhere: the derivative of e² is 2e (that ½ belongs to the quadratic cost).`],
        [scaled(() => 2), t`your gradient is the same for any batch size: the loss is a mean, so its gradient carries 1/(n·k).`],
      ];
      for (const [slip, hint] of slips) if (expectFunction(slip, cases411, 1e-9)(answer).ok) return no(hint);
    }
    return expectFunction(mseGradient, cases411, 1e-9)(answer);
  },
  wrongExamples: [
    (p: Matrix, t: Matrix) => p.subtract(t).scale(2 / p.rows),
    (p: Matrix, t: Matrix) => p.subtract(t).scale(1 / (p.rows * p.cols)),
    (p: Matrix, t: Matrix) => t.subtract(p).scale(2 / (p.rows * p.cols)),
    (p: Matrix, t: Matrix) => p.subtract(t).scale(2),
    (p: Matrix) => Matrix.zeros(p.rows, p.cols),
    0.84,
  ],
});

// ─── 41.2 ──────────────────────────────────────────────────────────────────────────────────────

const p412 = [0.9, 0.2, 0.6];
const y412 = [1, 0, 0];
const bce = (log: (x: number) => number, sign2 = 1, mean = true): number => {
  let s = 0;
  for (let i = 0; i < 3; i++) s += -(y412[i] * log(p412[i])) - sign2 * (1 - y412[i]) * log(1 - p412[i]);
  return mean ? s / 3 : s;
};
const want412 = bce(Math.log);
const misprint412 = bce(Math.log, -1);

defineExercise({
  id: "41.2",
  title: t`binary cross-entropy of p = (0.9, 0.2, 0.6) for targets y = (1, 0, 0)`,
  check: (answer) => {
    if (typeof answer === "number") {
      if (close(answer, misprint412, 1e-9)) return no(t`the (1 − y)·log(1 − p) term has the wrong sign: that is lecture 003's formula without its brackets.`);
      if (close(answer, bce(Math.log10), 1e-9)) return no(t`the log is to base 10; cross-entropy uses the natural log (Math.log).`);
      if (close(answer, bce(Math.log, 1, false), 1e-9)) return no(t`that is the sum over the three samples; the loss is their mean (the 1/N).`);
    }
    return expectNumber(want412, 1e-9)(answer);
  },
  wrongExamples: [misprint412, bce(Math.log10), bce(Math.log, 1, false), -want412, 0.5],
});

// ─── 41.3 ──────────────────────────────────────────────────────────────────────────────────────

defineExercise({
  id: "41.3",
  title: t`in compile(optimizer='rmsprop', loss='mse', metrics=['mae']), which changes the weights`,
  check: expectChoice("mse", ["mse", "mae", "both"], t`a metric is only computed and reported; which number does backward() start from?`),
  wrongExamples: ["mae", "both", "neither", 1],
});

// ─── 41.4 ──────────────────────────────────────────────────────────────────────────────────────

const z414 = [2, 1, -1];
const y414 = [0, 1, 0];
const e414 = z414.map(Math.exp);
const s414 = e414.reduce((a, b) => a + b, 0);
const p414 = e414.map((v) => v / s414);

defineExercise({
  id: "41.4",
  title: t`∂ℓ/∂z of softmax + categorical cross-entropy for z = (2, 1, −1), y = (0, 1, 0), as a 1 × 3 Matrix`,
  check: (answer) => {
    if (answer instanceof Matrix && answer.rows === 1 && answer.cols === 3) {
      if (expectMatrix([p414], 1e-9)(answer).ok) return no(t`that is softmax(z) itself; the gradient also subtracts something that depends on the target.`);
      if (expectMatrix([y414.map((y, j) => -y / p414[j])], 1e-9)(answer).ok) return no(t`that is ∂ℓ/∂p, the gradient with respect to the probabilities; push it through softmax to get ∂ℓ/∂z.`);
    }
    return expectMatrix([p414.map((p, j) => p - y414[j])], 1e-9)(answer);
  },
  wrongExamples: [
    Matrix.from([p414.map((p, j) => y414[j] - p)]),
    Matrix.from([p414]),
    Matrix.from([y414.map((y, j) => -y / p414[j])]),
    Matrix.columnVector(p414.map((p, j) => p - y414[j])),
    Matrix.from([z414.map((z, j) => z - y414[j])]),
  ],
});

// ─── 41.5 ──────────────────────────────────────────────────────────────────────────────────────

defineExercise({
  id: "41.5",
  title: t`the learning rate with the summed risk Q = Σ L over N = 404 samples that takes the same steps as η = 0.1 on the mean`,
  check: (answer) => {
    const want = 0.1 / 404;
    if (typeof answer === "number" && close(answer, 0.1 * 404, 1e-9)) return no(t`the wrong way round: the sum's gradient is N times larger than the mean's, so its rate must be…`);
    // A rounded decimal such as 0.000248 is fine: accept 0.1 % relative error.
    if (typeof answer === "number" && Math.abs(answer - want) <= 1e-3 * want) return { ok: true };
    return expectNumber(want, 1e-12)(answer);
  },
  wrongExamples: [40.4, 0.1, 0.1 / 16, 0.1 / 323],
});
