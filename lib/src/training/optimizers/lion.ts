/** `Lion`: the sign of a momentum-blended gradient as the step (Chen et al. 2023; Keras' `Lion`, on the keras.io/optimizers list of lecture 003). */
import { Matrix } from "../../core/matrix";
import type { Param } from "../../layers/layer";
import { BaseOptimizer, checkOptionNames, checkUnitRate, OptimizerConfig, OPTIMIZERS, optionsFrom, zerosLike } from "./base";

/** Options of `Lion` (Keras names and defaults). */
export interface LionOptions {
  /** η; default 0.001 (Keras; the paper advises 3–10× smaller than Adam's). */
  learningRate?: number;
  /** β₁, how much of the momentum m goes into the step's direction, in [0, 1); default 0.9. */
  beta1?: number;
  /** β₂, the decay of the momentum m, in [0, 1); default 0.99. */
  beta2?: number;
}

/**
 * Lion ("EvoLved Sign Momentum", found by a program search over update rules): every weight moves
 * by exactly η per step, in the direction of the SIGN of a blend of momentum and gradient:
 *
 *   c = β₁·m + (1 − β₁)·g
 *   w ← w − η·sign(c)                  (sign(0) = 0)
 *   m ← β₂·m + (1 − β₂)·g              (m starts at 0)
 *
 * Notebook 05 shows that RMSprop's and Adam's first steps are ≈ η·sign(g) whatever the size of g;
 * Lion takes that as the rule for every step, with no square roots and one state (m) per weight.
 * Defaults (Keras 3): learningRate 0.001, beta1 0.9, beta2 0.99.
 */
export class Lion extends BaseOptimizer<{ m: Matrix }> {
  readonly name = "lion";
  readonly beta1: number;
  readonly beta2: number;

  /** @param options `learningRate` η (0.001), `beta1` β₁ (0.9), `beta2` β₂ (0.99). */
  constructor(options: LionOptions = {}) {
    checkOptionNames(options, ["learningRate", "beta1", "beta2"], "Lion");
    super(options.learningRate ?? 0.001);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.99;
    checkUnitRate(this.beta1, "beta1", "Lion", "Keras' default is 0.9.");
    checkUnitRate(this.beta2, "beta2", "Lion", "Keras' default is 0.99.");
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2 };
  }

  protected initState(p: Param): { m: Matrix } {
    return { m: zerosLike(p) };
  }

  /** c = β₁m + (1 − β₁)g; w ← w − η·sign(c); m ← β₂m + (1 − β₂)g. */
  protected update(param: Param, state: { m: Matrix }): void {
    const w = param.value.data, g = param.grad.data, m = state.m.data;
    const b1 = this.beta1, b2 = this.beta2, c1 = 1 - b1, c2 = 1 - b2, eta = this.learningRate;
    for (let k = 0, n = w.length; k < n; k++) {
      const gk = g[k], mk = m[k];
      w[k] -= eta * Math.sign(b1 * mk + c1 * gk);
      m[k] = b2 * mk + c2 * gk;
    }
  }
}

OPTIMIZERS.register("lion", (config) => new Lion(optionsFrom(config) as LionOptions));
