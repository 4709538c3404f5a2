/** `RMSprop`: Adagrad with a running average of g² instead of a sum (lectures 001, 004). */
import { Matrix } from "../../core/matrix";
import type { Param } from "../../layers/layer";
import { rmspropUpdate } from "../../kernels/updates";
import { BaseOptimizer, checkBoolean, checkEpsilon, checkOptionNames, checkUnitRate, OptimizerConfig, OPTIMIZERS, optionsFrom, zerosLike } from "./base";

/** Options of `RMSprop` (Keras names and defaults). */
export interface RMSpropOptions {
  /** η; default 0.001. */
  learningRate?: number;
  /** ρ, the decay of the running average of g², in [0, 1); default 0.9. */
  rho?: number;
  /** μ, in [0, 1); default 0 (no momentum). */
  momentum?: number;
  /** ε; default 1e-7. */
  epsilon?: number;
  /** Divide by the running VARIANCE of g instead of the mean of g²; default false. */
  centered?: boolean;
}

/**
 * RMSProp — lectures 001 and 004: Adagrad with a running average instead of a sum, so old
 * gradients are forgotten at rate ρ.
 *
 *   accumulator ← ρ·accumulator + (1 − ρ)·g²                (starts at 0)
 *   w ← w − η·g / √(accumulator + ε)
 *
 * Keras puts ε INSIDE the root; lecture 004 writes w ← w − η·g/(√G + ε) (its α is our ρ) —
 * with ε = 1e-7 the two differ only when the accumulator is tiny.
 *
 * `centered: true` also keeps ḡ ← ρ·ḡ + (1 − ρ)·g and divides by √(accumulator − ḡ² + ε).
 * `momentum` μ > 0 accumulates the steps: v ← μ·v + η·g/√(…); w ← w − v.
 *
 * Defaults (Keras 3, as quoted in lecture 004): learningRate 0.001, rho 0.9, momentum 0,
 * epsilon 1e-7, centered false.
 */
export class RMSprop extends BaseOptimizer<{ accumulator: Matrix; velocity?: Matrix; averageGradient?: Matrix }> {
  readonly name = "rmsprop";
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  /** @param options `learningRate` η (0.001), `rho` ρ (0.9), `momentum` μ (0), `epsilon` ε (1e-7), `centered` (false). */
  constructor(options: RMSpropOptions = {}) {
    checkOptionNames(options, ["learningRate", "rho", "momentum", "epsilon", "centered"], "RMSprop");
    super(options.learningRate ?? 0.001);
    this.rho = options.rho ?? 0.9;
    this.momentum = options.momentum ?? 0;
    this.epsilon = options.epsilon ?? 1e-7;
    this.centered = options.centered ?? false;
    checkUnitRate(this.rho, "rho", "RMSprop", "ρ is how much of the old average is kept each step; Keras' default is 0.9.");
    checkUnitRate(this.momentum, "momentum", "RMSprop", "0 (the default) is no momentum; 0.9 is a usual value.");
    checkEpsilon(this.epsilon, "RMSprop");
    checkBoolean(this.centered, "centered", "RMSprop");
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }

  protected initState(p: Param): { accumulator: Matrix; velocity?: Matrix; averageGradient?: Matrix } {
    const s: { accumulator: Matrix; velocity?: Matrix; averageGradient?: Matrix } = { accumulator: zerosLike(p) };
    if (this.momentum > 0) s.velocity = zerosLike(p);
    if (this.centered) s.averageGradient = zerosLike(p);
    return s;
  }

  /** accumulator ← ρ·accumulator + (1 − ρ)·g²; w ← w − η·g/√(accumulator + ε) (plus centering / momentum). */
  protected update(param: Param, state: { accumulator: Matrix; velocity?: Matrix; averageGradient?: Matrix }): void {
    const w = param.value.data, g = param.grad.data, a = state.accumulator.data;
    const eta = this.learningRate, rho = this.rho, c = 1 - rho, eps = this.epsilon, mu = this.momentum, n = w.length;
    const avg = state.averageGradient?.data, vel = state.velocity?.data;
    if (avg === undefined && vel === undefined) {
      // The plain form (the lectures' and Keras' default) on the backend's kernels (kernels/updates.ts):
      // the numbers of the loop below without centring and momentum, bit for bit.
      rmspropUpdate(w, g, a, eta, rho, eps);
      return;
    }
    for (let k = 0; k < n; k++) {
      const gk = g[k], ak = rho * a[k] + c * gk * gk;
      a[k] = ak;
      let denom = ak + eps;
      if (avg !== undefined) {
        const mk = rho * avg[k] + c * gk;
        avg[k] = mk;
        denom = ak - mk * mk + eps;
      }
      const increment = (eta * gk) / Math.sqrt(denom);
      if (vel !== undefined) {
        const vk = mu * vel[k] + increment;
        vel[k] = vk;
        w[k] -= vk;
      } else {
        w[k] -= increment;
      }
    }
  }
}

OPTIMIZERS.register("rmsprop", (config) => new RMSprop(optionsFrom(config) as RMSpropOptions));
