/**
 * From a homework configuration to a trained network: `buildModel(cfg)` and `trainFromConfig`.
 *
 * ```ts
 * const train = loadDigits("train", { limit: 3000 });
 * const run = trainFromConfig(config, train, { name: "relu", log: "homework/experiments.jsonl" });
 * run.valAccuracy;   // accuracy on the last 20 % of the digits given (never trained on)
 * ```
 */
import { digitAugmenter } from "../data/augment";
import { Callback } from "../training/callbacks";
import { getInitializer } from "../functions/initializers";
import { Activation } from "../layers/activation";
import { AveragePooling2D } from "../layers/avgpool2d";
import { BatchNorm } from "../layers/batchnorm";
import { Conv2D } from "../layers/conv2d";
import { Dense } from "../layers/dense";
import { Dropout } from "../layers/dropout";
import { Flatten } from "../layers/flatten";
import { Layer } from "../layers/layer";
import { MaxPool2D } from "../layers/maxpool2d";
import { categoricalCrossentropy } from "../functions/losses";
import { Matrix } from "../core/matrix";
import { History, TrainingDivergedError } from "../training/fit";
import { divergenceReason } from "../training/divergence";
import { Sequential } from "../training/model";
import { Config } from "../core/registry";
import { Optimizer, OPTIMIZERS } from "../training/optimizers";
import { l1l2 } from "../functions/regularizers";
import { exponentialDecay, LearningRateScheduler, stepDecay } from "../training/schedules";
import { configLayers, HomeworkConfig, HOMEWORK_INPUTS, HOMEWORK_OUTPUTS, ResolvedConfig, resolveConfig, traceConfig } from "./config";
import { HOMEWORK_IMAGE } from "./layers";
import { appendExperiment, ExperimentRecord, makeRecord } from "./log";

/**
 * The optimizer a configuration asks for, through the optimizer registry (`momentum` goes to sgd
 * and rmsprop, `nesterov` to sgd: the settings those classes have).
 */
export function buildOptimizer(r: ResolvedConfig): Optimizer {
  const { name, learningRate, momentum, nesterov } = r.optimizer;
  const config: Config = { name, learningRate };
  if (name === "sgd" || name === "rmsprop") config.momentum = momentum;
  if (name === "sgd") config.nesterov = nesterov;
  return OPTIMIZERS.fromConfig(config);
}

/**
 * The compiled network of a configuration, softmax cross-entropy, accuracy as the metric:
 *
 * - dense-only (`hidden`): 784 inputs → for each hidden layer Dense (→ BatchNorm → Activation)
 *   (→ Dropout) → Dense(10) logits;
 * - `layers`: each layer in order — conv2d as Conv2D (→ BatchNorm → Activation), maxpool2d /
 *   avgpool2d as MaxPool2D / AveragePooling2D, Flatten where a dense layer follows an image layer,
 *   dense as for `hidden`, dropout as Dropout — then Dense(10) logits.
 *
 * With batch normalisation the layer has no bias (β replaces it) and its activation follows the
 * normalisation. The L1/L2 penalties apply to every Dense weight matrix (nnlib's Conv2D has no
 * weight penalty). Throws `InvalidConfigError` (naming every bad field) before building anything.
 */
export function buildModel(cfg: HomeworkConfig | ResolvedConfig): Sequential {
  return buildResolved(resolveConfig(cfg));
}

