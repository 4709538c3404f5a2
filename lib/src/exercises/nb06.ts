/**
 * The exercises of notebook 06-cnn-filters: each `defineExercise` holds the checker of one exercise.
 * The expected answers stay here, out of the student's notebook. (06.6, the homework, is a written
 * answer: its model answer is in the notebook's solution cell.)
 */
import { convolve2d } from "../lecture/pictures";
import { LECTURE_DIGIT } from "../data/images";
import { FILTER_NAMES, FILTERS } from "../lecture/filters";
import type { Verdict } from "./check";
import { defineExercise } from "./check";
import { expectChoice, expectMatrix, expectNumber } from "./matchers";

const no = (hint: string): Verdict => ({ ok: false, hint });

// ─── 06.1: the Laplacian on the top-left corner, by hand ─────────────────────────────────────

defineExercise({
  id: "06.1",
  title: "the Laplacian kernel on the top-left 3 × 3 corner of lecture 003's picture",
  check: (answer) => {
    const want = convolve2d(LECTURE_DIGIT, FILTERS.laplacian)[0][0];
    if (typeof answer === "number" && Math.abs(answer - convolve2d(LECTURE_DIGIT, FILTERS.laplacian, { padding: 1 })[0][0]) < 1e-9 && Math.abs(answer - want) > 1e-9) {
      return no("that is the output with one ring of zero padding (the kernel centred on pixel (0, 0)); the exercise puts the whole kernel on rows 0–2, columns 0–2.");
    }
    return expectNumber(want, 1e-9)(answer);
  },
  wrongExamples: [-0.2, 0, 2.2, -2, "0.2"],
});

// ─── 06.2: output shapes and parameter counts ────────────────────────────────────────────────

const shapes22 = [[28, 28, 16], [14, 14, 16], [14, 14, 32], [7, 7, 32]];
const params22 = [16 * (5 * 5 * 3 + 1), 0, 32 * (3 * 3 * 16 + 1), 0];
const layers22 = ["Conv2D(16, 5)", "MaxPool2D(2)", "Conv2D(32, 3, same)", "MaxPool2D(2)"];

defineExercise({
  id: "06.2",
  title: "output shapes and parameter counts of a 32 × 32 × 3 CNN",
  check: (answer) => {
    if (answer === null || typeof answer !== "object" || !("shapes" in answer) || !("params" in answer)) {
      return no("expected an object { shapes: [[h, w, c], … 4 of them], params: [4 numbers] }.");
    }
    const { shapes, params } = answer as { shapes: unknown; params: unknown };
    if (!Array.isArray(shapes) || shapes.length !== 4) return no("shapes must be an array of 4 output shapes, one per layer.");
    if (!Array.isArray(params) || params.length !== 4) return no("params must be an array of 4 numbers, one per layer.");
    for (let l = 0; l < 4; l++) {
      const s = shapes[l];
      if (!Array.isArray(s) || s.length !== 3) return no(`shapes[${l}] (${layers22[l]}) must be [height, width, channels].`);
      if (s[2] !== shapes22[l][2]) return no(`the number of channels after ${layers22[l]} is off: a Conv2D gives one channel per filter, pooling keeps the channels.`);
      if (s[0] !== shapes22[l][0] || s[1] !== shapes22[l][1]) {
        return no(`the height × width after ${layers22[l]} is off: use out = ⌊(n + 2p − k)/s⌋ + 1 with that layer's k, p and s (pooling: k = s = 2).`);
      }
    }
    for (let l = 0; l < 4; l++) {
      const p = params[l];
      if (typeof p !== "number") return no(`params[${l}] must be a number.`);
      if (p === params22[l]) continue;
      if (params22[l] === 0) return no(`${layers22[l]} has no weights to learn.`);
      const filters = shapes22[l][2];
      if (p === params22[l] - filters) return no(`the count for ${layers22[l]} misses the biases (one per filter).`);
      return no(`the count for ${layers22[l]} is off: each filter has kH · kW · (input channels) weights and one bias.`);
    }
    return { ok: true };
  },
  wrongExamples: [
    { shapes: [[28, 28, 16], [14, 14, 16], [12, 12, 32], [6, 6, 32]], params: params22 },
    { shapes: shapes22, params: [16 * 25 * 3, 0, 32 * 9 * 16, 0] },
    { shapes: shapes22, params: [16 * 26, 0, 32 * 10, 0] },
    { shapes: [[28, 28, 3], [14, 14, 3], [14, 14, 32], [7, 7, 32]], params: params22 },
    { shapes: shapes22 },
    null,
  ],
});

