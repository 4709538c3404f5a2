/**
 * `Sequential`: a stack of layers trained by mini-batch gradient descent, with Keras' names.
 *
 * ```ts
 * const model = new Sequential([
 *   new Dense(4, { inputDim: 2, activation: "tanh" }),
 *   new Dense(1, { activation: "sigmoid" }),
 * ], { seed: 1 });
 * model.compile({ optimizer: new SGD({ learningRate: 0.5 }), loss: "binary_crossentropy", metrics: ["accuracy"] });
 * const history = model.fit(x, y, { epochs: 500, batchSize: 4 });
 * history.history.loss;      // one number per epoch
 * model.predict(x);
 * ```
 *
 * Data: one sample per ROW of `x` (n × features) and of `y` (n × outputs; integer labels for
 * `sparse_categorical_crossentropy` are n × 1). `x` and `y` may be `Matrix` or nested arrays;
 * a flat array `y = [0, 1, 1, 0]` is read as one target per sample (a column).
 */
import { fitLoop, History, trainStep, TrainingDivergedError } from "./fit";
import { Callback, Logs } from "./callbacks";
import { Layer, LayerConfig, Param, uniqueLayerName } from "../layers/layer";
import { formatOutputShape, layerOutputShape } from "../layers/shape";
import { getLoss, Loss, LossName } from "../functions/losses";
import { Matrix, MatrixInput, shapeOf, toMatrix } from "../core/matrix";
import { getMetric, Metric, MetricName } from "../functions/metrics";
import { getOptimizer, Optimizer, OptimizerName } from "./optimizers";
import { Random } from "../core/random";
import { sigmoid, softmax } from "../functions/activations";
import { describeGot } from "../core/errors";

/** Targets: a matrix, nested arrays, or a flat array (one target per sample). */
export type TargetInput = MatrixInput | number[];

/** Options of `new Sequential(layers, options)`. */
export interface SequentialOptions {
  /**
   * Seed of the initial weights (default 0): every layer without its own `seed` draws from
   * `new Random(seed)`, in layer order, when the model is built. Same seed ⇒ same initial weights.
   */
  seed?: number;
  /** Model name shown by `summary()`; default `"sequential"`, `"sequential_1"`, … */
  name?: string;
}

/** Options of `compile` (Keras names). */
export interface CompileOptions {
  /** `"sgd"` or an optimizer object such as `new SGD({ learningRate: 0.1 })`. */
  optimizer: OptimizerName | Optimizer;
  /** A loss name such as `"mse"`, `"quadratic"`, `"categorical_crossentropy"`, or a `Loss` object. */
  loss: LossName | Loss;
  /** Extra numbers to log: `"accuracy"`, `"mae"`, `"mse"` or `Metric` objects. */
  metrics?: (MetricName | Metric)[];
}

/** Options of `fit` (Keras names and defaults). */
export interface FitOptions {
  /** Passes over the training data; default 1. */
  epochs?: number;
  /** Samples per gradient step; default 32 (the last batch of an epoch may be smaller). */
  batchSize?: number;
  /**
   * Fraction in (0, 1) of the samples held out for validation; default 0 (none). As in Keras
   * the LAST fraction of the rows is taken, BEFORE any shuffling — shuffle the data first if
   * it is sorted. Ignored when `validationData` is given.
   */
  validationSplit?: number;
  /** `[xVal, yVal]` to evaluate at the end of every epoch (overrides `validationSplit`). */
  validationData?: [MatrixInput, TargetInput];
  /** Shuffle the training rows at the start of every epoch; default true. */
  shuffle?: boolean;
  /** Seed of the shuffling; default 0. Same seed (and same model seed) ⇒ identical training. */
  seed?: number;
  /** Hooks called during training, e.g. a `LivePlot`. */
  callbacks?: Callback[];
  /** 0: silent (default); 1: one line per epoch ("epoch 3/20 · loss 0.1234 · val_loss …"). */
  verbose?: 0 | 1;
  /**
   * A transform of every training batch's inputs before its step, e.g. random shifts and rotations
   * of digits: `augment: digitAugmenter({ shift: 2, rotation: 10, seed: 1 })`. It must return a
   * matrix of the same shape. Validation data are never augmented. Default none.
   */
  augment?: (x: Matrix) => Matrix;
  /**
   * Warn on stderr when training diverges although no number became NaN (the loss more than
   * doubled and training never brought it back; see `training/divergence.ts`); default true. Once
   * per optimizer: a loop of one-epoch fits warns once. The finding is in `history.divergence`
   * either way, for code that reports it itself.
   */
  warn?: boolean;
}

