/**
 * The exercises of notebooks 05-optimizers (05.1–05.4) and 05b-boston-housing (05.5–05.8): each
 * `defineExercise` holds the checker of one exercise. The expected answers stay here, out of the
 * student's notebook. (05.7 and 05.8 are written answers: their model answers are in the
 * notebook's solution cells, not here.)
 */
import { Matrix } from "../core/matrix";
import { Adagrad } from "../training/optimizers";
import type { Verdict } from "./check";
import { defineExercise, wrong } from "./check";
import { expectChoice, expectMatrix, expectNumber } from "./matchers";
import { t } from "../core/i18n";

const no = (hint: string): Verdict => ({ ok: false, hint });

// ─── 05.1: the largest rate at which SGD still converges on the ravine ─────────────────────────

defineExercise({
  id: "05.1",
  title: t`the largest learning rate at which SGD converges on the ravine f = 0.1x² + 2y²`,
  check: (answer) => {
    // Along y the update multiplies y by (1 − η·f_yy) = (1 − 4η): it converges while |1 − 4η| < 1.
    if (typeof answer === "number" && Math.abs(answer - 10) < 0.5) {
      return no(t`that is the limit of the flat direction x; the steep direction runs out of room much earlier.`);
    }
    return expectNumber(0.5, 0.025)(answer);
  },
  wrongExamples: [0.1, 10, 1, 0.25, "0.5", Number.NaN],
});

// ─── 05.2: Adam with β₁ = 0 ─────────────────────────────────────────────────────────────────────

defineExercise({
  id: "05.2",
  title: t`Adam with β₁ = 0: which optimizer of the table is left?`,
  check: expectChoice("rmsprop", ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta"],
    t`with β₁ = 0, what is m after each step? Put that m into Adam's update and look for the row of section 1's table that has the same update (up to the bias correction).`),
  wrongExamples: ["momentum", "sgd", "adagrad", "adam", 0],
});

// ─── 05.3: Adagrad as a step function, equal to the library's Adagrad ─────────────────────────

/** The ravine's gradient at w = (x, y): (0.2x, 4y). */
function ravineGrad(w: Matrix): Matrix {
  return Matrix.from([[0.2 * w.get(0, 0), 4 * w.get(0, 1)]]);
}

type StepFn = (w: Matrix, g: Matrix, s: { G: Matrix }, eta: number) => unknown;

/** The library's Adagrad (η = 0.5, G₀ = 0.1, ε = 1e-7) for `steps` steps on the ravine: every w. */
function adagradReference(steps: number): Matrix[] {
  const opt = new Adagrad({ learningRate: 0.5 });
  const param = { name: "w", value: Matrix.from([[-4.5, 1.5]]), grad: Matrix.zeros(1, 2) };
  const out: Matrix[] = [];
  for (let step = 0; step < steps; step++) {
    param.grad.data.set(ravineGrad(param.value).data);
    opt.step([param]);
    out.push(param.value.clone());
  }
  return out;
}

/** Runs a student's step function the same way; returns the weights after each step, or a hint. */
function runStepFn(fn: StepFn, steps: number): Matrix[] | string {
  const s = { G: Matrix.full(1, 2, 0.1) };
  let w = Matrix.from([[-4.5, 1.5]]);
  const out: Matrix[] = [];
  for (let step = 0; step < steps; step++) {
    const g = ravineGrad(w);
    let next: unknown;
    try {
      next = fn(w.clone(), g.clone(), s, 0.5);
    } catch (e) {
      return t`your function threw on step ${step + 1}: ${(e as Error).message}`;
    }
    if (!(next instanceof Matrix)) return t`your function must return the new weights as a Matrix; on step ${step + 1} it returned ${next === undefined ? "undefined (did you forget return?)" : typeof next}.`;
    if (next.rows !== 1 || next.cols !== 2) return t`the new weights must have the shape of w (1 × 2), got ${next.rows} × ${next.cols}.`;
    if (!(s.G instanceof Matrix) || s.G.rows !== 1 || s.G.cols !== 2) return t`s.G must stay a Matrix of the shape of w: store the new accumulator in s.G.`;
    w = next.clone();
    out.push(w);
  }
  return out;
}

function maxDiff(a: Matrix, b: Matrix): number {
  let m = 0;
  for (let k = 0; k < a.data.length; k++) m = Math.max(m, Math.abs(a.data[k] - b.data[k]));
  return m;
}

