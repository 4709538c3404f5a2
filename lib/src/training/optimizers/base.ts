/**
 * What every optimizer shares: the `Optimizer` interface `fit` calls, the `BaseOptimizer` class
 * (learning rate, step count, per-parameter state and its JSON form), the checks of the options,
 * and the registry by name. Each optimizer is a file of its own next to this one (sgd.ts, adam.ts, …)
 * that registers itself at its end; index.ts lists them.
 *
 * `fit` calls `optimizer.step(model.params())` after every mini-batch. An optimizer updates
 * `param.value.data` IN PLACE and may keep state per parameter (momentum's velocity, Adam's m
 * and v) in a `Map` keyed by the `Param` object — layers keep their `Param` objects for life,
 * so the state follows the parameter from step to step.
 *
 * `getState(params)` / `setState(params, state)` turn the per-parameter state into plain JSON
 * (by parameter ORDER) and back, so that a saved model can continue training exactly.
 */
import { Config, JsonValue, Registry } from "../../core/registry";
import type { Param } from "../../layers/layer";
import { Matrix } from "../../core/matrix";
import { describeGot } from "../../core/errors";


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
  /**
   * The state (step count, learning rate, per-parameter velocities/accumulators) as plain JSON,
   * one entry per parameter in the ORDER of `params`. Optional for hand-written optimizers.
   */
  getState?(params: Param[]): JsonValue;
  /** Restores what `getState` returned, for the parameters in the same order (may be new objects). */
  setState?(params: Param[], state: JsonValue): void;
}

/** Throws a clear error unless `lr` is a finite number > 0. */
export function checkLearningRate(lr: number, who = "optimizer"): void {
  if (typeof lr !== "number" || !Number.isFinite(lr) || lr <= 0) {
    throw new Error(
      `${who}: the learning rate must be a finite number > 0, got ${describeGot(lr)}. ` +
        `Hint: typical values are 0.1 to 0.0001 (Keras' SGD default is 0.01).`,
    );
  }
}

/** Throws unless `value` is a decay rate / momentum in [0, 1). */
export function checkUnitRate(value: number, option: string, who: string, hint: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value >= 1) {
    throw new Error(`${who}: ${option} must be a number in [0, 1), got ${describeGot(value)}. Hint: ${hint}`);
  }
}

/** Throws unless ε is a finite number > 0. */
export function checkEpsilon(value: number, who: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new Error(
      `${who}: epsilon must be a finite number > 0, got ${describeGot(value)}. Hint: it only guards against division by zero; Keras' default is 1e-7.`,
    );
  }
}

/** Throws unless `value` is true or false. */
export function checkBoolean(value: boolean, option: string, who: string): void {
  if (typeof value !== "boolean") throw new Error(`${who}: ${option} must be true or false, got ${describeGot(value)}.`);
}

