/**
 * The exercises of notebook 06-cnn-filters: each `defineExercise` holds the checker of one exercise.
 * The expected answers stay here, out of the student's notebook. (06.6, the homework, is a written
 * answer: its model answer is in the notebook's solution cell.)
 */
import { convolve2d } from "../lecture/pictures";
import { LECTURE_DIGIT } from "../data/images";
import { FILTER_NAMES, FILTERS } from "../lecture/filters";
import type { Verdict } from "./check";
import { defineExercise, wrong } from "./check";
import { describe, expectChoice, expectMatrix, expectNumber } from "./matchers";

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
  wrongExamples: [wrong(-0.2, /sign/), 0, 2.2, -2, wrong("0.2", /the string '0\.2'.*without quotes/), wrong(NaN, /NaN/)],
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

const SOBEL_X = [[1, 0, -1], [2, 0, -2], [1, 0, -1]];
const SOBEL_Y = [[1, 2, 1], [0, 0, 0], [-1, -2, -1]];
/** The two Sobel responses on lecture 003's picture, padding "same" (14 × 12 each). */
function sobel(): { gx: number[][]; gy: number[][] } {
  return { gx: convolve2d(LECTURE_DIGIT, SOBEL_X, { padding: "same" }), gy: convolve2d(LECTURE_DIGIT, SOBEL_Y, { padding: "same" }) };
}
/** f(gx, gy) at every pixel. */
function combine(f: (x: number, y: number) => number): number[][] {
  const { gx, gy } = sobel();
  return gx.map((row, i) => row.map((v, j) => f(v, gy[i][j])));
}
function sobelMagnitude(): number[][] {
  return combine(Math.hypot);
}

defineExercise({
  id: "06.3",
  title: "Sobel: √(gx² + gy²) on lecture 003's picture, and the edges gx finds",
  check: (answer) => {
    if (answer === null || typeof answer !== "object" || !("magnitude" in answer) || !("gxFinds" in answer)) {
      return no(`expected an object { magnitude: the 14 × 12 grid √(gx² + gy²) (padding "same"), gxFinds: "vertical" | "horizontal" | "diagonal" }, got ${describe(answer)}.`);
    }
    const { magnitude, gxFinds } = answer as { magnitude: unknown; gxFinds: unknown };
    if (Array.isArray(magnitude) && magnitude.length === 12 && Array.isArray(magnitude[0]) && magnitude[0].length === 14) {
      return no("magnitude is 12 × 14: the transpose of the picture's 14 rows × 12 columns.");
    }
    if (Array.isArray(magnitude) && magnitude.length === 12) return no("magnitude has 12 rows: with padding \"same\" the output keeps the picture's 14 × 12.");
    if (Array.isArray(magnitude) && magnitude.length !== 14) return no(`magnitude has ${magnitude.length} row${magnitude.length === 1 ? "" : "s"}: use padding "same", so that the output keeps the picture's 14 rows.`);
    const m = expectMatrix(sobelMagnitude(), 1e-9, {
      mistakes: [
        { answer: combine((x, y) => x * x + y * y), hint: "magnitude is gx² + gy²: the square root is missing. The magnitude is the length of the vector (gx, gy), √(gx² + gy²)." },
        { answer: combine((x, y) => Math.abs(x) + Math.abs(y)), hint: "magnitude is |gx| + |gy|, a cheaper stand-in; the exercise asks for the length of the vector (gx, gy), √(gx² + gy²)." },
        { answer: combine((x) => Math.abs(x)), hint: "magnitude is |gx| alone: combine both directions, √(gx² + gy²)." },
        { answer: combine((x) => x), hint: "magnitude is gx alone: combine both directions, √(gx² + gy²)." },
        { answer: combine((x, y) => Math.sqrt(Math.abs(x + y))), hint: "magnitude is √|gx + gy|: square each response before adding them, √(gx² + gy²)." },
      ],
    })(magnitude);
    if (!m.ok) return no(`magnitude: ${m.hint}`);
    return expectChoice("vertical", ["vertical", "horizontal", "diagonal"],
      "gxFinds: gx subtracts the column on the right from the column on the left. Across which direction must the brightness change for that to be large, and which way does such an edge run?")(gxFinds);
  },
  wrongExamples: [
    wrong({ magnitude: sobelMagnitude(), gxFinds: "horizontal" }, /gxFinds: gx subtracts/),
    wrong({ magnitude: sobelMagnitude(), gxFinds: "горизонтальные" }, /gxFinds: gx subtracts/),
    wrong({ magnitude: sobelMagnitude(), gxFinds: "up" }, /"vertical" \(вертикальные\).*both accepted/),
    wrong({ magnitude: sobel().gx, gxFinds: "vertical" }, /gx alone/),
    wrong({ magnitude: combine((x, y) => x * x + y * y), gxFinds: "vertical" }, /the square root is missing/),
    wrong({ magnitude: combine((x, y) => Math.abs(x) + Math.abs(y)), gxFinds: "vertical" }, /\|gx\| \+ \|gy\|/),
    wrong({ magnitude: combine(() => NaN), gxFinds: "vertical" }, /entry \(0, 0\) is NaN/),
    wrong({ magnitude: [[0]], gxFinds: "vertical" }, /1 row:/),
    wrong("vertical", /got the string 'vertical'/),
  ],
});