/** `buildModel` for a configuration already checked and resolved. */
function buildResolved(r: ResolvedConfig): Sequential {
  const penalty = r.l1 > 0 || r.l2 > 0 ? () => l1l2({ l1: r.l1, l2: r.l2 }) : () => undefined;
  traceConfig(r); // the shapes fit (throws InvalidConfigError naming the field otherwise)
  const layers: Layer[] = [];
  let imageLayers = 0; // conv2d and pooling layers so far
  let isImage = false; // whether the last layer's output is an image (not flattened yet)
  // The first layer of the model is told the input: 784 numbers, or the 28 × 28 × 1 digit for the first image layer.
  const first = () => (layers.length === 0 ? { inputDim: HOMEWORK_INPUTS } : {});
  const imageInput = () => (imageLayers++ > 0 ? {} : { inputShape: [...HOMEWORK_IMAGE] as [number, number, number] });
  const flattenIfImage = () => {
    if (isImage) layers.push(new Flatten());
    isImage = false;
  };
  for (const spec of configLayers(r).layers) {
    switch (spec.type) {
      case "dense": {
        flattenIfImage();
        const init = getInitializer(r.initializer);
        if (spec.batchNorm) {
          // Batch normalisation between the weighted sum and the activation; its β replaces the bias.
          layers.push(new Dense(spec.units, { ...first(), useBias: false, kernelInitializer: init, kernelRegularizer: penalty() }));
          layers.push(new BatchNorm());
          layers.push(new Activation(spec.activation));
        } else {
          layers.push(new Dense(spec.units, { ...first(), activation: spec.activation, kernelInitializer: init, kernelRegularizer: penalty() }));
        }
        break;
      }
      case "conv2d": {
        const options = { ...imageInput(), strides: spec.strides, padding: spec.padding, kernelInitializer: getInitializer(r.initializer) };
        isImage = true;
        if (spec.batchNorm) {
          layers.push(new Conv2D(spec.filters, spec.kernelSize, { ...options, useBias: false }));
          layers.push(new BatchNorm());
          layers.push(new Activation(spec.activation));
        } else {
          layers.push(new Conv2D(spec.filters, spec.kernelSize, { ...options, activation: spec.activation }));
        }
        break;
      }
      case "maxpool2d":
      case "avgpool2d": {
        const options = { ...imageInput(), strides: spec.strides, padding: spec.padding };
        isImage = true;
        layers.push(spec.type === "maxpool2d" ? new MaxPool2D(spec.poolSize, options) : new AveragePooling2D(spec.poolSize, options));
        break;
      }
      case "flatten":
        layers.push(new Flatten(first()));
        isImage = false;
        break;
      case "dropout":
        layers.push(new Dropout(spec.rate, first()));
        break;
    }
  }
  flattenIfImage();
  layers.push(new Dense(HOMEWORK_OUTPUTS, {
    ...first(),
    kernelInitializer: getInitializer(r.initializer),
    kernelRegularizer: penalty(),
  }));
  const model = new Sequential(layers, { seed: r.seed });
  model.compile({ optimizer: buildOptimizer(r), loss: categoricalCrossentropy({ fromLogits: true }), metrics: ["accuracy"] });
  return model;
}

/** The learning-rate callback of the configuration's schedule (none for a constant rate). */
export function scheduleCallback(r: ResolvedConfig): Callback | undefined {
  const lr0 = r.optimizer.learningRate;
  const s = r.schedule;
  if (s.kind === "step") return new LearningRateScheduler(stepDecay({ initialLearningRate: lr0, every: s.every, factor: s.factor }));
  if (s.kind === "exponential") return new LearningRateScheduler(exponentialDecay({ initialLearningRate: lr0, alpha: s.alpha }));
  return undefined;
}

/** The configuration's batch transform (undefined without augmentation). Seeded by `cfg.seed`. */
export function augmentFunction(r: ResolvedConfig): ((x: Matrix) => Matrix) | undefined {
  const a = r.augment;
  if (a.shift === 0 && a.rotation === 0 && a.noise === 0) return undefined;
  // One seeded stream over the whole run: every epoch sees new variants, and the run is reproducible.
  return digitAugmenter({ shift: a.shift, rotation: a.rotation, noise: a.noise, seed: r.seed });
}

/** Digits to train on: `x` n × 784 pixels, `y` n × 10 one-hot (e.g. `loadDigits("train")`). */
export interface HomeworkData {
  x: Matrix;
  y: Matrix;
}

/** Options of `trainFromConfig`. */
export interface TrainFromConfigOptions {
  /** Name of the run in the log and the plots; default "run". */
  name?: string;
  /**
   * Validation digits: a fraction in [0, 1) of the given digits (the LAST ones, never trained on;
   * default 0.2), or separate digits `{ x, y }`. 0: no validation (the grader's final training).
   */
  validation?: number | HomeworkData;
  /** Extra callbacks, e.g. `new LivePlot()`. */
  callbacks?: Callback[];
  /** Append the run to this JSON Lines file (see `appendExperiment`); default: no log. */
  log?: string;
  /** 1: one line per epoch. Default 0. */
  verbose?: 0 | 1;
  /** A note stored with the run in the log. */
  note?: string;
}

