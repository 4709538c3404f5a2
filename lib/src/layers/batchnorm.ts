/**
 * `BatchNorm` (Keras: `BatchNormalization`), lecture 001: normalise every feature over the batch,
 * then let the network rescale and shift it with two learned vectors γ (scale) and β (shift).
 *
 * For each feature j, over the m samples (rows) of the batch:
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
 * layer's config, so save/load restores them. `getWeights()` gives all four, as Keras:
 * [γ, β, movingMean, movingVariance]; `setWeights` takes those four (or just γ and β).
 *
 * After an image layer (`Conv2D`, pooling) a feature is a CHANNEL, as in Keras (axis = −1) and
 * PyTorch's BatchNorm2d: the statistics of channel c are taken over the batch AND every position
 * (y, x), so a 26 × 26 × 8 output has 8 γ and 8 β, not 5,408. `Sequential` hands the layer the
 * previous layer's image shape; each row is then h·w·c numbers in HWC order and the entry at
 * column q belongs to channel q mod c. In the formulas above m is then (batch size)·h·w.
 */
import { getInitializer, Initializer, initializerFromConfig, InitializerName, initializerToConfig } from "../functions/initializers";
import { Matrix } from "../core/matrix";
import { Random } from "../core/random";
import { BaseLayer, checkPositiveInt, LayerConfig, Param } from "./layer";
import { MatrixInput, toMatrix } from "../core/matrix";
import { checkImageShape } from "./shape";
import { configField, configNumber, configNumberList, configOptionalInt, configString } from "../core/registry";
import { registerLayer } from "./registry";
import { describeGot } from "../core/errors";

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
  /** Shape [h, w, c] of the images coming in (normally handed over by `Sequential`; saved in configs). */
  inputShape?: readonly number[];
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
      throw new Error(`${this.name}: momentum must be in [0, 1), got ${describeGot(momentum)}. Hint: 0.99 (Keras) or 0.9 for short runs.`);
    }
    if (typeof epsilon !== "number" || !(epsilon > 0) || !Number.isFinite(epsilon)) {
      throw new Error(`${this.name}: epsilon must be a small positive number, got ${describeGot(epsilon)}. Hint: 1e-3 (Keras).`);
    }
    this.momentum = momentum;
    this.epsilon = epsilon;
    this.gammaInit = getInitializer(options.gammaInitializer ?? "ones");
    this.betaInit = getInitializer(options.betaInitializer ?? "zeros");
    this.startMean = options.movingMean;
    this.startVar = options.movingVariance;
    if (options.inputShape !== undefined) {
      this._incomingShape = checkImageShape(this.name, options.inputShape);
      this._inputDim ??= this._incomingShape.reduce((a, b) => a * b, 1);
    }
    if (this._inputDim !== undefined) this.build(this._inputDim, new Random(this.seed ?? 0));
  }

  /** The same as the input width. */
  get outputDim(): number | undefined {
    return this._inputDim;
  }

  /** The input's shape: [h, w, c] after an image layer, else [features]. */
  override computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  /** Number of features normalised separately: the last axis of the input (channels after an image layer). */
  get features(): number | undefined {
    return this.built ? this.gamma.cols : this._incomingShape?.[this._incomingShape.length - 1] ?? this._inputDim;
  }

  /** Takes the previous layer's output shape (`Sequential` calls it before `build`); fixed once built. */
  override setInputShape(shape: readonly number[]): void {
    const s = [...shape];
    if (this.built) {
      const have = this._incomingShape ?? [this._inputDim as number];
      if (have.length !== s.length || have.some((v, i) => v !== s[i])) {
        throw new Error(`${this.name} was built for inputs of shape ${have.join("×")} and cannot take ${s.join("×")}. Hint: create a new BatchNorm for a different input.`);
      }
      return;
    }
    this._incomingShape = s;
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

  /** Creates γ, β (1 × features) and the moving statistics. */
  build(inputDim: number, rng: Random): void {
    checkPositiveInt(`${this.name}: inputDim`, inputDim);
    if (this.gammaP !== undefined) {
      if (inputDim !== this._inputDim) throw new Error(`${this.name} was built for ${this._inputDim} inputs per sample and cannot take ${inputDim}.`);
      return;
    }
    if (this._inputDim !== undefined && inputDim !== this._inputDim) {
      throw new Error(`${this.name} was declared with inputDim ${this._inputDim} and cannot be built for ${inputDim} inputs per sample.`);
    }
    let shape = this._incomingShape;
    if (shape !== undefined && shape.reduce((a, b) => a * b, 1) !== inputDim) {
      if (shape.length === 3) throw new Error(`${this.name}: images of shape ${shape.join("×")} have ${shape.reduce((a, b) => a * b, 1)} numbers per sample, got ${inputDim}.`);
      shape = this._incomingShape = undefined; // a stale flat shape: the width decides
    }
    const r = this.seed !== undefined ? new Random(this.seed) : rng;
    this._inputDim = inputDim;
    const F = shape !== undefined ? shape[shape.length - 1] : inputDim;
    this.gammaP = { name: `${this.name}/gamma`, value: this.gammaInit.create(1, F, r, F, F), grad: Matrix.zeros(1, F) };
    this.betaP = { name: `${this.name}/beta`, value: this.betaInit.create(1, F, r, F, F), grad: Matrix.zeros(1, F) };
    const start = (v: number[] | undefined, fill: number, what: string): Matrix => {
      if (v === undefined) return Matrix.full(1, F, fill);
      if (!Array.isArray(v) || v.length !== F || !v.every((x) => typeof x === "number" && Number.isFinite(x))) {
        throw new Error(`${this.name}: ${what} must be ${F} finite numbers (one per feature), got ${Array.isArray(v) ? `${v.length} entries` : typeof v}.`);
      }
      return Matrix.rowVector(v);
    };
    this.mMean = start(this.startMean, 0, "movingMean");
    this.mVar = start(this.startVar, 1, "movingVariance");
  }

  /** Training: normalise with the batch statistics and update the moving ones; inference: use the moving ones. */
  forward(X: Matrix, training = false): Matrix {
    this.checkInput(X);
    const F = (this.gammaP as Param).value.cols;
    const x = X.data, len = x.length;
    const m = len / F; // values per feature: samples × positions
    const gamma = (this.gammaP as Param).value.data;
    const beta = (this.betaP as Param).value.data;
    const mMean = (this.mMean as Matrix).data;
    const mVar = (this.mVar as Matrix).data;
    const mean = new Float64Array(F);
    const invStd = new Float64Array(F);
    if (training) {
      const variance = new Float64Array(F);
      // Rows of F values (a sample, or one position of an image) in order: the same sums as
      // q = 0 … len − 1 with feature q mod F, without a division per entry.
      for (let r = 0; r < len; r += F) for (let j = 0; j < F; j++) mean[j] += x[r + j];
      for (let j = 0; j < F; j++) mean[j] /= m;
      for (let r = 0; r < len; r += F) {
        for (let j = 0; j < F; j++) {
          const c = x[r + j] - mean[j];
          variance[j] += c * c;
        }
      }
      for (let j = 0; j < F; j++) {
        variance[j] /= m;
        invStd[j] = 1 / Math.sqrt(variance[j] + this.epsilon);
        mMean[j] = this.momentum * mMean[j] + (1 - this.momentum) * mean[j];
        mVar[j] = this.momentum * mVar[j] + (1 - this.momentum) * variance[j];
      }
    } else {
      for (let j = 0; j < F; j++) {
        mean[j] = mMean[j];
        invStd[j] = 1 / Math.sqrt(mVar[j] + this.epsilon);
      }
    }
    const xhat = new Matrix(X.rows, X.cols);
    const Y = new Matrix(X.rows, X.cols);
    const xh = xhat.data, y = Y.data;
    for (let r = 0; r < len; r += F) {
      for (let j = 0; j < F; j++) {
        const h = (x[r + j] - mean[j]) * invStd[j];
        xh[r + j] = h;
        y[r + j] = gamma[j] * h + beta[j];
      }
    }
    this.xhat = xhat;
    this.invStd = invStd;
    this.Y = Y;
    this.lastTraining = training;
    return Y;
  }

  /** dγ, dβ and dX (the formulas in the module comment; sums over samples and positions). */
  backward(dY: Matrix): Matrix {
    this.checkGradShape(dY, this.Y);
    const xhat = (this.xhat as Matrix).data;
    const invStd = this.invStd as Float64Array;
    const g = dY.data, len = g.length;
    const gamma = (this.gammaP as Param).value.data;
    const F = gamma.length;
    const m = len / F;
    const dGamma = (this.gammaP as Param).grad.data;
    const dBeta = (this.betaP as Param).grad.data;
    dGamma.fill(0);
    dBeta.fill(0);
    for (let r = 0; r < len; r += F) {
      for (let j = 0; j < F; j++) {
        dBeta[j] += g[r + j];
        dGamma[j] += g[r + j] * xhat[r + j];
      }
    }
    const dX = new Matrix(dY.rows, dY.cols);
    const dx = dX.data;
    if (!this.lastTraining) {
      for (let r = 0; r < len; r += F) for (let j = 0; j < F; j++) dx[r + j] = g[r + j] * gamma[j] * invStd[j];
      return dX;
    }
    // Σₖ dx̂ₖ = γ·dβ and Σₖ dx̂ₖ·x̂ₖ = γ·dγ per feature.
    for (let r = 0; r < len; r += F) {
      for (let j = 0; j < F; j++) {
        const q = r + j;
        dx[q] = (invStd[j] / m) * (m * g[q] * gamma[j] - gamma[j] * dBeta[j] - xhat[q] * gamma[j] * dGamma[j]);
      }
    }
    return dX;
  }

  /** `[gamma, beta]` (the moving statistics are not trainable). */
  params(): Param[] {
    return this.gammaP && this.betaP ? [this.gammaP, this.betaP] : [];
  }

  /** Keras' order: [γ, β, movingMean, movingVariance] (copies). */
  override getWeights(): Matrix[] {
    this.requireBuilt("getWeights");
    return [this.gamma.clone(), this.beta.clone(), this.movingMean.clone(), this.movingVariance.clone()];
  }

  /**
   * Sets [γ, β, movingMean, movingVariance] (Keras' order), or just [γ, β]; each 1 × features.
   */
  override setWeights(weights: MatrixInput[]): void {
    if (Array.isArray(weights) && weights.length === 4) {
      super.setWeights(weights.slice(0, 2));
      const F = this.gamma.cols;
      const stats = weights.slice(2).map((w, k) => toMatrix(w, `${this.name}.setWeights: ${k === 0 ? "moving mean" : "moving variance"}`));
      stats.forEach((m, k) => {
        if (m.rows !== 1 || m.cols !== F) {
          throw new Error(`${this.name}.setWeights: the ${k === 0 ? "moving mean" : "moving variance"} must be 1×${F} (one per feature), got ${m.rows}×${m.cols}.`);
        }
      });
      if (stats[1].data.some((v) => !(v >= 0))) {
        throw new Error(`${this.name}.setWeights: the moving variance must be ≥ 0, got ${Array.from(stats[1].data).join(", ")}.`);
      }
      (this.mMean as Matrix).data.set(stats[0].data);
      (this.mVar as Matrix).data.set(stats[1].data);
      return;
    }
    if (!Array.isArray(weights) || weights.length !== 2) {
      throw new Error(
        `${this.name}.setWeights: expected 4 matrices [gamma, beta, moving mean, moving variance] (or 2: [gamma, beta]), ` +
          `got ${Array.isArray(weights) ? weights.length : typeof weights}.`,
      );
    }
    super.setWeights(weights);
  }

  /** Settings plus the moving statistics (so that a loaded model predicts the same). */
  getConfig(): LayerConfig {
    const c: LayerConfig = {
      className: this.className,
      name: this.name,
      momentum: this.momentum,
      epsilon: this.epsilon,
      gammaInitializer: initializerToConfig(this.gammaInit),
      betaInitializer: initializerToConfig(this.betaInit),
    };
    if (this._inputDim !== undefined) c.inputDim = this._inputDim;
    if (this._incomingShape !== undefined && this._incomingShape.length === 3) c.inputShape = [...this._incomingShape];
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

/** `BatchNorm` / `BatchNormalization` options from a config, moving statistics included. */
function batchNormOptions(c: LayerConfig): BatchNormOptions {
  return {
    name: configString(c, "name"),
    momentum: configNumber(c, "momentum"),
    epsilon: configNumber(c, "epsilon"),
    gammaInitializer: initializerFromConfig(configField(c, "gammaInitializer")),
    betaInitializer: initializerFromConfig(configField(c, "betaInitializer")),
    inputDim: configOptionalInt(c, "inputDim"),
    seed: configOptionalInt(c, "seed"),
    movingMean: configNumberList(c, "movingMean"),
    movingVariance: configNumberList(c, "movingVariance"),
    inputShape: configNumberList(c, "inputShape"),
  };
}
registerLayer("BatchNorm", (c) => new BatchNorm(batchNormOptions(c)));
registerLayer("BatchNormalization", (c) => new BatchNormalization(batchNormOptions(c)));
