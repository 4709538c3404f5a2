/**
 * The homework of notebook 08 (lecture 000's practical task: change the network's parameters to
 * improve its accuracy): ONE configuration object the student edits, checked before any training.
 *
 * ```ts
 * const config: HomeworkConfig = {
 *   hidden: [{ units: 16, activation: "sigmoid" }],
 *   optimizer: { name: "sgd", learningRate: 0.01 },
 *   batchSize: 32,
 *   epochs: 3,
 * };
 * validateConfig(config);   // [] — or a list of { field, message }, each naming the allowed range
 * ```
 *
 * Every field not given takes the value of `CONFIG_DEFAULTS` (no penalty, no dropout, no batch
 * normalisation, no augmentation, constant learning rate, Glorot-uniform weights, seed 0).
 * The network is 784 inputs → the hidden layers → 10 logits, trained with softmax cross-entropy
 * (`categoricalCrossentropy({ fromLogits: true })`).
 *
 * Instead of `hidden` (dense layers only) a configuration may list every layer itself in `layers`
 * — convolution, pooling, flatten, dense and dropout layers, batch normalisation per layer — see
 * `layers.ts`; the shapes are traced through them before anything is built, so a kernel larger
 * than its input is a problem of the configuration, named by its field.
 */
import { OptimizerName, OPTIMIZER_NAMES } from "../training/optimizers";
import {
  checkLayerSpecs, describeLayer, HOMEWORK_ACTIVATIONS, HomeworkActivation, LAYER_LIMITS, LayerSpec, NetworkStep, NetworkTrace, ResolvedLayerSpec,
  resolveLayerSpec, traceNetwork,
} from "./layers";
import { ConfigProblem, isObject, ProblemList, show } from "./problems";

export { HOMEWORK_ACTIVATIONS };
export type { HomeworkActivation, ConfigProblem };

/** How the weights of the Dense layers start (biases always start at 0). */
export const HOMEWORK_INITIALIZERS = [
  "zeros", "ones", "random_uniform", "random_normal",
  "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal",
] as const;
export type HomeworkInitializer = (typeof HOMEWORK_INITIALIZERS)[number];

/** One hidden layer: `units` neurons with an activation. */
export interface HiddenLayerConfig {
  units: number;
  activation: HomeworkActivation;
}

/** The optimizer and its parameters. `momentum` works with sgd and rmsprop, `nesterov` with sgd. */
export interface HomeworkOptimizerConfig {
  name: OptimizerName;
  learningRate: number;
  momentum?: number;
  nesterov?: boolean;
}

/**
 * The learning rate over the epochs (it starts at `optimizer.learningRate`):
 * constant; `step` multiplies it by `factor` every `every` epochs; `exponential` is η₀·e^(−α·epoch).
 */
export type HomeworkScheduleConfig =
  | { kind: "constant" }
  | { kind: "step"; every: number; factor: number }
  | { kind: "exponential"; alpha: number };

/** Random changes of every training batch (validation and test digits are never changed). */
export interface HomeworkAugmentConfig {
  /** Largest shift in whole pixels, 0–4. */
  shift?: number;
  /** Largest rotation in degrees, 0–30. */
  rotation?: number;
  /** Standard deviation of Gaussian pixel noise, 0–0.5. */
  noise?: number;
}