/** 26625 → "26,625". */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** The model: layers applied in order, trained with `fit`. */
export class Sequential {
  /** Model name shown by `summary()`. */
  readonly name: string;
  /** Seed of the initial weights. */
  readonly seed: number;
  private readonly _layers: Layer[] = [];
  private readonly rng: Random;
  private _built = false;
  private _optimizer: Optimizer | undefined;
  private _loss: Loss | undefined;
  private _metrics: Metric[] = [];

  /** @param layers the layers, first to last (more can be added with `add`). */
  constructor(layers: Layer[] = [], options: SequentialOptions = {}) {
    const seed = options.seed ?? 0;
    if (!Number.isInteger(seed)) {
      throw new Error(`Sequential: seed must be an integer, got ${describeGot(seed)}. Hint: e.g. { seed: 42 }.`);
    }
    this.seed = seed;
    this.rng = new Random(seed);
    this.name = options.name ?? uniqueLayerName("sequential");
    if (!Array.isArray(layers)) {
      throw new Error(`Sequential: expected an array of layers, got ${describeGot(layers)}. Hint: new Sequential([new Dense(4, { inputDim: 2 }), …]).`);
    }
    for (const l of layers) this.add(l);
  }

  /** The layers, first to last. */
  get layers(): readonly Layer[] {
    return this._layers;
  }

  /** The compiled optimizer (undefined before `compile`). */
  get optimizer(): Optimizer | undefined {
    return this._optimizer;
  }

  /** The compiled loss (undefined before `compile`). */
  get loss(): Loss | undefined {
    return this._loss;
  }

  /** The compiled metrics. */
  get metrics(): readonly Metric[] {
    return this._metrics;
  }

  /** True once every layer has its parameters. */
  get built(): boolean {
    return this._built;
  }

  /** Features per sample the model takes (undefined until known). */
  get inputDim(): number | undefined {
    return this._layers[0]?.inputDim;
  }

  /** Outputs per sample (undefined until built). */
  get outputDim(): number | undefined {
    return this._built ? this._layers[this._layers.length - 1].outputDim : undefined;
  }

  /** Appends a layer (Keras: `model.add`). A built model builds the new layer at once. */
  add(layer: Layer): this {
    if (layer === null || typeof layer !== "object" || typeof layer.forward !== "function" || typeof layer.backward !== "function") {
      throw new Error(`${this.name}.add: expected a layer such as new Dense(4), got ${describeGot(layer)}.`);
    }
    if (this._layers.includes(layer)) {
      throw new Error(`${this.name}.add: layer ${layer.name} is already in the model; create a new layer object to add another.`);
    }
    if (this._built) this.buildLayer(layer, layerOutputShape(this._layers[this._layers.length - 1]) as number[]);
    this._layers.push(layer);
    if (!this._built && this._layers[0].inputDim !== undefined) this.build(this._layers[0].inputDim);
    return this;
  }

