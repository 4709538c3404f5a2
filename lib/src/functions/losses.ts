/**
 * Loss functions: one number that says how wrong a batch of predictions is, and its gradient
 * ∂L/∂ŷ, where backpropagation starts.
 *
 * Shapes: `yPred` (ŷ, the network's output) and `yTrue` (y, the targets) are n × k: n samples
 * (rows), k outputs per sample. The one exception is sparse categorical cross-entropy, whose
 * `yTrue` is n × 1 integer class labels.
 *
 * Reductions are Keras 3's, so numbers match a Keras model:
 * - regression losses (MSE, MAE, Huber, log-cosh) and hinge: the mean over the k outputs of a
 *   sample, then the mean over the n samples — together the mean of all n·k entries;
 * - binary cross-entropy: also the mean over the k outputs, then over the samples (Keras treats
 *   every output as its own yes/no question);
 * - categorical cross-entropies: the sum over the k classes, then the mean over the samples;
 * - "quadratic" (the lectures' Nielsen cost): ½ × the sum over outputs, mean over samples.
 *
 * `backward` returns the gradient of exactly the number `forward` returns, so the 1/n of the
 * batch mean is already inside it (a layer must not divide by n again).
 *
 * ```ts
 * const loss = getLoss("quadratic");
 * loss.forward(Matrix.from([[1.84]]), Matrix.from([[1]]));   // ½(1.84 − 1)² = 0.3528 (lecture 004)
 * loss.backward(Matrix.from([[1.84]]), Matrix.from([[1]]));  // [[0.84]]
 * ```
 */
import { Config, configBoolean, configNumber, Registry } from "../core/registry";
import { NonFiniteError } from "../core/errors";
import { Matrix, shapeOf } from "../core/matrix";
import { sigmoid } from "./activations";

/** A loss function of a batch and its gradient. */
export interface Loss {
  readonly name: string;
  /**
   * Its settings as JSON, e.g. `{ name: "categorical_crossentropy", fromLogits: true }`; a custom
   * loss also needs an entry in `LOSSES` to be saved and loaded.
   */
  getConfig(): Config;
  /** The loss of a batch: a single number (the mean over samples). yPred, yTrue: n × k. */
  forward(yPred: Matrix, yTrue: Matrix): number;
  /** ∂L/∂yPred for that same batch-mean loss, shape of yPred. */
  backward(yPred: Matrix, yTrue: Matrix): Matrix;
}

/**
 * Every name {@link getLoss} accepts (Keras names, plus the lectures' `"quadratic"`). The one list
 * of names: `LossName` is derived from it, and `LOSSES` registers exactly these (a test checks).
 */
export const LOSS_NAMES = Object.freeze([
  "mse",
  "mae",
  "quadratic",
  "binary_crossentropy",
  "categorical_crossentropy",
  "sparse_categorical_crossentropy",
  "huber",
  "log_cosh",
  "hinge",
  "squared_hinge",
] as const);

/** The names `getLoss` accepts. */
export type LossName = (typeof LOSS_NAMES)[number];

/** Options of the cross-entropy losses. */
export interface CrossentropyOptions {
  /**
   * `false` (default): `yPred` holds probabilities (the output of a sigmoid/softmax).
   * `true`: `yPred` holds raw scores ("logits", the output before sigmoid/softmax); the loss
   * then applies sigmoid/softmax itself, in a numerically stable way. Prefer `true` for
   * training: it never takes the log of a rounded-to-zero probability.
   */
  fromLogits?: boolean;
}

/**
 * Keras' ε (`keras.backend.epsilon()`): probabilities are clipped to [ε, 1 − ε] before the log,
 * so log(0) = −∞ never happens. Where the clip is active the loss is flat, so its gradient is 0.
 */
export const EPSILON = 1e-7;

// ─── Checks shared by every loss ───────────────────────────────────────────────────────────────