/** Everything the student may change. */
export interface HomeworkConfig {
  /**
   * The hidden layers, first to last (0–5 dense layers of 1–2048 units); the 10-unit output layer is added.
   * Give either `hidden` or `layers`.
   */
  hidden?: HiddenLayerConfig[];
  /**
   * Every layer, first to last, convolution included (see `layers.ts`): conv2d, maxpool2d,
   * avgpool2d, flatten (implied before a dense layer that follows an image layer), dense, dropout;
   * the 10-unit output layer is added. Give either `hidden` or `layers`. With `layers`, dropout is a
   * layer of its own and batch normalisation is set per layer (`batchNorm: true` on a conv2d or
   * dense layer): the top-level `dropout` and `batchNorm` stay at 0 and false.
   */
  layers?: LayerSpec[];
  /** How the weights start; default "glorot_uniform". */
  initializer?: HomeworkInitializer;
  optimizer: HomeworkOptimizerConfig;
  /** Default `{ kind: "constant" }`. */
  schedule?: HomeworkScheduleConfig;
  /** Samples per gradient step, 1–1024. */
  batchSize: number;
  /** Passes over the training digits, 1–100. */
  epochs: number;
  /** L1 penalty on every weight matrix, 0–0.1 (default 0). */
  l1?: number;
  /** L2 penalty on every weight matrix, 0–0.1 (default 0). */
  l2?: number;
  /** Dropout after every hidden layer, rate in [0, 0.8] (default 0: none). */
  dropout?: number;
  /** Batch normalisation in every hidden layer, between the weighted sum and the activation (default false). */
  batchNorm?: boolean;
  /** Default: none. */
  augment?: HomeworkAugmentConfig;
  /** Seed of the initial weights, the shuffling, dropout and augmentation; integer 0 … 2³¹−1 (default 0). */
  seed?: number;
}

/** A configuration with every default filled in (what is trained and logged). */
export interface ResolvedConfig {
  /** The dense hidden layers ([] when the configuration lists its `layers`). */
  hidden: HiddenLayerConfig[];
  /** Every layer, defaults filled in — only when the configuration gave `layers`. */
  layers?: ResolvedLayerSpec[];
  initializer: HomeworkInitializer;
  optimizer: { name: OptimizerName; learningRate: number; momentum: number; nesterov: boolean };
  schedule: HomeworkScheduleConfig;
  batchSize: number;
  epochs: number;
  l1: number;
  l2: number;
  dropout: number;
  batchNorm: boolean;
  augment: { shift: number; rotation: number; noise: number };
  seed: number;
}

/** The values of the fields a configuration may leave out. */
export const CONFIG_DEFAULTS = Object.freeze({
  initializer: "glorot_uniform" as HomeworkInitializer,
  schedule: Object.freeze({ kind: "constant" }) as HomeworkScheduleConfig,
  l1: 0,
  l2: 0,
  dropout: 0,
  batchNorm: false,
  augment: Object.freeze({ shift: 0, rotation: 0, noise: 0 }),
  seed: 0,
  momentum: 0,
  nesterov: false,
});

/** Limits of the numeric fields (inclusive unless said otherwise). */
export const CONFIG_LIMITS = Object.freeze({
  hiddenLayers: { min: 0, max: 5 },
  units: LAYER_LIMITS.units, // the same for a dense layer in `layers`
  learningRate: { min: 0, max: 1000 }, // exclusive min: a learning rate must be > 0
  momentum: { min: 0, max: 1 }, // [0, 1)
  batchSize: { min: 1, max: 1024 },
  epochs: { min: 1, max: 100 },
  penalty: { min: 0, max: 0.1 },
  dropout: LAYER_LIMITS.rate, // the same for a dropout layer in `layers`
  shift: { min: 0, max: 4 },
  rotation: { min: 0, max: 30 },
  noise: { min: 0, max: 0.5 },
  seed: { min: 0, max: 2 ** 31 - 1 },
  stepEvery: { min: 1, max: 100 },
  alpha: { min: 0, max: 5 },
});

/** The weak baseline of notebook 08: sigmoid, a tiny hidden layer, plain SGD with a poor rate, 3 epochs. */
export const BASELINE_CONFIG: Readonly<HomeworkConfig> = Object.freeze({
  hidden: [{ units: 16, activation: "sigmoid" }],
  initializer: "glorot_uniform",
  optimizer: { name: "sgd", learningRate: 0.01 },
  schedule: { kind: "constant" },
  batchSize: 32,
  epochs: 3,
  l1: 0,
  l2: 0,
  dropout: 0,
  batchNorm: false,
  augment: { shift: 0, rotation: 0, noise: 0 },
  seed: 0,
} as HomeworkConfig);