  /**
   * Creates every layer's parameters for inputs of width `inputDim`, layer by layer (each layer's
   * input width is the previous layer's output width), drawing from the model's seeded generator.
   * Called automatically when the first layer has `inputDim` or on the first `fit`/`predict`.
   */
  build(inputDim: number): void {
    if (this._layers.length === 0) {
      throw new Error(`${this.name}: the model has no layers. Hint: model.add(new Dense(1, { inputDim: 2 })).`);
    }
    if (this._built) {
      if (inputDim !== this.inputDim) {
        throw new Error(
          `${this.name} is built for ${this.inputDim} inputs per sample, got ${describeGot(inputDim)}. Hint: the data must have the same number of features (columns) as when the model was built.`,
        );
      }
      return;
    }
    let shape = [inputDim];
    for (const layer of this._layers) {
      this.buildLayer(layer, shape);
      const out = layerOutputShape(layer);
      if (out === undefined) throw new Error(`${this.name}: layer ${layer.name} did not report its output width after build.`);
      shape = out;
    }
    this._built = true;
  }

  /**
   * Builds one layer for inputs of shape `shape` (the previous layer's output shape, `[inputDim]`
   * for the first): the layer hears the shape first, so image layers know their [h, w, c].
   */
  private buildLayer(layer: Layer, shape: number[]): void {
    if (!layer.built) layer.setInputShape?.(shape);
    layer.build(shape.reduce((a, b) => a * b, 1), this.rng);
  }

  /**
   * Sets the optimizer, the loss and the metrics (Keras: `model.compile`). Must come before
   * `fit` and `evaluate`. Compiling again replaces them (and the optimizer's state).
   */
  compile(options: CompileOptions): void {
    if (options === undefined || options === null || typeof options !== "object") {
      throw new Error(`${this.name}.compile: expected { optimizer, loss, metrics? }, e.g. { optimizer: "sgd", loss: "mse" }.`);
    }
    if (options.optimizer === undefined) {
      throw new Error(`${this.name}.compile: missing optimizer. Hint: { optimizer: new SGD({ learningRate: 0.01 }), loss: "mse" }.`);
    }
    if (options.loss === undefined) {
      throw new Error(`${this.name}.compile: missing loss. Hint: "mse" for regression, "binary_crossentropy" or "categorical_crossentropy" for classification.`);
    }
    if (options.metrics !== undefined && !Array.isArray(options.metrics)) {
      throw new Error(`${this.name}.compile: metrics must be an array such as ["accuracy"], got ${describeGot(options.metrics)}.`);
    }
    this._optimizer = getOptimizer(options.optimizer);
    this._loss = getLoss(options.loss);
    this._metrics = (options.metrics ?? []).map((m) => getMetric(m));
  }

  /** All trainable parameters, layer by layer (the same `Param` objects every call). */
  params(): Param[] {
    return this._layers.flatMap((l) => l.params());
  }

  /** Number of trainable numbers (builds the model if the first layer knows its `inputDim`). */
  countParams(): number {
    this.requireBuilt("countParams");
    return this._layers.reduce((s, l) => s + l.countParams(), 0);
  }

  /** Copies of every layer's weights, in `params()` order (Keras: `get_weights`). */
  getWeights(): Matrix[] {
    this.requireBuilt("getWeights");
    return this._layers.flatMap((l) => l.getWeights());
  }

  /** Sets every layer's weights, in `params()` order; shapes are checked per layer. */
  setWeights(weights: MatrixInput[]): void {
    this.requireBuilt("setWeights");
    const total = this.params().length;
    if (!Array.isArray(weights) || weights.length !== total) {
      throw new Error(`${this.name}.setWeights: expected ${total} matrices (one per parameter, in params() order), got ${Array.isArray(weights) ? weights.length : typeof weights}.`);
    }
    let k = 0;
    for (const l of this._layers) {
      const n = l.params().length;
      l.setWeights(weights.slice(k, k + n));
      k += n;
    }
  }

  /** The model's settings as JSON (the layers' configs in order). */
  getConfig(): { className: string; name: string; seed: number; layers: LayerConfig[] } {
    return { className: "Sequential", name: this.name, seed: this.seed, layers: this._layers.map((l) => l.getConfig()) };
  }