/** Throws on option names the optimizer does not know (e.g. Keras 2's `lr`, or `beta_1`). */
export function checkOptionNames(options: object, known: readonly string[], who: string): void {
  if (options === null || typeof options !== "object") {
    throw new Error(`${who}: options must be an object such as { learningRate: 0.01 }, got ${describeGot(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const camel = key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/^lr$/, "learningRate");
      const hint = known.includes(camel) ? ` Did you mean ${camel}?` : "";
      throw new Error(`${who}: unknown option ${JSON.stringify(key)}; the options are ${known.join(", ")}.${hint}`);
    }
  }
}

/** A JSON object (not null, not an array)? */
function isJsonObject(x: JsonValue | undefined): x is { [key: string]: JsonValue } {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/**
 * Shared code of the optimizers: the learning rate (checked), the step counter, the
 * per-parameter state, created on a parameter's first update by `initState`, and its JSON form.
 *
 * A new optimizer is a file of its own in this folder: a subclass that implements `initState(param)`
 * (its per-parameter state, e.g. a zero velocity matrix) and `update(param, state)` (one in-place
 * update), registered at the end of the file (`OPTIMIZERS.register`) — see sgd.ts.
 * Inside `update`, `this.iterations` is already t, the number of the current step (1, 2, …).
 *
 * `getState`/`setState` work out of the box when the state is `null`, a `Matrix`, or an object
 * whose fields are matrices (e.g. `{ m, v }`); other state types override `stateToJson` and
 * `stateFromJson`.
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

  /**
   * The state as plain JSON: `{ name, iterations, learningRate, params }` where `params[k]` is
   * the state of `params[k]` (e.g. `{ m: [...], v: [...] }`, numbers in row-major order), or
   * `null` for a parameter this optimizer has not updated yet.
   */
  getState(params: Param[]): JsonValue {
    return {
      name: this.name,
      iterations: this.steps,
      learningRate: this.lr,
      params: params.map((p) => {
        const s = this.state.get(p);
        return s === undefined ? null : this.stateToJson(s);
      }),
    };
  }

  /**
   * Restores a `getState` result for `params` in the same order (they may be other `Param`
   * objects of the same shapes, e.g. those of a freshly loaded model). Checks the optimizer name,
   * the number of parameters and every array length.
   */
  setState(params: Param[], state: JsonValue): void {
    const who = `${this.name}.setState`;
    if (!isJsonObject(state) || !Array.isArray(state.params) || typeof state.iterations !== "number") {
      throw new Error(`${who}: expected { name, iterations, learningRate, params: [...] } as returned by getState, got ${JSON.stringify(state)?.slice(0, 80)}.`);
    }
    if (state.name !== this.name) {
      throw new Error(`${who}: the state was saved by optimizer ${JSON.stringify(state.name)}, this one is ${JSON.stringify(this.name)}. Hint: create the same kind of optimizer before restoring its state.`);
    }
    if (state.params.length !== params.length) {
      throw new Error(`${who}: the state has ${state.params.length} parameter(s), got ${params.length}. Hint: pass the parameters of the same model, in the same order (model.params()).`);
    }
    const it = state.iterations;
    if (!Number.isInteger(it) || it < 0) throw new Error(`${who}: iterations must be an integer ≥ 0, got ${describeGot(it)}.`);
    const savedParams: JsonValue[] = state.params;
    const fresh = params.map((p, k) => {
      const saved = savedParams[k];
      return saved === null ? undefined : this.stateFromJson(p, saved, `${who}: parameter ${k} (${p.name})`);
    });
    if (typeof state.learningRate === "number") this.learningRate = state.learningRate;
    this.steps = it;
    params.forEach((p, k) => {
      const s = fresh[k];
      if (s === undefined) this.state.delete(p);
      else this.state.set(p, s);
    });
  }

  /** The state a parameter starts with. */
  protected abstract initState(param: Param): State;
  /** One in-place update of `param.value` from `param.grad`. */
  protected abstract update(param: Param, state: State): void;

  /** One parameter's state as JSON: a matrix becomes a number array, an object of matrices an object of arrays. */
  protected stateToJson(state: State): JsonValue {
    const toJson = (x: unknown): JsonValue => {
      if (x === null || x === undefined) return null;
      if (x instanceof Matrix) return Array.from(x.data);
      if (typeof x === "number" || typeof x === "boolean" || typeof x === "string") return x;
      if (typeof x === "object") {
        const out: { [key: string]: JsonValue } = {};
        for (const [k, v] of Object.entries(x)) out[k] = toJson(v);
        return out;
      }
      throw new Error(`${this.name}: cannot turn optimizer state of type ${typeof x} into JSON; override stateToJson.`);
    };
    return toJson(state);
  }

  /** Builds a parameter's state from `stateToJson`'s output: a fresh `initState`, then the saved numbers copied in. */
  protected stateFromJson(param: Param, json: JsonValue, where: string): State {
    const s = this.initState(param);
    const fill = (m: Matrix, arr: JsonValue | undefined, field: string): void => {
      if (!Array.isArray(arr) || arr.length !== m.data.length || arr.some((v) => typeof v !== "number")) {
        throw new Error(`${where}: ${field} must be an array of ${m.data.length} numbers (the parameter is ${m.rows}×${m.cols}), got ${Array.isArray(arr) ? `${arr.length} entries` : JSON.stringify(arr)}.`);
      }
      m.data.set(arr as number[]);
    };
    if (s === null) return s;
    if (s instanceof Matrix) {
      fill(s, json, "the state");
      return s;
    }
    if (typeof s === "object" && isJsonObject(json)) {
      const obj = s as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(obj)) {
        if (v instanceof Matrix) fill(v, json[k], k);
        else if (typeof v === "number" && typeof json[k] === "number") obj[k] = json[k];
      }
      return s;
    }
    throw new Error(`${where}: expected an object like ${JSON.stringify(this.stateToJson(s))?.slice(0, 60)}, got ${JSON.stringify(json)?.slice(0, 60)}.`);
  }
}

/** A zero matrix of the parameter's shape. */
export function zerosLike(p: Param): Matrix {
  return Matrix.zeros(p.value.rows, p.value.cols);
}

// ─── the registry ─────────────────────────────────────────────────────────────────────────────

/**
 * The optimizers' Keras names, in the order of the lectures. This list is where a name is written:
 * `OptimizerName` is derived from it, each optimizer's file registers itself under one of these
 * names (the registry only takes these), and a test checks that every name is registered.
 */
export const OPTIMIZER_NAMES = ["sgd", "adagrad", "rmsprop", "adam", "adadelta", "adamax", "nadam", "lion"] as const;

/** Names accepted by `getOptimizer` (Keras' names). */
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/**
 * Every optimizer by name, rebuilt from its config (`OPTIMIZERS.fromConfig({ name: "sgd",
 * learningRate: 0.1, momentum: 0.9 })`): the config's fields are the constructor's options, as
 * Keras' `from_config`. Each optimizer's file ends with its `OPTIMIZERS.register` call.
 */
export const OPTIMIZERS = new Registry<Optimizer, OptimizerName>("optimizer");

/** A config without its `name`: the options object the optimizer's constructor takes. */
export function optionsFrom({ name: _name, ...options }: Config): Record<string, JsonValue> {
  return options;
}

/**
 * A new optimizer with default settings for a Keras name (`"sgd"`, `"adam"`, `"rmsprop"`, …),
 * or the given optimizer itself. Unknown names throw an error that lists the known ones.
 */
export function getOptimizer(optimizer: OptimizerName | Optimizer): Optimizer {
  if (typeof optimizer === "object" && optimizer !== null) {
    if (typeof optimizer.step !== "function") {
      throw new Error(`getOptimizer: an optimizer object needs a step(params) method.`);
    }
    return optimizer;
  }
  const key = String(optimizer).toLowerCase();
  if (OPTIMIZERS.has(key)) return OPTIMIZERS.fromConfig(key);
  throw new Error(
    `getOptimizer: unknown optimizer ${JSON.stringify(optimizer)}. Known names: ${OPTIMIZER_NAMES.join(", ")}` +
      `, or pass an object such as new SGD({ learningRate: 0.1 }).`,
  );
}
