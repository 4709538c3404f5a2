/**
 * `BatchNorm` (Keras: `BatchNormalization`), lecture 001: normalise every feature over the batch,
 * then let the network rescale and shift it with two learned vectors γ (scale) and β (shift).
 *
 * For each feature (column) j, over the m samples (rows) of the batch:
 *
 *   training:   μ = (1/m)·Σᵢ xᵢ                   batch mean
 *               σ² = (1/m)·Σᵢ (xᵢ − μ)²           batch variance (biased, as Keras)
 *               x̂ᵢ = (xᵢ − μ) / √(σ² + ε)
 *               yᵢ = γ·x̂ᵢ + β
 *               movingMean ← momentum·movingMean + (1 − momentum)·μ
 *               movingVariance ← momentum·movingVariance + (1 − momentum)·σ²
 *   inference:  yᵢ = γ·(xᵢ − movingMean) / √(movingVariance + ε) + β
 *
 * Backward in training (μ and σ² depend on every xᵢ of the batch), with g = dY:
 *
 *   dβ = Σᵢ gᵢ,   dγ = Σᵢ gᵢ·x̂ᵢ
 *   dx̂ᵢ = gᵢ·γ
 *   dxᵢ = (1 / (m·√(σ² + ε))) · (m·dx̂ᵢ − Σₖ dx̂ₖ − x̂ᵢ·Σₖ dx̂ₖ·x̂ₖ)
 *
 * and in inference (the statistics are constants) dxᵢ = gᵢ·γ / √(movingVariance + ε).
 *
 * Defaults are Keras': momentum 0.99, ε = 1e-3, γ from ones, β from zeros, movingMean 0,
 * movingVariance 1. With momentum 0.99 the moving statistics need a few hundred batches to settle;
 * for short runs a smaller momentum (e.g. 0.9) makes inference match training sooner.
 *
 * γ and β are trainable (`params()`); movingMean and movingVariance are not — they are kept in the
 * layer's config, so save/load restores them.
 */
import { getInitializer, Initializer, InitializerName } from "../initializers";
import { Matrix } from "../matrix";
import { Random } from "../random";
import { BaseLayer, checkPositiveInt, LayerConfig, Param } from "./layer";

/** Options of `BatchNorm` (Keras names and defaults). */
export interface BatchNormOptions {
  /** Weight of the old value in the moving averages; default 0.99. */
  momentum?: number;
  /** Added to the variance before the square root; default 1e-3. */
  epsilon?: number;
  /** How γ starts; default `"ones"`. */
  gammaInitializer?: InitializerName | Initializer;
  /** How β starts; default `"zeros"`. */
  betaInitializer?: InitializerName | Initializer;
  /** Inputs per sample (only needed on a first layer). */
  inputDim?: number;
  /** Seed for the initializers (only matters for random ones). */
  seed?: number;
  /** Layer name; default `"batch_normalization"`, `"batch_normalization_1"`, … */
  name?: string;
  /** Moving statistics to start from (used by loading; default 0 and 1). */
  movingMean?: number[];
  movingVariance?: number[];
}

/** Batch normalisation of every feature, with learned scale γ and shift β. */
export class BatchNorm extends BaseLayer {
  readonly className: string = "BatchNorm";
  readonly momentum: number;
  readonly epsilon: number;
  private readonly gammaInit: Initializer;
  private readonly betaInit: Initializer;
  private gammaP: Param | undefined;
  private betaP: Param | undefined;
  private mMean: Matrix | undefined;
  private mVar: Matrix | undefined;
  private readonly startMean: number[] | undefined;
  private readonly startVar: number[] | undefined;
  // Kept by forward for backward:
  private xhat: Matrix | undefined;
  private invStd: Float64Array | undefined;
  private Y: Matrix | undefined;
  private lastTraining = false;