  /**
   * A Keras-style table of the layers (name, type, output shape, parameter count) and the total.
   * Prints it, like Keras, with `printFn` (default `console.log`); pass your own to capture the text.
   * Returns nothing, so a notebook cell ending in `model.summary()` shows the table once.
   */
  summary(printFn: (text: string) => void = console.log): void {
    this.requireBuilt("summary");
    // Param # per layer counts every number the layer keeps (Keras: BatchNorm shows 4 per feature);
    // "Trainable" are those the optimizer updates, "Non-trainable" the rest (moving statistics).
    const nonTrainable = this._layers.map((l) => l.countNonTrainableParams?.() ?? 0);
    const rows = this._layers.map((l, i) => [`${l.name} (${l.className})`, formatOutputShape(l), thousands(l.countParams() + nonTrainable[i])]);
    const header = ["Layer (type)", "Output Shape", "Param #"];
    const w = [0, 1, 2].map((c) => Math.max(header[c].length, ...rows.map((r) => r[c].length)) + 4);
    w[0] = Math.max(w[0], 29);
    w[1] = Math.max(w[1], 26);
    w[2] = Math.max(w[2], 10);
    const width = w[0] + w[1] + w[2];
    const line = (r: string[]) => (" " + r[0].padEnd(w[0] - 1) + r[1].padEnd(w[1]) + r[2]).trimEnd();
    const trainable = this.countParams();
    const frozen = nonTrainable.reduce((a, b) => a + b, 0);
    const out = [
      `Model: "${this.name}"`,
      "_".repeat(width),
      line(header),
      "=".repeat(width),
      ...rows.flatMap((r, i) => (i === 0 ? [line(r)] : ["_".repeat(width), line(r)])),
      "=".repeat(width),
      `Total params: ${thousands(trainable + frozen)}`,
      `Trainable params: ${thousands(trainable)}`,
      `Non-trainable params: ${thousands(frozen)}`,
      "_".repeat(width),
    ].join("\n");
    printFn(out);
  }

  /** Runs the layers in order: Y = layerₖ(…layer₁(X)). Builds the model on first use. */
  forward(X: Matrix, training = false): Matrix {
    if (!this._built) this.build(X.cols);
    let A = X;
    for (const l of this._layers) A = l.forward(A, training);
    return A;
  }

  /**
   * Backpropagation: given dY = ∂E/∂Y of the last `forward`, runs the layers' backward passes
   * from last to first (each layer stores its parameter gradients) and returns ∂E/∂X.
   * `needInput: false` (what `fit` passes: nobody reads the gradient with respect to the data)
   * lets the first layer skip it; an empty matrix is returned then.
   */
  backward(dY: Matrix, needInput = true): Matrix {
    let d = dY;
    for (let k = this._layers.length - 1; k >= 0; k--) d = this._layers[k].backward(d, needInput || k > 0);
    return d;
  }

  /** The model's outputs for `x` (n × features), n × outputs. */
  predict(x: MatrixInput): Matrix {
    const X = this.checkX(x, "predict: x");
    return this.forward(X, false);
  }

  /**
   * Class probabilities for `x`, n × k, each row summing to 1 (one column: the probability of class 1).
   *
   * The recommended classifier ends in a plain `Dense(k)` — its outputs are logits — trained with
   * `categoricalCrossentropy({ fromLogits: true })` (or the sparse one), which fuses softmax and the
   * log stably. Then `predict` gives logits and `predictProba` gives `softmax(logits)` (`sigmoid`
   * for one output). A model that already ends in softmax/sigmoid returns `predict(x)` unchanged.
   * (For the predicted class either will do: `accuracy` and `confusionMatrix` take the argmax.)
   */
  predictProba(x: MatrixInput): Matrix {
    const out = this.predict(x);
    const last = this._layers[this._layers.length - 1];
    const activation = last.activation;
    if (activation === "softmax" || activation === "sigmoid") return out;
    if (activation === "linear") return out.cols === 1 ? out.map((z) => sigmoid.f(z)) : softmax(out);
    throw new Error(
      `${this.name}.predictProba: the last layer ${last.name} ` +
        (typeof activation === "string" ? `applies "${activation}", so its outputs are neither logits nor probabilities. ` : `has no activation setting. `) +
        `Hint: end a classifier with Dense(k) (logits; loss with fromLogits: true) or Dense(k, { activation: "softmax" }).`,
    );
  }