/** Throws unless yPred and yTrue have equal, non-empty shapes and finite entries. */
function checkBatch(loss: string, yPred: Matrix, yTrue: Matrix): void {
  checkMatrices(loss, yPred, yTrue);
  if (yPred.rows !== yTrue.rows || yPred.cols !== yTrue.cols) {
    throw new Error(
      `${loss}: yPred is ${shapeOf(yPred)} but yTrue is ${shapeOf(yTrue)}; they must have the same shape ` +
        `(one sample per row, one output per column).` +
        shapeHint(loss, yPred, yTrue),
    );
  }
  checkFinite(loss, yPred, yTrue);
}

function checkMatrices(loss: string, yPred: Matrix, yTrue: Matrix): void {
  for (const [what, m] of [["yPred", yPred], ["yTrue", yTrue]] as const) {
    if (!(m instanceof Matrix)) {
      throw new Error(`${loss}: ${what} must be a Matrix. Hint: wrap arrays with Matrix.from(...).`);
    }
  }
  if (yPred.rows === 0 || yPred.cols === 0) {
    throw new Error(`${loss}: the batch is empty (yPred is ${shapeOf(yPred)}); a loss needs at least one sample.`);
  }
}

function shapeHint(loss: string, yPred: Matrix, yTrue: Matrix): string {
  if (yTrue.rows === yPred.rows && yTrue.cols === 1 && yPred.cols > 1) {
    return loss === "categorical_crossentropy"
      ? ` Hint: labels as integers? use sparse_categorical_crossentropy, or one-hot encode yTrue.`
      : ` Hint: the model has ${yPred.cols} outputs but each target has 1; labels as integers? ` +
          `use sparse_categorical_crossentropy (or one-hot encode them).`;
  }
  if (yTrue.rows === yPred.cols && yTrue.cols === yPred.rows) {
    return ` Hint: one of them looks transposed; both need one sample per row.`;
  }
  if (yTrue.rows !== yPred.rows) {
    return ` Hint: the number of samples (rows) differs; are predictions and targets from the same batch?`;
  }
  return "";
}

function checkFinite(loss: string, yPred: Matrix, yTrue: Matrix): void {
  const badPred = yPred.findNonFinite();
  if (badPred) {
    throw new NonFiniteError(
      `${loss}: yPred[${badPred.i}][${badPred.j}] is ${badPred.value}. Hint: the network's outputs are ` +
        `not finite, so training has probably diverged; try a smaller learning rate.`,
      badPred.value,
    );
  }
  const badTrue = yTrue.findNonFinite();
  if (badTrue) {
    throw new Error(
      `${loss}: yTrue[${badTrue.i}][${badTrue.j}] is ${badTrue.value}. Hint: look for missing values in the targets.`,
    );
  }
}

/** For losses on probabilities: every entry of yPred must lie in [0, 1]. */
function checkProbabilities(loss: string, yPred: Matrix): void {
  for (let k = 0; k < yPred.data.length; k++) {
    const p = yPred.data[k];
    if (p < 0 || p > 1) {
      const i = Math.floor(k / yPred.cols), j = k % yPred.cols;
      throw new Error(
        `${loss}: yPred[${i}][${j}] = ${p} is not a probability in [0, 1]. Hint: if yPred holds raw ` +
          `scores (logits), pass { fromLogits: true }; otherwise end the model with a sigmoid/softmax.`,
      );
    }
  }
}

/** Probability clipped to [ε, 1 − ε], as Keras does before taking a log. */
function clip(p: number): number {
  return Math.min(Math.max(p, EPSILON), 1 - EPSILON);
}

/** 1 where clip(p) lets p through (TensorFlow's `clip_by_value` gradient), 0 where it is clipped. */
function clipPasses(p: number): number {
  return p >= EPSILON && p <= 1 - EPSILON ? 1 : 0;
}

