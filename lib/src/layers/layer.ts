/**
 * The layer interface of the course (lecture 001):
 *
 *   forward(X) → Y        one sample per ROW of X (n × inputs) and of Y (n × outputs)
 *   backward(dY) → dX     dY = ∂E/∂Y; returns dX = ∂E/∂X and keeps the parameter gradients
 *
 * A layer keeps whatever `forward` needs for `backward` (its input, its pre-activation), so
 * `backward` must follow the `forward` of the same batch.
 *
 * Parameters are exposed as `Param` objects `{ name, value, grad }`. They keep the same object
 * identity for the life of the layer: an optimizer keys its per-parameter state (momentum,
 * Adam's m and v) by the `Param`, and updates `value.data` in place.
 */
import { Matrix, MatrixInput, shapeOf, toMatrix } from "../core/matrix";
import { Random } from "../core/random";

import type { JsonValue } from "../core/registry";
import { describeGot } from "../core/errors";
export type { JsonValue } from "../core/registry";

/** A layer's settings as plain JSON, e.g. `{ className: "Dense", name: "dense", units: 4, … }`. */
export interface LayerConfig {
  /** The class, e.g. `"Dense"`, so a saved model can be rebuilt. */
  className: string;
  /** The layer's name, e.g. `"dense_1"`. */
  name: string;
  [key: string]: JsonValue;
}

/**
 * One trainable parameter of a layer: its current `value` and the gradient `grad` = ∂E/∂value
 * of the last `backward`, of the same shape. Both matrices are updated in place, never replaced.
 */
export interface Param {
  /** e.g. `"dense/W"`. */
  readonly name: string;
  readonly value: Matrix;
  readonly grad: Matrix;
}

/** What every layer offers; `Sequential` and the optimizers rely on nothing else. */
export interface Layer {
  /** Unique, Keras-style name: `"dense"`, `"dense_1"`, … (or the one given in the options). */
  readonly name: string;
  /** The class name shown by `summary()`, e.g. `"Dense"`. */
  readonly className: string;
  /** True once the input width is known and the parameters exist. */
  readonly built: boolean;
  /** The activation the layer applies, e.g. `"softmax"` (Dense, Activation, Conv2D); undefined for others. */
  readonly activation?: string;
  /** Inputs per sample (features), known after `build`. */
  readonly inputDim: number | undefined;
  /** Outputs per sample, known after `build` (a Dense layer knows it from the start). */
  readonly outputDim: number | undefined;
  /**
   * Shape of one output sample once known: `[units]` for a flat layer, `[h, w, c]` for images.
   * Optional for layers written from scratch (then `[outputDim]`); `BaseLayer` has it.
   */
  readonly outputShape?: number[] | undefined;
  /**
   * The output shape for inputs of shape `inputShape`, without building (Keras/tfjs:
   * `computeOutputShape`): Dense → `[units]`, Conv2D `[28, 28, 1]` → `[26, 26, 8]`, Activation keeps
   * the shape. Optional for layers written from scratch; `BaseLayer` has it.
   */
  computeOutputShape?(inputShape: readonly number[]): number[];
  /**
   * Called by `Sequential` before `build` with the previous layer's output shape (`[inputDim]` for
   * the first layer): image layers take their [h, w, c] from it. Optional; `BaseLayer` remembers it.
   */
  setInputShape?(shape: readonly number[]): void;
  /**
   * Creates the parameters for inputs of width `inputDim`, drawing initial values from `rng`
   * (a layer constructed with its own `seed` uses that instead). Idempotent for the same width.
   */
  build(inputDim: number, rng: Random): void;
  /** Y = layer(X). `training` is true inside `fit` only (Dropout and BatchNorm behave differently then); false in `predict`/`evaluate`. */
  forward(X: Matrix, training?: boolean): Matrix;
  /**
   * Given dY = ∂E/∂Y of the last forward, stores the parameter gradients and returns dX = ∂E/∂X.
   * `needInput: false` (what `Sequential` passes to its first layer, whose dX nobody reads) lets a
   * layer skip computing dX and return an empty 0 × inputs matrix instead; the default is true.
   */
  backward(dY: Matrix, needInput?: boolean): Matrix;
  /** The trainable parameters (same objects every call). */
  params(): Param[];
  /** Copies of the parameter values, in the order of `params()` (Keras: `get_weights`). */
  getWeights(): Matrix[];
  /** Sets the parameter values (copied in place), in the order of `params()`; shapes are checked. */
  setWeights(weights: MatrixInput[]): void;
  /** Number of trainable numbers. */
  countParams(): number;
  /**
   * Number of numbers the layer keeps but training does not update by gradient (BatchNorm's moving
   * mean and variance); optional — 0 when left out. `summary()` reports them as Keras does.
   */
  countNonTrainableParams?(): number;
  /** Settings as JSON (for save/load). */
  getConfig(): LayerConfig;
  /**
   * The layer's weight penalty (L1/L2) for its current weights, added to the loss by `Sequential`;
   * optional — layers without penalties leave it out.
   */
  regularizationLoss?(): number;
}

