/**
 * Callbacks: hooks that `Sequential.fit` calls while it trains, Keras-style.
 *
 * A callback is any object with some of these methods. `fit` calls them in this order:
 * `setModel(model)` and `onTrainBegin` once, then for every epoch `onEpochBegin`, `onBatchEnd`
 * after every mini-batch, `onEpochEnd`, and finally `onTrainEnd`.
 *
 * Built in: `EarlyStopping` (here), `LearningRateScheduler` and `ReduceLROnPlateau`
 * (in `schedules.ts`), `LivePlot` (in `plot/`).
 */
import type { Sequential } from "./model";
import type { Matrix } from "../core/matrix";
import { describeGot } from "../core/errors";

/** Numbers logged for one epoch, e.g. `{ loss: 0.12, val_loss: 0.15, accuracy: 0.96 }`. */
export type Logs = Record<string, number>;

/** What `fit` tells callbacks when training starts. */
export interface TrainBeginInfo {
  /** Number of epochs `fit` will run (unless a callback stops it early). */
  epochs: number;
  /** Number of training samples (after the validation split). */
  samples: number;
  /** Mini-batches per epoch. */
  batchesPerEpoch: number;
  /** Names of the logged quantities, e.g. `["loss", "accuracy", "val_loss", "val_accuracy"]`. */
  metrics: string[];
  /** Samples per mini-batch (the last batch of an epoch may be smaller). */
  batchSize?: number;
  /** Number of validation samples (0 without validation). */
  validationSamples?: number;
}

/** Hooks called by `Sequential.fit`; implement only the ones you need. */
export interface Callback {
  /** Called once before the first epoch. */
  onTrainBegin?(info: TrainBeginInfo): void;
  /** `epoch` counts from 0. */
  onEpochBegin?(epoch: number): void;
  /** `batch` counts from 0 within the epoch; `logs` holds at least `loss` of that batch. */
  onBatchEnd?(batch: number, logs: Logs): void;
  /**
   * `epoch` counts from 0; `logs` holds the epoch's training and validation numbers.
   * Return `true` to stop training after this epoch (early stopping).
   */
  onEpochEnd?(epoch: number, logs: Logs): boolean | void;
  /** Called once after the last epoch (also after an early stop), with the last epoch's logs. */
  onTrainEnd?(logs: Logs): void;
  /**
   * Called by `fit` before `onTrainBegin` with the model being trained (Keras: `set_model`), so
   * that a callback can read or change it: its optimizer's learning rate, its weights.
   */
  setModel?(model: Sequential): void;
  /**
   * `true` asks `fit` to log the optimizer's learning rate of every epoch as `lr` (in the epoch
   * logs, `history.history.lr` and `info.metrics`) — set by the learning-rate callbacks.
   */
  readonly logsLearningRate?: boolean;
}

/** Which way a monitored quantity should go: `"min"` (a loss, an error) or `"max"` (an accuracy). */
export type MonitorMode = "auto" | "min" | "max";

/**
 * The direction of `monitor` for `mode`: `"min"` and `"max"` as given; `"auto"` reads the name
 * (without `val_`): accuracies (`acc…`) go up; `loss`, `mae`, `mse`, `lr` and names ending in
 * `loss`, `error` or `crossentropy` go down; any other name is an error asking for `mode`.
 */
export function monitorDirection(monitor: string, mode: MonitorMode, who: string): "min" | "max" {
  if (mode === "min" || mode === "max") return mode;
  if (mode !== "auto") throw new Error(`${who}: mode must be "auto", "min" or "max", got ${JSON.stringify(mode)}.`);
  const base = monitor.startsWith("val_") ? monitor.slice(4) : monitor;
  if (/acc/.test(base)) return "max";
  if (/^(loss|mae|mse|rmse|lr)$|loss$|error$|crossentropy$/.test(base)) return "min";
  throw new Error(
    `${who}: cannot tell whether ${JSON.stringify(monitor)} should go down or up. Hint: pass mode: "min" (a loss or an error) or mode: "max" (a score).`,
  );
}

/**
 * Throws a clear error unless `monitor` is among the logged names, e.g. `EarlyStopping:
 * "val_loss" is not logged — the logs have: loss, accuracy. Hint: pass validationSplit or
 * validationData to fit …`.
 */