/** ln Σⱼ e^(zⱼ) of row i, stably: m + ln Σⱼ e^(zⱼ − m) with m the row maximum. */
function logSumExpRow(Z: Matrix, i: number): number {
  const start = i * Z.cols;
  let m = -Infinity;
  for (let j = 0; j < Z.cols; j++) m = Math.max(m, Z.data[start + j]);
  let s = 0;
  for (let j = 0; j < Z.cols; j++) s += Math.exp(Z.data[start + j] - m);
  return m + Math.log(s);
}

// ─── Losses that average a function of each entry ──────────────────────────────────────────────

/**
 * A loss of the form L = c · Σᵢⱼ ℓ(ŷᵢⱼ, yᵢⱼ) with c = 1/(n·k) (mean of all entries) or, for the
 * quadratic cost, 1/(2n); its gradient is ∂L/∂ŷᵢⱼ = c · ℓ′(ŷᵢⱼ, yᵢⱼ).
 */
function entrywiseLoss(spec: {
  name: string;
  /** c as a function of the batch shape. */
  factor: (n: number, k: number) => number;
  /** ℓ(ŷ, y) of one entry. */
  value: (p: number, y: number) => number;
  /** ∂ℓ/∂ŷ of one entry. */
  derivative: (p: number, y: number) => number;
  /** Extra checks, and a chance to rewrite the targets (hinge converts {0, 1} labels). */
  prepare?: (yPred: Matrix, yTrue: Matrix) => Matrix;
}): LossMaths {
  const { name, factor, value, derivative, prepare } = spec;
  const targets = (yPred: Matrix, yTrue: Matrix): Matrix => {
    checkBatch(name, yPred, yTrue);
    return prepare ? prepare(yPred, yTrue) : yTrue;
  };
  return Object.freeze({
    name,
    forward(yPred: Matrix, yTrue: Matrix): number {
      const y = targets(yPred, yTrue);
      let total = 0;
      for (let k = 0; k < yPred.data.length; k++) total += value(yPred.data[k], y.data[k]);
      return factor(yPred.rows, yPred.cols) * total;
    },
    backward(yPred: Matrix, yTrue: Matrix): Matrix {
      const y = targets(yPred, yTrue);
      const c = factor(yPred.rows, yPred.cols);
      const grad = new Matrix(yPred.rows, yPred.cols);
      for (let k = 0; k < yPred.data.length; k++) grad.data[k] = c * derivative(yPred.data[k], y.data[k]);
      return grad;
    },
  });
}

const meanOfAllEntries = (n: number, k: number): number => 1 / (n * k);

/** A loss without its config: the maths (`forward`, `backward`) and the name. */
type LossMaths = Omit<Loss, "getConfig">;

/** The loss with its `getConfig`. */
function withConfig(loss: LossMaths, config: Config): Loss {
  return Object.freeze({ ...loss, getConfig: () => ({ ...config }) });
}

/**
 * Mean squared error (Keras `"mse"`): L = (1/n) Σᵢ (1/k) Σⱼ (ŷᵢⱼ − yᵢⱼ)², the mean of all
 * squared errors. Gradient: ∂L/∂ŷᵢⱼ = 2(ŷᵢⱼ − yᵢⱼ)/(n·k).
 * (Lecture 004 writes ∂MSE/∂w with (ŷ − y)²; the square is a mistake: it is 2(ŷ − y)/n · ∂ŷ/∂w.)
 */
export function meanSquaredError(): Loss {
  return withConfig(entrywiseLoss({
    name: "mse",
    factor: meanOfAllEntries,
    value: (p, y) => (p - y) * (p - y),
    derivative: (p, y) => 2 * (p - y),
  }), { name: "mse" });
}

/**
 * Mean absolute error (Keras `"mae"`): L = (1/n) Σᵢ (1/k) Σⱼ |ŷᵢⱼ − yᵢⱼ|.
 * Gradient: ∂L/∂ŷᵢⱼ = sign(ŷᵢⱼ − yᵢⱼ)/(n·k), taken as 0 where ŷ = y (TensorFlow's sign(0) = 0).
 */
