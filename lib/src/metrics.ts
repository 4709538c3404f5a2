/**
 * Metrics: numbers that tell how good the predictions are, logged by `fit` and `evaluate` next
 * to the loss but not trained on. Keras names: `"accuracy"`, `"mae"`, `"mse"`.
 *
 * ```ts
 * model.compile({ optimizer: "sgd", loss: "binary_crossentropy", metrics: ["accuracy"] });
 * accuracy(Matrix.from([[0.9], [0.2]]), Matrix.from([[1], [1]]));   // 0.5
 * ```
 */
import { Matrix, shapeOf } from "./matrix";

/** A metric: a name (the key in the logs) and how to compute it for a batch. */
export interface Metric {
  /** Key in `Logs` and `history.history`, e.g. `"accuracy"` (validation: `"val_accuracy"`). */
  readonly name: string;
  /** The metric's value for predictions `yPred` and targets `yTrue` (one sample per row). */
  compute(yPred: Matrix, yTrue: Matrix): number;
}

/** Names accepted by `getMetric`. */
export type MetricName = "accuracy" | "mae" | "mse";

/**
 * The fraction of samples classified correctly, in [0, 1]. How a prediction is read depends on
 * the shapes (as Keras picks binary/categorical/sparse accuracy):
 *
 * - one output column (n × 1) and 0/1 labels (n × 1): predicted class = 1 when ŷ > 0.5;
 * - k > 1 columns and one-hot labels (n × k): predicted class = argmax of the row, true class =
 *   argmax of the one-hot row;
 * - k > 1 columns and integer labels (n × 1, values 0…k−1): argmax against the label ("sparse").
 */
export function accuracy(yPred: Matrix, yTrue: Matrix): number {
  if (yPred.rows !== yTrue.rows) {
    throw new Error(`accuracy: yPred has ${yPred.rows} rows but yTrue has ${yTrue.rows}; one row per sample in both.`);
  }
  const n = yPred.rows;
  if (n === 0) return NaN;
  let correct = 0;
  if (yPred.cols === 1 && yTrue.cols === 1) {
    for (let i = 0; i < n; i++) {
      const label = yTrue.data[i];
      if (label !== 0 && label !== 1) {
        throw new Error(
          `accuracy: with one output column the labels must be 0 or 1, got ${label} in row ${i}. ` +
            `Hint: for regression use the "mae" or "mse" metric instead of "accuracy".`,
        );
      }
      if ((yPred.data[i] > 0.5 ? 1 : 0) === label) correct++;
    }
    return correct / n;
  }
  const predicted = yPred.argmaxRows();
  if (yTrue.cols === yPred.cols) {
    const truth = yTrue.argmaxRows();
    for (let i = 0; i < n; i++) if (predicted[i] === truth[i]) correct++;
    return correct / n;
  }
  if (yTrue.cols === 1) {
    for (let i = 0; i < n; i++) {
      const label = yTrue.data[i];
      if (!Number.isInteger(label) || label < 0 || label >= yPred.cols) {
        throw new Error(
          `accuracy: integer labels must be 0…${yPred.cols - 1} for ${yPred.cols} output columns, got ${label} in row ${i}.`,
        );
      }
      if (predicted[i] === label) correct++;
    }
    return correct / n;
  }
  throw new Error(
    `accuracy: cannot compare predictions ${shapeOf(yPred)} with targets ${shapeOf(yTrue)}. ` +
      `Hint: targets are either one-hot (n × ${yPred.cols}) or integer labels (n × 1).`,
  );
}

function checkSame(what: string, yPred: Matrix, yTrue: Matrix): void {
  if (yPred.rows !== yTrue.rows || yPred.cols !== yTrue.cols) {
    throw new Error(`${what}: yPred is ${shapeOf(yPred)} but yTrue is ${shapeOf(yTrue)}; they must have the same shape.`);
  }
}

/** MAE = (1/(n·k)) Σᵢⱼ |ŷᵢⱼ − yᵢⱼ|, the mean absolute error over all entries. */
export function meanAbsoluteError(yPred: Matrix, yTrue: Matrix): number {
  checkSame("meanAbsoluteError", yPred, yTrue);
  let s = 0;
  for (let k = 0; k < yPred.data.length; k++) s += Math.abs(yPred.data[k] - yTrue.data[k]);
  return s / yPred.data.length;
}

/** MSE = (1/(n·k)) Σᵢⱼ (ŷᵢⱼ − yᵢⱼ)², the mean squared error over all entries. */
export function meanSquaredError(yPred: Matrix, yTrue: Matrix): number {
  checkSame("meanSquaredError", yPred, yTrue);
  let s = 0;
  for (let k = 0; k < yPred.data.length; k++) s += (yPred.data[k] - yTrue.data[k]) ** 2;
  return s / yPred.data.length;
}

const METRICS: Record<MetricName, Metric> = {
  accuracy: { name: "accuracy", compute: accuracy },
  mae: { name: "mae", compute: meanAbsoluteError },
  mse: { name: "mse", compute: meanSquaredError },
};

const ALIASES: Record<string, MetricName> = {
  acc: "accuracy",
  mean_absolute_error: "mae",
  mean_squared_error: "mse",
};

/** Every name `getMetric` accepts (besides the Keras aliases `acc`, `mean_absolute_error`, `mean_squared_error`). */
export const METRIC_NAMES: readonly MetricName[] = Object.freeze(Object.keys(METRICS) as MetricName[]);

/**
 * The metric with this Keras name, or the given `Metric` itself.
 * Unknown names throw an error that lists the known ones.
 */
export function getMetric(metric: MetricName | Metric): Metric {
  if (typeof metric === "object" && metric !== null) {
    if (typeof metric.compute !== "function" || typeof metric.name !== "string") {
      throw new Error(`getMetric: a metric object needs a name and a compute(yPred, yTrue) method.`);
    }
    return metric;
  }
  const key = String(metric).toLowerCase();
  const name = Object.prototype.hasOwnProperty.call(METRICS, key) ? (key as MetricName) : ALIASES[key];
  if (name === undefined) {
    throw new Error(`getMetric: unknown metric ${JSON.stringify(metric)}. Known names: ${METRIC_NAMES.join(", ")}.`);
  }
  return METRICS[name];
}
