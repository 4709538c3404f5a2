/** `Adadelta`: RMSprop whose step is rescaled by the running RMS of past steps (lecture 003's list). */
import { Matrix } from "../../core/matrix";
import type { Param } from "../../layers/layer";
import { BaseOptimizer, checkEpsilon, checkOptionNames, checkUnitRate, OptimizerConfig, OPTIMIZERS, optionsFrom, zerosLike } from "./base";

/** Options of `Adadelta` (Keras names and defaults). */
export interface AdadeltaOptions {
  /** η; default 0.001 (Keras; the original paper uses 1.0). */
  learningRate?: number;
  /** ρ, the decay of both running averages, in [0, 1); default 0.95. */
  rho?: number;
  /** ε; default 1e-7. */
  epsilon?: number;
}

/**
 * Adadelta: RMSprop whose step is rescaled by the running RMS of the past STEPS, so the step has
 * the units of w.
 *
 *   accumulator ← ρ·accumulator + (1 − ρ)·g²                         (E[g²], starts at 0)
 *   Δw = −√(deltaAccumulator + ε) / √(accumulator + ε) · g
 *   deltaAccumulator ← ρ·deltaAccumulator + (1 − ρ)·Δw²              (E[Δw²], starts at 0)
 *   w ← w + η·Δw
 *
 * (ε inside both roots, as in Keras.) Defaults (Keras 3): learningRate 0.001, rho 0.95, epsilon 1e-7.
 * With η = 0.001 and E[Δw²] starting at 0, the first steps are tiny (≈ η·√ε); the paper used η = 1.
 */
export class Adadelta extends BaseOptimizer<{ accumulator: Matrix; deltaAccumulator: Matrix }> {
  readonly name = "adadelta";
  readonly rho: number;
  readonly epsilon: number;

  /** @param options `learningRate` η (0.001), `rho` ρ (0.95), `epsilon` ε (1e-7). */
  constructor(options: AdadeltaOptions = {}) {
    checkOptionNames(options, ["learningRate", "rho", "epsilon"], "Adadelta");
    super(options.learningRate ?? 0.001);
    this.rho = options.rho ?? 0.95;
    this.epsilon = options.epsilon ?? 1e-7;
    checkUnitRate(this.rho, "rho", "Adadelta", "Keras' default is 0.95.");
    checkEpsilon(this.epsilon, "Adadelta");
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), rho: this.rho, epsilon: this.epsilon };
  }

  protected initState(p: Param): { accumulator: Matrix; deltaAccumulator: Matrix } {
    return { accumulator: zerosLike(p), deltaAccumulator: zerosLike(p) };
  }

  /** E[g²] ← ρE[g²] + (1 − ρ)g²; Δw = −√(E[Δw²] + ε)/√(E[g²] + ε)·g; E[Δw²] ← ρE[Δw²] + (1 − ρ)Δw²; w ← w + η·Δw. */
  protected update(param: Param, state: { accumulator: Matrix; deltaAccumulator: Matrix }): void {
    const w = param.value.data, g = param.grad.data, a = state.accumulator.data, d = state.deltaAccumulator.data;
    const rho = this.rho, c = 1 - rho, eps = this.epsilon, eta = this.learningRate;
    for (let k = 0, n = w.length; k < n; k++) {
      const gk = g[k], ak = rho * a[k] + c * gk * gk;
      a[k] = ak;
      const delta = (-Math.sqrt(d[k] + eps) * gk) / Math.sqrt(ak + eps);
      d[k] = rho * d[k] + c * delta * delta;
      w[k] += eta * delta;
    }
  }
}

OPTIMIZERS.register("adadelta", (config) => new Adadelta(optionsFrom(config) as AdadeltaOptions));
