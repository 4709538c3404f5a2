/**
 * Metrics: numbers that tell how good the predictions are, logged by `fit` and `evaluate` next
 * to the loss but not trained on. Keras names: `"accuracy"`, `"mae"`, `"mse"`.
 *
 * ```ts
 * model.compile({ optimizer: "sgd", loss: "binary_crossentropy", metrics: ["accuracy"] });
 * accuracy(Matrix.from([[0.9], [0.2]]), Matrix.from([[1], [1]]));   // 0.5
 * ```
 */
import { Matrix, shapeOf } from "../core/matrix";

/** A metric: a name (the key in the logs) and how to compute it for a batch. */
export interface Metric {
  /** Key in `Logs` and `history.history`, e.g. `"accuracy"` (validation: `"val_accuracy"`). */
  readonly name: string;
  /** The metric's value for predictions `yPred` and targets `yTrue` (one sample per row). */
  compute(yPred: Matrix, yTrue: Matrix): number;
}

/** Names accepted by `getMetric`. */
export type MetricName = keyof typeof METRICS;

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

const METRICS = {
  accuracy: { name: "accuracy", compute: accuracy },
  mae: { name: "mae", compute: meanAbsoluteError },
  mse: { name: "mse", compute: meanSquaredError },
} satisfies Record<string, Metric>;

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

// ─── Confusion matrix ──────────────────────────────────────────────────────────────────────────

/**
 * Predicted or true classes in any of the forms `accuracy` reads, as integers:
 * - n × k with k > 1 (probabilities, logits or one-hot rows): the argmax of each row;
 * - n × 1 or a plain array of integers 0…k−1: the labels themselves;
 * - n × 1 of fractions in [0, 1] (one sigmoid output): class 1 when > 0.5, else class 0.
 */
function toClasses(y: Matrix | readonly number[], what: string): { classes: number[]; width: number } {
  if (Array.isArray(y)) y = Matrix.columnVector(y);
  if (!(y instanceof Matrix)) {
    throw new Error(`confusionMatrix: ${what} must be a Matrix or an array of class labels, got ${typeof y}.`);
  }
  const bad = y.findNonFinite();
  if (bad) throw new Error(`confusionMatrix: ${what}[${bad.i}][${bad.j}] is ${bad.value}. Hint: the predictions are not finite; has training diverged?`);
  if (y.cols > 1) return { classes: y.argmaxRows(), width: y.cols };
  const values = Array.from(y.data);
  if (values.every((v) => Number.isInteger(v))) {
    values.forEach((v, i) => {
      if (v < 0) throw new Error(`confusionMatrix: ${what} holds the label ${v} in row ${i}; class labels are integers 0, 1, 2, …`);
    });
    return { classes: values, width: 0 };
  }
  values.forEach((v, i) => {
    if (v < 0 || v > 1) {
      throw new Error(
        `confusionMatrix: ${what} has one column with ${v} in row ${i}: neither an integer class label nor a probability in [0, 1]. ` +
          `Hint: pass k columns of scores (one per class) or integer labels.`,
      );
    }
  });
  return { classes: values.map((v) => (v > 0.5 ? 1 : 0)), width: 2 };
}

/**
 * The confusion matrix: entry [t][p] counts the samples of TRUE class t that were PREDICTED as
 * class p (rows = true class, columns = predicted class, as in scikit-learn). The diagonal holds
 * the correct predictions; `sum of the diagonal / n` is the accuracy.
 *
 * Reads predictions and targets as `accuracy` does: n × k scores (probabilities, logits or one-hot
 * rows; the argmax is the class), n × 1 integer labels or a plain array of labels, or n × 1
 * sigmoid outputs (> 0.5 is class 1).
 *
 * ```ts
 * const cm = confusionMatrix(model.predict(test.x), test.y);       // 10 × 10
 * show(heatmap({ z: cm, xLabel: "predicted", yLabel: "true" }));
 * confusionMatrix([0, 1, 1], [0, 1, 0]);                           // [[1, 1], [0, 1]]
 * ```
 *
 * @param yPred the predictions, one sample per row
 * @param yTrue the targets, one sample per row
 * @param numClasses k, the size of the matrix; default: the number of columns of `yPred`/`yTrue`,
 *   or, for labels only, the largest label + 1 (pass it when the last class may be missing)
 */
export function confusionMatrix(yPred: Matrix | readonly number[], yTrue: Matrix | readonly number[], numClasses?: number): Matrix {
  const pred = toClasses(yPred, "yPred");
  const truth = toClasses(yTrue, "yTrue");
  const n = pred.classes.length;
  if (truth.classes.length !== n) {
    throw new Error(`confusionMatrix: yPred has ${n} samples but yTrue has ${truth.classes.length}; one row (or label) per sample in both.`);
  }
  if (pred.width > 0 && truth.width > 0 && pred.width !== truth.width) {
    throw new Error(
      `confusionMatrix: yPred has ${pred.width} classes (columns) but yTrue has ${truth.width}. ` +
        `Hint: one-hot targets need one column per class, like the predictions.`,
    );
  }
  const maxLabel = Math.max(-1, ...pred.classes, ...truth.classes);
  let k: number;
  if (numClasses !== undefined) {
    if (!Number.isInteger(numClasses) || numClasses < 1) {
      throw new Error(`confusionMatrix: numClasses must be a positive integer, got ${numClasses}. Hint: 10 for the digits.`);
    }
    k = numClasses;
  } else {
    k = Math.max(pred.width, truth.width, maxLabel + 1, 1);
  }
  if (maxLabel >= k) {
    throw new Error(
      `confusionMatrix: found class ${maxLabel}, but there are only ${k} classes (0…${k - 1}). ` +
        `Hint: pass numClasses ≥ ${maxLabel + 1}, or check the labels.`,
    );
  }
  const cm = Matrix.zeros(k, k);
  for (let i = 0; i < n; i++) cm.data[truth.classes[i] * k + pred.classes[i]] += 1;
  return cm;
}

/**
 * The accuracy within each true class — the fraction of its samples predicted correctly, also
 * called the recall of the class: entry t = cm[t][t] / (sum of row t). A class with no samples
 * has no accuracy: its entry is NaN (so it stays visible as a gap in a bar chart, not a fake 0).
 *
 * ```ts
 * perClassAccuracy(confusionMatrix(model.predict(test.x), test.y));   // [0.98, 0.99, 0.91, …]
 * ```
 *
 * @param cm a square confusion matrix from `confusionMatrix` (rows = true class)
 */
export function perClassAccuracy(cm: Matrix): number[] {
  if (!(cm instanceof Matrix) || cm.rows !== cm.cols) {
    throw new Error(
      `perClassAccuracy: expected a square confusion matrix (k × k), got ${cm instanceof Matrix ? shapeOf(cm) : typeof cm}. ` +
        `Hint: perClassAccuracy(confusionMatrix(yPred, yTrue)).`,
    );
  }
  const k = cm.rows;
  const out: number[] = [];
  for (let t = 0; t < k; t++) {
    let total = 0;
    for (let p = 0; p < k; p++) {
      const v = cm.data[t * k + p];
      if (!(v >= 0) || !Number.isFinite(v)) {
        throw new Error(`perClassAccuracy: cm[${t}][${p}] is ${v}; a confusion matrix holds counts ≥ 0.`);
      }
      total += v;
    }
    out.push(total === 0 ? NaN : cm.data[t * k + t] / total);
  }
  return out;
}
