/**
 * The exercises of notebook 02-matrices: each `defineExercise` holds the checker of one exercise.
 * The expected answers stay here, out of the student's notebook.
 */
import { Matrix } from "../core/matrix";
import { defineExercise } from "./check";
import { expectMatrix } from "./matchers";

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