/** The outcome of `trainFromConfig`. Training that diverges is a result (`status: "diverged"`), not an exception. */
export interface HomeworkRun {
  name: string;
  status: "ok" | "diverged";
  /** The divergence message (status "diverged"). */
  error?: string;
  config: ResolvedConfig;
  model: Sequential;
  /** Per-epoch curves (for a diverged run: the epochs finished before it happened). */
  history: History;
  /** Accuracy on the validation digits after the last epoch (undefined without validation or when diverged). */
  valAccuracy: number | undefined;
  /** Accuracy on the training digits during the last epoch. */
  trainAccuracy: number | undefined;
  /** Training time in seconds. */
  seconds: number;
  /** The line appended to the log (when `log` was given). */
  record: ExperimentRecord;
}

/**
 * Checks the configuration, builds the model and trains it on `data` with the configuration's
 * optimizer, schedule, batch size, epochs, augmentation and seed. With `log`, appends the run.
 * Throws `InvalidConfigError` for a bad configuration (nothing is trained); a run whose loss
 * becomes NaN/Infinity returns with `status: "diverged"` and the message.
 */
export function trainFromConfig(cfg: HomeworkConfig | ResolvedConfig, data: HomeworkData, options: TrainFromConfigOptions = {}): HomeworkRun {
  const config = resolveConfig(cfg);
  if (data === null || typeof data !== "object" || !(data.x instanceof Matrix) || !(data.y instanceof Matrix)) {
    throw new Error(`trainFromConfig: data must be { x, y } matrices, e.g. loadDigits("train").`);
  }
  const name = options.name ?? "run";
  const validation = options.validation ?? 0.2;
  const model = buildResolved(config);
  const callbacks = [...(options.callbacks ?? [])];
  const sched = scheduleCallback(config);
  if (sched) callbacks.unshift(sched);
  const fitValidation =
    typeof validation === "number" ? { validationSplit: validation } : { validationData: [validation.x, validation.y] as [Matrix, Matrix] };
  const started = Date.now();
  let history: History;
  let status: "ok" | "diverged" = "ok";
  let error: string | undefined;
  try {
    history = model.fit(data.x, data.y, {
      epochs: config.epochs, batchSize: config.batchSize, seed: config.seed, callbacks,
      augment: augmentFunction(config), verbose: options.verbose ?? 0, ...fitValidation,
      warn: false, // a divergence without NaN is reported by describeRun (and the grader), not on stderr
    });
  } catch (e) {
    if (!(e instanceof TrainingDivergedError)) throw e;
    history = e.history;
    status = "diverged";
    error = e.message;
  }
  const seconds = (Date.now() - started) / 1000;
  const last = (k: string) => (status === "ok" ? history.history[k]?.at(-1) : undefined);
  const record = makeRecord({
    name, status, error, config, history: history.history, valAccuracy: last("val_accuracy"), trainAccuracy: last("accuracy"),
    seconds, trainSamples: history.params.samples, validationSamples: history.params.validationSamples, note: options.note,
  });
  if (options.log !== undefined) appendExperiment(options.log, record);
  return { name, status, error, config, model, history, valAccuracy: last("val_accuracy"), trainAccuracy: last("accuracy"), seconds, record };
}

/** One line about a run: "relu: validation accuracy 91.2 % in 3.4 s" (or why it diverged). */
export function describeRun(run: HomeworkRun | ExperimentRecord): string {
  if (run.status === "diverged") return `${run.name}: DIVERGED — ${(run.error ?? "").split(". ")[0]}.`;
  const acc = run.valAccuracy;
  const line = `${run.name}: validation accuracy ${acc === undefined || acc === null ? "—" : `${(100 * acc).toFixed(1)} %`} in ${run.seconds.toFixed(1)} s`;
  const diverging = run.history instanceof History ? divergenceReason(run.history.divergence, undefined) : undefined;
  return diverging === undefined ? line : `${line}. ${diverging}`;
}
