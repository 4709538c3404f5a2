/**
 * `Dense`: the fully connected layer, Y = f(X·Wᵀ + b).
 *
 * Weights are stored in the LECTURE's layout (004): `W` is `units × inputs`, and row j holds
 * the weights of the paths INTO neuron j ("each row holds the weights into the next layer's
 * neuron with that number"). W = [[1, 3], [−2, 4]] means y₁ = 1·x₁ + 3·x₂, y₂ = −2·x₁ + 4·x₂.
 * For a single sample as a column vector that is y = W·x; with a batch of samples in the ROWS
 * of X (n × inputs) it is Y = X·Wᵀ + b.
 *
 * Keras stores the same numbers transposed (its kernel is inputs × units, Y = X·kernel + b):
 * to copy weights from Keras, pass `kernel.transpose()` as W.
 */
import { ActivationFn, activationFromConfig, ActivationName } from "../functions/activations";
import { getInitializer, Initializer, initializerFromConfig, InitializerName, initializerToConfig } from "../functions/initializers";
import { Matrix, MatrixInput } from "../core/matrix";
import { Random } from "../core/random";
import { Config, configBoolean, configField, configInt, configOptionalInt, configString } from "../core/registry";
import { Regularizer, REGULARIZERS } from "../functions/regularizers";
import { matmul, matmulNT, matmulTN } from "../kernels/backend";
import { ActivationOp } from "./activation";
import { BaseLayer, checkPositiveInt, LayerConfig, Param } from "./layer";
import { registerLayer } from "./registry";

/** Options of `Dense` (Keras names). */
export interface DenseOptions {
  /** Applied after the affine map, e.g. `"relu"`, `"sigmoid"`, `"softmax"`; default `"linear"` (none). */
  activation?: ActivationName | ActivationFn;
  /** Whether to add the bias b; default true. */
  useBias?: boolean;
  /** How W starts; default `"glorot_uniform"` (Keras' default). */
  kernelInitializer?: InitializerName | Initializer;
  /** How b starts; default `"zeros"`. */
  biasInitializer?: InitializerName | Initializer;
  /**
   * A penalty on W added to the loss and to W's gradient, e.g. `l2(1e-4)` (Keras name); default none.
   * `regularizationLoss()` gives its current value.
   */
  kernelRegularizer?: Regularizer;
  /** Inputs per sample; give it on the first layer so the model can be built (and summarised) at once. */
  inputDim?: number;
  /**
   * Seed for this layer's initial weights. Without it the layer draws from the model's
   * generator (`new Sequential(layers, { seed })`), or from seed 0 when used on its own.
   */
  seed?: number;
  /** Layer name; default `"dense"`, `"dense_1"`, … */
  name?: string;
}

/**
 * A fully connected layer of `units` neurons.
 *
 * ```ts
 * const layer = new Dense(2, { inputDim: 2, useBias: false });
 * layer.setWeights([[[1, 3], [-2, 4]]]);            // W1 of lecture 004
 * layer.forward(Matrix.from([[0.5, 0.7]]));         // [[2.6, 1.8]]
 * ```
 */
export class Dense extends BaseLayer {
  readonly className = "Dense";
  /** Number of neurons (outputs per sample). */
  readonly units: number;
  /** Whether the layer has a bias. */
  readonly useBias: boolean;
  /** The activation's name, e.g. `"relu"` (`"linear"` for none). */
  readonly activation: string;
  private readonly op: ActivationOp;
  private readonly kernelInit: Initializer;
  private readonly biasInit: Initializer;
  /** The penalty on W (undefined for none). */
  readonly kernelRegularizer: Regularizer | undefined;
  private kernel: Param | undefined;
  private bias: Param | undefined;
  private X: Matrix | undefined;
  private Y: Matrix | undefined;
  /** Scratch for ∂E/∂Z in `backward` (reused while the batch size stays the same). */
  private dZ: Matrix | undefined;