export function meanAbsoluteError(): Loss {
  return withConfig(entrywiseLoss({
    name: "mae",
    factor: meanOfAllEntries,
    value: (p, y) => Math.abs(p - y),
    derivative: (p, y) => Math.sign(p - y),
  }), { name: "mae" });
}

/**
 * Quadratic cost (Nielsen, used in the lectures' worked examples):
 * C = (1/2n) Σₓ ‖ŷ(x) − y(x)‖² — the squared error summed over the k outputs, times ½, averaged
 * over the n samples. Gradient: ∂C/∂ŷᵢⱼ = (ŷᵢⱼ − yᵢⱼ)/n (the ½ cancels the 2 of the square).
 *
 * Lecture 004: one sample, ŷ = 1.84, y = 1 → C = ½(1.84 − 1)² = 0.3528 and ∂C/∂ŷ = 0.84.
 * It differs from MSE by the ½ and by summing (not averaging) over outputs: C = (k/2)·MSE.
 */
export function quadratic(): Loss {
  return withConfig(entrywiseLoss({
    name: "quadratic",
    factor: (n) => 1 / (2 * n),
    value: (p, y) => (p - y) * (p - y),
    derivative: (p, y) => 2 * (p - y),
  }), { name: "quadratic" });
}

/**
 * Huber loss (Keras `"huber"`): with the error e = ŷ − y,
 * ℓ(e) = ½e² for |e| ≤ δ, and δ|e| − ½δ² for |e| > δ (quadratic near 0, linear far away, so
 * outliers pull less than with MSE); L = mean of ℓ over the k outputs, then over the n samples.
 * Gradient: ∂L/∂ŷ = e/(n·k) for |e| ≤ δ, δ·sign(e)/(n·k) otherwise (continuous at |e| = δ).
 *
 * @param options.delta δ > 0, where the quadratic part turns linear (Keras default 1).
 */
export function huber(options: { delta?: number } = {}): Loss {
  const { delta = 1 } = options;
  if (!(delta > 0) || !Number.isFinite(delta)) {
    throw new Error(`huber: delta must be a positive number, got ${delta}.`);
  }
  return withConfig(entrywiseLoss({
    name: "huber",
    factor: meanOfAllEntries,
    value: (p, y) => {
      const a = Math.abs(p - y);
      return a <= delta ? 0.5 * a * a : delta * a - 0.5 * delta * delta;
    },
    derivative: (p, y) => {
      const e = p - y;
      return Math.abs(e) <= delta ? e : delta * Math.sign(e);
    },
  }), delta === 1 ? { name: "huber" } : { name: "huber", delta });
}

/**
 * Log-cosh loss (Keras `"log_cosh"`): with e = ŷ − y, ℓ(e) = ln cosh(e) (≈ e²/2 for small e,
 * ≈ |e| − ln 2 for large e); L = mean of ℓ over the outputs, then over the samples.
 * Gradient: ∂L/∂ŷ = tanh(e)/(n·k).
 * Computed stably like Keras, ln cosh(e) = e + softplus(−2e) − ln 2, so e = ±1000 does not overflow.
 */
export function logCosh(): Loss {
  const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  return withConfig(entrywiseLoss({
    name: "log_cosh",
    factor: meanOfAllEntries,
    value: (p, y) => {
      const e = p - y;
      return e + softplus(-2 * e) - Math.LN2;
    },
    derivative: (p, y) => Math.tanh(p - y),
  }), { name: "log_cosh" });
}

/**
 * Hinge loss (Keras `"hinge"`), for labels y ∈ {−1, 1}: ℓ = max(0, 1 − y·ŷ), the mean over the
 * outputs, then over the samples. It is 0 once a sample is on the right side with margin ≥ 1.
 * Gradient: ∂L/∂ŷ = −y/(n·k) where 1 − y·ŷ ≥ 0 (at the kink, TensorFlow's `maximum` passes the
 * gradient to its first argument), 0 elsewhere.
 *
 * Labels: like Keras, when every label of the batch is 0 or 1 they are converted to −1 and 1
 * (y ↦ 2y − 1). Labels that are all −1 or 1 are used as they are. Anything else is an error
 * (Keras would silently use the numbers).
 */
