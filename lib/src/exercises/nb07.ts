/**
 * The exercises of notebook 07-training-well: each `defineExercise` holds the checker of one
 * exercise. The expected answers stay here, out of the student's notebook.
 */
import { Matrix } from "../core/matrix";
import { defineExercise } from "./check";
import { expectChoice, expectFields, expectFunction, expectMatrix, expectNumber } from "./matchers";
import { t } from "../core/i18n";

const no = (hint: string) => ({ ok: false, hint });

defineExercise({
  id: "07.1",
  title: t`activation or initialisation: which matters more for the gradient sizes?`,
  check: expectChoice("activation", ["activation", "initialisation", "initialization"],
    t`compare how far the layer-1 / layer-9 ratio moves when you change only the initialiser (sigmoid + Glorot → sigmoid + He) with how far it moves when you change only the activation (sigmoid → ReLU, same initialiser).`),
  wrongExamples: ["initialisation", "initialization", "both", "", undefined],
});

const glorotLimit = (fanIn: number, fanOut: number) => Math.sqrt(6 / (fanIn + fanOut));
const heStd = (fanIn: number) => Math.sqrt(2 / fanIn);
const pairs = [[784, 100], [100, 100], [64, 10], [3, 1]];
defineExercise({
  id: "07.2",
  title: t`glorotLimit(fanIn, fanOut) and heStd(fanIn)`,
  check: (answer) => {
    if (answer !== null && typeof answer === "object") {
      const a = answer as Record<string, unknown>;
      if (typeof a.glorotLimit === "function") {
        const f = a.glorotLimit as (i: number, o: number) => unknown;
        if (pairs.every(([i, o]) => Math.abs((f(i, o) as number) - Math.sqrt(2 / (i + o))) < 1e-12)) {
          return no(t`glorotLimit: that is the standard deviation √(2/(fanIn + fanOut)); the BOUND of a uniform U(−limit, limit) with that variance is larger (variance of U(−a, a) = a²/3).`);
        }
      }
      if (typeof a.heStd === "function") {
        const f = a.heStd as (i: number) => unknown;
        if (pairs.every(([i]) => Math.abs((f(i) as number) - 2 / i) < 1e-12)) return no(t`heStd: that is the variance 2/fanIn; the standard deviation is its square root.`);
      }
    }
    return expectFields({
      glorotLimit: expectFunction(glorotLimit as (...args: never[]) => unknown, pairs, 1e-12),
      heStd: expectFunction(heStd as (...args: never[]) => unknown, pairs.map(([i]) => [i]), 1e-12),
    })(answer);
  },
  wrongExamples: [
    { glorotLimit: (i: number, o: number) => Math.sqrt(2 / (i + o)), heStd },
    { glorotLimit, heStd: (i: number) => 2 / i },
    { glorotLimit, heStd: (i: number) => Math.sqrt(1 / i) },
    { glorotLimit: (i: number, o: number) => Math.sqrt(6 / i + o), heStd },
    { glorotLimit },
    undefined,
  ],
});

defineExercise({
  id: "07.3",
  title: t`learning rate 1: which deep sigmoid network still trains?`,
  check: expectChoice(t`with BatchNorm`, [t`with BatchNorm`, t`without BatchNorm`, "both", "neither"],
    t`run deepSigmoid(false, "glorot_uniform", 1) and deepSigmoid(true, "glorot_uniform", 1) and compare the final validation accuracy with chance (10 %).`),
  wrongExamples: [t`without BatchNorm`, "both", "neither", "yes", 1],
});