export function checkMonitored(monitor: string, logged: readonly string[], who: string): void {
  if (logged.includes(monitor)) return;
  const hint = monitor.startsWith("val_")
    ? `pass validationSplit or validationData to fit to get validation numbers` +
      (logged.includes(monitor.slice(4)) ? `, or monitor "${monitor.slice(4)}" (on the training data).` : `.`)
    : monitor === "lr"
      ? `the learning rate is logged only with a LearningRateScheduler or ReduceLROnPlateau callback.`
      : `monitor one of the logged names, or add the metric to compile({ metrics: [...] }).`;
  throw new Error(`${who}: ${JSON.stringify(monitor)} is not logged — the logs have: ${logged.join(", ") || "(nothing)"}. Hint: ${hint}`);
}

/**
 * Base of the callbacks that need the model (Keras: `keras.callbacks.Callback`): `fit` calls
 * `setModel(model)` before training; `this.model` is then the model being trained.
 */
export abstract class ModelCallback implements Callback {
  /** The model being trained (set by `fit`). */
  model: Sequential | undefined;

  /** Called by `fit` with the model being trained. */
  setModel(model: Sequential): void {
    this.model = model;
  }

  /** The model, or a clear error when the callback is used outside `fit`. */
  protected requireModel(who: string): Sequential {
    if (this.model === undefined) {
      throw new Error(`${who}: no model — pass the callback to model.fit(x, y, { callbacks: [...] }), which calls setModel(model) first.`);
    }
    return this.model;
  }
}

/** Options of `EarlyStopping` (Keras names and defaults). */
export interface EarlyStoppingOptions {
  /** The logged quantity to watch; default `"val_loss"` (needs validation data). */
  monitor?: string;
  /** Smallest change that counts as an improvement, ≥ 0; default 0. */
  minDelta?: number;
  /** Epochs without improvement after which training stops; default 0 (stop at the first epoch without one). */
  patience?: number;
  /** `"min"`, `"max"` or `"auto"` (default: from the name, see `monitorDirection`). */
  mode?: MonitorMode;
  /** At the end, set the weights of the best epoch back into the model; default false. */
  restoreBestWeights?: boolean;
  /** Value the monitored quantity must beat; the patience counter is not reset until it does. Default none. */
  baseline?: number;
  /** Epochs to train before watching at all (warm-up); default 0. */
  startFromEpoch?: number;
  /** 1: print a line when stopping and when restoring weights; default 0. */
  verbose?: 0 | 1;
}

/**
 * Stops training when the monitored quantity has stopped improving (lecture 001: early stopping),
 * with Keras 3's semantics:
 *
 * - an epoch improves when `current + minDelta < best` (mode min; `current − minDelta > best` for
 *   max); the first watched epoch always does. An improvement resets the wait counter (unless
 *   it fails to beat `baseline`);
 * - otherwise the counter grows, and once it reaches `patience` training stops after this epoch
 *   (never after epoch 0);
 * - with `restoreBestWeights`, the model ends training (stopped or not) with the weights it had at
 *   the end of the best epoch.
 *
 * After `fit`: `bestEpoch` and `best` (the best value), `stoppedEpoch` (the epoch after which it
 * stopped, counting from 0; 0 when it did not stop, as in Keras).
 *
 * ```ts
 * const stop = new EarlyStopping({ monitor: "val_loss", patience: 5, restoreBestWeights: true });
 * model.fit(x, y, { epochs: 500, validationSplit: 0.2, callbacks: [stop] });
 * stop.stoppedEpoch; stop.bestEpoch;
 * ```
 */