export function hinge(): Loss {
  return withConfig(entrywiseLoss({
    name: "hinge",
    factor: meanOfAllEntries,
    value: (p, y) => Math.max(0, 1 - y * p),
    derivative: (p, y) => (1 - y * p >= 0 ? -y : 0),
    prepare: (_yPred, yTrue) => hingeLabels(yTrue, "hinge"),
  }), { name: "hinge" });
}

/**
 * Squared hinge loss (Keras `"squared_hinge"`, on lecture 003's list), for labels y ∈ {−1, 1}:
 * ℓ = max(0, 1 − y·ŷ)², the mean over the outputs, then over the samples. Like the hinge it is 0
 * beyond the margin, but it grows quadratically, and its gradient is continuous:
 * ∂L/∂ŷ = −2y·max(0, 1 − y·ŷ)/(n·k). Labels as for `hinge` ({0, 1} are converted to −1 and 1).
 */
export function squaredHinge(): Loss {
  return withConfig(entrywiseLoss({
    name: "squared_hinge",
    factor: meanOfAllEntries,
    value: (p, y) => {
      const m = Math.max(0, 1 - y * p);
      return m * m;
    },
    derivative: (p, y) => {
      const m = 1 - y * p;
      return m > 0 ? -2 * y * m : 0;
    },
    prepare: (_yPred, yTrue) => hingeLabels(yTrue, "squared_hinge"),
  }), { name: "squared_hinge" });
}

/** Hinge targets as ±1: {0, 1} labels are converted, {−1, 1} kept, anything else rejected. */
function hingeLabels(yTrue: Matrix, who: string): Matrix {
  let zerosOrOnes = true;
  let minusOnesOrOnes = true;
  for (let k = 0; k < yTrue.data.length; k++) {
    const y = yTrue.data[k];
    if (y !== 0 && y !== 1) zerosOrOnes = false;
    if (y !== -1 && y !== 1) minusOnesOrOnes = false;
    if (!zerosOrOnes && !minusOnesOrOnes) {
      const i = Math.floor(k / yTrue.cols), j = k % yTrue.cols;
      throw new Error(
        `${who}: yTrue[${i}][${j}] = ${y}, but hinge labels must all be −1 or 1 (or all 0 or 1, which are ` +
          `converted to −1 and 1). Hint: for class probabilities use binary_crossentropy.`,
      );
    }
  }
  return zerosOrOnes ? yTrue.map((y) => 2 * y - 1) : yTrue;
}

// ─── Cross-entropies ───────────────────────────────────────────────────────────────────────────

/**
 * Binary cross-entropy (Keras `"binary_crossentropy"`), for k independent yes/no outputs with
 * targets y ∈ [0, 1] (usually 0 or 1).
 *
 * From probabilities p (a sigmoid output; default):
 * ℓ = −[y·ln p̃ + (1 − y)·ln(1 − p̃)] with p̃ = clip(p, ε, 1 − ε), ε = 1e-7;
 * ∂ℓ/∂p = (p̃ − y)/(p̃(1 − p̃)) where the clip lets p through, 0 where it is clipped.
 *
 * From logits z (`fromLogits: true`), with p = σ(z), computed stably as
 * ℓ = max(z, 0) − z·y + ln(1 + e^(−|z|)); ∂ℓ/∂z = σ(z) − y.
 *
 * L = mean of ℓ over the k outputs, then over the n samples (Keras); ∂L = ∂ℓ/(n·k).
 */
