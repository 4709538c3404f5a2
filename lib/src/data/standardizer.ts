/**
 * Standardising features: z = (x − mean) / std per column, with the mean and std of the
 * TRAINING set applied unchanged to the test set (and to anything predicted later).
 *
 * The std is the POPULATION standard deviation (divide by n, numpy's `x.std(axis=0)` with its
 * default ddof = 0), as in Keras' Boston housing example and scikit-learn's `StandardScaler`.
 *
 * ```ts
 * const scaler = new Standardizer().fit(train.x);
 * const xTrain = scaler.transform(train.x);   // columns: mean 0, std 1
 * const xTest = scaler.transform(test.x);     // the TRAINING mean and std
 * ```
 */
import { Matrix, shapeOf } from "../core/matrix";
import { t } from "../core/i18n";

/** Options of `Standardizer`. */
export interface StandardizerOptions {
  /** Column names, used in error messages (e.g. a loader's `featureNames`). */
  names?: readonly string[];
  /**
   * What to do with a column whose training values are all equal (std 0), where dividing would
   * give NaN: `"error"` (default) throws, naming the column; `"unitScale"` only centres it
   * (divides by 1, as scikit-learn's StandardScaler does).
   */
  onZeroStd?: "error" | "unitScale";
}

/** The fitted statistics, e.g. to save with a model. */
export interface StandardizerState {
  mean: number[];
  std: number[];
}

/**
 * Learns each column's mean and (population) std with `fit`, then standardises with
 * `transform` and undoes it with `inverseTransform`. Fit it on the training set only.
 */
export class Standardizer {
  private stats: { mean: Float64Array; std: Float64Array } | undefined;
  private readonly names: readonly string[] | undefined;
  private readonly onZeroStd: "error" | "unitScale";

  constructor(options: StandardizerOptions = {}) {
    const onZeroStd = options.onZeroStd ?? "error";
    if (onZeroStd !== "error" && onZeroStd !== "unitScale") {
      throw new Error(t`Standardizer: onZeroStd must be "error" or "unitScale", got ${JSON.stringify(onZeroStd)}.`);
    }
    this.names = options.names;
    this.onZeroStd = onZeroStd;
  }

  /** A fitted standardizer from saved statistics (one mean and one std > 0 per column). */
  static fromState(state: StandardizerState, options: StandardizerOptions = {}): Standardizer {
    const { mean, std } = state;
    if (!Array.isArray(mean) || !Array.isArray(std) || mean.length !== std.length || mean.length === 0) {
      throw new Error(
        t`Standardizer.fromState: expected { mean, std } as two arrays of the same length ≥ 1, got lengths ${mean?.length} and ${std?.length}.`,
      );
    }
    std.forEach((s, j) => {
      if (!(s > 0) || !Number.isFinite(s) || !Number.isFinite(mean[j])) {
        throw new Error(t`Standardizer.fromState: column ${j} has mean ${mean[j]} and std ${s}; expected a finite mean and a finite std > 0.`);
      }
    });
    const scaler = new Standardizer(options);
    scaler.stats = { mean: Float64Array.from(mean), std: Float64Array.from(std) };
    return scaler;
  }

  /** Whether `fit` (or `fromState`) has run. */
  get fitted(): boolean {
    return this.stats !== undefined;
  }

  /** The training mean of each column (after `fit`). */
  get mean(): number[] {
    return Array.from(this.fittedStats("mean").mean);
  }

  /** The training population std of each column, as used to divide (after `fit`). */
  get std(): number[] {
    return Array.from(this.fittedStats("std").std);
  }

  /** The statistics as plain arrays (`Standardizer.fromState` reads them back). */
  getState(): StandardizerState {
    return { mean: this.mean, std: this.std };
  }

