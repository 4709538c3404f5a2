/** `Adamax`: Adam with a decaying maximum of |g| in place of the root of the mean of g² (lecture 003's list). */
import { Matrix } from "../../core/matrix";
import type { Param } from "../../layers/layer";
import { BaseOptimizer, checkEpsilon, checkOptionNames, checkUnitRate, OptimizerConfig, OPTIMIZERS, optionsFrom, zerosLike } from "./base";

/** Options of `Adamax` (Keras names and defaults). */
export interface AdamaxOptions {
  /** η; default 0.001. */
  learningRate?: number;
  /** β₁, the decay of the running mean m of g, in [0, 1); default 0.9. */
  beta1?: number;
  /** β₂, the decay of the running max u of |g|, in [0, 1); default 0.999. */
  beta2?: number;
  /** ε; default 1e-7. */
  epsilon?: number;
}

/**
 * Adamax: Adam with the root of the mean of g² replaced by a decaying MAXIMUM of |g| (the
 * infinity norm), which needs no bias correction. On step t:
 *
 *   m ← β₁·m + (1 − β₁)·g
 *   u ← max(β₂·u, |g|)
 *   w ← w − η·m / ((1 − β₁ᵗ)·(u + ε))
 *
 * (ε added to u, as in Keras.) Defaults (Keras 3): learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7.
 */
export class Adamax extends BaseOptimizer<{ m: Matrix; u: Matrix }> {
  readonly name = "adamax";
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  /** @param options `learningRate` η (0.001), `beta1` β₁ (0.9), `beta2` β₂ (0.999), `epsilon` ε (1e-7). */
  constructor(options: AdamaxOptions = {}) {
    checkOptionNames(options, ["learningRate", "beta1", "beta2", "epsilon"], "Adamax");
    super(options.learningRate ?? 0.001);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-7;
    checkUnitRate(this.beta1, "beta1", "Adamax", "Keras' default is 0.9.");
    checkUnitRate(this.beta2, "beta2", "Adamax", "Keras' default is 0.999.");
    checkEpsilon(this.epsilon, "Adamax");
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }

  protected initState(p: Param): { m: Matrix; u: Matrix } {
    return { m: zerosLike(p), u: zerosLike(p) };
  }

  /** m ← β₁m + (1 − β₁)g; u ← max(β₂u, |g|); w ← w − η·m/((1 − β₁ᵗ)(u + ε)). */
  protected update(param: Param, state: { m: Matrix; u: Matrix }): void {
    const w = param.value.data, g = param.grad.data, m = state.m.data, u = state.u.data;
    const b1 = this.beta1, b2 = this.beta2, correction = 1 - Math.pow(b1, this.iterations);
    const c1 = 1 - b1, eta = this.learningRate, eps = this.epsilon;
    for (let k = 0, n = w.length; k < n; k++) {
      const gk = g[k], mk = b1 * m[k] + c1 * gk, uk = Math.max(b2 * u[k], Math.abs(gk));
      m[k] = mk;
      u[k] = uk;
      w[k] -= (eta * mk) / (correction * (uk + eps));
    }
  }
}

OPTIMIZERS.register("adamax", (config) => new Adamax(optionsFrom(config) as AdamaxOptions));
