/**
 * The exercises of notebook 09-kinds-of-networks: each `defineExercise` holds the checker of one
 * exercise. The expected answers stay here, out of the student's notebook.
 */
import { flipBits, hammingDistance, hebbianWeights, hopfieldEnergy, hopfieldRecall, patternFromText } from "../lecture/hopfield";
import { Matrix } from "../core/matrix";
import { defineExercise } from "./check";
import { expectChoice, expectFields, expectFunction, expectMatrix, expectNumber, nonFiniteHint, notANumberHint } from "./matchers";

const no = (hint: string) => ({ ok: false, hint });

// 09.1 — Hebb's rule for two 4-neuron patterns.
const P1 = Matrix.from([[1, -1, 1, -1], [1, 1, -1, -1]]);
const W1 = hebbianWeights(P1);
defineExercise({
  id: "09.1",
  title: "Hebb's rule by hand: W for ξ¹ = (1, −1, 1, −1), ξ² = (1, 1, −1, −1)",
  check: (answer) => {
    if (answer instanceof Matrix && answer.rows === 4 && answer.cols === 4) {
      let diag = 0;
      for (let i = 0; i < 4; i++) diag += Math.abs(answer.get(i, i));
      if (diag > 1e-9) return no("the diagonal is not 0: a neuron of a Hopfield net is not connected to itself (wᵢᵢ = 0).");
      if (expectMatrix(W1.scale(4), 1e-9)(answer).ok) return no("off by a constant factor: Hebb's rule divides the sum over patterns by N, the number of neurons.");
      if (expectMatrix(W1.scale(2), 1e-9)(answer).ok) return no("off by a constant factor: divide by N (neurons), not by P (patterns).");
    }
    if (answer instanceof Matrix && answer.rows === 2 && answer.cols === 2) {
      return no("a 2 × 2 matrix compares patterns with patterns (P·Pᵀ); the weights connect neurons to neurons: N × N = Pᵀ·P.");
    }
    return expectMatrix(W1, 1e-9)(answer);
  },
  wrongExamples: [W1.scale(4), W1.add(Matrix.identity(4).scale(0.5)), P1.matmul(P1.transpose()), W1.scale(-1), undefined],
});

// 09.2 — the energy function.
const energyReference = (W: Matrix, s: Matrix): number => hopfieldEnergy(W, s);
const Wl = hebbianWeights(Matrix.from([[1, -1, 1, -1, 1], [1, 1, -1, -1, 1]]));
defineExercise({
  id: "09.2",
  title: "the energy E(s) = −½ s W sᵀ",
  check: expectFunction(energyReference as (...args: never[]) => unknown, [
    [W1, Matrix.rowVector([1, -1, 1, -1])],
    [W1, Matrix.rowVector([1, -1, 1, 1])],
    [Wl, Matrix.rowVector([1, 1, -1, -1, 1])],
    [Wl, Matrix.rowVector([-1, 1, 1, -1, 1])],
  ], 1e-9),
  wrongExamples: [
    (W: Matrix, s: Matrix) => -s.matmul(W).matmul(s.transpose()).get(0, 0),
    (W: Matrix, s: Matrix) => 0.5 * s.matmul(W).matmul(s.transpose()).get(0, 0),
    () => 0,
    42,
  ],
});

