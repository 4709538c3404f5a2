/**
 * The training loop of `Sequential.fit`, apart from the model (as cs231n's `Solver`, d2l's
 * `Trainer`): lecture 001's mini-batch gradient descent —
 *
 *   for each epoch:
 *     shuffle the training rows (seeded)
 *     for each batch of batchSize rows:  forward → loss → backward → optimizer step
 *     the epoch's loss (and metrics) = the batch values' mean, weighted by batch size
 *     val_loss (and val_ metrics) on the validation data, in inference mode
 *
 * with the callbacks around it and divergence caught as `TrainingDivergedError` (a NaN or ±Infinity)
 * or, when the loss blew up but stayed finite, reported by a warning (`divergence.ts`). The model only
 * has to offer forward/backward/params/regularizationLoss and its metrics; `Sequential.fit` checks
 * the data and options and calls `fitLoop`.
 */
import { NonFiniteError } from "../core/errors";
import { Matrix, shapeOf } from "../core/matrix";
import { Random } from "../core/random";
import type { Loss } from "../functions/losses";
import type { Callback, Logs, TrainBeginInfo } from "./callbacks";
import type { Sequential } from "./model";
import type { Optimizer } from "./optimizers";
import { detectDivergence, DIVERGENCE_CHECK_ROWS, DivergenceReport } from "./divergence";

/** The compile settings the loop needs. */
export interface Compiled {
  optimizer: Optimizer;
  loss: Loss;
}

/** Where a step is, for the divergence message. */
export interface StepPosition {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  history: History;
}

/** `fit`'s options after checking (every default filled in). */
export interface LoopOptions {
  epochs: number;
  batchSize: number;
  shuffle: boolean;
  seed: number;
  verbose: number;
  callbacks: Callback[];
  augment?: (x: Matrix) => Matrix;
  /** Print a divergence without NaN on stderr (it is in `history.divergence` either way). */
  warn: boolean;
}

/** Keras-style record of a `fit`: `history.history.loss[e]` is the loss of epoch `e`. */
export class History {
  /** Per logged quantity (`loss`, `val_loss`, `accuracy`, …) one number per finished epoch. */
  readonly history: Record<string, number[]> = {};
  /** The finished epochs' indices, counting from 0: `[0, 1, 2, …]`. */
  readonly epoch: number[] = [];
  /** The settings of the run. */
  readonly params: { epochs: number; batchSize: number; samples: number; validationSamples: number };
  /**
   * Set when training diverged without a NaN (the loss blew up but stayed finite; see
   * `divergence.ts`): the numbers behind `fit`'s warning, and the warning.
   */
  divergence?: DivergenceReport;

  constructor(params: { epochs: number; batchSize: number; samples: number; validationSamples: number }) {
    this.params = params;
  }

  /** Records the logs of one finished epoch. */
  append(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }
}

/**
 * Thrown by `fit` when the loss (or a weight) becomes NaN or ±Infinity: training stops at once
 * instead of carrying on with meaningless numbers.
 */
export class TrainingDivergedError extends Error {
  /** The epoch in which it happened, counting from 0 (like `history.epoch`; the message counts from 1). */
  readonly epoch: number;
  /** The batch within that epoch, counting from 0. */
  readonly batch: number;
  /** The loss of that batch (NaN or ±Infinity; finite when a weight blew up first). */
  readonly loss: number;
  /** The learning rate at the time. */
  readonly learningRate: number;
  /** The epochs finished before it happened. */
  readonly history: History;

  constructor(info: {
    epoch: number;
    epochs: number;
    batch: number;
    batches: number;
    loss: number;
    what: string;
    learningRate: number;
    history: History;
    cause?: unknown;
  }) {
    const lr = info.learningRate;
    super(
      `Training diverged: ${info.what} in epoch ${info.epoch + 1}/${info.epochs}, batch ${info.batch + 1}/${info.batches} ` +
        `(learning rate ${lr}). The gradient steps overshoot and the weights blow up. Try: ` +
        `a smaller learning rate (e.g. ${lr / 10}); normalise the inputs (subtract each feature's mean, divide by its ` +
        `standard deviation); check x and y for NaN, Infinity or huge values; later in the course: gradient clipping. ` +
        `error.history holds the ${info.history.epoch.length} epoch(s) finished before this.`,
    );
    this.name = "TrainingDivergedError";
    this.epoch = info.epoch;
    this.batch = info.batch;
    this.loss = info.loss;
    this.learningRate = lr;
    this.history = info.history;
    if (info.cause !== undefined) (this as { cause?: unknown }).cause = info.cause;
  }
}

