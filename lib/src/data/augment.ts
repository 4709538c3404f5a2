/**
 * Data augmentation for digits (lecture 001: "more data — or make more from the data you have"):
 * small random shifts, rotations and noise give new training images of the same digits, so the
 * network learns that a "3" moved by a pixel or tilted by a few degrees is still a "3".
 *
 * Every function takes a batch of square images, one per ROW (MNIST: 784 = 28 × 28 pixels, row by
 * row), and returns a NEW matrix; pixel values stay in [0, 1] (pixels moved in from outside are 0).
 *
 * - `shiftImages(x, dx, dy)`: move every image dx pixels right and dy pixels down;
 * - `rotateImages(x, degrees)`: rotate every image about its centre, counter-clockwise for
 *   positive angles, with bilinear interpolation;
 * - `addNoise(x, std, rng)`: add Gaussian noise of standard deviation `std`, clipped to [0, 1];
 * - `augmentDigits(x, options)`: a different random shift, rotation and noise for every image (seeded);
 * - `digitAugmenter(options)`: the same as a batch transform for `fit`, drawing from its own seeded
 *   generator batch after batch: `model.fit(x, y, { augment: digitAugmenter({ shift: 2, rotation: 10 }) })`.
 *
 * The design is a per-batch transform rather than a bigger data set: every epoch sees freshly
 * augmented versions of the same images, and validation data are never touched.
 */
import { Matrix } from "../core/matrix";
import { Random } from "../core/random";
import { t } from "../core/i18n";

/** Options of `augmentDigits` and `digitAugmenter`. */
export interface AugmentOptions {
  /** Largest shift in pixels, in each direction; each image moves by a whole number in [−shift, shift] (default 0). */
  shift?: number;
  /** Largest rotation in degrees; each image turns by a uniform angle in [−rotation, rotation] (default 0). */
  rotation?: number;
  /** Standard deviation of the Gaussian pixel noise (default 0). */
  noise?: number;
  /** Seed of the random choices (default 0). */
  seed?: number;
}

/** The side of the square images in the rows of `x` (28 for MNIST), or a clear error. */
function sideOf(x: Matrix, who: string): number {
  if (!(x instanceof Matrix)) throw new Error(t`${who}: expected a Matrix with one image per row, got ${typeof x}.`);
  const side = Math.round(Math.sqrt(x.cols));
  if (side * side !== x.cols) {
    throw new Error(t`${who}: each row must be a square image (784 = 28 × 28 pixels for MNIST), got ${x.cols} columns.`);
  }
  return side;
}

/**
 * Writes image `i` of `x` into `out`, rotated by `angle` radians about the centre and shifted by
 * (dx, dy) pixels. For every output pixel (r, c) the source point is found by the inverse map
 *
 *   (c′, r′) = R(−angle)·((c, r) − centre − (dx, dy)) + centre
 *
 * and read with bilinear interpolation between its four neighbours (0 outside the image).
 */
function transformInto(x: Matrix, out: Matrix, i: number, side: number, angle: number, dx: number, dy: number): void {
  const n = side * side;
  const src = i * n;
  const centre = (side - 1) / 2;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const px = (r: number, c: number) => (r >= 0 && r < side && c >= 0 && c < side ? x.data[src + r * side + c] : 0);
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const u = c - centre - dx;
      const v = r - centre - dy;
      // Image rows grow downwards, so a counter-clockwise turn on screen is (u, v) → (u cos + v sin, −u sin + v cos);
      // its inverse, used here, is the opposite turn.
      const sc = cos * u - sin * v + centre;
      const sr = sin * u + cos * v + centre;
      const r0 = Math.floor(sr);
      const c0 = Math.floor(sc);
      const fr = sr - r0;
      const fc = sc - c0;
      let value = (1 - fr) * ((1 - fc) * px(r0, c0) + fc * px(r0, c0 + 1)) + fr * ((1 - fc) * px(r0 + 1, c0) + fc * px(r0 + 1, c0 + 1));
      if (Math.abs(value) < 1e-12) value = 0;
      out.data[src + r * side + c] = Math.min(1, Math.max(0, value));
    }
  }
}

/** Every image moved `dx` pixels right and `dy` pixels down (whole numbers; vacated pixels become 0). */
export function shiftImages(x: Matrix, dx: number, dy: number): Matrix {
  const side = sideOf(x, "shiftImages");
  if (!Number.isInteger(dx) || !Number.isInteger(dy)) throw new Error(t`shiftImages: dx and dy must be whole numbers of pixels, got ${dx} and ${dy}.`);
  const out = new Matrix(x.rows, x.cols);
  for (let i = 0; i < x.rows; i++) transformInto(x, out, i, side, 0, dx, dy);
  return out;
}

