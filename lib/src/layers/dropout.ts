/**
 * `Dropout` (lecture 001): during training, every input is dropped (set to 0) with probability
 * `rate`, a fresh random choice for every batch; at inference the layer does nothing.
 *
 * Inverted dropout, as Keras does it: the kept inputs are scaled up by 1/(1 − rate) during
 * training, so the expected value of every output equals its input and nothing needs rescaling
 * at inference:
 *
 *   training:   M[i, j] = 1 with probability 1 − rate, else 0   (a new mask per forward)
 *               Y = X ⊙ M / (1 − rate)
 *               dX = dY ⊙ M / (1 − rate)                        (the SAME mask as the forward)
 *   inference:  Y = X,  dX = dY
 *
 * Each neuron thus learns to work without relying on particular others — a cheap stand-in for
 * averaging many thinned networks.
 *
 * ```ts
 * new Sequential([new Dense(128, { inputDim: 784, activation: "relu" }), new Dropout(0.5, { seed: 1 }), new Dense(10)]);
 * ```
 */
import { Matrix } from "../core/matrix";
import { Random } from "../core/random";
import { BaseLayer, LayerConfig, Param } from "./layer";
import { configNumber, configOptionalInt, configString } from "../core/registry";
import { registerLayer } from "./registry";
import { describeGot } from "../core/errors";

/** Options of `Dropout`. */
export interface DropoutOptions {
  /**
   * Seed of the masks. Without it the mask generator is seeded from the model's generator when the
   * model is built (one draw), so a model built with `new Sequential(layers, { seed })` is still
   * reproducible; a layer used on its own starts from seed 0.
   */
  seed?: number;
  /** Inputs per sample (only needed on a first layer). */
  inputDim?: number;
  /** Layer name; default `"dropout"`, `"dropout_1"`, … */
  name?: string;
}

/** Inverted dropout of a fraction `rate` of the inputs, in training only. */
export class Dropout extends BaseLayer {
  readonly className = "Dropout";
  /** The probability of dropping each input, in [0, 1). */
  readonly rate: number;
  private rng: Random | undefined;
  private M: Matrix | undefined; // the scaled mask of the last training forward: 0 or 1/(1 − rate)
  private Y: Matrix | undefined;
  private lastTraining = false;

  /** @param rate fraction of inputs to drop in training, 0 ≤ rate < 1 (Keras: `rate`). */
  constructor(rate: number, options: DropoutOptions = {}) {
    super("dropout", options);
    if (typeof rate !== "number" || !(rate >= 0 && rate < 1)) {
      throw new Error(`${this.name}: rate must be a number in [0, 1), the fraction of inputs to drop; got ${describeGot(rate)}. Hint: 0.2 … 0.5 are usual.`);
    }
    this.rate = rate;
  }

  /** The same as the input width. */
  get outputDim(): number | undefined {
    return this._inputDim;
  }

  /** The input's shape: dropout works entry by entry. */
  override computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  /** The mask (0 or 1/(1 − rate) per entry) of the last training forward, or undefined. */
  get mask(): Matrix | undefined {
    return this.M;
  }

  /** Records the width and seeds the mask generator (own seed, else one draw from `rng`). */
  build(inputDim: number, rng: Random): void {
    if (this._inputDim !== undefined && this._inputDim !== inputDim && this.rng !== undefined) {
      throw new Error(`${this.name} was built for ${this._inputDim} inputs per sample and cannot take ${inputDim}.`);
    }
    if (this.rng === undefined) this.rng = new Random(this.seed ?? (rng.nextUint32() | 0));
    this._inputDim = inputDim;
  }

  protected override isBuilt(): boolean {
    return this.rng !== undefined;
  }

  /** Training: X ⊙ mask / (1 − rate) with a new mask; inference: X unchanged. */
  forward(X: Matrix, training = false): Matrix {
    this.checkInput(X);
    this.lastTraining = training;
    if (!training || this.rate === 0) {
      this.M = undefined;
      this.Y = X;
      return X;
    }
    const rng = this.rng as Random;
    const keep = 1 - this.rate;
    const scale = 1 / keep;
    const M = new Matrix(X.rows, X.cols);
    for (let k = 0; k < M.data.length; k++) M.data[k] = rng.uniform() < keep ? scale : 0;
    this.M = M;
    this.Y = X.multiply(M);
    return this.Y;
  }

  /** dX = dY ⊙ mask / (1 − rate) with the mask of the last forward (dY itself after an inference forward). */
  backward(dY: Matrix): Matrix {
    this.checkGradShape(dY, this.Y);
    if (!this.lastTraining || this.M === undefined) return dY;
    return dY.multiply(this.M);
  }

  /** None. */
  params(): Param[] {
    return [];
  }

  /** `{ className: "Dropout", name, rate, inputDim?, seed? }`. */
  getConfig(): LayerConfig {
    const c: LayerConfig = { className: this.className, name: this.name, rate: this.rate };
    if (this._inputDim !== undefined) c.inputDim = this._inputDim;
    if (this.seed !== undefined) c.seed = this.seed;
    return c;
  }
}

registerLayer("Dropout", (c) =>
  new Dropout(configNumber(c, "rate"), { name: configString(c, "name"), inputDim: configOptionalInt(c, "inputDim"), seed: configOptionalInt(c, "seed") }),
);