defineExercise({
  id: "05.3",
  title: t`Adagrad as a step function, equal to the library's Adagrad step by step`,
  check: (answer) => {
    if (typeof answer !== "function") return no(t`expected a function (w, g, s, eta) => new w, got ${answer === undefined ? "undefined" : typeof answer}.`);
    const steps = 10;
    const got = runStepFn(answer as StepFn, steps);
    if (typeof got === "string") return no(got);
    const want = adagradReference(steps);
    const w0 = Matrix.from([[-4.5, 1.5]]);
    for (let step = 0; step < steps; step++) {
      const d = maxDiff(got[step], want[step]);
      if (d <= 1e-10) continue;
      if (step === 0) {
        const f = (m: Matrix) => 0.1 * m.get(0, 0) ** 2 + 2 * m.get(0, 1) ** 2;
        const fw0 = 0.1 * 4.5 ** 2 + 2 * 1.5 ** 2;
        if (f(got[0]) > fw0) return no(t`after your first step f is larger than before: the weights moved uphill. Check the sign of the update.`);
        if (d < 1e-6) return no(t`your first step is off by a tiny amount only: check where ε sits (Keras and nnlib add it INSIDE the root) and its value 1e-7.`);
        const stepGot = got[0].subtract(w0), stepWant = want[0].subtract(w0);
        if (stepGot.maxAbs() === 0) return no(t`your function returns w unchanged: it must return the updated weights.`);
        const ratio = stepGot.get(0, 0) / stepWant.get(0, 0);
        if (Math.abs(ratio - stepGot.get(0, 1) / stepWant.get(0, 1)) < 1e-6) {
          return no(t`your first step points the right way but has the wrong length in both coordinates: is G updated with g² BEFORE you divide, starting from G = 0.1, and does η multiply the step?`);
        }
        return no(t`your first step is off: compare each line with the formulas G ← G + g², w ← w − η·g/√(G + ε).`);
      }
      return no(t`steps 1…${step} are right, step ${step + 1} is off: is G a running SUM (not a moving average), kept in s.G from one call to the next?`);
    }
    return { ok: true };
  },
  wrongExamples: [
    (w: Matrix, g: Matrix) => w.subtract(g.scale(0.5)),
    (w: Matrix, g: Matrix, s: { G: Matrix }, eta: number) => {
      s.G = s.G.scale(0.9).add(g.multiply(g).scale(0.1));
      return w.subtract(g.scale(eta).divide(s.G.map((G) => Math.sqrt(G + 1e-7))));
    },
    (w: Matrix, g: Matrix, s: { G: Matrix }, eta: number) => {
      s.G = s.G.add(g.multiply(g));
      return w.subtract(g.scale(eta).divide(s.G.map((G) => Math.sqrt(G) + 1e-7)));
    },
    wrong((w: Matrix, g: Matrix, s: { G: Matrix }, eta: number) => {
      const G = s.G.add(g.multiply(g));
      return w.subtract(g.scale(eta).divide(G.map((v) => Math.sqrt(v + 1e-7))));
    }, /^steps 1…1 are right, step 2 is off: is G a running SUM/),
    (w: Matrix, g: Matrix, s: { G: Matrix }, eta: number) => {
      s.G = s.G.add(g.multiply(g));
      return w.add(g.scale(eta).divide(s.G.map((G) => Math.sqrt(G + 1e-7))));
    },
    5,
  ],
});

// ─── 05.4: the second RMSProp step on lecture 004's 2-2-1 net ─────────────────────────────────

/**
 * Lecture 004's net: I = (0.5, 0.7), W₁ = [[1, 3], [−2, 4]], W₂ = (0.5, 0.3), ReLU hidden layer,
 * no biases, t = 1, E = ½(O − t)², trained by RMSProp (η 0.001, α 0.9, ε 1e-7 inside the root,
 * as Keras and nnlib). Returns W₂ after `steps` steps. The options produce typical wrong answers.
 */
export function rmsprop221(steps: number, options: { updateW1?: boolean; resetG?: boolean; epsilonOutside?: boolean } = {}): number[] {
  const I = [0.5, 0.7];
  const W1 = [[1, 3], [-2, 4]];
  const W2 = [0.5, 0.3];
  const eta = 0.001, alpha = 0.9, eps = 1e-7;
  let G1 = [[0, 0], [0, 0]];
  let G2 = [0, 0];
  const step = (w: number, g: number, G: number) => w - (eta * g) / (options.epsilonOutside ? Math.sqrt(G) + eps : Math.sqrt(G + eps));
  for (let s = 0; s < steps; s++) {
    if (options.resetG) {
      G1 = [[0, 0], [0, 0]];
      G2 = [0, 0];
    }
    const z = W1.map((row) => row[0] * I[0] + row[1] * I[1]);
    const L2 = z.map((v) => Math.max(0, v));
    const O = W2[0] * L2[0] + W2[1] * L2[1];
    const dO = O - 1;
    const gW2 = L2.map((a) => dO * a);
    const delta = W2.map((w, j) => dO * w * (z[j] > 0 ? 1 : 0));
    const gW1 = delta.map((d) => I.map((x) => d * x));
    for (let j = 0; j < 2; j++) {
      G2[j] = alpha * G2[j] + (1 - alpha) * gW2[j] ** 2;
      W2[j] = step(W2[j], gW2[j], G2[j]);
      if (options.updateW1 === false) continue;
      for (let k = 0; k < 2; k++) {
        G1[j][k] = alpha * G1[j][k] + (1 - alpha) * gW1[j][k] ** 2;
        W1[j][k] = step(W1[j][k], gW1[j][k], G1[j][k]);
      }
    }
  }
  return W2;
}