  /**
   * Loss and metrics of the model on (x, y), e.g. `{ loss: 0.12, accuracy: 0.97 }`
   * (Keras: `model.evaluate`). Requires `compile`.
   */
  evaluate(x: MatrixInput, y: TargetInput): Logs {
    const { loss } = this.requireCompiled("evaluate");
    const [X, Y] = this.checkXY(x, y, "evaluate");
    const P = this.forward(X, false);
    const logs: Logs = { loss: loss.forward(P, Y) + this.regularizationLoss() };
    for (const m of this._metrics) logs[m.name] = m.compute(P, Y);
    return logs;
  }

  /**
   * One gradient step on one batch: forward, loss, backward, optimizer step (Keras:
   * `train_on_batch`). Returns the batch's loss and metrics, computed BEFORE the step.
   * Throws `TrainingDivergedError` when the loss or a weight becomes NaN/Infinity.
   */
  trainOnBatch(x: MatrixInput, y: TargetInput): Logs {
    const [X, Y] = this.checkXY(x, y, "trainOnBatch");
    const compiled = this.requireCompiled("trainOnBatch");
    return trainStep(this, compiled, X, Y, { epoch: 0, epochs: 1, batch: 0, batches: 1, history: new History({ epochs: 1, batchSize: X.rows, samples: X.rows, validationSamples: 0 }) });
  }

  /**
   * Trains the model with mini-batch gradient descent (Keras: `model.fit`).
   *
   * Every epoch: shuffle the training rows (seeded), then for each batch of `batchSize` rows
   * run forward, the loss, backward and one optimizer step. The epoch's `loss` (and metrics) is
   * the mean over its batches weighted by batch size, each computed before that batch's step,
   * as Keras does; `val_loss` (and `val_…` metrics) are computed on the validation data at the
   * end of the epoch. Callbacks are called in this order: `setModel(this)` and `onTrainBegin`,
   * then per epoch `onEpochBegin`, `onBatchEnd` per batch, `onEpochEnd` (returning `true` stops
   * training), and finally `onTrainEnd`. When a callback has `logsLearningRate` (the
   * learning-rate callbacks), every epoch's logs also hold `lr`, the learning rate of that epoch.
   *
   * Training and inference mode: the training steps run the layers with `training = true`
   * (Dropout drops, BatchNorm uses and updates the batch statistics); the validation at the end of
   * an epoch, `evaluate` and `predict` run them with `false` (Dropout passes everything through,
   * BatchNorm uses its moving statistics), so `predict` twice gives the same numbers. The logged
   * losses include the layers' weight penalties (`regularizationLoss()`); `augment` transforms each
   * training batch's inputs.
   *
   * Throws `TrainingDivergedError` when the loss (or a weight) becomes NaN or Infinity; the
   * callbacks' `onTrainEnd` is called first, with the logs of the last finished epoch.
   */
  fit(x: MatrixInput, y: TargetInput, options: FitOptions = {}): History {
    const { optimizer, loss } = this.requireCompiled("fit");
    const o = this.checkFitOptions(options);
    const [Xall, Yall] = this.checkXY(x, y, "fit");

    let X = Xall, Y = Yall;
    let Xval: Matrix | undefined, Yval: Matrix | undefined;
    if (o.validationData !== undefined) {
      const vd = o.validationData;
      if (!Array.isArray(vd) || vd.length !== 2) {
        throw new Error(`fit: validationData must be [xVal, yVal], got ${Array.isArray(vd) ? `an array of length ${vd.length}` : typeof vd}.`);
      }
      [Xval, Yval] = this.checkXY(vd[0], vd[1], "fit: validationData");
    } else if (o.validationSplit > 0) {
      const n = Xall.rows;
      const nTrain = Math.floor(n * (1 - o.validationSplit)); // Keras and tfjs: split_at = ⌊n·(1 − split)⌋, the last n − split_at validate
      const nVal = n - nTrain;
      if (nVal === 0 || nTrain === 0) {
        throw new Error(
          `fit: validationSplit ${o.validationSplit} of ${n} samples leaves ${nTrain} training and ${nVal} validation samples; both must be at least 1. ` +
            `Hint: use a larger validationSplit or more data (or validationSplit: 0 for no validation).`,
        );
      }
      X = Xall.sliceRows(0, nTrain);
      Y = Yall.sliceRows(0, nTrain);
      Xval = Xall.sliceRows(nTrain, n);
      Yval = Yall.sliceRows(nTrain, n);
    }

    return fitLoop(this, { optimizer, loss }, X, Y, Xval !== undefined && Yval !== undefined ? [Xval, Yval] : undefined, o);
  }

