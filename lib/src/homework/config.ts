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
 * The network is always 784 inputs → the hidden layers → 10 logits, trained with softmax
 * cross-entropy (`categoricalCrossentropy({ fromLogits: true })`).
 */
import { OptimizerName, OPTIMIZER_NAMES } from "../training/optimizers";

/** Activations a hidden layer may use (softmax belongs to the loss, not to a hidden layer). */
export const HOMEWORK_ACTIVATIONS = [
  "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "softplus", "softsign", "hard_sigmoid", "linear",
] as const;
export type HomeworkActivation = (typeof HOMEWORK_ACTIVATIONS)[number];

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
  /** The hidden layers, first to last (0–5 layers of 1–2048 units); the 10-unit output layer is added. */
  hidden: HiddenLayerConfig[];
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
  hidden: HiddenLayerConfig[];
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
  units: { min: 1, max: 2048 },
  learningRate: { min: 0, max: 1000 }, // exclusive min: a learning rate must be > 0
  momentum: { min: 0, max: 1 }, // [0, 1)
  batchSize: { min: 1, max: 1024 },
  epochs: { min: 1, max: 100 },
  penalty: { min: 0, max: 0.1 },
  dropout: { min: 0, max: 0.8 },
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

/** One problem with a configuration: the field (a path such as `hidden[0].units`) and what is wrong. */
export interface ConfigProblem {
  field: string;
  message: string;
}

/** Thrown by `buildModel` / `trainFromConfig` for an invalid configuration; `problems` lists every one. */
export class InvalidConfigError extends Error {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super(`Invalid homework configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` + problems.map((p) => `  - ${p.message}`).join("\n"));
    this.name = "InvalidConfigError";
    this.problems = problems;
  }
}

const TOP_FIELDS = ["hidden", "initializer", "optimizer", "schedule", "batchSize", "epochs", "l1", "l2", "dropout", "batchNorm", "augment", "seed"];

function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean" || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : typeof v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Closest name by edit distance (for "did you mean"). */
function closest(word: string, options: readonly string[]): string | undefined {
  const d = (a: string, b: string): number => {
    const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = dp[0];
      dp[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const tmp = dp[j];
        dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
        prev = tmp;
      }
    }
    return dp[b.length];
  };
  let best: string | undefined;
  let bestD = Infinity;
  for (const o of options) {
    const k = d(word, o);
    if (k < bestD) [best, bestD] = [o, k];
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/**
 * Every problem with `cfg`, BEFORE any training: unknown fields, wrong types, values out of range.
 * Each message names the field and the allowed values. An empty list means the configuration is valid.
 */
export function validateConfig(cfg: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message: `${field}: ${message}` });
  if (!isObject(cfg)) {
    add("config", `must be an object such as { hidden: [{ units: 64, activation: "relu" }], optimizer: { name: "adam", learningRate: 0.001 }, batchSize: 32, epochs: 10 }, got ${show(cfg)}.`);
    return problems;
  }
  const unknown = (obj: Record<string, unknown>, allowed: readonly string[], prefix: string) => {
    for (const k of Object.keys(obj)) {
      if (!allowed.includes(k)) {
        const guess = closest(k, allowed);
        add(prefix + k, `unknown field${guess ? ` — did you mean "${guess}"?` : ""}. Allowed fields: ${allowed.join(", ")}.`);
      }
    }
  };
  const num = (field: string, v: unknown, lo: number, hi: number, opts: { integer?: boolean; loOpen?: boolean; hiOpen?: boolean; hint?: string } = {}) => {
    const range = `${opts.integer ? "an integer" : "a number"} in ${opts.loOpen ? "(" : "["}${lo}, ${hi}${opts.hiOpen ? ")" : "]"}`;
    const bad =
      typeof v !== "number" || !Number.isFinite(v) || (opts.integer === true && !Number.isInteger(v)) ||
      (opts.loOpen ? v <= lo : v < lo) || (opts.hiOpen ? v >= hi : v > hi);
    if (bad) add(field, `must be ${range}, got ${show(v)}.${opts.hint ? ` ${opts.hint}` : ""}`);
  };
  const oneOf = (field: string, v: unknown, allowed: readonly string[]) => {
    if (typeof v !== "string" || !allowed.includes(v)) {
      const guess = typeof v === "string" ? closest(v, allowed) : undefined;
      add(field, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${show(v)}.${guess ? ` Did you mean "${guess}"?` : ""}`);
    }
  };
  const L = CONFIG_LIMITS;
  unknown(cfg, TOP_FIELDS, "");

  // hidden layers
  if (!("hidden" in cfg)) add("hidden", `is missing: give the hidden layers, e.g. [{ units: 64, activation: "relu" }] ([] for none).`);
  else if (!Array.isArray(cfg.hidden)) add("hidden", `must be an array of { units, activation }, got ${show(cfg.hidden)}.`);
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
    hidden: cfg.hidden.map((h) => ({ units: h.units, activation: h.activation })),
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
 * The number of trainable parameters of the network a configuration builds (weights and biases,
 * plus γ and β of batch normalisation), computed without building it. The grader checks it
 * against its limit before training.
 */
export function countConfigParams(cfg: HomeworkConfig | ResolvedConfig): number {
  const r = resolveConfig(cfg);
  let inputs = HOMEWORK_INPUTS;
  let total = 0;
  for (const h of r.hidden) {
    total += inputs * h.units + (r.batchNorm ? 2 * h.units : h.units); // with batch norm, β replaces the bias
    inputs = h.units;
  }
  return total + inputs * HOMEWORK_OUTPUTS + HOMEWORK_OUTPUTS;
}

/** "784-16-10 (sigmoid)" style description of the architecture. */
export function describeArchitecture(cfg: HomeworkConfig | ResolvedConfig): string {
  const sizes = [HOMEWORK_INPUTS, ...cfg.hidden.map((h) => h.units), HOMEWORK_OUTPUTS].join("-");
  const acts = [...new Set(cfg.hidden.map((h) => h.activation))];
  return acts.length === 0 ? `${sizes} (no hidden layer)` : `${sizes} (${acts.join(", ")})`;
}