export function binaryCrossentropy(options: CrossentropyOptions = {}): Loss {
  const name = "binary_crossentropy";
  if (options.fromLogits) {
    return withConfig(entrywiseLoss({
      name,
      factor: meanOfAllEntries,
      value: (z, y) => Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z))),
      derivative: (z, y) => sigmoid.f(z) - y, // σ without overflow (functions/activations.ts)
    }), options.fromLogits ? { name, fromLogits: true } : { name });
  }
  return withConfig(entrywiseLoss({
    name,
    factor: meanOfAllEntries,
    value: (p, y) => {
      const c = clip(p);
      return -(y * Math.log(c) + (1 - y) * Math.log(1 - c));
    },
    derivative: (p, y) => {
      const c = clip(p);
      return (clipPasses(p) * (c - y)) / (c * (1 - c));
    },
    prepare: (yPred, yTrue) => {
      checkProbabilities(name, yPred);
      return yTrue;
    },
  }), options.fromLogits ? { name, fromLogits: true } : { name });
}

/**
 * Categorical cross-entropy (Keras `"categorical_crossentropy"`), for one of k classes with
 * one-hot (or smoothed) targets y, each row summing to 1.
 *
 * From probabilities p (a softmax output; default), exactly as Keras 3: each row is first
 * rescaled to sum to 1, q = p/Σp, then clipped, q̃ = clip(q, ε, 1 − ε), and
 * ℓ = −Σⱼ yⱼ ln q̃ⱼ. Gradient: with gⱼ = −yⱼ/q̃ⱼ where the clip lets qⱼ through (0 where clipped),
 * ∂ℓ/∂pₘ = (gₘ − Σⱼ gⱼqⱼ)/Σp (the second term comes from the rescaling; for a softmax output
 * it adds the same constant to every entry, which softmax's backward pass ignores).
 *
 * From logits z (`fromLogits: true`), with lse = ln Σⱼ e^(zⱼ) (computed stably):
 * ℓ = Σⱼ yⱼ(lse − zⱼ) = −Σⱼ yⱼ ln softmax(z)ⱼ; ∂ℓ/∂zₘ = softmax(z)ₘ·Σⱼyⱼ − yₘ (= S − y for one-hot y).
 *
 * L = the sum over the classes, mean over the n samples; ∂L = ∂ℓ/n.
 */
export function categoricalCrossentropy(options: CrossentropyOptions = {}): Loss {
  const name = "categorical_crossentropy";
  const fromLogits = options.fromLogits === true;

  /** Row loss ℓᵢ, and when `grad` is given, also writes ∂ℓᵢ/∂ŷᵢ · scale into it. */
  const row = (yPred: Matrix, yTrue: Matrix, i: number, grad?: Matrix, scale = 1): number => {
    const k = yPred.cols, start = i * k;
    const pred = yPred.data, y = yTrue.data;
    let ySum = 0;
    for (let j = 0; j < k; j++) ySum += y[start + j];
    if (fromLogits) {
      const lse = logSumExpRow(yPred, i);
      let loss = 0;
      for (let j = 0; j < k; j++) loss += y[start + j] * (lse - pred[start + j]);
      if (grad) {
        for (let j = 0; j < k; j++) {
          grad.data[start + j] = scale * (Math.exp(pred[start + j] - lse) * ySum - y[start + j]);
        }
      }
      return loss;
    }
    let pSum = 0;
    for (let j = 0; j < k; j++) pSum += pred[start + j];
    if (!(pSum > 0)) {
      throw new Error(`${name}: row ${i} of yPred is all zeros, so it is not a probability distribution.`);
    }
    let loss = 0;
    let gq = 0; // Σⱼ gⱼ·qⱼ
    for (let j = 0; j < k; j++) {
      const q = pred[start + j] / pSum;
      loss -= y[start + j] * Math.log(clip(q));
      gq += clipPasses(q) * (-y[start + j] / clip(q)) * q;
    }
    if (grad) {
      for (let j = 0; j < k; j++) {
        const q = pred[start + j] / pSum;
        const g = clipPasses(q) * (-y[start + j] / clip(q));
        grad.data[start + j] = (scale * (g - gq)) / pSum;
      }
    }
    return loss;
  };

  const check = (yPred: Matrix, yTrue: Matrix): void => {
    checkBatch(name, yPred, yTrue);
    if (!fromLogits) checkProbabilities(name, yPred);
  };

  return withConfig({
    name,
    forward(yPred: Matrix, yTrue: Matrix): number {
      check(yPred, yTrue);
      let total = 0;
      for (let i = 0; i < yPred.rows; i++) total += row(yPred, yTrue, i);
      return total / yPred.rows;
    },
    backward(yPred: Matrix, yTrue: Matrix): Matrix {
      check(yPred, yTrue);
      const grad = new Matrix(yPred.rows, yPred.cols);
      for (let i = 0; i < yPred.rows; i++) row(yPred, yTrue, i, grad, 1 / yPred.rows);
      return grad;
    },
  }, options.fromLogits ? { name, fromLogits: true } : { name });
}

