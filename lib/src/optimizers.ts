/**
 * Optimizers: how the parameters move once their gradients are known.
 *
 * `fit` calls `optimizer.step(model.params())` after every mini-batch. An optimizer updates
 * `param.value.data` IN PLACE and may keep state per parameter (momentum's velocity, Adam's m
 * and v) in a `Map` keyed by the `Param` object — layers keep their `Param` objects for life,
 * so the state follows the parameter from step to step.
 *
 * ```ts
 * model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: "mse" });
 * model.compile({ optimizer: "sgd", loss: "mse" });          // learning rate 0.01 (Keras default)
 * ```
 */
import { JsonValue, Param } from "./layers/layer";

/** An optimizer's settings as JSON, e.g. `{ name: "sgd", learningRate: 0.01 }`. */
export interface OptimizerConfig {
  name: string;
  learningRate: number;
  [key: string]: JsonValue;
}

/** What `Sequential.fit` needs from an optimizer. */
export interface Optimizer {
  /** Keras-style name, e.g. `"sgd"`. */
  readonly name: string;
  /** η, the step size. Settable (learning-rate schedules change it); must stay > 0 and finite. */
  learningRate: number;
  /** Number of `step` calls so far (Keras: `iterations`); Adam's bias correction uses it. */
  readonly iterations: number;
  /** Updates every parameter in place from its `grad`. */
  step(params: Param[]): void;
  /** Settings as JSON (for save/load and experiment logs). */
  getConfig(): OptimizerConfig;
}

/** Throws a clear error unless `lr` is a finite number > 0. */
export function checkLearningRate(lr: number, who = "optimizer"): void {
  if (typeof lr !== "number" || !Number.isFinite(lr) || lr <= 0) {
    throw new Error(
      `${who}: the learning rate must be a finite number > 0, got ${lr}. ` +
        `Hint: typical values are 0.1 to 0.0001 (Keras' SGD default is 0.01).`,
    );
  }
}

/**
 * Shared code of the optimizers: the learning rate (checked), the step counter, and the
 * per-parameter state, created on a parameter's first update by `initState`.
 *
 * A new optimizer implements `initState(param)` (its per-parameter state, e.g. a zero velocity
 * matrix) and `update(param, state)` (one in-place update), and registers itself in `OPTIMIZERS`.
 */
export abstract class BaseOptimizer<State> implements Optimizer {
  abstract readonly name: string;
  private lr: number;
  private steps = 0;
  /** Per-parameter state, keyed by the `Param` object. */
  protected readonly state = new Map<Param, State>();

  /** @param learningRate η, checked to be a finite number > 0. */
  constructor(learningRate: number) {
    checkLearningRate(learningRate, this.constructor.name);
    this.lr = learningRate;
  }

  /** η; setting it checks the new value (> 0 and finite). */
  get learningRate(): number {
    return this.lr;
  }

  set learningRate(value: number) {
    checkLearningRate(value, this.name);
    this.lr = value;
  }

  /** Number of `step` calls so far. */
  get iterations(): number {
    return this.steps;
  }

  /** Updates every parameter in place (creating its state on first sight), and counts the step. */
  step(params: Param[]): void {
    this.steps++;
    for (const p of params) {
      let s = this.state.get(p);
      if (s === undefined) {
        s = this.initState(p);
        this.state.set(p, s);
      }
      this.update(p, s);
    }
  }

  /** `{ name, learningRate }` (subclasses add their own settings). */
  getConfig(): OptimizerConfig {
    return { name: this.name, learningRate: this.lr };
  }

  /** The state a parameter starts with. */
  protected abstract initState(param: Param): State;
  /** One in-place update of `param.value` from `param.grad`. */
  protected abstract update(param: Param, state: State): void;
}

/** Options of `SGD`. */
export interface SGDOptions {
  /** η; default 0.01 (Keras). */
  learningRate?: number;
}

/**
 * Plain (stochastic, mini-batch) gradient descent, the update of lecture 004:
 *
 *   θ ← θ − η · ∂E/∂θ
 *
 * for every parameter θ, where ∂E/∂θ is the gradient of the batch loss. No state.
 */
export class SGD extends BaseOptimizer<null> {
  readonly name = "sgd";

  /** @param options `learningRate` η (default 0.01, as in Keras). */
  constructor(options: SGDOptions = {}) {
    super(options.learningRate ?? 0.01);
  }

  protected initState(): null {
    return null;
  }

  /** θ ← θ − η·g, entry by entry, in place. */
  protected update(param: Param): void {
    const theta = param.value.data, g = param.grad.data, eta = this.learningRate;
    for (let k = 0; k < theta.length; k++) theta[k] -= eta * g[k];
  }
}

/** Names accepted by `getOptimizer`. */
export type OptimizerName = "sgd";

/** Optimizer names → a factory with default settings. Add an entry for each new optimizer. */
const OPTIMIZERS: Record<OptimizerName, () => Optimizer> = {
  sgd: () => new SGD(),
};

/** Every name `getOptimizer` accepts. */
export const OPTIMIZER_NAMES: readonly OptimizerName[] = Object.freeze(Object.keys(OPTIMIZERS) as OptimizerName[]);

/**
 * A new optimizer with default settings for a Keras name (`"sgd"`), or the given optimizer
 * itself. Unknown names throw an error that lists the known ones.
 */
export function getOptimizer(optimizer: OptimizerName | Optimizer): Optimizer {
  if (typeof optimizer === "object" && optimizer !== null) {
    if (typeof optimizer.step !== "function") {
      throw new Error(`getOptimizer: an optimizer object needs a step(params) method.`);
    }
    return optimizer;
  }
  const key = String(optimizer).toLowerCase();
  if (Object.prototype.hasOwnProperty.call(OPTIMIZERS, key)) return OPTIMIZERS[key as OptimizerName]();
  throw new Error(
    `getOptimizer: unknown optimizer ${JSON.stringify(optimizer)}. Known names: ${OPTIMIZER_NAMES.join(", ")}` +
      `, or pass an object such as new SGD({ learningRate: 0.1 }).`,
  );
}
