/**
 * The exercises of notebook 02-matrices: each `defineExercise` holds the checker of one exercise.
 * The expected answers stay here, out of the student's notebook.
 */
import { Matrix } from "../core/matrix";
import { defineExercise, type Verdict } from "./check";
import { describe, expectFunction, expectMatrix, expectNumber } from "./matchers";

const no = (hint: string): Verdict => ({ ok: false, hint });

defineExercise({
  id: "02.1",
  title: "E·v for E = [[2, 0], [1, −1]] and v = (3, 4)ᵀ",
  check: (answer) => {
    if (answer instanceof Matrix && answer.rows === 1 && answer.cols === 2) {
      return { ok: false, hint: "your answer is a row (1 × 2); E·v of a 2 × 2 matrix and a 2 × 1 column is a 2 × 1 column: use Matrix.columnVector." };
    }
    return expectMatrix([[6], [-1]], 1e-12)(answer);
  },
  wrongExamples: [Matrix.from([[6, -1]]), Matrix.from([[6], [1]]), Matrix.from([[2, 0], [1, -1]]), undefined, 5],
});

// 02.2 — the hidden values from a weight matrix stored (inputs × units), as the "transposed" slide
// and Keras store it.
const slideW1 = Matrix.from([[1, -2], [3, 4]]);
const lectureI = Matrix.columnVector([0.5, 0.7]);
const fromInputsByUnits = (W: Matrix, x: Matrix) => W.transpose().matmul(x);
defineExercise({
  id: "02.2",
  title: "hidden = f(W, x) for W stored as (inputs × units), like the transposed slide and Keras",
  check: (answer) => {
    if (typeof answer === "function") {
      try {
        const got = (answer as (W: Matrix, x: Matrix) => unknown)(slideW1.clone(), lectureI.clone());
        if (got instanceof Matrix && got.rows === 2 && got.cols === 1 && Math.abs(got.get(0, 0) - -0.9) < 1e-9 && Math.abs(got.get(1, 0) - 4.3) < 1e-9) {
          return no("that is W·x with the slide's matrix as it is: its ROWS are the inputs, so the weights into one hidden neuron stand in a column.");
        }
      } catch {
        // reported below with the failing input
      }
    }
    return expectFunction(fromInputsByUnits, [
      [slideW1, lectureI],
      [Matrix.from([[1, 0, 2], [0, 3, -1], [2, 1, 1]]), Matrix.columnVector([1, -1, 2])],
      [Matrix.from([[1, 2], [3, 4], [5, 6]]), Matrix.columnVector([1, 0, -1])],
    ], 1e-12)(answer);
  },
  wrongExamples: [
    (W: Matrix, x: Matrix) => W.matmul(x),
    () => Matrix.columnVector([2.6, 1.8]),
    (W: Matrix, x: Matrix) => x.transpose().matmul(W),
    Matrix.columnVector([2.6, 1.8]),
  ],
});

// 02.3 — parameters of a 784-100-10 network.
const params784 = (784 + 1) * 100 + (100 + 1) * 10;
defineExercise({
  id: "02.3",
  title: "trainable parameters of a 784-100-10 network",
  check: (answer) => {
    if (answer === 784 * 100 + 100 * 10) return no("you counted the weights only: every unit also has a bias.");
    if (answer === (784 + 1) * 100) return no("that is the first layer only.");
    if (answer === 784 * 100 + 100 + 10) return no("the second layer has a weight from every hidden unit to every output unit.");
    return expectNumber(params784, 0)(answer);
  },
  wrongExamples: [784 * 100 + 100 * 10, (784 + 1) * 100, 784 * 100 + 110, 784 + 100 + 10, "79k"],
});

// 02.4 — homework: the 2-2-1 net with a ReLU hidden layer.
const W1 = Matrix.from([[1, 3], [-2, 4]]);
const W2 = Matrix.from([[0.5, 0.3]]);
const reluNet = (x: number[]) => W2.matmul(W1.matmul(Matrix.columnVector(x)).map((v) => Math.max(0, v))).get(0, 0);
const linearNet = (x: number[]) => W2.matmul(W1.matmul(Matrix.columnVector(x))).get(0, 0);
const isPair = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every((u) => typeof u === "number" && Number.isFinite(u));
defineExercise({
  id: "02.4",
  title: "homework: the lecture's 2-2-1 net with a ReLU hidden layer",
  check: (answer) => {
    if (answer === null || typeof answer !== "object") return no(`expected an object { outputAtI, changed, x, y }, got ${describe(answer)}.`);
    const a = answer as Record<string, unknown>;
    const out = expectNumber(reluNet([0.5, 0.7]), 1e-9)(a.outputAtI);
    if (!out.ok) return no(`outputAtI: ${out.hint} Compute W₂·relu(W₁·I) for I = (0.5, 0.7).`);
    if (!isPair(a.changed)) return no(`changed must be an input [x₁, x₂] (two finite numbers), got ${describe(a.changed)}.`);
    if (Math.abs(reluNet(a.changed) - linearNet(a.changed)) < 1e-9) {
      return no("changed: for this input ReLU changes nothing — both hidden pre-activations W₁·x are ≥ 0. Look for an x that makes one of them negative.");
    }
    if (!isPair(a.x) || !isPair(a.y)) return no("x and y must be inputs [x₁, x₂] (two finite numbers each).");
    const sum: [number, number] = [a.x[0] + a.y[0], a.x[1] + a.y[1]];
    if (Math.abs(reluNet(sum) - reluNet(a.x) - reluNet(a.y)) < 1e-9) {
      return no("x, y: for these two inputs f(x + y) = f(x) + f(y). Additivity breaks only when a hidden pre-activation has different signs for x and y (or their sum).");
    }
    return { ok: true };
  },
  wrongExamples: [
    { outputAtI: 1.84, changed: [0.5, 0.7], x: [1, 0], y: [0, 1] },
    { outputAtI: 0.54, changed: [1, 0], x: [1, 0], y: [-1, 0] },
    { outputAtI: 1.84, changed: [1, 0], x: [1, 1], y: [2, 2] },
    { outputAtI: 1.84 },
    1.84,
  ],
});