/**
 * Sparse categorical cross-entropy (Keras `"sparse_categorical_crossentropy"`): categorical
 * cross-entropy with the targets given as class numbers instead of one-hot rows.
 * `yTrue` is n × 1 with integer labels cᵢ ∈ {0, …, k−1}; `yPred` is n × k.
 *
 * From logits z (`fromLogits: true`): ℓ = lse(z) − z_c = −ln softmax(z)_c;
 * ∂ℓ/∂zₘ = softmax(z)ₘ − [m = c].
 *
 * From probabilities p (default), exactly as Keras 3: clip first, p̃ = clip(p, ε, 1 − ε), then
 * treat ln p̃ as logits: ℓ = −ln p̃_c + ln Σⱼ p̃ⱼ (for a row summing to 1 this is −ln p_c);
 * ∂ℓ/∂pₘ = [p passes the clip]·(1/Σⱼp̃ⱼ − [m = c]/p̃_c).
 *
 * L = mean over the n samples; ∂L = ∂ℓ/n.
 */
export function sparseCategoricalCrossentropy(options: CrossentropyOptions = {}): Loss {
  const name = "sparse_categorical_crossentropy";
  const fromLogits = options.fromLogits === true;

  const labelsOf = (yPred: Matrix, yTrue: Matrix): number[] => {
    checkMatrices(name, yPred, yTrue);
    if (yTrue.cols !== 1 || yTrue.rows !== yPred.rows) {
      const hint =
        yTrue.rows === yPred.rows && yTrue.cols === yPred.cols
          ? ` Hint: one-hot labels? use categorical_crossentropy.`
          : yTrue.rows === 1 && yTrue.cols === yPred.rows
            ? ` Hint: the labels are a row; make them a column with Matrix.columnVector(labels).`
            : "";
      throw new Error(
        `${name}: yPred is ${shapeOf(yPred)} but yTrue is ${shapeOf(yTrue)}; yTrue must be ${yPred.rows}×1, ` +
          `one integer class label per sample.` + hint,
      );
    }
    checkFinite(name, yPred, yTrue);
    if (!fromLogits) checkProbabilities(name, yPred);
    const labels: number[] = [];
    for (let i = 0; i < yTrue.rows; i++) {
      const c = yTrue.data[i];
      if (!Number.isInteger(c) || c < 0 || c >= yPred.cols) {
        throw new Error(
          `${name}: label yTrue[${i}][0] = ${c} is not a class index 0…${yPred.cols - 1} ` +
            `(yPred has ${yPred.cols} columns, one per class).`,
        );
      }
      labels.push(c);
    }
    return labels;
  };

  /** Row loss ℓᵢ; when `grad` is given, also writes ∂ℓᵢ/∂ŷᵢ · scale into it. */
  const row = (yPred: Matrix, i: number, c: number, grad?: Matrix, scale = 1): number => {
    const k = yPred.cols, start = i * k, pred = yPred.data;
    if (fromLogits) {
      const lse = logSumExpRow(yPred, i);
      if (grad) {
        for (let j = 0; j < k; j++) {
          grad.data[start + j] = scale * (Math.exp(pred[start + j] - lse) - (j === c ? 1 : 0));
        }
      }
      return lse - pred[start + c];
    }
    let clippedSum = 0;
    for (let j = 0; j < k; j++) clippedSum += clip(pred[start + j]);
    if (grad) {
      for (let j = 0; j < k; j++) {
        const p = pred[start + j];
        grad.data[start + j] = scale * clipPasses(p) * (1 / clippedSum - (j === c ? 1 / clip(p) : 0));
      }
    }
    return -Math.log(clip(pred[start + c])) + Math.log(clippedSum);
  };

  return withConfig({
    name,
    forward(yPred: Matrix, yTrue: Matrix): number {
      const labels = labelsOf(yPred, yTrue);
      let total = 0;
      for (let i = 0; i < yPred.rows; i++) total += row(yPred, i, labels[i]);
      return total / yPred.rows;
    },
    backward(yPred: Matrix, yTrue: Matrix): Matrix {
      const labels = labelsOf(yPred, yTrue);
      const grad = new Matrix(yPred.rows, yPred.cols);
      for (let i = 0; i < yPred.rows; i++) row(yPred, i, labels[i], grad, 1 / yPred.rows);
      return grad;
    },
  }, options.fromLogits ? { name, fromLogits: true } : { name });
}