/** The optimizers whose training `fit` has already warned about (see `fitLoop`). */
const warned = new WeakSet<Optimizer>();

/** A number for the verbose lines and the summary: 4 decimals, or scientific when tiny/huge. */
function fmtNum(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? v.toFixed(4) : v.toExponential(3);
}

/**
 * One step on one checked batch (Keras: `train_on_batch`): forward, loss, backward, one optimizer
 * step. Returns the batch's loss and metrics, computed BEFORE the step. A NaN or ±Infinity in the
 * loss, inside a layer (`NonFiniteError`) or in a weight after the update is `TrainingDivergedError`.
 */
export function trainStep(model: Sequential, compiled: Compiled, X: Matrix, Y: Matrix, where: StepPosition): Logs {
  const { optimizer, loss } = compiled;
  const diverged = (what: string, lossValue: number, cause?: unknown) =>
    new TrainingDivergedError({ ...where, loss: lossValue, what, learningRate: optimizer.learningRate, history: where.history, cause });
  let P: Matrix, L: number;
  try {
    P = model.forward(X, true);
    L = loss.forward(P, Y) + model.regularizationLoss(); // Keras: the weight penalties are part of the loss
    if (!Number.isFinite(L)) throw diverged(`the loss became ${L}`, L);
    model.backward(loss.backward(P, Y), false); // ∂E/∂x of the data is not needed
  } catch (e) {
    // An overflow inside a layer (e.g. softmax refusing Infinity) is divergence too, not a bug in the data:
    // the data were checked to be finite before training.
    if (e instanceof NonFiniteError) throw diverged(`a value inside the network became non-finite (${e.message.split(".")[0]})`, NaN, e);
    throw e;
  }
  const params = model.params();
  optimizer.step(params);
  for (const p of params) {
    const bad = p.value.findNonFinite();
    if (bad) throw diverged(`weight ${p.name}[${bad.i}][${bad.j}] became ${bad.value} after the update (batch loss ${L})`, L);
  }
  const logs: Logs = { loss: L };
  for (const m of model.metrics) logs[m.name] = m.compute(P, Y);
  return logs;
}


/** The batch after the `augment` option (checked to keep its shape). */
function augmentBatch(X: Matrix, augment: ((x: Matrix) => Matrix) | undefined): Matrix {
  if (augment === undefined) return X;
  const A = augment(X);
  if (!(A instanceof Matrix) || A.rows !== X.rows || A.cols !== X.cols) {
    throw new Error(`fit: augment must return a matrix of the batch's shape ${shapeOf(X)}, got ${A instanceof Matrix ? shapeOf(A) : typeof A}.`);
  }
  return A;
}


/**
 * Trains `model` on (X, Y) for `o.epochs` epochs (see the module comment); `validation` is
 * evaluated after every epoch. Returns the `History`.
 */