const Wpen = Matrix.from([[0.5, -0.02], [0, 3]]);
const lam = 0.01;
const l1Grad = Wpen.map((w) => lam * Math.sign(w));
const l2Grad = Wpen.map((w) => 2 * lam * w);
defineExercise({
  id: "07.4",
  title: t`the gradients of the L1 and L2 penalties, and which pulls a small weight harder`,
  check: (answer) => {
    if (answer !== null && typeof answer === "object") {
      const a = answer as Record<string, unknown>;
      if (a.l2Grad instanceof Matrix && expectMatrix(l2Grad.scale(0.5), 1e-12)(a.l2Grad).ok) {
        return no(t`l2Grad: off by a constant factor — the derivative of λw² is 2λw.`);
      }
      if (a.l1Grad instanceof Matrix && expectMatrix(Wpen.map((w) => lam * Math.abs(w)), 1e-12)(a.l1Grad).ok) {
        return no(t`l1Grad: that is the penalty of each weight, λ|w|; its derivative with respect to w is λ·sign(w).`);
      }
      if (a.l1Grad instanceof Matrix && expectMatrix(Wpen.map((w) => lam * (w >= 0 ? 1 : -1)), 1e-12)(a.l1Grad).ok) {
        return no(t`l1Grad: look at the weight that is exactly 0 — sign(0) = 0 (Math.sign), so a zero weight is not pushed.`);
      }
    }
    return expectFields({
      l1Grad: expectMatrix(l1Grad, 1e-12),
      l2Grad: expectMatrix(l2Grad, 1e-12),
      harder: expectChoice("L1", ["L1", "L2"], t`compare the two gradients' entries at the weight −0.02 (row 0, column 1).`),
    })(answer);
  },
  wrongExamples: [
    { l1Grad, l2Grad, harder: "L2" },
    { l1Grad, l2Grad: l2Grad.scale(0.5), harder: "L1" },
    { l1Grad: Wpen.map((w) => lam * Math.abs(w)), l2Grad, harder: "L1" },
    { l1Grad: Wpen.map((w) => lam * (w >= 0 ? 1 : -1)), l2Grad, harder: "L1" },
    { l1Grad: l2Grad, l2Grad: l1Grad, harder: "L1" },
    { l1Grad, harder: "L1" },
  ],
});

const bestEpochRef = (values: number[], mode: "min" | "max"): number => {
  let best = 0;
  for (let e = 1; e < values.length; e++) if (mode === "max" ? values[e] > values[best] : values[e] < values[best]) best = e;
  return best + 1;
};
const epochCases: unknown[][] = [
  [[0.5, 0.7, 0.9, 0.8], "max"],
  [[2.3, 1.1, 0.9, 1.2], "min"],
  [[0.8, 0.9, 0.9, 0.85], "max"],
  [[1.0, 0.7, 0.7, 0.9], "min"],
  [[0.3], "max"],
];
defineExercise({
  id: "07.5",
  title: t`bestEpoch(values, mode): the best epoch of a curve, from 1`,
  check: (answer) => {
    if (typeof answer === "function") {
      const f = answer as (v: number[], m: string) => unknown;
      try {
        if (f([0.5, 0.7, 0.9, 0.8], "max") === 2) return no(t`for [0.5, 0.7, 0.9, 0.8] ("max") you return an index counted from 0; epochs are counted from 1.`);
        if (f([0.8, 0.9, 0.9, 0.85], "max") === 3) return no(t`on a tie (two epochs with the same best value) take the first one.`);
      } catch {
        // expectFunction reports the error below
      }
    }
    return expectFunction(bestEpochRef as (...args: never[]) => unknown, epochCases, 0)(answer);
  },
  wrongExamples: [
    (v: number[]) => v.indexOf(Math.max(...v)),
    (v: number[]) => v.indexOf(Math.max(...v)) + 1,
    (v: number[], m: string) => {
      let b = 0;
      v.forEach((x, e) => { if (m === "max" ? x >= v[b] : x <= v[b]) b = e; });
      return b + 1;
    },
    () => 0,
    3,
  ],
});

defineExercise({
  id: "07.6",
  title: t`weight updates in one epoch of 1,000 samples with batch size 128`,
  check: (answer) => {
    if (typeof answer === "number" && Math.abs(answer - 1000 / 128) < 1e-9) return no(t`a number of updates is a whole number: the last, smaller batch is a step too.`);
    if (answer === 7) return no(t`1000 is not a multiple of 128: the samples left over after the full batches make one more (smaller) batch.`);
    if (answer === 1000) return no(t`that is one update per sample (batch size 1).`);
    return expectNumber(Math.ceil(1000 / 128), 0)(answer);
  },
  wrongExamples: [1000 / 128, 7, 1000, 128, 0, "8"],
});

defineExercise({
  id: "07.7",
  title: t`on which data is the set-up chosen?`,
  check: expectChoice("validation", ["training", "validation", "test"],
    t`training accuracy rewards memorising; a test score used to choose becomes part of the training and stops being an honest estimate — which data is left?`),
  wrongExamples: ["training", "test", "", undefined],
});