// ─── Lookup by name ────────────────────────────────────────────────────────────────────────────

/**
 * Every loss by name, rebuilt from its config (`LOSSES.fromConfig({ name: "huber", delta: 2 })`);
 * a bare name gives the defaults (cross-entropies expect probabilities, Huber has δ = 1).
 */
export const LOSSES = new Registry<Loss, LossName>("loss");
LOSSES.register("mse", () => meanSquaredError());
LOSSES.register("mae", () => meanAbsoluteError());
LOSSES.register("quadratic", () => quadratic());
LOSSES.register("binary_crossentropy", (c) => binaryCrossentropy({ fromLogits: configBoolean(c, "fromLogits", false) }));
LOSSES.register("categorical_crossentropy", (c) => categoricalCrossentropy({ fromLogits: configBoolean(c, "fromLogits", false) }));
LOSSES.register("sparse_categorical_crossentropy", (c) => sparseCategoricalCrossentropy({ fromLogits: configBoolean(c, "fromLogits", false) }));
LOSSES.register("huber", (c) => huber({ delta: configNumber(c, "delta", 1) }));
LOSSES.register("log_cosh", () => logCosh());
LOSSES.register("hinge", () => hinge());
LOSSES.register("squared_hinge", () => squaredHinge());

/**
 * The loss with this name and default options (cross-entropies expect probabilities; Huber has
 * δ = 1), or `loss` itself when given a `Loss` object, e.g. `categoricalCrossentropy({ fromLogits: true })`.
 * An unknown name throws an error that lists the known names.
 */
export function getLoss(name: LossName | Loss): Loss {
  if (typeof name === "object" && name !== null) {
    if (typeof name.forward !== "function" || typeof name.backward !== "function") {
      throw new Error(`getLoss: a loss object needs methods forward(yPred, yTrue) and backward(yPred, yTrue).`);
    }
    return name;
  }
  if (typeof name === "string" && (LOSS_NAMES as readonly string[]).includes(name)) return LOSSES.fromConfig(name);
  const aliases: Record<string, LossName> = {
    mean_squared_error: "mse",
    mean_absolute_error: "mae",
    logcosh: "log_cosh",
    huber_loss: "huber",
  };
  const alias = aliases[String(name).toLowerCase()];
  throw new Error(
    `getLoss: unknown loss ${JSON.stringify(name)}.` +
      (alias ? ` Did you mean "${alias}"?` : "") +
      ` Known names: ${LOSS_NAMES.join(", ")}.`,
  );
}
