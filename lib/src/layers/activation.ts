/**
 * `Activation`: a layer that applies an activation function and has no parameters.
 *
 * `new Activation("relu")` is the same as the `activation` option of `Dense`, as a separate
 * layer (Keras: `layers.Activation`). Softmax works row by row (one probability vector per sample).
 */
import { ActivationFn, activationFromConfig, ActivationName, activationToConfig, getActivation, linear, relu, softmax, softmaxBackward } from "../functions/activations";
import { Config, configField, configOptionalInt, configString } from "../core/registry";
import { registerLayer } from "./registry";
import { Matrix } from "../core/matrix";
import { Random } from "../core/random";
import { FusedActivation, reluBackward, reluForward, sumColumnsInto } from "../kernels/activation";
import { BaseLayer, LayerConfig, Param } from "./layer";

/**
 * The forward/backward of one activation, shared by `Activation`, `Dense` and `Conv2D`.
 *
 * Element-wise f:   A = f(Z),        dZ = dA ⊙ f′(Z)
 * Softmax per row:  A = softmax(Z),  dZ = softmaxBackward(A, dA)   (the Jacobian of each row)
 *
 * ReLU, the activation of nearly every hidden layer, runs the kernels of kernels/activation.ts:
 * the same numbers as `relu.f` and `relu.df`, computed without branches (and fused with the bias).
 */
export class ActivationOp {
  /** The name stored in configs, e.g. `"relu"`. */
  readonly name: string;
  /**
   * `"relu"` or `"linear"` when a kernel can apply this activation fused with the bias (Conv2D's
   * kernels do); undefined for the others.
   */
  readonly fused: FusedActivation | undefined;
  private readonly fn: ActivationFn | null; // null for softmax
  private Z: Matrix | undefined;
  private A: Matrix | undefined;

  /** @param activation a Keras name (`"softmax"` included) or an element-wise `ActivationFn`. */
  constructor(activation: ActivationName | ActivationFn) {
    if (activation === "softmax" || (typeof activation === "object" && activation !== null && activation.name === "softmax")) {
      this.name = "softmax";
      this.fn = null;
    } else {
      this.fn = getActivation(activation);
      this.name = this.fn.name;
    }
    this.fused = this.fn === relu ? "relu" : this.fn === linear ? "linear" : undefined;
  }

  /** How a layer config saves it: `"relu"`, `"softmax"` or `{ name: "leaky_relu", alpha: 0.1 }`. */
  config(): string | Config {
    return activationToConfig(this.fn ?? "softmax");
  }

  /** True for the identity: `Dense` skips the extra work. */
  get isLinear(): boolean {
    return this.name === "linear";
  }

  /**
   * A = f(Z); keeps Z and A for `backward`. With `inPlace` (Dense and Conv2D pass it: their Z is a
   * fresh matrix of their own) ReLU and linear write A over Z — ReLU′ is read from A, since
   * z > 0 exactly where relu(z) > 0 — else A is a new matrix.
   *
   * `bias` (1 × cols, only with `inPlace`): Z ← Z + b row by row first, in the same pass over the
   * entries (Dense: A = f(X·Wᵀ + b) without a second pass; the same additions as a separate loop).
   */
  forward(Z: Matrix, inPlace = false, bias?: Matrix): Matrix {
    const fn = this.fn;
    if (bias !== undefined) {
      if (!inPlace || bias.rows !== 1 || bias.cols !== Z.cols) {
        throw new Error(`activation ${this.name}: a bias must be 1×${Z.cols} and Z the caller's own matrix (inPlace), got ${bias.rows}×${bias.cols}.`);
      }
    }
    let A: Matrix;
    if (fn === relu) {
      A = inPlace ? Z : new Matrix(Z.rows, Z.cols);
      reluForward(Z.data, A.data, Z.cols, bias?.data); // A = relu(Z + b) in one pass
    } else {
      if (bias !== undefined) addRowVectorInPlace(Z.data, Z.cols, bias.data);
      if (fn === null) A = softmax(Z);
      else if (fn === linear) A = inPlace ? Z : Z.clone();
      else {
        A = new Matrix(Z.rows, Z.cols);
        const z = Z.data, a = A.data, f = fn.f;
        for (let q = 0, n = z.length; q < n; q++) a[q] = f(z[q]);
      }
    }
    this.Z = Z;
    this.A = A;
    return A;
  }

