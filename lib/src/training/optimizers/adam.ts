/** `Adam`: momentum divided by the root of a running mean of g², corrected for starting at 0 (lecture 001). */
import { Matrix } from "../../core/matrix";
import type { Param } from "../../layers/layer";
import { adamUpdate } from "../../kernels/updates";
import { BaseOptimizer, checkBoolean, checkEpsilon, checkOptionNames, checkUnitRate, OptimizerConfig, OPTIMIZERS, optionsFrom, zerosLike } from "./base";

/** Options of `Adam` (Keras names and defaults). */
export interface AdamOptions {
  /** η; default 0.001. */
  learningRate?: number;
  /** β₁, the decay of the running mean of g (the velocity m), in [0, 1); default 0.9. */
  beta1?: number;
  /** β₂, the decay of the running mean of g² (v), in [0, 1); default 0.999. */
  beta2?: number;
  /** ε; default 1e-7. */
  epsilon?: number;
  /** AMSGrad: divide by the largest v seen so far; default false. */
  amsgrad?: boolean;
  /**
   * Divide m and v by (1 − β₁ᵗ) and (1 − β₂ᵗ); default true (standard Adam). `false` gives
   * lecture 001's form, to see what the correction changes in the first steps.
   */
  biasCorrection?: boolean;
}

/**
 * Adam — lecture 001: momentum (a running mean m of g, the lecture's "velocity") divided by the
 * root of a running mean v of g² (the lecture's "accum", as in RMSprop), both corrected for
 * starting at 0. On step t (t = 1, 2, …):
 *
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   m̂ = m/(1 − β₁ᵗ),  v̂ = v/(1 − β₂ᵗ)                       (bias correction)
 *   w ← w − η·m̂/(√v̂ + ε̂)
 *
 * Keras computes this as w ← w − α·m/(√v + ε) with α = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ), i.e. its ε sits
 * next to the UNcorrected √v (the paper's "ε̂"; ε̂ = ε/√(1 − β₂ᵗ) above). We do the same.
 * On the first step m̂ = g and v̂ = g², so every weight moves by ≈ η·sign(g).
 *
 * Lecture 001 writes Adam without bias correction and without ε: w ← w − η·m/√v. With
 * `biasCorrection: false` we compute w ← w − η·m/(√v + ε). Because m starts at (1 − β₁)·g and
 * √v at √(1 − β₂)·|g|, its first step is η·(1 − β₁)/√(1 − β₂) ≈ 3.16·η — too LARGE (with the
 * defaults), and it stays too large for hundreds of steps while v warms up.
 *
 * `amsgrad: true` keeps v_max ← max(v_max, v) and uses v_max in place of v.
 *
 * Defaults (Keras 3): learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7, amsgrad false.
 */
export class Adam extends BaseOptimizer<{ m: Matrix; v: Matrix; vMax?: Matrix }> {
  readonly name = "adam";
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;
  readonly biasCorrection: boolean;

  /** @param options `learningRate` η (0.001), `beta1` β₁ (0.9), `beta2` β₂ (0.999), `epsilon` ε (1e-7), `amsgrad` (false), `biasCorrection` (true). */
  constructor(options: AdamOptions = {}) {
    checkOptionNames(options, ["learningRate", "beta1", "beta2", "epsilon", "amsgrad", "biasCorrection"], "Adam");
    super(options.learningRate ?? 0.001);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-7;
    this.amsgrad = options.amsgrad ?? false;
    this.biasCorrection = options.biasCorrection ?? true;
    checkUnitRate(this.beta1, "beta1", "Adam", "β₁ = 0.9 (Keras' default) averages the gradient over roughly the last 10 steps.");
    checkUnitRate(this.beta2, "beta2", "Adam", "β₂ = 0.999 (Keras' default) averages g² over roughly the last 1000 steps.");
    checkEpsilon(this.epsilon, "Adam");
    checkBoolean(this.amsgrad, "amsgrad", "Adam");
    checkBoolean(this.biasCorrection, "biasCorrection", "Adam");
  }

  override getConfig(): OptimizerConfig {
    return {
      ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad, biasCorrection: this.biasCorrection,
    };
  }

  protected initState(p: Param): { m: Matrix; v: Matrix; vMax?: Matrix } {
    const s: { m: Matrix; v: Matrix; vMax?: Matrix } = { m: zerosLike(p), v: zerosLike(p) };
    if (this.amsgrad) s.vMax = zerosLike(p);
    return s;
  }

  /** m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; w ← w − α·m/(√v + ε), α = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ) (η without correction). */
  protected update(param: Param, state: { m: Matrix; v: Matrix; vMax?: Matrix }): void {
    const w = param.value.data, g = param.grad.data, m = state.m.data, v = state.v.data, vMax = state.vMax?.data;
    const t = this.iterations, b1 = this.beta1, b2 = this.beta2;
    const alpha = this.biasCorrection
      ? (this.learningRate * Math.sqrt(1 - Math.pow(b2, t))) / (1 - Math.pow(b1, t))
      : this.learningRate;
    const c1 = 1 - b1, c2 = 1 - b2, eps = this.epsilon, n = w.length;
    if (vMax === undefined) {
      // Without AMSGrad (the default) on the backend's kernels (kernels/updates.ts): the numbers of
      // the loop below with v in place of v_max, bit for bit.
      adamUpdate(w, g, m, v, alpha, b1, b2, eps);
      return;
    }
    for (let k = 0; k < n; k++) {
      const gk = g[k], mk = b1 * m[k] + c1 * gk, vk = b2 * v[k] + c2 * gk * gk;
      m[k] = mk;
      v[k] = vk;
      const vMaxK = Math.max(vMax[k], vk);
      vMax[k] = vMaxK;
      w[k] -= (alpha * mk) / (Math.sqrt(vMaxK) + eps);
    }
  }
}

OPTIMIZERS.register("adam", (config) => new Adam(optionsFrom(config) as AdamOptions));