const nameCounts = new Map<string, number>();

/**
 * A fresh Keras-style name for a layer: the first is `prefix`, then `prefix_1`, `prefix_2`, …
 * (counted per prefix for the whole session, as in Keras).
 */
export function uniqueLayerName(prefix: string): string {
  const k = nameCounts.get(prefix) ?? 0;
  nameCounts.set(prefix, k + 1);
  return k === 0 ? prefix : `${prefix}_${k}`;
}

/**
 * Shared code of the layers: naming, the input-width check, `getWeights`/`setWeights`,
 * `countParams`. Subclasses implement `build`, `forward`, `backward`, `params`, `getConfig`.
 */
export abstract class BaseLayer implements Layer {
  readonly name: string;
  abstract readonly className: string;
  protected _inputDim: number | undefined;
  /** The shape handed over by `setInputShape` (undefined when none was). */
  protected _incomingShape: number[] | undefined;
  /** Seed given to this layer itself; overrides the model's random generator in `build`. */
  readonly seed: number | undefined;

  /**
   * @param prefix name stem used when `name` is not given (`"dense"` → `dense`, `dense_1`, …)
   */
  constructor(prefix: string, options: { name?: string; inputDim?: number; seed?: number } = {}) {
    if (options.name !== undefined && (typeof options.name !== "string" || options.name === "")) {
      throw new Error(`Layer: name must be a non-empty string, got ${JSON.stringify(options.name)}.`);
    }
    this.name = options.name ?? uniqueLayerName(prefix);
    if (options.inputDim !== undefined) checkPositiveInt(`${this.name}: inputDim`, options.inputDim);
    if (options.seed !== undefined && !Number.isInteger(options.seed)) {
      throw new Error(`${this.name}: seed must be an integer, got ${describeGot(options.seed)}. Hint: e.g. { seed: 42 }.`);
    }
    this._inputDim = options.inputDim;
    this.seed = options.seed;
  }

  /** Inputs per sample (undefined until known). */
  get inputDim(): number | undefined {
    return this._inputDim;
  }

  /** True once the input width is known and the parameters exist. */
  get built(): boolean {
    return this._inputDim !== undefined && this.isBuilt();
  }

  abstract get outputDim(): number | undefined;

  /** Remembers the previous layer's output shape (shape-keeping layers pass it on). */
  setInputShape(shape: readonly number[]): void {
    this._incomingShape = [...shape];
  }

  /** `[outputDim]`, or the input's width when the layer keeps it; shape-keeping layers override this. */
  computeOutputShape(inputShape: readonly number[]): number[] {
    return [this.outputDim ?? inputShape.reduce((a, b) => a * b, 1)];
  }

  /** `computeOutputShape` of the shape this layer was built for (undefined until built). */
  get outputShape(): number[] | undefined {
    if (this._inputDim === undefined) return undefined;
    const s = this._incomingShape;
    return this.computeOutputShape(s !== undefined && s.reduce((a, b) => a * b, 1) === this._inputDim ? s : [this._inputDim]);
  }
  abstract build(inputDim: number, rng: Random): void;
  abstract forward(X: Matrix, training?: boolean): Matrix;
  abstract backward(dY: Matrix, needInput?: boolean): Matrix;
  abstract params(): Param[];
  abstract getConfig(): LayerConfig;

  /** Whether the parameters exist (layers without parameters are built once the width is known). */
  protected isBuilt(): boolean {
    return true;
  }

  /** The layer's settings as JSON; the same as `getConfig()`. */
  get config(): LayerConfig {
    return this.getConfig();
  }

