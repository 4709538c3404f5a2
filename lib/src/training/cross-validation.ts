/**
 * K-fold cross-validation: how well a set-up generalises, measured on the training data alone.
 *
 * The n training samples are cut into k consecutive folds. For each fold a FRESH model is trained
 * on the other k − 1 folds and validated on that fold after every epoch; the k validation curves
 * are then averaged epoch by epoch. With little data (Boston housing: 404 houses, so ~100 per
 * fold) one validation split is noisy; the average of k is a steadier guide for choosing the
 * network size or the number of epochs — without ever looking at the test set.
 *
 * ```ts
 * const cv = crossValidate(() => buildModel(64), x, y, { k: 4, epochs: 150, batchSize: 16 });
 * cv.mean.val_mae;        // the averaged validation MAE per epoch
 * cv.bestEpoch("val_mae"); // the epoch count with the lowest average
 * ```
 */
import { Matrix, MatrixInput, toMatrix } from "../core/matrix";
import { Sequential, TargetInput } from "./model";
import { describeGot } from "../core/errors";

/** Options of `crossValidate`. */
export interface CrossValidateOptions {
  /** Number of folds, a whole number ≥ 2 and ≤ the number of samples (default 4). */
  k?: number;
  /** Epochs to train each fold's model (default 100). */
  epochs?: number;
  /** Mini-batch size (default 32). */
  batchSize?: number;
  /** Seed of the shuffling inside `fit`; fold f uses `seed + f` (default 0). */
  seed?: number;
}

/** What `crossValidate` returns. */
export interface CrossValidation {
  /** Number of folds. */
  k: number;
  /** Every logged quantity per fold, per epoch: `folds[f].val_mae[e]`. */
  folds: Record<string, number[]>[];
  /** The average over the folds, per epoch: `mean.val_mae[e]`. */
  mean: Record<string, number[]>;
  /**
   * The number of epochs (counted from 1) at which the averaged `metric` is lowest, after a
   * centred moving average over `smooth` epochs (default 1: no smoothing) to ignore jitter.
   */
  bestEpoch(metric: string, smooth?: number): number;
}

/**
 * Trains `build()` k times, each time holding out one fold for validation (see the module doc).
 * `build` must return a NEW compiled model every call, e.g. with a seed per fold.
 */
export function crossValidate(
  build: (fold: number) => Sequential,
  x: MatrixInput,
  y: TargetInput,
  options: CrossValidateOptions = {},
): CrossValidation {
  const X = toMatrix(x, "crossValidate: x");
  const Y = Array.isArray(y) && !Array.isArray(y[0]) ? Matrix.columnVector(y as number[]) : toMatrix(y as MatrixInput, "crossValidate: y");
  const { k = 4, epochs = 100, batchSize = 32, seed = 0 } = options;
  if (X.rows !== Y.rows) {
    throw new Error(`crossValidate: x has ${X.rows} samples but y has ${Y.rows}. Hint: one row per sample in both.`);
  }
  if (!Number.isInteger(k) || k < 2 || k > X.rows) {
    throw new Error(`crossValidate: k must be a whole number from 2 to ${X.rows} (the number of samples), got ${describeGot(k)}.`);
  }
  const foldSize = Math.floor(X.rows / k);
  const folds: Record<string, number[]>[] = [];
  for (let f = 0; f < k; f++) {
    // Fold f validates on rows [f·size, (f+1)·size); the last fold also takes the remainder.
    const start = f * foldSize;
    const end = f === k - 1 ? X.rows : start + foldSize;
    const trainRows: number[] = [];
    const valRows: number[] = [];
    for (let i = 0; i < X.rows; i++) (i >= start && i < end ? valRows : trainRows).push(i);
    const model = build(f);
    if (!(model instanceof Sequential)) {
      throw new Error(`crossValidate: build(${f}) must return a compiled Sequential model, got ${describeGot(model)}.`);
    }
    const history = model.fit(X.selectRows(trainRows), Y.selectRows(trainRows), {
      epochs,
      batchSize,
      seed: seed + f,
      validationData: [X.selectRows(valRows), Y.selectRows(valRows)],
    });
    folds.push(history.history);
  }
  const mean: Record<string, number[]> = {};
  for (const name of Object.keys(folds[0])) {
    const length = Math.min(...folds.map((h) => h[name].length));
    mean[name] = Array.from({ length }, (_, e) => folds.reduce((s, h) => s + h[name][e], 0) / k);
  }
  return {
    k,
    folds,
    mean,
    bestEpoch(metric: string, smooth = 1): number {
      const curve = mean[metric];
      if (curve === undefined) {
        throw new Error(`crossValidate: "${metric}" was not logged; the logs have: ${Object.keys(mean).join(", ")}.`);
      }
      const half = Math.floor((smooth - 1) / 2);
      const smoothed = curve.map((_, e) => {
        const window = curve.slice(Math.max(0, e - half), e - half + smooth);
        return window.reduce((s, v) => s + v, 0) / window.length;
      });
      return smoothed.indexOf(Math.min(...smoothed)) + 1;
    },
  };
}
