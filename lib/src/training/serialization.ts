/**
 * Saving and loading models as JSON: the architecture (every layer's config), the weights, and
 * the compile settings (loss, metrics, optimizer and, if the optimizer offers it, its state).
 *
 * ```ts
 * saveModel(model, "models/digits.json");          // atomic: a crash never leaves half a file
 * const again = loadModel("models/digits.json");   // same predictions, bit for bit
 * const json = modelToJSON(model);                 // the same object, in memory
 * const copy = modelFromJSON(json);
 * ```
 *
 * The file (`formatVersion` 1):
 *
 * ```json
 * {
 *   "format": "nnlib-model",
 *   "formatVersion": 1,
 *   "library": { "name": "nnlib", "version": "0.1.0" },
 *   "config": { "className": "Sequential", "name": "sequential", "seed": 1, "layers": [ { "className": "Dense", … } ] },
 *   "weights": [ { "layer": "dense", "params": [ { "name": "W", "shape": [64, 784], "data": [ …row by row… ] }, { "name": "b", … } ] } ],
 *   "compile": { "loss": { "name": "categorical_crossentropy", "fromLogits": true }, "metrics": ["accuracy"],
 *                "optimizer": { "config": { "name": "sgd", "learningRate": 0.1 }, "iterations": 2190 } }
 * }
 * ```
 *
 * `weights[i]` belongs to `config.layers[i]`; `data` holds the `shape[0] × shape[1]` numbers of a
 * matrix row by row, written with enough digits to read back the identical float64. `compile` is
 * `null` for a model that was never compiled (or saved with `{ compile: false }`).
 *
 * Every piece is saved by its config (core/registry.ts): layers, activations with their
 * constants (`{ name: "leaky_relu", alpha: 0.1 }`), initializers, regularizers, the loss and the
 * optimizer. A custom piece without a registered config is an error at save time that names it.
 */
import { describeField as describe } from "../core/errors";
import { JsonValue, Layer, LayerConfig, Param } from "../layers/layer";
import { layerFromConfig } from "../layers";
import { Config, configOf } from "../core/registry";
import { Loss, LOSSES } from "../functions/losses";
import { Matrix, shapeOf } from "../core/matrix";
import { getMetric, Metric, MetricName } from "../functions/metrics";
import { Sequential } from "./model";
import { Optimizer, OptimizerConfig, OPTIMIZERS } from "./optimizers";
import { platform } from "../platform";

/** The format tag of a saved model. */
export const MODEL_FORMAT = "nnlib-model";
/** The version of the file layout this library writes and reads. */
export const MODEL_FORMAT_VERSION = 1;

/** One weight matrix in the file. */
export interface WeightJSON {
  /** The parameter's short name, e.g. `"W"` or `"b"`. */
  name: string;
  /** [rows, columns]. */
  shape: [number, number];
  /** rows × columns numbers, row by row. */
  data: number[];
}

/** The loss as saved: `loss.getConfig()`, e.g. `{ name: "categorical_crossentropy", fromLogits: true }`. */
export type LossJSON = Config;

/** The compile settings as saved. */
export interface CompileJSON {
  loss: LossJSON;
  metrics: string[];
  optimizer: {
    /** `optimizer.getConfig()`, e.g. `{ name: "sgd", learningRate: 0.1 }`. */
    config: OptimizerConfig;
    /** Steps taken so far (`optimizer.iterations`), for information. */
    iterations: number;
    /** `optimizer.getState(params)` when the optimizer has it (momentum, Adam's m and v, …). */
    state?: JsonValue;
  };
}

/** A whole saved model: what `modelToJSON(model)` returns and `saveModel` writes. */
export interface ModelJSON {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  library: { name: string; version: string };
  config: { className: "Sequential"; name: string; seed: number; layers: LayerConfig[] };
  weights: { layer: string; params: WeightJSON[] }[];
  compile: CompileJSON | null;
}

/** Options of saving (`modelToJSON`, `saveModel`). */
export interface SaveOptions {
  /** Include loss, metrics and optimizer (default true). `false` saves only architecture and weights. */
  compile?: boolean;
}

/** Options of loading (`modelFromJSON`, `loadModel`). */
export interface LoadOptions {
  /** Compile the loaded model with the saved settings (default true). `false` ignores them (Keras: `compile=False`). */
  compile?: boolean;
}

// ─── Model → JSON ──────────────────────────────────────────────────────────────────────────────

/**
 * The model as a JSON object (see the module comment for the layout). Checks that every weight is
 * finite and that the model rebuilt from the result computes exactly the same outputs.
 */