// ─── 06.3: Sobel ───────────────────────────────────────────────────────────────────────────────

function sobelMagnitude(): number[][] {
  const gx = [[1, 0, -1], [2, 0, -2], [1, 0, -1]];
  const gy = [[1, 2, 1], [0, 0, 0], [-1, -2, -1]];
  const X = convolve2d(LECTURE_DIGIT, gx, { padding: "same" });
  const Y = convolve2d(LECTURE_DIGIT, gy, { padding: "same" });
  return X.map((row, i) => row.map((v, j) => Math.hypot(v, Y[i][j])));
}

defineExercise({
  id: "06.3",
  title: "Sobel: √(gx² + gy²) on lecture 003's picture, and the edges gx finds",
  check: (answer) => {
    if (answer === null || typeof answer !== "object" || !("magnitude" in answer) || !("gxFinds" in answer)) {
      return no("expected an object { magnitude: the 14 × 12 grid √(gx² + gy²) (padding \"same\"), gxFinds: \"vertical\" | \"horizontal\" | \"diagonal\" }.");
    }
    const { magnitude, gxFinds } = answer as { magnitude: unknown; gxFinds: unknown };
    const want = sobelMagnitude();
    if (Array.isArray(magnitude) && magnitude.length === 12 && Array.isArray(magnitude[0]) && magnitude[0].length === 14) {
      return no("magnitude is 12 × 14: the transpose of the picture's 14 rows × 12 columns.");
    }
    if (Array.isArray(magnitude) && magnitude.length === 12) return no("magnitude has 12 rows: with padding \"same\" the output keeps the picture's 14 × 12.");
    if (Array.isArray(magnitude) && magnitude.length !== 14) return no(`magnitude has ${magnitude.length} row${magnitude.length === 1 ? "" : "s"}: use padding "same", so that the output keeps the picture's 14 rows.`);
    const m = expectMatrix(want, 1e-9)(magnitude);
    if (!m.ok) {
      const onlyX = convolve2d(LECTURE_DIGIT, [[1, 0, -1], [2, 0, -2], [1, 0, -1]], { padding: "same" }).map((r) => r.map(Math.abs));
      if (expectMatrix(onlyX, 1e-9)(magnitude).ok) return no("magnitude is |gx| alone: combine both directions, √(gx² + gy²).");
      return no(`magnitude: ${m.hint}`);
    }
    return expectChoice("vertical", ["vertical", "horizontal", "diagonal"],
      "gxFinds: gx subtracts the column on the right from the column on the left. Across which direction must the brightness change for that to be large, and which way does such an edge run?")(gxFinds);
  },
  wrongExamples: [
    { magnitude: sobelMagnitude(), gxFinds: "horizontal" },
    { magnitude: convolve2d(LECTURE_DIGIT, [[1, 0, -1], [2, 0, -2], [1, 0, -1]], { padding: "same" }), gxFinds: "vertical" },
    { magnitude: sobelMagnitude().map((r) => r.map((v) => v * v)), gxFinds: "vertical" },
    { magnitude: [[0]], gxFinds: "vertical" },
    "vertical",
  ],
});

// ─── 06.4: kernels on an even grey area ──────────────────────────────────────────────────────