  /**
   * Learns the mean and population std of each column of `x` (n × features, n ≥ 1). Returns
   * `this`, so `new Standardizer().fit(xTrain)` gives a ready standardizer.
   */
  fit(x: Matrix): this {
    this.checkMatrix(x, "fit", false);
    if (x.rows === 0) throw new Error(t`Standardizer.fit: x is ${shapeOf(x)}; expected at least one row.`);
    const { rows, cols, data } = x;
    const mean = new Float64Array(cols);
    const std = new Float64Array(cols);
    for (let j = 0; j < cols; j++) {
      let sum = 0;
      for (let i = 0; i < rows; i++) sum += data[i * cols + j];
      const m = sum / rows;
      // Two passes (mean first, then squared deviations): accurate, like numpy.
      let squares = 0;
      for (let i = 0; i < rows; i++) squares += (data[i * cols + j] - m) ** 2;
      const s = Math.sqrt(squares / rows);
      if (!Number.isFinite(m) || !Number.isFinite(s)) {
        throw new Error(t`Standardizer.fit: ${this.columnName(j)} has a non-finite value. Hint: check the data with x.findNonFinite().`);
      }
      if (s === 0) {
        if (this.onZeroStd === "error") {
          throw new Error(
            t`Standardizer.fit: ${this.columnName(j)} has the same value (${m}) in all ${rows} training rows, so its std is 0 and standardising would divide by 0. Hint: drop the column, or use new Standardizer({ onZeroStd: "unitScale" }) to only centre it.`,
          );
        }
        std[j] = 1;
      } else std[j] = s;
      mean[j] = m;
    }
    this.stats = { mean, std };
    return this;
  }

  /** (x − mean) / std per column, with the statistics from `fit`. Returns a new matrix. */
  transform(x: Matrix): Matrix {
    const { mean, std } = this.fittedStats("transform");
    this.checkMatrix(x, "transform", true);
    return x.map((v, _i, j) => (v - mean[j]) / std[j]);
  }

  /** `fit(x)` then `transform(x)`: for the TRAINING set only. */
  fitTransform(x: Matrix): Matrix {
    return this.fit(x).transform(x);
  }

  /** z · std + mean per column: back to the original units. Returns a new matrix. */
  inverseTransform(z: Matrix): Matrix {
    const { mean, std } = this.fittedStats("inverseTransform");
    this.checkMatrix(z, "inverseTransform", true);
    return z.map((v, _i, j) => v * std[j] + mean[j]);
  }

  private fittedStats(what: string): { mean: Float64Array; std: Float64Array } {
    if (this.stats === undefined) {
      throw new Error(t`Standardizer.${what}: not fitted yet. Hint: call fit(xTrain) first, on the training set only.`);
    }
    return this.stats;
  }

  private columnName(j: number): string {
    const name = this.names?.[j];
    return name === undefined ? `column ${j}` : `column ${j} ("${name}")`;
  }

  private checkMatrix(x: Matrix, what: string, fitted: boolean): void {
    if (!(x instanceof Matrix)) {
      throw new Error(t`Standardizer.${what}: expected a Matrix (n × features), got ${x === null ? "null" : typeof x}.`);
    }
    if (this.names !== undefined && !fitted && this.names.length !== x.cols) {
      throw new Error(
        t`Standardizer.${what}: x has ${x.cols} columns but ${this.names.length} names were given (${this.names.join(", ")}).`,
      );
    }
    if (fitted && this.stats !== undefined && x.cols !== this.stats.mean.length) {
      throw new Error(
        t`Standardizer.${what}: x is ${shapeOf(x)} but the standardizer was fitted on ${this.stats.mean.length} columns. Hint: pass the same features, in the same order, as to fit.`,
      );
    }
  }
}

/**
 * Standardises a training set and, with the TRAINING statistics, a test set:
 *
 * ```ts
 * const { train: xTrain, test: xTest, scaler } = standardize(boston.train.x, boston.test.x);
 * ```
 */
export function standardize(
  train: Matrix,
  test: Matrix,
  options: StandardizerOptions = {},
): { train: Matrix; test: Matrix; scaler: Standardizer } {
  const scaler = new Standardizer(options).fit(train);
  return { train: scaler.transform(train), test: scaler.transform(test), scaler };
}