/** Inputs (pixels) and outputs (digits) of every homework network. */
export const HOMEWORK_INPUTS = 784;
export const HOMEWORK_OUTPUTS = 10;

/**
 * Modules whose library support a field needs. All are part of this library version; a field
 * listed in `UNAVAILABLE_FIELDS` would be accepted only at its default value.
 */
export const UNAVAILABLE_FIELDS: readonly string[] = Object.freeze([]);

/** Thrown by `buildModel` / `trainFromConfig` for an invalid configuration; `problems` lists every one. */
export class InvalidConfigError extends Error {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super(`Invalid homework configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` + problems.map((p) => `  - ${p.message}`).join("\n"));
    this.name = "InvalidConfigError";
    this.problems = problems;
  }
}

const TOP_FIELDS = ["hidden", "layers", "initializer", "optimizer", "schedule", "batchSize", "epochs", "l1", "l2", "dropout", "batchNorm", "augment", "seed"];

/**
 * Every problem with `cfg`, BEFORE any training: unknown fields, wrong types, values out of range.
 * Each message names the field and the allowed values. An empty list means the configuration is valid.
 */
export function validateConfig(cfg: unknown): ConfigProblem[] {
  const check = new ProblemList();
  const problems = check.problems;
  const add = (field: string, message: string) => check.add(field, message);
  if (!isObject(cfg)) {
    add("config", `must be an object such as { hidden: [{ units: 64, activation: "relu" }], optimizer: { name: "adam", learningRate: 0.001 }, batchSize: 32, epochs: 10 }, got ${show(cfg)}.`);
    return problems;
  }
  const unknown = (obj: Record<string, unknown>, allowed: readonly string[], prefix: string) => check.unknownFields(obj, allowed, prefix);
  const num = (field: string, v: unknown, lo: number, hi: number, opts: { integer?: boolean; loOpen?: boolean; hiOpen?: boolean; hint?: string } = {}) => {
    check.number(field, v, lo, hi, opts);
  };
  const oneOf = (field: string, v: unknown, allowed: readonly string[]) => {
    check.oneOf(field, v, allowed);
  };
  const L = CONFIG_LIMITS;
  unknown(cfg, TOP_FIELDS, "");

  // the network: dense hidden layers, or every layer listed in `layers`
  const hasLayers = "layers" in cfg && cfg.layers !== undefined;
  let layersTraceable = false;
  if (hasLayers) {
    if (Array.isArray(cfg.hidden) ? cfg.hidden.length > 0 : "hidden" in cfg && cfg.hidden !== undefined) {
      add("layers", `give either "hidden" (dense layers only) or "layers" (every layer, convolution included), not both: remove "hidden" or move its layers into "layers" as { type: "dense", units, activation }.`);
    }
    layersTraceable = checkLayerSpecs(check, cfg.layers, "layers");
    if (cfg.dropout !== undefined && cfg.dropout !== 0) {
      add("dropout", `with "layers", dropout is a layer of its own: put { type: "dropout", rate: ${typeof cfg.dropout === "number" ? cfg.dropout : 0.25} } where you want it and leave "dropout" at 0, got ${show(cfg.dropout)}.`);
    }
    if (cfg.batchNorm !== undefined && cfg.batchNorm !== false) {
      add("batchNorm", `with "layers", batch normalisation is set per layer: write batchNorm: true on each conv2d or dense layer that should have it and leave "batchNorm" at false, got ${show(cfg.batchNorm)}.`);
    }
  } else if (!("hidden" in cfg) || cfg.hidden === undefined) {
    add("hidden", `is missing: give the hidden layers, e.g. [{ units: 64, activation: "relu" }] ([] for none) — or list every layer, convolution included, in "layers".`);
  } else if (!Array.isArray(cfg.hidden)) add("hidden", `must be an array of { units, activation }, got ${show(cfg.hidden)}.`);
  else {
    if (cfg.hidden.length > L.hiddenLayers.max) add("hidden", `at most ${L.hiddenLayers.max} hidden layers, got ${cfg.hidden.length}.`);
    cfg.hidden.forEach((layer, i) => {
      const p = `hidden[${i}]`;
      if (!isObject(layer)) return add(p, `must be an object { units, activation }, got ${show(layer)}.`);
      unknown(layer, ["units", "activation"], `${p}.`);
      num(`${p}.units`, layer.units, L.units.min, L.units.max, { integer: true });
      oneOf(`${p}.activation`, layer.activation, HOMEWORK_ACTIVATIONS);
    });
  }

  if (cfg.initializer !== undefined) oneOf("initializer", cfg.initializer, HOMEWORK_INITIALIZERS);

  // optimizer
  if (!("optimizer" in cfg)) add("optimizer", `is missing, e.g. { name: "sgd", learningRate: 0.1 }.`);
  else if (!isObject(cfg.optimizer)) add("optimizer", `must be an object { name, learningRate, momentum?, nesterov? }, got ${show(cfg.optimizer)}.`);
  else {
    const o = cfg.optimizer;
    unknown(o, ["name", "learningRate", "momentum", "nesterov"], "optimizer.");
    oneOf("optimizer.name", o.name, OPTIMIZER_NAMES);
    num("optimizer.learningRate", o.learningRate, L.learningRate.min, L.learningRate.max, { loOpen: true, hint: "Typical: 0.1–0.5 for sgd, 0.001 for adam and rmsprop." });
    if (o.momentum !== undefined) {
      num("optimizer.momentum", o.momentum, L.momentum.min, L.momentum.max, { hiOpen: true, hint: "0.9 is the usual choice." });
      if (o.momentum !== 0 && o.name !== "sgd" && o.name !== "rmsprop") add("optimizer.momentum", `only "sgd" and "rmsprop" have a momentum; remove it for ${show(o.name)} (adam-like optimizers have their own).`);
    }
    if (o.nesterov !== undefined) {
      if (typeof o.nesterov !== "boolean") add("optimizer.nesterov", `must be true or false, got ${show(o.nesterov)}.`);
      else if (o.nesterov && o.name !== "sgd") add("optimizer.nesterov", `only "sgd" has Nesterov momentum, got optimizer.name ${show(o.name)}.`);
      else if (o.nesterov && !(typeof o.momentum === "number" && o.momentum > 0)) add("optimizer.nesterov", `needs optimizer.momentum > 0 (e.g. 0.9) to change anything.`);
    }
  }

  // schedule
  if (cfg.schedule !== undefined) {
    const s = cfg.schedule;
    if (!isObject(s)) add("schedule", `must be { kind: "constant" }, { kind: "step", every, factor } or { kind: "exponential", alpha }, got ${show(s)}.`);
    else {
      oneOf("schedule.kind", s.kind, ["constant", "step", "exponential"]);
      if (s.kind === "constant") unknown(s, ["kind"], "schedule.");
      if (s.kind === "step") {
        unknown(s, ["kind", "every", "factor"], "schedule.");
        num("schedule.every", s.every, L.stepEvery.min, L.stepEvery.max, { integer: true, hint: "Epochs between two drops of the learning rate." });
        num("schedule.factor", s.factor, 0, 1, { loOpen: true, hiOpen: true, hint: "e.g. 0.5 halves the learning rate." });
      }
      if (s.kind === "exponential") {
        unknown(s, ["kind", "alpha"], "schedule.");
        num("schedule.alpha", s.alpha, L.alpha.min, L.alpha.max, { hint: "η = η₀·e^(−α·epoch); 0.1 shrinks it by ~10 % per epoch." });
      }
    }
  }

  if (!("batchSize" in cfg)) add("batchSize", `is missing, e.g. 32.`);
  else num("batchSize", cfg.batchSize, L.batchSize.min, L.batchSize.max, { integer: true });
  if (!("epochs" in cfg)) add("epochs", `is missing, e.g. 10.`);
  else num("epochs", cfg.epochs, L.epochs.min, L.epochs.max, { integer: true });
  if (cfg.l1 !== undefined) num("l1", cfg.l1, L.penalty.min, L.penalty.max, { hint: "Typical: 1e-5 to 1e-3." });
  if (cfg.l2 !== undefined) num("l2", cfg.l2, L.penalty.min, L.penalty.max, { hint: "Typical: 1e-5 to 1e-3." });
  if (cfg.dropout !== undefined) num("dropout", cfg.dropout, L.dropout.min, L.dropout.max, { hint: "The fraction of a hidden layer's outputs dropped in training; 0.2–0.5 is usual." });
  if (cfg.batchNorm !== undefined && typeof cfg.batchNorm !== "boolean") add("batchNorm", `must be true or false, got ${show(cfg.batchNorm)}.`);
  if (cfg.augment !== undefined) {
    const a = cfg.augment;
    if (!isObject(a)) add("augment", `must be an object { shift?, rotation?, noise? }, got ${show(a)}.`);
    else {
      unknown(a, ["shift", "rotation", "noise"], "augment.");
      if (a.shift !== undefined) num("augment.shift", a.shift, L.shift.min, L.shift.max, { integer: true, hint: "Largest shift in pixels." });
      if (a.rotation !== undefined) num("augment.rotation", a.rotation, L.rotation.min, L.rotation.max, { hint: "Largest rotation in degrees." });
      if (a.noise !== undefined) num("augment.noise", a.noise, L.noise.min, L.noise.max, { hint: "Standard deviation of the pixel noise (pixels are in [0, 1])." });
    }
  }
  if (cfg.seed !== undefined) num("seed", cfg.seed, L.seed.min, L.seed.max, { integer: true });

  // Fields whose library support is missing in this version: only their defaults are accepted.
  for (const field of UNAVAILABLE_FIELDS) {
    const v = (cfg as Record<string, unknown>)[field];
    const def = (CONFIG_DEFAULTS as Record<string, unknown>)[field];
    if (v !== undefined && JSON.stringify(v) !== JSON.stringify(def)) add(field, `not available yet in this library version (nnlib); leave it at ${JSON.stringify(def)}.`);
  }

  // The shapes through the layers (only when every layer is well-formed): a kernel larger than its input, pooling to nothing, …
  if (hasLayers && layersTraceable) {
    const trace = traceNetwork((cfg.layers as LayerSpec[]).map(resolveLayerSpec));
    problems.push(...trace.problems);
  }
  return problems;
}

