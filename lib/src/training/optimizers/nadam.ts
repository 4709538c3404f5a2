/** `Nadam`: Adam with Nesterov momentum, in Keras' form (lecture 003's list). */
import { Matrix } from "../../core/matrix";
import type { Param } from "../../layers/layer";
import { BaseOptimizer, checkEpsilon, checkOptionNames, checkUnitRate, OptimizerConfig, OPTIMIZERS, optionsFrom, zerosLike } from "./base";

/** Options of `Nadam` (Keras names and defaults). */
export interface NadamOptions {
  /** η; default 0.001. */
  learningRate?: number;
  /** β₁, in [0, 1); default 0.9. The momentum of step t is μₜ = β₁·(1 − ½·0.96ᵗ). */
  beta1?: number;
  /** β₂, the decay of the running mean v of g², in [0, 1); default 0.999. */
  beta2?: number;
  /** ε; default 1e-7. */
  epsilon?: number;
}

/**
 * Nadam: Adam with Nesterov momentum (Dozat 2016), in KERAS' form, with its momentum schedule
 * μₜ = β₁·(1 − ½·0.96ᵗ) (μ grows from 0.468 towards β₁ = 0.9). On step t:
 *
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   m̂ = μₜ₊₁·m/(1 − μ₁μ₂…μₜ₊₁) + (1 − μₜ)·g/(1 − μ₁μ₂…μₜ)      (look-ahead momentum + current gradient)
 *   v̂ = v/(1 − β₂ᵗ)
 *   w ← w − η·m̂/(√v̂ + ε)
 *
 * (ε next to the corrected √v̂ here, unlike Keras' Adam.) Note the running mean m uses the
 * constant β₁; only the bias-correction/look-ahead weights use the schedule μ, exactly as Keras 3.
 * Defaults (Keras 3): learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7.
 */
export class Nadam extends BaseOptimizer<{ m: Matrix; v: Matrix }> {
  readonly name = "nadam";
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Cache of μ₁μ₂…μₙ for n = productStep (it depends only on β₁ and n). */
  private productStep = 0;
  private product = 1;

  /** @param options `learningRate` η (0.001), `beta1` β₁ (0.9), `beta2` β₂ (0.999), `epsilon` ε (1e-7). */
  constructor(options: NadamOptions = {}) {
    checkOptionNames(options, ["learningRate", "beta1", "beta2", "epsilon"], "Nadam");
    super(options.learningRate ?? 0.001);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-7;
    checkUnitRate(this.beta1, "beta1", "Nadam", "Keras' default is 0.9.");
    checkUnitRate(this.beta2, "beta2", "Nadam", "Keras' default is 0.999.");
    checkEpsilon(this.epsilon, "Nadam");
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }

  /** μₜ = β₁·(1 − ½·0.96ᵗ), the momentum of step t. */
  momentumAt(t: number): number {
    return this.beta1 * (1 - 0.5 * Math.pow(0.96, t));
  }

  /** μ₁μ₂…μₙ (multiplied in step order, as Keras does). */
  private momentumProduct(n: number): number {
    if (n < this.productStep) {
      this.productStep = 0;
      this.product = 1;
    }
    while (this.productStep < n) this.product *= this.momentumAt(++this.productStep);
    return this.product;
  }

  protected initState(p: Param): { m: Matrix; v: Matrix } {
    return { m: zerosLike(p), v: zerosLike(p) };
  }

  /** m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; w ← w − η·m̂/(√v̂ + ε) with Keras' m̂ (see the class). */
  protected update(param: Param, state: { m: Matrix; v: Matrix }): void {
    const w = param.value.data, g = param.grad.data, m = state.m.data, v = state.v.data;
    const t = this.iterations, b1 = this.beta1, b2 = this.beta2;
    const muT = this.momentumAt(t), muNext = this.momentumAt(t + 1);
    const prodT = this.momentumProduct(t), prodNext = prodT * muNext;
    const vCorrection = 1 - Math.pow(b2, t);
    const c1 = 1 - b1, c2 = 1 - b2, dNext = 1 - prodNext, oneMinusMu = 1 - muT, dT = 1 - prodT, eta = this.learningRate, eps = this.epsilon;
    for (let k = 0, n = w.length; k < n; k++) {
      const gk = g[k], mk = b1 * m[k] + c1 * gk, vk = b2 * v[k] + c2 * gk * gk;
      m[k] = mk;
      v[k] = vk;
      const mHat = (muNext * mk) / dNext + (oneMinusMu * gk) / dT;
      const vHat = vk / vCorrection;
      w[k] -= (eta * mHat) / (Math.sqrt(vHat) + eps);
    }
  }
}

OPTIMIZERS.register("nadam", (config) => new Nadam(optionsFrom(config) as NadamOptions));
