/**
 * `Activation`: a layer that applies an activation function and has no parameters.
 *
 * `new Activation("relu")` is the same as the `activation` option of `Dense`, as a separate
 * layer (Keras: `layers.Activation`). Softmax works row by row (one probability vector per sample).
 */
import { ActivationFn, activationFromConfig, ActivationName, activationToConfig, getActivation, linear, relu, softmax, softmaxBackward } from "../functions/activations";
import { Config } from "../core/registry";
import { configField, configOptionalInt, configString, registerLayer } from "./registry";
import { Matrix } from "../core/matrix";
import { Random } from "../core/random";
import { BaseLayer, LayerConfig, Param } from "./layer";

/**
 * The forward/backward of one activation, shared by `Activation` and `Dense`.
 *
 * Element-wise f:   A = f(Z),        dZ = dA ⊙ f′(Z)
 * Softmax per row:  A = softmax(Z),  dZ = softmaxBackward(A, dA)   (the Jacobian of each row)
 */
export class ActivationOp {
  /** The name stored in configs, e.g. `"relu"`. */
  readonly name: string;
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
    const z = Z.data;
    if (bias !== undefined) {
      if (!inPlace || bias.rows !== 1 || bias.cols !== Z.cols) {
        throw new Error(`activation ${this.name}: a bias must be 1×${Z.cols} and Z the caller's own matrix (inPlace), got ${bias.rows}×${bias.cols}.`);
      }
    }
    let A: Matrix;
    if (fn === null || fn === linear || fn !== relu) {
      if (bias !== undefined) addRowVectorInPlace(z, Z.cols, bias.data);
      if (fn === null) A = softmax(Z);
      else if (fn === linear) A = inPlace ? Z : Z.clone();
      else {
        A = new Matrix(Z.rows, Z.cols);
        const a = A.data, f = fn.f;
        for (let q = 0, n = z.length; q < n; q++) a[q] = f(z[q]);
      }
    } else {
      // relu(v) = v > 0 ? v : 0, computed without a branch as v·[v > 0] + 0 (the signs of v are a
      // coin toss, so a branch is mispredicted half the time): equal for every finite v and +∞
      // (+ 0 turns the −0 of a negative v into +0); v = −∞ or NaN give NaN there, and exactly those
      // entries are set to 0 afterwards, found by a sum of v·0 that is 0 only when all v are finite.
      A = inPlace ? Z : new Matrix(Z.rows, Z.cols);
      const a = A.data, n = z.length;
      let s = 0;
      if (bias === undefined) {
        for (let q = 0; q < n; q++) {
          const v = z[q];
          a[q] = v * +(v > 0) + 0;
          s += v * 0;
        }
      } else {
        const b = bias.data, cols = Z.cols;
        for (let q = 0; q < n; q += cols) {
          for (let j = 0; j < cols; j++) {
            const v = z[q + j] + b[j];
            a[q + j] = v * +(v > 0) + 0;
            s += v * 0;
          }
        }
      }
      if (s !== 0) for (let q = 0; q < n; q++) if (a[q] !== a[q]) a[q] = 0;
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
    const g = dA.data, z = Z.data, d = dZ.data, n = d.length, cols = Z.cols;
    const a = this.A.data; // relu: a > 0 exactly where z > 0 (and Z may have been overwritten by A)
    if (this.fn === relu) {
      // dZ = g·[a > 0] + 0 without a branch, as in forward: the branch's numbers for every finite g
      // (only a g of −0 where a > 0 comes out +0: equal as a number, and no sum it enters changes);
      // a NaN it makes where a ≤ 0 (g = ±∞ or NaN there) is set to 0 afterwards, as the branch gives.
      let s = 0;
      if (colSums === undefined) {
        for (let q = 0; q < n; q++) {
          const gq = g[q];
          d[q] = gq * +(a[q] > 0) + 0;
          s += gq * 0;
        }
      } else {
        colSums.fill(0, 0, cols);
        for (let q = 0; q < n; q += cols) {
          for (let j = 0; j < cols; j++) {
            const gq = g[q + j], v = gq * +(a[q + j] > 0) + 0;
            d[q + j] = v;
            colSums[j] += v;
            s += gq * 0;
          }
        }
      }
      if (s !== 0) {
        for (let q = 0; q < n; q++) if (d[q] !== d[q] && !(a[q] > 0)) d[q] = 0;
        if (colSums !== undefined) sumColumnsInto(d, cols, colSums);
      }
      return dZ;
    }
    if (this.fn === linear) d.set(g);
    else {
      const df = this.fn.df;
      for (let q = 0; q < n; q++) d[q] = g[q] * df(z[q]);
    }
    if (colSums !== undefined) sumColumnsInto(d, cols, colSums);
    return dZ;
  }
}

/** z[i][j] += b[j] for every row of the row-major `z` with `cols` columns. */
function addRowVectorInPlace(z: Float64Array, cols: number, b: Float64Array): void {
  for (let q = 0, n = z.length; q < n; q += cols) for (let j = 0; j < cols; j++) z[q + j] += b[j];
}

/** s[j] = Σᵢ d[i][j] (rows in order) for the row-major `d` with `cols` columns. */
function sumColumnsInto(d: Float64Array, cols: number, s: Float64Array): void {
  s.fill(0, 0, cols);
  for (let q = 0, n = d.length; q < n; q += cols) for (let j = 0; j < cols; j++) s[j] += d[q + j];
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
