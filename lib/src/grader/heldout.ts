/**
 * The held-out MNIST digits, for the homework grader only (notebook 08). Not exported from
 * `nnlib`'s index: notebooks cannot reach these digits through `loadDigits`, so a submission is
 * scored on 1,000 digits it has never been trained, tuned or tested on.
 *
 * ```ts
 * const { loadHeldOutDigits } = require("<repo>/lib/dist/grader");   // scripts require it by path (not an entry point of nnlib)
 * const heldOut = loadHeldOutDigits();      // x: 1000 × 784, y: 1000 × 10 one-hot
 * ```
 */
import { DigitLoadOptions, Digits, loadDigitPart } from "../data/mnist-source";

/**
 * The 1,000 held-out digits (10 % of every digit), disjoint from
 * `loadDigits("train")` and `loadDigits("test")`. Same shapes and options as `loadDigits`.
 */
export function loadHeldOutDigits(options: DigitLoadOptions = {}): Digits {
  return loadDigitPart("heldout", options, "loadHeldOutDigits");
}
