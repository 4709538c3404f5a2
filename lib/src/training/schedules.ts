/**
 * Learning-rate schedules (lecture 001, "Annealing"): lower η as training goes on.
 *
 * - `stepDecay`: every n epochs multiply η by λ < 1 ("каждые n эпох умножать на λ < 1");
 * - `exponentialDecay`: η = η₀·e^(−α·t), t the epoch;
 * - `ReduceLROnPlateau`: multiply η by a factor when the validation loss stops improving
 *   ("уменьшать при выходе на плато").
 *
 * A schedule is a plain function `(epoch, lr) => newLr` (Keras' `LearningRateScheduler` form;
 * epochs count from 0). The `LearningRateScheduler` callback applies one at the start of every
 * epoch to the model's optimizer. Both callbacks make `fit` log the learning rate of every epoch
 * as `lr`, so `history.history.lr` and the live plot show it.
 *
 * ```ts
 * const schedule = stepDecay({ initialLearningRate: 0.1, every: 10, factor: 0.5 });
 * model.fit(x, y, { epochs: 50, callbacks: [new LearningRateScheduler(schedule)] });
 * model.fit(x, y, { epochs: 200, validationSplit: 0.2, callbacks: [new ReduceLROnPlateau({ patience: 5 })] });
 * ```
 */
import { checkMonitored, Logs, ModelCallback, monitorDirection, MonitorMode, TrainBeginInfo } from "./callbacks";
import { Optimizer } from "./optimizers";
import { describeGot } from "../core/errors";

/** A learning-rate schedule: the learning rate for `epoch` (from 0), given the current one `lr`. */
export type Schedule = (epoch: number, lr: number) => number;

function checkPositive(value: number, option: string, who: string, hint: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new Error(`${who}: ${option} must be a finite number > 0, got ${describeGot(value)}. Hint: ${hint}`);
  }
}

function checkEpoch(epoch: number, who: string): void {
  if (!Number.isInteger(epoch) || epoch < 0) throw new Error(`${who}: the epoch must be an integer ≥ 0 (counting from 0), got ${describeGot(epoch)}.`);
}

/** Options of `stepDecay`. */
export interface StepDecayOptions {
  /** η₀, the learning rate of epochs 0 … n − 1. */
  initialLearningRate: number;
  /** n: the learning rate drops every n epochs (a positive integer). */
  every: number;
  /** λ in (0, 1): the factor of each drop. */
  factor: number;
}

/**
 * Step decay: η(t) = η₀·λ^⌊t/n⌋ — the learning rate is multiplied by λ every n epochs.
 *
 * `stepDecay({ initialLearningRate: 0.1, every: 10, factor: 0.5 })` gives 0.1 for epochs 0–9,
 * 0.05 for 10–19, 0.025 for 20–29, …
 */
export function stepDecay(options: StepDecayOptions): (epoch: number) => number {
  const who = "stepDecay";
  if (options === null || typeof options !== "object") throw new Error(`${who}: expected { initialLearningRate, every, factor }, e.g. { initialLearningRate: 0.1, every: 10, factor: 0.5 }.`);
  const { initialLearningRate, every, factor } = options;
  checkPositive(initialLearningRate, "initialLearningRate", who, "the learning rate of the first epochs, e.g. 0.1.");
  if (!Number.isInteger(every) || every < 1) throw new Error(`${who}: every must be a positive integer (epochs between drops), got ${describeGot(every)}. Hint: e.g. 10.`);
  if (typeof factor !== "number" || !(factor > 0 && factor < 1)) {
    throw new Error(`${who}: factor must be a number in (0, 1) (λ < 1 makes the learning rate smaller), got ${describeGot(factor)}. Hint: e.g. 0.5 halves it.`);
  }
  return (epoch: number) => {
    checkEpoch(epoch, who);
    return initialLearningRate * Math.pow(factor, Math.floor(epoch / every));
  };
}

/** Options of `exponentialDecay`. */
export interface ExponentialDecayOptions {
  /** η₀, the learning rate of epoch 0. */
  initialLearningRate: number;
  /** α ≥ 0, the decay rate per epoch (0 keeps η constant). */
  alpha: number;
}

/**
 * Exponential decay (lecture 001): η(t) = η₀·e^(−α·t), t the epoch (from 0).
 *
 * (Keras' `ExponentialDecay` schedule is η₀·rate^(step/decaySteps) per optimizer STEP; with
 * rate = e^(−α) and decaySteps = batches per epoch it is the same curve, without the staircase.)
 */