export class EarlyStopping extends ModelCallback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly mode: MonitorMode;
  readonly restoreBestWeights: boolean;
  readonly baseline: number | undefined;
  readonly startFromEpoch: number;
  readonly verbose: 0 | 1;
  /** Epochs since the last improvement. */
  wait = 0;
  /** The epoch after which training stopped (0 when it ran to the end). */
  stoppedEpoch = 0;
  /** The epoch with the best value (counting from 0). */
  bestEpoch = 0;
  /** The best value so far (undefined before the first watched epoch). */
  best: number | undefined;
  /** Copies of the weights at the end of the best epoch (only with `restoreBestWeights`). */
  bestWeights: Matrix[] | undefined;
  private direction: "min" | "max";

  /** @param options `monitor` ("val_loss"), `minDelta` (0), `patience` (0), `mode` ("auto"), `restoreBestWeights` (false), `baseline` (none), `startFromEpoch` (0), `verbose` (0). */
  constructor(options: EarlyStoppingOptions = {}) {
    super();
    const who = "EarlyStopping";
    const {
      monitor = "val_loss", minDelta = 0, patience = 0, mode = "auto", restoreBestWeights = false, baseline, startFromEpoch = 0, verbose = 0,
    } = options;
    if (typeof monitor !== "string" || monitor === "") throw new Error(`${who}: monitor must be a logged name such as "val_loss", got ${JSON.stringify(monitor)}.`);
    if (typeof minDelta !== "number" || !Number.isFinite(minDelta) || minDelta < 0) {
      throw new Error(`${who}: minDelta must be a finite number ≥ 0, got ${describeGot(minDelta)}. Hint: 0 (default) counts any improvement; e.g. 1e-4 ignores tiny ones.`);
    }
    if (!Number.isInteger(patience) || patience < 0) {
      throw new Error(`${who}: patience must be an integer ≥ 0 (epochs without improvement), got ${describeGot(patience)}. Hint: e.g. 5 or 10.`);
    }
    if (!Number.isInteger(startFromEpoch) || startFromEpoch < 0) throw new Error(`${who}: startFromEpoch must be an integer ≥ 0, got ${describeGot(startFromEpoch)}.`);
    if (baseline !== undefined && (typeof baseline !== "number" || !Number.isFinite(baseline))) {
      throw new Error(`${who}: baseline must be a finite number or left out, got ${describeGot(baseline)}.`);
    }
    if (typeof restoreBestWeights !== "boolean") throw new Error(`${who}: restoreBestWeights must be true or false, got ${describeGot(restoreBestWeights)}.`);
    if (verbose !== 0 && verbose !== 1) throw new Error(`${who}: verbose must be 0 or 1, got ${describeGot(verbose)}.`);
    this.direction = monitorDirection(monitor, mode, who);
    this.monitor = monitor;
    this.minDelta = minDelta;
    this.patience = patience;
    this.mode = mode;
    this.restoreBestWeights = restoreBestWeights;
    this.baseline = baseline;
    this.startFromEpoch = startFromEpoch;
    this.verbose = verbose;
  }

  /** Resets the counters; checks that the monitored quantity will be logged. */
  onTrainBegin(info: TrainBeginInfo): void {
    checkMonitored(this.monitor, info.metrics, "EarlyStopping");
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.bestEpoch = 0;
    this.best = undefined;
    this.bestWeights = undefined;
  }

  /** Compares the epoch's value with the best; returns true (stop) when patience has run out. */
  onEpochEnd(epoch: number, logs: Logs): boolean {
    if (!(this.monitor in logs)) checkMonitored(this.monitor, Object.keys(logs), "EarlyStopping");
    const current = logs[this.monitor];
    if (epoch < this.startFromEpoch) return false;
    if (this.restoreBestWeights && this.bestWeights === undefined) {
      this.bestWeights = this.requireModel("EarlyStopping").getWeights();
      this.bestEpoch = epoch;
    }
    this.wait++;
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = this.requireModel("EarlyStopping").getWeights();
      if (this.baseline === undefined || this.isImprovement(current, this.baseline)) this.wait = 0;
      return false;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      if (this.verbose === 1) console.log(`Epoch ${epoch + 1}: early stopping (${this.monitor} has not improved for ${this.wait} epoch(s)).`);
      return true;
    }
    return false;
  }

  /** With `restoreBestWeights`: sets the best epoch's weights back into the model. */
  onTrainEnd(): void {
    if (this.restoreBestWeights && this.bestWeights !== undefined) {
      if (this.verbose === 1) console.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.requireModel("EarlyStopping").setWeights(this.bestWeights);
    }
  }

  private isImprovement(value: number, reference: number | undefined): boolean {
    if (reference === undefined) return true;
    return this.direction === "min" ? value + this.minDelta < reference : value - this.minDelta > reference;
  }
}