  /**
   * @param units number of neurons
   * @param options activation, useBias, kernelInitializer, biasInitializer, inputDim, seed, name
   *   (with both `inputDim` and `seed` the weights are created at once)
   */
  constructor(units: number, options: DenseOptions = {}) {
    super("dense", options);
    checkPositiveInt(`${this.name}: units`, units);
    this.units = units;
    this.useBias = options.useBias ?? true;
    this.op = new ActivationOp(options.activation ?? "linear");
    this.activation = this.op.name;
    this.kernelInit = getInitializer(options.kernelInitializer ?? "glorot_uniform");
    this.biasInit = getInitializer(options.biasInitializer ?? "zeros");
    const reg = options.kernelRegularizer;
    if (reg !== undefined && (reg === null || typeof reg !== "object" || typeof reg.penalty !== "function" || typeof reg.gradient !== "function")) {
      throw new Error(`${this.name}: kernelRegularizer must be l1(λ), l2(λ) or l1l2({ l1, l2 }), got ${JSON.stringify(reg)}.`);
    }
    this.kernelRegularizer = reg;
    if (this._inputDim !== undefined && this.seed !== undefined) this.build(this._inputDim, new Random(this.seed));
  }

  /** `units`. */
  get outputDim(): number {
    return this.units;
  }

  /** Weights, units × inputs: row j = the weights into neuron j (lecture 004's layout). */
  get W(): Matrix {
    return this.paramOrThrow(this.kernel, "W").value;
  }

  /** Bias, 1 × units (a zero-size 1 × 0 matrix is never used: without bias this throws). */
  get b(): Matrix {
    if (!this.useBias) throw new Error(`${this.name}: this layer was created with useBias: false and has no b.`);
    return this.paramOrThrow(this.bias, "b").value;
  }

  /** ∂E/∂W of the last backward, units × inputs. */
  get dW(): Matrix {
    return this.paramOrThrow(this.kernel, "W").grad;
  }

  /** ∂E/∂b of the last backward, 1 × units. */
  get db(): Matrix {
    if (!this.useBias) throw new Error(`${this.name}: this layer was created with useBias: false and has no db.`);
    return this.paramOrThrow(this.bias, "b").grad;
  }

  protected override isBuilt(): boolean {
    return this.kernel !== undefined;
  }

  /**
   * Creates W (units × inputs, from `kernelInitializer`) and b (1 × units, from
   * `biasInitializer`). Uses the layer's own `seed` when it has one, else `rng`.
   */
  build(inputDim: number, rng: Random): void {
    checkPositiveInt(`${this.name}: inputDim`, inputDim);
    if (this.kernel !== undefined) {
      if (inputDim !== this._inputDim) {
        throw new Error(
          `${this.name} was built for ${this._inputDim} inputs per sample and cannot take ${inputDim}. ` +
            `Hint: the previous layer's units (or the data's feature count) must match; create a new layer for a different width.`,
        );
      }
      return;
    }
    if (this._inputDim !== undefined && inputDim !== this._inputDim) {
      throw new Error(
        `${this.name} was declared with inputDim ${this._inputDim} and cannot be built for ${inputDim} inputs per sample. ` +
          `Hint: make inputDim match the number of features (columns) of x.`,
      );
    }
    const r = this.seed !== undefined ? new Random(this.seed) : rng;
    this._inputDim = inputDim;
    const W = this.kernelInit.create(this.units, inputDim, r, inputDim, this.units);
    this.kernel = { name: `${this.name}/W`, value: W, grad: Matrix.zeros(this.units, inputDim) };
    if (this.useBias) {
      const b = this.biasInit.create(1, this.units, r, inputDim, this.units);
      this.bias = { name: `${this.name}/b`, value: b, grad: Matrix.zeros(1, this.units) };
    }
  }

  /**
   * Forward pass for a batch X (n × inputs, one sample per row):
   *
   *   Z = X·Wᵀ + b        (n × units; b is added to every row)
   *   Y = f(Z)
   *
   * Keeps X (and Z, Y) for `backward`, whether training or not. The product runs on the kernels
   * chosen by `setBackend` (kernels/backend.ts); Y is a new matrix every call.
   */
  forward(X: Matrix, _training = false): Matrix {
    this.checkInput(X);
    const kernel = this.kernel as Param;
    const Z = matmulNT(X, kernel.value);
    this.X = X;
    this.Y = this.op.forward(Z, true, this.bias?.value); // + b and f in one pass over Z
    return this.Y;
  }