/** Throws `InvalidConfigError` (listing every problem) unless `cfg` is valid. */
export function assertValidConfig(cfg: unknown): asserts cfg is HomeworkConfig {
  const problems = validateConfig(cfg);
  if (problems.length > 0) throw new InvalidConfigError(problems);
}

/** A checked configuration with every default filled in (a fresh object: editing it never changes `cfg`). */
export function resolveConfig(cfg: HomeworkConfig | ResolvedConfig): ResolvedConfig {
  assertValidConfig(cfg);
  const D = CONFIG_DEFAULTS;
  const s = cfg.schedule ?? D.schedule;
  return {
    hidden: (cfg.hidden ?? []).map((h) => ({ units: h.units, activation: h.activation })),
    ...(cfg.layers !== undefined ? { layers: cfg.layers.map((l) => resolveLayerSpec(l)) } : {}),
    initializer: cfg.initializer ?? D.initializer,
    optimizer: {
      name: cfg.optimizer.name,
      learningRate: cfg.optimizer.learningRate,
      momentum: cfg.optimizer.momentum ?? D.momentum,
      nesterov: cfg.optimizer.nesterov ?? D.nesterov,
    },
    schedule: s.kind === "step" ? { kind: "step", every: s.every, factor: s.factor } : s.kind === "exponential" ? { kind: "exponential", alpha: s.alpha } : { kind: "constant" },
    batchSize: cfg.batchSize,
    epochs: cfg.epochs,
    l1: cfg.l1 ?? D.l1,
    l2: cfg.l2 ?? D.l2,
    dropout: cfg.dropout ?? D.dropout,
    batchNorm: cfg.batchNorm ?? D.batchNorm,
    augment: {
      shift: cfg.augment?.shift ?? D.augment.shift,
      rotation: cfg.augment?.rotation ?? D.augment.rotation,
      noise: cfg.augment?.noise ?? D.augment.noise,
    },
    seed: cfg.seed ?? D.seed,
  };
}

