/**
 * `PReLU` (parametric ReLU; Keras' `layers.PReLU`, named in lecture 003's list of activations): a
 * leaky ReLU whose slope for negative inputs is LEARNED, one α per input number.
 *
 *   forward:   Y = X where X > 0, α ⊙ X elsewhere          (α broadcast over the rows of the batch)
 *   backward:  dX = dY ⊙ f′(X),  f′ = 1 where X > 0, α where X < 0, 0 at X = 0
 *              dα = Σ over the samples of dY ⊙ min(X, 0)
 *
 * Keras computes the layer as relu(X) − α·relu(−X), so at X = 0 the gradient is TensorFlow's ReLU
 * gradient there, 0, on both parts; we do the same. α starts at 0 (`alphaInitializer: "zeros"`, the
 * Keras default: the layer starts as a ReLU) and has the shape of one input sample: after a Dense
 * layer one α per unit, after Conv2D one per pixel and channel (Keras without `shared_axes`).
 *
 * ```ts
 * new Sequential([new Dense(64, { inputDim: 784 }), new PReLU(), new Dense(10)]);   // 64 α's to learn
 * ```
 */
import { getInitializer, Initializer, initializerFromConfig, InitializerName, initializerToConfig } from "../functions/initializers";
import { Matrix } from "../core/matrix";
import { Random } from "../core/random";
import { configField, configOptionalInt, configString } from "../core/registry";
import { BaseLayer, checkPositiveInt, LayerConfig, Param } from "./layer";
import { registerLayer } from "./registry";

/** Options of `PReLU` (Keras names). */
export interface PReLUOptions {
  /** How α starts; default `"zeros"` (Keras: the layer starts as a ReLU). */
  alphaInitializer?: InitializerName | Initializer;
  /** Inputs per sample (only needed on a first layer). */
  inputDim?: number;
  /** Seed for α's initial values when the initializer is random (otherwise the model's generator). */
  seed?: number;
  /** Layer name; default `"p_re_lu"`, `"p_re_lu_1"`, … (Keras' names). */
  name?: string;
}

/** A leaky ReLU with a learned slope α for every input number. */
export class PReLU extends BaseLayer {
  readonly className = "PReLU";
  private readonly alphaInit: Initializer;
  private alphaParam: Param | undefined;
  private X: Matrix | undefined;
  private Y: Matrix | undefined;

  /** @param options alphaInitializer (default "zeros"), inputDim, seed, name */
  constructor(options: PReLUOptions = {}) {
    super("p_re_lu", options);
    this.alphaInit = getInitializer(options.alphaInitializer ?? "zeros");
    if (this._inputDim !== undefined) this.build(this._inputDim, new Random(this.seed ?? 0));
  }

  /** The same as the input width. */
  get outputDim(): number | undefined {
    return this._inputDim;
  }

  /** The input's shape: the layer works entry by entry. */
  override computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  /** The slopes α, 1 × inputs. */
  get alpha(): Matrix {
    if (this.alphaParam === undefined) this.requireBuilt("alpha");
    return (this.alphaParam as Param).value;
  }

  protected override isBuilt(): boolean {
    return this.alphaParam !== undefined;
  }

  /** Creates α (1 × inputDim) from `alphaInitializer`. */
  build(inputDim: number, rng: Random): void {
    checkPositiveInt(`${this.name}: inputDim`, inputDim);
    if (this.alphaParam !== undefined) {
      if (inputDim !== this._inputDim) throw new Error(`${this.name} was built for ${this._inputDim} inputs per sample and cannot take ${inputDim}.`);
      return;
    }
    const r = this.seed !== undefined ? new Random(this.seed) : rng;
    this._inputDim = inputDim;
    this.alphaParam = { name: `${this.name}/alpha`, value: this.alphaInit.create(1, inputDim, r, inputDim, inputDim), grad: Matrix.zeros(1, inputDim) };
  }

  /** Y = relu(X) − α ⊙ relu(−X) (Keras' form): X where X > 0, α ⊙ X elsewhere; keeps X for backward. */
  forward(X: Matrix, _training = false): Matrix {
    this.checkInput(X);
    const a = this.alpha.data, cols = X.cols, x = X.data;
    const Y = new Matrix(X.rows, cols);
    const y = Y.data;
    for (let q = 0; q < x.length; q++) {
      const v = x[q];
      y[q] = (v > 0 ? v : 0) - a[q % cols] * (v < 0 ? -v : 0);
    }
    this.X = X;
    this.Y = Y;
    return Y;
  }

  /** dX = dY ⊙ f′(X) (1 for X > 0, α for X < 0, 0 at 0) and dα = Σ rows of dY ⊙ min(X, 0). */
  backward(dY: Matrix, needInput = true): Matrix {
    this.checkGradShape(dY, this.Y);
    const X = this.X as Matrix, p = this.alphaParam as Param;
    const a = p.value.data, da = p.grad.data, x = X.data, g = dY.data, cols = X.cols;
    da.fill(0);
    const dX = new Matrix(X.rows, cols);
    const d = dX.data;
    for (let q = 0; q < x.length; q++) {
      const v = x[q], j = q % cols;
      if (v > 0) d[q] = g[q];
      else if (v < 0) {
        d[q] = a[j] * g[q];
        da[j] += g[q] * v;
      }
    }
    return needInput ? dX : new Matrix(0, cols);
  }

  /** `[alpha]`. */
  params(): Param[] {
    return this.alphaParam === undefined ? [] : [this.alphaParam];
  }

  /** `{ className: "PReLU", name, alphaInitializer, inputDim?, seed? }`. */
  getConfig(): LayerConfig {
    const c: LayerConfig = { className: this.className, name: this.name, alphaInitializer: initializerToConfig(this.alphaInit) };
    if (this._inputDim !== undefined) c.inputDim = this._inputDim;
    if (this.seed !== undefined) c.seed = this.seed;
    return c;
  }
}

registerLayer("PReLU", (c) =>
  new PReLU({
    name: configString(c, "name"),
    alphaInitializer: initializerFromConfig(configField(c, "alphaInitializer")),
    inputDim: configOptionalInt(c, "inputDim"),
    seed: configOptionalInt(c, "seed"),
  }),
);
