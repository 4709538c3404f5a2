/**
 * Hyper-parameter search (lecture 001: "tune the hyper-parameters on the validation set"): train
 * one model per setting, judge each by the best value of a validation metric, and list the runs
 * from best to worst. The test set is never involved.
 *
 * - `gridSearch(space, build, x, y, options)`: every combination of the listed values;
 * - `randomSearch(space, n, build, x, y, options)`: `n` settings drawn at random (seeded) — lists
 *   are sampled uniformly, ranges `{ min, max, log? , integer? }` uniformly or log-uniformly (use
 *   `log: true` for learning rates and penalties, which matter by orders of magnitude). With a few
 *   important and many unimportant settings, random search tries more distinct values of each
 *   (Bergstra & Bengio 2012).
 *
 * ```ts
 * const result = gridSearch({ learningRate: [1e-3, 1e-2], units: [32, 64] },
 *   (p) => { const m = new Sequential([new Dense(p.units as number, { inputDim: 784, activation: "relu" }), new Dense(10)]);
 *            m.compile({ optimizer: new Adam({ learningRate: p.learningRate as number }), loss: …, metrics: ["accuracy"] }); return m; },
 *   x, y, { epochs: 10, validationSplit: 0.2, monitor: "val_accuracy" });
 * showTable(result.toFrame());   // settings, best val_accuracy, its epoch, seconds — best first
 * ```
 */
import { Callback, monitorDirection, MonitorMode } from "./callbacks";
import { MatrixInput } from "../core/matrix";
import { Sequential, TargetInput } from "./model";
import { Random } from "../core/random";
import { danfo, DataFrame } from "../data/tables";
import { describeGot } from "../core/errors";

/** A hyper-parameter's value. */
export type HyperValue = number | string | boolean;

/** One setting: a value per hyper-parameter name, e.g. `{ learningRate: 0.01, units: 64 }`. */
export type HyperParams = Record<string, HyperValue>;

/** A continuous range for `randomSearch`: uniform in [min, max], log-uniform with `log`, rounded with `integer`. */
export interface HyperRange {
  min: number;
  max: number;
  /** Draw log-uniformly (equal chance for every order of magnitude); needs min > 0. */
  log?: boolean;
  /** Round to a whole number. */
  integer?: boolean;
}

/** Options of `gridSearch` and `randomSearch`. */
export interface SearchOptions {
  /** Epochs per run (default 10). */
  epochs?: number;
  /** Mini-batch size (default 32). */
  batchSize?: number;
  /** Fraction held out for validation, the last rows as in `fit` (default 0.2); ignored with `validationData`. */
  validationSplit?: number;
  /** `[xVal, yVal]` to validate on instead. */
  validationData?: [MatrixInput, TargetInput];
  /** The logged quantity to judge by (default `"val_loss"`). */
  monitor?: string;
  /** `"min"`, `"max"` or `"auto"` (from the name; default). */
  mode?: MonitorMode;
  /** Seed of `fit`'s shuffling for every run (default 0); `randomSearch` also draws its settings from it. */
  seed?: number;
  /** Fresh callbacks for each run, e.g. `() => [new EarlyStopping({ patience: 3 })]`. */
  callbacks?: () => Callback[];
}

/** One trained setting. */
export interface TuningRun {
  /** 1 for the best run. */
  rank: number;
  /** The setting. */
  params: HyperParams;
  /** The best value of the monitored quantity over the epochs. */
  best: number;
  /** The epoch (counted from 1) where it was reached. */
  bestEpoch: number;
  /** Epochs trained (fewer than asked if a callback stopped early). */
  epochs: number;
  /** Wall-clock seconds of the training. */
  seconds: number;
  /** The run's logs per epoch (`history.history` of `fit`). */
  history: Record<string, number[]>;
}

/** What the searches return. */
export interface SearchResult {
  /** The monitored quantity, e.g. `"val_accuracy"`. */
  monitor: string;
  /** Whether lower or higher is better. */
  direction: "min" | "max";
  /** All runs, best first. */
  runs: TuningRun[];
  /** `runs[0]`. */
  best: TuningRun;
  /** The runs as a table: rank, one column per hyper-parameter, best value, its epoch, seconds — best first. */
  toFrame(): DataFrame;
}

/** Every combination of the listed values, in order (the last name varies fastest). */
export function gridSettings(space: Record<string, readonly HyperValue[]>): HyperParams[] {
  checkSpace(space, "gridSearch", false);
  let settings: HyperParams[] = [{}];
  for (const [name, values] of Object.entries(space)) {
    const list = values as readonly HyperValue[];
    settings = settings.flatMap((s) => list.map((v) => ({ ...s, [name]: v })));
  }
  return settings;
}

