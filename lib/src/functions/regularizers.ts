/**
 * Weight penalties (lecture 001: "L1/L2 regularisation"), Keras' `regularizers.l1`, `l2`, `l1l2`.
 *
 * A regularizer adds a term to the loss that grows with the weights,
 *
 *   penalty(W) = λ₁·Σ|w| + λ₂·Σw²          (Keras' formulas: no ½ in front of the L2 term)
 *
 * and so also a term to the gradient,
 *
 *   ∂penalty/∂w = λ₁·sign(w) + 2·λ₂·w       (sign(0) = 0)
 *
 * L2 ("weight decay") pulls every weight towards 0 in proportion to its size; L1 pulls with a
 * constant force and drives unimportant weights to exactly 0. Either keeps the network from fitting
 * the noise of a small training set with large, finely tuned weights.
 *
 * ```ts
 * new Dense(64, { activation: "relu", kernelRegularizer: l2(1e-4) });
 * ```
 *
 * The penalty is added once per batch to the mean loss of the batch, as Keras does: the logged
 * `loss` (and `val_loss`, and `evaluate`'s loss) includes it.
 */
import { Config, configNumber, Registry } from "../core/registry";
import { Matrix } from "../core/matrix";

/** A weight penalty: its value for a matrix of weights and its gradient. */
export interface Regularizer {
  /** `"l1"`, `"l2"` or `"l1l2"`. */
  readonly name: "l1" | "l2" | "l1l2";
  /** λ₁, the factor of Σ|w| (0 for none). */
  readonly l1: number;
  /** λ₂, the factor of Σw² (0 for none). */
  readonly l2: number;
  /** λ₁·Σ|w| + λ₂·Σw². */
  penalty(W: Matrix): number;
  /** ∂penalty/∂W = λ₁·sign(W) + 2λ₂·W, a new matrix of W's shape. */
  gradient(W: Matrix): Matrix;
  /** `{ name, l1, l2 }`, rebuilt by `REGULARIZERS.fromConfig`. */
  getConfig(): Config;
}

/** The regularizers by name, rebuilt from their configs. */
export const REGULARIZERS = new Registry<Regularizer>("regularizer");

function check(who: string, what: string, v: number): void {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw new Error(`${who}: ${what} must be a finite number ≥ 0, got ${String(v)}. Hint: typical values are 1e-5 … 1e-2, e.g. l2(1e-4).`);
  }
}

function make(name: "l1" | "l2" | "l1l2", a: number, b: number): Regularizer {
  return {
    name,
    l1: a,
    l2: b,
    penalty(W: Matrix): number {
      let s1 = 0;
      let s2 = 0;
      for (let k = 0; k < W.data.length; k++) {
        const w = W.data[k];
        s1 += Math.abs(w);
        s2 += w * w;
      }
      return a * s1 + b * s2;
    },
    gradient(W: Matrix): Matrix {
      return W.map((w) => a * Math.sign(w) + 2 * b * w);
    },
    getConfig: () => ({ name, l1: a, l2: b }),
  };
}

/** L1 penalty λ·Σ|w| (Keras `regularizers.l1`, default λ = 0.01). */
export function l1(lambda = 0.01): Regularizer {
  check("l1", "λ", lambda);
  return make("l1", lambda, 0);
}

/** L2 penalty λ·Σw² (Keras `regularizers.l2`, default λ = 0.01); its gradient is 2λw. */
export function l2(lambda = 0.01): Regularizer {
  check("l2", "λ", lambda);
  return make("l2", 0, lambda);
}

/** Both: λ₁·Σ|w| + λ₂·Σw² (Keras `regularizers.l1_l2`, defaults 0.01 and 0.01). */
export function l1l2(options: { l1?: number; l2?: number } = {}): Regularizer {
  const { l1: a = 0.01, l2: b = 0.01 } = options;
  check("l1l2", "l1", a);
  check("l1l2", "l2", b);
  return make("l1l2", a, b);
}

/** Rebuilding from a config `{ name, l1, l2 }` (what `getConfig()` gives). */
REGULARIZERS.register("l1", (c) => l1(configNumber(c, "l1", 0.01)));
REGULARIZERS.register("l2", (c) => l2(configNumber(c, "l2", 0.01)));
REGULARIZERS.register("l1l2", (c) => l1l2({ l1: configNumber(c, "l1", 0.01), l2: configNumber(c, "l2", 0.01) }));
