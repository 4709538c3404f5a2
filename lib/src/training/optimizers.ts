/**
 * Optimizers: how the parameters move once their gradients are known (lectures 001 and 004).
 *
 * `fit` calls `optimizer.step(model.params())` after every mini-batch. An optimizer updates
 * `param.value.data` IN PLACE and may keep state per parameter (momentum's velocity, Adam's m
 * and v) in a `Map` keyed by the `Param` object — layers keep their `Param` objects for life,
 * so the state follows the parameter from step to step.
 *
 * Notation of the doc comments (as in the lectures): w a weight, g = ∂E/∂w its gradient on the
 * current batch, η the learning rate, t the step number (1 on the first step), v a velocity,
 * ρ and β decay rates, ε a small constant against division by zero. Every operation is entry by
 * entry (g² is the element-wise square). The formulas are Keras 3's, including where ε sits.
 *
 * | class      | Keras name   | defaults                                                      |
 * |------------|--------------|---------------------------------------------------------------|
 * | `SGD`      | `"sgd"`      | η 0.01, momentum 0, nesterov false                            |
 * | `Adagrad`  | `"adagrad"`  | η 0.001, initialAccumulatorValue 0.1, ε 1e-7                  |
 * | `RMSprop`  | `"rmsprop"`  | η 0.001, ρ 0.9, momentum 0, ε 1e-7, centered false            |
 * | `Adam`     | `"adam"`     | η 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7, amsgrad false              |
 * | `Adadelta` | `"adadelta"` | η 0.001, ρ 0.95, ε 1e-7                                       |
 * | `Adamax`   | `"adamax"`   | η 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7                             |
 * | `Nadam`    | `"nadam"`    | η 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7 (Keras' momentum schedule)  |
 *
 * ```ts
 * model.compile({ optimizer: new SGD({ learningRate: 0.1, momentum: 0.9 }), loss: "mse" });
 * model.compile({ optimizer: "adam", loss: "mse" });          // Keras defaults
 * ```
 *
 * `getState(params)` / `setState(params, state)` turn the per-parameter state into plain JSON
 * (by parameter ORDER) and back, so that a saved model can continue training exactly.
 */
import { Config, JsonValue, Registry } from "../core/registry";
import type { Param } from "../layers/layer";
import { Matrix } from "../core/matrix";
import { getBackend } from "../kernels/backend";
import { WasmGemm, wasmGemm } from "../kernels/wasm";
import { describeGot } from "../core/errors";

/**
 * Parameters with at least this many entries are updated by the WebAssembly SIMD loops (RMSprop, Adam)
 * when the backend is "wasm": the same operations in the same order, so the same numbers bit for bit,
 * about 30 % quicker including the copies in and out of wasm memory. Smaller ones (biases) stay in
 * JavaScript, where the call would cost more than it saves.
 */
const WASM_UPDATE_MIN = 256;

/** The wasm module for an update of `n` entries, or null (JavaScript loop). */
function wasmUpdater(n: number): WasmGemm | null {
  return n >= WASM_UPDATE_MIN && getBackend() === "wasm" ? wasmGemm() : null;
}

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
function checkUnitRate(value: number, option: string, who: string, hint: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value >= 1) {
    throw new Error(`${who}: ${option} must be a number in [0, 1), got ${describeGot(value)}. Hint: ${hint}`);
  }
}

/** Throws unless ε is a finite number > 0. */
function checkEpsilon(value: number, who: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new Error(
      `${who}: epsilon must be a finite number > 0, got ${describeGot(value)}. Hint: it only guards against division by zero; Keras' default is 1e-7.`,
    );
  }
}

/** Throws unless `value` is true or false. */
function checkBoolean(value: boolean, option: string, who: string): void {
  if (typeof value !== "boolean") throw new Error(`${who}: ${option} must be true or false, got ${describeGot(value)}.`);
}

/** Throws on option names the optimizer does not know (e.g. Keras 2's `lr`, or `beta_1`). */
function checkOptionNames(options: object, known: readonly string[], who: string): void {
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
 * A new optimizer implements `initState(param)` (its per-parameter state, e.g. a zero velocity
 * matrix) and `update(param, state)` (one in-place update), and registers itself in `OPTIMIZERS`.
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
function zerosLike(p: Param): Matrix {
  return Matrix.zeros(p.value.rows, p.value.cols);
}

// ─── SGD ──────────────────────────────────────────────────────────────────────────────────────

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

// ─── Adagrad ──────────────────────────────────────────────────────────────────────────────────

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

// ─── RMSprop ──────────────────────────────────────────────────────────────────────────────────

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
      // The plain form (the lectures' and Keras' default), one tight loop: the same operations in the same order.
      const wasm = wasmUpdater(n);
      if (wasm !== null) {
        wasm.rmsprop(w, g, a, eta, rho, eps);
        return;
      }
      for (let k = 0; k < n; k++) {
        const gk = g[k], ak = rho * a[k] + c * gk * gk;
        a[k] = ak;
        w[k] -= (eta * gk) / Math.sqrt(ak + eps);
      }
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

// ─── Adam ─────────────────────────────────────────────────────────────────────────────────────

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
      const wasm = wasmUpdater(n);
      if (wasm !== null) {
        wasm.adam(w, g, m, v, alpha, b1, b2, eps);
        return;
      }
      for (let k = 0; k < n; k++) {
        const gk = g[k], mk = b1 * m[k] + c1 * gk, vk = b2 * v[k] + c2 * gk * gk;
        m[k] = mk;
        v[k] = vk;
        w[k] -= (alpha * mk) / (Math.sqrt(vk) + eps);
      }
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

// ─── Adadelta ─────────────────────────────────────────────────────────────────────────────────

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

// ─── Adamax ───────────────────────────────────────────────────────────────────────────────────

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

// ─── Nadam ────────────────────────────────────────────────────────────────────────────────────

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

// ─── the registry ─────────────────────────────────────────────────────────────────────────────

/** Names accepted by `getOptimizer` (Keras' names). */
export type OptimizerName = "sgd" | "adagrad" | "rmsprop" | "adam" | "adadelta" | "adamax" | "nadam";

/**
 * Every optimizer by name, rebuilt from its config (`OPTIMIZERS.fromConfig({ name: "sgd",
 * learningRate: 0.1, momentum: 0.9 })`): the config's fields are the constructor's options, as
 * Keras' `from_config`. A new optimizer adds one line here.
 */
export const OPTIMIZERS = new Registry<Optimizer>("optimizer");
type Options = Record<string, JsonValue>;
const settings = ({ name: _name, ...rest }: Config): Options => rest;
OPTIMIZERS.register("sgd", (c) => new SGD(settings(c) as SGDOptions));
OPTIMIZERS.register("adagrad", (c) => new Adagrad(settings(c) as AdagradOptions));
OPTIMIZERS.register("rmsprop", (c) => new RMSprop(settings(c) as RMSpropOptions));
OPTIMIZERS.register("adam", (c) => new Adam(settings(c) as AdamOptions));
OPTIMIZERS.register("adadelta", (c) => new Adadelta(settings(c) as AdadeltaOptions));
OPTIMIZERS.register("adamax", (c) => new Adamax(settings(c) as AdamaxOptions));
OPTIMIZERS.register("nadam", (c) => new Nadam(settings(c) as NadamOptions));

/** Every name `getOptimizer` accepts. */
export const OPTIMIZER_NAMES: readonly OptimizerName[] = Object.freeze(OPTIMIZERS.names() as OptimizerName[]);

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