export function modelToJSON(model: Sequential, options: SaveOptions = {}): ModelJSON {
  const who = `${model.name}.toJSON`;
  if (!model.built) {
    throw new Error(`${who}: the model is not built yet, so it has no weights to save. Hint: give the first layer { inputDim }, or fit/predict once first.`);
  }
  const config = model.getConfig();
  const layers = model.layers;
  const weights = layers.map((layer, i) => ({
    layer: layer.name,
    params: layer.params().map((p) => weightToJSON(p, `${who}: ${layerLabel(i, layer.name)}`)),
  }));
  const json: ModelJSON = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    library: { name: "nnlib", version: libraryVersion() },
    config: { className: "Sequential", name: config.name, seed: config.seed, layers: config.layers },
    weights,
    compile: options.compile === false ? null : compileToJSON(model, who),
  };
  checkLoadable(json, who);
  return json;
}

function layerLabel(i: number, name: unknown): string {
  return typeof name === "string" ? `layer ${i + 1} (${name})` : `layer ${i + 1}`;
}

/** The part of a Param's name after the layer name: "dense_1/W" → "W". */
function shortName(p: Param): string {
  const k = p.name.lastIndexOf("/");
  return k < 0 ? p.name : p.name.slice(k + 1);
}

function weightToJSON(p: Param, where: string): WeightJSON {
  const bad = p.value.findNonFinite();
  if (bad) {
    throw new Error(
      `${where}: ${shortName(p)}[${bad.i}][${bad.j}] is ${bad.value}; a model with non-finite weights cannot be saved ` +
        `(JSON has no NaN or Infinity). Hint: training has diverged — retrain with a smaller learning rate.`,
    );
  }
  return { name: shortName(p), shape: [p.value.rows, p.value.cols], data: Array.from(p.value.data) };
}

function compileToJSON(model: Sequential, who: string): CompileJSON | null {
  const { loss, optimizer } = model;
  if (loss === undefined || optimizer === undefined) return null;
  const hint = ` Hint: save without the training settings, saveModel(model, path, { compile: false }), and compile again after loading.`;
  let lossJson: Config;
  try {
    lossJson = configOf(loss, "loss", LOSSES);
  } catch (e) {
    throw new Error(`${who}: ${messageOf(e)}`);
  }
  const metrics = model.metrics.map((m) => {
    let builtIn: Metric | undefined;
    try {
      builtIn = getMetric(m.name as MetricName);
    } catch {
      builtIn = undefined;
    }
    if (builtIn !== m) throw new Error(`${who}: the metric ${JSON.stringify(m.name)} is a custom object and cannot be saved by name.${hint}`);
    return m.name;
  });
  const optConfig = optimizer.getConfig();
  try {
    optimizerFromConfig(optConfig);
  } catch (e) {
    throw new Error(`${who}: the optimizer cannot be saved: ${messageOf(e)}${hint}`);
  }
  const out: CompileJSON = { loss: lossJson, metrics, optimizer: { config: optConfig, iterations: optimizer.iterations } };
  if (typeof optimizer.getState === "function") {
    const state: unknown = optimizer.getState(model.params());
    if (state !== undefined) out.optimizer.state = checkJson(state, "optimizer state", `${who}: `, hint);
  }
  return out;
}

/** Checks that `v` is plain JSON (finite numbers, no class instances) and returns it typed. */
function checkJson(v: unknown, at: string, prefix: string, hint: string): JsonValue {
  const fail = (what: string): never => {
    throw new Error(`${prefix}${at} is ${what}, which JSON cannot hold.${hint}`);
  };
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : fail(String(v));
  if (Array.isArray(v)) return v.map((x, k) => checkJson(x, `${at}[${k}]`, prefix, hint));
  if (typeof v === "object") {
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) fail(`a ${(v as object).constructor?.name ?? "class instance"} (not a plain object)`);
    const out: { [key: string]: JsonValue } = {};
    for (const [k, x] of Object.entries(v)) out[k] = checkJson(x, `${at}.${k}`, prefix, hint);
    return out;
  }
  return fail(typeof v);
}

/**
 * A new optimizer from its config (the `OPTIMIZERS` registry, as Keras' `from_config`). Checks
 * that the new optimizer reports the same config (otherwise a setting would be lost).
 */