/** Every image rotated by `degrees` about its centre (counter-clockwise for positive angles), bilinear. */
export function rotateImages(x: Matrix, degrees: number): Matrix {
  const side = sideOf(x, "rotateImages");
  if (typeof degrees !== "number" || !Number.isFinite(degrees)) throw new Error(t`rotateImages: degrees must be a finite number, got ${String(degrees)}.`);
  const out = new Matrix(x.rows, x.cols);
  for (let i = 0; i < x.rows; i++) transformInto(x, out, i, side, (degrees * Math.PI) / 180, 0, 0);
  return out;
}

/** x + Gaussian noise of standard deviation `std`, clipped to [0, 1]. */
export function addNoise(x: Matrix, std: number, rng: Random): Matrix {
  if (typeof std !== "number" || !(std >= 0) || !Number.isFinite(std)) throw new Error(t`addNoise: std must be a finite number ≥ 0, got ${String(std)}.`);
  if (!(rng instanceof Random)) throw new Error(t`addNoise: pass a seeded generator, e.g. new Random(0).`);
  return x.map((v) => Math.min(1, Math.max(0, v + rng.normal(0, std))));
}

function checkOptions(options: AugmentOptions, who: string): Required<AugmentOptions> {
  const { shift = 0, rotation = 0, noise = 0, seed = 0 } = options;
  if (!Number.isInteger(shift) || shift < 0) throw new Error(t`${who}: shift must be a whole number of pixels ≥ 0, got ${shift}. Hint: 1 or 2 for digits.`);
  if (typeof rotation !== "number" || !(rotation >= 0 && rotation <= 180)) throw new Error(t`${who}: rotation must be a number of degrees in [0, 180], got ${rotation}. Hint: 10 to 15 for digits.`);
  if (typeof noise !== "number" || !(noise >= 0) || !Number.isFinite(noise)) throw new Error(t`${who}: noise must be a standard deviation ≥ 0, got ${noise}.`);
  if (!Number.isInteger(seed)) throw new Error(t`${who}: seed must be an integer, got ${seed}.`);
  return { shift, rotation, noise, seed };
}

/** One random shift, rotation and noise per image, drawn from `rng`. */
function augmentWith(x: Matrix, o: Required<AugmentOptions>, rng: Random, who: string): Matrix {
  const side = sideOf(x, who);
  const out = new Matrix(x.rows, x.cols);
  for (let i = 0; i < x.rows; i++) {
    const dx = o.shift > 0 ? rng.int(2 * o.shift + 1) - o.shift : 0;
    const dy = o.shift > 0 ? rng.int(2 * o.shift + 1) - o.shift : 0;
    const angle = o.rotation > 0 ? (rng.uniform(-o.rotation, o.rotation) * Math.PI) / 180 : 0;
    transformInto(x, out, i, side, angle, dx, dy);
  }
  if (o.noise > 0) {
    for (let k = 0; k < out.data.length; k++) out.data[k] = Math.min(1, Math.max(0, out.data[k] + rng.normal(0, o.noise)));
  }
  return out;
}

/**
 * A randomly shifted, rotated and noisy copy of every image (a new choice per image). Same
 * options and seed ⇒ the same output.
 *
 * ```ts
 * const more = augmentDigits(train.x.sliceRows(0, 8), { shift: 2, rotation: 15, noise: 0.05, seed: 1 });
 * ```
 */
export function augmentDigits(x: Matrix, options: AugmentOptions = {}): Matrix {
  const o = checkOptions(options, "augmentDigits");
  return augmentWith(x, o, new Random(o.seed), "augmentDigits");
}

/**
 * A batch transform for `fit`'s `augment` option: each call augments a batch as `augmentDigits`
 * does, continuing one seeded stream, so every epoch sees new variants and the whole training run
 * is reproducible.
 *
 * ```ts
 * model.fit(train.x, train.y, { epochs: 20, augment: digitAugmenter({ shift: 2, rotation: 10, seed: 1 }) });
 * ```
 */
export function digitAugmenter(options: AugmentOptions = {}): (x: Matrix) => Matrix {
  const o = checkOptions(options, "digitAugmenter");
  const rng = new Random(o.seed);
  return (x: Matrix) => augmentWith(x, o, rng, "digitAugmenter");
}