export function fitLoop(model: Sequential, compiled: Compiled, X: Matrix, Y: Matrix, validation: [Matrix, Matrix] | undefined, o: LoopOptions): History {
  const { optimizer, loss } = compiled;
  const n = X.rows;
  const batches = Math.ceil(n / o.batchSize);
  const names = ["loss", ...model.metrics.map((m) => m.name)];
  const history = new History({ epochs: o.epochs, batchSize: o.batchSize, samples: n, validationSamples: validation ? validation[0].rows : 0 });
  // Learning-rate callbacks (LearningRateScheduler, ReduceLROnPlateau) ask for `lr` in the epoch logs.
  const logLr = o.callbacks.some((cb) => cb.logsLearningRate === true);
  const info: TrainBeginInfo = {
    epochs: o.epochs,
    samples: n,
    batchesPerEpoch: batches,
    metrics: [...names, ...(validation ? names.map((k) => `val_${k}`) : []), ...(logLr ? ["lr"] : [])],
    batchSize: o.batchSize,
    validationSamples: validation ? validation[0].rows : 0,
  };
  const rng = new Random(o.seed);
  const cbs = o.callbacks;
  for (const cb of cbs) cb.setModel?.(model); // Keras: set_model, so callbacks can reach the optimizer and weights
  for (const cb of cbs) cb.onTrainBegin?.(info);

  // The loss before training, on the first rows (inference mode: no dropout, no batch statistics,
  // no random numbers drawn), for the divergence check at the end.
  const probeX = n > DIVERGENCE_CHECK_ROWS ? X.sliceRows(0, DIVERGENCE_CHECK_ROWS) : X;
  const probeY = n > DIVERGENCE_CHECK_ROWS ? Y.sliceRows(0, DIVERGENCE_CHECK_ROWS) : Y;
  const probeLoss = (): number => {
    try {
      return loss.forward(model.forward(probeX, false), probeY) + model.regularizationLoss();
    } catch {
      return NaN; // the training step will say what is wrong
    }
  };
  const lossBefore = probeLoss();

  let logs: Logs = {};
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      for (const cb of cbs) cb.onEpochBegin?.(epoch);
      const order = o.shuffle ? rng.permutation(n) : Array.from({ length: n }, (_, i) => i);
      const sums: Record<string, number> = Object.fromEntries(names.map((k) => [k, 0]));
      for (let b = 0; b < batches; b++) {
        const idx = order.slice(b * o.batchSize, Math.min(n, (b + 1) * o.batchSize));
        const batchLogs = trainStep(model, compiled, augmentBatch(X.selectRows(idx), o.augment), Y.selectRows(idx), { epoch, epochs: o.epochs, batch: b, batches, history });
        for (const k of names) sums[k] += batchLogs[k] * idx.length;
        for (const cb of cbs) cb.onBatchEnd?.(b, batchLogs);
      }
      logs = {};
      for (const k of names) logs[k] = sums[k] / n;
      if (validation !== undefined) {
        const [Xval, Yval] = validation;
        const P = model.forward(Xval, false);
        const valLoss = loss.forward(P, Yval) + model.regularizationLoss();
        if (!Number.isFinite(valLoss)) {
          throw new TrainingDivergedError({
            epoch, epochs: o.epochs, batch: batches - 1, batches, loss: valLoss, what: `the validation loss became ${valLoss}`,
            learningRate: optimizer.learningRate, history,
          });
        }
        logs.val_loss = valLoss;
        for (const m of model.metrics) logs[`val_${m.name}`] = m.compute(P, Yval);
      }
      if (logLr) logs.lr = optimizer.learningRate; // the learning rate used in this epoch
      history.append(epoch, logs);
      if (o.verbose === 1) {
        console.log([`epoch ${epoch + 1}/${o.epochs}`, ...Object.entries(logs).map(([k, v]) => `${k} ${fmtNum(v)}`)].join(" · "));
      }
      let stop = false;
      for (const cb of cbs) if (cb.onEpochEnd?.(epoch, logs) === true) stop = true;
      if (stop) break;
    }
  } catch (e) {
    // Let callbacks (e.g. a live plot) finish with the epochs that did complete.
    if (e instanceof TrainingDivergedError) for (const cb of cbs) cb.onTrainEnd?.(logs);
    throw e;
  }
  const divergence = detectDivergence({
    lossBefore,
    epochLosses: history.history.loss ?? [],
    learningRate: optimizer.learningRate,
    // the collapse check is for classifiers (one column per class): the categorical cross-entropies
    predictions: loss.name.includes("categorical")
      ? () => {
          try {
            return { P: model.forward(probeX, false), Y: probeY };
          } catch {
            return undefined;
          }
        }
      : undefined,
  });
  if (divergence !== undefined) {
    history.divergence = divergence;
    // Once per optimizer: a loop of one-epoch fits warns once; compile with a new optimizer and it may warn again.
    if (o.warn && !warned.has(optimizer)) {
      warned.add(optimizer);
      console.warn(divergence.message);
    }
  }
  for (const cb of cbs) cb.onTrainEnd?.(logs);
  return history;
}