function optimizerFromConfig(config: OptimizerConfig): Optimizer {
  const opt = OPTIMIZERS.fromConfig(config);
  const got = opt.getConfig();
  if (JSON.stringify(sortKeys(got)) !== JSON.stringify(sortKeys(config))) {
    throw new Error(
      `the optimizer config ${JSON.stringify(config)} rebuilds as ${JSON.stringify(got)}; ` +
        `its constructor must accept every field of getConfig() as an option.`,
    );
  }
  return opt;
}

function sortKeys(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    const out: { [key: string]: JsonValue } = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
    return out;
  }
  return v;
}

/**
 * Rebuilds the model from `json` (configs only): a layer that is not registered, or whose config
 * its factory cannot read, is an error at save time, not at load time.
 */
function checkLoadable(json: ModelJSON, who: string): void {
  try {
    modelFromJSON(json, { compile: false });
  } catch (e) {
    throw new Error(`${who}: the model cannot be saved — it could not be loaded back: ${messageOf(e).replace(/^modelFromJSON: /, "")}`);
  }
}

// ─── JSON → model ──────────────────────────────────────────────────────────────────────────────

/**
 * A new model from `modelToJSON(model)` output, a parsed model file, or its JSON text. Every problem
 * is an error that says where: `"model.json: layer 2 (dense_1): W has shape 64×128, expected 64×12"`.
 *
 * @param json the object (or text) to read
 * @param options `compile` (default true): compile with the saved loss, metrics and optimizer
 * @param source the name used in error messages (`loadModel` passes the file name)
 */
export function modelFromJSON(json: unknown, options: LoadOptions = {}, source = "modelFromJSON"): Sequential {
  const at = (where: string) => (where === "" ? `${source}: ` : `${source}: ${where}: `);
  if (typeof json === "string") json = parseJsonText(json, source);
  const root = expectObject(json, "the model", at(""));
  const format = root.format;
  if (format !== MODEL_FORMAT) {
    throw new Error(
      `${at("")}not an nnlib model: the format tag is ${format === undefined ? "missing" : JSON.stringify(format)}, expected "${MODEL_FORMAT}". ` +
        `Hint: load files written by saveModel.`,
    );
  }
  const version = root.formatVersion;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    throw new Error(`${at("")}field "formatVersion" must be a positive integer, got ${describe(version)}.`);
  }
  if (version > MODEL_FORMAT_VERSION) {
    throw new Error(
      `${at("")}the file has format version ${version}, written by a newer nnlib (${describeLibrary(root.library)}); ` +
        `this nnlib (${libraryVersion()}) reads version ${MODEL_FORMAT_VERSION}. Hint: update the course (git pull, npm install).`,
    );
  }
  const config = expectObject(root.config, `field "config"`, at(""));
  if (config.className !== "Sequential") {
    throw new Error(`${at("config")}className must be "Sequential", got ${describe(config.className)}.`);
  }
  const name = config.name;
  if (typeof name !== "string" || name === "") throw new Error(`${at("config")}field "name" must be a non-empty string, got ${describe(name)}.`);
  const seed = config.seed;
  if (typeof seed !== "number" || !Number.isInteger(seed)) throw new Error(`${at("config")}field "seed" must be an integer, got ${describe(seed)}.`);
  const layerConfigs = config.layers;
  if (!Array.isArray(layerConfigs) || layerConfigs.length === 0) {
    throw new Error(`${at("config")}field "layers" must be a non-empty array of layer configs, got ${describe(layerConfigs)}.`);
  }
  const weights = root.weights;
  if (!Array.isArray(weights) || weights.length !== layerConfigs.length) {
    throw new Error(
      `${at("")}field "weights" must be an array with one entry per layer (${layerConfigs.length}), got ` +
        `${Array.isArray(weights) ? `${weights.length} entries` : describe(weights)}. Hint: the file is incomplete or was edited by hand.`,
    );
  }

  const layers: Layer[] = layerConfigs.map((c: unknown, i) => {
    const label = layerLabel(i, (c as { name?: unknown } | null)?.name);
    try {
      return layerFromConfig(c as LayerConfig);
    } catch (e) {
      throw new Error(`${at(label)}${messageOf(e)}`);
    }
  });
  let model: Sequential;
  try {
    model = new Sequential(layers, { seed, name });
  } catch (e) {
    throw new Error(`${at("config")}${messageOf(e)}`);
  }
  if (!model.built) {
    throw new Error(`${at(layerLabel(0, layers[0].name))}the first layer has no "inputDim", so the model cannot be built. Hint: the file is incomplete.`);
  }

  layers.forEach((layer, i) => {
    const where = at(layerLabel(i, layer.name));
    const entry = expectObject(weights[i], `weights[${i}]`, where);
    const params = layer.params();
    const saved = entry.params;
    if (!Array.isArray(saved) || saved.length !== params.length) {
      throw new Error(
        `${where}expected ${params.length} weight matrices (${params.map(shortName).join(", ") || "none"}), got ` +
          `${Array.isArray(saved) ? saved.length : describe(saved)}.`,
      );
    }
    const matrices = params.map((p, k) => weightFromJSON(saved[k], p, where));
    layer.setWeights(matrices);
  });

  const compile = root.compile;
  if (compile !== null && compile !== undefined && options.compile !== false) compileFromJSON(model, compile, at("compile"));
  else if (compile === undefined) throw new Error(`${at("")}field "compile" is missing (it is null for a model saved without training settings).`);
  return model;
}