/**
 * The layers a configuration builds, each with the field it comes from: its `layers` as given, or
 * for a dense-only configuration each `hidden[i]` as a dense layer (with the top-level `batchNorm`)
 * followed by a dropout layer when `dropout` > 0.
 */
export function configLayers(r: ResolvedConfig): { layers: ResolvedLayerSpec[]; fields: string[] } {
  if (r.layers !== undefined) return { layers: r.layers.map((l) => ({ ...l })), fields: r.layers.map((_, i) => `layers[${i}]`) };
  const layers: ResolvedLayerSpec[] = [];
  const fields: string[] = [];
  r.hidden.forEach((h, i) => {
    layers.push({ type: "dense", units: h.units, activation: h.activation, batchNorm: r.batchNorm });
    fields.push(`hidden[${i}]`);
    if (r.dropout > 0) {
      layers.push({ type: "dropout", rate: r.dropout });
      fields.push("dropout");
    }
  });
  return { layers, fields };
}

/**
 * The network of a configuration traced from the 28 × 28 digit to the 10 logits, without building
 * it: every step's field, output shape, parameters and multiply-adds (flatten added where a dense
 * layer follows an image layer, the output layer last). Throws `InvalidConfigError` for an invalid
 * configuration — a kernel larger than its input included.
 */