// 09.3 — four letters in 25 neurons: how many come back from 5 flipped pixels?
const LETTERS: Record<string, string[]> = {
  T: ["#####", "..#..", "..#..", "..#..", "..#.."],
  X: ["#...#", ".#.#.", "..#..", ".#.#.", "#...#"],
  L: ["#....", "#....", "#....", "#....", "#####"],
  O: [".###.", "#...#", "#...#", "#...#", ".###."],
};
function recalledOfFour(): number {
  const P = Matrix.from(["T", "X", "L", "O"].map((k) => Array.from(patternFromText(LETTERS[k]).data)));
  const W = hebbianWeights(P);
  let n = 0;
  for (let p = 0; p < P.rows; p++) {
    if (hammingDistance(hopfieldRecall(W, flipBits(P.row(p), 5, 1)).state, P.row(p)) === 0) n++;
  }
  return n;
}
const RECALLED4 = recalledOfFour();
defineExercise({
  id: "09.3",
  title: "T, X, L and O stored together: how many letters are recalled exactly from 5 flipped pixels (seed 1)?",
  check: (answer) => {
    if (typeof answer !== "number") return no(notANumberHint(answer) ?? "expected a whole number of letters (0…4).");
    if (!Number.isFinite(answer)) return no(nonFiniteHint(answer, "your answer"));
    if (!Number.isInteger(answer)) return no(`expected a whole number of letters (0…4), got ${answer}.`);
    if (answer < 0 || answer > 4) return no("there are only 4 letters: the answer is between 0 and 4.");
    if (answer === RECALLED4) return { ok: true };
    return no("that is not what the recall gives: store all FOUR letters in one W (Hebb's rule over the 4 rows), start each recall from flipBits(letter, 5, 1) and compare the final state with the letter (hammingDistance 0 = exact).");
  },
  wrongExamples: [0, 1, 2, 3, 4, 5, -1, 2.5, "3"].filter((x) => x !== RECALLED4),
});

// 09.4 — how fast an RNN forgets.
const h = [Math.tanh(1)];
for (let t = 1; t < 5; t++) h.push(Math.tanh(0.5 * h[t - 1]));
defineExercise({
  id: "09.4",
  title: "h₅ of the 1-unit RNN (W = 1, U = 0.5, b = 0) after the sequence 1, 0, 0, 0, 0",
  check: (answer) => {
    if (typeof answer === "number" && Math.abs(answer - h[3]) < 1e-9) return no("that is h₄: the sequence has five steps, h₁ … h₅.");
    if (typeof answer === "number" && Math.abs(answer - 0.5 ** 4 * Math.tanh(1)) < 1e-9) return no("close, but tanh is missing in the later steps: every step applies tanh(W·xₜ + U·hₜ₋₁ + b).");
    return expectNumber(h[4], 1e-9)(answer);
  },
  wrongExamples: [h[3], 0.5 ** 4 * Math.tanh(1), Math.tanh(1), 0, -h[4], Matrix.from([[h[4]]])],
});

// 09.5 — which kind of network for which task.
const KINDS = ["feed-forward", "RNN", "Hopfield", "CNN", "deconvolutional"];
defineExercise({
  id: "09.5",
  title: "the kind of network for each task",
  check: expectFields({
    houses: expectChoice("feed-forward", KINDS, "a price from 13 numbers of one house: there is no order in time and no picture — what is the simplest kind?"),
    translation: expectChoice("RNN", KINDS, "a sentence is a sequence whose length varies: which kind reads one word after another with a state?"),
    memory: expectChoice("Hopfield", KINDS, "restoring a stored picture from a damaged copy is associative memory: which kind stores patterns in symmetric weights?"),
    photos: expectChoice("CNN", KINDS, "pictures: which kind slides small shared kernels over the image?"),
    upsampling: expectChoice("deconvolutional", KINDS, "the output is bigger than the input (a picture made from a short code): which kind runs convolution backwards?"),
  }),
  wrongExamples: [
    { houses: "CNN", translation: "RNN", memory: "Hopfield", photos: "CNN", upsampling: "deconvolutional" },
    { houses: "feed-forward", translation: "Hopfield", memory: "Hopfield", photos: "CNN", upsampling: "deconvolutional" },
    { houses: "feed-forward", translation: "RNN", memory: "RNN", photos: "CNN", upsampling: "deconvolutional" },
    { houses: "feed-forward", translation: "RNN", memory: "Hopfield", photos: "feed-forward", upsampling: "deconvolutional" },
    { houses: "feed-forward", translation: "RNN", memory: "Hopfield", photos: "CNN", upsampling: "CNN" },
    { houses: "feed-forward", translation: "RNN", memory: "Hopfield", photos: "CNN" },
    "RNN",
  ],
});