function weightFromJSON(w: unknown, p: Param, where: string): Matrix {
  const expectedName = shortName(p);
  const obj = expectObject(w, `weight ${expectedName}`, where);
  if (obj.name !== expectedName) {
    throw new Error(`${where}expected the weight "${expectedName}" here, got ${describe(obj.name)}. Hint: the weights are out of order or belong to another layer.`);
  }
  const shape = obj.shape;
  const want = `${p.value.rows}×${p.value.cols}`;
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((s) => Number.isInteger(s) && (s as number) >= 0)) {
    throw new Error(`${where}${expectedName} has shape ${JSON.stringify(shape)}, expected [rows, columns] = [${p.value.rows}, ${p.value.cols}].`);
  }
  const [rows, cols] = shape as [number, number];
  if (rows !== p.value.rows || cols !== p.value.cols) {
    throw new Error(
      `${where}${expectedName} has shape ${rows}×${cols}, expected ${want}` +
        (rows === p.value.cols && cols === p.value.rows ? ` (it looks transposed; W is units × inputs).` : ` (from the layer's config).`),
    );
  }
  const data = obj.data;
  if (!Array.isArray(data) || data.length !== rows * cols) {
    throw new Error(
      `${where}${expectedName} should hold ${rows}×${cols} = ${rows * cols} numbers, got ` +
        `${Array.isArray(data) ? data.length : describe(data)}. Hint: the file is truncated or was edited by hand.`,
    );
  }
  const m = new Matrix(rows, cols);
  for (let k = 0; k < data.length; k++) {
    const v: unknown = data[k];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(
        `${where}${expectedName}[${Math.floor(k / cols)}][${k % cols}] is ${JSON.stringify(v)}, not a finite number` +
          (v === null ? ` (NaN or Infinity written by another program?).` : `.`),
      );
    }
    m.data[k] = v;
  }
  return m;
}

function compileFromJSON(model: Sequential, compile: unknown, where: string): void {
  const c = expectObject(compile, `field "compile"`, where);
  const lossObj = expectObject(c.loss, `field "loss"`, where);
  if (typeof lossObj.name !== "string") throw new Error(`${where}loss.name must be a string, got ${describe(lossObj.name)}.`);
  if (lossObj.fromLogits !== undefined && typeof lossObj.fromLogits !== "boolean") {
    throw new Error(`${where}loss.fromLogits must be true or false, got ${describe(lossObj.fromLogits)}.`);
  }
  const metricsRaw = c.metrics;
  if (!Array.isArray(metricsRaw) || !metricsRaw.every((m) => typeof m === "string")) {
    throw new Error(`${where}field "metrics" must be an array of metric names, got ${describe(metricsRaw)}.`);
  }
  const opt = expectObject(c.optimizer, `field "optimizer"`, where);
  const optConfig = expectObject(opt.config, `optimizer.config`, where);
  if (typeof optConfig.name !== "string") throw new Error(`${where}optimizer.config.name must be a string, got ${describe(optConfig.name)}.`);
  const hint = ` Hint: load without the training settings, loadModel(path, { compile: false }), and compile yourself.`;
  let loss: Loss, optimizer: Optimizer;
  try {
    loss = LOSSES.fromConfig(lossObj as Config);
    optimizer = optimizerFromConfig(optConfig as OptimizerConfig);
  } catch (e) {
    throw new Error(`${where}${messageOf(e)}${hint}`);
  }
  try {
    model.compile({ optimizer, loss, metrics: metricsRaw as MetricName[] });
  } catch (e) {
    throw new Error(`${where}${messageOf(e)}${hint}`);
  }
  if (opt.state !== undefined) {
    if (typeof optimizer.setState !== "function") {
      throw new Error(`${where}the file holds an optimizer state, but this ${optConfig.name} optimizer cannot restore one (no setState).${hint}`);
    }
    try {
      optimizer.setState(model.params(), opt.state as JsonValue);
    } catch (e) {
      throw new Error(`${where}optimizer state: ${messageOf(e)}${hint}`);
    }
  }
}