  /** Copies of the parameter values, in `params()` order. */
  getWeights(): Matrix[] {
    this.requireBuilt("getWeights");
    return this.params().map((p) => p.value.clone());
  }

  /**
   * Copies `weights` into the parameters in place, in `params()` order, after checking every shape.
   * A layer that is not built yet is built first, with the input width from `inputDim` or, failing
   * that, read off the weights (`inputDimFromWeights`), so `new Dense(2).setWeights([W1])` works.
   */
  setWeights(weights: MatrixInput[]): void {
    if (!this.built) {
      const inputDim = this._inputDim ?? (Array.isArray(weights) ? this.inputDimFromWeights(weights) : undefined);
      if (inputDim !== undefined) this.build(inputDim, new Random(this.seed ?? 0));
    }
    this.requireBuilt("setWeights");
    const ps = this.params();
    if (!Array.isArray(weights) || weights.length !== ps.length) {
      throw new Error(
        `${this.name}.setWeights: expected ${ps.length} matrices (${ps.map((p) => `${p.name} ${shapeOf(p.value)}`).join(", ")}), ` +
          `got ${Array.isArray(weights) ? weights.length : typeof weights}.`,
      );
    }
    const ms = weights.map((w, k) => toMatrix(w, `${this.name}.setWeights: weight ${k}`));
    ms.forEach((m, k) => {
      const p = ps[k];
      if (m.rows !== p.value.rows || m.cols !== p.value.cols) {
        throw new Error(
          `${this.name}.setWeights: ${p.name} has shape ${shapeOf(p.value)}, got ${shapeOf(m)}.` +
            (m.rows === p.value.cols && m.cols === p.value.rows
              ? ` Hint: W is stored as units × inputs (row j = the weights into neuron j, as in the lecture); Keras stores the transpose — pass W.transpose().`
              : ""),
        );
      }
    });
    ms.forEach((m, k) => ps[k].value.data.set(m.data));
  }

  /** Number of trainable numbers (0 before build). */
  countParams(): number {
    if (!this.built) return 0;
    return this.params().reduce((s, p) => s + p.value.size, 0);
  }

  /** The input width implied by weights given to `setWeights` of an unbuilt layer (none by default). */
  protected inputDimFromWeights(_weights: MatrixInput[]): number | undefined {
    return undefined;
  }

  /** Throws a clear error when the layer has no parameters yet. */
  protected requireBuilt(what: string): void {
    if (!this.built) {
      throw new Error(
        `${this.name}.${what}: the layer is not built yet (its input width is unknown). ` +
          `Hint: pass { inputDim } to the first layer, call layer.build(inputDim, new Random(0)), or run the model on data first.`,
      );
    }
  }

  /**
   * Checks that X is a Matrix with `inputDim` columns; builds the layer on first use
   * (from its own seed, or seed 0) when it is not built yet.
   */
  protected checkInput(X: Matrix): void {
    if (!(X instanceof Matrix)) {
      throw new Error(`${this.name}.forward: expected a Matrix (one sample per row), got ${describeGot(X)}. Hint: Matrix.from([[...], ...]).`);
    }
    if (!this.built) this.build(this._inputDim ?? X.cols, new Random(this.seed ?? 0));
    if (X.cols !== this._inputDim) {
      throw new Error(
        `${this.name} expects ${this._inputDim} inputs per sample, got a ${shapeOf(X)} batch. ` +
          `Hint: a batch has one sample per ROW and one feature per column` +
          (X.rows === this._inputDim ? ` — this batch looks transposed (try x.transpose()).` : `; check the number of features in the data or the layer's inputDim.`),
      );
    }
  }

  /** Checks that dY has the shape of the last output. */
  protected checkGradShape(dY: Matrix, Y: Matrix | undefined): void {
    if (Y === undefined) {
      throw new Error(`${this.name}.backward: call forward first; backward uses the values kept by forward.`);
    }
    if (!(dY instanceof Matrix) || dY.rows !== Y.rows || dY.cols !== Y.cols) {
      throw new Error(
        `${this.name}.backward: dY must have the shape of the last output ${shapeOf(Y)}, got ${dY instanceof Matrix ? shapeOf(dY) : typeof dY}.`,
      );
    }
  }
}

/** Throws unless `value` is a whole number ≥ 1. */
export function checkPositiveInt(what: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${what} must be a positive integer, got ${describeGot(value)}. Hint: a whole number such as 1, 16 or 128.`);
  }
}