export function exponentialDecay(options: ExponentialDecayOptions): (epoch: number) => number {
  const who = "exponentialDecay";
  if (options === null || typeof options !== "object") throw new Error(`${who}: expected { initialLearningRate, alpha }, e.g. { initialLearningRate: 0.1, alpha: 0.05 }.`);
  const { initialLearningRate, alpha } = options;
  checkPositive(initialLearningRate, "initialLearningRate", who, "the learning rate of epoch 0, e.g. 0.1.");
  if (typeof alpha !== "number" || !Number.isFinite(alpha) || alpha < 0) {
    throw new Error(`${who}: alpha must be a finite number ≥ 0, got ${describeGot(alpha)}. Hint: α = 0.05 shrinks η by e^(−0.05) ≈ 5 % per epoch; α = ln 2 / 10 halves it every 10 epochs.`);
  }
  return (epoch: number) => {
    checkEpoch(epoch, who);
    return initialLearningRate * Math.exp(-alpha * epoch);
  };
}

/** The compiled optimizer of the callback's model, or a clear error. */
function modelOptimizer(cb: ModelCallback, who: string): Optimizer {
  const model = cb.model;
  if (model === undefined) {
    throw new Error(`${who}: no model — pass the callback to model.fit(x, y, { callbacks: [...] }), which calls setModel(model) first.`);
  }
  const opt = model.optimizer;
  if (opt === undefined) throw new Error(`${who}: the model has no optimizer. Hint: call model.compile({ optimizer, loss }) before fit.`);
  return opt;
}

/** Options of `LearningRateScheduler`. */
export interface LearningRateSchedulerOptions {
  /** 1: print the learning rate whenever it changes; default 0. */
  verbose?: 0 | 1;
}

/**
 * Sets the optimizer's learning rate at the start of every epoch to `schedule(epoch, lr)`
 * (Keras' `LearningRateScheduler`); `fit` logs it as `lr`.
 *
 * ```ts
 * new LearningRateScheduler(exponentialDecay({ initialLearningRate: 0.1, alpha: 0.05 }));
 * new LearningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * 0.9));
 * ```
 */
export class LearningRateScheduler extends ModelCallback {
  /** Makes `fit` log the learning rate as `lr`. */
  readonly logsLearningRate = true;
  readonly schedule: Schedule;
  readonly verbose: 0 | 1;

  /** @param schedule `(epoch, lr) => newLr`, e.g. `stepDecay({...})`; `options.verbose` (0). */
  constructor(schedule: Schedule, options: LearningRateSchedulerOptions = {}) {
    super();
    if (typeof schedule !== "function") {
      throw new Error(`LearningRateScheduler: schedule must be a function (epoch, lr) => newLr, got ${describeGot(schedule)}. Hint: stepDecay({ initialLearningRate: 0.1, every: 10, factor: 0.5 }).`);
    }
    const verbose = options.verbose ?? 0;
    if (verbose !== 0 && verbose !== 1) throw new Error(`LearningRateScheduler: verbose must be 0 or 1, got ${describeGot(verbose)}.`);
    this.schedule = schedule;
    this.verbose = verbose;
  }

  /** Applies the schedule for this epoch. */
  onEpochBegin(epoch: number): void {
    const opt = modelOptimizer(this, "LearningRateScheduler");
    const old = opt.learningRate;
    const lr = this.schedule(epoch, old);
    if (typeof lr !== "number" || !Number.isFinite(lr) || lr <= 0) {
      throw new Error(
        `LearningRateScheduler: the schedule returned ${String(lr)} for epoch ${epoch} (learning rate before: ${old}); a learning rate must be a finite number > 0. ` +
          `Hint: check the schedule's formula, e.g. a factor ≤ 0 or a division by zero.`,
      );
    }
    opt.learningRate = lr;
    if (this.verbose === 1 && lr !== old) console.log(`Epoch ${epoch + 1}: LearningRateScheduler sets the learning rate to ${lr}.`);
  }
}

/** Options of `ReduceLROnPlateau` (Keras names and defaults). */
export interface ReduceLROnPlateauOptions {
  /** The logged quantity to watch; default `"val_loss"`. */
  monitor?: string;
  /** New η = η·factor, factor in (0, 1); default 0.1. */
  factor?: number;
  /** Epochs without improvement before reducing; default 10. */
  patience?: number;
  /** `"min"`, `"max"` or `"auto"` (default, from the name). */
  mode?: MonitorMode;
  /** Smallest change that counts as an improvement, ≥ 0; default 1e-4. */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again; default 0. */
  cooldown?: number;
  /** The learning rate never goes below this, ≥ 0; default 0. */
  minLr?: number;
  /** 1: print a line at every reduction; default 0. */
  verbose?: 0 | 1;
}

