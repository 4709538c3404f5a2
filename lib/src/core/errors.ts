/**
 * What the library's error messages share: `NonFiniteError` for a NaN or ±Infinity found where a
 * finite number must be, and `describeValue` for naming what a student passed instead of what was
 * expected ("got an array of length 3").
 */

/**
 * A NaN or ±Infinity where a finite number must be (a matrix entry, a softmax input, an autograd
 * result). `Sequential.fit` turns it into `TrainingDivergedError` when it happens while training.
 */
export class NonFiniteError extends Error {
  override readonly name = "NonFiniteError";
  /** The offending number (NaN, Infinity or -Infinity). */
  readonly value: number;

  constructor(message: string, value: number) {
    super(message);
    this.value = value;
  }
}

/**
 * A short description of any value for an error message: `null`, `an array of length 3`,
 * `a 2 × 3 Matrix`, `an object (Object)`, `number NaN`, `string relu`, `nothing (undefined)`.
 */
export function describeValue(v: unknown): string {
  if (v === undefined) return "nothing (undefined)";
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (isMatrixLike(v)) return `a ${v.rows} × ${v.cols} Matrix`;
  if (typeof v === "object") return `an object (${(v as object).constructor?.name ?? "Object"})`;
  return `${typeof v} ${String(v)}`;
}

/**
 * `describeValue` for a field of a saved config or model file: a missing field is "nothing (the
 * field is missing)" and a string is quoted (`string "4"`), so a number written as text stands out.
 */
export function describeField(v: unknown): string {
  if (v === undefined) return "nothing (the field is missing)";
  if (typeof v === "string") return `string ${JSON.stringify(v)}`;
  return describeValue(v);
}

/** A Matrix (rows, cols and Float64 data), recognised without importing core/matrix.ts, which imports this module. */
function isMatrixLike(v: unknown): v is { rows: number; cols: number } {
  const m = v as { rows?: unknown; cols?: unknown; data?: unknown };
  return typeof v === "object" && v !== null && typeof m.rows === "number" && typeof m.cols === "number" && m.data instanceof Float64Array;
}