  constructor(options: BatchNormOptions = {}) {
    super("batch_normalization", options);
    const { momentum = 0.99, epsilon = 1e-3 } = options;
    if (typeof momentum !== "number" || !(momentum >= 0 && momentum < 1)) {
      throw new Error(`${this.name}: momentum must be in [0, 1), got ${String(momentum)}. Hint: 0.99 (Keras) or 0.9 for short runs.`);
    }
    if (typeof epsilon !== "number" || !(epsilon > 0) || !Number.isFinite(epsilon)) {
      throw new Error(`${this.name}: epsilon must be a small positive number, got ${String(epsilon)}. Hint: 1e-3 (Keras).`);
    }
    this.momentum = momentum;
    this.epsilon = epsilon;
    this.gammaInit = getInitializer(options.gammaInitializer ?? "ones");
    this.betaInit = getInitializer(options.betaInitializer ?? "zeros");
    this.startMean = options.movingMean;
    this.startVar = options.movingVariance;
    if (this._inputDim !== undefined) this.build(this._inputDim, new Random(this.seed ?? 0));
  }

  /** The same as the input width. */
  get outputDim(): number | undefined {
    return this._inputDim;
  }

  /** γ, 1 × features. */
  get gamma(): Matrix {
    this.requireBuilt("gamma");
    return (this.gammaP as Param).value;
  }

  /** β, 1 × features. */
  get beta(): Matrix {
    this.requireBuilt("beta");
    return (this.betaP as Param).value;
  }

  /** The moving mean used at inference, 1 × features (not trainable). */
  get movingMean(): Matrix {
    this.requireBuilt("movingMean");
    return this.mMean as Matrix;
  }

  /** The moving variance used at inference, 1 × features (not trainable). */
  get movingVariance(): Matrix {
    this.requireBuilt("movingVariance");
    return this.mVar as Matrix;
  }

  protected override isBuilt(): boolean {
    return this.gammaP !== undefined;
  }

  /** The moving mean and variance: 2 × features numbers, as Keras' "Non-trainable params". */
  countNonTrainableParams(): number {
    return this.mMean !== undefined && this.mVar !== undefined ? this.mMean.size + this.mVar.size : 0;
  }

  /** Creates γ, β (1 × inputDim) and the moving statistics. */
  build(inputDim: number, rng: Random): void {
    checkPositiveInt(`${this.name}: inputDim`, inputDim);
    if (this.gammaP !== undefined) {
      if (inputDim !== this._inputDim) throw new Error(`${this.name} was built for ${this._inputDim} inputs per sample and cannot take ${inputDim}.`);
      return;
    }
    if (this._inputDim !== undefined && inputDim !== this._inputDim) {
      throw new Error(`${this.name} was declared with inputDim ${this._inputDim} and cannot be built for ${inputDim} inputs per sample.`);
    }
    const r = this.seed !== undefined ? new Random(this.seed) : rng;
    this._inputDim = inputDim;
    this.gammaP = { name: `${this.name}/gamma`, value: this.gammaInit.create(1, inputDim, r, inputDim, inputDim), grad: Matrix.zeros(1, inputDim) };
    this.betaP = { name: `${this.name}/beta`, value: this.betaInit.create(1, inputDim, r, inputDim, inputDim), grad: Matrix.zeros(1, inputDim) };
    const start = (v: number[] | undefined, fill: number, what: string): Matrix => {
      if (v === undefined) return Matrix.full(1, inputDim, fill);
      if (!Array.isArray(v) || v.length !== inputDim || !v.every((x) => typeof x === "number" && Number.isFinite(x))) {
        throw new Error(`${this.name}: ${what} must be ${inputDim} finite numbers, got ${Array.isArray(v) ? `${v.length} entries` : typeof v}.`);
      }
      return Matrix.rowVector(v);
    };
    this.mMean = start(this.startMean, 0, "movingMean");
    this.mVar = start(this.startVar, 1, "movingVariance");
  }

