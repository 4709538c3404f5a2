/**
 * `Flatten`: turns an h × w × c image into a vector of h·w·c numbers, for a `Dense` layer after
 * convolutions (Keras' `Flatten`). No parameters.
 *
 * Batches already hold each image as one row in HWC order (see `layers/shape.ts`), so the numbers
 * do not move: forward and backward pass them through unchanged. What changes is the SHAPE the
 * model reports: (None, 13, 13, 8) → (None, 1352) in `summary()`.
 */
import { Matrix } from "../core/matrix";
import { Random } from "../core/random";
import { BaseLayer, checkPositiveInt, LayerConfig, Param } from "./layer";
import { configOptionalInt, configString } from "../core/registry";
import { registerLayer } from "./registry";
import { checkImageShape } from "./shape";

/** Options of `Flatten`. */
export interface FlattenOptions {
  /** Numbers per sample, when Flatten is the first layer (or give inputShape). */
  inputDim?: number;
  /** Layer name; default `"flatten"`, `"flatten_1"`, … */
  name?: string;
}

/** Flattens images to vectors (a reshape; the numbers pass through unchanged). */
export class Flatten extends BaseLayer {
  readonly className = "Flatten";
  private _shape: number[] | undefined;
  private Y: Matrix | undefined;

  constructor(options: FlattenOptions = {}) {
    super("flatten", options);
  }

  /** The input shape handed over by the previous layer, e.g. [13, 13, 8] (undefined if none). */
  get inputShape(): number[] | undefined {
    return this._shape ? [...this._shape] : undefined;
  }

  /** [h·w·c]. */
  override computeOutputShape(inputShape: readonly number[]): number[] {
    return [inputShape.reduce((a, b) => a * b, 1)];
  }

  /** = inputDim. */
  get outputDim(): number | undefined {
    return this._inputDim;
  }

  /** Remembers the previous layer's image shape (for error messages and `inputShape`); a flat shape is kept as it is. */
  override setInputShape(shape: readonly number[]): void {
    this._shape = shape.length === 3 ? checkImageShape(this.name, shape) : undefined;
  }

  build(inputDim: number, _rng: Random): void {
    checkPositiveInt(`${this.name}: inputDim`, inputDim);
    if (this._inputDim !== undefined && inputDim !== this._inputDim) {
      throw new Error(`${this.name} was built for ${this._inputDim} numbers per sample and cannot take ${inputDim}.`);
    }
    if (this._shape !== undefined && this._shape[0] * this._shape[1] * this._shape[2] !== inputDim) {
      throw new Error(`${this.name}: the previous layer's shape ${this._shape.join("×")} does not hold ${inputDim} numbers per sample.`);
    }
    this._inputDim = inputDim;
  }

  /** Y = X (each row already is the flattened HWC image). */
  forward(X: Matrix, _training = false): Matrix {
    this.checkInput(X);
    this.Y = X;
    return X;
  }

  /** dX = dY. */
  backward(dY: Matrix): Matrix {
    this.checkGradShape(dY, this.Y);
    return dY;
  }

  params(): Param[] {
    return [];
  }

  getConfig(): LayerConfig {
    const c: LayerConfig = { className: this.className, name: this.name };
    if (this._inputDim !== undefined) c.inputDim = this._inputDim;
    return c;
  }
}

registerLayer("Flatten", (c) => new Flatten({ name: configString(c, "name"), inputDim: configOptionalInt(c, "inputDim") }));
