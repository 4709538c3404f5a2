/** `SGD`: stochastic (mini-batch) gradient descent, w ← w − η·g, with momentum and Nesterov momentum (lectures 001, 004). */
import { Matrix } from "../../core/matrix";
import type { Param } from "../../layers/layer";
import { BaseOptimizer, checkBoolean, checkOptionNames, checkUnitRate, OptimizerConfig, OPTIMIZERS, optionsFrom, zerosLike } from "./base";

/** Options of `SGD` (Keras names and defaults). */
export interface SGDOptions {
  /** η; default 0.01. */
  learningRate?: number;
  /** μ, the momentum, in [0, 1); default 0 (plain gradient descent). 0.9 is the usual choice. */
  momentum?: number;
  /** Nesterov momentum (look ahead along the velocity); default false. Needs momentum > 0 to matter. */
  nesterov?: boolean;
}

/**
 * Stochastic (mini-batch) gradient descent, optionally with momentum — lectures 004 and 001.
 *
 * Plain (momentum 0, the default):   w ← w − η·g
 *
 * Momentum μ (lecture 001: velocity = momentum·velocity − lr·gradient; w = w + velocity):
 *
 *   v ← μ·v − η·g        (v, the velocity, starts at 0)
 *   w ← w + v
 *
 * Nesterov (`nesterov: true`), Keras' form — the new velocity is applied once more:
 *
 *   v ← μ·v − η·g
 *   w ← w + μ·v − η·g
 *
 * Defaults (Keras 3): learningRate 0.01, momentum 0, nesterov false.
 */
export class SGD extends BaseOptimizer<{ velocity: Matrix } | null> {
  readonly name = "sgd";
  /** μ, in [0, 1). */
  readonly momentum: number;
  /** Nesterov momentum on/off. */
  readonly nesterov: boolean;

  /** @param options `learningRate` η (0.01), `momentum` μ (0), `nesterov` (false) — Keras' defaults. */
  constructor(options: SGDOptions = {}) {
    checkOptionNames(options, ["learningRate", "momentum", "nesterov"], "SGD");
    super(options.learningRate ?? 0.01);
    this.momentum = options.momentum ?? 0;
    this.nesterov = options.nesterov ?? false;
    checkUnitRate(this.momentum, "momentum", "SGD", "0 is plain gradient descent, 0.9 is the usual momentum.");
    checkBoolean(this.nesterov, "nesterov", "SGD");
  }

  /** `{ name, learningRate }`, plus `momentum` and `nesterov` when momentum or Nesterov is on (plain SGD keeps its short config). */
  override getConfig(): OptimizerConfig {
    const config = super.getConfig();
    return this.momentum === 0 && !this.nesterov ? config : { ...config, momentum: this.momentum, nesterov: this.nesterov };
  }

  protected initState(p: Param): { velocity: Matrix } | null {
    return this.momentum > 0 ? { velocity: zerosLike(p) } : null;
  }

  /** w ← w − η·g, or with momentum v ← μv − η·g; w ← w + v (Nesterov: w ← w + μv − η·g). */
  protected update(param: Param, state: { velocity: Matrix } | null): void {
    const w = param.value.data, g = param.grad.data, eta = this.learningRate, mu = this.momentum;
    if (state === null) {
      for (let k = 0, n = w.length; k < n; k++) w[k] -= eta * g[k];
      return;
    }
    const v = state.velocity.data, n = w.length;
    if (this.nesterov) {
      for (let k = 0; k < n; k++) {
        const gk = g[k], vk = mu * v[k] - eta * gk;
        v[k] = vk;
        w[k] += mu * vk - eta * gk;
      }
    } else {
      for (let k = 0; k < n; k++) {
        const vk = mu * v[k] - eta * g[k];
        v[k] = vk;
        w[k] += vk;
      }
    }
  }
}

OPTIMIZERS.register("sgd", (config) => new SGD(optionsFrom(config) as SGDOptions));