export function traceConfig(cfg: HomeworkConfig | ResolvedConfig): NetworkStep[] {
  const r = resolveConfig(cfg);
  const { layers, fields } = configLayers(r);
  const trace: NetworkTrace = traceNetwork(layers, fields, HOMEWORK_OUTPUTS);
  if (trace.problems.length > 0) throw new InvalidConfigError(trace.problems);
  return trace.steps;
}

/**
 * The number of trainable parameters of the network a configuration builds (weights and biases,
 * plus γ and β of batch normalisation, which replace the bias), computed without building it. The
 * grader checks it against its limit before training.
 */
export function countConfigParams(cfg: HomeworkConfig | ResolvedConfig): number {
  return traceConfig(cfg).reduce((total, step) => total + step.params, 0);
}

/**
 * The architecture in one line: "784-16-10 (sigmoid)" for dense layers only, else the layers in
 * order, e.g. "28×28 → conv2d 8 × 3×3 relu → maxpool2d 2×2 → dense 64 relu → 10".
 */
export function describeArchitecture(cfg: HomeworkConfig | ResolvedConfig): string {
  if (cfg.layers !== undefined) {
    const r = resolveConfig(cfg);
    return ["28×28", ...(r.layers ?? []).map(describeLayer), String(HOMEWORK_OUTPUTS)].join(" → ");
  }
  const hidden = cfg.hidden ?? [];
  const sizes = [HOMEWORK_INPUTS, ...hidden.map((h) => h.units), HOMEWORK_OUTPUTS].join("-");
  const acts = [...new Set(hidden.map((h) => h.activation))];
  return acts.length === 0 ? `${sizes} (no hidden layer)` : `${sizes} (${acts.join(", ")})`;
}