/**
 * Reduces the learning rate when the monitored quantity stops improving (Keras'
 * `ReduceLROnPlateau`, same semantics). At the end of every epoch:
 *
 * - improvement (`current < best − minDelta` for min, `current > best + minDelta` for max):
 *   best ← current, wait ← 0;
 * - otherwise, outside a cooldown, wait ← wait + 1, and when wait reaches `patience`:
 *   η ← max(η·factor, minLr) (if η > minLr), wait ← 0, and a cooldown of `cooldown` epochs starts
 *   during which the wait counter stays at 0.
 *
 * The new η is used from the next epoch on; `fit` logs the learning rate of each epoch as `lr`.
 */
export class ReduceLROnPlateau extends ModelCallback {
  /** Makes `fit` log the learning rate as `lr`. */
  readonly logsLearningRate = true;
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly mode: MonitorMode;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  readonly verbose: 0 | 1;
  /** Epochs without improvement (outside cooldowns). */
  wait = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  /** Best value so far (±Infinity before the first epoch). */
  best: number;
  private readonly direction: "min" | "max";

  /** @param options `monitor` ("val_loss"), `factor` (0.1), `patience` (10), `mode` ("auto"), `minDelta` (1e-4), `cooldown` (0), `minLr` (0), `verbose` (0). */
  constructor(options: ReduceLROnPlateauOptions = {}) {
    super();
    const who = "ReduceLROnPlateau";
    const { monitor = "val_loss", factor = 0.1, patience = 10, mode = "auto", minDelta = 1e-4, cooldown = 0, minLr = 0, verbose = 0 } = options;
    if (typeof monitor !== "string" || monitor === "") throw new Error(`${who}: monitor must be a logged name such as "val_loss", got ${JSON.stringify(monitor)}.`);
    if (typeof factor !== "number" || !(factor > 0 && factor < 1)) {
      throw new Error(`${who}: factor must be a number in (0, 1) (new lr = lr·factor), got ${describeGot(factor)}. Hint: 0.1 (default) or 0.5.`);
    }
    if (!Number.isInteger(patience) || patience < 0) throw new Error(`${who}: patience must be an integer ≥ 0 (epochs), got ${describeGot(patience)}. Hint: e.g. 5 or 10.`);
    if (!Number.isInteger(cooldown) || cooldown < 0) throw new Error(`${who}: cooldown must be an integer ≥ 0 (epochs), got ${describeGot(cooldown)}.`);
    if (typeof minDelta !== "number" || !Number.isFinite(minDelta) || minDelta < 0) throw new Error(`${who}: minDelta must be a finite number ≥ 0, got ${describeGot(minDelta)}. Hint: Keras' default is 1e-4.`);
    if (typeof minLr !== "number" || !Number.isFinite(minLr) || minLr < 0) throw new Error(`${who}: minLr must be a finite number ≥ 0, got ${describeGot(minLr)}. Hint: e.g. 1e-6, or 0 (default) for no floor.`);
    if (verbose !== 0 && verbose !== 1) throw new Error(`${who}: verbose must be 0 or 1, got ${describeGot(verbose)}.`);
    this.direction = monitorDirection(monitor, mode, who);
    this.monitor = monitor;
    this.factor = factor;
    this.patience = patience;
    this.mode = mode;
    this.minDelta = minDelta;
    this.cooldown = cooldown;
    this.minLr = minLr;
    this.verbose = verbose;
    this.best = this.direction === "min" ? Infinity : -Infinity;
  }

  /** Resets the counters; checks that the monitored quantity will be logged. */
  onTrainBegin(info: TrainBeginInfo): void {
    checkMonitored(this.monitor, info.metrics, "ReduceLROnPlateau");
    this.wait = 0;
    this.cooldownCounter = 0;
    this.best = this.direction === "min" ? Infinity : -Infinity;
  }

  /** Updates the counters and reduces the learning rate when patience has run out. */
  onEpochEnd(epoch: number, logs: Logs): void {
    if (!(this.monitor in logs)) checkMonitored(this.monitor, Object.keys(logs), "ReduceLROnPlateau");
    const current = logs[this.monitor];
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.wait = 0;
    }
    const improved = this.direction === "min" ? current < this.best - this.minDelta : current > this.best + this.minDelta;
    if (improved) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownCounter === 0) {
      this.wait++;
      if (this.wait >= this.patience) {
        const opt = modelOptimizer(this, "ReduceLROnPlateau");
        const old = opt.learningRate;
        if (old > this.minLr) {
          const lr = Math.max(old * this.factor, this.minLr);
          opt.learningRate = lr;
          if (this.verbose === 1) console.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reduces the learning rate to ${lr}.`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}