// ─── Files ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Writes the model to a JSON file (architecture, weights, compile settings). Atomic: the text is
 * written to a temporary file in the same folder, flushed to disk, then renamed over `file`, so a
 * crash or an error leaves either the old file or the new one — never half a file. Missing folders
 * are created. Returns the absolute path written.
 *
 * @param model a built model
 * @param file e.g. `"models/digits.json"`
 * @param options `compile: false` to leave out loss, metrics and optimizer
 */
export function saveModel(model: Sequential, file: string, options: SaveOptions = {}): string {
  if (!(model instanceof Sequential)) throw new Error(`saveModel: expected a Sequential model, got ${describe(model)}.`);
  if (typeof file !== "string" || file === "") throw new Error(`saveModel: expected a file path such as "models/digits.json", got ${describe(file)}.`);
  const files = platform().files;
  const target = files.resolve(file);
  const text = formatJson(modelToJSON(model, options)) + "\n"; // every check happens before the disk is touched
  try {
    files.writeTextAtomic(target, text);
  } catch (e) {
    throw new Error(`saveModel: could not write ${target} (${messageOf(e)}); an existing file there is unchanged.`);
  }
  return target;
}

/**
 * Reads a model written by `saveModel`: a new `Sequential` with the saved layers and weights,
 * compiled with the saved loss, metrics and optimizer (unless `{ compile: false }`).
 * Its predictions equal the saved model's bit for bit.
 */
export function loadModel(file: string, options: LoadOptions = {}): Sequential {
  if (typeof file !== "string" || file === "") throw new Error(`loadModel: expected a file path such as "models/digits.json", got ${describe(file)}.`);
  const files = platform().files;
  const target = files.resolve(file);
  const name = files.basename(target);
  if (!files.exists(target)) {
    throw new Error(`loadModel: no file at ${target}. Hint: check the path; saveModel(model, "${file}") writes one.`);
  }
  const text = files.readText(target);
  return modelFromJSON(parseJsonText(text, name), options, name);
}

function parseJsonText(text: string, source: string): unknown {
  if (text.trim() === "") throw new Error(`${source}: the file is empty; expected a model saved with saveModel.`);
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = messageOf(e);
    const truncated = /end of JSON input|Unterminated/i.test(msg) || unclosedBrackets(text);
    throw new Error(
      `${source}: not valid JSON (${msg})` +
        (truncated
          ? ` — the text stops before the JSON is complete (${text.length} characters): the file is truncated, e.g. by an interrupted copy.`
          : ` — the file is corrupt or is not a saved model.`) +
        ` Hint: save the model again with saveModel.`,
    );
  }
}

/** True when the text ends inside an object or array (brackets outside strings left open): a cut-off file. */
function unclosedBrackets(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let k = 0; k < text.length; k++) {
    const ch = text[k];
    if (inString) {
      if (ch === "\\") k++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") depth--;
  }
  return depth > 0 || inString;
}

// ─── helpers ───────────────────────────────────────────────────────────────────────────────────

/** nnlib's version from `lib/package.json` (`"unknown"` if it cannot be read). */
export function libraryVersion(): string {
  return platform().libraryVersion();
}

function describeLibrary(lib: unknown): string {
  const v = (lib as { version?: unknown } | null)?.version;
  return typeof v === "string" ? `version ${v}` : "unknown version";
}

function expectObject(v: unknown, what: string, where: string): Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new Error(`${where}${what} must be an object, got ${describe(v)}.` + (v === undefined ? ` Hint: the file is incomplete.` : ""));
  }
  return v as Record<string, unknown>;
}


function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** JSON with 2-space indentation, but arrays of numbers/strings on one line (weights stay compact). */
export function formatJson(value: JsonValue | ModelJSON, indent = ""): string {
  const v = value as JsonValue;
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  const inner = indent + "  ";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    if (v.every((x) => x === null || typeof x !== "object")) return `[${v.map((x) => JSON.stringify(x)).join(",")}]`;
    return `[\n${v.map((x) => inner + formatJson(x, inner)).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(v).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${formatJson(x, inner)}`).join(",\n")}\n${indent}}`;
}