  /**
   * dZ = ∂E/∂Z from dA = ∂E/∂A of the last forward: a new matrix, or written into `out` (a buffer
   * of the caller's, Z's shape; softmax always returns a new one). With `colSums` (length cols) it
   * also sets colSums[j] = Σᵢ dZ[i][j] — Dense's db — in the same pass, rows in order (the same sums
   * as a separate loop).
   */
  backward(dA: Matrix, out?: Matrix, colSums?: Float64Array): Matrix {
    if (this.Z === undefined || this.A === undefined) {
      throw new Error(`activation ${this.name}: backward called before forward.`);
    }
    const Z = this.Z;
    if (this.fn === null) {
      const S = softmaxBackward(this.A, dA);
      if (colSums !== undefined) sumColumnsInto(S.data, S.cols, colSums);
      return S;
    }
    if (dA.rows !== Z.rows || dA.cols !== Z.cols) {
      throw new Error(`activation ${this.name}: backward got a ${dA.rows}×${dA.cols} gradient for a ${Z.rows}×${Z.cols} output.`);
    }
    if (out !== undefined && (out.rows !== Z.rows || out.cols !== Z.cols)) {
      throw new Error(`activation ${this.name}: out must be ${Z.rows}×${Z.cols}, got ${out.rows}×${out.cols}.`);
    }
    const dZ = out ?? new Matrix(Z.rows, Z.cols);
    const g = dA.data, d = dZ.data;
    if (this.fn === relu) {
      // dZ = dA ⊙ [A > 0] (and db) in one pass; A, not Z: Z may have been overwritten by A.
      reluBackward(g, this.A.data, d, Z.cols, colSums);
      return dZ;
    }
    if (this.fn === linear) d.set(g);
    else {
      const z = Z.data, df = this.fn.df;
      for (let q = 0, n = d.length; q < n; q++) d[q] = g[q] * df(z[q]);
    }
    if (colSums !== undefined) sumColumnsInto(d, Z.cols, colSums);
    return dZ;
  }
}

/** z[i][j] += b[j] for every row of the row-major `z` with `cols` columns. */
function addRowVectorInPlace(z: Float64Array, cols: number, b: Float64Array): void {
  for (let q = 0, n = z.length; q < n; q += cols) for (let j = 0; j < cols; j++) z[q + j] += b[j];
}

/** Options of the `Activation` layer. */
export interface ActivationOptions {
  /** Layer name; default `"activation"`, `"activation_1"`, … */
  name?: string;
  /** Inputs per sample, when this is the first layer of a model. */
  inputDim?: number;
}

/**
 * A layer that applies `activation` to every entry (softmax: to every row):
 *
 *   forward:   Y = f(X)
 *   backward:  dX = dY ⊙ f′(X)        (softmax: dX = softmaxBackward(Y, dY))
 *
 * ```ts
 * new Sequential([new Dense(10, { inputDim: 784 }), new Activation("softmax")]);
 * ```
 */
export class Activation extends BaseLayer {
  readonly className = "Activation";
  /** The activation's name, e.g. `"tanh"`. */
  readonly activation: string;
  private readonly op: ActivationOp;
  private lastY: Matrix | undefined;

  /** @param activation a Keras name such as `"relu"` or `"softmax"`, or an `ActivationFn`. */
  constructor(activation: ActivationName | ActivationFn, options: ActivationOptions = {}) {
    super("activation", options);
    this.op = new ActivationOp(activation);
    this.activation = this.op.name;
  }

  /** Same as the input width. */
  get outputDim(): number | undefined {
    return this._inputDim;
  }

  /** The input's shape: an activation works entry by entry. */
  override computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  /** Records the input width (there are no parameters to create). */
  build(inputDim: number, _rng?: Random): void {
    if (this._inputDim !== undefined && this._inputDim !== inputDim && this.built) {
      throw new Error(`${this.name}: already built for ${this._inputDim} inputs, cannot rebuild for ${inputDim}.`);
    }
    this._inputDim = inputDim;
  }

  /** Y = f(X). */
  forward(X: Matrix, _training = false): Matrix {
    this.checkInput(X);
    this.lastY = this.op.forward(X);
    return this.lastY;
  }

  /** dX = dY ⊙ f′(X) (softmax: per-row Jacobian). No parameters, so nothing else is kept. */
  backward(dY: Matrix): Matrix {
    this.checkGradShape(dY, this.lastY);
    return this.op.backward(dY);
  }

  /** None: `[]`. */
  params(): Param[] {
    return [];
  }

  /** `{ className: "Activation", name, activation, inputDim? }`. */
  getConfig(): LayerConfig {
    const c: LayerConfig = { className: this.className, name: this.name, activation: this.op.config() };
    if (this._inputDim !== undefined) c.inputDim = this._inputDim;
    return c;
  }
}

registerLayer("Activation", (c) =>
  new Activation(activationFromConfig(configField(c, "activation")), { name: configString(c, "name"), inputDim: configOptionalInt(c, "inputDim") }),
);