  /**
   * The sum of the layers' weight penalties (`kernelRegularizer`s) for the current weights; `fit`,
   * `evaluate` and `val_loss` add it to the loss, as Keras does (0 without regularizers).
   */
  regularizationLoss(): number {
    let s = 0;
    for (const l of this._layers) if (typeof l.regularizationLoss === "function") s += l.regularizationLoss();
    return s;
  }

  // ─── internals ─────────────────────────────────────────────────────────────────────────────

  private requireBuilt(what: string): void {
    if (this._built) return;
    const first = this._layers[0];
    if (first !== undefined && first.inputDim !== undefined) {
      this.build(first.inputDim);
      return;
    }
    throw new Error(
      `${this.name}.${what}: the model is not built yet — the number of input features is unknown. ` +
        `Hint: give the first layer { inputDim }, call model.build(inputDim), or fit/predict on data first.`,
    );
  }

  private requireCompiled(what: string): { optimizer: Optimizer; loss: Loss } {
    if (this._optimizer === undefined || this._loss === undefined) {
      throw new Error(
        `${this.name}.${what}: call compile first, e.g. model.compile({ optimizer: new SGD({ learningRate: 0.01 }), loss: "mse" }).`,
      );
    }
    return { optimizer: this._optimizer, loss: this._loss };
  }

  /** x as a Matrix: finite, with the model's feature count (builds the model if needed). */
  private checkX(x: MatrixInput, what: string): Matrix {
    const X = toMatrix(x, what);
    if (X.rows === 0) throw new Error(`${what} has no samples (0 rows).`);
    const bad = X.findNonFinite();
    if (bad) {
      throw new Error(
        `${what} contains ${bad.value} in row ${bad.i}, column ${bad.j} (sample ${bad.i}, feature ${bad.j}; x is ${shapeOf(X)}). ` +
          `Hint: remove or fill in missing values, and look for divisions by zero in the preprocessing.`,
      );
    }
    if (this._layers.length === 0) throw new Error(`${this.name}: the model has no layers. Hint: model.add(new Dense(1, { inputDim: ${X.cols} })).`);
    const expected = this.inputDim;
    if (expected !== undefined && X.cols !== expected) {
      throw new Error(
        `${what} has ${X.cols} features per sample (x is ${shapeOf(X)}) but ${this._layers[0].name}, the first layer, expects ${expected}. ` +
          `Hint: one sample per ROW, one feature per column` +
          (X.rows === expected ? ` — x looks transposed (try x.transpose()).` : `; check the data or the first layer's inputDim.`),
      );
    }
    if (!this._built) this.build(X.cols);
    return X;
  }