defineExercise({
  id: "05.4",
  title: t`W₂ after the second RMSProp step on lecture 004's 2-2-1 net`,
  check: (answer) => {
    const close = (m: Matrix | number[][], w: number[]) => expectMatrix([w], 1e-12)(m).ok;
    let A: Matrix | number[][] | undefined;
    if (answer instanceof Matrix || (Array.isArray(answer) && answer.every((r) => Array.isArray(r)))) A = answer as Matrix | number[][];
    if (A !== undefined) {
      if (close(A, rmsprop221(1))) return no(t`this is W₂ after ONE step; take the second step from there with a new gradient.`);
      if (close(A, rmsprop221(2, { resetG: true }))) return no(t`G must carry over from step 1 (G ← α·G + (1 − α)·g²), not start again from 0.`);
      if (close(A, rmsprop221(2, { updateW1: false }))) return no(t`step 1 updates W₁ too, and the gradient of step 2 must be computed with the new W₁.`);
      if (expectMatrix([rmsprop221(2, { epsilonOutside: true })], 1e-15)(A).ok && !close(A, rmsprop221(2))) {
        return no(t`you put ε outside the root (the lecture's form): this exercise uses Keras' √(G + ε), like the library.`);
      }
    }
    return expectMatrix([rmsprop221(2)], 1e-9)(answer);
  },
  wrongExamples: [
    Matrix.from([rmsprop221(1)]),
    Matrix.from([rmsprop221(2, { resetG: true })]),
    Matrix.from([rmsprop221(2, { updateW1: false })]),
    Matrix.columnVector(rmsprop221(2)),
    Matrix.from([[0.5, 0.3]]),
    undefined,
  ],
});

// ─── 05.5: MAE from scratch ─────────────────────────────────────────────────────────────────────

/** MAE = (1/n) Σ_{i=1}^{n} |yᵢ − ŷᵢ| over the n rows of two n × 1 matrices. */
function maeReference(yTrue: Matrix, yPred: Matrix): number {
  let s = 0;
  for (let i = 0; i < yTrue.rows; i++) s += Math.abs(yTrue.get(i, 0) - yPred.get(i, 0));
  return s / yTrue.rows;
}

const maeCases: [Matrix, Matrix][] = [
  [Matrix.columnVector([3]), Matrix.columnVector([1])],
  [Matrix.columnVector([1, 2, 3, 4]), Matrix.columnVector([2, 2, 1, 5])],
  [Matrix.columnVector([24, 21.6, 34.7, 33.4, 36.2]), Matrix.columnVector([25.1, 19.9, 30.2, 35, 36.2])],
];

defineExercise({
  id: "05.5",
  title: t`MAE(y, ŷ) from scratch, equal to the library's "mae"`,
  check: (answer) => {
    if (typeof answer !== "function") return no(t`expected a function (yTrue, yPred) => number, got ${answer === undefined ? "undefined" : typeof answer}.`);
    for (const [y, p] of maeCases) {
      let got: unknown;
      try {
        got = (answer as (a: Matrix, b: Matrix) => unknown)(y.clone(), p.clone());
      } catch (e) {
        return no(t`your function threw for a batch of n = ${y.rows}: ${(e as Error).message}`);
      }
      const want = maeReference(y, p);
      if (typeof got === "number" && Math.abs(got - (want * y.rows) / (y.rows + 1)) < 1e-9) {
        return no(t`you divide by one more than the number of samples: a sum from i = 0 to n has n + 1 terms (the lecture's slip).`);
      }
      const v = expectNumber(want, 1e-9)(got);
      if (!v.ok) {
        if (typeof got === "number" && y.rows === 1 && Math.abs(got - want * want) < 1e-9) return no(t`for one sample with error 2 you return 4: is there a square where an absolute value belongs?`);
        return no(t`for a batch of n = ${y.rows}: ${v.hint}`);
      }
    }
    return { ok: true };
  },
  wrongExamples: [
    (y: Matrix, p: Matrix) => y.subtract(p).map((e) => e * e).mean(),
    (y: Matrix, p: Matrix) => y.subtract(p).map(Math.abs).sum(),
    (y: Matrix, p: Matrix) => y.subtract(p).mean(),
    (y: Matrix, p: Matrix) => (y.subtract(p).map(Math.abs).sum() as number) / (y.rows + 1),
    3,
  ],
});

// ─── 05.6: which function changes the weights? ───────────────────────────────────────────────

defineExercise({
  id: "05.6",
  title: t`compile({ loss: "mae", metrics: ["mse"] }): whose gradient moves the weights?`,
  check: expectChoice("mae", ["mse", "mae", "both", "neither"],
    t`fit differentiates one function and only reports the others: which of the two options of compile names the function that is differentiated?`),
  wrongExamples: ["mse", "both", "neither", "rmsprop", undefined],
});
