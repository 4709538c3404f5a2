/**
 * Checking what students pass to the figure builders.
 *
 * Every check throws an `Error` whose message names the builder, the argument, the bad value or
 * shape, and a hint, e.g.
 * `heatmap: "z" is ragged: row 2 has 3 values but row 0 has 4. Hint: every row of a matrix must have the same length.`
 */
import { describeValue } from "../core/errors";
import { t } from "../core/i18n";

/** A matrix for plotting: a `number[][]` or anything with `toArray()` (e.g. the course's `Matrix`). */
export type MatrixLike = ReadonlyArray<ReadonlyArray<number>> | { toArray(): number[][] };

/** A list of numbers: a plain array or a typed array. */
export type NumberList = ReadonlyArray<number> | Float64Array | Float32Array;

/**
 * Converts a list of numbers to a plain `number[]`, checking it is non-empty and finite.
 * `allowEmpty` lets a live plot start with no points.
 */
export function toNumbers(value: unknown, builder: string, what: string, allowEmpty = false): number[] {
  if (!(Array.isArray(value) || value instanceof Float64Array || value instanceof Float32Array)) {
    throw new Error(t`${builder}: "${what}" must be an array of numbers, got ${describeValue(value)}.`);
  }
  const out = Array.from(value as ArrayLike<unknown>);
  if (out.length === 0 && !allowEmpty) {
    throw new Error(t`${builder}: "${what}" is empty. Hint: a plot needs at least one value.`);
  }
  out.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(
        t`${builder}: "${what}"[${i}] is ${typeof v === "number" ? String(v) : describeValue(v)}, not a finite number. Hint: NaN usually comes from 0/0, log of a negative number or an exploding training run.`,
      );
    }
  });
  return out as number[];
}

/**
 * Converts a `MatrixLike` to rows (`number[][]`), checking it is non-empty, rectangular and finite.
 */
export function toRows(value: unknown, builder: string, what: string): number[][] {
  let rows: unknown = value;
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const maybe = value as { toArray?: unknown };
    if (typeof maybe.toArray !== "function") {
      throw new Error(
        t`${builder}: "${what}" must be a number[][] or a Matrix (something with toArray()), got ${describeValue(value)}.`,
      );
    }
    rows = (maybe.toArray as () => unknown).call(value);
  }
  if (!Array.isArray(rows)) {
    throw new Error(t`${builder}: "${what}" must be a number[][] or a Matrix, got ${describeValue(value)}.`);
  }
  if (rows.length === 0) {
    throw new Error(t`${builder}: "${what}" has no rows. Hint: a matrix plot needs at least a 1x1 matrix.`);
  }
  const out: number[][] = [];
  let width = -1;
  rows.forEach((row: unknown, i: number) => {
    if (!(Array.isArray(row) || row instanceof Float64Array || row instanceof Float32Array)) {
      throw new Error(
        t`${builder}: "${what}"[${i}] is ${describeValue(row)}, not a row of numbers. Hint: pass a 2-D array (a list of rows), e.g. [[1, 2], [3, 4]].`,
      );
    }
    const r = Array.from(row as ArrayLike<unknown>);
    if (width === -1) width = r.length;
    if (r.length !== width) {
      throw new Error(
        t`${builder}: "${what}" is ragged: row ${i} has ${r.length} values but row 0 has ${width}. Hint: every row of a matrix must have the same length.`,
      );
    }
    r.forEach((v, j) => {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new Error(
          t`${builder}: "${what}"[${i}][${j}] is ${typeof v === "number" ? String(v) : describeValue(v)}, not a finite number (shape ${rows instanceof Array ? rows.length : "?"}x${width}).`,
        );
      }
    });
    out.push(r as number[]);
  });
  if (width === 0) {
    throw new Error(t`${builder}: "${what}" has rows of length 0. Hint: a matrix plot needs at least a 1x1 matrix.`);
  }
  return out;
}

/** Throws unless `a` and `b` have the same length. */
export function checkSameLength(
  builder: string,
  aName: string,
  a: ArrayLike<unknown>,
  bName: string,
  b: ArrayLike<unknown>,
): void {
  if (a.length !== b.length) {
    throw new Error(
      t`${builder}: "${aName}" has ${a.length} values but "${bName}" has ${b.length}. Hint: pass one ${aName} value for every ${bName} value.`,
    );
  }
}

/** `n` evenly spaced numbers from `start` to `stop` inclusive (like numpy's linspace). */
export function linspace(start: number, stop: number, n: number): number[] {
  if (!Number.isInteger(n) || n < 2) {
    throw new Error(t`linspace: n must be an integer >= 2, got ${n}.`);
  }
  if (!Number.isFinite(start) || !Number.isFinite(stop)) {
    throw new Error(t`linspace: start and stop must be finite numbers, got ${start} and ${stop}.`);
  }
  const step = (stop - start) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? stop : start + i * step));
}
