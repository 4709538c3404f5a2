/**
 * The Boston housing data (Harrison & Rubinfeld 1978; lecture 004, notebook 05): 506 census
 * tracts of the Boston area, 13 features, and the target MEDV, the median value of
 * owner-occupied homes in $1000s. Split exactly as `keras.datasets.boston_housing.load_data()`
 * does: 404 training and 102 test rows, in Keras' order.
 *
 * Files: `data/boston_housing.csv` (from Debian's python3-sklearn) and `data/boston_split.json`
 * (Keras' shuffle with seed 113, made by `scripts/make-boston-split.py`). Provenance, column
 * units and a note on the feature B (it encodes race) in `data/README.md`.
 */
import { Matrix } from "../core/matrix";
import { type DataFrame, danfo } from "./tables";
import { csvNumber, readDataCsv, readDataText } from "./csv";

/** The 13 features, in the CSV's (and Keras') column order. */
export const BOSTON_FEATURES = [
  "CRIM",
  "ZN",
  "INDUS",
  "CHAS",
  "NOX",
  "RM",
  "AGE",
  "DIS",
  "RAD",
  "TAX",
  "PTRATIO",
  "B",
  "LSTAT",
] as const;

/** The name of one Boston housing feature. */
export type BostonFeature = (typeof BOSTON_FEATURES)[number];

/** The target column: median value of owner-occupied homes, in $1000s. */
export const BOSTON_TARGET = "MEDV";

/** One part of the split. */
export interface BostonPart {
  /** Features, one row per tract: n × 13, raw (NOT standardised), columns as `featureNames`. */
  x: Matrix;
  /** Targets MEDV in $1000s: n × 1, raw. Never standardised, so predictions need no "de-normalising". */
  y: Matrix;
  /** Row numbers in `data/boston_housing.csv` (0-based data rows), in Keras' order. */
  rows: number[];
}

/** What `loadBostonHousing()` returns. */
export interface BostonHousing {
  /** 404 tracts: Keras' `(train_data, train_targets)`. */
  train: BostonPart;
  /** 102 tracts: Keras' `(test_data, test_targets)`. */
  test: BostonPart;
  /** The 13 feature names, the column order of every `x`. */
  featureNames: BostonFeature[];
  /** `"MEDV"`, in $1000s. */
  targetName: typeof BOSTON_TARGET;
}

/** The same data as danfojs DataFrames, added by `loadBostonHousing({ frames: true })`. */
export interface BostonFrames {
  /** All 506 rows, in the CSV's order, 14 columns (13 features and MEDV); index 0…505. */
  frame: DataFrame;
  /** The 404 training rows in Keras' order; the index labels are the CSV row numbers. */
  trainFrame: DataFrame;
  /** The 102 test rows in Keras' order; the index labels are the CSV row numbers. */
  testFrame: DataFrame;
}

/** Options of `loadBostonHousing`. */
export interface BostonOptions {
  /** Also return DataFrames (`frame`, `trainFrame`, `testFrame`); loads danfojs (about 1.5 s). */
  frames?: boolean;
}

const CSV_FILE = "boston_housing.csv";
const SPLIT_FILE = "boston_split.json";
const ROWS = 506;

/**
 * The Boston housing data with Keras' train/test split (404/102, seed 113):
 *
 * ```ts
 * const boston = loadBostonHousing();
 * boston.train.x;   // 404 × 13 Matrix, raw features
 * boston.train.y;   // 404 × 1 Matrix, MEDV in $1000s
 * boston.test.x;    // 102 × 13
 * const scaler = new Standardizer({ names: boston.featureNames }).fit(boston.train.x);
 * ```
 *
 * Standardise the FEATURES with the training set's statistics (`Standardizer`). The targets
 * stay in $1000s: a model trained on them predicts $1000s directly.
 * With `{ frames: true }` it also returns the data as DataFrames (for `showTable`).
 */
export function loadBostonHousing(options: BostonOptions & { frames: true }): BostonHousing & BostonFrames;
export function loadBostonHousing(options?: BostonOptions): BostonHousing & Partial<BostonFrames>;
export function loadBostonHousing(options: BostonOptions = {}): BostonHousing & Partial<BostonFrames> {
  const { features, targets } = readBostonCsv();
  const split = readBostonSplit();
  const part = (rows: number[]): BostonPart => ({
    x: new Matrix(rows.length, BOSTON_FEATURES.length, rows.flatMap((r) => features[r])),
    y: new Matrix(rows.length, 1, rows.map((r) => targets[r])),
    rows: [...rows],
  });
  const result: BostonHousing & Partial<BostonFrames> = {
    train: part(split.train),
    test: part(split.test),
    featureNames: [...BOSTON_FEATURES],
    targetName: BOSTON_TARGET,
  };
  if (options.frames === true) {
    const dfd = danfo();
    const columns = [...BOSTON_FEATURES, BOSTON_TARGET];
    const table = features.map((row, r) => [...row, targets[r]]);
    const frameOf = (rows: number[]) => new dfd.DataFrame(rows.map((r) => table[r]), { columns, index: rows });
    result.frame = new dfd.DataFrame(table, { columns });
    result.trainFrame = frameOf(split.train);
    result.testFrame = frameOf(split.test);
  }
  return result;
}

/** The 506 rows of the CSV: 13 features and the target each, checked. */
function readBostonCsv(): { features: number[][]; targets: number[] } {
  const rows = readDataCsv(CSV_FILE);
  if (rows.length !== ROWS) {
    throw new Error(`${CSV_FILE}: expected ${ROWS} data rows, found ${rows.length}. Hint: restore the file from git.`);
  }
  const header = Object.keys(rows[0]);
  const expected = [...BOSTON_FEATURES, BOSTON_TARGET];
  if (header.join(",") !== expected.join(",")) {
    throw new Error(`${CSV_FILE}: expected the columns ${expected.join(", ")}, found ${header.join(", ")}.`);
  }
  return {
    features: rows.map((row) => BOSTON_FEATURES.map((name) => csvNumber(row, name, CSV_FILE))),
    targets: rows.map((row) => csvNumber(row, BOSTON_TARGET, CSV_FILE)),
  };
}

/** Keras' split: disjoint train and test row numbers covering 0…505. */
function readBostonSplit(): { train: number[]; test: number[] } {
  const json: unknown = JSON.parse(readDataText(SPLIT_FILE));
  const { train, test } = (json ?? {}) as { train?: unknown; test?: unknown };
  const isIndexList = (v: unknown): v is number[] =>
    Array.isArray(v) && v.every((i) => Number.isInteger(i) && i >= 0 && i < ROWS);
  if (!isIndexList(train) || !isIndexList(test) || new Set([...train, ...test]).size !== ROWS || train.length + test.length !== ROWS) {
    throw new Error(
      `${SPLIT_FILE}: expected "train" and "test" lists of row numbers 0…${ROWS - 1} that together hold each row once. ` +
        `Hint: restore the file from git, or regenerate it with /usr/bin/python3 scripts/make-boston-split.py.`,
    );
  }
  return { train, test };
}
