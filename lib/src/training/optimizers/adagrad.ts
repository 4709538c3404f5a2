/** `Adagrad`: a step size per weight that shrinks as its squared gradients add up (lecture 001). */
import { describeGot } from "../../core/errors";
import { Matrix } from "../../core/matrix";
import type { Param } from "../../layers/layer";
import { BaseOptimizer, checkEpsilon, checkOptionNames, OptimizerConfig, OPTIMIZERS, optionsFrom } from "./base";

/** Options of `Adagrad` (Keras names and defaults). */
export interface AdagradOptions {
  /** η; default 0.001. */
  learningRate?: number;
  /** Starting value of every accumulator, ≥ 0; default 0.1. */
  initialAccumulatorValue?: number;
  /** ε; default 1e-7. */
  epsilon?: number;
}

/**
 * Adagrad — lecture 001: every weight gets its own step size, smaller the more it has moved.
 *
 *   accumulator ← accumulator + g²        (starts at initialAccumulatorValue)
 *   w ← w − η·g / √(accumulator + ε)
 *
 * (Keras puts ε INSIDE the root; the lecture has adaptive_lr = lr/√accumulated without ε.)
 * The accumulator only grows, so the steps keep shrinking — RMSprop fixes that.
 *
 * Defaults (Keras 3): learningRate 0.001, initialAccumulatorValue 0.1, epsilon 1e-7.
 */
export class Adagrad extends BaseOptimizer<{ accumulator: Matrix }> {
  readonly name = "adagrad";
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;

  /** @param options `learningRate` η (0.001), `initialAccumulatorValue` (0.1), `epsilon` ε (1e-7). */
  constructor(options: AdagradOptions = {}) {
    checkOptionNames(options, ["learningRate", "initialAccumulatorValue", "epsilon"], "Adagrad");
    super(options.learningRate ?? 0.001);
    this.initialAccumulatorValue = options.initialAccumulatorValue ?? 0.1;
    this.epsilon = options.epsilon ?? 1e-7;
    const a = this.initialAccumulatorValue;
    if (typeof a !== "number" || !Number.isFinite(a) || a < 0) {
      throw new Error(`Adagrad: initialAccumulatorValue must be a finite number ≥ 0, got ${describeGot(a)}. Hint: Keras' default is 0.1.`);
    }
    checkEpsilon(this.epsilon, "Adagrad");
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }

  protected initState(p: Param): { accumulator: Matrix } {
    return { accumulator: Matrix.full(p.value.rows, p.value.cols, this.initialAccumulatorValue) };
  }

  /** accumulator ← accumulator + g²; w ← w − η·g/√(accumulator + ε). */
  protected update(param: Param, state: { accumulator: Matrix }): void {
    const w = param.value.data, g = param.grad.data, a = state.accumulator.data, eta = this.learningRate, eps = this.epsilon;
    for (let k = 0, n = w.length; k < n; k++) {
      const gk = g[k], ak = a[k] + gk * gk;
      a[k] = ak;
      w[k] -= (eta * gk) / Math.sqrt(ak + eps);
    }
  }
}

OPTIMIZERS.register("adagrad", (config) => new Adagrad(optionsFrom(config) as AdagradOptions));