  /**
   * Backward pass, given dY = ∂E/∂Y (n × units) of the last forward:
   *
   *   dZ = dY ⊙ f′(Z)         (softmax: the per-row Jacobian)
   *   dW = dZᵀ·X              (units × inputs; summed over the samples of the batch)
   *   db = Σᵢ dZ[i, :]        (1 × units: the column sums)
   *   dX = dZ·W               (n × inputs; returned, becomes the previous layer's dY; skipped,
   *                           and an empty 0 × inputs matrix returned, with needInput = false)
   *   dW += ∂penalty/∂W       (with a kernelRegularizer: + λ₁·sign(W) + 2λ₂·W)
   *
   * Lecture 004 with one sample: ∂E/∂W1 = δ2 · Iᵀ, δ2 = (O − t)·W2.
   */
  backward(dY: Matrix, needInput = true): Matrix {
    this.checkGradShape(dY, this.Y);
    const X = this.X as Matrix;
    const kernel = this.kernel as Param;
    // dZ goes into a buffer of this layer's (it is never handed out: only dW, db and a new dX are),
    // and db = the column sums of dZ is summed in the same pass.
    if (this.dZ === undefined || this.dZ.rows !== dY.rows) this.dZ = new Matrix(dY.rows, this.units);
    const dZ = this.op.backward(dY, this.dZ, this.bias?.grad.data);
    matmulTN(dZ, X, undefined, kernel.grad);
    if (this.kernelRegularizer) {
      const g = this.kernelRegularizer.gradient(kernel.value).data;
      for (let k = 0; k < g.length; k++) kernel.grad.data[k] += g[k];
    }
    return needInput ? matmul(dZ, kernel.value) : new Matrix(0, X.cols);
  }

  /** The kernel regularizer's penalty for the current W (0 without one, or before build). */
  regularizationLoss(): number {
    return this.kernelRegularizer && this.kernel ? this.kernelRegularizer.penalty(this.kernel.value) : 0;
  }

  /** `[W]` or `[W, b]` — the same `Param` objects every call. */
  params(): Param[] {
    if (this.kernel === undefined) return [];
    return this.bias ? [this.kernel, this.bias] : [this.kernel];
  }

  /** W is units × inputs, so its column count is the input width. */
  protected override inputDimFromWeights(weights: MatrixInput[]): number | undefined {
    const W = weights[0];
    if (W instanceof Matrix) return W.cols;
    return Array.isArray(W) && Array.isArray(W[0]) ? W[0].length : undefined;
  }

  /** `{ className: "Dense", name, units, activation, useBias, kernelInitializer, biasInitializer, inputDim?, seed? }`. */
  getConfig(): LayerConfig {
    const c: LayerConfig = {
      className: this.className,
      name: this.name,
      units: this.units,
      activation: this.op.config(),
      useBias: this.useBias,
      kernelInitializer: initializerToConfig(this.kernelInit),
      biasInitializer: initializerToConfig(this.biasInit),
    };
    if (this.kernelRegularizer) c.kernelRegularizer = this.kernelRegularizer.getConfig();
    if (this._inputDim !== undefined) c.inputDim = this._inputDim;
    if (this.seed !== undefined) c.seed = this.seed;
    return c;
  }

  private paramOrThrow(p: Param | undefined, what: string): Param {
    if (p === undefined) this.requireBuilt(what);
    return p as Param;
  }
}

registerLayer("Dense", (c) =>
  new Dense(configInt(c, "units"), {
    name: configString(c, "name"),
    activation: activationFromConfig(configField(c, "activation")),
    useBias: configBoolean(c, "useBias"),
    kernelInitializer: initializerFromConfig(configField(c, "kernelInitializer")),
    biasInitializer: initializerFromConfig(configField(c, "biasInitializer")),
    inputDim: configOptionalInt(c, "inputDim"),
    seed: configOptionalInt(c, "seed"),
    kernelRegularizer: c.kernelRegularizer === undefined ? undefined : REGULARIZERS.fromConfig(c.kernelRegularizer as Config),
  }),
);