// ─── 06.4: kernels on an even grey area ──────────────────────────────────────────────────────

defineExercise({
  id: "06.4",
  title: "every filter of FILTERS on a 10 × 10 image of 0.5s: the middle output value, in FILTER_NAMES order",
  check: (answer) => {
    if (!Array.isArray(answer)) return no(`expected an array of ${FILTER_NAMES.length} numbers, one per name of FILTER_NAMES, got ${describe(answer)}.`);
    if (answer.length !== FILTER_NAMES.length) return no(`expected ${FILTER_NAMES.length} numbers (one per filter of FILTER_NAMES), got ${answer.length}.`);
    const want = FILTER_NAMES.map((name) => 0.5 * FILTERS[name].flat().reduce((a, b) => a + b, 0));
    for (let k = 0; k < want.length; k++) {
      const v = expectNumber(want[k], 1e-9)(answer[k]);
      if (!v.ok) return no(`${FILTER_NAMES[k]} (entry ${k}): ${v.hint} Use an output pixel away from the border.`);
    }
    return { ok: true };
  },
  wrongExamples: [
    wrong(FILTER_NAMES.map((name) => FILTERS[name].flat().reduce((a, b) => a + b, 0)), /identity \(entry 0\): off by a constant factor/),
    FILTER_NAMES.map(() => 0.5),
    wrong(FILTER_NAMES.map(() => NaN), /identity \(entry 0\): your answer is NaN/),
    wrong([0.5, 0, 0], /expected 7 numbers/),
    wrong("0.5", /expected an array of 7 numbers/),
  ],
});

// ─── 06.5: a naive convolution with a stride ─────────────────────────────────────────────────

type ConvFn = (image: number[][], kernel: number[][], stride: number) => unknown;

const ramp = (rows: number, cols: number): number[][] =>
  Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => ((i * 7 + j * 3) % 5) - 2 + i / 10));
/**
 * The cases: kernels larger and smaller than the stride, on several image sizes. With a kernel
 * smaller than the stride (k < s), out = ⌊(n − k)/s⌋ + 1 can exceed ⌊n/s⌋ (1 × 1 kernel, stride 3,
 * 14 rows: 5, not 4), so an answer that sizes its output ⌊n/s⌋ fails here.
 */
const convCases: [number[][], number[][], number][] = [
  [LECTURE_DIGIT.map((r) => [...r]), FILTERS.laplacian.map((r) => [...r]), 2],
  [[[1, 2, 3, 0, 1], [0, 1, 2, 3, 1], [3, 0, 1, 2, 2], [2, 3, 0, 1, 0], [1, 1, 1, 1, 1]], [[2, 0], [0, -1]], 2],
  [LECTURE_DIGIT.map((r) => [...r]), [[1, 0, -1], [2, 0, -2], [1, 0, -1]], 3],
  [[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 0], [0, -1]], 1],
  [LECTURE_DIGIT.map((r) => [...r]), [[2]], 3],
  [ramp(7, 8), [[1, -1], [0.5, 2]], 3],
  [ramp(10, 11), [[1, 0, -1]], 4],
  [ramp(6, 9), [[3], [-1]], 2],
];