  /** (x, y) as matrices with matching rows and widths, all finite. */
  private checkXY(x: MatrixInput, y: TargetInput, who: string): [Matrix, Matrix] {
    const X = this.checkX(x, `${who}: x`);
    const Y = toTargets(y, `${who}: y`);
    if (X.rows !== Y.rows) {
      throw new Error(
        `${who}: x has ${X.rows} samples (rows) but y has ${Y.rows}; they must have one row per sample each (x is ${shapeOf(X)}, y is ${shapeOf(Y)}).` +
          (Y.cols === X.rows ? ` Hint: y looks transposed (try y.transpose()).` : ` Hint: check that x and y come from the same data set and split.`),
      );
    }
    const bad = Y.findNonFinite();
    if (bad) {
      throw new Error(`${who}: y contains ${bad.value} in row ${bad.i}, column ${bad.j} (y is ${shapeOf(Y)}). Hint: remove or fill in missing targets.`);
    }
    const out = this.outputDim as number;
    const sparse = this._loss !== undefined && this._loss.name.startsWith("sparse");
    if (Y.cols !== out && !(sparse && Y.cols === 1)) {
      throw new Error(
        `${who}: y has ${Y.cols} columns per sample (y is ${shapeOf(Y)}) but the model outputs ${out} per sample (last layer ${this._layers[this._layers.length - 1].name}). ` +
          (Y.cols === 1 && out > 1
            ? `Hint: one-hot encode the labels, or use loss "sparse_categorical_crossentropy" with integer labels.`
            : `Hint: the last layer needs as many units as y has columns.`),
      );
    }
    return [X, Y];
  }

  private checkFitOptions(options: FitOptions): Required<Omit<FitOptions, "validationData" | "augment">> & Pick<FitOptions, "validationData" | "augment"> {
    if (options === null || typeof options !== "object") throw new Error(`fit: options must be an object such as { epochs: 10, batchSize: 32 }.`);
    const {
      epochs = 1, batchSize = 32, validationSplit = 0, validationData, shuffle = true, seed = 0, callbacks = [], verbose = 0, augment, warn = true,
    } = options;
    if (augment !== undefined && typeof augment !== "function") {
      throw new Error(`fit: augment must be a function batch => batch, e.g. digitAugmenter({ shift: 2 }), got ${describeGot(augment)}.`);
    }
    if (!Number.isInteger(epochs) || epochs < 1) {
      throw new Error(`fit: epochs must be a positive integer, got ${describeGot(epochs)}. Hint: e.g. { epochs: 20 }.`);
    }
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new Error(`fit: batchSize must be a positive integer, got ${describeGot(batchSize)}. Hint: e.g. 16, 32 or 64; 1 is one sample per step.`);
    }
    if (typeof validationSplit !== "number" || !(validationSplit >= 0 && validationSplit < 1)) {
      throw new Error(
        `fit: validationSplit must be a fraction in (0, 1), or 0 for no validation; got ${describeGot(validationSplit)}. ` +
          `Hint: 0.2 holds out the last 20 % of the samples.`,
      );
    }
    if (!Number.isInteger(seed)) throw new Error(`fit: seed must be an integer, got ${describeGot(seed)}.`);
    if (verbose !== 0 && verbose !== 1) throw new Error(`fit: verbose must be 0 (silent) or 1 (one line per epoch), got ${describeGot(verbose)}.`);
    if (typeof shuffle !== "boolean") throw new Error(`fit: shuffle must be true or false, got ${describeGot(shuffle)}.`);
    if (!Array.isArray(callbacks) || callbacks.some((c) => c === null || typeof c !== "object")) {
      throw new Error(`fit: callbacks must be an array of callback objects, e.g. [new LivePlot()].`);
    }
    if (typeof warn !== "boolean") throw new Error(`fit: warn must be true or false, got ${describeGot(warn)}.`);
    return { epochs, batchSize, validationSplit, validationData, shuffle, seed, callbacks, verbose, augment, warn };
  }
}

/** Targets as a Matrix; a flat array of numbers becomes a column (one target per sample). */
function toTargets(y: TargetInput, what: string): Matrix {
  if (Array.isArray(y) && y.length > 0 && !Array.isArray(y[0])) {
    const flat = y as unknown[];
    flat.forEach((v, i) => {
      if (typeof v !== "number") throw new Error(`${what}: entry ${i} is ${typeof v}, not a number.`);
    });
    return Matrix.columnVector(flat as number[]);
  }
  return toMatrix(y as MatrixInput, what);
}
