/**
 * `SimpleLayer`: a layer of your own is its maths. Lecture 001's contract — «forward(X, W) return
 * result; backward(gradient) return dX, dW» — is all a subclass writes:
 *
 *   forward(X)  → Y        keep what backward needs (X, or Y)
 *   backward(dY) → dX      write each weight's gradient into its `grad`, return ∂E/∂X
 *   build(inputDim, rng)   only for a layer with weights: create them with `addWeight`
 *
 * The base fills in the rest of the `Layer` interface: the name (`my_tanh` for a class `MyTanh`),
 * `params()` (the weights made by `addWeight`), `getWeights`/`setWeights`, `countParams`, the input
 * and output widths (the output width is `units`, or the input width when not given) and a config.
 *
 * ```ts
 * class MyTanh extends SimpleLayer {
 *   private Y: Matrix;
 *   forward(X: Matrix): Matrix {
 *     this.Y = X.map(Math.tanh);
 *     return this.Y;
 *   }
 *   backward(dY: Matrix): Matrix {
 *     return dY.multiply(this.Y.map((y) => 1 - y * y));   // dY ⊙ tanh′
 *   }
 * }
 * new Sequential([new Dense(16, { inputDim: 4 }), new MyTanh(), new Dense(1)]);
 * ```
 *
 * A model with a layer of your own trains, evaluates and predicts like any other; saving it with
 * `saveModel` needs the class registered (`registerLayer`, from `nnlib/extend`), as in Keras.
 */
import { Matrix } from "../core/matrix";
import { Random } from "../core/random";
import { BaseLayer, checkPositiveInt, LayerConfig, Param } from "./layer";

/** Options of `SimpleLayer`'s constructor. */
export interface SimpleLayerOptions {
  /** Outputs per sample, when the layer changes the width (a layer with a W of units × inputs); default: as many as it gets. */
  units?: number;
  /** Inputs per sample, when this is the first layer of a model. */
  inputDim?: number;
  /** Layer name; default: the class name in snake case (`MyTanh` → `my_tanh`, then `my_tanh_1`, …). */
  name?: string;
}

/** `MyDenseSigmoid` → `my_dense_sigmoid`. */
function snakeCase(className: string): string {
  return className.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z])([A-Z][a-z])/g, "$1_$2").toLowerCase() || "layer";
}

/** The base of a layer written as its maths: a subclass writes `forward`, `backward` and, with weights, `build`. */
export abstract class SimpleLayer extends BaseLayer {
  /** The subclass's name, e.g. `"MyTanh"` (shown by `summary()`). */
  readonly className: string;
  /** Outputs per sample when given to the constructor; otherwise the layer keeps the width. */
  readonly units: number | undefined;
  private readonly weights: Param[] = [];

  /** @param options `units` (when the layer changes the width), `inputDim`, `name` */
  constructor(options: SimpleLayerOptions = {}) {
    const className = new.target.name || "SimpleLayer";
    super(snakeCase(className), options);
    this.className = className;
    if (options.units !== undefined) checkPositiveInt(`${this.name}: units`, options.units);
    this.units = options.units;
  }

  /** Y = layer(X) for a batch X (one sample per row); keep what `backward` needs. */
  abstract override forward(X: Matrix, training?: boolean): Matrix;

  /** dX = ∂E/∂X from dY = ∂E/∂Y of the last forward; write each weight's gradient into its `grad` (BP4, BP3). */
  abstract override backward(dY: Matrix): Matrix;

  /**
   * Creates the weights for inputs of width `inputDim` with `addWeight` (`Sequential` calls it once
   * the width is known, with the model's seeded `rng`). A layer without weights leaves it out.
   */
  build(inputDim: number, _rng: Random): void {
    this._inputDim = inputDim;
  }

  /**
   * A new weight of this layer: `value` (its starting numbers, kept as given) with a zero gradient
   * of the same shape, named `<layer>/<name>`. `params()` hands it to the optimizer, which updates
   * `value` in place; `backward` writes ∂E/∂value into `grad`.
   */
  protected addWeight(name: string, value: Matrix): Param {
    if (!(value instanceof Matrix)) throw new Error(`${this.name}.addWeight: ${name} must be a Matrix, got ${typeof value}.`);
    if (this.weights.some((w) => w.name === `${this.name}/${name}`)) {
      throw new Error(`${this.name}.addWeight: the layer already has a weight ${name}. Hint: create weights in build, which runs once per layer; use a new layer object for a second model.`);
    }
    const p: Param = { name: `${this.name}/${name}`, value, grad: Matrix.zeros(value.rows, value.cols) };
    this.weights.push(p);
    return p;
  }

  /** Called by `Sequential` before `build`: remembers the input width, so a subclass's `build` need not. */
  override setInputShape(shape: readonly number[]): void {
    super.setInputShape(shape);
    this._inputDim = shape.reduce((a, b) => a * b, 1);
  }

  /** `units`, or the input width when the layer keeps it. */
  get outputDim(): number | undefined {
    return this.units ?? this._inputDim;
  }

  /** `[units]`, or the input's shape when the layer keeps the width. */
  override computeOutputShape(inputShape: readonly number[]): number[] {
    return this.units !== undefined ? [this.units] : [...inputShape];
  }

  /** The weights made by `addWeight`, in order (the same objects every call). */
  params(): Param[] {
    return this.weights;
  }

  /** `{ className, name, units?, inputDim? }`: enough for `summary()`; saving also needs `registerLayer`. */
  getConfig(): LayerConfig {
    const c: LayerConfig = { className: this.className, name: this.name };
    if (this.units !== undefined) c.units = this.units;
    if (this._inputDim !== undefined) c.inputDim = this._inputDim;
    return c;
  }
}