/** The cause of a TypeError reading past the image's last row, in words. */
const READ_PAST_END = /Cannot read propert(y|ies) of undefined|undefined is not an object/;

defineExercise({
  id: "06.5",
  title: "a nested-loop convolution with a stride, equal to convolve2d(image, kernel, { stride })",
  check: (answer) => {
    if (typeof answer !== "function") return no(`expected a function (image, kernel, stride) => number[][], got ${describe(answer)}.`);
    for (const [image, kernel, stride] of convCases) {
      const what = `a ${image.length} × ${image[0].length} image, a ${kernel.length} × ${kernel[0].length} kernel, stride ${stride}`;
      let got: unknown;
      try {
        got = (answer as ConvFn)(image.map((r) => [...r]), kernel.map((r) => [...r]), stride);
      } catch (e) {
        const message = (e as Error).message;
        if (READ_PAST_END.test(message)) {
          return no(`your function read past the image for ${what} (${message}): the last window must still fit, i·s + k ≤ n, so out = ⌊(n − k)/s⌋ + 1.`);
        }
        return no(`your function threw for ${what}: ${message}`);
      }
      const want = convolve2d(image, kernel, { stride });
      if (!Array.isArray(got) || !got.every((r) => Array.isArray(r))) return no(`for ${what}: expected an array of rows (number[][]), got ${describe(got)}.`);
      if (got.length !== want.length || (got[0] as unknown[] | undefined)?.length !== want[0].length) {
        return no(`for ${what}: your output is ${got.length} × ${(got[0] as unknown[] | undefined)?.length ?? 0}, not the size out = ⌊(n − k)/s⌋ + 1 gives. Does the window start at i·s and stop where the kernel still fits?`);
      }
      const v = expectMatrix(want, 1e-9)(got as number[][]);
      if (!v.ok) return no(`for ${what}: ${v.hint} Is the window at row i·s, column j·s (not i, j)?`);
    }
    return { ok: true };
  },
  wrongExamples: [
    wrong((image: number[][], kernel: number[][]) => convolve2d(image, kernel), /your output is 12 × 10, not the size/),
    (image: number[][], kernel: number[][], stride: number) => convolve2d(image, kernel, { stride }).map((r) => r.map((v) => -v)),
    (image: number[][], kernel: number[][], stride: number) => convolve2d(image, kernel, { stride, padding: "same" }),
    // the stride-1 output subsampled, then cut to ⌊n/s⌋ rows and columns: right while k ≥ s, too small for a 1 × 1 kernel with stride 3
    wrong(
      (image: number[][], kernel: number[][], stride: number) =>
        convolve2d(image, kernel).filter((_, i) => i % stride === 0).map((r) => r.filter((_, j) => j % stride === 0))
          .slice(0, Math.floor(image.length / stride)).map((r) => r.slice(0, Math.floor(image[0].length / stride))),
      /14 × 12 image, a 1 × 1 kernel, stride 3: your output is 4 × 4, not the size/,
    ),
    // the output sized ⌈n/s⌉ (as padding "same" would be), reading past the image
    wrong(
      (image: number[][], kernel: number[][], stride: number) => {
        const out: number[][] = [];
        for (let i = 0; i < Math.ceil(image.length / stride); i++) {
          const row: number[] = [];
          for (let j = 0; j < Math.ceil(image[0].length / stride); j++) {
            let sum = 0;
            for (let u = 0; u < kernel.length; u++) for (let v = 0; v < kernel[0].length; v++) sum += image[i * stride + u][j * stride + v] * kernel[u][v];
            row.push(sum);
          }
          out.push(row);
        }
        return out;
      },
      /read past the image.*i·s \+ k ≤ n/,
    ),
    wrong(() => [[0]], /your output is 1 × 1/),
    wrong("conv", /got the string 'conv'/),
  ],
});