/** `n` settings drawn from `space` with `new Random(seed)`. */
export function randomSettings(space: Record<string, readonly HyperValue[] | HyperRange>, n: number, seed = 0): HyperParams[] {
  checkSpace(space, "randomSearch", true);
  if (!Number.isInteger(n) || n < 1) throw new Error(`randomSearch: n (the number of runs) must be a positive integer, got ${describeGot(n)}.`);
  const rng = new Random(seed);
  return Array.from({ length: n }, () => {
    const s: HyperParams = {};
    for (const [name, spec] of Object.entries(space)) {
      if (Array.isArray(spec)) {
        s[name] = (spec as HyperValue[])[rng.int(spec.length)];
      } else {
        const r = spec as HyperRange;
        let v = r.log ? Math.exp(rng.uniform(Math.log(r.min), Math.log(r.max))) : rng.uniform(r.min, r.max);
        if (r.integer) v = Math.round(v);
        s[name] = v;
      }
    }
    return s;
  });
}

function checkSpace(space: Record<string, unknown>, who: string, rangesAllowed: boolean): void {
  if (space === null || typeof space !== "object" || Object.keys(space).length === 0) {
    throw new Error(`${who}: the search space must be an object of hyper-parameters, e.g. { learningRate: [0.001, 0.01], units: [32, 64] }.`);
  }
  for (const [name, spec] of Object.entries(space)) {
    if (Array.isArray(spec)) {
      if (spec.length === 0) throw new Error(`${who}: "${name}" has no values to try.`);
      continue;
    }
    const r = spec as HyperRange | null;
    if (rangesAllowed && r !== null && typeof r === "object" && typeof r.min === "number" && typeof r.max === "number") {
      if (!(r.max > r.min)) throw new Error(`${who}: "${name}" needs min < max, got ${describeGot(r.min)} and ${describeGot(r.max)}.`);
      if (r.log && !(r.min > 0)) throw new Error(`${who}: "${name}" is log-uniform, so min must be > 0, got ${describeGot(r.min)}.`);
      continue;
    }
    throw new Error(
      `${who}: "${name}" must be a list of values` + (rangesAllowed ? ` or a range { min, max, log?, integer? }` : ``) + `, got ${JSON.stringify(spec)}.`,
    );
  }
}

/** Trains one model per setting and ranks the runs. */
function search(
  who: string,
  settings: HyperParams[],
  build: (params: HyperParams, run: number) => Sequential,
  x: MatrixInput,
  y: TargetInput,
  options: SearchOptions,
): SearchResult {
  if (typeof build !== "function") throw new Error(`${who}: build must be a function (params, run) => compiled Sequential.`);
  const { epochs = 10, batchSize = 32, validationSplit = 0.2, validationData, monitor = "val_loss", mode = "auto", seed = 0, callbacks } = options;
  const direction = monitorDirection(monitor, mode, who);
  const better = (a: number, b: number) => (direction === "min" ? a < b : a > b);
  const runs: TuningRun[] = settings.map((params, k) => {
    const model = build(params, k);
    if (!(model instanceof Sequential)) throw new Error(`${who}: build(${JSON.stringify(params)}) must return a compiled Sequential, got ${describeGot(model)}.`);
    const t0 = Date.now();
    const history = model.fit(x, y, {
      epochs,
      batchSize,
      seed,
      ...(validationData !== undefined ? { validationData } : { validationSplit }),
      callbacks: callbacks ? callbacks() : [],
    });
    const seconds = (Date.now() - t0) / 1000;
    const values = history.history[monitor];
    if (values === undefined) {
      throw new Error(`${who}: "${monitor}" was not logged; logged: ${Object.keys(history.history).join(", ")}. Hint: add the metric to compile, and validation data.`);
    }
    let bestK = 0;
    values.forEach((v, e) => {
      if (better(v, values[bestK])) bestK = e;
    });
    return { rank: 0, params, best: values[bestK], bestEpoch: bestK + 1, epochs: values.length, seconds, history: history.history };
  });
  runs.sort((a, b) => (direction === "min" ? a.best - b.best : b.best - a.best));
  runs.forEach((r, k) => (r.rank = k + 1));
  const names = Object.keys(settings[0] ?? {});
  return {
    monitor,
    direction,
    runs,
    best: runs[0],
    toFrame(): DataFrame {
      const rows = runs.map((r) => [r.rank, ...names.map((n) => (typeof r.params[n] === "boolean" ? String(r.params[n]) : r.params[n])), r.best, r.bestEpoch, r.seconds]);
      return new (danfo().DataFrame)(rows, { columns: ["rank", ...names, `best ${monitor}`, "epoch", "seconds"] });
    },
  };
}

/**
 * Every combination of the values in `space` (see the module comment). `build(params, run)` must
 * return a NEW compiled model for each setting.
 */
export function gridSearch(
  space: Record<string, readonly HyperValue[]>,
  build: (params: HyperParams, run: number) => Sequential,
  x: MatrixInput,
  y: TargetInput,
  options: SearchOptions = {},
): SearchResult {
  return search("gridSearch", gridSettings(space), build, x, y, options);
}

/**
 * `n` random settings from `space` (lists sampled uniformly, ranges as `HyperRange`), drawn with
 * `options.seed` (default 0): the same seed gives the same settings.
 */
export function randomSearch(
  space: Record<string, readonly HyperValue[] | HyperRange>,
  n: number,
  build: (params: HyperParams, run: number) => Sequential,
  x: MatrixInput,
  y: TargetInput,
  options: SearchOptions = {},
): SearchResult {
  return search("randomSearch", randomSettings(space, n, options.seed ?? 0), build, x, y, options);
}