  /** Training: normalise with the batch statistics and update the moving ones; inference: use the moving ones. */
  forward(X: Matrix, training = false): Matrix {
    this.checkInput(X);
    const m = X.rows;
    const d = X.cols;
    const gamma = (this.gammaP as Param).value.data;
    const beta = (this.betaP as Param).value.data;
    const mMean = (this.mMean as Matrix).data;
    const mVar = (this.mVar as Matrix).data;
    const mean = new Float64Array(d);
    const invStd = new Float64Array(d);
    if (training) {
      const variance = new Float64Array(d);
      for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) mean[j] += X.data[i * d + j];
      for (let j = 0; j < d; j++) mean[j] /= m;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < d; j++) {
          const c = X.data[i * d + j] - mean[j];
          variance[j] += c * c;
        }
      }
      for (let j = 0; j < d; j++) {
        variance[j] /= m;
        invStd[j] = 1 / Math.sqrt(variance[j] + this.epsilon);
        mMean[j] = this.momentum * mMean[j] + (1 - this.momentum) * mean[j];
        mVar[j] = this.momentum * mVar[j] + (1 - this.momentum) * variance[j];
      }
    } else {
      for (let j = 0; j < d; j++) {
        mean[j] = mMean[j];
        invStd[j] = 1 / Math.sqrt(mVar[j] + this.epsilon);
      }
    }
    const xhat = new Matrix(m, d);
    const Y = new Matrix(m, d);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < d; j++) {
        const k = i * d + j;
        const h = (X.data[k] - mean[j]) * invStd[j];
        xhat.data[k] = h;
        Y.data[k] = gamma[j] * h + beta[j];
      }
    }
    this.xhat = xhat;
    this.invStd = invStd;
    this.Y = Y;
    this.lastTraining = training;
    return Y;
  }

  /** dγ, dβ and dX (the formulas in the module comment). */
  backward(dY: Matrix): Matrix {
    this.checkGradShape(dY, this.Y);
    const xhat = this.xhat as Matrix;
    const invStd = this.invStd as Float64Array;
    const m = dY.rows;
    const d = dY.cols;
    const gamma = (this.gammaP as Param).value.data;
    const dGamma = (this.gammaP as Param).grad.data;
    const dBeta = (this.betaP as Param).grad.data;
    dGamma.fill(0);
    dBeta.fill(0);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < d; j++) {
        const k = i * d + j;
        dBeta[j] += dY.data[k];
        dGamma[j] += dY.data[k] * xhat.data[k];
      }
    }
    const dX = new Matrix(m, d);
    if (!this.lastTraining) {
      for (let k = 0; k < dX.data.length; k++) dX.data[k] = dY.data[k] * gamma[k % d] * invStd[k % d];
      return dX;
    }
    // Σₖ dx̂ₖ = γ·dβ and Σₖ dx̂ₖ·x̂ₖ = γ·dγ per feature.
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < d; j++) {
        const k = i * d + j;
        const dxh = dY.data[k] * gamma[j];
        dX.data[k] = (invStd[j] / m) * (m * dxh - gamma[j] * dBeta[j] - xhat.data[k] * gamma[j] * dGamma[j]);
      }
    }
    return dX;
  }

  /** `[gamma, beta]` (the moving statistics are not trainable). */
  params(): Param[] {
    return this.gammaP && this.betaP ? [this.gammaP, this.betaP] : [];
  }

  /** Settings plus the moving statistics (so that a loaded model predicts the same). */
  getConfig(): LayerConfig {
    const c: LayerConfig = {
      className: this.className,
      name: this.name,
      momentum: this.momentum,
      epsilon: this.epsilon,
      gammaInitializer: this.gammaInit.name,
      betaInitializer: this.betaInit.name,
    };
    if (this._inputDim !== undefined) c.inputDim = this._inputDim;
    if (this.seed !== undefined) c.seed = this.seed;
    if (this.mMean && this.mVar) {
      c.movingMean = Array.from(this.mMean.data);
      c.movingVariance = Array.from(this.mVar.data);
    }
    return c;
  }
}

/** Keras' name for `BatchNorm`: the same layer (its configs say `"BatchNormalization"`). */
export class BatchNormalization extends BatchNorm {
  override readonly className: string = "BatchNormalization";
}