defineExercise({
  id: "06.4",
  title: "every filter of FILTERS on a 10 × 10 image of 0.5s: the middle output value, in FILTER_NAMES order",
  check: (answer) => {
    if (!Array.isArray(answer)) return no(`expected an array of ${FILTER_NAMES.length} numbers, one per name of FILTER_NAMES.`);
    if (answer.length !== FILTER_NAMES.length) return no(`expected ${FILTER_NAMES.length} numbers (one per filter of FILTER_NAMES), got ${answer.length}.`);
    const want = FILTER_NAMES.map((name) => 0.5 * FILTERS[name].flat().reduce((a, b) => a + b, 0));
    for (let k = 0; k < want.length; k++) {
      const v = expectNumber(want[k], 1e-9)(answer[k]);
      if (!v.ok) return no(`${FILTER_NAMES[k]} (entry ${k}): ${v.hint} Use an output pixel away from the border.`);
    }
    return { ok: true };
  },
  wrongExamples: [
    FILTER_NAMES.map((name) => FILTERS[name].flat().reduce((a, b) => a + b, 0)),
    FILTER_NAMES.map(() => 0.5),
    [0.5, 0, 0],
    "0.5",
  ],
});

// ─── 06.5: a naive convolution with a stride ─────────────────────────────────────────────────

type ConvFn = (image: number[][], kernel: number[][], stride: number) => unknown;

const convCases: [number[][], number[][], number][] = [
  [LECTURE_DIGIT.map((r) => [...r]), FILTERS.laplacian.map((r) => [...r]), 2],
  [[[1, 2, 3, 0, 1], [0, 1, 2, 3, 1], [3, 0, 1, 2, 2], [2, 3, 0, 1, 0], [1, 1, 1, 1, 1]], [[2, 0], [0, -1]], 2],
  [LECTURE_DIGIT.map((r) => [...r]), [[1, 0, -1], [2, 0, -2], [1, 0, -1]], 3],
  [[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 0], [0, -1]], 1],
];

defineExercise({
  id: "06.5",
  title: "a nested-loop convolution with a stride, equal to convolve2d(image, kernel, { stride })",
  check: (answer) => {
    if (typeof answer !== "function") return no(`expected a function (image, kernel, stride) => number[][], got ${answer === undefined ? "undefined" : typeof answer}.`);
    for (const [image, kernel, stride] of convCases) {
      const what = `a ${image.length} × ${image[0].length} image, a ${kernel.length} × ${kernel[0].length} kernel, stride ${stride}`;
      let got: unknown;
      try {
        got = (answer as ConvFn)(image.map((r) => [...r]), kernel.map((r) => [...r]), stride);
      } catch (e) {
        return no(`your function threw for ${what}: ${(e as Error).message}`);
      }
      const want = convolve2d(image, kernel, { stride });
      if (!Array.isArray(got) || !got.every((r) => Array.isArray(r))) return no(`for ${what}: expected an array of rows (number[][]).`);
      if (got.length !== want.length || (got[0] as unknown[]).length !== want[0].length) {
        return no(`for ${what}: your output is ${got.length} × ${(got[0] as unknown[])?.length ?? 0}, not the size out = ⌊(n − k)/s⌋ + 1 gives. Does the window start at i·s and stop where the kernel still fits?`);
      }
      const v = expectMatrix(want, 1e-9)(got as number[][]);
      if (!v.ok) return no(`for ${what}: ${v.hint} Is the window at row i·s, column j·s (not i, j)?`);
    }
    return { ok: true };
  },
  wrongExamples: [
    (image: number[][], kernel: number[][]) => convolve2d(image, kernel),
    (image: number[][], kernel: number[][], stride: number) => convolve2d(image, kernel, { stride }).map((r) => r.map((v) => -v)),
    (image: number[][], kernel: number[][], stride: number) => convolve2d(image, kernel, { stride, padding: "same" }),
    () => [[0]],
    "conv",
  ],
});
